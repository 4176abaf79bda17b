"""Reading conclusion notices into proposed tasks: the demo's notice, the notices in
``tests/notices`` (each with its expected extraction), every deadline and assignee form, the
command line, and property tests that no input crashes the reader."""

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfWriter
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from directives.cli import app
from directives.db import make_engine
from directives.demo import plan
from directives.importers.deadlines import find_deadlines
from directives.importers.documents import read_text
from directives.importers.notice import WARNING_ORDER, extract
from directives.importers.unit_names import UnitDirectory
from directives.models import Unit
from directives.services.errors import InvalidInput
from tests.fuzz import fuzz

READER_ONLY = "the notice reader works on unit records read once; no engine changes them"

NOTICES = Path(__file__).parent / "notices"
DEMO_NOTICE = Path(plan.__file__).parent / "thong-bao-ket-luan.txt"
CANONICAL = {plan.COMMUNES: "các xã, thị trấn", plan.FRONT: "MTTQ và các đoàn thể"}


@pytest.fixture(scope="module")
def units(demo_template: str) -> Iterator[list[Unit]]:
    engine = make_engine(demo_template)
    with Session(engine) as session:
        rows = list(session.exec(select(Unit).order_by(col(Unit.id))).all())
        session.expunge_all()
    engine.dispose()
    yield rows


def directory(units: list[Unit], on: date | None = date(2021, 1, 12)) -> UnitDirectory:
    return UnitDirectory(units, on)


def read(units: list[Unit], text: str, issued: date | None = None) -> list[dict[str, object]]:
    first = extract(text, directory(units, issued), issued=issued)
    proposal = extract(text, directory(units, issued or first.document.date), issued=issued)
    tasks: list[dict[str, object]] = proposal.as_json()["tasks"]
    return tasks


# --- the demo's notice -------------------------------------------------------------------------


def test_the_demo_notice_comes_out_as_the_demo_tasks(units: list[Unit]) -> None:
    proposal = extract(DEMO_NOTICE.read_text(encoding="utf-8"), directory(units))
    assert proposal.document.number == plan.CONCLUSION["number"]
    assert proposal.document.date == plan.CONCLUSION["issued_on"]
    assert proposal.document.issuer == plan.CONCLUSION["issuer"]
    assert proposal.document.held_on == plan.MEETING["held_on"]
    assert proposal.document.meeting == plan.MEETING["title"]
    by_slug = {unit.slug: unit.name for unit in units}

    def names(slugs: tuple[str, ...]) -> list[str]:
        return [CANONICAL.get(slug) or by_slug[slug] for slug in slugs]

    assert len(proposal.tasks) == len(plan.TASKS)
    for found, planned in zip(proposal.tasks, plan.TASKS, strict=True):
        assert found.text == planned.content, planned.seq
        assert [n.name for n in found.leads] == names(planned.leads), planned.seq
        assert [n.name for n in found.supports] == names(planned.supports), planned.seq
        assert found.deadline == planned.deadline, planned.seq
        assert found.warnings == [], planned.seq
        assert all(named.known for named in found.leads + found.supports)


# --- the notices of tests/notices ----------------------------------------------------------------

CASES = sorted(NOTICES.glob("*.txt"))


