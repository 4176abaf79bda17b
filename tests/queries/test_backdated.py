"""A backdated update (one whose change happened before the day it was recorded) counts from the
day it happened by default, from the day it was recorded when figures go by the reports, and is
shown as backdated in the history and the audit log (both engines)."""

import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session

from directives.models import Status
from directives.queries import history
from directives.queries.audit import readable
from directives.queries.overview import assignments, status_counts
from directives.queries.state import Basis, Filters
from directives.services import updates
from directives.status import Derived
from tests.databases import Databases
from tests.factories import World, at_local, audit_entries, world_db

RECORDED = date(2021, 3, 10)
HAPPENED = date(2021, 2, 15)
COMPLETED = date(2021, 2, 10)


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def backdate(session: Session, world: World) -> None:
    """Unit A's secretary reports on 10/03/2021 that the task was done on 10/02, a change that
    happened (was known done) on 15/02."""
    updates.record_update(
        session=session,
        actor=world.secretary_a,
        assignment_id=world.a_id,
        request=updates.UpdateRequest(
            status=Status.DONE,
            progress=100,
            completed_on=COMPLETED,
            happened_on=HAPPENED,
        ),
        at=at_local(RECORDED, 15),
        today=RECORDED,
    )


def derived(session: Session, world: World, day: date, basis: Basis) -> str:
    frame = assignments(session, Filters(as_of=day, basis=basis))
    return str(frame.set_index("assignment_id").loc[world.a_id, "derived"])


@pytest.mark.parametrize(
    ("day", "happened", "reported"),
    [
        (date(2021, 2, 14), Derived.NOT_STARTED, Derived.NOT_STARTED),
        (HAPPENED, Derived.DONE_ON_TIME, Derived.NOT_STARTED),
        (date(2021, 3, 9), Derived.DONE_ON_TIME, Derived.NOT_STARTED),
        (RECORDED, Derived.DONE_ON_TIME, Derived.DONE_ON_TIME),
        (date(2021, 12, 31), Derived.DONE_ON_TIME, Derived.DONE_ON_TIME),
    ],
)
def test_counts_from_the_day_it_happened_or_from_the_day_it_was_reported(
    session: Session, world: World, day: date, happened: Derived, reported: Derived
) -> None:
    backdate(session, world)
    assert derived(session, world, day, "happened") == happened.value
    assert derived(session, world, day, "reported") == reported.value
    done = status_counts(session, Filters(as_of=day)).done_on_time
    assert done == (1 if happened is Derived.DONE_ON_TIME else 0)


def test_history_and_audit_say_it_was_backdated(session: Session, world: World) -> None:
    updates.record_update(
        session=session,
        actor=world.secretary_b,
        assignment_id=world.b_id,
        request=updates.UpdateRequest(status=Status.IN_PROGRESS, progress=20),
        at=at_local(date(2021, 2, 1)),
        today=date(2021, 2, 1),
    )
    backdate(session, world)

    frame = history.task_history(session, world.task_id, at_local(date(2022, 1, 1)))
    by_assignment = frame.set_index("assignment_id")
    assert by_assignment.loc[world.a_id, "backdated"] == (
        "ghi ngày 10/03/2021, xảy ra ngày 15/02/2021"
    )
    assert by_assignment.loc[world.a_id, "happened_on"] == HAPPENED
    assert by_assignment.loc[world.b_id, "backdated"] is None, "recorded on the day it happened"

    # By the day it happened, 20/02 already shows it; by the reports, not before 10/03.
    cutoff = Filters(as_of=date(2021, 2, 20)).cutoff
    reported = history.unit_history(session, world.unit_a.id or 0, cutoff)
    happened = history.unit_history(
        session, world.unit_a.id or 0, cutoff, happened_by=date(2021, 2, 20)
    )
    assert (len(reported), len(happened)) == (0, 1)

    entries = audit_entries(session, "assignment.update")
    plain, backdated = entries[-2], entries[-1]
    assert json.loads(backdated.after or "{}")["happened_on"] == "2021-02-15"
    assert "ngày thay đổi (ghi lùi): 15/02/2021" in readable(backdated.after)
    assert "happened_on" not in json.loads(plain.after or "{}")
