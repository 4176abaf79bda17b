"""Reads about one conclusion (or one of its tasks) that the entry pages and corrections need."""

import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Assignment, Conclusion, Meeting, Task, table


def assignment_count(conclusion_id: int, *, session: Session) -> int:
    """How many assignments (one unit's share of one task) the conclusion's tasks have."""
    a, t = table(Assignment), table(Task)
    query = (
        sa.select(sa.func.count())
        .select_from(a.join(t, t.c.id == a.c.task_id))
        .where(t.c.conclusion_id == conclusion_id)
    )
    return int(session.execute(query).scalar_one())


def assignment_ids(
    row: Meeting | Conclusion | Task | Assignment, *, session: Session
) -> list[int] | None:
    """The assignments whose figures a change of ``row`` can move: its own, its task's or its
    conclusion's tasks'. None for a meeting (a rare change: the change log then says "any")."""
    a, t = table(Assignment), table(Task)
    if isinstance(row, Assignment):
        return [row.id or 0]
    if isinstance(row, Task):
        query = sa.select(a.c.id).where(a.c.task_id == row.id)
    elif isinstance(row, Conclusion):
        query = sa.select(a.c.id).join(t, t.c.id == a.c.task_id).where(t.c.conclusion_id == row.id)
    else:
        return None
    return [int(i) for i in session.execute(query).scalars().all()]
