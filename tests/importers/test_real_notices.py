"""Notices modelled on real provincial, district and Party notices (``tests/notices/real``: each
.txt names its model's address on its first line, and its .json lists the units the notice's own
level has, so the directory is the notice's, not the Giao Thủy demo's). ``r1`` and ``r2`` were
read while the reader was being fixed; ``r3`` to ``r12`` were written afterwards and measured
before any tuning on them: their scores are pinned so that they can only go up."""

import json
from pathlib import Path
from typing import Any

import pytest

from directives.importers.notice import extract
from directives.importers.unit_names import UnitDirectory, UnitRecord

REAL = Path(__file__).parents[1] / "notices" / "real"
CASES = sorted(REAL.glob("*.txt"))
HELD_OUT = {"r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12"}


def name(path: Path) -> str:
    """The notice's short name: "r10" for r10-ubnd-huyen-….txt."""
    return path.stem.split("-")[0]


def directory_of(expected: dict[str, Any]) -> UnitDirectory:
    """The notice's own units (name, short name, kind) as a directory."""
    return UnitDirectory(
        [UnitRecord(id=index, **unit) for index, unit in enumerate(expected["units"], start=1)]
    )


def score(path: Path) -> tuple[dict[str, int], int, dict[str, Any]]:
    """How many tasks have their leads, their supports, their deadline right (by position)."""
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").split("\n")
    text = "\n".join(line for line in lines if not line.startswith("# "))
    found = extract(text, directory_of(expected)).as_json()
    right = {"leads": 0, "support": 0, "deadline": 0}
    for want, got in zip(expected["tasks"], found["tasks"], strict=False):
        right["leads"] += sorted(got["leads"]) == sorted(want["leads"])
        right["support"] += sorted(got["support"]) == sorted(want["support"])
        right["deadline"] += got["deadline"] == want["deadline"]
    assert found["document"] == expected["document"]
    return right, len(expected["tasks"]), found


def test_every_real_notice_names_its_model() -> None:
    assert len(CASES) >= 4
    for path in CASES:
        assert path.read_text(encoding="utf-8").startswith("# Mẫu: http")


@pytest.mark.parametrize("path", [p for p in CASES if name(p) not in HELD_OUT], ids=str)
def test_the_notices_read_while_fixing_come_out_right(path: Path) -> None:
    right, total, _ = score(path)
    assert right == {"leads": total, "support": total, "deadline": total}


def _totals(stems: set[str]) -> dict[str, int]:
    totals = {"leads": 0, "support": 0, "deadline": 0}
    for path in CASES:
        if name(path) in stems:
            right, _, _ = score(path)
            totals = {key: totals[key] + right[key] for key in totals}
    return totals


def test_the_second_held_out_pair_scores_at_least_as_measured() -> None:
    """r5 and r6 (commune level), written later still: main's reader and the branch's both had
    5, 9 and 9 of 9 tasks with their leads, supports and deadline right when they were written.
    Their misses (groups as subjects, "Trưởng các thôn", a group's "chính trị - xã hội" tail)
    were then fixed: 9, 9 and 9 since."""
    totals = _totals({"r5", "r6"})
    assert totals["leads"] >= 9
    assert totals["support"] >= 9
    assert totals["deadline"] >= 9


def test_the_held_out_notices_score_at_least_as_measured() -> None:
    """Measured on 30/11/2026 when they were written, before any tuning on them: main's reader
    had 1, 9 and 8 of 11 tasks with their leads, supports and deadline right; the branch's, 5, 9
    and 8. Classes the issue names then showed in them ("yêu cầu:" followed by subject-first
    clauses, an item opening with a topic, a group's tail) and were fixed: 11, 11 and 11 since."""
    totals = _totals({"r3", "r4"})
    assert totals["leads"] >= 11
    assert totals["support"] >= 11
    assert totals["deadline"] >= 11


THIRD_PAIR = {"r7", "r8", "r9", "r10"}


def test_the_third_held_out_set_scores_at_least_as_measured() -> None:
    """r7 to r10 (two letters of Ý kiến chỉ đạo with no meeting, one with its date only in the
    signature block; a provincial conclusion; a district letter with no date at all), written
    from their models before the reader ran on them: 6, 6 and 6 of 6 tasks with their leads,
    supports and deadline right, and every document (number, date or none, issuer) right."""
    totals = _totals(THIRD_PAIR)
    assert totals == {"leads": 6, "support": 6, "deadline": 6}


@pytest.mark.parametrize("path", [p for p in CASES if name(p) in THIRD_PAIR], ids=str)
def test_a_restatement_or_a_partner_less_phoi_hop_is_not_a_task_of_its_own(path: Path) -> None:
    """Measured first: r7 gave a second task for its closing "Chủ tịch UBND tỉnh yêu cầu Giám
    đốc Sở … khẩn trương triển khai thực hiện" (the same unit, no new work), and "phối hợp và tổ
    chức thực hiện" lost its "phối hợp" from the task's text. Neither happens since."""
    _, total, found = score(path)
    assert len(found["tasks"]) == total
    assert all(not task["text"].startswith("Và ") for task in found["tasks"])


def test_the_post_2025_commune_pair_scores_at_least_as_measured() -> None:
    """r11 and r12 (Party committees of communes formed in 2025), written before the reader ran
    on them: 4, 5 and 5 of 5 tasks right, and r11's issuer read as "Đảng bộ thành phố Hải Phòng
    Đảng ủy Xã An Quang" (a centrally-run city's Party committee above a commune was not dropped
    as a parent; r12's "Các đoàn thể xã" kept the capital of the sentence). Both classes were
    fixed: 5, 5 and 5 since, and both documents right."""
    for path in CASES:
        if name(path) in {"r11", "r12"}:
            score(path)  # the document is right, or this raises
    assert _totals({"r11", "r12"}) == {"leads": 5, "support": 5, "deadline": 5}
