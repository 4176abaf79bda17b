"""Figures for a past day depend only on what had happened by that day: an extension counts from
its approval, a merger from its effective day (both engines)."""

from datetime import UTC, date, datetime

import pandas as pd
import pytest
from sqlmodel import Session, select

from directives.domain import OPEN_STATUSES
from directives.models import Assignment, ExtensionRequest, UnitKind, User
from directives.queries.overview import assignments, counts_by_unit, status_counts
from directives.queries.state import Filters
from directives.services import corrections, extensions, mergers, units
from directives.services.meta import bump_data_version
from directives.status import Derived

OCT_31 = date(2021, 10, 31)
APPROVED_AT = datetime(2021, 11, 5, 2, 0, tzinfo=UTC)  # 05/11/2021, 09:00 in Hà Nội
NEW_DEADLINE = date(2021, 12, 31)


def admin(session: Session) -> User:
    return session.exec(select(User).where(User.username == "quantri")).one()


def state_of(session: Session, assignment_id: int, as_of: date) -> tuple[date, str]:
    frame = assignments(session, Filters(as_of=as_of))
    row = frame[frame["assignment_id"] == assignment_id].iloc[0]
    return row["deadline"], row["derived"]


def overdue_on_oct_31(session: Session) -> int:
    """An assignment overdue on 31/10/2021 and still open today."""
    frame = assignments(session, Filters(as_of=OCT_31))
    overdue = frame[frame["derived"] == Derived.OVERDUE.value]
    for assignment_id in overdue["assignment_id"]:
        row = session.get(Assignment, int(assignment_id))
        if row is not None and row.status in OPEN_STATUSES:
            return int(assignment_id)
    raise AssertionError("the demo has an assignment overdue on 31/10/2021 and still open")


def test_an_extension_counts_from_its_approval(demo_session: Session) -> None:
    session = demo_session
    assignment_id = overdue_on_oct_31(session)
    old_deadline, _ = state_of(session, assignment_id, OCT_31)
    before = {
        day: status_counts(session, Filters(as_of=day)) for day in (OCT_31, date(2021, 11, 10))
    }

    request = extensions.request_extension(
        admin(session), assignment_id, NEW_DEADLINE, "Chờ kinh phí", session=session
    )
    extensions.approve(admin(session), request.id or 0, None, session=session)
    # Approved today: no earlier day moves, not even the day before today.
    for day, counts in before.items():
        assert status_counts(session, Filters(as_of=day)) == counts
    assert state_of(session, assignment_id, OCT_31) == (old_deadline, Derived.OVERDUE.value)
    today = datetime.now(UTC).date()
    assert state_of(session, assignment_id, today)[0] == NEW_DEADLINE

    # Approved on 05/11/2021: 31/10 is still as it was, 10/11 is judged against 31/12.
    approved = session.get(ExtensionRequest, request.id)
    assert approved is not None
    approved.decided_at = APPROVED_AT
    session.add(approved)
    session.flush()
    bump_data_version(session=session)  # as every write does (figures' caches read it)
    assert status_counts(session, Filters(as_of=OCT_31)) == before[OCT_31]
    assert state_of(session, assignment_id, OCT_31) == (old_deadline, Derived.OVERDUE.value)
    deadline, derived = state_of(session, assignment_id, date(2021, 11, 10))
    assert deadline == NEW_DEADLINE and derived != Derived.OVERDUE.value
    after = status_counts(session, Filters(as_of=date(2021, 11, 10)))
    assert after.overdue == before[date(2021, 11, 10)].overdue - 1
    # Against the original deadline, the approval changes nothing on any day.
    original = Filters(as_of=date(2021, 11, 10), against_original=True)
    assert state_of(session, assignment_id, date(2021, 11, 10))[0] != old_deadline
    assert (
        assignments(session, original).set_index("assignment_id").loc[assignment_id, "deadline"]
        == old_deadline
    )


MERGER_DAY = date(2021, 11, 1)
BEFORE, AFTER = date(2021, 10, 20), date(2021, 11, 15)


