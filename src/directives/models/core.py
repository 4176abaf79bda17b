"""The core tables: units, meetings, conclusions, tasks, assignments and their updates, accounts,
audit, extensions and evidence. Enumerations are stored as short English codes; labels are in
``directives.i18n``.

No ``from __future__ import annotations`` here: SQLModel reads the annotations at class creation.
"""

import enum
import unicodedata
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from directives.models.base import UTCDateTime, enum_column, utcnow


class UnitKind(enum.StrEnum):
    """Where :mod:`directives.domain` places each kind (local unit or organization) and which
    kinds need a bloc; labels are in ``directives.i18n``. Since 1 July 2025 provinces govern
    communes, wards and special zones directly; districts and towns remain for history."""

    PROVINCE = "province"  # tỉnh, thành phố trực thuộc trung ương
    COMMUNE = "commune"  # xã
    WARD = "ward"  # phường
    SPECIAL_ZONE = "special_zone"  # đặc khu
    VILLAGE = "village"  # thôn, tổ dân phố (under a commune)
    DEPARTMENT = "department"  # sở, ban, ngành; phòng, ban chuyên môn
    ORGANIZATION = "organization"  # cơ quan Đảng, Mặt trận, đoàn thể, lực lượng vũ trang …
    DISTRICT = "district"  # huyện (before 1 July 2025)
    TOWN = "town"  # thị trấn (before 1 July 2025)


class Bloc(enum.StrEnum):
    PARTY = "party"  # khối Đảng
    GOVERNMENT = "government"  # khối chính quyền
    FRONT = "front"  # Mặt trận và các đoàn thể
    ARMED = "armed"  # lực lượng vũ trang


class Role(enum.StrEnum):
    LEADER = "leader"
    SECRETARY = "secretary"
    ADMIN = "admin"


class AssignmentRole(enum.StrEnum):
    LEAD = "lead"  # chủ trì
    SUPPORT = "support"  # phối hợp


class Status(enum.StrEnum):
    """What a unit reports: the stored state of an assignment."""

    NOT_STARTED = "not_started"  # Chưa thực hiện
    IN_PROGRESS = "in_progress"  # Đang thực hiện
    DONE = "done"  # Hoàn thành
    PAUSED = "paused"  # Tạm dừng
    CANCELLED = "cancelled"  # Đã hủy


class Unit(SQLModel, table=True):
    """A commune, town or district organization. Codes repeat over time, so the key is ``id``."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True, index=True)
    code: str | None = Field(default=None, max_length=10, index=True)
    name: str = Field(max_length=200)
    short_name: str | None = Field(default=None, max_length=100)
    kind: UnitKind = Field(sa_type=enum_column())
    bloc: Bloc | None = Field(default=None, sa_type=enum_column())
    valid_from: date | None = None
    valid_to: date | None = None
    successor_id: int | None = Field(default=None, foreign_key="unit.id")
    note: str | None = Field(default=None, max_length=500)
    is_active: bool = True  # deactivated units keep their history but get no new tasks

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Meeting(SQLModel, table=True):
    """A conference or meeting (hội nghị, cuộc họp) whose conclusion sets tasks."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=500)
    held_on: date
    place: str | None = Field(default=None, max_length=300)
    chaired_by: str | None = Field(default=None, max_length=300)
    attendees: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


def conclusion_key(issuer: str, number: str, issued_on: date) -> str:
    """What makes a conclusion one of a kind: its issuer, number and year of issue (an issuer
    restarts its numbering each year, and different issuers use the same numbers), compared
    after NFC, case folding and collapsing spaces: "Huyện ủy  Giao Thủy" and "huyện ủy giao thủy"
    are one issuer."""

    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    return f"{issued_on.year}|{norm(issuer)}|{norm(number)}"


class Conclusion(SQLModel, table=True):
    """The notice that publishes a meeting's conclusion (Thông báo kết luận), or a letter of
    directions (Ý kiến chỉ đạo) with no meeting.

    ``document_key`` is :func:`conclusion_key` of the row, unique: the database itself refuses a
    second conclusion with the same issuer, number and year, whatever writes it."""

    __table_args__ = (sa.UniqueConstraint("document_key"),)

    id: int | None = Field(default=None, primary_key=True)
    # None: a letter of directions (Ý kiến chỉ đạo) that no meeting preceded
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    number: str = Field(max_length=50)  # e.g. 45-TB/HU
    issued_on: date
    issuer: str = Field(max_length=200)
    signer: str | None = Field(default=None, max_length=200)
    title: str = Field(max_length=500)
    summary: str | None = None
    full_text: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    document_key: str  # see conclusion_key


