"""The Word report "Báo cáo kết quả thực hiện kết luận": A4 portrait, in the layout of an official
report (header block, title, sections I–III), with the same figures as the dashboard.

:func:`build_report` gathers the figures with :mod:`directives.queries.overview` and renders them
with python-docx. Numbers and dates are written the Vietnamese way (1.234,5; 91,5%; dd/mm/yyyy).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO

import pandas as pd
import sqlalchemy as sa
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from sqlmodel import Session

from directives import formatting
from directives.i18n import label, ui
from directives.models import AssignmentRole, Conclusion, Meeting, UnitKind, table
from directives.periods import Period, PeriodKind
from directives.queries.overview import (
    assignments,
    counts_by_unit,
    state_query,
    status_counts,
    task_count,
    worst_first,
)
from directives.queries.state import Filters, for_period
from directives.status import Counts, Derived

FONT = "Times New Roman"  # official documents; Vietnamese glyphs in Word and LibreOffice alike
BODY_SIZE = 13
TABLE_SIZE = 12
PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
MARGINS = {"top": Cm(2), "bottom": Cm(2), "left": Cm(3), "right": Cm(1.5)}
TEXT_WIDTH_CM = 21 - 3 - 1.5
HEADER_FILL = "E7E6E6"
GROUP_FILL = "F2F2F2"
DASH = "—"
CELL_MARGIN = Cm(0.1)

# Section I lists every derived status that has assignments, in reading order: done, still
# running, standing, overdue, then those left out of the rates.
FIGURE_ORDER: tuple[Derived, ...] = (
    Derived.DONE_ON_TIME,
    Derived.DONE_LATE,
    Derived.IN_PROGRESS,
    Derived.DUE_SOON,
    Derived.NOT_STARTED,
    Derived.NO_DEADLINE,
    Derived.OVERDUE,
    Derived.PAUSED,
    Derived.CANCELLED,
)
ALWAYS_SHOWN = {
    Derived.DONE_ON_TIME,
    Derived.DONE_LATE,
    Derived.IN_PROGRESS,
    Derived.DUE_SOON,
    Derived.NO_DEADLINE,
    Derived.OVERDUE,
}
FIGURE_LABELS: dict[Derived, str] = {
    Derived.DUE_SOON: "Sắp đến hạn (trong 7 ngày tới)",
    Derived.NOT_STARTED: "Chưa triển khai (chưa đến hạn)",
    Derived.NO_DEADLINE: "Nhiệm vụ thường xuyên (không thời hạn)",
    Derived.OVERDUE: "Quá hạn chưa hoàn thành",
}
RUNNING = (Derived.IN_PROGRESS, Derived.DUE_SOON, Derived.NOT_STARTED, Derived.NO_DEADLINE)
"""The unit table's "Đang thực hiện": unfinished and not overdue, standing tasks included."""

UNIT_HEADINGS = (
    "STT",
    "Đơn vị",
    "Số lượt giao",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Đang thực hiện",
    "Quá hạn",
    "Tỷ lệ hoàn thành",
)
UNIT_WIDTHS = (1.1, 5.1, 1.6, 1.8, 1.8, 1.8, 1.5, 1.8)
OVERDUE_HEADINGS = (
    "STT",
    "Đơn vị",
    "Nhiệm vụ",
    "Thời hạn",
    "Số ngày quá hạn",
    "Tiến độ",
)
OVERDUE_WIDTHS = (1.1, 3.3, 7.0, 2.3, 1.6, 1.2)

_AFTER_SHADING = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)
"""What follows ``w:shd`` in a cell's properties, in the schema's order."""

