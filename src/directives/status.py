"""How an assignment stands on a given day, and the rates leaders read.

The stored :class:`~directives.models.Status` is what a unit reported; the *derived* status adds
the deadline and the as-of day. One assignment has exactly one derived status, so counts add up.

Rules (in this order):

1. cancelled → ``cancelled``; paused → ``paused`` (both left out of the rates);
1b. counting confirmed results only (``Filters.confirmed``): done but not confirmed by the as-of
   day → ``awaiting`` ("Chờ xác nhận"; see ``queries.state`` for when a confirmation counts);
2. done → ``done_on_time`` if it has no deadline or was completed by it, else ``done_late``;
3. not done, no deadline (a standing task, "thường xuyên") → ``no_deadline``;
4. not done, deadline before the as-of day → ``overdue``;
5. not done, deadline within :data:`DUE_SOON_DAYS` days → ``due_soon``;
6. otherwise ``in_progress`` or ``not_started`` as reported.

Headline rate (as the Government Office computes it): done ÷ (done + overdue and unfinished).
On-time rate: done on time ÷ (done + overdue and unfinished).
A completion awaiting confirmation is not done and sits in both denominators, whatever its
deadline: the unit has reported, so it is never counted overdue for the office's delay; on the
reported basis there are none, so the rates are the ones above.
"""

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from directives.models import Status

DUE_SOON_DAYS = 7


class Derived(enum.StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    AWAITING = "awaiting"  # reported done, not yet confirmed (only when counting confirmed results)
    IN_PROGRESS = "in_progress"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_STARTED = "not_started"
    NO_DEADLINE = "no_deadline"
    PAUSED = "paused"
    CANCELLED = "cancelled"


DERIVED_ORDER: tuple[Derived, ...] = (
    Derived.DONE_ON_TIME,
    Derived.DONE_LATE,
    Derived.AWAITING,
    Derived.IN_PROGRESS,
    Derived.NO_DEADLINE,
    Derived.DUE_SOON,
    Derived.NOT_STARTED,
    Derived.OVERDUE,
    Derived.PAUSED,
    Derived.CANCELLED,
)
"""Legend and stacking order: done first, overdue last before the ones left out of the rates."""


STOPPED: dict[Status, Derived] = {
    Status.CANCELLED: Derived.CANCELLED,
    Status.PAUSED: Derived.PAUSED,
}
"""Stored statuses that stop the clock: each shows as its own derived status, deadline or not."""

STARTED: tuple[Status, ...] = (Status.IN_PROGRESS,)
"""Open statuses shown as in progress while the deadline is ahead (any other as not started)."""


def derive(
    status: Status | str | None,
    deadline: date | None,
    completed_on: date | None,
    as_of: date,
    awaiting: bool = False,
) -> Derived:
    """The derived status of one assignment as it stood at the end of ``as_of``. ``awaiting``:
    a completion not yet confirmed on that day, when counting confirmed results only."""
    state = Status(status) if status is not None else Status.NOT_STARTED
    if state in STOPPED:
        return STOPPED[state]
    if state is Status.DONE and awaiting:
        return Derived.AWAITING
    if state is Status.DONE:
        if deadline is None or completed_on is None or completed_on <= deadline:
            return Derived.DONE_ON_TIME
        return Derived.DONE_LATE
    if deadline is None:
        return Derived.NO_DEADLINE
    if deadline < as_of:
        return Derived.OVERDUE
    if deadline <= as_of + timedelta(days=DUE_SOON_DAYS):
        return Derived.DUE_SOON
    return Derived.IN_PROGRESS if state in STARTED else Derived.NOT_STARTED


@dataclass(frozen=True)
class Counts:
    """How many assignments are in each derived status."""

    done_on_time: int = 0
    done_late: int = 0
    awaiting: int = 0
    in_progress: int = 0
    due_soon: int = 0
    overdue: int = 0
    not_started: int = 0
    no_deadline: int = 0
    paused: int = 0
    cancelled: int = 0

    @classmethod
    def from_mapping(cls, counts: "dict[str, int]") -> "Counts":
        return cls(**{Derived(key).value: int(value) for key, value in counts.items()})

    @property
    def total(self) -> int:
        return sum(getattr(self, d.value) for d in Derived)

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def due(self) -> int:
        """The rates' denominator: done, overdue, and completions awaiting confirmation."""
        return self.done + self.overdue + self.awaiting

    @property
    def completion_rate(self) -> float | None:
        """done ÷ (done + overdue + awaiting); None when nothing is due or done yet."""
        return self.done / self.due if self.due else None

    @property
    def on_time_rate(self) -> float | None:
        """done on time ÷ (done + overdue + awaiting); None when nothing is due or done yet."""
        return self.done_on_time / self.due if self.due else None


LAG_ORDER: tuple[Derived, ...] = (
    Derived.OVERDUE,
    Derived.DUE_SOON,
    Derived.NOT_STARTED,
    Derived.IN_PROGRESS,
    Derived.NO_DEADLINE,
    Derived.PAUSED,
    Derived.AWAITING,
    Derived.DONE_LATE,
    Derived.DONE_ON_TIME,
    Derived.CANCELLED,
)
"""Worst first: the order in which a leader wants to see a task's units."""
