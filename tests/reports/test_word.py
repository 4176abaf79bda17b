"""The Word report: it opens, says what it reports on, and its figures are the queries' figures."""

import io
import math
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.table import Table
from sqlmodel import Session, select
from typer.testing import CliRunner

from directives import formatting
from directives.cli import app
from directives.models import Conclusion
from directives.periods import PeriodKind, period_containing
from directives.queries.overview import counts_by_unit, status_counts, task_count
from directives.queries.state import Filters, for_period
from directives.reports.word import OVERDUE_HEADINGS, UNIT_HEADINGS, build_report

AS_OF = date(2021, 10, 15)
NUMBER = "215-TB/HU"
TITLE = "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾT LUẬN"


def conclusion_id(session: Session) -> int:
    found = session.exec(select(Conclusion).where(Conclusion.number == NUMBER)).one()
    assert found.id is not None
    return found.id


def open_report(content: bytes) -> Document:
    return docx.Document(io.BytesIO(content))


def text_of(document: Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for grid in document.tables:
        parts += [cell.text for row in grid.rows for cell in row.cells]
    return "\n".join(parts)


def table_with(document: Document, headings: tuple[str, ...]) -> Table:
    found = [t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == headings]
    assert len(found) == 1, f"expected one table headed {headings}"
    return found[0]


def body(grid: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in grid.rows[1:]]


def figure(grid: Table, name: str, column: int = 2) -> str:
    """A value of the section I table, by the name in its 'Chỉ tiêu' column."""
    rows = [row for row in body(grid) if row[1].lstrip("- ") == name]
    assert len(rows) == 1, name
    return rows[0][column]


@pytest.fixture
def conclusion_report(demo_session: Session) -> tuple[Filters, Document]:
    filters = Filters(as_of=AS_OF, conclusion_id=conclusion_id(demo_session))
    content = build_report(demo_session, filters, period_containing(PeriodKind.ALL, AS_OF))
    return filters, open_report(content)


def test_the_conclusion_report_names_what_it_reports_on(
    demo_session: Session, conclusion_report: tuple[Filters, Document]
) -> None:
    filters, document = conclusion_report
    text = text_of(document)
    for expected in (TITLE, "HUYỆN ỦY GIAO THỦY", "ĐẢNG CỘNG SẢN VIỆT NAM", NUMBER, "12/01/2021"):
        assert expected in text
    assert "Số liệu tính đến ngày 15/10/2021" in text
    assert "Giao Thủy, ngày 15 tháng 10 năm 2021" in text
    for heading in ("I. ", "II. ", "III. "):
        assert any(p.text.startswith(heading) for p in document.paragraphs), heading
    assert "Tỷ lệ hoàn thành = đã hoàn thành ÷ (đã hoàn thành + quá hạn chưa hoàn thành)" in text
    counts = status_counts(demo_session, filters)
    assert formatting.percent(counts.completion_rate) == "91,5%"
    assert "91,5%" in text
    assert "Lũy kế" not in [c.text for c in document.tables[1].rows[0].cells]  # no comparison
    section = document.sections[0]
    width, height = section.page_width, section.page_height
    assert width is not None and height is not None
    assert (round(width.cm, 1), round(height.cm, 1)) == (21.0, 29.7)  # A4 portrait
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_section_one_has_the_queries_figures(
    demo_session: Session, conclusion_report: tuple[Filters, Document]
) -> None:
    filters, document = conclusion_report
    counts = status_counts(demo_session, filters)
    grid = document.tables[1]
    assert figure(grid, "Số nhiệm vụ") == str(task_count(demo_session, filters))
    assert figure(grid, "Số lượt giao việc cho các đơn vị") == formatting.number(counts.total)
    assert figure(grid, "Hoàn thành đúng hạn") == str(counts.done_on_time)
    assert figure(grid, "Hoàn thành quá hạn") == str(counts.done_late)
    assert figure(grid, "Quá hạn chưa hoàn thành") == str(counts.overdue)
    assert figure(grid, "Tỷ lệ hoàn thành") == formatting.percent(counts.completion_rate)
    assert figure(grid, "Tỷ lệ đúng hạn") == formatting.percent(counts.on_time_rate)
    shown = sum(int(row[2]) for row in body(grid) if row[1].startswith("- "))
    assert shown == counts.total  # every status listed: the parts add up


def test_the_unit_table_matches_counts_by_unit(
    demo_session: Session, conclusion_report: tuple[Filters, Document]
) -> None:
    filters, document = conclusion_report
    expected = counts_by_unit(demo_session, filters).set_index("unit_name")
    rates = {str(name): float(rate) for name, rate in expected["completion_rate"].items()}
    rows = body(table_with(document, UNIT_HEADINGS))
    units = [row for row in rows if row[0].isdigit()]
    assert len(units) == len(expected)
    assert [row[0] for row in units] == [str(n) for n in range(1, len(units) + 1)]
    for number, name, total, on_time, late, running, overdue, rate in units:
        unit = expected.loc[name]
        assert int(total) == unit["total"]
        assert int(on_time) == unit["done_on_time"]
        assert int(late) == unit["done_late"]
        assert int(overdue) == unit["overdue"]
        left_out = unit["paused"] + unit["cancelled"]
        assert int(running) == unit["total"] - unit["done"] - unit["overdue"] - left_out
        value: float = rates[name]
        assert rate == formatting.percent(None if math.isnan(value) else value), name
    # Communes and towns first, then organizations, each worst first.
    groups = [row for row in rows if row[0] in ("I", "II")]
    assert [row[1] for row in groups] == ["Các xã, thị trấn", "Các cơ quan, tổ chức cấp huyện"]
    communes = rows[rows.index(groups[0]) + 1 : rows.index(groups[1])]
    assert all(row[1].startswith(("Xã ", "Thị trấn ")) for row in communes)
    shown = [float(r[7].rstrip("%").replace(",", ".")) for r in communes if r[7] != "—"]
    assert shown == sorted(shown)
    assert communes[0][7] == "66,7%"
    last = rows[-1]
    counts = status_counts(demo_session, filters)
    assert last[1] == "Tổng cộng"
    assert last[2:5] == [str(counts.total), str(counts.done_on_time), str(counts.done_late)]
    assert last[6:] == [str(counts.overdue), formatting.percent(counts.completion_rate)]


def test_the_overdue_table_lists_every_overdue_assignment(
    demo_session: Session, conclusion_report: tuple[Filters, Document]
) -> None:
    filters, document = conclusion_report
    rows = body(table_with(document, OVERDUE_HEADINGS))
    assert len(rows) == status_counts(demo_session, filters).overdue == 8
    first = rows[0]
    assert first[0] == "1"
    assert first[2].startswith("Mục ")
    assert first[3] == "31/05/2021"
    assert first[4] == "137"  # days from 31/05 to 15/10/2021
    assert first[5].endswith("%")
    days = [int(row[4]) for row in rows]
    assert days == sorted(days, reverse=True)


def test_a_quarter_report_compares_with_the_quarter_before(demo_session: Session) -> None:
    filters = Filters(as_of=AS_OF)
    period = period_containing(PeriodKind.QUARTER, AS_OF)
    document = open_report(build_report(demo_session, filters, period))
    text = text_of(document)
    assert TITLE in text
    assert "Kỳ báo cáo: Quý IV/2021 (từ 01/10/2021 đến 31/12/2021)" in text
    assert "Quý III/2021" in text
    assert NUMBER in text  # the only conclusion it covers
    grid = document.tables[1]
    assert [c.text for c in grid.rows[0].cells][2:] == ["Quý IV/2021", "Quý III/2021", "Tăng, giảm"]
    now = status_counts(demo_session, for_period(filters, period.start, period.end))
    previous = period.previous()
    assert previous is not None
    before_filters = for_period(filters, previous.start, previous.end)
    assert before_filters.as_of == date(2021, 9, 30)
    before = status_counts(demo_session, before_filters)
    name = "Số lượt giao việc cho các đơn vị"
    assert figure(grid, name, 2) == str(now.total)
    assert figure(grid, name, 3) == str(before.total)
    change = now.total - before.total
    assert figure(grid, name, 4) == (f"+{change}" if change > 0 else str(change))
    assert figure(grid, "Hoàn thành đúng hạn", 3) == str(before.done_on_time)
    if now.overdue == 0:
        assert "không có nhiệm vụ nào quá hạn mà chưa hoàn thành" in text
        assert all(
            tuple(c.text for c in t.rows[0].cells) != OVERDUE_HEADINGS for t in document.tables
        )


def test_a_report_on_an_empty_database_says_so(session: Session) -> None:
    document = open_report(
        build_report(session, Filters(as_of=AS_OF), period_containing(PeriodKind.ALL, AS_OF))
    )
    text = text_of(document)
    assert TITLE in text
    assert "Chưa có nhiệm vụ nào" in text
    assert "Chưa có đơn vị nào" in text


def test_the_cli_writes_the_report(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    path = tmp_path / "bao-cao.docx"
    result = CliRunner().invoke(
        app, ["report", "--conclusion", NUMBER, "--as-of", "15/10/2021", "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    text = text_of(docx.Document(str(path)))
    assert TITLE in text
    assert NUMBER in text
    assert "15/10/2021" in text
