"""The overview's figures from the in-memory columns of :mod:`directives.queries.fast`: the
assignments counted on a day and selected by the filters, their derived status, and the groups
the overview shows. Each function answers exactly what its SQL twin in ``queries.overview``
answers (a test compares them on random days and filters, on both engines)."""

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Conclusion, Status, Task, Unit, table
from directives.queries import fast, fast_days
from directives.queries.state import NO_MEETING, Filters
from directives.status import DUE_SOON_DAYS, STARTED, STOPPED, Derived
from directives.text import fold

AWAITING = Derived.AWAITING.value
"""The derived status of a completion not yet confirmed (``Filters.confirmed``)."""
NAMES: tuple[str, ...] = tuple(d.value for d in Derived)
CODE = {name: number for number, name in enumerate(NAMES)}
USED = (
    "id",
    "task_id",
    "conclusion_id",
    "unit_id",
    "role",
    "status",
    "completed",
    "last_at",
    "deadline",
)
"""The columns the figures read, of those the store holds."""
STATUS_CODE = {status: number for number, status in enumerate(fast.STATUSES)}


@dataclass(frozen=True)
class Selected:
    """The assignments counted on ``filters.as_of`` that the filters select: their columns
    (see ``fast.read_current``) and ``derived`` (codes into :data:`NAMES`)."""

    filters: Filters
    columns: fast.Columns
    derived: np.ndarray

    def __len__(self) -> int:
        return len(self.derived)


def derive(columns: fast.Columns, filters: Filters, confirmed: bool) -> np.ndarray:
    """``status.derive`` over columns (the same rules, in the same order)."""
    status, deadline, completed = columns["status"], columns["deadline"], columns["completed"]
    day = fast.day_number(filters.as_of)
    soon = fast.day_number(filters.as_of + timedelta(days=DUE_SOON_DAYS))
    done = status == STATUS_CODE[Status.DONE]
    no_deadline = deadline == fast.NO_DAY
    conditions: list[np.ndarray] = []
    choices: list[int] = []
    for stored, derived in STOPPED.items():
        conditions.append(status == STATUS_CODE[stored])
        choices.append(CODE[derived.value])
    if confirmed:
        conditions.append(done & ~columns["confirmed"])
        choices.append(CODE[AWAITING])
    started = np.isin(status, [STATUS_CODE[s] for s in STARTED])
    conditions += [
        done & (no_deadline | (completed == fast.NO_DAY) | (completed <= deadline)),
        done,
        no_deadline,
        deadline < day,
        deadline <= soon,
        started,
    ]
    choices += [
        CODE[Derived.DONE_ON_TIME.value],
        CODE[Derived.DONE_LATE.value],
        CODE[Derived.NO_DEADLINE.value],
        CODE[Derived.OVERDUE.value],
        CODE[Derived.DUE_SOON.value],
        CODE[Derived.IN_PROGRESS.value],
    ]
    return np.select(conditions, choices, default=CODE[Derived.NOT_STARTED.value]).astype(np.int8)


def _ids(session: Session, query: sa.Select[Any]) -> np.ndarray:
    return np.array(list(session.execute(query).scalars()), dtype=np.int64)


