"""Each assignment as it stood at the end of a given day, computed in SQL from the history."""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from directives.models import (
    Assignment,
    AssignmentRole,
    Bloc,
    Conclusion,
    ExtensionRequest,
    ExtensionStatus,
    Review,
    Status,
    StatusUpdate,
    Task,
    Unit,
    UnitKind,
    Verdict,
    table,
)
from directives.status import DUE_SOON_DAYS, STARTED, STOPPED, Derived
from directives.text import fold

Basis = Literal["happened", "reported"]
"""What a past day's figures count: the changes that had *happened* by the end of that day
(whenever they were recorded: history brought from before the product counts on its days), or
those *reported* by then (what the dashboard showed that evening; it never moves)."""

NO_MEETING = 0
"""``Filters.meeting_id`` for the conclusions held at no meeting (letters of directions)."""


@dataclass(frozen=True)
class Filters:
    """What the reader asked for. ``as_of`` is a day in the users' time zone."""

    as_of: date
    timezone: str = "Asia/Ho_Chi_Minh"
    meeting_id: int | None = None
    conclusion_id: int | None = None
    task_id: int | None = None
    unit_ids: tuple[int, ...] = ()
    unit_kinds: tuple[UnitKind, ...] = ()
    blocs: tuple[Bloc, ...] = ()
    fields: tuple[str, ...] = ()
    roles: tuple[AssignmentRole, ...] = ()
    statuses: tuple[Status, ...] = ()
    derived: tuple[Derived, ...] = ()
    due_from: date | None = None
    due_to: date | None = None
    """With ``due_from``/``due_to``, only tasks due in that range count, plus standing tasks."""
    search: str | None = None
    """Words that the task's content or field must contain, ignoring case and diacritics."""
    against_original: bool = False
    """Judge deadlines against the task's original deadline, ignoring approved extensions."""
    units_as_of: date | None = None
    """Group units as they were on this day (merged communes roll up into their successor);
    None keeps the units the tasks were given to."""
    basis: Basis = "happened"
    """Which updates count on ``as_of``: see :data:`Basis`."""
    confirmed: bool = False
    """Count only confirmed completions as done; the others are "awaiting" (see
    :func:`confirmed_on`)."""

    @property
    def cutoff(self) -> datetime:
        """The first instant after ``as_of`` ends, in UTC: updates before it count."""
        return end_of_day(self.as_of, self.timezone)


def for_period(filters: Filters, start: date | None, end: date | None) -> Filters:
    """The filters narrowed to tasks due from ``start`` to ``end``, seen as of ``end`` at most."""
    as_of = filters.as_of if end is None else min(filters.as_of, end)
    return replace(filters, as_of=as_of, due_from=start, due_to=end)


def end_of_day(day: date, timezone: str) -> datetime:
    local_midnight = datetime.combine(day + timedelta(days=1), time.min, ZoneInfo(timezone))
    return local_midnight.astimezone(UTC)


def derived_case(
    status: sa.ColumnElement[Any],
    deadline: sa.ColumnElement[Any],
    completed_on: sa.ColumnElement[Any],
    as_of: date,
    confirmed: sa.ColumnElement[bool] | None = None,
) -> sa.ColumnElement[str]:
    """:func:`directives.status.derive` in SQL; a test keeps the two in step. ``confirmed``
    (counting confirmed results only): whether the completion was confirmed by ``as_of``."""
    soon = as_of + timedelta(days=DUE_SOON_DAYS)
    day = sa.literal(as_of, sa.Date)
    awaiting = () if confirmed is None else ((status == Status.DONE.value) & ~confirmed,)
    return sa.case(
        *((status == stored.value, derived.value) for stored, derived in STOPPED.items()),
        *((condition, Derived.AWAITING.value) for condition in awaiting),
        (
            sa.and_(
                status == Status.DONE.value,
                sa.or_(deadline.is_(None), completed_on.is_(None), completed_on <= deadline),
            ),
            Derived.DONE_ON_TIME.value,
        ),
        (status == Status.DONE.value, Derived.DONE_LATE.value),
        (deadline.is_(None), Derived.NO_DEADLINE.value),
        (deadline < day, Derived.OVERDUE.value),
        (deadline <= sa.literal(soon, sa.Date), Derived.DUE_SOON.value),
        (status.in_([stored.value for stored in STARTED]), Derived.IN_PROGRESS.value),
        else_=Derived.NOT_STARTED.value,
    )


