"""What a unit reported about one assignment over time, and the rows that history becomes."""

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from directives.demo.scale.base import (
    CA,
    DN,
    EPOCH,
    EPOCH_ORD,
    IP,
    NS,
    PA,
    STATUS_VALUES,
    UTC_OFFSET_MIN,
)
from directives.demo.scale.vocabulary import (
    CANCEL_NOTE,
    DONE_NOTES,
    LATE_NOTES,
    PAUSE_NOTES,
    PROGRESS_NOTES,
    RESUME_NOTE,
    STANDING_NOTES,
    START_NOTES,
)
from directives.models import (
    AssignmentRole,
    Status,
)

# One update: (at in UTC minutes since 1970, assignment id, from, to, progress, completed_on as an
# ordinal or 0, note, evidence). Sorting the tuples sorts by the moment recorded.
Update = tuple[int, int, int, int, int, int, str, str | None]


def history_of(
    rng: random.Random,
    assignment_id: int,
    assigned: int,
    deadline: int | None,
    limit: int,
    diligence: float,
    lead: bool,
) -> list[Update]:
    """What one unit reported about one assignment, up to ``limit`` (days as ordinals)."""
    randint, random_ = rng.randint, rng.random
    diligent = diligence > 0.6
    if random_() < (0.03 if diligent else 0.12):
        return []  # never reported: stays "not started"
    start = assigned + randint(2, 20 if diligent else 45)
    plan: list[tuple[int, int, int, int, str]] = [
        (start, IP, rng.choice((10, 15, 20, 25)), 0, rng.choice(START_NOTES))
    ]
    progress = plan[0][2]
    if deadline is None:  # standing: a report every three to seven months, never "done"
        day = start
        while True:
            day += randint(90, 210)
            if day > limit:
                break
            roll = random_()
            if roll < 0.01:
                plan.append((day, CA, progress, 0, CANCEL_NOTE))
                break
            if roll < 0.05 and plan[-1][1] != PA:
                plan.append((day, PA, progress, 0, rng.choice(PAUSE_NOTES)))
                continue
            progress = min(90, progress + randint(5, 15))
            note = RESUME_NOTE if plan[-1][1] == PA else rng.choice(STANDING_NOTES)
            plan.append((day, IP, progress, 0, note))
    else:
        roll = random_()
        if roll < 0.008:
            outcome = "cancelled"
        elif roll < diligence:
            outcome = "on_time"
        elif roll < diligence + (1 - diligence) * 0.55:
            outcome = "late"
        elif roll < diligence + (1 - diligence) * 0.85:
            outcome = "open"
        else:
            outcome = "paused"
        if outcome == "on_time":
            finish = deadline - randint(0, max(1, (deadline - start) // 4))
        else:
            finish = deadline + randint(3, 60)
        finish = max(finish, start + 3)
        middle = min(finish, deadline)
        steps = randint(1, 4)
        for index in range(steps):
            gap = middle - start
            if gap < 4:
                break
            progress = min(90, progress + randint(10, 25))
            day = start + gap * (index + 1) // (steps + 1)
            plan.append((day, IP, progress, 0, rng.choice(PROGRESS_NOTES)))
        last = plan[-1][0]
        if outcome in ("on_time", "late"):
            if outcome == "late" and lead and last < deadline + 2 < finish:
                plan.append((deadline + 2, IP, progress, 0, rng.choice(LATE_NOTES)))
            done_note = DONE_NOTES[0] if lead else DONE_NOTES[1]
            plan.append((finish, DN, 100, finish, done_note))
        elif outcome == "open":
            day = max(last, deadline)
            for _ in range(randint(1, 3)):
                day += randint(20, 150)
                plan.append((day, IP, progress, 0, rng.choice(LATE_NOTES)))
        elif outcome == "paused":
            day = max(last, deadline - 10) + 1
            plan.append((day, PA, progress, 0, rng.choice(PAUSE_NOTES)))
            if random_() < 0.35:
                day += randint(30, 120)
                plan.append((day, IP, progress, 0, RESUME_NOTE))
                day += randint(20, 90)
                plan.append((day, DN, 100, day, DONE_NOTES[0 if lead else 1]))
        else:
            day = randint(last + 1, max(last + 1, deadline + 30))
            plan.append((day, CA, progress, 0, CANCEL_NOTE))

    updates: list[Update] = []
    previous, last_at = NS, 0
    for day, status, progress, completed, note in plan:
        if day > limit:
            break
        recorded = min(day + randint(0, 2), limit)
        at = (recorded - EPOCH_ORD) * 1440 + randint(7 * 60, 17 * 60 - 1) - UTC_OFFSET_MIN
        if at <= last_at:
            at = last_at + randint(5, 90)
        last_at = at
        evidence = None
        if status == DN:
            evidence = (
                f"Báo cáo số {randint(5, 250)}/BC ngày {date.fromordinal(completed):%d/%m/%Y}"
            )
        updates.append((at, assignment_id, previous, status, progress, completed, note, evidence))
        previous = status
    return updates


def assignment_row(
    assignment_id: int, task_id: int, unit_id: int, role: AssignmentRole, history: list[Update]
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": assignment_id,
        "task_id": task_id,
        "unit_id": unit_id,
        "role": role.value,
        "status": Status.NOT_STARTED.value,
        "progress": 0,
        "completed_on": None,
        "updated_at": None,
        "version": len(history),
    }
    if history:
        at, _, _, status, progress, completed, _, _ = history[-1]
        row["status"] = STATUS_VALUES[status]
        row["progress"] = progress
        row["completed_on"] = date.fromordinal(completed) if completed else None
        row["updated_at"] = EPOCH + timedelta(minutes=at)
    return row


def update_rows(events: list[Update], user_id: int) -> Iterator[dict[str, Any]]:
    local = timedelta(minutes=UTC_OFFSET_MIN)  # recorded on the (local) day they happened
    epoch, minutes, fromordinal, values = (
        EPOCH,
        timedelta(minutes=1),
        date.fromordinal,
        STATUS_VALUES,
    )
    for update_id, (
        at,
        assignment_id,
        previous,
        status,
        progress,
        completed,
        note,
        evidence,
    ) in enumerate(events, start=1):
        moment = epoch + minutes * at
        yield {
            "id": update_id,
            "assignment_id": assignment_id,
            "user_id": user_id,
            "at": moment,
            "happened_on": (moment + local).date(),
            "from_status": values[previous],
            "to_status": values[status],
            "progress": progress,
            "completed_on": fromordinal(completed) if completed else None,
            "note": note,
            "evidence": evidence,
        }
