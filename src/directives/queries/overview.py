"""Figures for the dashboard and the exports: counts by derived status.

Every function takes a session and :class:`~directives.queries.state.Filters` and returns plain
values or DataFrames with fixed columns. The counts come from the in-memory store of
``queries.fast`` when it can answer (exactly, a test compares), else from SQL
(``queries.plain``). Roll-up of merged units happens on the small aggregated frames.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.domain import Breakdown, kinds_of
from directives.models import Conclusion, Meeting, Task, Unit, table
from directives.queries import fast_figures, plain
from directives.queries.plain import scoped
from directives.queries.plain import state_query as state_query  # the Word report reads it here
from directives.queries.state import Filters
from directives.queries.units import rollup_map, units_frame
from directives.status import Counts, Derived
from directives.text import sort_key

DERIVED_COLUMNS = [d.value for d in Derived]
UNIT_COLUMNS = ["unit_id", "unit_name", "unit_kind", "bloc", *DERIVED_COLUMNS, "last_update_at"]


PLAIN = "plain_sql"
"""``session.info[PLAIN] = True`` makes this module answer with SQL alone (tests compare)."""


def selected(session: Session, filters: Filters) -> fast_figures.Selected | None:
    """The fast path's selection for ``filters`` (see ``queries.fast``), or None to use SQL."""
    if session.info.get(PLAIN):
        return None
    return fast_figures.select(session, scoped(session, filters))


def status_counts(session: Session, filters: Filters) -> Counts:
    """How many assignments are in each derived status on ``filters.as_of``."""
    chosen = selected(session, filters)
    if chosen is not None:
        return Counts.from_mapping(fast_figures.counts(chosen))
    return Counts.from_mapping(plain.status_counts(session, filters))


def task_count(session: Session, filters: Filters) -> int:
    chosen = selected(session, filters)
    if chosen is not None:
        return fast_figures.task_count(chosen)
    return plain.task_count(session, filters)


def counts_by_unit(session: Session, filters: Filters, by_role: bool = False) -> pd.DataFrame:
    """One row per unit (and role, if ``by_role``) with its count in each derived status,
    ``last_update_at`` and the rates (see :func:`add_rates`). With ``filters.units_as_of``,
    units are rolled up into the units that stood for them on that day."""
    key_names = ["unit_id", *(["role"] if by_role else [])]
    chosen = selected(session, filters)
    if chosen is not None:
        grouped = fast_figures.grouped(chosen, key_names)
    else:
        grouped = plain.counts_by_unit(session, filters, by_role)
    grouped = grouped[[*key_names, *DERIVED_COLUMNS, "last_update_at"]]
    for column in DERIVED_COLUMNS:
        grouped[column] = grouped[column].astype("int64")
    # one resolution whichever path answered (an all-empty column would otherwise come as [s])
    moments = pd.to_datetime(grouped["last_update_at"], utc=True)
    grouped["last_update_at"] = moments.astype("datetime64[us, UTC]")
    if filters.units_as_of is not None:
        mapping = rollup_map(session, filters.units_as_of)
        grouped["unit_id"] = grouped["unit_id"].map(mapping).astype("int64")
        aggregations: dict[str, str] = {column: "sum" for column in DERIVED_COLUMNS}
        aggregations["last_update_at"] = "max"
        grouped = grouped.groupby(key_names, as_index=False).agg(aggregations)
    units = units_frame(session)[["unit_id", "unit_name", "unit_kind", "bloc"]]
    frame = grouped.merge(units, on="unit_id", how="left")
    ordered = ["unit_id", "unit_name", "unit_kind", "bloc", *key_names[1:], *DERIVED_COLUMNS]
    return add_rates(frame[[*ordered, "last_update_at"]])


def part_of(by_unit: pd.DataFrame, part: Breakdown) -> pd.DataFrame:
    """The rows of a frame with a ``unit_kind`` column that belong to one breakdown page (local
    units or organizations); every row belongs to exactly one."""
    kinds = [str(kind) for kind in kinds_of(part)]
    return by_unit[by_unit["unit_kind"].isin(kinds)]