def test_there_are_at_least_fifteen_notices_in_both_styles() -> None:
    assert len(CASES) >= 15
    numbers = [json.loads(p.with_suffix(".json").read_text())["document"]["number"] for p in CASES]
    assert sum("-TB/" in n for n in numbers) >= 6  # Party: 45-TB/HU
    assert sum("/TB-" in n for n in numbers) >= 6  # state: 120/TB-UBND


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_each_notice_gives_its_expected_tasks(units: list[Unit], path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    first = extract(text, directory(units, None))
    proposal = extract(text, directory(units, first.document.date))
    found = proposal.as_json()
    assert found["document"] == expected["document"]
    got = [
        {
            "text": task["text"],
            "leads": task["leads"],
            "support": task["support"],
            "deadline": task["deadline"],
            "warnings": task["warning_codes"],
        }
        for task in found["tasks"]
    ]
    assert got == expected["tasks"]


# --- forms, one at a time ----------------------------------------------------------------------

HEADER = (
    "HUYỆN ỦY GIAO THỦY          ĐẢNG CỘNG SẢN VIỆT NAM\n"
    "Số 99-TB/HU                 Giao Thủy, ngày 15 tháng 3 năm 2021\n\nTHÔNG BÁO\n"
    "Kết luận của Thường trực Huyện ủy\n\nThường trực Huyện ủy kết luận như sau:\n\n"
)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("trước ngày 10/12/2021", date(2021, 12, 10)),
        ("trước 14 giờ, ngày 05/12/2021", date(2021, 12, 5)),
        ("trước 8 giờ 30 phút ngày 20/4/2021", date(2021, 4, 20)),
        ("chậm nhất ngày 20 tháng 5 năm 2021", date(2021, 5, 20)),
        ("trong tháng 3/2022", date(2022, 3, 31)),
        ("trong tháng 2 năm 2024", date(2024, 2, 29)),
        ("trong quý II năm 2021", date(2021, 6, 30)),
        ("hoàn thành quý III.2021", date(2021, 9, 30)),
        ("quý IV/2021", date(2021, 12, 31)),
        ("trước tháng 5.2021", date(2021, 4, 30)),
        ("trong 6 tháng đầu năm", date(2021, 6, 30)),
        ("trong 6 tháng cuối năm 2022", date(2022, 12, 31)),
        ("trong 9 tháng đầu năm", date(2021, 9, 30)),
        ("từ ngày 01/4/2021 đến ngày 15/4/2021", date(2021, 4, 15)),
        ("trong năm 2021", date(2021, 12, 31)),
        ("trước ngày 30/6", date(2021, 6, 30)),
        ("thực hiện thường xuyên", None),
    ],
)
def test_deadline_forms(phrase: str, expected: date | None) -> None:
    found = find_deadlines(f"Tổ chức kiểm tra, {phrase}.", 2021)
    assert [d.day for d in found] == [expected]
    assert found[0].problem is None


def test_a_date_in_a_reference_is_not_a_deadline() -> None:
    assert (
        find_deadlines("Thực hiện Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Trung ương", 2021) == []
    )


def test_an_impossible_date_is_flagged_not_guessed(units: list[Unit]) -> None:
    [task] = read(
        units, HEADER + "1. Giao Phòng Y tế kiểm tra; hoàn thành trước ngày 31/02/2021.\n"
    )
    assert task["deadline"] is None
    assert task["warning_codes"] == ["bad_date"]
    assert "31/02/2021" in str(task["warnings"])


def test_a_deadline_before_the_notice_is_flagged(units: list[Unit]) -> None:
    [task] = read(units, HEADER + "1. Giao Phòng Y tế kiểm tra; hoàn thành trước ngày 10/3/2021.\n")
    assert task["deadline"] == "2021-03-10"
    assert task["warning_codes"] == ["deadline_before_issue"]


def test_several_assignees_in_one_sentence_make_one_task_each(units: list[Unit]) -> None:
    tasks = read(
        units,
        HEADER + "1. Giao Phòng Tài chính - Kế hoạch tham mưu bố trí kinh phí; Phòng Nội vụ "
        "hướng dẫn quy trình; Thanh tra huyện theo dõi, đôn đốc; hoàn thành trong quý II "
        "năm 2021.\n",
    )
    assert [t["leads"] for t in tasks] == [
        ["Phòng Tài chính - Kế hoạch"],
        ["Phòng Nội vụ"],
        ["Thanh tra huyện"],
    ]
    assert [t["text"] for t in tasks] == [
        "Tham mưu bố trí kinh phí",
        "Hướng dẫn quy trình",
        "Theo dõi, đôn đốc",
    ]
    assert {t["deadline"] for t in tasks} == {"2021-06-30"}


@pytest.mark.parametrize("verb", ["Yêu cầu", "Đề nghị", "Giao", "Giao cho"])
def test_request_words_work_like_giao(units: list[Unit], verb: str) -> None:
    [task] = read(units, HEADER + f"1. {verb} UBND các xã, thị trấn và Công an huyện rà soát.\n")
    assert task["leads"] == ["các xã, thị trấn", "Công an huyện"]
    assert task["text"] == "Rà soát"


def test_subject_first_with_a_supporting_unit(units: list[Unit]) -> None:
    [task] = read(units, HEADER + "1. Phòng NN&PTNT phối hợp với Hội Nông dân huyện tham mưu.\n")
    assert task["leads"] == ["Phòng Nông nghiệp và Phát triển nông thôn"]
    assert task["support"] == ["Hội Nông dân huyện"]
    assert task["text"] == "Tham mưu"


