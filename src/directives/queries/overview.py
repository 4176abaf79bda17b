"""Figures for the overview and the unit pages: counts by derived status, aggregated in SQL."""

from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Conclusion, Meeting, Task, Unit
from directives.queries.state import Filters, assignment_state, table
from directives.status import Counts, Derived

DERIVED_COLUMNS = [d.value for d in Derived]
UNIT_COLUMNS = ["unit_id", "unit_name", "unit_kind", "bloc", *DERIVED_COLUMNS]


def status_counts(session: Session, filters: Filters) -> Counts:
    """How many assignments are in each derived status on ``filters.as_of``."""
    state = assignment_state(filters).subquery()
    rows = session.execute(
        sa.select(state.c.derived, sa.func.count()).group_by(state.c.derived)
    ).all()
    return Counts.from_mapping({derived: count for derived, count in rows})


def task_count(session: Session, filters: Filters) -> int:
    state = assignment_state(filters).subquery()
    return int(session.execute(sa.select(sa.func.count(sa.distinct(state.c.task_id)))).scalar_one())


def counts_by_unit(session: Session, filters: Filters) -> pd.DataFrame:
    """One row per unit with assignments: the unit and its count in each derived status,
    plus ``total``, ``done``, ``completion_rate`` and ``on_time_rate``."""
    state = assignment_state(filters).subquery()
    u = table(Unit)
    columns: list[Any] = [
        sa.func.sum(sa.case((state.c.derived == d, 1), else_=0)).label(d) for d in DERIVED_COLUMNS
    ]
    query = (
        sa.select(
            u.c.id.label("unit_id"),
            u.c.name.label("unit_name"),
            u.c.kind.label("unit_kind"),
            u.c.bloc,
            *columns,
        )
        .join(u, u.c.id == state.c.unit_id)
        .group_by(u.c.id, u.c.name, u.c.kind, u.c.bloc)
    )
    frame = pd.DataFrame(session.execute(query).mappings().all(), columns=UNIT_COLUMNS)
    for column in DERIVED_COLUMNS:
        frame[column] = frame[column].astype("int64")
    return add_rates(frame)


def add_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Add total, done, completion_rate and on_time_rate to a frame of derived-status counts."""
    frame = frame.copy()
    frame["total"] = frame[DERIVED_COLUMNS].sum(axis=1)
    frame["done"] = frame[Derived.DONE_ON_TIME.value] + frame[Derived.DONE_LATE.value]
    due = frame["done"] + frame[Derived.OVERDUE.value]
    frame["completion_rate"] = (frame["done"] / due).where(due > 0)
    frame["on_time_rate"] = (frame[Derived.DONE_ON_TIME.value] / due).where(due > 0)
    return frame


ASSIGNMENT_COLUMNS = [
    "assignment_id",
    "meeting_title",
    "conclusion_number",
    "task_id",
    "task_seq",
    "task_content",
    "field",
    "unit_id",
    "unit_name",
    "unit_kind",
    "bloc",
    "role",
    "deadline",
    "status",
    "derived",
    "progress",
    "completed_on",
    "last_update_at",
]


def assignments(session: Session, filters: Filters) -> pd.DataFrame:
    """Every assignment counted on ``filters.as_of``, one row each, with names to show."""
    state = assignment_state(filters).subquery()
    t, c, m, u = table(Task), table(Conclusion), table(Meeting), table(Unit)
    query = (
        sa.select(
            state.c.assignment_id,
            m.c.title.label("meeting_title"),
            c.c.number.label("conclusion_number"),
            t.c.id.label("task_id"),
            t.c.seq.label("task_seq"),
            t.c.content.label("task_content"),
            t.c.field,
            u.c.id.label("unit_id"),
            u.c.name.label("unit_name"),
            u.c.kind.label("unit_kind"),
            u.c.bloc,
            state.c.role,
            state.c.deadline,
            state.c.status,
            state.c.derived,
            state.c.progress,
            state.c.completed_on,
            state.c.last_update_at,
        )
        .join(t, t.c.id == state.c.task_id)
        .join(c, c.c.id == t.c.conclusion_id)
        .join(m, m.c.id == c.c.meeting_id)
        .join(u, u.c.id == state.c.unit_id)
        .order_by(c.c.issued_on, t.c.seq, state.c.role, u.c.name)
    )
    return pd.DataFrame(session.execute(query).mappings().all(), columns=ASSIGNMENT_COLUMNS)