_PLACE = re.compile(
    r"^(?:ban thường vụ\s+|ban chấp hành đảng bộ\s+)?"
    r"(?:huyện [ủu][ỷy]|thành [ủu][ỷy]|thị [ủu][ỷy]|tỉnh [ủu][ỷy]|đảng [ủu][ỷy]"
    r"|ủy ban nhân dân huyện|uỷ ban nhân dân huyện|ubnd huyện)\s+(?P<place>.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figures:
    """The section I figures of one period."""

    label: str
    filters: Filters
    counts: Counts
    tasks: int


@dataclass(frozen=True)
class ReportData:
    filters: Filters
    period: Period
    conclusion: Conclusion | None
    meeting: Meeting | None
    conclusion_numbers: list[str]
    current: Figures
    previous: Figures | None
    by_unit: pd.DataFrame
    overdue: pd.DataFrame


def build_report(session: Session, filters: Filters, period: Period) -> bytes:
    """The .docx report for ``filters`` (one conclusion, or all of them) over ``period``."""
    data = gather(session, filters, period)
    document = render(data)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- Figures -------------------------------------------------------------------------------------


def gather(session: Session, filters: Filters, period: Period) -> ReportData:
    """Everything the report shows, from the same queries as the dashboard."""
    current_filters = for_period(filters, period.start, period.end)
    current = _figures(session, current_filters, period.label("vi"))
    previous = None
    before = period.previous() if period.kind is not PeriodKind.ALL else None
    if before is not None:
        previous = _figures(
            session, for_period(filters, before.start, before.end), before.label("vi")
        )
    conclusion = (
        session.get(Conclusion, filters.conclusion_id)
        if filters.conclusion_id is not None
        else None
    )
    meeting = session.get(Meeting, filters.meeting_id) if filters.meeting_id is not None else None
    overdue = assignments(
        session, replace(current_filters, derived=(Derived.OVERDUE,)), order="overdue"
    )
    overdue["days_late"] = [
        (current_filters.as_of - deadline).days for deadline in overdue["deadline"]
    ]
    return ReportData(
        filters=current_filters,
        period=period,
        conclusion=conclusion,
        meeting=meeting,
        conclusion_numbers=_conclusion_numbers(session, current_filters),
        current=current,
        previous=previous,
        by_unit=grouped_worst_first(counts_by_unit(session, current_filters)),
        overdue=overdue,
    )


def _figures(session: Session, filters: Filters, period_label: str) -> Figures:
    return Figures(
        label=period_label,
        filters=filters,
        counts=status_counts(session, filters),
        tasks=task_count(session, filters),
    )


def _conclusion_numbers(session: Session, filters: Filters) -> list[str]:
    state = state_query(session, filters)
    c = table(Conclusion)
    query = (
        sa.select(c.c.number)
        .where(c.c.id.in_(sa.select(state.c.conclusion_id)))
        .order_by(c.c.issued_on, c.c.id)
    )
    return [str(number) for number in session.execute(query).scalars().all()]


def grouped_worst_first(by_unit: pd.DataFrame) -> pd.DataFrame:
    """Communes and towns, then organizations; each group :func:`worst_first`.
    Adds ``group`` (0 or 1) and ``running``."""
    frame = worst_first(by_unit)
    frame["group"] = [
        0 if kind in (UnitKind.COMMUNE.value, UnitKind.TOWN.value) else 1
        for kind in frame["unit_kind"]
    ]
    frame["running"] = frame[[d.value for d in RUNNING]].sum(axis=1).astype("int64")
    ordered: pd.DataFrame = frame.sort_values("group", kind="stable")
    return ordered.reset_index(drop=True)


# --- Text ----------------------------------------------------------------------------------------


def _count(value: int) -> str:
    return formatting.number(value)


def _change(now: float | None, before: float | None, scale: float = 1, unit: str = "") -> str:
    if now is None or before is None:
        return DASH
    change = (now - before) * scale
    decimals = 1 if scale != 1 else 0
    text = formatting.number(abs(change), decimals)
    if text.strip("0,") == "":
        return f"0{unit}"
    return f"{'+' if change > 0 else '-'}{text}{unit}"


def _long_day(day: date) -> str:
    """As official documents date themselves: a zero before days below 10 and months 1 and 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _place(issuer: str) -> str | None:
    match = _PLACE.match(issuer.strip())
    return match.group("place").strip() if match else None


def _sentence_start(text: str) -> str:
    return text[:1].lower() + text[1:]


def _rate_formula(name: str, formula: str, numerator: int, counts: Counts) -> str:
    rate = counts.completion_rate if name == "completion_rate" else counts.on_time_rate
    text = f"{ui(name)} = {_sentence_start(ui(formula))}"
    if rate is None:
        return f"{text}: chưa tính được vì chưa có việc nào đến hạn hoặc đã hoàn thành."
    return (
        f"{text} = {_count(numerator)} ÷ ({_count(counts.done)} + {_count(counts.overdue)})"
        f" = {formatting.percent(rate)}."
    )


# --- Rendering -----------------------------------------------------------------------------------


def render(data: ReportData) -> DocumentObject:
    document = Document()
    _setup(document)
    _header_block(document, data)
    _title(document, data)
    _section_figures(document, data)
    _section_units(document, data)
    _section_overdue(document, data)
    return document


def _setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = section.footer_distance = Cm(1)
    style = document.styles["Normal"]
    font = style.font
    font.name = FONT
    font.size = Pt(BODY_SIZE)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)
    paragraph_format = style.paragraph_format
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(6)
    paragraph_format.line_spacing = 1.15
    # Page numbers at the top centre from page 2 on, as official documents have them.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(number)
    properties = document.core_properties
    properties.title = "Báo cáo kết quả thực hiện kết luận"
    properties.language = "vi-VN"
    properties.author = ui("app_title")


def _page_field(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    run.font.size = Pt(BODY_SIZE)


def _write(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    run.underline = underline or None
    if size is not None:
        run.font.size = Pt(size)


def _paragraph(
    container: DocumentObject | _Cell,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    indent: bool = False,
    after: float = 6,
    keep_with_next: bool = False,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    if keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    if text:
        _write(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _header_block(document: DocumentObject, data: ReportData) -> None:
    """Issuer on the left, the Party's name and the place and day on the right."""
    grid = document.add_table(rows=1, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _widths(grid, (6.3, TEXT_WIDTH_CM - 6.3))
    left, right = grid.rows[0].cells
    issuer = data.conclusion.issuer if data.conclusion is not None else None
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single(first)
    if issuer:
        _write(first, issuer.upper(), bold=True, size=BODY_SIZE)
    else:
        _write(first, "BỘ PHẬN THEO DÕI", size=BODY_SIZE)
        _single(
            _paragraph(
                left, "THỰC HIỆN KẾT LUẬN", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=0
            )
        )
    _single(_paragraph(left, "*", align=WD_ALIGN_PARAGRAPH.CENTER, after=0))
    top = right.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single(top)
    _write(top, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=14)
    place = _place(issuer) if issuer else None
    when = _long_day(data.filters.as_of)
    dated = f"{place}, {when}" if place else when[:1].upper() + when[1:]
    spacer = _paragraph(right, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _single(spacer)
    _single(_paragraph(right, dated, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, after=0))
    _paragraph(document, after=6)


def _single(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _title(document: DocumentObject, data: ReportData) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(
        document,
        "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾT LUẬN",
        align=center,
        bold=True,
        size=14,
        after=2,
        keep_with_next=True,
    )
    for line in _subtitle(data):
        _paragraph(document, line, align=center, bold=True, after=0, keep_with_next=True)
    _paragraph(
        document,
        f"{ui('as_of')} {formatting.day(data.filters.as_of)}",
        align=center,
        italic=True,
        after=0,
    )
    _paragraph(document, "-----", align=center, after=6)


def _subtitle(data: ReportData) -> list[str]:
    lines: list[str] = []
    period = data.period
    span = (
        f" (từ {formatting.day(period.start)} đến {formatting.day(period.end)})"
        if period.start is not None and period.end is not None
        else ""
    )
    if data.conclusion is not None:
        conclusion = data.conclusion
        lines.append(
            f"Thông báo kết luận số {conclusion.number} ngày {formatting.day(conclusion.issued_on)}"
        )
        lines.append(conclusion.title)
        if period.kind is not PeriodKind.ALL:
            lines.append(f"Kỳ báo cáo: {period.label('vi')}{span}")
        return lines
    if data.meeting is not None:
        lines.append(f"{ui('meeting')}: {data.meeting.title}")
    else:
        lines.append("Các thông báo kết luận, chỉ đạo")
    if period.kind is PeriodKind.ALL:
        lines.append(f"Kỳ báo cáo: {period.label('vi')} (mọi nhiệm vụ đã giao)")
    else:
        lines.append(f"Kỳ báo cáo: {period.label('vi')}{span}")
    return lines


def _heading(document: DocumentObject, text: str) -> None:
    paragraph = _paragraph(document, text, bold=True, after=6, keep_with_next=True)
    paragraph.paragraph_format.space_before = Pt(6)


def _section_figures(document: DocumentObject, data: ReportData) -> None:
    _heading(document, "I. KẾT QUẢ CHUNG")
    counts, previous = data.current.counts, data.previous
    scope = _scope_sentence(data)
    _paragraph(document, scope, indent=True)
    if counts.total == 0 and (previous is None or previous.counts.total == 0):
        _paragraph(
            document,
            "Chưa có nhiệm vụ nào được giao trong phạm vi của báo cáo này.",
            indent=True,
        )
        return
    shown = [
        d
        for d in FIGURE_ORDER
        if d in ALWAYS_SHOWN
        or getattr(counts, d.value)
        or (previous is not None and getattr(previous.counts, d.value))
    ]
    headings = ["STT", "Chỉ tiêu", "Số liệu" if previous is None else data.current.label]
    widths: tuple[float, ...] = (1.1, TEXT_WIDTH_CM - 1.1 - 3.2, 3.2)
    if previous is not None:
        headings += [previous.label, "Tăng, giảm"]
        widths = (1.1, TEXT_WIDTH_CM - 1.1 - 2.6 - 2.6 - 3.4, 2.6, 2.6, 3.4)
    rows: list[Line] = []

    def row(number: str, name: str, now: int, before: int | None, bold: bool = False) -> None:
        cells = [number, name, _count(now)]
        if previous is not None and before is not None:
            cells += [_count(before), _change(now, before)]
        rows.append(Line(cells, bold))

    before_counts = previous.counts if previous is not None else None
    row("1", "Số nhiệm vụ", data.current.tasks, previous.tasks if previous else None, True)
    row(
        "2",
        "Số lượt giao việc cho các đơn vị",
        counts.total,
        before_counts.total if before_counts else None,
        True,
    )
    for derived in shown:
        name = FIGURE_LABELS.get(derived, label("derived", derived.value))
        row(
            "",
            f"- {name}",
            getattr(counts, derived.value),
            getattr(before_counts, derived.value) if before_counts else None,
        )
    for number, name in (("3", "completion_rate"), ("4", "on_time_rate")):
        now_rate: float | None = getattr(counts, name)
        cells = [number, ui(name), formatting.percent(now_rate)]
        if previous is not None:
            before_rate: float | None = getattr(previous.counts, name)
            cells += [
                formatting.percent(before_rate),
                _change(now_rate, before_rate, 100, " điểm %"),
            ]
        rows.append(Line(cells, bold=True))
    aligns = [WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT] + [WD_ALIGN_PARAGRAPH.RIGHT] * (
        len(headings) - 2
    )
    _data_table(document, headings, widths, aligns, rows)
    _paragraph(document, after=0)
    _paragraph(
        document,
        _rate_formula("completion_rate", "completion_formula", counts.done, counts),
        indent=True,
    )
    _paragraph(
        document,
        _rate_formula("on_time_rate", "on_time_formula", counts.done_on_time, counts),
        indent=True,
    )
    notes = [
        "Việc chưa đến hạn, nhiệm vụ thường xuyên và việc tạm dừng, đã hủy không tính vào tỷ "
        "lệ; việc sắp đến hạn là việc chưa hoàn thành có thời hạn trong 7 ngày tới."
    ]
    if previous is not None:
        notes.append(
            f"Số liệu {previous.label} tính đến ngày {formatting.day(previous.filters.as_of)} "
            f"(cuối kỳ trước); kỳ báo cáo gồm các nhiệm vụ có thời hạn trong kỳ và các nhiệm vụ "
            f"thường xuyên. Tỷ lệ tăng, giảm tính bằng điểm phần trăm."
        )
    if any(
        rate is None
        for figures in (data.current, previous)
        if figures is not None
        for rate in (figures.counts.completion_rate, figures.counts.on_time_rate)
    ):
        notes.append(f"Dấu {DASH}: chưa có việc đến hạn hoặc đã hoàn thành để tính tỷ lệ.")
    for note in notes:
        _paragraph(document, note, italic=True, indent=True)


def _scope_sentence(data: ReportData) -> str:
    as_of = formatting.day(data.filters.as_of)
    if data.conclusion is not None:
        subject = f"Thông báo kết luận số {data.conclusion.number}"
    elif len(data.conclusion_numbers) == 1:
        subject = f"Thông báo kết luận số {data.conclusion_numbers[0]}"
    elif data.conclusion_numbers:
        listed = ", ".join(data.conclusion_numbers[:8])
        more = len(data.conclusion_numbers) - 8
        listed += f" và {_count(more)} kết luận khác" if more > 0 else ""
        subject = f"{_count(len(data.conclusion_numbers))} thông báo kết luận ({listed})"
    else:
        subject = "các thông báo kết luận"
    counts = data.current.counts
    return (
        f"Tổng hợp từ báo cáo tiến độ của các đơn vị đến hết ngày {as_of}, việc thực hiện "
        f"{subject} gồm {_count(data.current.tasks)} nhiệm vụ với {_count(counts.total)} lượt "
        f"giao việc cho các đơn vị (chủ trì và phối hợp), kết quả như sau:"
    )


def _section_units(document: DocumentObject, data: ReportData) -> None:
    _heading(document, "II. KẾT QUẢ THEO ĐƠN VỊ")
    frame = data.by_unit
    if frame.empty:
        _paragraph(document, "Chưa có đơn vị nào được giao nhiệm vụ.", indent=True)
        return
    _paragraph(
        document,
        f"Có {_count(len(frame))} đơn vị được giao nhiệm vụ. Trong mỗi nhóm, đơn vị có tỷ lệ "
        f"hoàn thành thấp nhất, nhiều việc quá hạn nhất xếp trước.",
        indent=True,
    )
    aligns = [WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT] + [WD_ALIGN_PARAGRAPH.RIGHT] * 6
    lines: list[Line] = []
    groups = (
        ("I", "Các xã, thị trấn"),
        ("II", "Các cơ quan, tổ chức cấp huyện"),
    )
    number = 0
    for group, (roman, heading) in enumerate(groups):
        members = frame[frame["group"] == group]
        if members.empty:
            continue
        lines.append(Line(_unit_cells(roman, heading, members), bold=True, fill=GROUP_FILL))
        for _, unit in members.iterrows():
            number += 1
            lines.append(Line(_unit_cells(str(number), str(unit["unit_name"]), unit)))
    lines.append(Line(_unit_cells("", "Tổng cộng", frame), bold=True, fill=GROUP_FILL))
    _data_table(document, UNIT_HEADINGS, UNIT_WIDTHS, aligns, lines)
    notes = [
        "Đang thực hiện: việc chưa hoàn thành, chưa quá hạn, kể cả việc sắp đến hạn và nhiệm vụ "
        "thường xuyên. Tỷ lệ hoàn thành = đã hoàn thành ÷ (đã hoàn thành + quá hạn)."
    ]
    left_out = int(frame[Derived.PAUSED.value].sum() + frame[Derived.CANCELLED.value].sum())
    if left_out:
        notes.append(
            f"Số lượt giao gồm cả {_count(left_out)} lượt tạm dừng hoặc đã hủy, không thuộc "
            f"các cột trạng thái."
        )
    if frame["completion_rate"].isna().any():
        notes.append(f"Dấu {DASH}: đơn vị chưa có việc đến hạn hoặc đã hoàn thành.")
    _paragraph(document, after=0)
    for note in notes:
        _paragraph(document, note, italic=True, indent=True)


def _unit_cells(number: str, name: str, rows: pd.DataFrame | pd.Series) -> list[str]:
    """One unit (a Series) or the sum of several (a DataFrame)."""

    def total(column: str) -> int:
        value = rows[column]
        return int(value.sum()) if isinstance(value, pd.Series) else int(value)

    done = total(Derived.DONE_ON_TIME.value) + total(Derived.DONE_LATE.value)
    overdue = total(Derived.OVERDUE.value)
    rate = done / (done + overdue) if done + overdue else None
    return [
        number,
        name,
        _count(total("total")),
        _count(total(Derived.DONE_ON_TIME.value)),
        _count(total(Derived.DONE_LATE.value)),
        _count(total("running")),
        _count(overdue),
        formatting.percent(rate),
    ]


def _section_overdue(document: DocumentObject, data: ReportData) -> None:
    _heading(document, "III. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH")
    frame = data.overdue
    as_of = formatting.day(data.filters.as_of)
    if frame.empty:
        _paragraph(
            document,
            f"Đến hết ngày {as_of}, không có nhiệm vụ nào quá hạn mà chưa hoàn thành.",
            indent=True,
        )
        return
    units = frame["unit_id"].nunique()
    _paragraph(
        document,
        f"Đến hết ngày {as_of} có {_count(len(frame))} lượt giao việc của {_count(units)} đơn vị "
        f"quá hạn mà chưa hoàn thành, xếp theo thời hạn, việc quá hạn lâu nhất trước:",
        indent=True,
    )
    aligns = [
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.RIGHT,
    ]
    one_conclusion = data.conclusion is not None or len(data.conclusion_numbers) <= 1
    lines: list[Line] = []
    for number, (_, item) in enumerate(frame.iterrows(), start=1):
        role = label("role", str(item["role"]))
        unit = f"{item['unit_name']}\n({_sentence_start(role)})"
        source = "" if one_conclusion else f", {item['conclusion_number']}"
        task = f"Mục {item['task_seq']}{source}: {item['task_content']}"
        cells = [
            str(number),
            unit,
            task,
            formatting.day(item["deadline"]),
            _count(int(item["days_late"])),
            f"{int(item['progress'])}%",
        ]
        lines.append(Line(cells))
    _data_table(document, OVERDUE_HEADINGS, OVERDUE_WIDTHS, aligns, lines)
    _paragraph(document, after=0)
    lead = AssignmentRole.LEAD.value
    leads = int((frame["role"] == lead).sum())
    _paragraph(
        document,
        f"Trong đó {_count(leads)} lượt đơn vị chủ trì, {_count(len(frame) - leads)} lượt "
        f"đơn vị phối hợp. Tiến độ theo báo cáo gần nhất của đơn vị.",
        italic=True,
        indent=True,
    )


# --- Tables --------------------------------------------------------------------------------------


def _widths(grid: Table, widths: Sequence[float]) -> None:
    """Column widths that both Word (cell widths) and LibreOffice (grid columns) follow."""
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


@dataclass(frozen=True)
class Line:
    """One body row of a table."""

    cells: Sequence[str]
    bold: bool = False
    fill: str | None = None


def _data_table(
    document: DocumentObject,
    headings: Sequence[str],
    widths: Sequence[float],
    aligns: Sequence[WD_ALIGN_PARAGRAPH],
    lines: Sequence[Line],
) -> Table:
    """A bordered table whose shaded header row repeats on each page; rows never split."""
    grid: Table = document.add_table(rows=1 + len(lines), cols=len(headings))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _cell_margins(grid, CELL_MARGIN)
    rows = list(grid.rows)
    header = rows[0]
    _row_properties(header._tr, "w:cantSplit", "w:tblHeader")
    for cell, heading in zip(header.cells, headings, strict=True):
        _shade(cell, HEADER_FILL)
        _fill_cell(cell, heading, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for row, line in zip(rows[1:], lines, strict=True):
        _row_properties(row._tr, "w:cantSplit")
        for cell, text, align in zip(row.cells, line.cells, aligns, strict=True):
            if line.fill:
                _shade(cell, line.fill)
            _fill_cell(cell, text, align, bold=line.bold)
    _widths(grid, widths)
    return grid


def _cell_margins(grid: Table, margin: Length) -> None:
    """Narrower left and right cell margins than Word's 0,19 cm: dates fit on one line."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(margin.twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    grid._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _row_properties(tr: CT_Row, *tags: str) -> None:
    properties = tr.get_or_add_trPr()
    for tag in tags:  # in schema order: cantSplit before tblHeader
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _fill_cell(cell: _Cell, text: str, align: WD_ALIGN_PARAGRAPH, *, bold: bool = False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_before = Pt(2)
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        _write(paragraph, line, bold=bold, size=TABLE_SIZE)


def _shade(cell: _Cell, color: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color)
    properties = cell._tc.get_or_add_tcPr()
    properties.insert_element_before(shading, *_AFTER_SHADING)