def last_update_id(assignment_id: sa.ColumnElement[int], filters: Filters) -> sa.ScalarSelect[int]:
    """The id of an assignment's last update on ``filters.as_of``: by ``filters.basis``, the
    last by (happened day, recording time) among those that happened by that day, one seek on
    the index (assignment_id, happened_on, at); or the last recorded before the day's end, one
    seek on (assignment_id, at). Never a ranking of the whole history."""
    su = table(StatusUpdate)
    query = sa.select(su.c.id)
    if filters.basis == "reported":
        query = query.where(su.c.assignment_id == assignment_id, su.c.at < filters.cutoff)
        query = query.order_by(su.c.at.desc(), su.c.id.desc())
    else:
        day = sa.literal(filters.as_of, sa.Date)
        query = query.where(su.c.assignment_id == assignment_id, su.c.happened_on <= day)
        query = query.order_by(su.c.happened_on.desc(), su.c.at.desc(), su.c.id.desc())
    return query.limit(1).correlate_except(su).scalar_subquery()


def confirmed_on(update_id: sa.ColumnElement[Any], filters: Filters) -> sa.ColumnElement[bool]:
    """Whether the completion reported by the update ``update_id`` was confirmed on
    ``filters.as_of``: THE rule of confirmed rates (the fast overview path reads the same).

    A done assignment counts as done on the confirmed basis only if its last update counted on
    the as-of day (:func:`last_update_id`, the completion reported) has a :class:`Review` with
    the verdict CONFIRMED that counts by then: decided on a day up to ``as_of`` (``decided_on``)
    when counting what had happened, recorded before the day's end (``decided_at``) when counting
    what had been reported. Otherwise it is "awaiting" (Chờ xác nhận): not done, in the
    denominator of the rates, never overdue, whatever its deadline (the unit has reported; the
    wait is the office's). A returned completion is followed by an update back to "in progress",
    so from the return's day it is simply unfinished; before it, it was awaiting.
    """
    r = table(Review)
    if filters.basis == "reported":
        counted = r.c.decided_at < filters.cutoff
    else:
        counted = r.c.decided_on <= sa.literal(filters.as_of, sa.Date)
    found = sa.select(r.c.id).where(
        r.c.status_update_id == update_id, r.c.verdict == Verdict.CONFIRMED.value, counted
    )
    return found.correlate_except(r).exists()


def approved_extensions(cutoff: datetime) -> sa.Subquery:
    """Per assignment with an approved extension: ``granted``, the deadline granted by the
    approvals decided before ``cutoff`` (each approval must go past the deadline before it, so
    the latest is the largest), NULL if none was decided by then; and ``approvals``, how many
    there are at any time. One small grouped table, joined once."""
    er = table(ExtensionRequest)
    before = er.c.decided_at < cutoff
    return (
        sa.select(
            er.c.assignment_id,
            sa.func.max(sa.case((before, er.c.proposed_deadline))).label("granted"),
            sa.func.count().label("approvals"),
        )
        .where(er.c.status == ExtensionStatus.APPROVED.value)
        .group_by(er.c.assignment_id)
        .subquery("extension")
    )


def deadline_on(
    extended: sa.ColumnElement[Any],
    task_deadline: sa.ColumnElement[Any],
    extension: sa.Subquery,
) -> sa.ColumnElement[Any]:
    """An assignment's deadline as it stood at the cutoff of :func:`approved_extensions`: an
    extension counts from its approval.

    ``extended`` is the assignment's extension as it stands now (NULL once the task's own
    deadline has moved past it); with no approved request behind it (carried over in a merger,
    or entered before requests were recorded) it counts whatever the day.
    """
    granted = extension.c.granted
    return sa.case(
        (extended.is_(None), task_deadline),
        (extension.c.approvals.is_(None), extended),
        (sa.and_(granted.is_not(None), granted > task_deadline), granted),
        else_=task_deadline,
    )


