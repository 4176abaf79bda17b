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
from directives.queries.overview import latest_happened
from directives.queries.state import Filters, assignment_state

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
    t, c, u = table(Task), table(Conclusion), table(Unit)
    query = (
        sa.select(
            state.c.assignment_id,
            state.c.unit_id,
            u.c.name,
            t.c.content,
            c.c.number,
            state.c.deadline,
        )
        .select_from(state)
        .join(t, t.c.id == state.c.task_id)
        .join(c, c.c.id == state.c.conclusion_id)
        .join(u, u.c.id == state.c.unit_id)
        .where(
            state.c.deadline.is_not(None),
            state.c.deadline <= sa.literal(limit, sa.Date),
            state.c.status.in_([s.value for s in REMINDED_STATUSES]),
            ~pending,
        )
        .order_by(state.c.unit_id, state.c.deadline, state.c.assignment_id)
    )
    lines = []
    for row in session.execute(query):
        deadline = _day(row.deadline)
        lines.append(
            DueLine(
                assignment_id=row.assignment_id,
                unit_id=row.unit_id,
                unit_name=row.name,
                task_content=row.content,
                conclusion_number=row.number,
                deadline=deadline,
                days_left=(deadline - as_of).days,
            )
        )
    return lines


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
