"""A small in-process cache of computed figures, keyed by the database's data epoch and version.

Every write bumps the data version (``services.meta.bump_data_version``) in its transaction, so a
key that includes the version can never serve figures older than the data: a write made by any
process, on SQLite or PostgreSQL, invalidates the figures of every process. A restore rewinds the
version to the backup's but draws a new epoch (``services.meta.new_data_epoch``), so a key never
comes back after a restore either. Values are shared by all users of the process, so only
figures go here, never per-user objects.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from directives.db import session_scope
from directives.services.meta import cache_version

T = TypeVar("T")


class FigureCache:
    def __init__(self, maxsize: int = 512) -> None:
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self.misses += 1
            self._items[key] = value
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


FIGURES = FigureCache()


def cached(engine: Engine, name: str, args: Hashable, compute: Callable[[Session], T]) -> T:
    """``compute(session)`` for this database's current data epoch and version, computed once per
    version.

    The version is read in the same transaction as the figures, so the two always agree.
    """
    with session_scope(engine) as session:
        key = (str(engine.url), cache_version(session=session), name, args)
        return FIGURES.get(key, lambda: compute(session))
