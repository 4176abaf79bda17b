"""Rates on confirmed completions versus reported ones, worked by hand on the small world, and
the as-of rule of :func:`directives.queries.state.confirmed_on`: a verdict counts from its day."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import Session

from directives.models import Status, StatusUpdate, User
from directives.queries import history
from directives.queries.overview import assignments, counts_by_unit, status_counts
from directives.queries.state import Basis, Filters, end_of_day
from directives.services import reviews, updates
from directives.services.updates import UpdateRequest
from directives.status import Counts
from tests.databases import Databases
from tests.factories import World, at_local, world_db

REPORTED = date(2021, 5, 20)
DECIDED = date(2021, 5, 25)
BASES: list[Basis] = ["happened", "reported"]


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def report_done(session: Session, actor: User, assignment_id: int) -> StatusUpdate:
    return updates.record_update(
        session=session,
        actor=actor,
        assignment_id=assignment_id,
        request=UpdateRequest(status=Status.DONE, progress=100, completed_on=REPORTED),
        at=at_local(REPORTED),
        today=REPORTED,
    )


def both_reported(session: Session, world: World) -> tuple[StatusUpdate, StatusUpdate]:
    return (
        report_done(session, world.secretary_a, world.a_id),
        report_done(session, world.secretary_b, world.b_id),
    )


def counts(session: Session, day: date, confirmed: bool, basis: Basis = "happened") -> Counts:
    return status_counts(session, Filters(as_of=day, confirmed=confirmed, basis=basis))


@pytest.mark.parametrize("basis", BASES)
def test_unconfirmed_completions_wait_and_count_as_not_done(
    session: Session, world: World, basis: Basis
) -> None:
    both_reported(session, world)
    day = date(2021, 5, 22)
    reported = counts(session, day, confirmed=False, basis=basis)
    assert (reported.done_on_time, reported.awaiting, reported.completion_rate) == (2, 0, 1.0)
    confirmed = counts(session, day, confirmed=True, basis=basis)
    assert (confirmed.done, confirmed.awaiting, confirmed.no_deadline) == (0, 2, 1)
    assert confirmed.completion_rate == 0.0  # 0 ÷ (0 done + 0 overdue + 2 awaiting)


@pytest.mark.parametrize("basis", BASES)
def test_a_confirmation_counts_from_its_day_only(
    session: Session, world: World, basis: Basis
) -> None:
    first, _ = both_reported(session, world)
    before = {day: counts(session, day, True, basis) for day in (REPORTED, date(2021, 5, 24))}
    reviews.confirm(
        session=session,
        actor=world.admin,
        status_update_ids=[first.id or 0],
        at=at_local(DECIDED, 14),
        today=DECIDED,
    )
    for day, figures in before.items():  # the days before it: unchanged
        assert counts(session, day, True, basis) == figures
    after = counts(session, DECIDED, True, basis)
    assert (after.done_on_time, after.awaiting, after.completion_rate) == (1, 1, 0.5)
    by_unit = counts_by_unit(session, Filters(as_of=DECIDED, confirmed=True, basis=basis))
    rates = dict(zip(by_unit["unit_name"], by_unit["completion_rate"], strict=True))
    assert rates == {"Xã Giao An": 1.0, "Xã Giao Lạc": 0.0}


def test_a_returned_completion_was_awaiting_then_is_unfinished(
    session: Session, world: World
) -> None:
    _, second = both_reported(session, world)
    reviews.return_completion(
        session=session,
        actor=world.admin,
        status_update_id=second.id or 0,
        reason="Chưa có biên bản",
        at=at_local(DECIDED, 15),
        today=DECIDED,
    )
    day_before = date(2021, 5, 24)
    assert counts(session, day_before, confirmed=False).done == 2  # as the unit reported it
    assert counts(session, day_before, confirmed=True).awaiting == 2
    on_the_day = counts(session, DECIDED, confirmed=False)
    assert (on_the_day.done, on_the_day.in_progress) == (1, 1)
    # past the deadline (30/06/2021) the returned task is overdue; the unconfirmed one waits
    july = counts(session, date(2021, 7, 5), confirmed=True)
    assert (july.overdue, july.awaiting, july.done) == (1, 1, 0)
    assert july.completion_rate == 0.0
    july_reported = counts(session, date(2021, 7, 5), confirmed=False)
    assert (july_reported.overdue, july_reported.done, july_reported.completion_rate) == (1, 1, 0.5)


def test_the_current_and_the_history_paths_agree(session: Session, world: World) -> None:
    """Read after the last change (the assignments' own columns) or before it (the history),
    a confirmed completion reads the same."""
    first, _ = both_reported(session, world)
    reviews.confirm(
        session=session,
        actor=world.admin,
        status_update_ids=[first.id or 0],
        at=at_local(DECIDED, 14),
        today=DECIDED,
    )
    late = Filters(as_of=date(2021, 12, 31), confirmed=True)
    rows = assignments(session, late).set_index("assignment_id")["derived"].to_dict()
    assert rows == {
        world.a_id: "done_on_time",
        world.b_id: "awaiting",
        world.standing_a_id: "no_deadline",
    }
    history = assignments(session, replace(late, basis="reported"))
    assert history.set_index("assignment_id")["derived"].to_dict() == rows


def test_the_history_shows_a_verdict_from_its_day(session: Session, world: World) -> None:
    first, second = both_reported(session, world)
    reviews.confirm(
        session=session,
        actor=world.admin,
        status_update_ids=[first.id or 0],
        at=at_local(DECIDED, 14),
        today=DECIDED,
    )
    reviews.return_completion(
        session=session,
        actor=world.admin,
        status_update_id=second.id or 0,
        reason="Thiếu biên bản",
        at=at_local(DECIDED, 15),
        today=DECIDED,
    )

    def verdicts(day: date, happened: bool) -> list[str]:
        frame = history.task_history(
            session,
            world.task_id,
            end_of_day(day, "Asia/Ho_Chi_Minh"),
            happened_by=day if happened else None,
        )
        return sorted(text for text in frame["review"] if text)

    for happened in (False, True):
        assert verdicts(date(2021, 5, 24), happened) == []
        assert verdicts(DECIDED, happened) == [
            "Trả lại ngày 25/05/2021 (Trần Quản Trị): Thiếu biên bản",
            "Đã xác nhận ngày 25/05/2021 (Trần Quản Trị)",
        ]
