"""The Word table "Bảng tổng hợp kết quả thực hiện nhiệm vụ … phục vụ bình xét thi đua": the
deployment's header, the period, the rule in words and as a formula, and every unit's score and
class, with the same figures as the page."""

from collections import Counter
from datetime import date
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from directives import formatting
from directives.queries.grades import Grades
from directives.reports.grades import grade_label, rule_lines
from directives.reports.word.docx_parts import (
    BODY_SIZE,
    Line,
    add_heading,
    add_paragraph,
    data_table,
    set_widths,
    setup,
    single_spaced,
    write_run,
)
from directives.reports.word.front import _STATE, _long_day
from directives.services.deployment import Deployment

LEFT, CENTER, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
WIDTH_CM = 29.7 - 2 - 1.5  # A4 landscape, margins 2 and 1,5 cm

HEADINGS = (
    "Hạng",
    "Đơn vị",
    "Số lượt tính điểm",
    "Chủ trì đúng hạn / quá hạn / chưa HT",
    "Phối hợp đúng hạn / quá hạn / chưa HT",
    "Hoàn thành sớm",
    "Bị trả lại",
    "Giải trình quá hạn",
    "Điểm kết quả",
    "Thưởng / trừ",
    "Điểm",
    "Xếp loại",
)
WIDTHS = (1.3, 5.6, 1.7, 2.6, 2.6, 1.6, 1.5, 1.7, 1.7, 1.8, 1.5, 4.6)


def _n(value: object, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    return formatting.number(float(str(value)), decimals)


def build_grades_report(grades: Grades, deployment: Deployment, on: date) -> bytes:
    """The .docx table, dated ``on`` (the day it is made)."""
    document = Document()
    setup(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(2), Cm(1.5)
    _header(document, deployment, on)
    period = grades.period
    assert period.start is not None and period.end is not None
    add_paragraph(
        document,
        "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
        align=CENTER,
        bold=True,
        size=14,
        after=0,
    )
    add_paragraph(
        document,
        f"{period.label('vi')} (từ {formatting.day(period.start)} đến "
        f"{formatting.day(period.end)}), phục vụ bình xét thi đua",
        align=CENTER,
        bold=True,
        after=6,
    )
    add_heading(document, "I. QUY TẮC CHẤM ĐIỂM")
    valid = formatting.day(grades.rule.valid_from)
    add_paragraph(document, f"Quy tắc có hiệu lực từ ngày {valid}.", after=2)
    for line in rule_lines(grades):
        add_paragraph(document, f"- {line}", after=2)
    add_heading(document, "II. KẾT QUẢ CỦA CÁC ĐƠN VỊ")
    table = grades.table
    classes = Counter(grade_label(code) for code in table["grade"])
    summary = "; ".join(f"{name}: {count}" for name, count in classes.items())
    add_paragraph(document, f"Tổng số {len(table)} đơn vị. {summary}.", after=4)
    lines = [
        Line(
            (
                _n(row["rank"]),
                str(row["unit_name"]),
                _n(row["counted"]),
                f"{row['lead_on_time']} / {row['lead_late']} / {row['lead_overdue']}",
                f"{row['support_on_time']} / {row['support_late']} / {row['support_overdue']}",
                _n(row["early"]),
                _n(row["returned"]),
                _n(row["unanswered"]),
                _n(row["base"], 2),
                f"+{_n(row['bonus'], 1)} / −{_n(row['penalty'], 1)}",
                _n(row["score"], 1),
                grade_label(row["grade"]),
            )
        )
        for row in table.to_dict("records")
    ]
    aligns = (CENTER, LEFT, *(CENTER,) * 9, LEFT)
    data_table(document, HEADINGS, WIDTHS, aligns, lines)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _header(document: object, deployment: Deployment, on: date) -> None:
    from docx.document import Document as DocumentObject

    assert isinstance(document, DocumentObject)
    grid = document.add_table(rows=1, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    set_widths(grid, (9.0, WIDTH_CM - 9.0))
    left, right = grid.rows[0].cells
    first = left.paragraphs[0]
    first.alignment = CENTER
    single_spaced(first)
    issuer = deployment.issuers[0] if deployment.issuers else "Bộ phận theo dõi thực hiện kết luận"
    write_run(first, issuer.upper(), bold=True, size=BODY_SIZE)
    top = right.paragraphs[0]
    top.alignment = CENTER
    single_spaced(top)
    if _STATE.match(issuer.strip()):
        write_run(top, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=BODY_SIZE)
        motto = add_paragraph(right, align=CENTER, after=0)
        single_spaced(motto)
        write_run(motto, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=BODY_SIZE)
    else:
        write_run(top, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=14)
    when = _long_day(on)
    place = deployment.place_name
    dated = f"{place}, {when}" if place else when[:1].upper() + when[1:]
    add_paragraph(right, dated, align=CENTER, italic=True, after=0)
    add_paragraph(document, after=6)