def add_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Add total, done, completion_rate and on_time_rate to a frame of derived-status counts
    (the denominators of :class:`~directives.status.Counts`: completions awaiting confirmation
    count as not done)."""
    frame = frame.copy()
    frame["total"] = frame[DERIVED_COLUMNS].sum(axis=1)
    frame["done"] = frame[Derived.DONE_ON_TIME.value] + frame[Derived.DONE_LATE.value]
    due = frame["done"] + frame[Derived.OVERDUE.value] + frame[Derived.AWAITING.value]
    frame["completion_rate"] = (frame["done"] / due).where(due > 0)
    frame["on_time_rate"] = (frame[Derived.DONE_ON_TIME.value] / due).where(due > 0)
    return frame


ASSIGNMENT_COLUMNS = [
    "assignment_id",
    "meeting_id",
    "meeting_title",
    "conclusion_id",
    "conclusion_number",
    "task_id",
    "task_seq",
    "task_content",
    "field",
    "unit_id",
    "unit_name",
    "unit_kind",
    "bloc",
    "role",
    "deadline",
    "status",
    "derived",
    "progress",
    "completed_on",
    "last_update_at",
]


def assignment_rows(state: sa.Subquery) -> sa.Select[Any]:
    """The row shown and exported per assignment of ``state``, with the names to show: the one
    home of its columns (:data:`ASSIGNMENT_COLUMNS`), for the whole table and for one page of it
    (``queries.task_list``). Unordered."""
    t, c, m, u = table(Task), table(Conclusion), table(Meeting), table(Unit)
    return (
        sa.select(
            state.c.assignment_id,
            m.c.id.label("meeting_id"),
            m.c.title.label("meeting_title"),
            c.c.id.label("conclusion_id"),
            c.c.number.label("conclusion_number"),
            t.c.id.label("task_id"),
            t.c.seq.label("task_seq"),
            t.c.content.label("task_content"),
            t.c.field,
            u.c.id.label("unit_id"),
            u.c.name.label("unit_name"),
            u.c.kind.label("unit_kind"),
            u.c.bloc,
            state.c.role,
            state.c.deadline,
            state.c.status,
            state.c.derived,
            state.c.progress,
            state.c.completed_on,
            state.c.last_update_at,
        )
        .join(t, t.c.id == state.c.task_id)
        .join(c, c.c.id == t.c.conclusion_id)
        .outerjoin(m, m.c.id == c.c.meeting_id)  # a letter of directions has no meeting
        .join(u, u.c.id == state.c.unit_id)
    )


def rows_frame(session: Session, query: sa.Select[Any], filters: Filters) -> pd.DataFrame:
    """The rows of :func:`assignment_rows` as a frame; with ``filters.units_as_of`` the unit
    columns name the unit that stands for it that day."""
    frame = pd.DataFrame(session.execute(query).mappings().all(), columns=ASSIGNMENT_COLUMNS)
    frame["last_update_at"] = pd.to_datetime(frame["last_update_at"], utc=True)
    if filters.units_as_of is not None and not frame.empty:
        mapping = rollup_map(session, filters.units_as_of)
        units = units_frame(session).set_index("unit_id")
        frame["unit_id"] = frame["unit_id"].map(mapping).astype("int64")
        for column in ("unit_name", "unit_kind", "bloc"):
            frame[column] = frame["unit_id"].map(units[column])
    return frame


def assignments(
    session: Session,
    filters: Filters,
    order: str = "document",
    limit: int | None = None,
    ids: list[int] | None = None,
) -> pd.DataFrame:
    """Assignments counted on ``filters.as_of``, one row each, with names to show.

    ``order``: "document" (conclusion, item, role, unit) or "overdue" (oldest deadline first).
    With ``filters.units_as_of`` the unit columns name the unit that stands for it that day.
    ``ids``: only these assignments (among those the filters select).
    """
    state = state_query(session, filters)
    c, t, u = table(Conclusion), table(Task), table(Unit)
    query = assignment_rows(state)
    if ids is not None:
        query = query.where(state.c.assignment_id.in_(ids))
    if order == "overdue":
        query = query.order_by(state.c.deadline, u.c.name, state.c.assignment_id)
    else:
        query = query.order_by(c.c.issued_on, c.c.id, t.c.seq, state.c.role, u.c.name)
    if limit is not None:
        query = query.limit(limit)
    return rows_frame(session, query, filters)


def top_overdue(session: Session, filters: Filters, limit: int | None = 10) -> pd.DataFrame:
    """The ``limit`` assignments overdue the longest (all with None), with ``days_late``."""
    only_overdue = replace(filters, derived=(Derived.OVERDUE,))
    chosen = selected(session, only_overdue) if limit is not None else None
    ids = None if chosen is None else fast_figures.overdue_candidates(chosen, limit or 0)
    frame = assignments(session, only_overdue, order="overdue", limit=limit, ids=ids)
    frame["days_late"] = [(filters.as_of - deadline).days for deadline in frame["deadline"]]
    return frame


TREND_COLUMNS = ["bucket_end", "due", "done", "done_on_time"]


def trend(
    session: Session, filters: Filters, start: date | None = None, freq: str = "auto"
) -> pd.DataFrame:
    """A burn-up: at the end of each week or month up to the as-of day, how many assignments
    had fallen due (cumulative) and how many of those were done, and done on time.

    Completion dates are as known on the as-of day. ``freq``: "week", "month" or "auto" (weeks
    for up to six months, months beyond).
    """
    chosen = selected(session, filters)
    if chosen is not None:
        due_rows, done_rows = fast_figures.trend_rows(chosen)
    else:
        due_rows, done_rows = plain.trend_rows(session, filters)
    if not due_rows and not done_rows:
        return pd.DataFrame(columns=TREND_COLUMNS)
    first = start or min([row[0] for row in due_rows] + [row[0] for row in done_rows])
    end = filters.as_of
    if first > end:
        return pd.DataFrame(columns=TREND_COLUMNS)
    if freq == "auto":
        freq = "week" if (end - first).days <= 190 else "month"
    buckets = list(pd.date_range(first, end, freq="W-SUN" if freq == "week" else "ME").date)
    if not buckets or buckets[-1] != end:
        buckets.append(end)
    ends = np.array(buckets, dtype="datetime64[D]")

    def upto(rows: list[Any], column: int) -> list[int]:
        """For each bucket's end, the sum of ``column`` over the rows of days up to it."""
        if not rows:
            return [0] * len(buckets)
        ordered = sorted(rows, key=lambda row: row[0])
        days = np.array([row[0] for row in ordered], dtype="datetime64[D]")
        totals = np.cumsum([int(row[column]) for row in ordered])
        found = np.searchsorted(days, ends, side="right")
        return [int(totals[n - 1]) if n else 0 for n in found]

    return pd.DataFrame(
        {
            "bucket_end": buckets,
            "due": upto(due_rows, 1),
            "done": upto(done_rows, 1),
            "done_on_time": upto(done_rows, 2),
        },
        columns=TREND_COLUMNS,
    )


