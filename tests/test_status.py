"""The derived status of one assignment, and the rates computed from counts of them."""

from dataclasses import fields
from datetime import date, timedelta

import pytest

from directives.models import Status
from directives.status import DERIVED_ORDER, DUE_SOON_DAYS, Counts, Derived, derive

AS_OF = date(2021, 10, 15)


def days(n: int) -> date:
    """The day ``n`` days after AS_OF (before it when negative)."""
    return AS_OF + timedelta(days=n)


@pytest.mark.parametrize(
    ("status", "deadline", "completed_on", "expected"),
    [
        # done: on time when completed by the deadline, late when after it
        pytest.param(Status.DONE, days(-10), days(-20), Derived.DONE_ON_TIME, id="done-early"),
        pytest.param(
            Status.DONE, days(-10), days(-10), Derived.DONE_ON_TIME, id="done-on-deadline"
        ),
        pytest.param(Status.DONE, days(-10), days(-9), Derived.DONE_LATE, id="done-one-day-late"),
        pytest.param(Status.DONE, days(-10), days(0), Derived.DONE_LATE, id="done-late-today"),
        pytest.param(Status.DONE, days(30), days(-1), Derived.DONE_ON_TIME, id="done-before-due"),
        pytest.param(Status.DONE, days(3), days(0), Derived.DONE_ON_TIME, id="done-while-due-soon"),
        pytest.param(Status.DONE, None, days(-5), Derived.DONE_ON_TIME, id="done-no-deadline"),
        pytest.param(Status.DONE, days(-10), None, Derived.DONE_ON_TIME, id="done-no-date"),
        # not done, past the deadline
        pytest.param(Status.IN_PROGRESS, days(-1), None, Derived.OVERDUE, id="in-progress-overdue"),
        pytest.param(
            Status.NOT_STARTED, days(-90), None, Derived.OVERDUE, id="not-started-overdue"
        ),
        pytest.param(None, days(-1), None, Derived.OVERDUE, id="no-report-overdue"),
        # due soon: deadline from today through today + 7 days
        pytest.param(Status.IN_PROGRESS, days(0), None, Derived.DUE_SOON, id="due-today"),
        pytest.param(Status.IN_PROGRESS, days(1), None, Derived.DUE_SOON, id="due-tomorrow"),
        pytest.param(Status.IN_PROGRESS, days(7), None, Derived.DUE_SOON, id="due-in-7-days"),
        pytest.param(Status.NOT_STARTED, days(7), None, Derived.DUE_SOON, id="not-started-in-7"),
        pytest.param(Status.IN_PROGRESS, days(8), None, Derived.IN_PROGRESS, id="due-in-8-days"),
        pytest.param(Status.NOT_STARTED, days(8), None, Derived.NOT_STARTED, id="not-started-in-8"),
        # on schedule, as reported
        pytest.param(Status.NOT_STARTED, days(60), None, Derived.NOT_STARTED, id="not-started"),
        pytest.param(None, days(60), None, Derived.NOT_STARTED, id="no-report-not-started"),
        pytest.param(Status.IN_PROGRESS, days(60), None, Derived.IN_PROGRESS, id="in-progress"),
        # paused and cancelled win over everything, even an old deadline
        pytest.param(Status.PAUSED, days(60), None, Derived.PAUSED, id="paused"),
        pytest.param(Status.PAUSED, days(-60), None, Derived.PAUSED, id="paused-past-deadline"),
        pytest.param(Status.PAUSED, days(2), None, Derived.PAUSED, id="paused-due-soon"),
        pytest.param(Status.PAUSED, None, None, Derived.PAUSED, id="paused-no-deadline"),
        pytest.param(Status.CANCELLED, days(60), None, Derived.CANCELLED, id="cancelled"),
        pytest.param(Status.CANCELLED, days(-60), None, Derived.CANCELLED, id="cancelled-overdue"),
        pytest.param(Status.CANCELLED, None, None, Derived.CANCELLED, id="cancelled-no-deadline"),
        # standing tasks (no deadline) that are not done
        pytest.param(
            Status.IN_PROGRESS, None, None, Derived.NO_DEADLINE, id="standing-in-progress"
        ),
        pytest.param(
            Status.NOT_STARTED, None, None, Derived.NO_DEADLINE, id="standing-not-started"
        ),
        pytest.param(None, None, None, Derived.NO_DEADLINE, id="standing-no-report"),
    ],
)
def test_derive(
    status: Status | None, deadline: date | None, completed_on: date | None, expected: Derived
) -> None:
    got = derive(status, deadline, completed_on, AS_OF)
    assert got is expected, (
        f"derive({status}, deadline={deadline}, completed_on={completed_on}, as_of={AS_OF}) "
        f"gave {got}, expected {expected}"
    )


