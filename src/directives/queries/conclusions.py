"""Reads about one conclusion that the entry pages need after a save."""

import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Assignment, Task, table


def assignment_count(conclusion_id: int, *, session: Session) -> int:
    """How many assignments (one unit's share of one task) the conclusion's tasks have."""
    a, t = table(Assignment), table(Task)
    query = (
        sa.select(sa.func.count())
        .select_from(a.join(t, t.c.id == a.c.task_id))
        .where(t.c.conclusion_id == conclusion_id)
    )
    return int(session.execute(query).scalar_one())
