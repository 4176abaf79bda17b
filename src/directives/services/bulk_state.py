"""What a batch of status updates is checked against (:mod:`directives.services.bulk_updates`):
the saved state of its assignments, their latest notes and the dated changes saved already, each
read in a few chunked queries whatever the batch's size. Reads only."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Assignment, Status, StatusUpdate, Task, Unit, table
from directives.services.updates import UpdateRequest

BULK_CHUNK = 500
"""Assignments read per query (well under any bound-parameter limit)."""


@dataclass(frozen=True)
class Saved:
    """An assignment as saved now, with what its next update is checked against."""

    assignment_id: int
    unit_id: int
    unit_name: str
    status: str
    progress: int
    completed_on: date | None
    version: int
    assigned_on: date
    latest_happened: date | None


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), BULK_CHUNK):
        yield values[start : start + BULK_CHUNK]


def current_states(ids: Sequence[int], *, session: Session, lock: bool) -> dict[int, Saved]:
    """The saved state of the assignments ``ids`` (those that exist), read in chunks."""
    a, t, u, su = table(Assignment), table(Task), table(Unit), table(StatusUpdate)
    found: dict[int, Saved] = {}
    for chunk in _chunks(sorted(set(ids))):
        latest = (
            sa.select(su.c.assignment_id, sa.func.max(su.c.happened_on).label("happened_on"))
            .where(su.c.assignment_id.in_(chunk))
            .group_by(su.c.assignment_id)
            .subquery("latest")
        )
        query = (
            sa.select(
                a.c.id,
                a.c.unit_id,
                u.c.name,
                a.c.status,
                a.c.progress,
                a.c.completed_on,
                a.c.version,
                t.c.assigned_on,
                latest.c.happened_on,
            )
            .join(t, t.c.id == a.c.task_id)
            .join(u, u.c.id == a.c.unit_id)
            .outerjoin(latest, latest.c.assignment_id == a.c.id)
            .where(a.c.id.in_(chunk))
        )
        if lock:
            query = query.with_for_update(of=a)
        for row in session.execute(query):
            found[row.id] = Saved(
                assignment_id=row.id,
                unit_id=row.unit_id,
                unit_name=row.name,
                status=str(row.status),
                progress=int(row.progress),
                completed_on=row.completed_on,
                version=int(row.version),
                assigned_on=row.assigned_on,
                latest_happened=row.happened_on,
            )
    return found


def change_key(assignment_id: int, request: UpdateRequest) -> tuple[Any, ...]:
    """What makes a dated change the same as one saved already."""
    done = Status(request.status) is Status.DONE
    completed = request.completed_on if done else None
    progress = 100 if done else request.progress
    return (assignment_id, request.happened_on, Status(request.status).value, progress, completed)


def told_changes(ids: Sequence[int], *, session: Session) -> set[tuple[Any, ...]]:
    """The :func:`change_key` of every saved update of the assignments ``ids``."""
    su = table(StatusUpdate)
    found: set[tuple[Any, ...]] = set()
    for chunk in _chunks(sorted(set(ids))):
        rows = session.execute(
            sa.select(
                su.c.assignment_id,
                su.c.happened_on,
                su.c.to_status,
                su.c.progress,
                su.c.completed_on,
            ).where(su.c.assignment_id.in_(chunk))
        )
        found.update((r[0], r[1], str(r[2]), int(r[3]), r[4]) for r in rows)
    return found


def latest_notes(ids: Sequence[int], *, session: Session) -> dict[int, str | None]:
    """The note of each assignment's latest update (by insertion, as :func:`latest_update`)."""
    su = table(StatusUpdate)
    notes: dict[int, str | None] = {}
    for chunk in _chunks(sorted(set(ids))):
        last = (
            sa.select(sa.func.max(su.c.id))
            .where(su.c.assignment_id.in_(chunk))
            .group_by(su.c.assignment_id)
        )
        rows = session.execute(sa.select(su.c.assignment_id, su.c.note).where(su.c.id.in_(last)))
        notes.update({row.assignment_id: row.note for row in rows})
    return notes