def by_unit(session: Session, as_of: date, units_now: bool = False) -> pd.DataFrame:
    filters = Filters(as_of=as_of, units_as_of=date(2021, 12, 1) if units_now else None)
    frame = counts_by_unit(session, filters)
    return frame.set_index("unit_id").sort_index()


@pytest.mark.parametrize("successor", ["giao-thien", "a new commune"])
def test_a_merger_counts_from_its_effective_day(demo_session: Session, successor: str) -> None:
    """Xã Giao An merges on 01/11/2021, recorded years later (today), into Xã Giao Thiện (which
    has the same tasks: the work joins its own) or into a new commune (which takes it over)."""
    session = demo_session
    giao_an = units.unit_by_slug("giao-an", session=session)
    if successor == "giao-thien":
        heir = units.unit_by_slug("giao-thien", session=session)
    else:
        heir = units.create_unit(
            admin(session), "Xã Giao An Thiện", UnitKind.COMMUNE, None, None, None, session=session
        )
    assert giao_an.id is not None and heir.id is not None
    moved = {
        a.id: a.task_id
        for a in session.exec(select(Assignment).where(Assignment.unit_id == giao_an.id)).all()
        if a.status in OPEN_STATUSES
    }
    assert moved, "the demo leaves Giao An open work to hand over"
    had = set(session.exec(select(Assignment.task_id).where(Assignment.unit_id == heir.id)).all())
    joined = sum(1 for task_id in moved.values() if task_id in had)
    figures = {
        day: (status_counts(session, Filters(as_of=day)), by_unit(session, day))
        for day in (BEFORE, AFTER)
    }

    mergers.merge_unit(admin(session), giao_an.id, heir.id, MERGER_DAY, session=session)
    session.flush()

    # Before the effective day: as before the merger was recorded, both units separately.
    counts, frame = status_counts(session, Filters(as_of=BEFORE)), by_unit(session, BEFORE)
    assert counts == figures[BEFORE][0]
    pd.testing.assert_frame_equal(frame, figures[BEFORE][1])

    # From it: the work open at the merger counts once, at the successor.
    counts, frame = status_counts(session, Filters(as_of=AFTER)), by_unit(session, AFTER)
    was, old_frame = figures[AFTER]
    assert counts.total == was.total - joined, "nothing counted twice"
    assert counts.cancelled == was.cancelled, "handed over is not cancelled"
    before_heir = old_frame.loc[heir.id, "total"] if heir.id in old_frame.index else 0
    assert frame.loc[heir.id, "total"] == before_heir + len(moved) - joined
    left = old_frame.loc[giao_an.id, "total"] - len(moved)
    assert frame.loc[giao_an.id, "total"] == left, "Giao An keeps the work it finished later"
    rows = assignments(session, Filters(as_of=AFTER, unit_ids=(heir.id,)))
    assert set(moved.values()) <= set(rows["task_id"])

    # Rolled up into the units of a later day, the two read as one.
    rolled = by_unit(session, AFTER, units_now=True)
    assert giao_an.id not in rolled.index
    assert rolled.loc[heir.id, "total"] == frame.loc[[giao_an.id, heir.id], "total"].sum()


def test_an_extension_overtaken_by_the_task_deadline_gives_way(demo_session: Session) -> None:
    """The task's deadline moves past the unit's extension: the service drops the extension, and
    every path reads the task's deadline from then on (a task's deadline has no history)."""
    session = demo_session
    assignment_id = overdue_on_oct_31(session)
    request = extensions.request_extension(
        admin(session), assignment_id, NEW_DEADLINE, "Chờ kinh phí", session=session
    )
    approved = extensions.approve(admin(session), request.id or 0, None, session=session)
    approved.decided_at = APPROVED_AT
    session.add(approved)
    row = session.get(Assignment, assignment_id)
    assert row is not None
    later = date(2022, 3, 31)
    corrections.update_task(admin(session), row.task_id, session=session, deadline=later)
    session.flush()
    for day in (date(2021, 11, 10), datetime.now(UTC).date()):
        assert state_of(session, assignment_id, day)[0] == later
