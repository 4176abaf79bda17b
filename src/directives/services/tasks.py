"""Meetings, conclusions, tasks and their assignments; status updates with their history.

Every write checks the actor, writes an :mod:`audit <directives.services.audit>` entry and bumps
the data version, all in the caller's transaction.

In the ``update_*`` corrections, ``None`` leaves a field as it is and an empty string clears an
optional text field; a task's deadline, where ``None`` means "standing", takes :data:`UNCHANGED`
as its default instead.
"""

import dataclasses
import enum
from collections.abc import Iterator, Sequence
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
    table,
)
from directives.services import permissions
from directives.services.audit import record, record_many, snapshot
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


def check_update(request: UpdateRequest, *, assigned_on: date, today: date) -> UpdateRequest:
    """The request as it is saved, or :class:`InvalidInput` naming the field ("tiến độ" or
    "ngày hoàn thành"). The one place for the rules of a status update, shared by
    :func:`record_update` and :func:`record_updates`:

    - progress is a whole number from 0 to 100;
    - "done" needs a completion day, neither after ``today`` nor before the task was assigned
      (``assigned_on``), and means 100%; any other status keeps no completion day;
    - note and evidence are NFC text, None when blank.
    """
    status = Status(request.status)
    progress = request.progress
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise InvalidInput("tiến độ", "phải từ 0 đến 100%.")
    completed_on = request.completed_on
    if status is Status.DONE:
        if completed_on is None:
            raise InvalidInput("ngày hoàn thành", "cần ghi ngày hoàn thành.")
        if completed_on > today:
            raise InvalidInput("ngày hoàn thành", "không được sau ngày hôm nay.")
        if completed_on < assigned_on:
            raise InvalidInput("ngày hoàn thành", "không được trước ngày giao nhiệm vụ.")
        progress = 100
    else:
        completed_on = None
    return UpdateRequest(
        status=status,
        progress=progress,
        note=clean(request.note),
        completed_on=completed_on,
        evidence=clean(request.evidence),
    )


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
    day = today or _local_day(moment)
    checked = check_update(request, assigned_on=task.assigned_on, today=day)
    status, progress, completed_on = checked.status, checked.progress, checked.completed_on
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
        note=checked.note,
        evidence=checked.evidence,
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


# --- many status updates at once (the Excel import) ----------------------------------------------

BULK_CHUNK = 500
"""Assignments read per query by :func:`check_updates` (well under any bound-parameter limit)."""


@dataclass(frozen=True)
class BulkItem:
    """One assignment's report in a batch: like :func:`record_update`'s arguments."""

    assignment_id: int
    request: UpdateRequest
    expected_version: int | None = None


@dataclass(frozen=True)
class UpdateProblem:
    """Why one item of a batch cannot be saved. ``index`` is its position in the batch;
    ``field`` is "phân công" (which assignment, or who may report on it), "phiên bản" (someone
    saved since the version the item names), "tiến độ" or "ngày hoàn thành"."""

    index: int
    field: str
    message: str


class UpdatesRejected(ServiceError):
    """Some items of a batch cannot be saved; nothing was written. ``problems`` lists them all."""

    def __init__(self, problems: list[UpdateProblem]) -> None:
        lines = [f"mục {p.index + 1}, {p.field}: {p.message}" for p in problems]
        super().__init__(f"{len(problems)} cập nhật không lưu được:\n" + "\n".join(lines))
        self.problems = problems


@dataclass(frozen=True)
class _Current:
    assignment_id: int
    unit_id: int
    unit_name: str
    status: str
    progress: int
    completed_on: date | None
    version: int
    assigned_on: date


@dataclass(frozen=True)
class _Change:
    index: int
    current: _Current
    checked: UpdateRequest


@dataclass(frozen=True)
class BulkPlan:
    """What :func:`check_updates` found: the items that change their assignment (``changed``)
    and those equal to what is saved already (``unchanged``), by index; ``problems`` as
    :class:`UpdateProblem`. Nothing is written by checking."""

    changed: list[int]
    unchanged: list[int]
    problems: list[UpdateProblem]
    _changes: list[_Change] = dataclasses.field(default_factory=list, repr=False)