@dataclass(frozen=True)
class Overview:
    """Everything the overview page shows, for one set of filters."""

    counts: Counts
    tasks: int
    by_unit: pd.DataFrame
    trend: pd.DataFrame
    top_overdue: pd.DataFrame


def overview(session: Session, filters: Filters, trend_start: date | None = None) -> Overview:
    return Overview(
        counts=status_counts(session, filters),
        tasks=task_count(session, filters),
        by_unit=counts_by_unit(session, filters),
        trend=trend(session, filters, start=trend_start),
        top_overdue=top_overdue(session, filters),
    )


def previous_as_of(as_of: date) -> date:
    """For cumulative figures, the comparison day: the last day of the previous month."""
    return as_of.replace(day=1) - timedelta(days=1)


RANKING_COLUMNS = [
    "unit_id",
    "unit_name",
    "unit_kind",
    "bloc",
    "total",
    "done",
    "overdue",
    "completion_rate",
    "on_time_rate",
    "days_since_update",
]


def worst_first(by_unit: pd.DataFrame) -> pd.DataFrame:
    """Units ordered as leaders read them: lowest completion rate, then most overdue, then the
    longest without a report. Units with nothing due yet come last. Expects :func:`add_rates`."""
    frame = by_unit.assign(
        _last=pd.to_datetime(by_unit["last_update_at"], utc=True),
        _name=pd.Series(
            [sort_key(str(n)) for n in by_unit["unit_name"]], index=by_unit.index, dtype=object
        ),
    )
    frame = frame.sort_values(
        ["completion_rate", "overdue", "_last", "_name"],
        ascending=[True, False, True, True],
        na_position="last",
        kind="stable",
    )
    return frame.drop(columns=["_last", "_name"]).reset_index(drop=True)


def ranking(by_unit: pd.DataFrame, as_of: date, timezone: str = "Asia/Ho_Chi_Minh") -> pd.DataFrame:
    """:func:`worst_first`, with ``days_since_update``: how long before the as-of day a unit that
    still has open work last reported (data freshness). None for a unit whose work is all done,
    paused or cancelled, and for one that never reported. Counting by the day changes happened,
    a change known by the as-of day but recorded later (history brought in) reads 0."""
    frame = worst_first(by_unit)
    last = pd.to_datetime(frame["last_update_at"], utc=True).dt.tz_convert(timezone)
    closed = [Derived.DONE_ON_TIME, Derived.DONE_LATE, Derived.PAUSED, Derived.CANCELLED]
    open_work = frame["total"] - frame[[d.value for d in closed]].sum(axis=1)
    frame["days_since_update"] = [  # a report recorded after the day, of a change by then: 0
        None if pd.isna(moment) or not has_open else max(0, (as_of - moment.date()).days)
        for moment, has_open in zip(last, open_work > 0, strict=True)
    ]
    return frame[RANKING_COLUMNS]


def counts_by_conclusion(session: Session, filters: Filters) -> pd.DataFrame:
    """One row per conclusion with its count in each derived status and the rates."""
    chosen = selected(session, filters)
    if chosen is not None:
        frame = fast_figures.grouped(chosen, ["conclusion_id"])[["conclusion_id", *DERIVED_COLUMNS]]
        if frame.empty:
            frame = pd.DataFrame(columns=["conclusion_id", *DERIVED_COLUMNS])
    else:
        frame = plain.counts_by_conclusion(session, filters)
    for column in DERIVED_COLUMNS:
        frame[column] = frame[column].astype("int64")
    return add_rates(frame)
