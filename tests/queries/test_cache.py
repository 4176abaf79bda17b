"""Cached figures of an as-of day survive the writes that change only later days: a status update
saved today leaves last month's figures cached and today's recomputed; a backdated one makes the
days from its day on recomputed, and no earlier ones (both engines)."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from directives.db import make_engine, session_scope
from directives.models import Assignment, Status, User
from directives.queries import fast
from directives.queries.cache import FIGURES, cached
from directives.queries.overview import status_counts
from directives.queries.state import Filters
from directives.services import updates
from directives.services.meta import bump_data_version
from directives.services.updates import UpdateRequest
from directives.status import Counts

TODAY = datetime.now(UTC).date()
PAST = date(2021, 9, 30)
LATER = date(2021, 11, 30)


@pytest.fixture
def engine(demo_url: str) -> Iterator[Engine]:
    engine = make_engine(demo_url)
    FIGURES.clear()
    fast.forget()
    yield engine
    FIGURES.clear()
    fast.forget()
    engine.dispose()


class Counted:
    """``status_counts`` through the cache, counting how often it was really computed."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.computed: list[date] = []

    def __call__(self, day: date) -> Counts:
        def compute(session: Session) -> Counts:
            self.computed.append(day)
            return status_counts(session, Filters(as_of=day))

        return cached(self.engine, "counts", Filters(as_of=day), compute, day)


def save(engine: Engine, happened_on: date | None = None) -> None:
    with session_scope(engine, write=True) as session:
        admin = session.exec(select(User).where(User.username == "quantri")).one()
        query = select(Assignment).order_by(col(Assignment.id))
        if happened_on is None:
            query = query.where(col(Assignment.status) == Status.IN_PROGRESS.value)
        else:  # never reported: any day after its task was given will do
            query = query.where(col(Assignment.updated_at).is_(None))
        row = session.exec(query).first()
        assert row is not None
        request = UpdateRequest(
            status=Status.DONE,
            progress=100,
            completed_on=happened_on or TODAY,
            happened_on=happened_on,
        )
        updates.record_update(
            session=session, actor=admin, assignment_id=row.id or 0, request=request
        )


def test_a_save_today_keeps_a_past_days_figures_and_changes_todays(engine: Engine) -> None:
    counts = Counted(engine)
    past, today = counts(PAST), counts(TODAY)
    assert counts.computed == [PAST, TODAY]
    save(engine)
    assert counts(PAST) == past  # served from the cache: the save changed only today on
    assert counts(TODAY) != today
    assert counts.computed == [PAST, TODAY, TODAY]
    assert FIGURES.kept >= 1


def test_a_backdated_save_changes_the_days_from_its_day_on(engine: Engine) -> None:
    counts = Counted(engine)
    for day in (PAST, LATER):
        counts(day)
    save(engine, happened_on=PAST + timedelta(days=10))
    counts(PAST)
    assert counts.computed == [PAST, LATER]  # before the day it happened: kept
    counts(LATER)
    assert counts.computed == [PAST, LATER, LATER]


def test_a_write_that_says_no_day_changes_every_day(engine: Engine) -> None:
    counts = Counted(engine)
    counts(PAST)
    with session_scope(engine, write=True) as session:
        bump_data_version(session=session)  # a correction, a merger: any day
    counts(PAST)
    assert counts.computed == [PAST, PAST]