def check_updates(
    *,
    session: Session,
    actor: User,
    items: Sequence[BulkItem],
    today: date | None = None,
    lock: bool = False,
) -> BulkPlan:
    """Check a batch against the database with :func:`record_update`'s rules, every problem at
    once, writing nothing. Leaders and disabled accounts are refused outright
    (:class:`PermissionDenied`).

    An item whose status, progress and completion day (as :func:`check_update` makes them) equal
    the assignment's, with a note that is blank or the latest update's note, is *unchanged*: it
    is skipped whatever its ``expected_version`` and whoever sends it (a secretary may send back
    a whole district's export). Any other item for an assignment the actor may not report on (a
    secretary's for another unit) is a problem ("phân công"), whatever else is wrong with it. A
    changed item whose ``expected_version`` is not the assignment's version is a conflict
    ("phiên bản"): someone saved in between.
    ``lock`` reads the assignments FOR UPDATE (PostgreSQL), as :func:`record_updates` does.
    """
    permissions.require_active(actor)
    if actor.role == Role.LEADER.value:
        raise PermissionDenied("Tài khoản lãnh đạo chỉ được xem, không được cập nhật.")
    day = today or _local_day(datetime.now(UTC))
    current = _current_states([item.assignment_id for item in items], session=session, lock=lock)
    problems: list[UpdateProblem] = []
    candidates: list[_Change] = []
    seen: dict[int, int] = {}
    for index, item in enumerate(items):
        state = current.get(item.assignment_id)
        if state is None:
            problems.append(
                UpdateProblem(index, "phân công", f"không có phân công số {item.assignment_id}.")
            )
            continue
        if item.assignment_id in seen:
            problems.append(
                UpdateProblem(index, "phân công", f"trùng với mục {seen[item.assignment_id] + 1}.")
            )
            continue
        seen[item.assignment_id] = index
        try:
            checked = check_update(item.request, assigned_on=state.assigned_on, today=day)
        except InvalidInput as error:
            if _may_update(actor, state.unit_id):
                problems.append(UpdateProblem(index, error.field, error.message))
            else:
                problems.append(_not_yours(index, state))
            continue
        candidates.append(_Change(index, state, checked))
    same_state = [c for c in candidates if _same_state(c.current, c.checked)]
    notes = _latest_notes(
        [c.current.assignment_id for c in same_state if c.checked.note], session=session
    )
    changed: list[_Change] = []
    unchanged: list[int] = []
    for change in candidates:
        if _same_state(change.current, change.checked) and (
            change.checked.note is None
            or change.checked.note == notes.get(change.current.assignment_id)
        ):
            unchanged.append(change.index)
            continue
        if not _may_update(actor, change.current.unit_id):
            problems.append(_not_yours(change.index, change.current))
            continue
        expected = items[change.index].expected_version
        if expected is not None and expected != change.current.version:
            conflict = _conflict(session, change.current.assignment_id, change.current.version)
            problems.append(UpdateProblem(change.index, "phiên bản", str(conflict)))
            continue
        changed.append(change)
    problems.sort(key=lambda p: p.index)
    return BulkPlan(
        changed=[c.index for c in changed],
        unchanged=unchanged,
        problems=problems,
        _changes=changed,
    )