def test_items_without_assignee_inherit_the_lead_in(units: list[Unit]) -> None:
    text = HEADER.replace(
        "Thường trực Huyện ủy kết luận như sau:",
        "Đề nghị Đảng ủy các xã, thị trấn tập trung thực hiện tốt các nhiệm vụ sau:",
    )
    tasks = read(units, text + "1. Rà soát quỹ đất công.\n2. Tuyên truyền Luật Đất đai.\n")
    assert [t["leads"] for t in tasks] == [["các xã, thị trấn"]] * 2
    assert [t["warning_codes"] for t in tasks] == [["inherited_assignee"]] * 2


def test_an_item_with_nobody_to_do_it_is_flagged(units: list[Unit]) -> None:
    [task] = read(units, HEADER + "1. Rà soát quỹ đất công.\n")
    assert task["leads"] == [] and task["lead"] is None
    assert task["warning_codes"] == ["no_assignee"]


def test_prose_sentences_that_give_work_are_tasks(units: list[Unit]) -> None:
    text = HEADER + (
        "Năm 2020, các xã đã hoàn thành tốt nhiệm vụ. Lực lượng vũ trang làm tốt công tác dân vận. "
        "Đồng chí Bí thư yêu cầu Ban Tổ chức Huyện ủy khẩn trương rà soát quy hoạch cán bộ, "
        "hoàn thành trước ngày 30/4/2021. Hội Cựu chiến binh huyện có trách nhiệm vận động hội "
        "viên tham gia.\n"
    )
    tasks = read(units, text)
    assert [t["leads"] for t in tasks] == [
        ["Ban Tổ chức Huyện ủy"],
        ["Hội Cựu chiến binh huyện"],
    ]
    assert tasks[0]["text"] == "Khẩn trương rà soát quy hoạch cán bộ"
    assert tasks[0]["deadline"] == "2021-04-30"


def test_accents_case_and_short_forms_name_the_same_units(units: list[Unit]) -> None:
    [task] = read(
        units,
        HEADER + "1. Giao UBND xã Giao Hoà, Uỷ ban MTTQ huyện, BCH QUÂN SỰ HUYỆN và Phòng "
        "LĐ-TB&XH chủ trì kiểm tra.\n",
    )
    assert task["leads"] == [
        "Xã Giao Hòa",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
        "Ban Chỉ huy Quân sự huyện",
        "Phòng Lao động - Thương binh và Xã hội",
    ]


def test_an_unknown_unit_is_kept_as_written_and_flagged(units: list[Unit]) -> None:
    [task] = read(
        units, HEADER + "1. Giao Chi cục Thuế khu vực Xuân Trường - Giao Thủy chủ trì thu nợ.\n"
    )
    assert task["leads"] == ["Chi cục Thuế khu vực Xuân Trường - Giao Thủy"]
    assert task["warning_codes"] == ["unknown_unit"]


def test_the_header_of_a_state_notice(units: list[Unit]) -> None:
    text = (
        "ỦY BAN NHÂN DÂN             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "HUYỆN GIAO THỦY                 Độc lập - Tự do - Hạnh phúc\n"
        "Số: 120/TB-UBND             Giao Thủy, ngày 05 tháng 8 năm 2022\n\nTHÔNG BÁO\n"
        "Kết luận của Chủ tịch UBND huyện tại cuộc họp về phòng, chống lụt bão\n\n"
        "Chủ tịch UBND huyện kết luận:\n1. Phòng Kinh tế và Hạ tầng kiểm tra đê biển.\n"
    )
    proposal = extract(text, directory(units, date(2022, 8, 5)))
    assert proposal.document.number == "120/TB-UBND"
    assert proposal.document.date == date(2022, 8, 5)
    assert proposal.document.issuer == "Ủy ban nhân dân huyện Giao Thủy"
    assert proposal.document.meeting == "Cuộc họp về phòng, chống lụt bão"
    assert [t.leads[0].name for t in proposal.tasks] == ["Phòng Kinh tế và Hạ tầng"]


def test_issued_overrides_a_missing_header_date(units: list[Unit]) -> None:
    [task] = read(
        units, "Kết luận:\n1. Giao Phòng Y tế kiểm tra trước ngày 30/6.\n", issued=date(2023, 1, 9)
    )
    assert task["deadline"] == "2023-06-30"


# --- files and the command line ------------------------------------------------------------------


