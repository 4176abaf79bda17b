"""Issue 13's "Done when", end to end, through the command line as a new office types it: a
province (init-db, the first admin, the 2025 catalog → workbook → import, departments and former
units from a second units workbook, a real notice read and saved, a year of 2025 tasks and
backdated updates imported today) and a commune (villages and organizations from a units
workbook, one conclusion to "các thôn, tổ dân phố"). Checked: the pages' wording, the two
breakdowns adding up to the overview, and 2025's quarterly figures against counts made by hand
(both engines)."""

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from click.testing import Result
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from directives.cli import app
from directives.db import make_engine, session_scope
from directives.domain import kinds_of
from directives.models import Assignment, Bloc, Conclusion, Status, Task, Unit, UnitKind, User
from directives.queries.cache import FIGURES
from directives.queries.overview import counts_by_unit, status_counts
from directives.queries.sheets import update_rows
from directives.queries.state import Filters
from directives.reports.unit_workbook import units_template
from directives.reports.workbooks import tasks_template
from directives.services import accounts, conclusions
from directives.services.conclusions import ConclusionInput, MeetingInput, TaskInput
from directives.status import Counts
from directives.ui.auth import TOKEN_KEY
from tests.dashboard.conftest import TIMEOUT_S, texts, token
from tests.databases import CHEAP_HASHER
from tests.factories import backdated_updates

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
REAL = Path(__file__).parent / "notices" / "real"
PASSWORD = "mat-khau-quan-tri-1"
DEMO_WORDS = re.compile(r"giao thủy|(?<!\w)huyện(?!\w)|215-TB/HU", re.IGNORECASE)

runner = CliRunner()


