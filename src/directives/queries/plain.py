"""The overview's figures by SQL alone, grouped over ``queries.state``: the definition the fast
path (``queries.fast``) is tested against, and what answers when it cannot."""

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Status, StatusUpdate, table
from directives.queries.state import Filters, assignment_state
from directives.queries.units import predecessors
from directives.status import Derived

DERIVED_COLUMNS = [d.value for d in Derived]


def scoped(session: Session, filters: Filters) -> Filters:
    """Filters with selected units widened to the units that roll up into them."""
    if filters.unit_ids and filters.units_as_of is not None:
        return replace(
            filters, unit_ids=predecessors(session, filters.unit_ids, filters.units_as_of)
        )
    return filters


def newest_update(session: Session) -> datetime | None:
    """When the latest status update anywhere was recorded (one index seek)."""
    su = table(StatusUpdate)
    value: datetime | None = session.execute(
        sa.select(sa.func.max(su.c.at, type_=su.c.at.type))
    ).scalar_one_or_none()
    return value


def latest_happened(session: Session) -> date | None:
    """The latest day any recorded change happened on (one index seek)."""
    su = table(StatusUpdate)
    value: date | None = session.execute(
        sa.select(sa.func.max(su.c.happened_on, type_=su.c.happened_on.type))
    ).scalar_one_or_none()
    return value


def state_query(session: Session, filters: Filters) -> sa.Subquery:
    """Each assignment as it stood on ``filters.as_of`` (see ``queries.state``): from the
    assignments' current columns when nothing counted on a later day (the usual "today" view:
    nothing recorded after the as-of day, or, counting by the day changes happened, nothing
    happened after it), else from the history. The current columns hold the latest update both
    ways, since an update never happens before its assignment's latest one."""
    scope = scoped(session, filters)
    if scope.basis == "reported":
        newest = newest_update(session)
        current = newest is None or newest < scope.cutoff
    else:
        last_day = latest_happened(session)
        current = last_day is None or last_day <= scope.as_of
    return assignment_state(scope, current=current).subquery("state")


def status_counts(session: Session, filters: Filters) -> dict[str, int]:
    state = state_query(session, filters)
    rows = session.execute(
        sa.select(state.c.derived, sa.func.count()).group_by(state.c.derived)
    ).all()
    return {derived: count for derived, count in rows}


def task_count(session: Session, filters: Filters) -> int:
    state = state_query(session, filters)
    return int(session.execute(sa.select(sa.func.count(sa.distinct(state.c.task_id)))).scalar_one())


def counts_by_unit(session: Session, filters: Filters, by_role: bool) -> pd.DataFrame:
    state = state_query(session, filters)
    keys: list[Any] = [state.c.unit_id.label("unit_id")]
    if by_role:
        keys.append(state.c.role.label("role"))
    counts: list[Any] = [
        sa.func.sum(sa.case((state.c.derived == d, 1), else_=0)).label(d) for d in DERIVED_COLUMNS
    ]
    query = sa.select(
        *keys, *counts, sa.func.max(state.c.last_update_at).label("last_update_at")
    ).group_by(*keys)
    key_names = ["unit_id", *(["role"] if by_role else [])]
    return pd.DataFrame(
        session.execute(query).mappings().all(),
        columns=[*key_names, *DERIVED_COLUMNS, "last_update_at"],
    )


def trend_rows(session: Session, filters: Filters) -> tuple[list[Any], list[Any]]:
    state = state_query(session, filters)
    with_deadline = state.c.deadline.is_not(None)
    due_rows = session.execute(
        sa.select(state.c.deadline, sa.func.count()).where(with_deadline).group_by(state.c.deadline)
    ).all()
    done = state.c.status == Status.DONE.value
    done_rows = session.execute(
        sa.select(
            state.c.completed_on,
            sa.func.count(),
            sa.func.sum(sa.case((state.c.derived == Derived.DONE_ON_TIME.value, 1), else_=0)),
        )
        .where(with_deadline, done, state.c.completed_on.is_not(None))
        .group_by(state.c.completed_on)
    ).all()
    return [tuple(row) for row in due_rows], [tuple(row) for row in done_rows]


def counts_by_conclusion(session: Session, filters: Filters) -> pd.DataFrame:
    state = state_query(session, filters)
    counts: list[Any] = [
        sa.func.sum(sa.case((state.c.derived == d, 1), else_=0)).label(d) for d in DERIVED_COLUMNS
    ]
    query = sa.select(state.c.conclusion_id, *counts).group_by(state.c.conclusion_id)
    return pd.DataFrame(
        session.execute(query).mappings().all(), columns=["conclusion_id", *DERIVED_COLUMNS]
    )
