"""The tasks workbook written: :func:`write_tasks` carries out a
:class:`~directives.services.workbook_task_plan.TaskPlan` in the caller's (short) write
transaction, all or nothing; :func:`import_tasks` reads, plans and writes in one transaction.

::

    sheet = read_tasks(data, file_name)                       # no database
    with session_scope(engine) as session:                    # reads only
        plan = plan_tasks(sheet, session=session, actor=actor)
    with session_scope(engine, write=True) as session:        # a short write
        summary = write_tasks(plan, session=session, actor=actor)

Nothing is planned twice unless what the plan depends on changed in between: the plan carries
the data version and a digest of the saved rows it was checked against; when the version moved
(any write), :func:`write_tasks` reads those rows again (a few queries) and, only if they differ,
checks the file again inside its transaction.

New meetings and conclusions (a file names few) are created through ``services.conclusions``, with
their rules; the new tasks and their assignments, the bulk of a long file, are inserted a few
statements for the whole file (the plan has checked what ``create_task`` checks), with the audit
entries ``create_task`` makes and one data version bump; corrections of saved tasks go through
``services.corrections`` (``update_task``, ``add_assignees``), row by row: they are few.
"""

from datetime import UTC, date, datetime
from typing import IO, Any

import sqlalchemy as sa
from sqlmodel import Session

from directives.importers.task_rows import TaskRow, read_tasks
from directives.importers.workbook import problem_at, rejected
from directives.models import (
    Assignment,
    AssignmentRole,
    Conclusion,
    Meeting,
    Task,
    User,
    table,
)
from directives.reports.layout import TASKS
from directives.services import conclusions, corrections, permissions
from directives.services.audit import record_many
from directives.services.errors import InvalidInput, Rejected, ServiceError
from directives.services.imports import ImportSummary
from directives.services.meta import bump_data_version, data_version
from directives.services.workbook_task_plan import (
    PlannedTask,
    TaskPlan,
    fingerprint,
    plan_tasks,
)

_COLUMNS = {
    "tên hội nghị": "meeting_title",
    "ngày họp": "held_on",
    "số hiệu": "conclusion_number",
    "ngày ban hành": "issued_on",
    "cơ quan ban hành": "issuer",
    "trích yếu": "conclusion_title",
    "số thứ tự": "task_seq",
    "nội dung": "task_content",
    "đơn vị chủ trì": "leads",
    "đơn vị": "supports",
    "thời hạn": "deadline",
}
"""Which column a service's refusal (by its field) belongs to."""


def write_tasks(plan: TaskPlan, *, session: Session, actor: User) -> ImportSummary:
    """Carry out ``plan`` in the caller's transaction (see the module's docstring); raises
    :class:`~directives.services.errors.Rejected` (nothing written once the caller rolls back)
    if the file no longer fits what is saved, or a service refuses a row."""
    permissions.require_admin(actor, "nhập nhiệm vụ từ Excel")
    if (
        data_version(session=session) != plan.version
        and fingerprint(plan.sheet, session=session) != plan.fingerprint
    ):  # what the plan was checked against changed since: check the file again
        plan = plan_tasks(plan.sheet, session=session, actor=actor)
    moment = datetime.now(UTC)
    conclusions = _conclusions(plan, session=session, actor=actor)
    new: list[tuple[PlannedTask, int, date]] = []
    for planned in plan.tasks:
        row = planned.row
        conclusion_id, issued_on = conclusions[(row.number, row.issuer)]
        if planned.task_id is None:
            new.append((planned, conclusion_id, issued_on))
            continue
        if not planned.changed:
            continue
        try:
            _correct(planned, planned.task_id, session=session, actor=actor)
        except ServiceError as error:  # a rule the plan missed: report it, write nothing
            raise _refused(plan, row, error) from error
    if new:
        created = _create_tasks(new, moment, session=session, actor=actor)
        # new work counts from its conclusion's day: earlier days' figures stay as they were
        first_day = min(issued_on for _, _, issued_on in new)
        bump_data_version(session=session, since=first_day, assignments=created)
    return plan.summary(written=True)


