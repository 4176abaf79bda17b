"""Evidence files: types judged by content, size limit, safe storage names, download with the
same bytes, who may attach, and files left without a row."""

import hashlib
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import docx
import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from directives.config import get_settings
from directives.db import session_scope
from directives.models import Evidence
from directives.services import evidence
from directives.services.errors import InvalidInput, NotFound, PermissionDenied, ServiceError
from tests.databases import Databases
from tests.factories import World, audit_entries, count, load_world, save, world_db

STORED = re.compile(r"^[0-9a-f]{32}\.[a-z]{3,4}$")


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


@pytest.fixture(autouse=True)
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "evidence"
    monkeypatch.setenv("DIRECTIVES_EVIDENCE_DIR", str(path))
    get_settings.cache_clear()
    return path


# --- tiny valid files ---------------------------------------------------------------------------


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def gif() -> bytes:
    return bytes.fromhex(
        "47494638396101000100800000000000ffffff21f90401000000002c000000000100010000020144003b"
    )


def webp() -> bytes:
    payload = b"WEBPVP8L" + struct.pack("<I", 5) + b"\x2f\x00\x00\x00\x00\x00"
    return b"RIFF" + struct.pack("<I", len(payload)) + payload


def word() -> bytes:
    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả thực hiện")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def excel() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Đơn vị", "Tiến độ"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ole2() -> bytes:
    return evidence.OLE2_MAGIC + bytes(504)


def zip_of(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def windows_program() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(100)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- accepted types -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [
        ("bao-cao.pdf", pdf, "application/pdf"),
        ("anh.png", png, "image/png"),
        ("anh.jpg", jpeg, "image/jpeg"),
        ("ANH.JPEG", jpeg, "image/jpeg"),
        ("anh.gif", gif, "image/gif"),
        ("anh.webp", webp, "image/webp"),
        (
            "bao-cao.docx",
            word,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "so-lieu.xlsx",
            excel,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("cu.doc", ole2, "application/msword"),
        ("cu.xls", ole2, "application/vnd.ms-excel"),
    ],
)
def test_each_allowed_type_is_accepted(
    session: Session, world: World, folder: Path, name: str, make: object, content_type: str
) -> None:
    content = make()  # type: ignore[operator]
    row = evidence.store(world.secretary_a, world.a_id, name, content, session=session)
    assert row.content_type == content_type
    assert row.original_name == name
    assert row.size == len(content)
    assert row.sha256 == hashlib.sha256(content).hexdigest()
    assert STORED.fullmatch(row.stored_name)
    assert row.stored_name.endswith("." + name.rsplit(".", 1)[1].lower())
    assert (folder / row.stored_name).read_bytes() == content
    assert files_in(folder) == [row.stored_name], "no temporary file is left behind"


# --- refused content ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make"),
    [
        pytest.param("bao-cao.pdf", windows_program, id="exe-renamed-pdf"),
        pytest.param("setup.exe", windows_program, id="exe"),
        pytest.param("bao-cao.exe", pdf, id="pdf-named-exe"),
        pytest.param("anh.png", pdf, id="pdf-named-png"),
        pytest.param("bao-cao.pdf", png, id="png-named-pdf"),
        pytest.param("bao-cao.docx", excel, id="xlsx-named-docx"),
        pytest.param("so-lieu.xlsx", word, id="docx-named-xlsx"),
        pytest.param("bao-cao.doc", word, id="docx-named-doc"),
        pytest.param("bao-cao.docx", ole2, id="doc-named-docx"),
        pytest.param("nen.docx", lambda: zip_of({"a.txt": b"x"}), id="plain-zip-named-docx"),
        pytest.param(
            "macro.docx",
            lambda: zip_of(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<w:document/>",
                    "word/vbaProject.bin": b"\x00",
                }
            ),
            id="docm-named-docx",
        ),
        pytest.param("hong.docx", lambda: b"PK\x03\x04 not really a zip", id="broken-zip"),
        pytest.param("trang.pdf", lambda: b"<html><script>alert(1)</script></html>", id="html"),
        pytest.param("bao-cao", pdf, id="no-extension"),
        pytest.param("bao-cao.pdf", lambda: b"", id="empty"),
    ],
)
def test_content_must_be_allowed_and_match_the_extension(
    session: Session, world: World, folder: Path, name: str, make: object
) -> None:
    rows = count(session, "evidence")
    with pytest.raises(InvalidInput) as caught:
        evidence.store(world.secretary_a, world.a_id, name, make(), session=session)  # type: ignore[operator]
    assert caught.value.field == "tệp"
    assert count(session, "evidence") == rows
    assert files_in(folder) == [], "a refused file must not reach the disk"


