"""Meetings, conclusions, tasks and their assignments; status updates with their history.

Every write checks the actor, writes an :mod:`audit <directives.services.audit>` entry and bumps
the data version, all in the caller's transaction.

In the ``update_*`` corrections, ``None`` leaves a field as it is and an empty string clears an
optional text field; a task's deadline, where ``None`` means "standing", takes :data:`UNCHANGED`
as its default instead.
"""

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from directives.config import get_settings
from directives.formatting import moment as format_moment
from directives.formatting import number
from directives.i18n import label
from directives.models import (
    Assignment,
    AssignmentRole,
    Conclusion,
    Meeting,
    Role,
    Status,
    StatusUpdate,
    Task,
    Unit,
    User,
)
from directives.services import permissions
from directives.services.audit import record, snapshot
from directives.services.errors import InvalidInput, NotFound, PermissionDenied, ServiceError
from directives.services.meta import bump_data_version
from directives.services.units import expand_collective
from directives.text import clean, fold

ASSIGNMENT_FIELDS = ("status", "progress", "completed_on", "version")
"""What the audit log keeps of an assignment when its status changes."""


class Conflict(ServiceError):
    """Someone else saved the assignment after this user's form was filled: nothing was written.

    ``latest`` is a copy (not attached to any session, so it survives the rollback that usually
    follows) of the update that was saved first, None only if the version moved without one;
    ``latest_by`` names its author; ``current_version`` is the version to resubmit with once the
    user has looked again.
    """

    def __init__(
        self,
        message: str,
        *,
        latest: StatusUpdate | None,
        latest_by: str | None,
        current_version: int,
    ) -> None:
        super().__init__(message)
        self.latest = latest
        self.latest_by = latest_by
        self.current_version = current_version


class Unchanged(enum.Enum):
    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED
"""Default of arguments where ``None`` is a value (a standing task has the deadline None)."""


def require_admin(actor: User, what: str = "nhập và sửa hội nghị, kết luận và nhiệm vụ") -> None:
    permissions.require_admin(actor, what)


# --- meetings, conclusions, tasks ----------------------------------------------------------------


def create_meeting(
    *,
    session: Session,
    actor: User,
    title: str,
    held_on: date,
    place: str | None = None,
    chaired_by: str | None = None,
    attendees: str | None = None,
) -> Meeting:
    require_admin(actor)
    meeting = Meeting(
        title=_required("tên hội nghị", title),
        held_on=held_on,
        place=clean(place),
        chaired_by=clean(chaired_by),
        attendees=clean(attendees),
    )
    session.add(meeting)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="meeting.create",
        entity="meeting",
        entity_id=meeting.id,
        after=snapshot(meeting),
    )
    bump_data_version(session=session)
    return meeting


def create_conclusion(
    *,
    session: Session,
    actor: User,
    meeting: Meeting,
    number: str,
    issued_on: date,
    issuer: str,
    title: str,
    signer: str | None = None,
    summary: str | None = None,
    full_text: str | None = None,
) -> Conclusion:
    require_admin(actor)
    if issued_on < meeting.held_on:
        raise InvalidInput("ngày ban hành", "không được trước ngày họp.")
    assert meeting.id is not None
    conclusion = Conclusion(
        meeting_id=meeting.id,
        number=_required("số hiệu", number),
        issued_on=issued_on,
        issuer=_required("cơ quan ban hành", issuer),
        signer=clean(signer),
        title=_required("trích yếu", title),
        summary=clean(summary),
        full_text=_full_text(full_text),
    )
    session.add(conclusion)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="conclusion.create",
        entity="conclusion",
        entity_id=conclusion.id,
        after=snapshot(conclusion),
    )
    bump_data_version(session=session)
    return conclusion


