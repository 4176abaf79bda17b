"""Evidence files (tài liệu minh chứng): stored outside the database under generated names.

Rules:

* whoever may update an assignment may attach a file to it; every active user may read any file;
* the type is judged by the content (magic bytes; for Word and Excel the entries of the ZIP),
  and the name's extension must agree with it: a program renamed ``.pdf`` is refused;
* the file is kept as ``<uuid4 hex>.<extension>`` in :func:`evidence_dir`; the user's name is
  kept only in the table, cleaned (NFC, no folders, no control or markup characters), and is
  never used as a path.

The file is written first (to a temporary name in the same folder, then renamed into place, so a
reader never sees half a file) and the row is added in the caller's transaction. If that
transaction fails afterwards, the file stays behind without a row: :func:`orphans` lists such
files so that an administrator (or a scheduled job) can remove them. Files younger than a few
minutes may belong to an upload whose transaction has not committed yet; pass ``min_age``.
"""

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath

from sqlmodel import Session, col, select

from directives import formatting
from directives.config import PROJECT_ROOT, get_settings
from directives.models import Assignment, Conclusion, Evidence, Role, StatusUpdate, User
from directives.services.audit import record, snapshot
from directives.services.errors import InvalidInput, NotFound, PermissionDenied, ServiceError
from directives.services.meta import NO_FIGURES, bump_data_version
from directives.services.permissions import require_active
from directives.services.updates import require_can_update

KIND_BY_EXTENSION: dict[str, str] = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "gif": "gif",
    "webp": "webp",
    "docx": "docx",
    "xlsx": "xlsx",
    "doc": "ole2",
    "xls": "ole2",
}
"""Accepted extensions and the content each must have (``ole2``: legacy Word or Excel)."""

CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
}

KIND_LABELS = {
    "pdf": "PDF",
    "png": "ảnh PNG",
    "jpeg": "ảnh JPEG",
    "gif": "ảnh GIF",
    "webp": "ảnh WebP",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "ole2": "Word/Excel cũ (.doc/.xls)",
}

ALLOWED_TEXT = "PDF, ảnh (PNG, JPEG, GIF, WebP), Word (.docx, .doc), Excel (.xlsx, .xls)"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
DEFAULT_NAME = "tai-lieu-minh-chung"
MAX_NAME_LENGTH = 255  # Evidence.original_name
_STORED_NAME = re.compile(r"^[0-9a-f]{32}\.[a-z]{3,4}$")
_UNSAFE_CHARACTERS = re.compile(r'[<>:"|?*]')  # markup and characters Windows refuses in names


def evidence_dir() -> Path:
    """The folder of evidence files (setting ``DIRECTIVES_EVIDENCE_DIR``)."""
    configured = get_settings().evidence_dir
    return configured if configured is not None else PROJECT_ROOT / "data" / "evidence"


MB = 1_000_000
"""A megabyte as Streamlit's uploader counts it (``max_upload_size`` × 10⁶ bytes in the browser),
so that "1 MB" is the same number of bytes on the page and here."""


def max_mb() -> int:
    """The size limit of one evidence or document file, in MB (``DIRECTIVES_EVIDENCE_MAX_MB``)."""
    return get_settings().evidence_max_mb


def max_bytes() -> int:
    return max_mb() * MB


def uploader_mb() -> int:
    """The cap to give ``st.file_uploader``: above :func:`max_bytes`, so that a file over the
    limit reaches the service, which refuses it in Vietnamese and saves nothing with it (a file
    the browser refuses never reaches the page, and the rest of the form would be saved without
    it). The browser refuses, in English, only files over twice the limit."""
    return 2 * max_mb()


