"""Any day's state from the store of :mod:`directives.queries.fast`: the assignments whose state
on that day differs from now (an update counted after it, an extension approved after it) are
read from the history by the plain SQL definition and patched into a copy of the columns; every
other assignment stood then as it stands now. Near today that is a few rows."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import (
    Assignment,
    ExtensionRequest,
    ExtensionStatus,
    Review,
    StatusUpdate,
    Verdict,
    table,
)
from directives.queries.fast import (
    NO_DAY,
    NO_TIME,
    STATUSES,
    Columns,
    current,
    day_number,
    memo,
    moment_number,
)
from directives.queries.state import Filters, assignment_state, last_update_id


def _days(values: list[Any], missing: np.int32) -> np.ndarray:
    parsed = np.array(values, dtype="datetime64[D]")
    out = parsed.astype(np.int64)
    out[np.isnat(parsed)] = missing
    return out.astype(np.int32)


def _moments(values: list[Any], missing: np.int64) -> np.ndarray:
    parsed = np.array(values, dtype="datetime64[us]")
    out = parsed.astype(np.int64)
    out[np.isnat(parsed)] = missing
    return out


def _codes(values: list[Any], names: Iterable[str]) -> np.ndarray:
    codes = {name: number for number, name in enumerate(names)}
    return np.array([codes[str(v)] if v is not None else 0 for v in values], dtype=np.int8)


MANY = 5_000
"""Past this many assignments changed since a day, they are read through a subquery."""


def plain(filters: Filters) -> Filters:
    """What the state of a day depends on, without the selections the fast path makes itself."""
    return Filters(
        as_of=filters.as_of,
        timezone=filters.timezone,
        basis=filters.basis,
        against_original=filters.against_original,
    )


def differing(filters: Filters) -> sa.Select[Any] | sa.CompoundSelect[Any]:
    """The assignments whose state on ``filters.as_of`` may differ from their state now: an
    update counted after that day, or an approval decided after it."""
    su, er = table(StatusUpdate), table(ExtensionRequest)
    if filters.basis == "reported":
        later: sa.ColumnElement[bool] = su.c.at >= filters.cutoff
    else:
        later = su.c.happened_on > sa.literal(filters.as_of, sa.Date)
    query = sa.select(su.c.assignment_id).where(later)
    if not filters.against_original:
        return query.union(
            sa.select(er.c.assignment_id).where(
                er.c.status == ExtensionStatus.APPROVED.value, er.c.decided_at >= filters.cutoff
            )
        )
    return query


def then(session: Session, filters: Filters, confirmed: bool = False) -> Columns:
    """The rows of :func:`differing` as they stood on ``filters.as_of``, by the plain SQL
    definition: id, status, progress, completed, last_at, deadline and, if ``confirmed``,
    update_id (its last update's id then)."""
    base = plain(filters)
    a = table(Assignment)
    changed = sorted(set(session.execute(differing(base)).scalars()))
    rows: list[Any] = []
    if changed:
        # a few ids (near today) are looked up one by one; many, through the subquery
        wanted = changed if len(changed) <= MANY else differing(base)
        state = assignment_state(base).where(a.c.id.in_(wanted)).subquery("then")
        update: sa.ColumnElement[Any] = (
            last_update_id(state.c.assignment_id, base) if confirmed else sa.null()
        )
        query = sa.select(
            state.c.assignment_id,
            state.c.status,
            state.c.progress,
            state.c.completed_on,
            state.c.last_update_at,
            state.c.deadline,
            update.label("update_id"),
        ).order_by(state.c.assignment_id)
        rows = list(session.execute(query).all())
    ids, status, progress, completed, last_at, deadline, updates = (
        (list(column) for column in zip(*rows, strict=True)) if rows else ([],) * 7
    )
    return {
        "id": np.array(ids, dtype=np.int64),
        "status": _codes(status, (s.value for s in STATUSES)),
        "progress": np.array([p or 0 for p in progress], dtype=np.int16),
        "completed": _days(completed, NO_DAY),
        "last_at": _moments([_naive(v) for v in last_at], NO_TIME),
        "deadline": _days(deadline, NO_DAY),
        "update_id": np.array([u or 0 for u in updates], dtype=np.int64),
    }


def _naive(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def confirmed_updates(session: Session, update_ids: np.ndarray, filters: Filters) -> np.ndarray:
    """Which of ``update_ids`` have a confirmation counted on ``filters.as_of`` (the rule of
    ``Filters.confirmed``: decided by that day, or recorded before its end when counting what
    had been reported)."""
    if not len(update_ids):
        return np.zeros(0, dtype=bool)
    r = table(Review)
    if filters.basis == "reported":
        counted = r.c.decided_at < filters.cutoff
    else:
        counted = r.c.decided_on <= sa.literal(filters.as_of, sa.Date)
    found = set(
        session.execute(
            sa.select(r.c.status_update_id).where(
                r.c.status_update_id.in_([int(u) for u in update_ids if u]),
                r.c.verdict == Verdict.CONFIRMED.value,
                counted,
            )
        ).scalars()
    )
    return np.array([int(u) in found for u in update_ids], dtype=bool)


def as_of_columns(session: Session, filters: Filters, confirmed: bool = False) -> Columns | None:
    """Every assignment's state on ``filters.as_of``, unfiltered (the rows of the store, those
    that differed then patched in), with ``confirmed`` (bool) when asked; None when the fast
    path cannot say (see :func:`current`)."""
    key = ("fast_then", plain(filters), confirmed)
    known = memo(session)
    if key in known:
        return known[key]  # type: ignore[no-any-return]
    now = current(session)
    if now is None:
        return None
    columns = dict(now)
    if filters.against_original:
        columns["deadline"] = columns["original"]
    if confirmed:
        if filters.basis == "reported":
            columns["confirmed"] = columns["confirmed_at"] < moment_number(filters.cutoff)
        else:
            columns["confirmed"] = columns["confirmed_on"] <= day_number(filters.as_of)
    old = then(session, filters, confirmed)
    if len(old["id"]):
        positions = np.searchsorted(columns["id"], old["id"])
        for name in ("status", "progress", "completed", "last_at", "deadline"):
            columns[name] = columns[name].copy()
            columns[name][positions] = old[name]
        if confirmed:
            columns["confirmed"] = columns["confirmed"].copy()
            columns["confirmed"][positions] = confirmed_updates(session, old["update_id"], filters)
    known[key] = columns
    return columns