def create_task(
    *,
    session: Session,
    actor: User,
    conclusion: Conclusion,
    seq: int,
    content: str,
    leads: list[Unit],
    supports: list[Unit] = [],  # noqa: B006  (never mutated)
    deadline: date | None = None,
    field: str | None = None,
    assignees_text: str | None = None,
) -> Task:
    """A task and one assignment per unit: leads (chủ trì) first, then supports (phối hợp).

    A unit named both as lead and support is kept as lead only.
    """
    require_admin(actor)
    if not leads:
        raise InvalidInput("đơn vị chủ trì", "nhiệm vụ cần ít nhất một đơn vị chủ trì.")
    if deadline is not None and deadline < conclusion.issued_on:
        raise InvalidInput("thời hạn", "thời hạn không được trước ngày ban hành kết luận.")
    assert conclusion.id is not None
    task = Task(
        conclusion_id=conclusion.id,
        seq=seq,
        content=_required("nội dung", content),
        search_text=fold(f"{content} {field or ''}"),
        field=clean(field),
        assignees_text=clean(assignees_text),
        assigned_on=conclusion.issued_on,
        deadline=deadline,
        original_deadline=deadline,
    )
    session.add(task)
    session.flush()
    assert task.id is not None
    seen: set[int] = set()
    created: list[Assignment] = []
    for role, units in ((AssignmentRole.LEAD, leads), (AssignmentRole.SUPPORT, supports)):
        for unit in units:
            assert unit.id is not None
            if unit.id in seen:
                continue
            seen.add(unit.id)
            assignment = Assignment(task_id=task.id, unit_id=unit.id, role=role)
            session.add(assignment)
            created.append(assignment)
    session.flush()
    after = snapshot(task) or {}
    after["assignments"] = [{"unit_id": a.unit_id, "role": a.role} for a in created]
    record(
        session=session,
        actor=actor,
        action="task.create",
        entity="task",
        entity_id=task.id,
        after=after,
    )
    bump_data_version(session=session)
    return task


def update_meeting(
    actor: User,
    meeting_id: int,
    *,
    session: Session,
    title: str | None = None,
    held_on: date | None = None,
    place: str | None = None,
    chaired_by: str | None = None,
    attendees: str | None = None,
) -> Meeting:
    """Correct a meeting. The day it was held cannot move after one of its conclusions."""
    require_admin(actor)
    meeting = _get(session, Meeting, meeting_id, "hội nghị")
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = _required("tên hội nghị", title)
    if held_on is not None:
        first_issued = session.exec(
            select(sa.func.min(Conclusion.issued_on)).where(Conclusion.meeting_id == meeting_id)
        ).one()
        if first_issued is not None and held_on > first_issued:
            raise InvalidInput("ngày họp", "không được sau ngày ban hành kết luận của hội nghị.")
        changes["held_on"] = held_on
    for name, value in (("place", place), ("chaired_by", chaired_by), ("attendees", attendees)):
        if value is not None:
            changes[name] = clean(value)
    _apply_audited(session, actor, meeting, "meeting", meeting_id, changes)
    return meeting


def update_conclusion(
    actor: User,
    conclusion_id: int,
    *,
    session: Session,
    number: str | None = None,
    issued_on: date | None = None,
    issuer: str | None = None,
    title: str | None = None,
    signer: str | None = None,
    summary: str | None = None,
    full_text: str | None = None,
) -> Conclusion:
    """Correct a conclusion. A new issue day moves its tasks' assigned day with it, so it must
    not fall before the meeting nor after a task's deadline or a reported completion."""
    require_admin(actor)
    conclusion = _get(session, Conclusion, conclusion_id, "kết luận")
    changes: dict[str, Any] = {}
    if number is not None:
        changes["number"] = _required("số hiệu", number)
    if issuer is not None:
        changes["issuer"] = _required("cơ quan ban hành", issuer)
    if title is not None:
        changes["title"] = _required("trích yếu", title)
    if signer is not None:
        changes["signer"] = clean(signer)
    if summary is not None:
        changes["summary"] = clean(summary)
    if full_text is not None:
        changes["full_text"] = _full_text(full_text)
    moved: list[Task] = []
    if issued_on is not None and issued_on != conclusion.issued_on:
        meeting = session.get(Meeting, conclusion.meeting_id)
        assert meeting is not None
        if issued_on < meeting.held_on:
            raise InvalidInput("ngày ban hành", "không được trước ngày họp.")
        tasks = list(session.exec(select(Task).where(Task.conclusion_id == conclusion_id)).all())
        deadlines = [d for t in tasks for d in (t.deadline, t.original_deadline) if d is not None]
        if deadlines and issued_on > min(deadlines):
            raise InvalidInput("ngày ban hành", "không được sau thời hạn của một nhiệm vụ.")
        first_done = session.exec(
            select(sa.func.min(Assignment.completed_on)).where(
                col(Assignment.task_id).in_([t.id for t in tasks])
            )
        ).one()
        if first_done is not None and issued_on > first_done:
            raise InvalidInput("ngày ban hành", "không được sau ngày một đơn vị đã hoàn thành.")
        moved = [t for t in tasks if t.assigned_on == conclusion.issued_on]
        changes["issued_on"] = issued_on
    for task in moved:  # all checks passed: nothing below refuses
        assert task.id is not None
        _apply_audited(session, actor, task, "task", task.id, {"assigned_on": issued_on})
    _apply_audited(session, actor, conclusion, "conclusion", conclusion_id, changes)
    return conclusion


