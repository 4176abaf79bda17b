"""Hostile input for the notice reader: any bytes as any of the accepted files, damaged Word and
PDF files, any text, and heavy generated text (one piece repeated up to the length a notice may
have). Each either reads or is refused with :class:`InvalidInput`; the slowest input and the
largest peak of memory are printed at the end of the run (``make fuzz`` goes to the full
500,000 characters)."""

import io
from collections.abc import Callable
from datetime import date

import docx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from directives.formatting import number
from directives.importers.documents import MAX_CHARS, SUFFIXES, read_text
from directives.importers.notice import WARNING_ORDER, Proposal, extract
from directives.importers.unit_names import UnitDirectory, UnitRecord
from directives.services.errors import InvalidInput
from tests.fuzz import examples, fuzz, measured

DIRECTORY = UnitDirectory(
    [
        UnitRecord("Phòng Y tế", id=1),
        UnitRecord("Ủy ban nhân dân huyện", short_name="UBND huyện", id=2),
        UnitRecord("Xã Giao An", kind="commune", id=3),
        UnitRecord("Ban Dân vận Huyện ủy", id=4),
    ],
    date(2021, 1, 12),
)
HEAVY_CHARS = min(MAX_CHARS, examples(25_000))
"""How long the heavy texts are: 25,000 characters in the suite, all 500,000 under make fuzz."""
HEAVY_PIECES = [
    "Giao ",
    "1.1.1.",
    "Giao Phòng Y tế, ",
    "Giao Phòng Y tế chủ trì, phối hợp với ",
    "Phòng Y tế kiểm tra; ",
    "; hoàn thành trước ngày 31/02/2021",
    "trước ngày 1/1/2021 ",
    "thường xuyên ",
    "\n1. Giao Phòng Y tế kiểm tra.",
    "\n- a",
    "\na) ",
    "Chi cục A B C D E F ",
    "các xóm ",
    "UBND xã Giao An, ",
    "Kết luận:\n",
    "THÔNG BÁO\n",
    '"(',
    "Ngày 1/1/2021. ",
    "quý II.2021 tháng 3/2021 ",
    "từ ngày 1/1 đến ngày ",
    " ",
    "\n",
    "a",
    "\u0301",
]


def _checked(proposal: Proposal) -> None:
    for task in proposal.tasks:
        assert task.text == task.text.strip()
        assert {w.code for w in task.warnings} <= set(WARNING_ORDER)


def _read(name: str, data: bytes) -> None:
    try:
        text = read_text(name, data)
    except InvalidInput as error:
        assert error.field == f"tệp {name}" and error.message
        return
    assert len(text) <= MAX_CHARS
    _checked(extract(text, DIRECTORY))


def _heavy(record: Callable[[str, object], None], text: str, piece: str) -> None:
    """Read a heavy text, measured: a proposal, or the refusal of more tasks than a notice has."""
    what = f"{piece!r} repeated, {number(len(text))} characters"

    def run() -> Proposal | None:
        try:
            return extract(text, DIRECTORY)
        except InvalidInput as error:
            assert error.field == "nội dung thông báo" and "nhiệm vụ" in error.message
            return None

    proposal = measured(record, what, run)
    if proposal is not None:
        _checked(proposal)


@pytest.mark.fuzz
@fuzz(300)
@given(st.binary(max_size=3_000), st.sampled_from(SUFFIXES))
@example(b"\xff\xfe" + "Giao".encode("utf-16-le") + b"\x00\xd8", ".txt")
@example(b"\xfe\xff\xd8\x00", ".txt")
@example(b"PK\x05\x06" + b"\0" * 18, ".docx")
@example(b"%PDF-1.7\n%%EOF", ".pdf")
def test_any_bytes_are_read_or_refused(data: bytes, suffix: str) -> None:
    _read(f"tb{suffix}", data)


def _word() -> bytes:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "HUYỆN ỦY GIAO THỦY"
    document.add_paragraph("Kết luận:")
    document.add_paragraph("1. Giao Phòng Y tế kiểm tra trước ngày 30/6/2021.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 72 712 Td (Giao Phong Y te kiem tra) Tj ET")
    writer.pages[0][NameObject("/Contents")] = writer._add_object(stream.flate_encode())
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


FILES = {".docx": _word(), ".pdf": _pdf()}


@pytest.mark.fuzz
@fuzz(200)
@given(
    st.sampled_from(sorted(FILES)),
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=12),
    st.floats(0.05, 1),
)
def test_damaged_word_and_pdf_files_are_read_or_refused(
    suffix: str, changes: list[tuple[float, int]], kept: float
) -> None:
    data = bytearray(FILES[suffix])
    for where, value in changes:
        data[int(where * len(data))] = value
    _read(f"hong{suffix}", bytes(data[: max(1, int(kept * len(data)))]))


@pytest.mark.fuzz
@fuzz(500)
@given(st.text(st.characters(codec="utf-8"), max_size=2_000), st.none() | st.dates())
def test_any_text_reads(text: str, issued: date | None) -> None:
    _checked(extract(text, DIRECTORY, issued=issued))


@pytest.mark.fuzz
@fuzz(25)
@given(
    st.sampled_from(HEAVY_PIECES) | st.text(min_size=1, max_size=12),
    st.integers(1, HEAVY_CHARS),
    st.sampled_from(["", "Kết luận:\n1. Giao Phòng Y tế kiểm tra ", "THÔNG BÁO\nKết luận:\n- "]),
)
def test_heavy_generated_text_reads_in_bounded_work(
    record_property: Callable[[str, object], None], piece: str, length: int, lead: str
) -> None:
    _heavy(record_property, (lead + piece * (length // len(piece) + 1))[:length], piece)


@pytest.mark.fuzz
@pytest.mark.parametrize("piece", HEAVY_PIECES)
def test_each_heavy_piece_at_the_full_length(
    record_property: Callable[[str, object], None], piece: str
) -> None:
    text = ("Kết luận:\n1. " + piece * (HEAVY_CHARS // len(piece) + 1))[:HEAVY_CHARS]
    _heavy(record_property, text, piece)