def record_updates(
    *,
    session: Session,
    actor: User,
    items: Sequence[BulkItem],
    at: datetime | None = None,
    today: date | None = None,
) -> BulkPlan:
    """Save a batch of status updates in the caller's transaction, all or nothing.

    Checks everything first (:func:`check_updates`, with the assignments locked on PostgreSQL)
    and raises :class:`UpdatesRejected` listing every problem, writing nothing. Then, for each
    changed item, in a few statements whatever the batch's size: the assignment is brought in
    step (compare-and-set on its version, as :func:`record_update` does), one
    :class:`StatusUpdate` is appended and one ``assignment.update`` audit entry with the values
    before and after; the data version is bumped once. Unchanged items write nothing.
    """
    plan = check_updates(session=session, actor=actor, items=items, today=today, lock=True)
    if plan.problems:
        raise UpdatesRejected(plan.problems)
    if not plan._changes:
        return plan
    moment = at or datetime.now(UTC)
    a, su = table(Assignment), table(StatusUpdate)
    set_state = (
        sa.update(a)
        .where(a.c.id == sa.bindparam("b_id"), a.c.version == sa.bindparam("b_version"))
        .values(
            status=sa.bindparam("b_status"),
            progress=sa.bindparam("b_progress"),
            completed_on=sa.bindparam("b_completed_on"),
            updated_at=sa.bindparam("b_at", type_=a.c.updated_at.type),
            version=sa.bindparam("b_next"),
        )
    )
    params: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    audited: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    for change in plan._changes:
        now, new = change.current, change.checked
        status = Status(new.status).value
        params.append(
            {
                "b_id": now.assignment_id,
                "b_version": now.version,
                "b_status": status,
                "b_progress": new.progress,
                "b_completed_on": new.completed_on,
                "b_at": moment,
                "b_next": now.version + 1,
            }
        )
        history.append(
            {
                "assignment_id": now.assignment_id,
                "user_id": actor.id,
                "at": moment,
                "from_status": now.status,
                "to_status": status,
                "progress": new.progress,
                "completed_on": new.completed_on,
                "note": new.note,
                "evidence": new.evidence,
            }
        )
        before = {
            "status": now.status,
            "progress": now.progress,
            "completed_on": now.completed_on,
            "version": now.version,
        }
        after = {
            "status": status,
            "progress": new.progress,
            "completed_on": new.completed_on,
            "version": now.version + 1,
        }
        audited.append((now.assignment_id, before, after))
    result = session.execute(set_state, params)
    written = getattr(result, "rowcount", len(params))
    if session.get_bind().dialect.supports_sane_multi_rowcount and written != len(params):
        raise ServiceError(  # the rows were locked: only a database without locks gets here
            "Trong lúc lưu, một số phân công vừa được người khác thay đổi. Chưa lưu gì; hãy "
            "tải lại tệp mẫu và nhập lại."
        )
    session.execute(sa.insert(su), history)
    record_many(
        session=session,
        actor=actor,
        action="assignment.update",
        entity="assignment",
        changes=audited,
        at=moment,
    )
    changed_ids = {c.current.assignment_id for c in plan._changes}
    for row in list(session.identity_map.values()):  # ORM copies now stale
        if isinstance(row, Assignment) and row.id in changed_ids:
            session.expire(row)
    bump_data_version(session=session)
    return plan


def _not_yours(index: int, state: _Current) -> UpdateProblem:
    return UpdateProblem(
        index,
        "phân công",
        f"là việc của {state.unit_name}; tài khoản này chỉ được cập nhật việc của đơn vị mình.",
    )


def _may_update(actor: User, unit_id: int) -> bool:
    if actor.role == Role.ADMIN.value:
        return True
    return actor.role == Role.SECRETARY.value and actor.unit_id == unit_id


def _same_state(current: _Current, checked: UpdateRequest) -> bool:
    return (
        current.status == Status(checked.status).value
        and current.progress == checked.progress
        and current.completed_on == checked.completed_on
    )


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), BULK_CHUNK):
        yield values[start : start + BULK_CHUNK]


def _current_states(ids: Sequence[int], *, session: Session, lock: bool) -> dict[int, _Current]:
    """The saved state of the assignments ``ids`` (those that exist), read in chunks."""
    a, t, u = table(Assignment), table(Task), table(Unit)
    found: dict[int, _Current] = {}
    for chunk in _chunks(sorted(set(ids))):
        query = (
            sa.select(
                a.c.id,
                a.c.unit_id,
                u.c.name,
                a.c.status,
                a.c.progress,
                a.c.completed_on,
                a.c.version,
                t.c.assigned_on,
            )
            .join(t, t.c.id == a.c.task_id)
            .join(u, u.c.id == a.c.unit_id)
            .where(a.c.id.in_(chunk))
        )
        if lock:
            query = query.with_for_update(of=a)
        for row in session.execute(query):
            found[row.id] = _Current(
                assignment_id=row.id,
                unit_id=row.unit_id,
                unit_name=row.name,
                status=str(row.status),
                progress=int(row.progress),
                completed_on=row.completed_on,
                version=int(row.version),
                assigned_on=row.assigned_on,
            )
    return found


def _latest_notes(ids: Sequence[int], *, session: Session) -> dict[int, str | None]:
    """The note of each assignment's latest update (by insertion, as :func:`latest_update`)."""
    su = table(StatusUpdate)
    notes: dict[int, str | None] = {}
    for chunk in _chunks(sorted(set(ids))):
        last = (
            sa.select(sa.func.max(su.c.id))
            .where(su.c.assignment_id.in_(chunk))
            .group_by(su.c.assignment_id)
        )
        rows = session.execute(sa.select(su.c.assignment_id, su.c.note).where(su.c.id.in_(last)))
        notes.update({row.assignment_id: row.note for row in rows})
    return notes


def _local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(get_settings().timezone)).date()


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