def test_the_mismatch_message_names_what_the_content_is(session: Session, world: World) -> None:
    with pytest.raises(InvalidInput, match=r"\.pdf.*ảnh PNG"):
        evidence.store(world.secretary_a, world.a_id, "a.pdf", png(), session=session)


def test_size_limit(
    session: Session, world: World, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert evidence.max_bytes() == 20 * 1_000_000, "20 MB unless configured, as Streamlit counts"
    monkeypatch.setenv("DIRECTIVES_EVIDENCE_MAX_MB", "1")
    get_settings.cache_clear()
    limit = 1_000_000  # 1 MB for the service as for Streamlit's uploader
    just_fits = pdf() + b"\n" * (limit - len(pdf()))
    evidence.store(world.secretary_a, world.a_id, "vua.pdf", just_fits, session=session)
    with pytest.raises(InvalidInput, match="1 MB"):
        evidence.store(world.secretary_a, world.a_id, "qua.pdf", just_fits + b"\n", session=session)
    assert count(session, "evidence") == 1
    assert len(files_in(folder)) == 1


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\system32\\x.pdf", "x.pdf"),
        ("/tmp/a/b/c.pdf", "c.pdf"),
        ("bao\x00cao.pdf", "baocao.pdf"),
        ("bao\ncao\r\t.pdf", "baocao.pdf"),
        ("<script>alert(1)</script>.pdf", "script_.pdf"),  # the "/" of "</" is a folder
        ('a"b<c>d|e?f*g:h.pdf', "a_b_c_d_e_f_g_h.pdf"),
        ("\u202efdp.exe.pdf", "fdp.exe.pdf"),  # right-to-left override removed
        (".hidden.pdf", "hidden.pdf"),
        ("../.pdf", "pdf"),  # nothing but the extension's dot: refused below as no extension
        (unicodedata.normalize("NFD", "Báo cáo tháng 3.pdf"), "Báo cáo tháng 3.pdf"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_safe_name(given: str, kept: str) -> None:
    assert evidence.safe_name(given) == kept
    assert unicodedata.is_normalized("NFC", evidence.safe_name(given))


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "../../../../../../tmp/evil.pdf",
        "..\\..\\evil.pdf",
        "a/b/../../../c.pdf",
        "nul\x00byte.pdf",
        "<img src=x onerror=alert(1)>.pdf",
        "/absolute/path.pdf",
    ],
)
def test_hostile_names_are_stored_under_generated_names(
    session: Session, world: World, folder: Path, tmp_path: Path, name: str
) -> None:
    row = evidence.store(world.secretary_a, world.a_id, name, pdf(), session=session)
    assert STORED.fullmatch(row.stored_name)
    assert files_in(folder) == [row.stored_name]
    assert "/" not in row.original_name and "\\" not in row.original_name
    assert "\x00" not in row.original_name and "<" not in row.original_name
    assert not row.original_name.startswith(".")
    assert [p.name for p in tmp_path.iterdir()] == ["evidence"], (
        "nothing written outside the evidence folder"
    )
    _, content = evidence.open_for_download(world.leader, row.id or 0, session=session)
    assert content == pdf()
    assert "/" not in evidence.download_name(row)


def test_folder_is_created_when_missing(session: Session, world: World, folder: Path) -> None:
    assert not folder.exists()
    evidence.store(world.admin, world.a_id, "a.pdf", pdf(), session=session)
    assert folder.is_dir()


# --- download -----------------------------------------------------------------------------------


def test_download_returns_the_same_bytes_to_every_role(session: Session, world: World) -> None:
    content = word()
    row = evidence.store(
        world.secretary_a, world.a_id, "Báo cáo quý I.docx", content, session=session
    )
    for reader in (world.admin, world.leader, world.secretary_a, world.secretary_b):
        found, data = evidence.open_for_download(reader, row.id or 0, session=session)
        assert found.id == row.id
        assert data == content
        assert hashlib.sha256(data).hexdigest() == found.sha256
    assert evidence.download_name(row) == "Báo cáo quý I.docx"