def update_task(
    actor: User,
    task_id: int,
    *,
    session: Session,
    content: str | None = None,
    field: str | None = None,
    assignees_text: str | None = None,
    seq: int | None = None,
    deadline: date | Unchanged | None = UNCHANGED,
    fix_original: bool = False,
) -> Task:
    """Correct a task (administrators only).

    A new ``deadline`` leaves ``original_deadline`` as it was, so reports "against the original
    deadline" still judge by what the notice set; ``fix_original=True`` corrects both (for a
    deadline typed wrongly). Approved extensions that the new deadline overtakes are dropped: a
    unit's deadline is never earlier than the task's.
    """
    require_admin(actor)
    task = _get(session, Task, task_id, "nhiệm vụ")
    changes: dict[str, Any] = {}
    if content is not None:
        changes["content"] = _required("nội dung", content)
    if field is not None:
        changes["field"] = clean(field)
    if assignees_text is not None:
        changes["assignees_text"] = clean(assignees_text)
    if seq is not None:
        if seq < 1:
            raise InvalidInput("số thứ tự", "phải từ 1 trở lên.")
        changes["seq"] = seq
    overtaken: list[Assignment] = []
    if not isinstance(deadline, Unchanged):
        if deadline is not None and deadline < task.assigned_on:
            raise InvalidInput("thời hạn", "thời hạn không được trước ngày giao nhiệm vụ.")
        changes["deadline"] = deadline
        if fix_original:
            changes["original_deadline"] = deadline
        extended = select(Assignment).where(
            Assignment.task_id == task_id, col(Assignment.extended_deadline).is_not(None)
        )
        overtaken = [
            a
            for a in session.exec(extended).all()
            if deadline is None
            or (a.extended_deadline is not None and a.extended_deadline <= deadline)
        ]
    if "content" in changes or "field" in changes:
        content_now = changes.get("content", task.content)
        field_now = changes.get("field", task.field)
        changes["search_text"] = fold(f"{content_now} {field_now or ''}")
    for assignment in overtaken:  # all checks passed: nothing below refuses
        assert assignment.id is not None
        _apply_audited(
            session, actor, assignment, "assignment", assignment.id, {"extended_deadline": None}
        )
    _apply_audited(session, actor, task, "task", task_id, changes)
    return task


def add_assignees(
    actor: User,
    task_id: int,
    names: list[str],
    role: AssignmentRole,
    *,
    session: Session,
) -> list[Assignment]:
    """Give a task to more units. Each name is a unit's slug or a collective such as "các xã,
    thị trấn" (its members on the task's assigned day). Units already on the task are skipped;
    a unit named by slug must exist, be active and exist on that day. Returns the new assignments.
    """
    require_admin(actor)
    task = _get(session, Task, task_id, "nhiệm vụ")
    role = AssignmentRole(role)
    wanted = [clean(name) for name in names]
    if not any(wanted):
        raise InvalidInput("đơn vị", "cần ít nhất một đơn vị.")
    units: list[Unit] = []
    for name in wanted:
        if not name:
            continue
        unit = session.exec(select(Unit).where(Unit.slug == name)).first()
        if unit is None:
            try:
                members = expand_collective(name, task.assigned_on, session=session)
            except InvalidInput:
                raise InvalidInput(
                    "đơn vị", f"'{name}' không phải mã đơn vị hay tên nhóm đơn vị đã biết."
                ) from None
            units.extend(members)
            continue
        if not unit.is_active or not unit.valid_on(task.assigned_on):
            raise InvalidInput("đơn vị", f"'{unit.name}' không hoạt động vào ngày giao nhiệm vụ.")
        units.append(unit)
    existing = set(
        session.exec(select(Assignment.unit_id).where(Assignment.task_id == task_id)).all()
    )
    created: list[Assignment] = []
    for unit in units:
        assert unit.id is not None
        if unit.id in existing or not unit.is_active:
            continue
        existing.add(unit.id)
        assignment = Assignment(task_id=task_id, unit_id=unit.id, role=role)
        session.add(assignment)
        created.append(assignment)
    session.flush()
    for assignment in created:
        record(
            session=session,
            actor=actor,
            action="assignment.create",
            entity="assignment",
            entity_id=assignment.id,
            after=snapshot(assignment),
        )
    if created:
        bump_data_version(session=session)
    return created