@pytest.mark.parametrize("status", [s.value for s in Status])
def test_derive_accepts_stored_strings(status: str) -> None:
    """The database gives plain strings; they derive as the enum members do."""
    for deadline in (None, days(-3), days(3), days(30)):
        from_string = derive(status, deadline, days(-1), AS_OF)
        from_enum = derive(Status(status), deadline, days(-1), AS_OF)
        assert from_string is from_enum, f"{status!r}, deadline {deadline}"


def test_derive_rejects_unknown_status() -> None:
    with pytest.raises(ValueError):
        derive("finished", days(3), None, AS_OF)


def test_due_soon_window_is_seven_days() -> None:
    assert DUE_SOON_DAYS == 7
    window = [
        n
        for n in range(-3, 15)
        if derive(Status.IN_PROGRESS, days(n), None, AS_OF) is Derived.DUE_SOON
    ]
    assert window == list(range(8)), f"due soon on days {window}, expected today through +7"


def test_derived_order_lists_every_derived_status_once() -> None:
    assert sorted(DERIVED_ORDER) == sorted(Derived)
    assert len(set(DERIVED_ORDER)) == len(DERIVED_ORDER)


def test_counts_fields_are_the_derived_statuses() -> None:
    assert {f.name for f in fields(Counts)} == {d.value for d in Derived}


@pytest.mark.parametrize(
    ("counts", "completion", "on_time"),
    [
        pytest.param(Counts(), None, None, id="empty"),
        pytest.param(
            Counts(in_progress=5, due_soon=2, not_started=3, no_deadline=4, paused=1, cancelled=6),
            None,
            None,
            id="nothing-due-or-done",
        ),
        pytest.param(Counts(done_on_time=3), 1.0, 1.0, id="all-on-time"),
        pytest.param(Counts(done_late=2), 1.0, 0.0, id="all-late"),
        pytest.param(Counts(overdue=4), 0.0, 0.0, id="all-overdue"),
        pytest.param(Counts(done_on_time=3, done_late=1), 1.0, 0.75, id="done-some-late"),
        pytest.param(Counts(done_on_time=6, done_late=2, overdue=2), 0.8, 0.6, id="mixed"),
        pytest.param(
            Counts(
                done_on_time=1,
                done_late=1,
                overdue=2,
                in_progress=50,
                due_soon=9,
                not_started=7,
                no_deadline=11,
                paused=3,
                cancelled=8,
            ),
            0.5,
            0.25,
            id="open-and-excluded-do-not-count",
        ),
    ],
)
def test_rates(counts: Counts, completion: float | None, on_time: float | None) -> None:
    if completion is None:
        assert counts.completion_rate is None, f"{counts}: completion rate should be None"
    else:
        assert counts.completion_rate == pytest.approx(completion), f"{counts}"
    if on_time is None:
        assert counts.on_time_rate is None, f"{counts}: on-time rate should be None"
    else:
        assert counts.on_time_rate == pytest.approx(on_time), f"{counts}"


def test_counts_total_and_done() -> None:
    counts = Counts(
        done_on_time=1,
        done_late=2,
        in_progress=3,
        due_soon=4,
        overdue=5,
        not_started=6,
        no_deadline=7,
        paused=8,
        cancelled=9,
    )
    assert counts.total == 45
    assert counts.done == 3


def test_counts_from_mapping() -> None:
    counts = Counts.from_mapping({"done_on_time": 4, "overdue": 1, Derived.DONE_LATE: 1})
    assert counts == Counts(done_on_time=4, done_late=1, overdue=1)
    assert counts.completion_rate == pytest.approx(5 / 6)
    assert counts.on_time_rate == pytest.approx(4 / 6)
    with pytest.raises(ValueError):
        Counts.from_mapping({"finished": 1})