def cli(*args: str, input: str | None = None) -> Result:
    result = runner.invoke(app, list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, (args, result.output)
    return result


def first_admin(username: str) -> None:
    cli(
        "users", "add", username, "--role", "admin", "--full-name", "Nguyễn Văn A",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    cli(
        "users", "add", "lanhdao", "--role", "leader", "--full-name", "Lãnh đạo",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip


def import_units(path: Path, rows: list[dict[str, object]]) -> str:
    path.write_bytes(units_template(rows))
    return cli("units", "import", str(path), "--user", "quantri").output


@pytest.fixture
def office(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty database (migrated, no identity, no account) that the CLI and the pages use."""
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", db_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    FIGURES.clear()
    return db_url


# --- the province's year, small enough to count by hand ------------------------------------------

A, B = "Xã Hải Lăng", "Phường Đông Hà"
D1, D2 = "Sở Tài chính", "Sở Nông nghiệp và Môi trường"
ISSUED_2025 = date(2025, 1, 10)
TASKS_2025 = [  # seq, content, lead, support, deadline
    (1, "Rà soát hộ nghèo, hộ cận nghèo đầu năm 2025", A, D1, date(2025, 3, 15)),
    (2, "Hoàn thành cắm mốc địa giới hành chính", B, D2, date(2025, 6, 10)),
    (3, "Tổ chức ngày hội đại đoàn kết toàn dân tộc", A, D2, date(2025, 9, 20)),
    (4, "Tổng kết công tác chuyển đổi số năm 2025", B, D1, date(2025, 12, 15)),
    (5, "Kiểm tra an toàn hồ đập trước mùa mưa", A, D1, date(2025, 5, 15)),
    (6, "Tuyên truyền phòng, chống thiên tai", B, D2, None),
]


@dataclass(frozen=True)
class Change:
    seq: int
    unit: str
    happened_on: date
    status: Status
    progress: int = 0
    completed_on: date | None = None


YEAR = [
    Change(1, A, date(2025, 2, 10), Status.IN_PROGRESS, 40),
    Change(6, B, date(2025, 3, 1), Status.IN_PROGRESS, 20),
    Change(1, A, date(2025, 3, 12), Status.DONE, 100, date(2025, 3, 12)),
    Change(1, D1, date(2025, 4, 15), Status.DONE, 100, date(2025, 4, 12)),
    Change(2, B, date(2025, 5, 5), Status.IN_PROGRESS, 50),
    Change(5, A, date(2025, 5, 10), Status.DONE, 100, date(2025, 5, 10)),
    Change(2, D2, date(2025, 6, 1), Status.DONE, 100, date(2025, 6, 1)),
    Change(3, D2, date(2025, 7, 10), Status.PAUSED, 10),
    Change(2, B, date(2025, 8, 1), Status.DONE, 100, date(2025, 7, 30)),
    Change(3, A, date(2025, 9, 18), Status.DONE, 100, date(2025, 9, 18)),
    Change(4, B, date(2025, 10, 5), Status.IN_PROGRESS, 30),
    Change(5, D1, date(2025, 11, 20), Status.CANCELLED, 0),
]
"""Counted by hand, assignment by assignment (T1 A = task 1's lead, …), at each quarter's end:

| assignment | 31/03 | 30/06 | 30/09 | 31/12 |
| T1 A (due 15/03) | done on time | done on time | done on time | done on time |
| T1 D1 | overdue | done late | done late | done late |
| T2 B (due 10/06) | not started | overdue | done late | done late |
| T2 D2 | not started | done on time | done on time | done on time |
| T3 A (due 20/09) | not started | not started | done on time | done on time |
| T3 D2 | not started | not started | paused | paused |
| T4 B (due 15/12) | not started | not started | not started | overdue |
| T4 D1 | not started | not started | not started | overdue |
| T5 A (due 15/05) | not started | done on time | done on time | done on time |
| T5 D1 | not started | overdue | overdue | cancelled |
| T6 B (standing) | no deadline | no deadline | no deadline | no deadline |
| T6 D2 | no deadline | no deadline | no deadline | no deadline |
"""
QUARTERS = {
    date(2025, 3, 31): Counts(done_on_time=1, overdue=1, not_started=8, no_deadline=2),
    date(2025, 6, 30): Counts(done_on_time=3, done_late=1, overdue=2, not_started=4, no_deadline=2),
    date(2025, 9, 30): Counts(
        done_on_time=4, done_late=2, overdue=1, not_started=2, no_deadline=2, paused=1
    ),
    date(2025, 12, 31): Counts(
        done_on_time=4, done_late=2, overdue=2, no_deadline=2, paused=1, cancelled=1
    ),
}

DEPARTMENTS: list[dict[str, object]] = [
    {"name": D2, "short_name": "Sở NN&MT", "kind": "department"},
    {"name": "Sở Văn hóa, Thể thao và Du lịch", "short_name": "Sở VHTTDL", "kind": "department"},
    {"name": D1, "kind": "department"},
    {
        "name": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "kind": "organization",
        "bloc": Bloc.PARTY.value,
    },
    {"name": "Ủy ban MTTQ Việt Nam tỉnh", "kind": "organization", "bloc": Bloc.FRONT.value},
    # The notice of 2023 names units that were merged in 2025: they are kept for history.
    {
        "name": "Sở Nông nghiệp và Phát triển nông thôn",
        "short_name": "Sở NN&PTNT",
        "kind": "department",
        "valid_to": date(2025, 2, 28),
        "successor": D2,
    },
    {
        "name": "Sở Tài nguyên và Môi trường",
        "short_name": "Sở TN&MT",
        "kind": "department",
        "valid_to": date(2025, 2, 28),
        "successor": D2,
    },
    {
        "name": "Ủy ban nhân dân huyện Cam Lộ",
        "short_name": "UBND huyện Cam Lộ",
        "kind": "organization",
        "bloc": Bloc.GOVERNMENT.value,
        "valid_to": date(2025, 6, 30),
        "successor": "Xã Cam Lộ",
    },
]


def read_and_save_notice(tmp_path: Path, url: str) -> Conclusion:
    """r2 (UBND tỉnh Quảng Trị, 2023) read by ``directives extract`` and saved as reviewed: the
    names the reader knows kept (the intake page's default), the date and issuer from the
    header."""
    lines = (REAL / "r2-ubnd-tinh-chuyen-doi-rung.txt").read_text(encoding="utf-8").split("\n")
    notice = tmp_path / "6012-ubnd-kt.txt"
    notice.write_text("\n".join(line for line in lines if not line.startswith("# ")), "utf-8")
    proposal = json.loads(cli("extract", str(notice), "--json").output)
    document = proposal["document"]
    assert (document["number"], document["date"]) == ("6012/UBND-KT", "2023-11-14")
    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        known = set(session.exec(select(Unit.name)).all())
        admin = session.exec(select(User).where(User.username == "quantri")).one()
        items = [
            TaskInput(
                task["text"],
                tuple(n for n in task["leads"] if n in known),
                tuple(n for n in task["support"] if n in known),
                date.fromisoformat(task["deadline"]) if task["deadline"] else None,
            )
            for task in proposal["tasks"]
        ]
        assert [item.leads for item in items] == [
            ("Sở Nông nghiệp và Phát triển nông thôn",),
            ("Sở Tài nguyên và Môi trường",),
            ("Ủy ban nhân dân huyện Cam Lộ",),
        ]
        saved = conclusions.save_conclusion(
            session=session,
            actor=admin,
            meeting=None,  # a letter of directions
            conclusion=ConclusionInput(
                document["number"],
                date.fromisoformat(document["date"]),
                document["issuer"],
                document.get("title") or "Chuyển đổi mục đích sử dụng rừng",
            ),
            items=items,
        )
        session.expunge(saved)
    engine.dispose()
    return saved


def import_year(tmp_path: Path, url: str) -> int:
    """The 2025 tasks workbook, then one updates workbook of the year's changes, each with the
    day it happened, both imported today through the command line. Returns the conclusion."""
    rows = [
        {
            "meeting_title": "Hội nghị triển khai nhiệm vụ năm 2025",
            "held_on": date(2025, 1, 8),
            "conclusion_number": "05-TB/UBND",
            "issued_on": ISSUED_2025,
            "issuer": "UBND tỉnh Quảng Trị",
            "conclusion_title": "Kết luận hội nghị triển khai nhiệm vụ năm 2025",
            "task_seq": seq,
            "task_content": content,
            "leads": lead,
            "supports": support,
            "deadline": deadline,
            "field": "Tổng hợp",
        }
        for seq, content, lead, support, deadline in TASKS_2025
    ]
    tasks_file = tmp_path / "nhiem-vu-2025.xlsx"
    tasks_file.write_bytes(tasks_template(rows))
    cli("import", "tasks", str(tasks_file), "--user", "quantri")
    engine = make_engine(url)
    with session_scope(engine) as session:
        conclusion_id, ids = assignments_of(session, "05-TB/UBND")
        exported = update_rows(session, assignment_ids=sorted(ids.values()))
    engine.dispose()
    changes = [(ids[(change.seq, change.unit)], change) for change in YEAR]
    updates_file = tmp_path / "cap-nhat-2025.xlsx"
    updates_file.write_bytes(backdated_updates(exported, changes))
    cli("import", "updates", str(updates_file), "--user", "quantri")
    return conclusion_id


def assignments_of(session: Session, number: str) -> tuple[int, dict[tuple[int, str], int]]:
    conclusion = session.exec(select(Conclusion).where(Conclusion.number == number)).one()
    rows = session.exec(
        select(Task.seq, Unit.name, Assignment.id)
        .join(Assignment, Assignment.task_id == Task.id)  # type: ignore[arg-type]
        .join(Unit, Unit.id == Assignment.unit_id)  # type: ignore[arg-type]
        .where(Task.conclusion_id == conclusion.id)
    ).all()
    assert conclusion.id is not None
    return conclusion.id, {(seq, name): int(aid) for seq, name, aid in rows if aid is not None}


# --- checks ------------------------------------------------------------------------------------


def check_breakdowns(url: str, as_of: date) -> int:
    """Every assignment on exactly one of the two breakdown pages; they add up to the overview."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        filters = Filters(as_of=as_of)
        total = status_counts(session, filters).total
        parts = [
            counts_by_unit(session, Filters(as_of=as_of, unit_kinds=kinds_of(part)))
            for part in ("local", "organizations")
        ]
        assigned = len(session.exec(select(Assignment.id)).all())
    engine.dispose()
    local, organizations = (int(part["total"].sum()) for part in parts)
    assert local > 0 and organizations > 0
    assert local + organizations == total == assigned
    assert not set(parts[0]["unit_id"]) & set(parts[1]["unit_id"])
    return total


FORMER = ("Ủy ban nhân dân huyện Cam Lộ", "UBND huyện Cam Lộ")
"""A former unit's own name (the notice of 2023 names it; its work is still open) is data, not
the product's wording: it may show in a table."""


def demo_words(text: str) -> list[str]:
    for name in FORMER:
        text = text.replace(name, "")
    return sorted({match.group(0) for match in DEMO_WORDS.finditer(text)})


def rendered_pages(url: str) -> dict[str, tuple[str, str]]:
    """The overview and the local units' page as a leader sees them: title and every text.
    The pages' own words do not depend on the engine, but what they read does: both engines."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state[TOKEN_KEY] = token(url, "lanhdao")
    at.run()
    pages = {}
    for path in ("views/overview.py", "views/communes.py"):
        at.switch_page(path).run()
        assert not at.exception, [e.value for e in at.exception]
        text = "\n".join([*texts(at.main), *texts(at.sidebar)])
        pages[path] = (at.title[0].value if at.title else "", text)
    st.cache_resource.clear()
    return pages


def test_a_province_from_the_first_day(office: str, tmp_path: Path) -> None:
    cli(
        "init-db", "--level", "tinh",
        "--issuer", "UBND tỉnh Quảng Trị", "--issuer", "Tỉnh ủy Quảng Trị",
    )  # fmt: skip
    first_admin("quantri")
    catalog = tmp_path / "don-vi.xlsx"
    assert (
        "78 đơn vị" in cli("units", "catalog", "--province", "Quảng Trị", "-o", str(catalog)).output
    )
    assert "78 đơn vị mới" in cli("units", "import", str(catalog), "--user", "quantri").output
    output = import_units(tmp_path / "so-ban-nganh.xlsx", DEPARTMENTS)
    assert "8 đơn vị mới" in output, output
    notice = read_and_save_notice(tmp_path, office)
    conclusion_id = import_year(tmp_path, office)

    # 2025's quarterly figures are the ones counted by hand.
    engine = make_engine(office)
    with session_scope(engine) as session:
        for end, expected in QUARTERS.items():
            found = status_counts(session, Filters(as_of=end, conclusion_id=conclusion_id))
            assert found == expected, end
            reported = Filters(as_of=end, conclusion_id=conclusion_id, basis="reported")
            assert status_counts(session, reported).done == 0, "by the reports, nothing yet"
        # The notice's open work of the former district's committee is its successor's today.
        today = Filters(as_of=date(2026, 11, 30), units_as_of=date(2026, 11, 30))
        names = set(counts_by_unit(session, today)["unit_name"])
        assert "Xã Cam Lộ" in names and "Ủy ban nhân dân huyện Cam Lộ" not in names
    engine.dispose()

    total = check_breakdowns(office, date(2025, 12, 31))
    assert total == 12 + 5, "the year's 12 assignments and the notice's 5"
    assert notice.number == "6012/UBND-KT"

    pages = rendered_pages(office)
    assert pages["views/communes.py"][0] == "Theo xã, phường, đặc khu"
    for path, (_, text) in pages.items():
        assert "xã, phường, đặc khu" in text or path == "views/overview.py"
        assert demo_words(text) == [], path


VILLAGES = ("Thôn Câu Nhi", "Thôn Mỹ Chánh", "Tổ dân phố Diên Sanh")
COMMUNE_UNITS: list[dict[str, object]] = [
    *({"name": name, "kind": UnitKind.VILLAGE.value} for name in VILLAGES),
    {"name": "Công an xã Hải Lăng", "kind": "organization", "bloc": Bloc.ARMED.value},
    {"name": "Hội Nông dân xã Hải Lăng", "kind": "organization", "bloc": Bloc.FRONT.value},
    {
        "name": "Ủy ban MTTQ Việt Nam xã Hải Lăng",
        "short_name": "MTTQ xã",
        "kind": "organization",
        "bloc": Bloc.FRONT.value,
    },
    {
        "name": "Văn phòng HĐND và UBND xã",
        "kind": "organization",
        "bloc": Bloc.GOVERNMENT.value,
    },
]


def test_a_commune_from_the_first_day(office: str, tmp_path: Path) -> None:
    cli(
        "init-db", "--level", "xa",
        "--issuer", "Đảng ủy xã Hải Lăng", "--issuer", "UBND xã Hải Lăng",
    )  # fmt: skip
    first_admin("quantri")
    output = import_units(tmp_path / "thon-to-chuc.xlsx", COMMUNE_UNITS)
    assert "7 đơn vị mới" in output, output
    engine = make_engine(office)
    with session_scope(engine, write=True) as session:
        admin = session.exec(select(User).where(User.username == "quantri")).one()
        saved = conclusions.save_conclusion(
            session=session,
            actor=admin,
            meeting=MeetingInput("Hội nghị Ban Chấp hành Đảng bộ xã tháng 3", date(2026, 3, 5)),
            conclusion=ConclusionInput(
                "12-TB/ĐU", date(2026, 3, 10), "Đảng ủy xã Hải Lăng", "Kết luận hội nghị tháng 3"
            ),
            items=[
                TaskInput(
                    "Vận động nhân dân hiến đất làm đường giao thông nông thôn.",
                    ("các thôn, tổ dân phố",),
                    ("Hội Nông dân xã Hải Lăng",),
                    date(2026, 6, 30),
                ),
                TaskInput(
                    "Bảo đảm an ninh trật tự dịp lễ hội.",
                    ("Công an xã Hải Lăng",),
                    ("các thôn, tổ dân phố",),
                    date(2026, 12, 1),
                ),
            ],
        )
        given = session.exec(
            select(Unit.name)
            .join(Assignment, Assignment.unit_id == Unit.id)  # type: ignore[arg-type]
            .join(Task, Task.id == Assignment.task_id)  # type: ignore[arg-type]
            .where(Task.conclusion_id == saved.id, Task.seq == 1)
        ).all()
    engine.dispose()
    assert sorted(given) == sorted([*VILLAGES, "Hội Nông dân xã Hải Lăng"]), "the group expanded"

    assert check_breakdowns(office, date(2026, 11, 30)) == 4 + 4

    pages = rendered_pages(office)
    title, text = pages["views/communes.py"]
    assert title == "Theo thôn, tổ dân phố"
    assert all(name in text for name in VILLAGES)
    for path, (_, text) in pages.items():
        assert demo_words(text) == [], path
