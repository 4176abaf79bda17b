"""Meetings, conclusions, tasks and their assignments; status updates with their history."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from directives.config import get_settings
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
from directives.services.errors import InvalidInput, NotFound, PermissionDenied
from directives.services.meta import bump_data_version
from directives.text import clean, fold


def require_admin(actor: User) -> None:
    if actor.role != Role.ADMIN.value:
        raise PermissionDenied("Chỉ quản trị viên được nhập hội nghị, kết luận và nhiệm vụ.")


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
        full_text=full_text.replace("\r\n", "\n") if full_text else None,
    )
    session.add(conclusion)
    session.flush()
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
    for role, units in ((AssignmentRole.LEAD, leads), (AssignmentRole.SUPPORT, supports)):
        for unit in units:
            assert unit.id is not None
            if unit.id in seen:
                continue
            seen.add(unit.id)
            session.add(Assignment(task_id=task.id, unit_id=unit.id, role=role))
    session.flush()
    bump_data_version(session=session)
    return task


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


def record_update(
    *,
    session: Session,
    actor: User,
    assignment_id: int,
    request: UpdateRequest,
    at: datetime | None = None,
    today: date | None = None,
) -> StatusUpdate:
    """Append one status update and bring the assignment in step with it, in the caller's
    transaction. Secretaries may update only their own unit's assignments.

    ``at`` (when it was recorded, UTC) and ``today`` exist for the demo history and tests.
    """
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound(f"Không có phân công số {assignment_id}.")
    if not can_update(actor, assignment):
        raise PermissionDenied("Tài khoản này không được cập nhật nhiệm vụ của đơn vị khác.")
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
    update = StatusUpdate(
        assignment_id=assignment_id,
        user_id=actor.id,
        at=moment,
        from_status=assignment.status,
        to_status=status,
        progress=progress,
        completed_on=completed_on,
        note=clean(request.note),
        evidence=clean(request.evidence),
    )
    session.add(update)
    assignment.status = status
    assignment.progress = progress
    assignment.completed_on = completed_on
    assignment.updated_at = moment
    assignment.version += 1
    session.add(assignment)
    session.flush()
    bump_data_version(session=session)
    return update


def history(assignment_id: int, *, session: Session) -> list[StatusUpdate]:
    query = (
        select(StatusUpdate)
        .where(StatusUpdate.assignment_id == assignment_id)
        .order_by(StatusUpdate.at, StatusUpdate.id)  # type: ignore[arg-type]
    )
    return list(session.exec(query).all())


def _required(field: str, value: str | None) -> str:
    text = clean(value)
    if not text:
        raise InvalidInput(field, "không được để trống.")
    return text
