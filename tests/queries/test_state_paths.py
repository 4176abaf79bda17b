"""The two ways of reading each assignment's state agree: its current columns (used when nothing
was recorded after the as-of day) and its history."""

from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from directives.queries.plain import newest_update, state_query
from directives.queries.state import Filters, assignment_state


def _rows(session: Session, query: sa.Select) -> list[tuple]:
    state = query.subquery()
    return sorted(
        session.execute(
            sa.select(
                state.c.assignment_id,
                state.c.status,
                state.c.progress,
                state.c.completed_on,
                state.c.derived,
            )
        ).all()
    )


@pytest.mark.parametrize("as_of", [date(2022, 1, 1), date(2023, 6, 30)])
def test_current_columns_equal_the_history_after_the_last_update(
    demo_session: Session, as_of: date
) -> None:
    filters = Filters(as_of=as_of)
    newest = newest_update(demo_session)
    assert newest is not None and newest < filters.cutoff
    current = _rows(demo_session, assignment_state(filters, current=True))
    history = _rows(demo_session, assignment_state(filters, current=False))
    assert current == history
    assert len(current) == 174


def test_a_past_day_reads_the_history(demo_session: Session) -> None:
    filters = Filters(as_of=date(2021, 6, 1))
    used = _rows(demo_session, sa.select(state_query(demo_session, filters)))
    assert used == _rows(demo_session, assignment_state(filters, current=False))
    assert used != _rows(demo_session, assignment_state(filters, current=True))
