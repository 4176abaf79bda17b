"""The tasks workbook written: :func:`write_tasks` carries out a
:class:`~directives.services.workbook_task_plan.TaskPlan` in the caller's (short) write
transaction, all or nothing; :func:`import_tasks` reads, plans and writes in one transaction.

::

    sheet = read_tasks(data, file_name)                       # no database
    with session_scope(engine) as session:                    # reads only
        plan = plan_tasks(sheet, session=session, actor=actor)
    with session_scope(engine, write=True) as session:        # a short write
        summary = write_tasks(plan, session=session, actor=actor)

Nothing is planned twice unless something was saved in between: the plan carries the data
version it was checked at, and if that moved, :func:`write_tasks` checks the file again inside
its transaction. Meetings and conclusions are created through ``services.tasks`` (their rules,
audit and data version); the new tasks and their assignments, the bulk of a long file, are
inserted a few statements for the whole file, with the audit entries ``create_task`` makes.
"""

from datetime import UTC, date, datetime
from typing import IO, Any

import sqlalchemy as sa
from sqlmodel import Session

from directives.importers.task_rows import TaskRow, read_tasks, stored_length
from directives.importers.workbook import problem_at, rejected
from directives.models import Assignment, AssignmentRole, Conclusion, Meeting, Task, User, table
from directives.reports.layout import TASKS
from directives.services import permissions, tasks
from directives.services.audit import record_many
from directives.services.errors import InvalidInput, ServiceError
from directives.services.imports import ImportSummary
from directives.services.meta import bump_data_version, data_version
from directives.services.workbook_task_plan import PlannedTask, TaskPlan, plan_tasks
from directives.text import clean, fold

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
_WORDING = stored_length(Task, "assignees_text")


def write_tasks(plan: TaskPlan, *, session: Session, actor: User) -> ImportSummary:
    """Carry out ``plan`` in the caller's transaction (see the module's docstring); raises
    :class:`~directives.services.errors.Rejected` (nothing written once the caller rolls back)
    if the file no longer fits what is saved, or a service refuses a row."""
    permissions.require_admin(actor, "nhập nhiệm vụ từ Excel")
    if data_version(session=session) != plan.version:
        plan = plan_tasks(plan.sheet, session=session, actor=actor)  # something was saved since
    meetings: dict[tuple[str, date], Meeting] = {}
    conclusions: dict[tuple[str, str], Conclusion] = {}
    new: list[tuple[PlannedTask, int, date]] = []
    for planned in plan.tasks:
        row = planned.row
        try:
            conclusion = _conclusion(plan, row, meetings, conclusions, session=session, actor=actor)
            assert conclusion.id is not None
            if planned.task_id is None:
                new.append((planned, conclusion.id, conclusion.issued_on))
            elif planned.changed:
                _correct(planned, planned.task_id, session=session, actor=actor)
        except ServiceError as error:  # a rule the plan missed: report it, write nothing
            field = error.field if isinstance(error, InvalidInput) else None
            message = error.message if isinstance(error, InvalidInput) else str(error)
            column = _COLUMNS.get(field or "", "task_content")
            raise rejected(
                [problem_at(TASKS, plan.sheet.file, row.row, column, message)], plan.sheet.file
            ) from error
    if new:
        _create(new, session=session, actor=actor)
    return plan.summary(written=True)


def _conclusion(
    plan: TaskPlan,
    row: TaskRow,
    meetings: dict[tuple[str, date], Meeting],
    conclusions: dict[tuple[str, str], Conclusion],
    *,
    session: Session,
    actor: User,
) -> Conclusion:
    """The row's conclusion, saved or created now (with its meeting, if that is new too)."""
    conclusion_key = (row.number, row.issuer)
    if conclusion_key in conclusions:
        return conclusions[conclusion_key]
    saved_id = plan.conclusions.get(conclusion_key)
    if saved_id is not None:
        found = session.get(Conclusion, saved_id)
        assert found is not None
        conclusions[conclusion_key] = found
        return found
    meeting_key = (row.meeting_title, row.held_on)
    if meeting_key not in meetings:
        meeting_id = plan.meetings.get(meeting_key)
        meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
        if meeting is None:
            meeting = tasks.create_meeting(
                session=session, actor=actor, title=row.meeting_title, held_on=row.held_on
            )
        meetings[meeting_key] = meeting
    conclusions[conclusion_key] = tasks.create_conclusion(
        session=session,
        actor=actor,
        meeting=meetings[meeting_key],
        number=row.number,
        issued_on=row.issued_on,
        issuer=row.issuer,
        title=row.conclusion_title,
    )
    return conclusions[conclusion_key]


def _correct(planned: PlannedTask, task_id: int, *, session: Session, actor: User) -> None:
    """A saved task corrected (content, deadline, field) and given its new units."""
    if planned.changes:
        tasks.update_task(actor, task_id, session=session, **planned.changes)
    for units, role in (
        (planned.leads, AssignmentRole.LEAD),
        (planned.supports, AssignmentRole.SUPPORT),
    ):
        if units:
            tasks.add_assignees(actor, task_id, [slug for _, slug in units], role, session=session)


def _create(new: list[tuple[PlannedTask, int, date]], *, session: Session, actor: User) -> None:
    """The new tasks and their assignments, inserted a few statements for the lot, with one
    ``task.create`` audit entry each (as ``services.tasks.create_task`` writes them) and one
    data version bump."""
    moment = datetime.now(UTC)
    task_table, assignment_table = table(Task), table(Assignment)
    values: list[dict[str, Any]] = []
    for planned, conclusion_id, issued_on in new:
        row = planned.row
        wording = row.leads_text + (f"; phối hợp: {row.supports_text}" if row.supports_text else "")
        values.append(
            {
                "conclusion_id": conclusion_id,
                "seq": row.seq,
                "content": row.content,
                "search_text": fold(f"{row.content} {row.field or ''}"),
                "field": clean(row.field),
                "assignees_text": clean(wording[:_WORDING] if _WORDING else wording),
                "assigned_on": issued_on,
                "deadline": row.deadline,
                "original_deadline": row.deadline,
                "created_at": moment,
            }
        )
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
    session.execute(sa.insert(assignment_table), assignments)
    record_many(session=session, actor=actor, action="task.create", entity="task", changes=audited)
    bump_data_version(session=session)


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
