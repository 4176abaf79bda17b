"""The update history of a task's assignments, as readers see it."""

from datetime import date, datetime

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Assignment, StatusUpdate, Task, Unit, User, table
from directives.queries.units import predecessors

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


def unit_history(
    session: Session, unit_id: int, before: datetime, units_as_of: date | None = None
) -> pd.DataFrame:
    """Every update of one unit's assignments (and, with ``units_as_of``, of the units that roll
    up into it) recorded before ``before``, newest first; with the task's item number."""
    su, a, u, usr, t = table(StatusUpdate), table(Assignment), table(Unit), table(User), table(Task)
    unit_ids: tuple[int, ...] = (unit_id,)
    if units_as_of is not None:
        unit_ids = predecessors(session, (unit_id,), units_as_of)
    query = (
        sa.select(
            su.c.at,
            su.c.assignment_id,
            t.c.seq.label("task_seq"),
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
        .join(t, t.c.id == a.c.task_id)
        .join(u, u.c.id == a.c.unit_id)
        .outerjoin(usr, usr.c.id == su.c.user_id)
        .where(a.c.unit_id.in_(unit_ids), su.c.at < before)
        .order_by(su.c.at.desc(), su.c.id.desc())
    )
    return pd.DataFrame(
        session.execute(query).mappings().all(),
        columns=[*HISTORY_COLUMNS[:2], "task_seq", *HISTORY_COLUMNS[2:]],
    )


def assignment_history(session: Session, assignment_id: int) -> pd.DataFrame:
    """Every update of one assignment, newest first (columns as :func:`task_history`)."""
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
        .where(su.c.assignment_id == assignment_id)
        .order_by(su.c.at.desc(), su.c.id.desc())
    )
    return pd.DataFrame(session.execute(query).mappings().all(), columns=HISTORY_COLUMNS)