# --- status updates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateRequest:
    """What a unit reports about one assignment."""

    status: Status
    progress: int
    note: str | None = None
    completed_on: date | None = None
    evidence: str | None = None


def can_update(actor: User, assignment: Assignment) -> bool:
    if not actor.is_active:
        return False
    if actor.role == Role.ADMIN.value:
        return True
    return actor.role == Role.SECRETARY.value and actor.unit_id == assignment.unit_id


def require_can_update(actor: User, assignment: Assignment) -> None:
    """Secretaries act for their own unit's assignments, administrators for all."""
    permissions.require_active(actor)
    if not can_update(actor, assignment):
        if actor.role == Role.LEADER.value:
            raise PermissionDenied("Tài khoản lãnh đạo chỉ được xem, không được cập nhật.")
        raise PermissionDenied("Tài khoản này không được cập nhật nhiệm vụ của đơn vị khác.")


def record_update(
    *,
    session: Session,
    actor: User,
    assignment_id: int,
    request: UpdateRequest,
    at: datetime | None = None,
    today: date | None = None,
    expected_version: int | None = None,
) -> StatusUpdate:
    """Append one status update and bring the assignment in step with it, in the caller's
    transaction. Secretaries may update only their own unit's assignments.

    ``expected_version`` is the assignment's version the user's form was filled from: if someone
    saved since, :class:`Conflict` is raised and nothing is written. Without it the update is
    still applied atomically (compare-and-set on the version read here).

    ``at`` (when it was recorded, UTC) and ``today`` exist for the demo history and tests.
    """
    permissions.require_active(actor)
    # Read the row afresh (not an identity-map copy from an earlier transaction), locked on
    # PostgreSQL; SQLite write transactions are already serialised (BEGIN IMMEDIATE).
    assignment = session.get(
        Assignment, assignment_id, populate_existing=True, with_for_update=True
    )
    if assignment is None:
        raise NotFound(f"Không có phân công số {assignment_id}.")
    require_can_update(actor, assignment)
    current_version = assignment.version
    if expected_version is not None and expected_version != current_version:
        raise _conflict(session, assignment_id, current_version)
    task = session.get(Task, assignment.task_id)
    assert task is not None
    moment = at or datetime.now(UTC)
    day = today or moment.astimezone(ZoneInfo(get_settings().timezone)).date()
    status = Status(request.status)
    if not 0 <= request.progress <= 100:
        raise InvalidInput("tiến độ", "phải từ 0 đến 100%.")
    completed_on = request.completed_on
    if status is Status.DONE:
        if completed_on is None:
            raise InvalidInput("ngày hoàn thành", "cần ghi ngày hoàn thành.")
        if completed_on > day:
            raise InvalidInput("ngày hoàn thành", "không được sau ngày hôm nay.")
        if completed_on < task.assigned_on:
            raise InvalidInput("ngày hoàn thành", "không được trước ngày giao nhiệm vụ.")
        progress = 100
    else:
        completed_on = None
        progress = request.progress
    before = snapshot(assignment, ASSIGNMENT_FIELDS)
    from_status = Status(assignment.status)
    changed = session.exec(
        sa.update(Assignment)
        .where(col(Assignment.id) == assignment_id, col(Assignment.version) == current_version)
        .values(
            status=status,
            progress=progress,
            completed_on=completed_on,
            updated_at=moment,
            version=current_version + 1,
        )
    )
    if changed.rowcount != 1:  # someone else's write slipped in since the read above
        fresh = session.get(Assignment, assignment_id, populate_existing=True)
        raise _conflict(session, assignment_id, fresh.version if fresh else current_version + 1)
    update = StatusUpdate(
        assignment_id=assignment_id,
        user_id=actor.id,
        at=moment,
        from_status=from_status,
        to_status=status,
        progress=progress,
        completed_on=completed_on,
        note=clean(request.note),
        evidence=clean(request.evidence),
    )
    session.add(update)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="assignment.update",
        entity="assignment",
        entity_id=assignment_id,
        before=before,
        after=snapshot(assignment, ASSIGNMENT_FIELDS),
        at=moment,
    )
    bump_data_version(session=session)
    return update