def selection_mask(session: Session, columns: fast.Columns, filters: Filters) -> np.ndarray:
    """The rows counted on the day that the filters not about status select."""
    day = fast.day_number(filters.as_of)
    mask = (
        (columns["assigned"] <= day)
        & (columns["counts_from"] <= day)
        & (columns["counts_until"] >= day)
    )
    c, t, u = table(Conclusion), table(Task), table(Unit)
    if filters.meeting_id is not None:
        meeting = (
            c.c.meeting_id.is_(None)
            if filters.meeting_id == NO_MEETING
            else c.c.meeting_id == filters.meeting_id
        )
        mask &= np.isin(columns["conclusion_id"], _ids(session, sa.select(c.c.id).where(meeting)))
    if filters.conclusion_id is not None:
        mask &= columns["conclusion_id"] == filters.conclusion_id
    if filters.task_id is not None:
        mask &= columns["task_id"] == filters.task_id
    if filters.unit_ids:
        mask &= np.isin(columns["unit_id"], np.array(filters.unit_ids, dtype=np.int64))
    if filters.unit_kinds or filters.blocs:
        units = sa.select(u.c.id)
        if filters.unit_kinds:
            units = units.where(u.c.kind.in_([str(k) for k in filters.unit_kinds]))
        if filters.blocs:
            units = units.where(u.c.bloc.in_([str(b) for b in filters.blocs]))
        mask &= np.isin(columns["unit_id"], _ids(session, units))
    words = fold(filters.search or "").split()
    if filters.fields or words:
        tasks = sa.select(t.c.id)
        if filters.fields:
            tasks = tasks.where(t.c.field.in_(filters.fields))
        for word in words:
            tasks = tasks.where(t.c.search_text.contains(word, autoescape=True))
        mask &= np.isin(columns["task_id"], _ids(session, tasks))
    if filters.roles:
        codes = [fast.ROLES.index(role) for role in filters.roles]
        mask &= np.isin(columns["role"], codes)
    return mask


def select(session: Session, filters: Filters) -> Selected | None:
    """The assignments ``filters`` count and select, with their derived status; None when the
    fast path cannot say (the caller then uses SQL)."""
    known = fast.memo(session)
    key = ("selected", filters)
    if key not in known:
        wider = ("selected", replace(filters, derived=()))
        if filters.derived and known.get(wider) is not None:  # the page's counts came first
            known[key] = _narrowed(known[wider], filters)
        else:
            known[key] = _select(session, filters)
    return known[key]  # type: ignore[no-any-return]


def _narrowed(wider: Selected, filters: Filters) -> Selected:
    """``filters``' selection from the same filters' selection without their derived statuses
    (the ten longest overdue after the page's counts): the last step of :func:`_select`, the
    rows and their statuses already worked out."""
    keep = np.isin(wider.derived, [CODE[str(d)] for d in filters.derived])
    return Selected(
        filters, {name: values[keep] for name, values in wider.columns.items()}, wider.derived[keep]
    )


def _select(session: Session, filters: Filters) -> Selected | None:
    confirmed = filters.confirmed
    columns = fast_days.as_of_columns(session, filters, confirmed)
    if columns is None:
        return None
    mask = selection_mask(session, columns, filters)
    if mask.all():
        chosen = {name: columns[name] for name in USED}
    else:
        rows = np.flatnonzero(mask)
        chosen = {name: columns[name][rows] for name in USED}
    if confirmed:
        chosen["confirmed"] = columns["confirmed"][mask]
    derived = derive(chosen, filters, confirmed)
    keep = np.ones(len(derived), dtype=bool)
    if filters.statuses:
        keep &= np.isin(chosen["status"], [STATUS_CODE[Status(s)] for s in filters.statuses])
    deadline = chosen["deadline"]
    dated = deadline != fast.NO_DAY
    if filters.due_from is not None:
        keep &= ~dated | (deadline >= fast.day_number(filters.due_from))
    if filters.due_to is not None:
        keep &= ~dated | (deadline <= fast.day_number(filters.due_to))
    if filters.derived:
        keep &= np.isin(derived, [CODE[str(d)] for d in filters.derived])
    if not keep.all():
        chosen = {name: values[keep] for name, values in chosen.items()}
        derived = derived[keep]
    return Selected(filters, chosen, derived)


def counts(selected: Selected) -> dict[str, int]:
    found = np.bincount(selected.derived, minlength=len(NAMES))
    return {name: int(found[code]) for name, code in CODE.items() if found[code]}


def task_count(selected: Selected) -> int:
    tasks = selected.columns["task_id"]
    return int(np.count_nonzero(np.bincount(tasks))) if len(tasks) else 0


