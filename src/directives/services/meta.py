"""Facts stored with the data: the demo's as-of day, the data version and epoch that key
caches, and the log of what each version changed (from which day, which assignments), which lets
a cache keep what a write did not touch."""

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from directives.models import AppMeta, DataChange, table, utcnow

DATA_VERSION = "data_version"
DATA_EPOCH = "data_epoch"


def default_as_of(*, session: Session, today: date | None = None) -> date:
    """The demo's stored day if this is the demo, else today."""
    meta = session.get(AppMeta, "demo_as_of")
    if meta is not None:
        return date.fromisoformat(meta.value)
    return today or date.today()


def data_version(*, session: Session) -> int:
    """A number that changes with every write: caches of figures are keyed on it, so a write seen
    by one dashboard process invalidates the figures of every process."""
    meta = table(AppMeta)
    value = session.execute(
        sa.select(meta.c.value).where(meta.c.key == DATA_VERSION)
    ).scalar_one_or_none()
    return int(value) if value is not None else 0


NO_FIGURES = date.max
"""``since`` of a write that changes no figure of any day (an evidence file)."""
KEEP_CHANGES = 20_000
"""How many versions of the change log are kept; a cache older than that recomputes."""
MAX_LOGGED_IDS = 5_000
"""A write that changed more assignments than this logs "any assignment" (a full reload)."""


def bump_data_version(
    *, session: Session, since: date | None = None, assignments: Iterable[int] | None = None
) -> int:
    """Called by every write service, inside the caller's transaction; returns the new version.

    ``since``: the first as-of day whose figures the write can change (a status update: the
    day it happened; an approval: the day it was decided); None, the default, for a write that
    can change any day (a task's deadline, a merger, a unit). ``assignments``: the assignments
    whose state (status, progress, deadline, extension, confirmation, existence) the write
    changed; None, the default, when unknown or many, () when none. Both are logged with the
    version (:class:`~directives.models.DataChange`): saying less is always safe, only slower.
    """
    meta = table(AppMeta)
    updated = session.execute(
        sa.update(meta)
        .where(meta.c.key == DATA_VERSION)
        .values(value=sa.cast(sa.cast(meta.c.value, sa.Integer) + 1, sa.String))
    )
    if getattr(updated, "rowcount", 0) == 0:
        session.add(AppMeta(key=DATA_VERSION, value="1"))
        session.flush()
    version = data_version(session=session)
    ids = None if assignments is None else sorted({int(i) for i in assignments})
    logged = None if ids is None or len(ids) > MAX_LOGGED_IDS else json.dumps(ids)
    log = table(DataChange)
    # a restore rewinds the version: a newer row of the log left behind means nothing now
    session.execute(sa.delete(log).where(log.c.version >= version))
    session.execute(
        sa.insert(log).values(version=version, at=utcnow(), since=since, assignment_ids=logged)
    )
    if version % 100 == 0:
        session.execute(sa.delete(log).where(log.c.version <= version - KEEP_CHANGES))
    return version


@dataclass(frozen=True)
class Changes:
    """What the writes after one version up to another changed, by the change log."""

    complete: bool
    """Whether the log holds every version of the range (else assume anything changed)."""
    since: date | None
    """The first as-of day whose figures may have changed; None: any day."""
    assignment_ids: frozenset[int] | None
    """The assignments whose state may have changed; None: any."""


def earliest_change(after: int, upto: int, *, session: Session) -> tuple[bool, date | None]:
    """Whether the writes of versions ``after`` < v ≤ ``upto`` changed only days from a known
    one on, and that day: (True, day), or (False, None) when some write may have changed any
    day (or the log no longer covers the range). (True, None) when there was no write."""
    if upto <= after:
        return True, None
    log = table(DataChange)
    count, earliest, unbounded = session.execute(
        sa.select(
            sa.func.count(),
            sa.func.min(log.c.since),
            sa.func.sum(sa.case((log.c.since.is_(None), 1), else_=0)),
        ).where(log.c.version > after, log.c.version <= upto)
    ).one()
    if count != upto - after or unbounded:
        return False, None
    return True, earliest


def changes(after: int, upto: int, *, session: Session) -> Changes:
    """What the writes of versions ``after`` < v ≤ ``upto`` changed (see :class:`Changes`)."""
    if upto <= after:
        return Changes(True, None, frozenset())
    log = table(DataChange)
    rows = session.execute(
        sa.select(log.c.since, log.c.assignment_ids).where(
            log.c.version > after, log.c.version <= upto
        )
    ).all()
    complete = len(rows) == upto - after
    days = [row.since for row in rows]
    since = None if not complete or None in days else min(days)
    ids: set[int] = set()
    for row in rows:
        if row.assignment_ids is None:
            return Changes(complete, since, None)
        ids.update(json.loads(row.assignment_ids))
    return Changes(complete, since, frozenset(ids) if complete else None)


def cache_version(*, session: Session) -> tuple[str, int]:
    """The data epoch and version, read together: the key of cached figures. The version counts
    writes; a restore rewinds it to the backup's, and the epoch, new at every restore, keeps a
    key from ever meaning two different states of the data."""
    meta = table(AppMeta)
    rows = session.execute(
        sa.select(meta.c.key, meta.c.value).where(meta.c.key.in_((DATA_VERSION, DATA_EPOCH)))
    )
    found: dict[str, str] = {key: value for key, value in rows}
    return found.get(DATA_EPOCH, ""), int(found.get(DATA_VERSION, 0))


def store(key: str, value: str, *, session: Session) -> None:
    """Set one setting of ``app_meta`` (added or replaced), in the caller's transaction."""
    row = session.get(AppMeta, key)
    if row is None:
        session.add(AppMeta(key=key, value=value))
    else:
        row.value = value
        session.add(row)


def new_data_epoch(*, session: Session) -> str:
    """Give the data a new random epoch (after a restore), in the caller's transaction."""
    epoch = secrets.token_hex(8)
    meta = table(AppMeta)
    updated = session.execute(sa.update(meta).where(meta.c.key == DATA_EPOCH).values(value=epoch))
    if getattr(updated, "rowcount", 0) == 0:
        session.add(AppMeta(key=DATA_EPOCH, value=epoch))
        session.flush()
    return epoch
