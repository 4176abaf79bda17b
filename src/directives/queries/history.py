"""The update history of a task's assignments, as readers see it."""

from datetime import datetime

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Assignment, StatusUpdate, Unit, User
from directives.queries.state import table

HISTORY_COLUMNS = [
    "at",
    "assignment_id",
    "unit_name",
    "user_name",
    "from_status",
    "to_status",
    "progress",
    "completed_on",
    "note",
    "evidence",
]


def task_history(session: Session, task_id: int, before: datetime) -> pd.DataFrame:
    """Every update of the task's assignments recorded before ``before``, newest first."""
    su, a, u, usr = table(StatusUpdate), table(Assignment), table(Unit), table(User)
    query = (
        sa.select(
            su.c.at,
            su.c.assignment_id,
            u.c.name.label("unit_name"),
            usr.c.full_name.label("user_name"),
            su.c.from_status,
            su.c.to_status,
            su.c.progress,
            su.c.completed_on,
            su.c.note,
            su.c.evidence,
        )
        .join(a, a.c.id == su.c.assignment_id)
        .join(u, u.c.id == a.c.unit_id)
        .outerjoin(usr, usr.c.id == su.c.user_id)
        .where(a.c.task_id == task_id, su.c.at < before)
        .order_by(su.c.at.desc(), su.c.id.desc())
    )
    return pd.DataFrame(session.execute(query).mappings().all(), columns=HISTORY_COLUMNS)