def latest_update(assignment_id: int, *, session: Session) -> StatusUpdate | None:
    """The update saved last (by insertion, which is what moved the version)."""
    query = (
        select(StatusUpdate)
        .where(StatusUpdate.assignment_id == assignment_id)
        .order_by(col(StatusUpdate.id).desc())
        .limit(1)
    )
    return session.exec(query).first()


def _conflict(session: Session, assignment_id: int, current_version: int) -> Conflict:
    latest = latest_update(assignment_id, session=session)
    if latest is None:
        message = (
            "Phân công này vừa được người khác thay đổi. Thay đổi của bạn chưa được lưu; "
            "hãy tải lại và nhập lại."
        )
        return Conflict(message, latest=None, latest_by=None, current_version=current_version)
    author = session.get(User, latest.user_id) if latest.user_id is not None else None
    who = f"{author.full_name} ({author.username})" if author else "Một người dùng khác"
    when = format_moment(latest.at, get_settings().timezone)
    parts = [
        f"trạng thái {label('status', latest.from_status)} → {label('status', latest.to_status)}",
        f"tiến độ {number(latest.progress)}%",
    ]
    if latest.completed_on is not None:
        parts.append(f"ngày hoàn thành {latest.completed_on:%d/%m/%Y}")
    parts.append(f"ghi chú: “{latest.note}”" if latest.note else "không ghi chú")
    message = (
        f"{who} đã lưu cập nhật trước bạn lúc {when}: {'; '.join(parts)}. "
        "Thay đổi của bạn chưa được lưu; hãy xem lại nội dung mới rồi lưu lại nếu vẫn cần."
    )
    return Conflict(
        message,
        latest=StatusUpdate(**(snapshot(latest) or {})),
        latest_by=author.full_name if author else None,
        current_version=current_version,
    )


def history(assignment_id: int, *, session: Session) -> list[StatusUpdate]:
    query = (
        select(StatusUpdate)
        .where(StatusUpdate.assignment_id == assignment_id)
        .order_by(StatusUpdate.at, StatusUpdate.id)  # type: ignore[arg-type]
    )
    return list(session.exec(query).all())


# --- helpers ------------------------------------------------------------------------------------


Row = TypeVar("Row", Meeting, Conclusion, Task)


def _get(session: Session, model: type[Row], row_id: int, what: str) -> Row:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"Không có {what} số {row_id}.")
    return row


def _apply_audited(
    session: Session,
    actor: User,
    row: Meeting | Conclusion | Task | Assignment,
    entity: str,
    entity_id: int,
    changes: dict[str, Any],
) -> None:
    """Set the validated ``changes`` on ``row``, flush, and audit the fields that really changed
    (with their values before and after); nothing at all if none did."""
    before = snapshot(row) or {}
    for name, value in changes.items():
        setattr(row, name, value)
    after = snapshot(row) or {}
    changed = [key for key in after if key != "search_text" and before.get(key) != after[key]]
    if not changed:
        return
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        action=f"{entity}.update",
        entity=entity,
        entity_id=entity_id,
        before={key: before.get(key) for key in changed},
        after={key: after[key] for key in changed},
    )
    bump_data_version(session=session)


def _full_text(value: str | None) -> str | None:
    return value.replace("\r\n", "\n") if value else None


def _required(field: str, value: str | None) -> str:
    text = clean(value)
    if not text:
        raise InvalidInput(field, "không được để trống.")
    return text
