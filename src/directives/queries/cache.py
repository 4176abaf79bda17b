"""A small in-process cache of computed figures, keyed by the database's data epoch and checked
against its data version.

Every write bumps the data version (``services.meta.bump_data_version``) in its transaction and
logs from which day it changed figures. A value is served while the version it was computed at
is the current one; figures of an as-of day (``cached(..., as_of=day)``) are also served while
every write since changed only later days (a status update saved today leaves the figures of
last month as they were), read from the log in the same transaction as the version. So a cached
value is never older than the data it stands for, whichever process, on SQLite or PostgreSQL,
wrote. A restore rewinds the version to the backup's but draws a new epoch
(``services.meta.new_data_epoch``), so a key never comes back after a restore either. Values
are shared by all users of the process, so only figures go here, never per-user objects.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from directives.db import session_scope
from directives.services.meta import cache_version, earliest_change

T = TypeVar("T")


@dataclass
class Entry:
    value: Any
    version: int
    """The data version the value was computed at, or last found still valid at."""
    as_of: date | None
    """The last day the value depends on; None: it may depend on any write."""


class FigureCache:
    def __init__(self, maxsize: int = 512) -> None:
        self._items: OrderedDict[Hashable, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self.kept = 0
        """Hits on a value computed before a write that could not change it."""

    def entry(self, key: Hashable) -> Entry | None:
        with self._lock:
            return self._items.get(key)

    def hit(self, key: Hashable, entry: Entry, version: int) -> Any:
        with self._lock:
            if entry.version != version:
                self.kept += 1
                entry.version = max(entry.version, version)
            self.hits += 1
            if key in self._items:
                self._items.move_to_end(key)
            return entry.value

    def put(self, key: Hashable, value: Any, version: int, as_of: date | None) -> None:
        with self._lock:
            self.misses += 1
            current = self._items.get(key)
            if current is None or current.version <= version:
                self._items[key] = Entry(value, version, as_of)
                self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


FIGURES = FigureCache()


def cached(
    engine: Engine,
    name: str,
    args: Hashable,
    compute: Callable[[Session], T],
    as_of: date | None = None,
) -> T:
    """``compute(session)`` for this database's current data, computed once per data version;
    with ``as_of``, the last day the figures depend on, kept across writes that changed only
    later days.

    The version and the log are read in the same transaction as the figures, so they agree.
    """
    with session_scope(engine) as session:
        epoch, version = cache_version(session=session)
        key = (str(engine.url), epoch, name, args)
        entry = FIGURES.entry(key)
        if entry is not None and fresh(entry, version, as_of, session):
            return FIGURES.hit(key, entry, version)  # type: ignore[no-any-return]
        value = compute(session)
        FIGURES.put(key, value, version, as_of)
        return value


def fresh(entry: Entry, version: int, as_of: date | None, session: Session) -> bool:
    """Whether ``entry`` holds the figures of the data at ``version``."""
    if entry.version == version:
        return True
    if as_of is None or entry.as_of is None or entry.version > version:
        return False
    return untouched(entry.version, version, entry.as_of, session)


def untouched(after: int, upto: int, as_of: date, session: Session) -> bool:
    """Whether no write of versions ``after`` < v ≤ ``upto`` changed the figures of ``as_of``."""
    known, since = earliest_change(after, upto, session=session)
    return known and since is not None and since > as_of