def safe_name(filename: str) -> str:
    """The name to keep and to offer on download: NFC; control, format (e.g. right-to-left
    override) and other invisible characters removed; folders dropped; markup characters
    replaced; never empty, never hidden (leading dot), at most 255 characters."""
    text = unicodedata.normalize("NFC", filename or "")
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    text = re.split(r"[/\\]", text)[-1]
    text = _UNSAFE_CHARACTERS.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if not text:
        return DEFAULT_NAME
    if len(text) > MAX_NAME_LENGTH:
        suffix = PurePosixPath(text).suffix[:10]
        text = text[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .") + suffix
    return text


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def detect_kind(content: bytes) -> str | None:
    """What the bytes are, by their signature: one of the values of :data:`KIND_BY_EXTENSION`,
    or None if they are none of them."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    if content.startswith(OLE2_MAGIC):
        return "ole2"
    if content.startswith(b"PK\x03\x04"):
        return _office_open_xml(content)
    return None


def _office_open_xml(content: bytes) -> str | None:
    """docx or xlsx by the ZIP's entries (names only: nothing is decompressed), or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return None  # macros: a .docm/.xlsm in disguise
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def store(
    actor: User,
    assignment_id: int,
    filename: str,
    content: bytes,
    *,
    session: Session,
    status_update_id: int | None = None,
) -> Evidence:
    """Keep a file for an assignment (optionally for one of its status updates)."""
    require_active(actor)
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(f"Không có phân công số {assignment_id}.")
    require_can_update(actor, assignment)
    if status_update_id is not None:
        update = session.get(StatusUpdate, status_update_id)
        if update is None or update.assignment_id != assignment_id:
            raise InvalidInput("cập nhật", "lần cập nhật này không thuộc nhiệm vụ đang chọn.")
    return _keep(
        actor,
        filename,
        content,
        session=session,
        assignment_id=assignment_id,
        status_update_id=status_update_id,
    )


def store_document(
    actor: User, conclusion_id: int, filename: str, content: bytes, *, session: Session
) -> Evidence:
    """Attach the document of a conclusion notice (the signed PDF or Word file); admins only."""
    require_active(actor)
    if actor.role != Role.ADMIN.value:
        raise PermissionDenied("Chỉ quản trị viên được đính kèm văn bản kết luận.")
    if session.get(Conclusion, conclusion_id) is None:
        raise NotFound(f"Không có kết luận số {conclusion_id}.")
    return _keep(actor, filename, content, session=session, conclusion_id=conclusion_id)


def documents_for(conclusion_id: int, *, session: Session) -> list[Evidence]:
    query = (
        select(Evidence)
        .where(Evidence.conclusion_id == conclusion_id)
        .order_by(col(Evidence.uploaded_at), col(Evidence.id))
    )
    return list(session.exec(query).all())


def check_file(filename: str, content: bytes) -> tuple[str, str]:
    """Refuse a file that cannot be kept (type, emptiness, size, content not matching its name)
    without writing anything: its safe name and extension. Pages check every file of a form
    before saving any of it."""
    name = safe_name(filename)
    extension = extension_of(name)
    if extension not in KIND_BY_EXTENSION:
        raise InvalidInput("tệp", f"chỉ nhận {ALLOWED_TEXT}.")
    if not content:
        raise InvalidInput("tệp", "tệp rỗng.")
    limit = max_bytes()
    if len(content) > limit:
        size, most = formatting.number(len(content)), formatting.number(limit)
        raise InvalidInput(
            "tệp", f"tệp “{name}” lớn hơn {max_mb()} MB ({size} byte, tối đa {most} byte)."
        )
    kind = detect_kind(content)
    if kind is None:
        raise InvalidInput("tệp", f"nội dung tệp không phải {ALLOWED_TEXT}.")
    if KIND_BY_EXTENSION[extension] != kind:
        raise InvalidInput(
            "tệp", f"tên tệp có đuôi .{extension} nhưng nội dung là {KIND_LABELS[kind]}."
        )
    return name, extension


def _keep(
    actor: User,
    filename: str,
    content: bytes,
    *,
    session: Session,
    assignment_id: int | None = None,
    status_update_id: int | None = None,
    conclusion_id: int | None = None,
) -> Evidence:
    """Check the file by its content, write it under a generated name, record the row."""
    name, extension = check_file(filename, content)
    stored_name = f"{uuid.uuid4().hex}.{extension}"
    path = _write(evidence_dir(), stored_name, content)
    evidence = Evidence(
        assignment_id=assignment_id,
        conclusion_id=conclusion_id,
        status_update_id=status_update_id,
        uploaded_by=actor.id,
        original_name=name,
        stored_name=stored_name,
        content_type=CONTENT_TYPES[extension],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    try:
        session.add(evidence)
        session.flush()
        record(
            session=session,
            actor=actor,
            action="evidence.create",
            entity="evidence",
            entity_id=evidence.id,
            after=snapshot(evidence),
        )
        bump_data_version(session=session, since=NO_FIGURES, assignments=())
    except BaseException:
        path.unlink(missing_ok=True)  # the row was not written: no orphan from this side
        raise
    return evidence


def _write(folder: Path, stored_name: str, content: bytes) -> Path:
    """Write to a temporary file in ``folder``, flush it to disk, then rename it into place."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        target = folder / stored_name
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def open_for_download(actor: User, evidence_id: int, *, session: Session) -> tuple[Evidence, bytes]:
    """The row and the file's bytes, checked against the stored SHA-256. Offer the file under
    :func:`download_name` (served as an attachment, with its stored content type)."""
    require_active(actor)
    if actor.role not in {role.value for role in Role}:
        raise PermissionDenied("Tài khoản này không được xem tài liệu minh chứng.")
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise NotFound(f"Không có tài liệu minh chứng số {evidence_id}.")
    path = _stored_path(evidence.stored_name)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"Tệp '{evidence.original_name}' không còn trên máy chủ.") from None
    if hashlib.sha256(content).hexdigest() != evidence.sha256:
        raise ServiceError(
            f"Tệp '{evidence.original_name}' trên máy chủ đã bị thay đổi (mã kiểm tra không khớp)."
        )
    return evidence, content


def download_name(evidence: Evidence) -> str:
    """The user's name, cleaned again, with the extension the content was checked against."""
    name = safe_name(evidence.original_name)
    stored_extension = extension_of(evidence.stored_name)
    if extension_of(name) != stored_extension:
        name = f"{name}.{stored_extension}"
    return name


def for_assignment(assignment_id: int, *, session: Session) -> list[Evidence]:
    query = (
        select(Evidence)
        .where(Evidence.assignment_id == assignment_id)
        .order_by(col(Evidence.uploaded_at), col(Evidence.id))
    )
    return list(session.exec(query).all())


def orphans(*, session: Session, min_age: timedelta = timedelta(0)) -> list[Path]:
    """Files in the evidence folder that no row names (left by failed transactions, or
    interrupted writes), at least ``min_age`` old. Listed, not deleted."""
    folder = evidence_dir()
    if not folder.is_dir():
        return []
    known = set(session.exec(select(Evidence.stored_name)).all())
    cutoff = datetime.now(UTC) - min_age
    found = []
    for path in folder.iterdir():
        if not path.is_file() or path.name in known:
            continue
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if modified <= cutoff:
            found.append(path)
    return sorted(found)


def _stored_path(stored_name: str) -> Path:
    if not _STORED_NAME.fullmatch(stored_name):  # only names this module generated
        raise ServiceError("Tên tệp lưu trữ không hợp lệ.")
    return evidence_dir() / stored_name
