"""The text of an uploaded notice: plain text, Word (.docx) or PDF with a text layer.

A Word notice usually sets its header (issuer | motto, number | place and date) in a two-column
table; each row comes out as one line with the cells apart by four spaces, as a typed header
would be, so that :mod:`directives.importers.notice` reads both alike.

The work is bounded before it is done: the file's size, a Word file's unpacked size and number of
parts (read from the zip directory, before anything is inflated), a PDF's pages (counted on its
page tree, stopping past the limit) and the unpacked size of their content, and the characters of
the text. Every refusal, and every file the libraries cannot read, is an :class:`InvalidInput`
naming the file and the limit; no library error reaches the user.
"""

import io
import zipfile
from pathlib import Path
from typing import Any

from directives.formatting import number
from directives.services.errors import InvalidInput
from directives.text import nfc

SUFFIXES = (".txt", ".docx", ".pdf")
MAX_MB = 10
MAX_BYTES = MAX_MB * 1024 * 1024
MAX_CHARS = 500_000
"""Characters of text a notice may have (a long notice has 30,000)."""
MAX_PAGES = 200
MAX_UNPACKED_MB = 50
"""What a Word file's parts, or a PDF's page contents, may unpack to."""
MAX_PARTS = 2_000
_CELL_GAP = "    "


def _mb(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


def read_text(name: str, data: bytes) -> str:
    """The text of the file called ``name`` with the content ``data``, NFC; raises
    :class:`InvalidInput` naming the file when it cannot be read or is past a limit."""
    suffix = Path(name).suffix.lower()
    field = f"tệp {name}"
    if len(data) > MAX_BYTES:
        raise InvalidInput(field, f"lớn hơn {_mb(MAX_BYTES)}.")
    if suffix == ".txt":
        text = _plain(data, field)
    elif suffix == ".docx":
        text = _docx(data, field)
    elif suffix == ".pdf":
        text = _pdf(data, field)
    else:
        raise InvalidInput(field, "chỉ nhận tệp .txt, .docx hoặc .pdf.")
    check_length(text, field)
    if not text.strip():
        raise InvalidInput(field, "không có chữ nào để đọc.")
    return nfc(text)


def check_length(text: str, field: str = "nội dung thông báo") -> None:
    """Refuse a text longer than :data:`MAX_CHARS` (pasted or read from a file)."""
    if len(text) > MAX_CHARS:
        raise InvalidInput(
            field,
            f"dài {number(len(text))} ký tự, quá giới hạn {number(MAX_CHARS)} ký tự của một "
            "thông báo; hãy tách thành nhiều thông báo.",
        )


def _plain(data: bytes, field: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, name = "utf-16", "UTF-16"
    else:
        encoding, name = "utf-8-sig", "UTF-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InvalidInput(
            field,
            f"không phải văn bản {name} hợp lệ (byte lạ ở vị trí {error.start}); "
            "hãy lưu lại với mã UTF-8.",
        ) from error


def _docx(data: bytes, field: str) -> str:
    _check_zip(data, field)
    try:
        return _docx_lines(data)
    except Exception as error:  # python-docx and lxml raise many kinds for a damaged file
        raise InvalidInput(field, "không mở được tệp Word (.docx).") from error


def _check_zip(data: bytes, field: str) -> None:
    """Refuse a Word file whose parts would unpack past :data:`MAX_UNPACKED_MB`, judged by the
    zip directory before anything is inflated (zipfile never inflates past a part's declared
    size: a part that lies fails its check)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise InvalidInput(field, "không mở được tệp Word (.docx).") from error
    if len(parts) > MAX_PARTS:
        raise InvalidInput(
            field, f"có {len(parts)} phần, quá giới hạn {MAX_PARTS} phần của một tệp Word."
        )
    unpacked = sum(part.file_size for part in parts)
    limit = MAX_UNPACKED_MB * 1024 * 1024
    if unpacked > limit:
        raise InvalidInput(
            field,
            f"giải nén ra {unpacked // (1024 * 1024)} MB, quá giới hạn {_mb(limit)} "
            "của một tệp Word.",
        )


def _docx_lines(data: bytes) -> str:
    import docx
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    length = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
            length += len(lines[-1])
        elif isinstance(block, Table):
            for row in block.rows:
                distinct: list[_Cell] = []  # a merged cell is listed once per grid column it spans
                for cell in row.cells:
                    if not distinct or cell._tc is not distinct[-1]._tc:
                        distinct.append(cell)
                cells = [cell.text.split("\n") for cell in distinct]
                for index in range(max((len(cell) for cell in cells), default=0)):
                    parts = [cell[index] if index < len(cell) else "" for cell in cells]
                    lines.append(_CELL_GAP.join(part.strip() for part in parts).rstrip())
                    length += len(lines[-1])
        if length > MAX_CHARS:
            break  # read_text refuses it; no need to read further
    return "\n".join(lines)


def _pdf(data: bytes, field: str) -> str:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    limit = MAX_UNPACKED_MB * 1024 * 1024
    unpacking: dict[str, Any] = {
        name: limit
        for name in (
            "maximum_declared_stream_length",
            "zlib_maximum_output_length",
            "lzw_maximum_output_length",
            "run_length_maximum_output_length",
            "brotli_maximum_output_length",
        )
    }
    too_big = f"nội dung giải nén quá giới hạn {_mb(limit)} của một tệp PDF."
    try:
        with apply_configuration(**unpacking):
            return _pdf_text(PdfReader(io.BytesIO(data)), field, limit, too_big)
    except InvalidInput:
        raise
    except LimitReachedError as error:
        raise InvalidInput(field, too_big) from error
    except Exception as error:  # pypdf raises many kinds for a damaged file
        raise InvalidInput(field, "không mở được tệp PDF.") from error


def _pdf_text(reader: Any, field: str, limit: int, too_big: str) -> str:
    """The pages' text, once their count and unpacked size are within the limits."""
    catalog: Any = reader.trailer["/Root"]
    count = _page_count(catalog["/Pages"], MAX_PAGES)
    if count > MAX_PAGES:
        raise InvalidInput(
            field,
            f"có hơn {MAX_PAGES} trang, quá giới hạn {MAX_PAGES} trang của một thông báo.",
        )
    pages: list[str] = []
    unpacked, length = 0, 0
    for page in reader.pages:
        contents = page.get_contents()
        unpacked += len(contents.get_data()) if contents is not None else 0
        if unpacked > limit:
            raise InvalidInput(field, too_big)
        pages.append(page.extract_text() or "")
        length += len(pages[-1])
        if length > MAX_CHARS:
            break  # read_text refuses it
    text = "\n".join(pages)
    if not text.strip():
        raise InvalidInput(
            field, "tệp PDF là ảnh quét, không có lớp chữ; hãy dán nội dung hoặc dùng tệp Word."
        )
    return text


def _page_count(root: Any, limit: int) -> int:
    """The pages under the page tree ``root``, counting no further than ``limit`` + 1 (a declared
    /Count may lie; a loop in the tree counts once)."""
    count, stack, seen = 0, [root], set()
    while stack:
        node = stack.pop()
        reference = getattr(node, "idnum", None)
        if reference is not None:
            if reference in seen:
                continue
            seen.add(reference)
        node = node.get_object()
        kids = node.get("/Kids")
        if kids is None:
            count += 1
            if count > limit:
                return count
        else:
            if len(seen) > 10 * limit + 100:
                return limit + 1  # a tree of that many inner nodes is not a notice
            stack.extend(kids)
    return count
