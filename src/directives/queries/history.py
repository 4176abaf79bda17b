"""The update history of assignments, as readers see it: newest first, with who and why."""

from datetime import date, datetime
from typing import Any

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


def _history(
    session: Session, *conditions: sa.ColumnElement[bool], with_item: bool = False
) -> pd.DataFrame:
    """The updates matching ``conditions`` (on status_update ``su`` and assignment ``a``);
    with ``with_item``, also the task's item number after ``assignment_id``."""
    su, a, u, usr, t = table(StatusUpdate), table(Assignment), table(Unit), table(User), table(Task)
    item: list[Any] = [t.c.seq.label("task_seq")] if with_item else []
    query = (
        sa.select(
            su.c.at,
            su.c.assignment_id,
            *item,
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
        .where(*conditions)
        .order_by(su.c.at.desc(), su.c.id.desc())
    )
    columns = [*HISTORY_COLUMNS[:2], *(["task_seq"] if with_item else []), *HISTORY_COLUMNS[2:]]
    return pd.DataFrame(session.execute(query).mappings().all(), columns=columns)


def task_history(session: Session, task_id: int, before: datetime) -> pd.DataFrame:
    """Every update of the task's assignments recorded before ``before``, newest first."""
    su, a = table(StatusUpdate), table(Assignment)
    return _history(session, a.c.task_id == task_id, su.c.at < before)


def unit_history(
    session: Session, unit_id: int, before: datetime, units_as_of: date | None = None
) -> pd.DataFrame:
    """Every update of one unit's assignments (and, with ``units_as_of``, of the units that roll
    up into it) recorded before ``before``, newest first; with the task's item number."""
    su, a = table(StatusUpdate), table(Assignment)
    unit_ids: tuple[int, ...] = (unit_id,)
    if units_as_of is not None:
        unit_ids = predecessors(session, (unit_id,), units_as_of)
    return _history(session, a.c.unit_id.in_(unit_ids), su.c.at < before, with_item=True)


def assignment_history(session: Session, assignment_id: int) -> pd.DataFrame:
    """Every update of one assignment, newest first (columns as :func:`task_history`)."""
    return _history(session, table(StatusUpdate).c.assignment_id == assignment_id)