def _conclusions(
    plan: TaskPlan, *, session: Session, actor: User
) -> dict[tuple[str, str], tuple[int, date]]:
    """Every conclusion the rows name, by (number, issuer): its id and day, saved or created
    now through ``services.conclusions`` (with the meetings that are new too): a file names few."""
    found: dict[tuple[str, str], tuple[int, date]] = {}
    saved = {i: k for k, i in plan.conclusions.items() if i is not None}
    conclusion_table = table(Conclusion)
    for chunk in _chunks(list(saved)):
        for conclusion_id, issued_on in session.execute(
            sa.select(conclusion_table.c.id, conclusion_table.c.issued_on).where(
                conclusion_table.c.id.in_(chunk)
            )
        ):
            found[saved[conclusion_id]] = (conclusion_id, issued_on)
    first: dict[tuple[str, str], TaskRow] = {}
    for planned in plan.tasks:
        first.setdefault((planned.row.number, planned.row.issuer), planned.row)
    wanted = [(k, first[k]) for k, i in plan.conclusions.items() if i is None and k in first]
    meetings: dict[tuple[str, date], Meeting] = {}
    for conclusion_key, row in wanted:
        try:  # through the services, with their rules (a duplicate conclusion is refused there)
            meeting = None  # a row with no meeting: a letter of directions
            if row.meeting_title is not None and row.held_on is not None:
                meeting_key = (row.meeting_title, row.held_on)
                if meeting_key not in meetings:
                    meeting_id = plan.meetings.get(meeting_key)
                    saved_meeting = session.get(Meeting, meeting_id) if meeting_id else None
                    meetings[meeting_key] = saved_meeting or conclusions.create_meeting(
                        session=session, actor=actor, title=row.meeting_title, held_on=row.held_on
                    )
                meeting = meetings[meeting_key]
            conclusion = conclusions.create_conclusion(
                session=session,
                actor=actor,
                meeting=meeting,
                number=row.number,
                issued_on=row.issued_on,
                issuer=row.issuer,
                title=row.conclusion_title,
            )
        except ServiceError as error:
            raise _refused(plan, row, error) from error
        assert conclusion.id is not None
        found[conclusion_key] = (conclusion.id, conclusion.issued_on)
    return found


def _refused(plan: TaskPlan, row: TaskRow, error: ServiceError) -> Rejected:
    """A service's refusal of what ``row`` asked for (a rule the plan missed), located."""
    field = error.field if isinstance(error, InvalidInput) else None
    message = error.message if isinstance(error, InvalidInput) else str(error)
    column = _COLUMNS.get(field or "", "task_content")
    return rejected([problem_at(TASKS, plan.sheet.file, row.row, column, message)], plan.sheet.file)


def _chunks(values: list[int], size: int = 500) -> list[list[int]]:
    return [values[start : start + size] for start in range(0, len(values), size)]


def _correct(planned: PlannedTask, task_id: int, *, session: Session, actor: User) -> None:
    """A saved task corrected (content, deadline, field) and given its new units."""
    if planned.changes:
        corrections.update_task(actor, task_id, session=session, **planned.changes)
    for units, role in (
        (planned.leads, AssignmentRole.LEAD),
        (planned.supports, AssignmentRole.SUPPORT),
    ):
        if units:
            corrections.add_assignees(
                actor, task_id, [slug for _, slug in units], role, session=session
            )


def _create_tasks(
    new: list[tuple[PlannedTask, int, date]], moment: datetime, *, session: Session, actor: User
) -> list[int]:
    """The new tasks and their assignments, inserted a few statements for the lot, with one
    ``task.create`` audit entry each, as ``services.conclusions.create_task`` writes them; the
    new assignments' ids."""
    task_table, assignment_table = table(Task), table(Assignment)
    values = [
        {**planned.values, "conclusion_id": conclusion_id, "assigned_on": issued_on}
        | {"created_at": moment}
        for planned, conclusion_id, issued_on in new
    ]
    inserted = session.execute(
        sa.insert(task_table).returning(task_table.c.id, sort_by_parameter_order=True), values
    )
    ids = [int(i) for i in inserted.scalars().all()]
    assignments: list[dict[str, Any]] = []
    audited: list[tuple[int | str, dict[str, Any] | None, dict[str, Any] | None]] = []
    for task_id, task_values, (planned, _, _) in zip(ids, values, new, strict=True):
        mine: list[dict[str, Any]] = []
        for units, role in (
            (planned.leads, AssignmentRole.LEAD),
            (planned.supports, AssignmentRole.SUPPORT),
        ):
            for unit_id, _slug in units:
                mine.append({"task_id": task_id, "unit_id": unit_id, "role": role.value})
        assignments.extend(mine)
        after = {"id": task_id, **task_values}
        after["assignments"] = [{"unit_id": a["unit_id"], "role": a["role"]} for a in mine]
        audited.append((task_id, None, after))
    created = session.execute(
        sa.insert(assignment_table).returning(assignment_table.c.id), assignments
    )
    assignment_ids = [int(i) for i in created.scalars().all()]
    record_many(
        session=session,
        actor=actor,
        action="task.create",
        entity="task",
        changes=audited,
        at=moment,
    )
    return assignment_ids


def import_tasks(
    data: bytes | IO[bytes],
    *,
    file_name: str,
    session: Session,
    actor: User,
    write: bool = True,
) -> ImportSummary:
    """Read, check and (with ``write``) enter a "Nhiệm vụ" workbook in the caller's one
    transaction. A long file is better planned before the write transaction begins: see the
    module's docstring."""
    permissions.require_admin(actor, "nhập nhiệm vụ từ Excel")
    sheet = read_tasks(data, file_name)
    plan = plan_tasks(sheet, session=session, actor=actor)
    if not write:
        return plan.summary(written=False)
    return write_tasks(plan, session=session, actor=actor)