class Task(SQLModel, table=True):
    """One item of a conclusion. Its units are its assignments."""

    id: int | None = Field(default=None, primary_key=True)
    conclusion_id: int = Field(foreign_key="conclusion.id", index=True)
    seq: int  # item number in the notice
    content: str
    search_text: str = ""  # content and field folded (no diacritics, lowercase) for search
    field: str | None = Field(default=None, max_length=200)  # lĩnh vực
    assignees_text: str | None = Field(default=None, max_length=500)  # as the notice words it
    assigned_on: date  # from this day the task counts
    deadline: date | None = Field(default=None, index=True)  # None: standing (thường xuyên)
    original_deadline: date | None = None  # kept when the deadline is extended
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Assignment(SQLModel, table=True):
    """One unit's share of a task, lead or support, with its own status.

    ``status``, ``progress``, ``completed_on`` and ``updated_at`` mirror the latest
    :class:`StatusUpdate`; they are written only together with a new update, in one transaction.
    """

    __table_args__ = (sa.UniqueConstraint("task_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    role: AssignmentRole = Field(sa_type=enum_column())
    status: Status = Field(default=Status.NOT_STARTED, sa_type=enum_column())
    progress: int = 0
    completed_on: date | None = None
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = 0  # optimistic lock: a save names the version it started from
    extended_deadline: date | None = None  # set when an extension request is approved
    counts_from: date | None = None
    """The first day the assignment counts, when later than its task's assigned day: a unit that
    takes over a merged unit's work counts it from the merger's effective day."""
    counts_until: date | None = None
    """The last day the assignment counts: a merged unit's open work, the day before the merger
    takes effect (from then its successor's assignment stands for it)."""


class StatusUpdate(SQLModel, table=True):
    """Append-only history of an assignment: never updated, never deleted.

    ``at`` is when the update was recorded; ``happened_on`` the day (local) the change happened,
    the recording day unless a secretary or administrator gave an earlier one (history brought
    from before the product). An update never happens before its assignment's latest one."""

    __tablename__ = "status_update"
    __table_args__ = (
        sa.Index("ix_status_update_assignment_at", "assignment_id", "at"),
        sa.Index("ix_status_update_at", "at"),
        sa.Index("ix_status_update_assignment_happened", "assignment_id", "happened_on", "at"),
        sa.Index("ix_status_update_happened_on", "happened_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id")
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    at: datetime = Field(sa_type=UTCDateTime)
    happened_on: date
    from_status: Status | None = Field(default=None, sa_type=enum_column())
    to_status: Status = Field(sa_type=enum_column())
    progress: int = 0
    completed_on: date | None = None
    note: str | None = None
    evidence: str | None = Field(default=None, max_length=500)


class User(SQLModel, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True, index=True)
    full_name: str = Field(max_length=200)
    title: str | None = Field(default=None, max_length=200)  # chức vụ
    email: str | None = Field(default=None, max_length=254)  # for reminders and follow-ups
    password_hash: str = Field(max_length=200)
    role: Role = Field(sa_type=enum_column())
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    password_changed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class AppMeta(SQLModel, table=True):
    """Facts about this database: whether it is a demo, the demo's as-of date, …"""

    __tablename__ = "app_meta"

    key: str = Field(primary_key=True, max_length=50)
    value: str = Field(max_length=500)


class DataChange(SQLModel, table=True):
    """One row per data version (see ``services.meta.bump_data_version``): from which day the
    write changed figures (``since``; None: any day) and which assignments' state it changed
    (``assignment_ids``, a JSON list; None: unknown, any). Cached figures of earlier days and the
    in-memory overview store read it to keep what a write did not touch. Old rows are pruned."""

    __tablename__ = "data_change"

    version: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    since: date | None = None
    assignment_ids: str | None = None


class ExtensionStatus(enum.StrEnum):
    PENDING = "pending"  # chờ duyệt
    APPROVED = "approved"  # đã duyệt
    REJECTED = "rejected"  # từ chối


class AuditLog(SQLModel, table=True):
    """Who did what, when, from what to what. Append-only, like the status history."""

    __tablename__ = "audit_log"
    __table_args__ = (sa.Index("ix_audit_log_at", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    username: str | None = Field(default=None, max_length=80)  # as it was then
    address: str | None = Field(default=None, max_length=100)
    action: str = Field(max_length=50, index=True)  # e.g. login_failed, assignment.update
    entity: str | None = Field(default=None, max_length=50)  # table name
    entity_id: str | None = Field(default=None, max_length=50)
    before: str | None = None  # JSON
    after: str | None = None  # JSON


class LoginAttempt(SQLModel, table=True):
    """Every login try, to throttle guessing per account and per address."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        sa.Index("ix_login_attempt_username_at", "username", "at"),
        sa.Index("ix_login_attempt_address_at", "address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    username: str = Field(max_length=80)
    address: str | None = Field(default=None, max_length=100)
    succeeded: bool = False


class UserSession(SQLModel, table=True):
    """A server-side login: the browser keeps the token, the database only its SHA-256."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    address: str | None = Field(default=None, max_length=100)


class ExtensionRequest(SQLModel, table=True):
    """A unit asks for more time on its assignment (xin gia hạn); an administrator decides."""

    __tablename__ = "extension_request"
    __table_args__ = (
        # At most one request waits for a decision per assignment, whatever writes it.
        sa.Index(
            "uq_extension_request_pending",
            "assignment_id",
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", index=True)
    requested_by: int = Field(foreign_key="app_user.id")
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    current_deadline: date | None = None
    proposed_deadline: date
    reason: str
    status: ExtensionStatus = Field(default=ExtensionStatus.PENDING, sa_type=enum_column())
    decided_by: int | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_note: str | None = None


class Evidence(SQLModel, table=True):
    """A file kept outside the database under a generated name: evidence of an assignment (and
    of one of its status updates), or the document of a conclusion notice."""

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int | None = Field(default=None, foreign_key="assignment.id", index=True)
    conclusion_id: int | None = Field(default=None, foreign_key="conclusion.id", index=True)
    status_update_id: int | None = Field(default=None, foreign_key="status_update.id")
    uploaded_by: int | None = Field(default=None, foreign_key="app_user.id")
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    original_name: str = Field(max_length=255)
    stored_name: str = Field(max_length=100, unique=True)
    content_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