def test_a_word_notice_with_its_header_in_a_table_reads_like_text(units: list[Unit]) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "HUYỆN ỦY GIAO THỦY", "ĐẢNG CỘNG SẢN VIỆT NAM"
    table.cell(1, 0).text = "Số 215-TB/HU"
    table.cell(1, 1).text = "Giao Thủy, ngày 12 tháng 01 năm 2021"
    for line in DEMO_NOTICE.read_text(encoding="utf-8").split("\n")[3:]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_text("thong-bao.docx", buffer.getvalue())
    proposal = extract(text, directory(units))
    assert proposal.document.number == "215-TB/HU"
    assert proposal.document.issuer == "Huyện ủy Giao Thủy"
    assert len(proposal.tasks) == len(plan.TASKS)


def test_files_that_cannot_be_read_say_so() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    scanned = io.BytesIO()
    writer.write(scanned)
    with pytest.raises(InvalidInput, match="ảnh quét"):
        read_text("scan.pdf", scanned.getvalue())
    with pytest.raises(InvalidInput, match=r"tệp a\.xlsx.*\.txt, \.docx"):
        read_text("a.xlsx", b"x")
    with pytest.raises(InvalidInput, match="UTF-8"):
        read_text("a.txt", b"Th\xf0y \xe0")  # a legacy 8-bit encoding
    with pytest.raises(InvalidInput, match="Word"):
        read_text("a.docx", b"not a zip")


def test_cli_extract_prints_the_json_the_issue_asks_for(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    result = CliRunner().invoke(app, ["extract", str(DEMO_NOTICE), "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["document"] == {
        "number": "215-TB/HU",
        "date": "2021-01-12",
        "issuer": "Huyện ủy Giao Thủy",
    }
    first = printed["tasks"][0]
    assert set(first) == {"text", "lead", "leads", "support", "deadline", "warnings"}
    assert first["lead"] == "Ban Dân vận Huyện ủy"
    assert [t["deadline"] for t in printed["tasks"]][:4] == [
        None,
        "2021-11-30",
        "2021-12-15",
        "2021-09-30",
    ]


def test_cli_extract_works_without_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    notice = tmp_path / "tb.txt"
    notice.write_text(HEADER + "1. Giao Phòng Y tế kiểm tra; hoàn thành trước ngày 30/6/2021.\n")
    result = CliRunner().invoke(app, ["extract", str(notice), "--issued", "2021-03-15"])
    assert result.exit_code == 0, result.output
    assert "[Phòng Y tế] Kiểm tra (hạn: 30/06/2021)" in result.output
    assert not (tmp_path / "none.db").exists()


# --- nothing crashes it ---------------------------------------------------------------------------

FRAGMENTS = [
    "Giao ",
    "Yêu cầu ",
    "Đề nghị ",
    "UBND huyện",
    "Phòng Y tế",
    "các xã, thị trấn",
    "Ban Dân vận",
    " chủ trì",
    ", phối hợp với ",
    " và ",
    ", ",
    "; ",
    ": ",
    ".",
    "\n",
    "\n1. ",
    "\na) ",
    "\n- ",
    "hoàn thành trước ngày ",
    "31/02/2021",
    "30/6",
    "quý II.2021",
    "trong tháng 13/2021",
    "thường xuyên",
    "Số 1-TB/HU",
    "ngày 99 tháng 99 năm 9999",
    "THÔNG BÁO\n",
    "Nơi nhận:",
    "Chi cục Thuế",
    '"',
    "(",
    ")",
    "Đội ",
    "tham mưu ",
    "Giao An",
    "Thủy",
    "Thuỷ",
    "\u0301",
    "từ ngày 1/1 đến ngày ",
    "trước 25 giờ, ngày 01/01/2021",
    "6 tháng đầu năm",
    "kết luận như sau:",
]


@pytest.mark.engine_independent(READER_ONLY)
@pytest.mark.fuzz
@fuzz(1000)
@given(st.text(max_size=400))
def test_any_text_reads_without_crashing(units: list[Unit], text: str) -> None:
    proposal = extract(text, directory(units))
    for task in proposal.tasks:
        assert {w.code for w in task.warnings} <= set(WARNING_ORDER)


@pytest.mark.engine_independent(READER_ONLY)
@pytest.mark.fuzz
@fuzz(1000)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60), st.none() | st.dates())
def test_notice_like_text_reads_without_crashing(
    units: list[Unit], pieces: list[str], issued: date | None
) -> None:
    proposal = extract("".join(pieces), directory(units), issued=issued)
    json.dumps(proposal.as_json(), ensure_ascii=False)
    for task in proposal.tasks:
        assert task.text == task.text.strip()
        if task.deadline and proposal.document.date and task.deadline < proposal.document.date:
            assert "deadline_before_issue" in [w.code for w in task.warnings]
