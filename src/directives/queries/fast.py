"""The overview's fast path: every assignment's current state held in memory as columns, kept in
step with the database through the change log, from which any day's state is derived exactly.

Why: the figures are GROUP BYs over one row per assignment, and at a province's 200,000 rows
SQLite spends a second evaluating the derived status row by row in five queries, after every
save (a save changes the data version). Columns in numpy do the same work in milliseconds.

How it stays exact:

- The *store* (one per database and data epoch, shared by the process's users: it holds data,
  never anything per user) is loaded from committed data in a session of its own: each
  assignment's stored status, progress, completion day and last report (the assignment's own
  columns, which mirror its latest update), its task, conclusion, unit and role, the days it
  counts (task assigned, ``counts_from``/``counts_until``), its deadline with every approved
  extension, when the last approval was decided, and when its latest completion was confirmed.
- A reader's transaction may be at a later version than the store (writes since, its own
  uncommitted ones included): the change log (``services.meta.changes``) names the assignments
  those writes changed; their rows are read again *in the reader's transaction* and patched into
  a copy, never into the shared store. A write that does not say which assignments it changed
  makes the store reload (from committed data); a reader that sees an older version than the
  store, or an uncommitted write of that kind, gets ``None`` and the plain SQL path.
- For a past day, the assignments whose state then differs from now (an update counted after
  that day; an extension approved after it) are read from the history with the plain SQL
  definition (``queries.state.assignment_state``) and patched in; every other row is as it is
  now. A day near today touches a few rows; any day is exact.
"""

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Dialect, Engine
from sqlmodel import Session

from directives.db import session_scope
from directives.models import (
    Assignment,
    AssignmentRole,
    ExtensionRequest,
    ExtensionStatus,
    Review,
    Status,
    StatusUpdate,
    Task,
    Verdict,
    table,
)
from directives.queries.state import deadline_on
from directives.services.meta import cache_version, changes

STATUSES: tuple[Status, ...] = tuple(Status)
ROLES: tuple[AssignmentRole, ...] = tuple(AssignmentRole)
NO_DAY = np.int32(np.iinfo(np.int32).min)
"""A missing day (no deadline, no completion, no ``counts_from``): before every day."""
LAST_DAY = np.int32(np.iinfo(np.int32).max)
"""A missing ``counts_until`` or confirmation day: after every day."""
NO_TIME = np.int64(np.iinfo(np.int64).min)
"""A missing moment (never reported, no approval): before every moment."""
NEVER = np.int64(np.iinfo(np.int64).max)
"""A missing confirmation moment: after every moment."""
OVERLAY_MAX = 2_000
"""Past this many assignments changed since the store was loaded, the store itself is renewed."""

Columns = dict[str, np.ndarray]


def day_number(day: date) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


def moment_number(moment: datetime) -> int:
    naive = moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    return int(np.datetime64(naive, "us").astype(np.int64))


def _day(column: sa.ColumnElement[Any], dialect: str, missing: int) -> sa.ColumnElement[Any]:
    """A day as its number of days since 1970-01-01 (``missing`` for none), computed by the
    database: parsing 200,000 dates in Python would cost more than the whole query."""
    if dialect == "sqlite":
        number = sa.cast(sa.func.julianday(column) - 2440587.5, sa.Integer)
    else:
        number = sa.cast(column - sa.cast(sa.literal("1970-01-01"), sa.Date), sa.Integer)
    return sa.func.coalesce(number, missing)


def _moment(column: sa.ColumnElement[Any], dialect: str, missing: int) -> sa.ColumnElement[Any]:
    """A stored (naive UTC) moment as microseconds since 1970, exactly."""
    if dialect == "sqlite":  # stored as "YYYY-MM-DD HH:MM:SS.ffffff"
        seconds = sa.cast(sa.func.strftime("%s", column), sa.Integer)
        micro = sa.func.coalesce(sa.cast(sa.func.substr(column, 21, 6), sa.Integer), 0)
        number: sa.ColumnElement[Any] = seconds * 1_000_000 + micro
    else:
        number = sa.cast(sa.func.extract("epoch", column) * 1_000_000, sa.BigInteger)
    return sa.func.coalesce(number, missing)


def _code(column: sa.ColumnElement[Any], names: Iterable[str]) -> sa.ColumnElement[Any]:
    return sa.case({name: number for number, name in enumerate(names)}, value=column, else_=0)


COLUMN_NAMES = (
    "id", "task_id", "conclusion_id", "unit_id", "role", "status", "progress", "completed",
    "last_at", "deadline", "original", "assigned", "counts_from", "counts_until", "decided",
    "confirmed_on", "confirmed_at",
)  # fmt: skip


