"""The report's front matter: the header block (issuer, the Party's name, place and day) and the
title with its subtitle."""

import re
from datetime import date

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from directives import formatting
from directives.i18n import ui
from directives.periods import PeriodKind
from directives.reports.word.data import ReportData
from directives.reports.word.docx_parts import (
    BODY_SIZE,
    TEXT_WIDTH_CM,
    add_paragraph,
    set_widths,
    single_spaced,
    write_run,
)

_PLACE = re.compile(
    r"^(?:ban thường vụ\s+|ban chấp hành đảng bộ\s+)?"
    r"(?:huyện [ủu][ỷy]|thành [ủu][ỷy]|thị [ủu][ỷy]|tỉnh [ủu][ỷy]|đảng [ủu][ỷy]"
    r"|ủy ban nhân dân huyện|uỷ ban nhân dân huyện|ubnd huyện)\s+(?P<place>.+)$",
    re.IGNORECASE,
)

_STATE = re.compile(
    r"^(?:ubnd|[ủu][ỷy] ban nhân dân|hđnd|hội đồng nhân dân|sở|ban quản lý"
    r"|văn phòng (?:ubnd|[ủu][ỷy] ban nhân dân|hđnd|đoàn đbqh))\b",
    re.IGNORECASE,
)
"""Issuers of the State (not of the Party), whose documents carry the State's national title."""


def header_block(document: DocumentObject, data: ReportData) -> None:
    """Issuer on the left; on the right the Party's name (or, for a State body, the State's name
    and motto) and the place and day."""
    grid = document.add_table(rows=1, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    set_widths(grid, (6.3, TEXT_WIDTH_CM - 6.3))
    left, right = grid.rows[0].cells
    issuer = data.conclusion.issuer if data.conclusion is not None else None
    if not issuer and data.deployment.issuers:
        issuer = data.deployment.issuers[0]
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    single_spaced(first)
    if issuer:
        write_run(first, issuer.upper(), bold=True, size=BODY_SIZE)
    else:
        write_run(first, "BỘ PHẬN THEO DÕI", size=BODY_SIZE)
        single_spaced(
            add_paragraph(
                left, "THỰC HIỆN KẾT LUẬN", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=0
            )
        )
    state = bool(issuer and _STATE.match(issuer.strip()))
    mark = "-----" if state else "*"
    single_spaced(add_paragraph(left, mark, align=WD_ALIGN_PARAGRAPH.CENTER, after=0))
    top = right.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    single_spaced(top)
    if state:  # a People's Committee, a council, a department: the State's national title
        write_run(top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=BODY_SIZE)
        motto = add_paragraph(right, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
        single_spaced(motto)
        write_run(motto, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=BODY_SIZE)
    else:
        write_run(top, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=14)
    place = (_place(issuer) if issuer else None) or data.deployment.place_name or None
    when = _long_day(data.filters.as_of)
    dated = f"{place}, {when}" if place else when[:1].upper() + when[1:]
    spacer = add_paragraph(right, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    single_spaced(spacer)
    single_spaced(
        add_paragraph(right, dated, align=WD_ALIGN_PARAGRAPH.CENTER, italic=True, after=0)
    )
    add_paragraph(document, after=6)


def title_block(document: DocumentObject, data: ReportData) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    add_paragraph(
        document,
        "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾT LUẬN",
        align=center,
        bold=True,
        size=14,
        after=2,
        keep_with_next=True,
    )
    for line in _subtitle(data):
        add_paragraph(document, line, align=center, bold=True, after=0, keep_with_next=True)
    add_paragraph(
        document,
        f"{ui('as_of')} {formatting.day(data.filters.as_of)}",
        align=center,
        italic=True,
        after=0,
    )
    add_paragraph(document, "-----", align=center, after=6)


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


def _long_day(day: date) -> str:
    """As official documents date themselves: a zero before days below 10 and months 1 and 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _place(issuer: str) -> str | None:
    match = _PLACE.match(issuer.strip())
    if match is None:
        return None
    kind = r"^(?:xã|phường|đặc khu|tỉnh|thành phố|huyện|thị trấn)\s+"
    return re.sub(kind, "", match.group("place").strip(), flags=re.IGNORECASE)
