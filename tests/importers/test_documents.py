"""Uploaded notices that are damaged or built to be heavy: each is a Vietnamese refusal naming the
file and the limit, never a library's error."""

import io
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject, NumberObject

from directives.importers import documents
from directives.importers.documents import MAX_CHARS, read_text
from directives.services.errors import InvalidInput


def _docx(*paragraphs: str, rows: int = 0) -> docx.document.Document:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=rows, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "HUYỆN ỦY GIAO THỦY", "ĐẢNG CỘNG SẢN"
    return document


def _bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(pages: int, content: bytes | None = None) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if content is not None:
        stream = DecodedStreamObject()
        stream.set_data(content)
        encoded = stream.flate_encode()
        writer.pages[0][NameObject("/Contents")] = writer._add_object(encoded)
    return writer


def _pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_word_table_row_without_cells_is_read_past() -> None:
    document = _docx("Số 1-TB/HU", "Giao Phòng Y tế kiểm tra.", rows=2)
    row = document.tables[0].rows[1]._tr
    for cell in list(row.tc_lst):
        row.remove(cell)
    text = read_text("thong-bao.docx", _bytes(document))
    assert "HUYỆN ỦY GIAO THỦY    ĐẢNG CỘNG SẢN" in text
    assert "Giao Phòng Y tế kiểm tra." in text


def test_a_utf16_text_with_a_broken_surrogate_says_so() -> None:
    data = b"\xff\xfe" + "Giao Phòng Y tế".encode("utf-16-le") + b"\x00\xd8" + b"a\x00"
    with pytest.raises(InvalidInput, match=r"tệp tb\.txt: không phải văn bản UTF-16"):
        read_text("tb.txt", data)
    assert read_text("tb.txt", b"\xff\xfe" + "Giao An".encode("utf-16-le")) == "Giao An"


def test_a_word_file_that_unpacks_past_the_limit_is_refused_unopened() -> None:
    data = io.BytesIO(_bytes(_docx("Giao Phòng Y tế kiểm tra.")))
    with zipfile.ZipFile(data, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/image1.png", b"\0" * ((documents.MAX_UNPACKED_MB + 1) << 20))
    assert len(data.getvalue()) < 200_000  # small on disk
    with pytest.raises(InvalidInput) as caught:
        read_text("bom.docx", data.getvalue())
    assert str(caught.value).startswith("tệp bom.docx: giải nén ra 51 MB, quá giới hạn 50 MB")


def test_a_word_file_of_too_many_parts_is_refused() -> None:
    data = io.BytesIO(_bytes(_docx("Giao Phòng Y tế kiểm tra.")))
    with zipfile.ZipFile(data, "a") as archive:
        for index in range(documents.MAX_PARTS):
            archive.writestr(f"extra/part{index}.bin", b"")
    with pytest.raises(InvalidInput, match=r"tệp nhieu\.docx: có \d+ phần, quá giới hạn 2000"):
        read_text("nhieu.docx", data.getvalue())


def test_a_word_file_that_is_not_a_zip_or_is_damaged_says_so() -> None:
    whole = _bytes(_docx("Giao Phòng Y tế kiểm tra."))
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(whole)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            target.writestr(
                item, b"<w:document><w:body>" if "document.xml" in item.filename else body
            )
    for data in (b"PK\x03\x04" + b"\0" * 40, whole[: len(whole) // 2], broken.getvalue()):
        with pytest.raises(InvalidInput, match=r"tệp h\.docx: không mở được tệp Word"):
            read_text("h.docx", data)


def test_a_pdf_of_more_pages_than_a_notice_is_refused_by_its_page_tree() -> None:
    writer = _pdf(documents.MAX_PAGES + 1)
    with pytest.raises(InvalidInput, match=r"tệp dai\.pdf: có hơn 200 trang, quá giới hạn 200"):
        read_text("dai.pdf", _pdf_bytes(writer))
    writer.root_object["/Pages"][NameObject("/Count")] = NumberObject(1)  # lies
    with pytest.raises(InvalidInput, match="có hơn 200 trang"):
        read_text("dai.pdf", _pdf_bytes(writer))


def test_a_pdf_whose_content_inflates_past_the_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(documents, "MAX_UNPACKED_MB", 1)
    page = b"BT /F1 12 Tf 72 712 Td (Giao) Tj ET\n" + b" " * (3 << 20)
    assert len(zlib.compress(page)) < 10_000
    with pytest.raises(InvalidInput, match=r"tệp bom\.pdf: nội dung giải nén quá giới hạn 1 MB"):
        read_text("bom.pdf", _pdf_bytes(_pdf(1, page)))


def test_a_damaged_pdf_says_so() -> None:
    whole = _pdf_bytes(_pdf(1, b"BT (Giao) Tj ET"))
    for data in (b"%PDF-1.7\n" + b"\0" * 100, whole[:200], b"%PDF-1.4\n1 0 obj << /Type /Catalog"):
        with pytest.raises(InvalidInput, match=r"tệp h\.pdf: (không mở được|tệp PDF là ảnh)"):
            read_text("h.pdf", data)


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_a_text_longer_than_a_notice_is_refused(suffix: str) -> None:
    line = "Giao Phòng Y tế kiểm tra. " * 40
    text = "\n".join([line] * (MAX_CHARS // len(line) + 2))
    data = text.encode() if suffix == ".txt" else _bytes(_docx(*text.split("\n")))
    with pytest.raises(InvalidInput) as caught:
        read_text(f"dai{suffix}", data)
    assert f"tệp dai{suffix}: dài " in str(caught.value)
    assert "quá giới hạn 500.000 ký tự" in str(caught.value)


def test_pasted_text_longer_than_a_notice_is_refused_by_the_reader() -> None:
    from directives.importers.notice import extract
    from directives.importers.unit_names import UnitDirectory

    with pytest.raises(InvalidInput, match=r"nội dung thông báo: dài 500\.001 ký tự"):
        extract("a" * (MAX_CHARS + 1), UnitDirectory([]))


def test_more_tasks_than_a_notice_gives_are_refused() -> None:
    from directives.importers.notice import extract
    from directives.importers.notice.reader import MAX_TASKS
    from directives.importers.unit_names import UnitDirectory

    items = "".join(f"\n{n % 90 + 1}. Giao Phòng Y tế kiểm tra." for n in range(MAX_TASKS + 1))
    with pytest.raises(InvalidInput, match=r"nội dung thông báo: có hơn 2\.000 nhiệm vụ"):
        extract("Kết luận:" + items, UnitDirectory([]))
    assert len(extract("Kết luận:" + items[:2000], UnitDirectory([])).tasks) > 50


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("tb.txt", b"\xff\xfe" + "Giao".encode("utf-16-le") + b"\x00\xd8"),
        ("tb.pdf", b"%PDF-1.7\n" + b"\0" * 50),
        ("tb.docx", b"PK\x03\x04" + b"\0" * 40),
    ],
)
def test_the_command_line_says_what_is_wrong_without_a_traceback(
    tmp_path: Path, name: str, data: bytes
) -> None:
    from typer.testing import CliRunner

    from directives.cli import app

    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert f"tệp {name}: " in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, ValueError)