def test_download_refused_to_a_disabled_account(session: Session, world: World) -> None:
    row = evidence.store(world.secretary_a, world.a_id, "a.pdf", pdf(), session=session)
    world.leader.is_active = False
    with pytest.raises(PermissionDenied):
        evidence.open_for_download(world.leader, row.id or 0, session=session)


def test_download_detects_a_changed_or_missing_file(
    session: Session, world: World, folder: Path
) -> None:
    row = evidence.store(world.secretary_a, world.a_id, "a.pdf", pdf(), session=session)
    (folder / row.stored_name).write_bytes(pdf() + b"% changed\n")
    with pytest.raises(ServiceError, match="mã kiểm tra"):
        evidence.open_for_download(world.admin, row.id or 0, session=session)
    (folder / row.stored_name).unlink()
    with pytest.raises(NotFound):
        evidence.open_for_download(world.admin, row.id or 0, session=session)
    with pytest.raises(NotFound):
        evidence.open_for_download(world.admin, 9999, session=session)


def test_a_tampered_stored_name_is_never_followed(session: Session, world: World) -> None:
    row = evidence.store(world.secretary_a, world.a_id, "a.pdf", pdf(), session=session)
    session.execute(
        sa.text("UPDATE evidence SET stored_name = '../../etc/passwd' WHERE id = :id"),
        {"id": row.id},
    )
    session.expire_all()
    with pytest.raises(ServiceError, match="không hợp lệ"):
        evidence.open_for_download(world.admin, row.id or 0, session=session)


# --- who may attach -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["secretary_b", "leader"])
def test_others_may_not_attach(session: Session, world: World, folder: Path, who: str) -> None:
    with pytest.raises(PermissionDenied):
        evidence.store(getattr(world, who), world.a_id, "a.pdf", pdf(), session=session)
    assert count(session, "evidence") == 0
    assert files_in(folder) == []


def test_attach_to_a_status_update(session: Session, world: World) -> None:
    update = save(session, world.secretary_a, world.a_id)
    other = save(session, world.secretary_b, world.b_id)
    row = evidence.store(
        world.secretary_a, world.a_id, "a.pdf", pdf(), session=session, status_update_id=update.id
    )
    assert row.status_update_id == update.id
    with pytest.raises(InvalidInput):
        evidence.store(
            world.secretary_a,
            world.a_id,
            "b.pdf",
            pdf(),
            session=session,
            status_update_id=other.id,  # unit B's update
        )
    assert [e.id for e in evidence.for_assignment(world.a_id, session=session)] == [row.id]


def test_store_is_audited(session: Session, world: World) -> None:
    row = evidence.store(world.secretary_a, world.a_id, "a.pdf", pdf(), session=session)
    (entry,) = audit_entries(session, "evidence.create")
    assert (entry.username, entry.entity, entry.entity_id) == (
        "thuky.giao-an",
        "evidence",
        str(row.id),
    )
    assert row.sha256 in (entry.after or "")


# --- orphans ------------------------------------------------------------------------------------


def test_a_failed_transaction_leaves_an_orphan_that_is_listed(engine: Engine, folder: Path) -> None:
    with session_scope(engine, write=True) as session:
        world = load_world(session)
        kept = evidence.store(world.secretary_a, world.a_id, "giu.pdf", pdf(), session=session)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), session_scope(engine, write=True) as session:
        lost = evidence.store(world.secretary_a, world.a_id, "mat.pdf", pdf(), session=session)
        raise Boom  # e.g. a later step of the same user action fails

    with session_scope(engine) as session:
        assert session.get(Evidence, lost.id) is None, "the row was rolled back"
        assert (folder / lost.stored_name).exists(), "the file was not"
        assert evidence.orphans(session=session) == [folder / lost.stored_name]
        assert evidence.orphans(session=session, min_age=timedelta(hours=1)) == [], (
            "a fresh file may belong to an upload still in progress"
        )
        assert (folder / kept.stored_name).exists()


def test_no_orphans_without_a_folder(session: Session, folder: Path) -> None:
    assert evidence.orphans(session=session) == []
