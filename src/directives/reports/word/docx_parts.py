"""python-docx building blocks of the report: page set-up in the official layout (A4, Times New
Roman 13, margins 2/2/3/1,5 cm, page numbers from page 2), paragraphs and runs, and bordered
tables whose header row repeats and whose rows never split."""

from collections.abc import Sequence
from dataclasses import dataclass

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

from directives.i18n import ui

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


_AFTER_SHADING = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)
"""What follows ``w:shd`` in a cell's properties, in the schema's order."""


def setup(document: DocumentObject) -> None:
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


def write_run(
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


def add_paragraph(
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
        write_run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def single_spaced(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def add_heading(document: DocumentObject, text: str) -> None:
    paragraph = add_paragraph(document, text, bold=True, after=6, keep_with_next=True)
    paragraph.paragraph_format.space_before = Pt(6)


def set_widths(grid: Table, widths: Sequence[float]) -> None:
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


def data_table(
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
    set_widths(grid, widths)
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
        write_run(paragraph, line, bold=bold, size=TABLE_SIZE)


def _shade(cell: _Cell, color: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color)
    properties = cell._tc.get_or_add_tcPr()
    properties.insert_element_before(shading, *_AFTER_SHADING)