IDS = "__assignment_ids__"
"""Where :func:`current_sql` puts the list of assignment ids (integers only)."""


def _among(column: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    return column.op("IN")(sa.literal_column(f"({IDS})"))


def current_query(dialect: str, some: bool = False) -> sa.Select[Any]:
    """One row per assignment as it stands now (see the module's docstring), every column an
    integer (:data:`COLUMN_NAMES`). ``some``: of the assignments listed in place of :data:`IDS`
    only (each grouped part is then read for them alone: a patch of one row read every
    extension and review)."""
    a, t, er, su = table(Assignment), table(Task), table(ExtensionRequest), table(StatusUpdate)
    r = table(Review)
    decided = er.c.decided_at.is_not(None)
    approved = er.c.status == ExtensionStatus.APPROVED.value
    extension = (
        sa.select(
            er.c.assignment_id,
            sa.func.max(sa.case((decided, er.c.proposed_deadline))).label("granted"),
            sa.func.count().label("approvals"),
            sa.func.max(er.c.decided_at).label("decided"),
        )
        .where(sa.and_(approved, _among(er.c.assignment_id)) if some else approved)
        .group_by(er.c.assignment_id)
        .subquery("extension")
    )
    latest = (
        sa.select(su.c.id)
        .where(su.c.assignment_id == r.c.assignment_id)
        .order_by(su.c.happened_on.desc(), su.c.at.desc(), su.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    reviewed = [r.c.verdict == Verdict.CONFIRMED.value, r.c.status_update_id == latest]
    if some:
        reviewed.append(_among(r.c.assignment_id))
    confirmed = (
        sa.select(
            r.c.assignment_id,
            sa.func.max(r.c.decided_on).label("confirmed_on"),
            sa.func.max(r.c.decided_at).label("confirmed_at"),
        )
        .where(*reviewed)
        .group_by(r.c.assignment_id)
        .subquery("confirmed")
    )
    deadline = deadline_on(a.c.extended_deadline, t.c.deadline, extension)
    query = (
        sa.select(
            a.c.id,
            a.c.task_id,
            t.c.conclusion_id,
            a.c.unit_id,
            _code(a.c.role, (role.value for role in ROLES)),
            _code(a.c.status, (status.value for status in STATUSES)),
            sa.func.coalesce(a.c.progress, 0),
            _day(a.c.completed_on, dialect, int(NO_DAY)),
            _moment(a.c.updated_at, dialect, int(NO_TIME)),
            _day(deadline, dialect, int(NO_DAY)),
            _day(t.c.original_deadline, dialect, int(NO_DAY)),
            _day(t.c.assigned_on, dialect, int(NO_DAY)),
            _day(a.c.counts_from, dialect, int(NO_DAY)),
            _day(a.c.counts_until, dialect, int(LAST_DAY)),
            _moment(extension.c.decided, dialect, int(NO_TIME)),
            _day(confirmed.c.confirmed_on, dialect, int(LAST_DAY)),
            _moment(confirmed.c.confirmed_at, dialect, int(NEVER)),
        )
        .select_from(a)
        .join(t, t.c.id == a.c.task_id)
        .outerjoin(extension, extension.c.assignment_id == a.c.id)
        .outerjoin(confirmed, confirmed.c.assignment_id == a.c.id)
        .order_by(a.c.id)
    )
    return query.where(_among(a.c.id)) if some else query


_SQL: dict[tuple[str, bool], str] = {}


def current_sql(dialect: Dialect, some: bool) -> str:
    """:func:`current_query` as SQL for ``dialect``, built once per process and engine kind
    (building and compiling it took longer than running it for the few rows of a patch)."""
    key = (dialect.name, some)
    if key not in _SQL:
        query = current_query(dialect.name, some)
        _SQL[key] = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    return _SQL[key]


def read_current(session: Session, ids: Iterable[int] | None = None) -> Columns:
    """The rows of :func:`current_query` (of ``ids`` only, if given) as columns, read through
    the driver's own cursor: at 200,000 rows SQLAlchemy's rows would cost a second."""
    connection = session.connection()
    sql = current_sql(connection.dialect, ids is not None)
    if ids is not None:  # integers only: nothing of a user's reaches this text
        sql = sql.replace(IDS, ",".join(str(int(i)) for i in sorted(ids)) or "NULL")
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    matrix = np.array(rows, dtype=np.int64).reshape(len(rows), len(COLUMN_NAMES))
    return {name: matrix[:, number].copy() for number, name in enumerate(COLUMN_NAMES)}


def patched(columns: Columns, ids: Iterable[int], rows: Columns) -> Columns:
    """A copy of ``columns`` where the assignments ``ids`` are as in ``rows`` (added when new,
    left out when ``rows`` lacks them: removed)."""
    wanted = np.array(sorted(set(ids)), dtype=np.int64)
    positions = np.searchsorted(columns["id"], wanted)
    inside = positions < len(columns["id"])
    present = np.zeros(len(wanted), dtype=bool)
    present[inside] = columns["id"][positions[inside]] == wanted[inside]
    if present.all() and np.array_equal(rows["id"], wanted):  # the usual case: rows changed
        out = dict(columns)
        for name, values in rows.items():
            if not np.array_equal(columns[name][positions], values):  # copied when it changed
                out[name] = columns[name].copy()
                out[name][positions] = values
        return out
    keep = ~np.isin(columns["id"], wanted)
    joined = {name: np.concatenate([columns[name][keep], rows[name]]) for name in columns}
    order = np.argsort(joined["id"], kind="stable")
    return {name: values[order] for name, values in joined.items()}


@dataclass(frozen=True)
class Store:
    url: str
    epoch: str
    version: int
    columns: Columns


_STORES: dict[str, Store] = {}
_GUARD = threading.Lock()
_LOADING: dict[str, threading.Lock] = {}


def engine_of(session: Session) -> Engine:
    """The session's engine, for transactions of the store's own: reads, whatever the session
    is (a write transaction's engine would begin IMMEDIATE and wait for the session itself)."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return engine.execution_options(sqlite_begin="DEFERRED")


def load(engine: Engine) -> Store:
    """Read the whole store from committed data, in a transaction of its own."""
    with session_scope(engine) as session:
        epoch, version = cache_version(session=session)
        columns = read_current(session)
    return Store(str(engine.url), epoch, version, columns)


def renewed(engine: Engine, store: Store | None) -> Store:
    """The store brought up to the committed data: patched if the log names what changed,
    else read again whole. One thread per database renews it at a time."""
    url = str(engine.url)
    with _GUARD:
        lock = _LOADING.setdefault(url, threading.Lock())
    with lock:
        latest = _STORES.get(url)
        if latest is not None and store is not None and latest.version > store.version:
            return latest  # another thread renewed it meanwhile
        fresh: Store | None = None
        if latest is not None:
            with session_scope(engine) as session:
                epoch, version = cache_version(session=session)
                if epoch == latest.epoch and version >= latest.version:
                    changed = changes(latest.version, version, session=session).assignment_ids
                    if changed is not None:
                        columns = latest.columns
                        if changed:
                            rows = read_current(session, changed)
                            columns = patched(columns, changed, rows)
                        fresh = Store(url, epoch, version, columns)
        if fresh is None:
            fresh = load(engine)
        _STORES[url] = fresh
        return fresh


def warm(engine: Engine) -> None:
    """Load the store ahead of the first reader (the dashboard starts this on its first run)."""
    if str(engine.url) not in _STORES:
        renewed(engine, None)


def forget(engine: Engine | None = None) -> None:
    """Drop the store of one database (all with None): tests, and a database replaced whole."""
    with _GUARD:
        if engine is None:
            _STORES.clear()
        else:
            _STORES.pop(str(engine.url), None)


def current(session: Session) -> Columns | None:
    """Every assignment as it stands now *as the session sees the data*, or None when the fast
    path cannot say (the session sees data older than the store, or an uncommitted write that
    did not name its assignments). Memoized in the session: one transaction, one answer."""
    epoch, version = cache_version(session=session)
    known = memo(session, (epoch, version))
    if "current" in known:
        return known["current"]  # type: ignore[no-any-return]
    engine = engine_of(session)
    store = _STORES.get(str(engine.url))
    if store is None or store.epoch != epoch or store.version > version:
        store = renewed(engine, store)
    if store.epoch != epoch or store.version > version:
        return None
    if store.version < version:
        changed = changes(store.version, version, session=session).assignment_ids
        if changed is None or len(changed) > OVERLAY_MAX:
            store = renewed(engine, store)  # from committed data: this session may be ahead
            if store.epoch != epoch or store.version > version:
                return None
    columns: Columns | None = store.columns
    if store.version < version:
        changed = changes(store.version, version, session=session).assignment_ids
        if changed is None:
            columns = None
        elif changed:
            columns = patched(store.columns, changed, read_current(session, changed))
    known["current"] = columns
    return columns


def memo(session: Session, version: tuple[str, int] | None = None) -> dict[Any, Any]:
    """What this session worked out for the data at its current version (a write in the
    session moves the version, so nothing carries over a write)."""
    if version is None:
        version = cache_version(session=session)
    held = session.info.get("fast_memo")
    if held is None or held[0] != version:
        held = (version, {})
        session.info["fast_memo"] = held
    return held[1]
