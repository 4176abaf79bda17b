"""The assignments a day's reminder rules name: open work whose effective deadline is some days
ahead, today, or passed, found with one set-based query over the state of that day."""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from directives.models import (
    Conclusion,
    ExtensionRequest,
    ExtensionStatus,
    Status,
    Task,
    Unit,
    table,
)
from directives.queries.plain import latest_happened
from directives.queries.state import Filters, assignment_state

CHUNK = 900  # ids bound in one query (SQLite allows 999 in old builds)
REMINDED_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)
"""Work a reminder is about: neither done nor stopped (paused, cancelled)."""


@dataclass(frozen=True)
class DueLine:
    """One assignment a unit is reminded of."""

    assignment_id: int
    unit_id: int
    unit_name: str
    task_content: str
    conclusion_number: str
    deadline: date
    days_left: int  # negative: days late


def due_lines(
    session: Session, as_of: date, *, horizon: int, timezone: str = "Asia/Ho_Chi_Minh"
) -> list[DueLine]:
    """The open assignments counted on ``as_of`` whose effective deadline (an approved
    extension as of that day, else the task's) has passed or falls within ``horizon`` days,
    without an extension request pending at the day's end. Standing tasks have no deadline and
    never come up. One query over the day's state; ordered by unit, then deadline."""
    filters = Filters(as_of=as_of, timezone=timezone)
    last_day = latest_happened(session)
    current = last_day is None or last_day <= as_of
    state = assignment_state(filters, current=current).subquery("state")
    limit = as_of + timedelta(days=max(horizon, 0))
    er = table(ExtensionRequest)
    cutoff = filters.cutoff
    pending = (
        sa.select(er.c.id)
        .where(
            er.c.assignment_id == state.c.assignment_id,
            er.c.requested_at < cutoff,
            sa.or_(
                er.c.status == ExtensionStatus.PENDING.value,
                er.c.decided_at.is_(None),
                er.c.decided_at >= cutoff,
            ),
        )
        .exists()
    )
    due = session.execute(
        sa.select(
            state.c.assignment_id,
            state.c.task_id,
            state.c.conclusion_id,
            state.c.unit_id,
            state.c.deadline,
        ).where(
            state.c.deadline.is_not(None),
            state.c.deadline <= sa.literal(limit, sa.Date),
            state.c.status.in_([s.value for s in REMINDED_STATUSES]),
            ~pending,
        )
    ).all()
    # The words of the few rows found, looked up by key afterwards: joined inside the query
    # above, SQLite would look them up for every assignment before filtering.
    tasks = _names(session, Task, "content", {row.task_id for row in due})
    numbers = _names(session, Conclusion, "number", {row.conclusion_id for row in due})
    units = _names(session, Unit, "name", {row.unit_id for row in due})
    lines = []
    for row in due:
        deadline = _day(row.deadline)
        lines.append(
            DueLine(
                assignment_id=row.assignment_id,
                unit_id=row.unit_id,
                unit_name=units[row.unit_id],
                task_content=tasks[row.task_id],
                conclusion_number=numbers[row.conclusion_id],
                deadline=deadline,
                days_left=(deadline - as_of).days,
            )
        )
    lines.sort(key=lambda line: (line.unit_id, line.deadline, line.assignment_id))
    return lines


def _names(session: Session, model: type, column: str, ids: set[int]) -> dict[int, str]:
    """``column`` of the rows of ``model`` with these ids, in chunks of bound parameters."""
    found: dict[int, str] = {}
    rows = table(model)
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        query = sa.select(rows.c.id, rows.c[column]).where(rows.c.id.in_(chunk))
        found.update({row[0]: row[1] for row in session.execute(query)})
    return found


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
