"""Extension requests for the approval page: one SELECT with the unit, task, conclusion and the
people who asked and decided, as a DataFrame with fixed columns."""

from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import (
    Assignment,
    Conclusion,
    ExtensionRequest,
    ExtensionStatus,
    Task,
    Unit,
    User,
    table,
)

REQUEST_COLUMNS = [
    "id",
    "unit",
    "conclusion",
    "task_seq",
    "task_content",
    "current_deadline",
    "deadline_now",
    "proposed_deadline",
    "reason",
    "requested_by",
    "requested_by_username",
    "requested_at",
    "status",
    "decided_by",
    "decided_by_username",
    "decided_at",
    "decision_note",
]


def extension_requests(
    session: Session, *, pending: bool, limit: int | None = None
) -> pd.DataFrame:
    """Pending requests, oldest first; or decided ones, latest decision first (``limit`` at most).

    ``current_deadline`` is the deadline when the request was made, ``deadline_now`` the unit's
    deadline today (an approval since may have moved it)."""
    er, a, t, c, u = (
        table(ExtensionRequest),
        table(Assignment),
        table(Task),
        table(Conclusion),
        table(Unit),
    )
    asker, decider = table(User).alias("asker"), table(User).alias("decider")
    query: sa.Select[Any] = (
        sa.select(
            er.c.id,
            u.c.name.label("unit"),
            c.c.number.label("conclusion"),
            t.c.seq.label("task_seq"),
            t.c.content.label("task_content"),
            er.c.current_deadline,
            sa.func.coalesce(a.c.extended_deadline, t.c.deadline).label("deadline_now"),
            er.c.proposed_deadline,
            er.c.reason,
            asker.c.full_name.label("requested_by"),
            asker.c.username.label("requested_by_username"),
            er.c.requested_at,
            er.c.status,
            decider.c.full_name.label("decided_by"),
            decider.c.username.label("decided_by_username"),
            er.c.decided_at,
            er.c.decision_note,
        )
        .select_from(er)
        .join(a, a.c.id == er.c.assignment_id)
        .join(t, t.c.id == a.c.task_id)
        .join(c, c.c.id == t.c.conclusion_id)
        .join(u, u.c.id == a.c.unit_id)
        .outerjoin(asker, asker.c.id == er.c.requested_by)
        .outerjoin(decider, decider.c.id == er.c.decided_by)
    )
    if pending:
        query = query.where(er.c.status == ExtensionStatus.PENDING.value).order_by(
            er.c.requested_at, er.c.id
        )
    else:
        query = query.where(er.c.status != ExtensionStatus.PENDING.value).order_by(
            er.c.decided_at.desc(), er.c.id.desc()
        )
    if limit is not None:
        query = query.limit(limit)
    return pd.DataFrame(session.execute(query).mappings().all(), columns=REQUEST_COLUMNS)