def assignment_state(filters: Filters, current: bool = False) -> sa.Select[Any]:
    """One row per assignment counted on ``filters.as_of``, with its derived status.

    Columns: assignment_id, task_id, conclusion_id, meeting_id, unit_id, role, deadline,
    status, progress, completed_on, last_update_at, derived.

    With ``current``, the assignment's own columns stand for its last update; they are kept in
    step with the history, so this is right whenever no update was recorded after the cutoff
    (see ``queries.overview.state_query``), and it reads no history at all.
    """
    a, t, c, u = table(Assignment), table(Task), table(Conclusion), table(Unit)
    if current:
        raw_status: sa.ColumnElement[Any] = a.c.status
        progress: sa.ColumnElement[Any] = a.c.progress
        completed_on: sa.ColumnElement[Any] = a.c.completed_on
        updated_at: sa.ColumnElement[Any] = a.c.updated_at
    else:
        latest = table(StatusUpdate).alias("latest")
        raw_status, progress = latest.c.to_status, latest.c.progress
        completed_on, updated_at = latest.c.completed_on, latest.c.at
    status = sa.func.coalesce(raw_status, Status.NOT_STARTED.value)
    confirmed: sa.ColumnElement[bool] | None = None
    if filters.confirmed:  # the last update counted on the day is the completion judged
        judged = last_update_id(a.c.id, filters) if current else latest.c.id
        confirmed = confirmed_on(judged, filters)
    if filters.against_original:
        deadline: sa.ColumnElement[Any] = t.c.original_deadline
    else:  # an approved extension moves one unit's deadline, from the day it was approved
        extension = approved_extensions(filters.cutoff)
        deadline = deadline_on(a.c.extended_deadline, t.c.deadline, extension)
    query = (
        sa.select(
            a.c.id.label("assignment_id"),
            t.c.id.label("task_id"),
            c.c.id.label("conclusion_id"),
            c.c.meeting_id.label("meeting_id"),
            a.c.unit_id,
            a.c.role,
            deadline.label("deadline"),
            status.label("status"),
            sa.func.coalesce(progress, 0).label("progress"),
            completed_on.label("completed_on"),
            updated_at.label("last_update_at"),
            derived_case(status, deadline, completed_on, filters.as_of, confirmed).label("derived"),
        )
        .select_from(a)
        .join(t, t.c.id == a.c.task_id)
        .join(c, c.c.id == t.c.conclusion_id)
        .join(u, u.c.id == a.c.unit_id)
        .where(
            t.c.assigned_on <= filters.as_of,
            sa.or_(a.c.counts_from.is_(None), a.c.counts_from <= filters.as_of),
            sa.or_(a.c.counts_until.is_(None), a.c.counts_until >= filters.as_of),
        )
    )
    if not filters.against_original:
        query = query.outerjoin(extension, extension.c.assignment_id == a.c.id)
    if not current:
        query = query.outerjoin(latest, latest.c.id == last_update_id(a.c.id, filters))
    if filters.meeting_id == NO_MEETING:
        query = query.where(c.c.meeting_id.is_(None))
    elif filters.meeting_id is not None:
        query = query.where(c.c.meeting_id == filters.meeting_id)
    if filters.conclusion_id is not None:
        query = query.where(c.c.id == filters.conclusion_id)
    if filters.task_id is not None:
        query = query.where(t.c.id == filters.task_id)
    if filters.unit_ids:
        query = query.where(a.c.unit_id.in_(filters.unit_ids))
    if filters.unit_kinds:
        query = query.where(u.c.kind.in_([str(k) for k in filters.unit_kinds]))
    if filters.blocs:
        query = query.where(u.c.bloc.in_([str(b) for b in filters.blocs]))
    if filters.fields:
        query = query.where(t.c.field.in_(filters.fields))
    if filters.roles:
        query = query.where(a.c.role.in_([str(r) for r in filters.roles]))
    if filters.statuses:
        query = query.where(status.in_([str(s) for s in filters.statuses]))
    if filters.due_from is not None:
        query = query.where(sa.or_(deadline.is_(None), deadline >= filters.due_from))
    if filters.due_to is not None:
        query = query.where(sa.or_(deadline.is_(None), deadline <= filters.due_to))
    for word in fold(filters.search or "").split():
        query = query.where(t.c.search_text.contains(word, autoescape=True))
    if filters.derived:
        inner = query.subquery("state")
        return sa.select(inner).where(inner.c.derived.in_([str(d) for d in filters.derived]))
    return query