def _moments(values: np.ndarray) -> pd.Series:
    """Microseconds since the epoch (UTC), :data:`fast.NO_TIME` for none, as UTC timestamps."""
    return pd.Series(values.view("datetime64[us]")).dt.tz_localize("UTC")  # NO_TIME is NaT


def _group_keys(columns: fast.Columns, keys: list[str]) -> np.ndarray:
    """One integer per row naming its group of ``keys`` (ids are small: units, conclusions)."""
    key = np.zeros(len(columns["id"]), dtype=np.int64)
    for name in keys:
        width = len(fast.ROLES) if name == "role" else int(columns[name].max(initial=0)) + 1
        key = key * width + columns[name]
    return key


def grouped(selected: Selected, keys: list[str]) -> pd.DataFrame:
    """One row per value of ``keys`` (columns of the store, "role" as its name) present in the
    selection: its count in each derived status (:data:`NAMES`) and ``last_update_at``."""
    columns = selected.columns
    if not len(selected):
        return pd.DataFrame(columns=[*keys, *NAMES, "last_update_at"])
    key = _group_keys(columns, keys)
    present = np.flatnonzero(np.bincount(key))
    number = np.zeros(int(key.max()) + 1, dtype=np.int64)
    number[present] = np.arange(len(present))
    inverse = number[key]
    size = len(present)
    table_ = np.bincount(
        inverse * len(NAMES) + selected.derived, minlength=size * len(NAMES)
    ).reshape(size, len(NAMES))
    latest = np.full(size, fast.NO_TIME, dtype=np.int64)
    np.maximum.at(latest, inverse, columns["last_at"])
    first = np.zeros(size, dtype=np.int64)
    first[inverse[::-1]] = np.arange(len(inverse))[::-1]  # a row of each group
    frame = pd.DataFrame({key: columns[key][first] for key in keys})
    if "role" in keys:
        frame["role"] = [fast.ROLES[code].value for code in frame["role"]]
    for name, code in CODE.items():
        frame[name] = table_[:, code].astype("int64")
    frame["last_update_at"] = _moments(latest)
    return frame


def trend_rows(
    selected: Selected,
) -> tuple[list[tuple[Any, int]], list[tuple[Any, int, int]]]:
    """What ``overview.trend`` reads from SQL: (deadline, count) of the assignments with a
    deadline, and (completion day, count, on time) of those reported done with a completion day."""
    columns = selected.columns
    deadline, completed = columns["deadline"], columns["completed"]
    dated = deadline != fast.NO_DAY
    done = dated & (columns["status"] == STATUS_CODE[Status.DONE]) & (completed != fast.NO_DAY)
    on_time = selected.derived == CODE[Derived.DONE_ON_TIME.value]
    due = _by_day(deadline[dated])
    finished = _by_day(completed[done], on_time[done])
    return [(day, int(n)) for day, n, _ in due], finished


def _by_day(days: np.ndarray, flags: np.ndarray | None = None) -> list[tuple[Any, int, int]]:
    """(day, how many rows, how many flagged) for each day present in ``days``, in order."""
    if not len(days):
        return []
    first = int(days.min())
    offsets = days - first
    counts = np.bincount(offsets)
    flagged = np.bincount(offsets, weights=flags) if flags is not None else counts
    present = np.flatnonzero(counts)
    dates = (present + first).astype("datetime64[D]").astype(object)
    return [
        (day, int(n), int(k))
        for day, n, k in zip(dates, counts[present], flagged[present], strict=True)
    ]


def overdue_candidates(selected: Selected, limit: int) -> list[int] | None:
    """The overdue assignments among which the ``limit`` overdue longest are (ties on the
    deadline included: SQL orders them by unit name)."""
    columns = selected.columns
    overdue = selected.derived == CODE[Derived.OVERDUE.value]
    deadlines = columns["deadline"][overdue]
    if len(deadlines) <= limit:
        return [int(i) for i in columns["id"][overdue]]
    last = np.partition(deadlines, limit - 1)[limit - 1]
    chosen = overdue & (columns["deadline"] <= last)
    return [int(i) for i in columns["id"][chosen]]
