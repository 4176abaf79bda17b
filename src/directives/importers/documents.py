"""The text of an uploaded notice: plain text, Word (.docx) or PDF with a text layer.

A Word notice usually sets its header (issuer | motto, number | place and date) in a two-column
table; each row comes out as one line with the cells apart by four spaces, as a typed header
would be, so that :mod:`directives.importers.notice` reads both alike.
"""

import io
from pathlib import Path

from directives.services.errors import InvalidInput
from directives.text import nfc

SUFFIXES = (".txt", ".docx", ".pdf")
MAX_MB = 10
MAX_BYTES = MAX_MB * 1024 * 1024
_CELL_GAP = "    "


def read_text(name: str, data: bytes) -> str:
    """The text of the file called ``name`` with the content ``data``, NFC; raises
    :class:`InvalidInput` naming the file when it cannot be read."""
    suffix = Path(name).suffix.lower()
    field = f"tệp {name}"
    if len(data) > MAX_BYTES:
        raise InvalidInput(field, f"lớn hơn {MAX_BYTES // (1024 * 1024)} MB.")
    if suffix == ".txt":
        text = _plain(data, field)
    elif suffix == ".docx":
        text = _docx(data, field)
    elif suffix == ".pdf":
        text = _pdf(data, field)
    else:
        raise InvalidInput(field, "chỉ nhận tệp .txt, .docx hoặc .pdf.")
    if not text.strip():
        raise InvalidInput(field, "không có chữ nào để đọc.")
    return nfc(text)


def _plain(data: bytes, field: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            field,
            f"không phải văn bản UTF-8 (byte lạ ở vị trí {error.start}); hãy lưu lại với mã UTF-8.",
        ) from error


def _docx(data: bytes, field: str) -> str:
    import docx
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a damaged file
        raise InvalidInput(field, "không mở được tệp Word (.docx).") from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                distinct: list[_Cell] = []  # a merged cell is listed once per grid column it spans
                for cell in row.cells:
                    if not distinct or cell._tc is not distinct[-1]._tc:
                        distinct.append(cell)
                cells = [cell.text.split("\n") for cell in distinct]
                for index in range(max(len(cell) for cell in cells)):
                    parts = [cell[index] if index < len(cell) else "" for cell in cells]
                    lines.append(_CELL_GAP.join(part.strip() for part in parts).rstrip())
    return "\n".join(lines)


def _pdf(data: bytes, field: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise InvalidInput(field, "không mở được tệp PDF.") from error
    text = "\n".join(pages)
    if not text.strip():
        raise InvalidInput(
            field, "tệp PDF là ảnh quét, không có lớp chữ; hãy dán nội dung hoặc dùng tệp Word."
        )
    return text
