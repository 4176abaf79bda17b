"""The Word report "Báo cáo kết quả thực hiện kết luận": A4 portrait, in the layout of an official
report (header block, title, sections I–III), with the same figures as the dashboard.

:func:`build_report` gathers the figures with :mod:`directives.queries.overview` and renders them
with python-docx. Numbers and dates are written the Vietnamese way (1.234,5; 91,5%; dd/mm/yyyy).
"""

from io import BytesIO

from docx import Document
from docx.document import Document as DocumentObject
from sqlmodel import Session

from directives.periods import Period
from directives.queries.state import Filters
from directives.reports.word.data import Figures, ReportData, gather, grouped_worst_first
from directives.reports.word.docx_parts import setup
from directives.reports.word.front import header_block, title_block
from directives.reports.word.sections import (
    OVERDUE_HEADINGS,
    UNIT_HEADINGS,
    section_figures,
    section_overdue,
    section_units,
)

__all__ = [
    "OVERDUE_HEADINGS",
    "UNIT_HEADINGS",
    "Figures",
    "ReportData",
    "build_report",
    "gather",
    "grouped_worst_first",
    "render",
]


def build_report(session: Session, filters: Filters, period: Period) -> bytes:
    """The .docx report for ``filters`` (one conclusion, or all of them) over ``period``."""
    data = gather(session, filters, period)
    document = render(data)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(data: ReportData) -> DocumentObject:
    document = Document()
    setup(document)
    header_block(document, data)
    title_block(document, data)
    section_figures(document, data)
    section_units(document, data)
    section_overdue(document, data)
    return document
