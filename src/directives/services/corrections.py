"""Corrections to meetings, conclusions and tasks that were entered, and giving a task to more
units (administrators only). Every change is audited with its values before and after.

``None`` leaves a field as it is and an empty string clears an optional text field; a task's
deadline, where ``None`` means "standing", takes :data:`UNCHANGED` as its default instead. Text is
checked as :mod:`directives.services.conclusions` checks it when it is entered (blank, length), and
a new number, issuer or issue day must not make the conclusion a duplicate of another.
"""

import enum
from datetime import date
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, select

from directives.models import (
    Assignment,
    AssignmentRole,
    Conclusion,
    Evidence,
    ExtensionRequest,
    Meeting,
    Status,
    StatusUpdate,
    Task,
    Unit,
    User,
    conclusion_key,
)
from directives.queries.conclusions import assignment_ids
from directives.services import permissions
from directives.services.audit import record, snapshot
from directives.services.conclusions import (
    WHAT,
    checked_text,
    create_task,
    duplicate_message,
    duplicate_of,
    optional_text,
    stored_full_text,
)
from directives.services.errors import InvalidInput, NotFound
from directives.services.meta import bump_data_version
from directives.services.resolution import expand_collective
from directives.text import clean, fold


class Unchanged(enum.Enum):
    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED
"""Default of arguments where ``None`` is a value (a standing task has the deadline None)."""


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
    permissions.require_admin(actor, WHAT)
    meeting = _get(session, Meeting, meeting_id, "hội nghị")
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = checked_text(Meeting, "title", title, required=True)
    if held_on is not None:
        first_issued = session.exec(
            select(sa.func.min(Conclusion.issued_on)).where(Conclusion.meeting_id == meeting_id)
        ).one()
        if first_issued is not None and held_on > first_issued:
            raise InvalidInput("ngày họp", "không được sau ngày ban hành kết luận của hội nghị.")
        changes["held_on"] = held_on
    for name, value in (("place", place), ("chaired_by", chaired_by)):
        if value is not None:
            changes[name] = optional_text(Meeting, name, value)
    if attendees is not None:
        changes["attendees"] = clean(attendees)
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
    permissions.require_admin(actor, WHAT)
    conclusion = _get(session, Conclusion, conclusion_id, "kết luận")
    changes: dict[str, Any] = {}
    if number is not None:
        changes["number"] = checked_text(Conclusion, "number", number, required=True)
    if issuer is not None:
        changes["issuer"] = checked_text(Conclusion, "issuer", issuer, required=True)
    if title is not None:
        changes["title"] = checked_text(Conclusion, "title", title, required=True)
    if signer is not None:
        changes["signer"] = optional_text(Conclusion, "signer", signer)
    if summary is not None:
        changes["summary"] = clean(summary)
    if full_text is not None:
        changes["full_text"] = stored_full_text(full_text)
    key_parts = (
        changes.get("issuer", conclusion.issuer),
        changes.get("number", conclusion.number),
        issued_on or conclusion.issued_on,
    )
    found = duplicate_of(*key_parts, session=session, other_than=conclusion_id)
    if found is not None:
        raise InvalidInput("số hiệu", duplicate_message(found))
    changes["document_key"] = conclusion_key(*key_parts)
    moved: list[Task] = []
    if issued_on is not None and issued_on != conclusion.issued_on:
        meeting = session.get(Meeting, conclusion.meeting_id) if conclusion.meeting_id else None
        if meeting is not None and issued_on < meeting.held_on:
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
    permissions.require_admin(actor, WHAT)
    task = _get(session, Task, task_id, "nhiệm vụ")
    changes: dict[str, Any] = {}
    if content is not None:
        changes["content"] = checked_text(Task, "content", content, required=True)
    if field is not None:
        changes["field"] = optional_text(Task, "field", field)
    if assignees_text is not None:
        changes["assignees_text"] = optional_text(Task, "assignees_text", assignees_text)
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
    permissions.require_admin(actor, WHAT)
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
    if created:  # any day of the task's may change; only these assignments are new
        bump_data_version(session=session, assignments=[a.id or 0 for a in created])
    return created


def add_task(
    actor: User,
    conclusion_id: int,
    *,
    session: Session,
    content: str,
    leads: list[Unit],
    supports: list[Unit] = [],  # noqa: B006  (never mutated)
    deadline: date | None = None,
    field: str | None = None,
) -> Task:
    """Add a task the notice's reading missed to a saved conclusion, numbered after its last one,
    through :func:`directives.services.conclusions.create_task` (checked and audited there)."""
    permissions.require_admin(actor, WHAT)
    conclusion = _get(session, Conclusion, conclusion_id, "kết luận")
    last = session.exec(
        select(sa.func.max(Task.seq)).where(Task.conclusion_id == conclusion_id)
    ).one()
    return create_task(
        session=session,
        actor=actor,
        conclusion=conclusion,
        seq=(last or 0) + 1,
        content=content,
        leads=leads,
        supports=supports,
        deadline=deadline,
        field=field,
    )


def remove_task(actor: User, task_id: int, *, session: Session) -> None:
    """Remove a task entered by mistake, with its assignments, audited (the audit keeps the task
    as it was). Refused while any unit has reported on it (a status update other than "not
    started" with no progress), asked for an extension or attached evidence: such a task is kept
    in the record and marked "Đã hủy" instead."""
    permissions.require_admin(actor, WHAT)
    task = _get(session, Task, task_id, "nhiệm vụ")
    assignments = list(session.exec(select(Assignment).where(Assignment.task_id == task_id)).all())
    ids = [a.id for a in assignments]
    moved = sa.or_(
        col(StatusUpdate.to_status) != Status.NOT_STARTED, col(StatusUpdate.progress) > 0
    )
    traces = [  # a report beyond the initial one, an extension request, evidence
        select(sa.func.count()).where(col(StatusUpdate.assignment_id).in_(ids), moved),
        select(sa.func.count()).where(col(ExtensionRequest.assignment_id).in_(ids)),
        select(sa.func.count()).where(col(Evidence.assignment_id).in_(ids)),
    ]
    started = any(a.status != Status.NOT_STARTED for a in assignments)
    if started or any(session.exec(query).one() for query in traces):
        raise InvalidInput(
            "nhiệm vụ",
            f"nhiệm vụ {task.seq} đã có đơn vị báo cáo tiến độ, xin gia hạn hoặc gửi minh chứng "
            "nên không xóa được; hãy chuyển trạng thái của nhiệm vụ sang “Đã hủy”.",
        )
    before = snapshot(task) or {}
    before.pop("search_text", None)
    before["assignments"] = [{"unit_id": a.unit_id, "role": a.role} for a in assignments]
    initial = session.exec(select(StatusUpdate).where(col(StatusUpdate.assignment_id).in_(ids)))
    for row in [*initial.all(), *assignments]:
        session.delete(row)
    session.flush()
    session.delete(task)
    session.flush()
    record(
        session=session,
        actor=actor,
        action="task.delete",
        entity="task",
        entity_id=task_id,
        before=before,
    )
    gone = [i for i in ids if i is not None]
    bump_data_version(session=session, assignments=gone)  # these assignments are no more


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
    hidden = ("search_text", "document_key")  # derived from the fields shown
    changed = [key for key in after if key not in hidden and before.get(key) != after[key]]
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
    bump_data_version(session=session, assignments=assignment_ids(row, session=session))
