"""Reads of đôn đốc: how many follow-ups each assignment had by a day, and the leaders' giao ban
list (work still overdue after N follow-ups), with each assignment's follow-ups and the unit's
answers.

As of a day, a follow-up counts from the day it happened (``happened_on``), or, with
``Filters.basis == "reported"``, from when it was recorded (``sent_at``); a follow-up sent after
the day never shows on it.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.formatting import day as show_day
from directives.models import (
    Assignment,
    Conclusion,
    FollowUp,
    StatusUpdate,
    Task,
    Unit,
    User,
    table,
)
from directives.queries.explanations import explanation_requests
from directives.queries.state import Filters, assignment_state
from directives.services import reminder_rules
from directives.status import Derived

"""Follow-ups after which overdue work goes to the leaders' weekly briefing (Hà Nội's rule)."""

COUNT_COLUMNS = ["assignment_id", "follow_ups", "last_follow_up_on"]
STATE_COLUMNS = [
    "assignment_id",
    "conclusion_number",
    "task_seq",
    "task_content",
    "unit_id",
    "unit_name",
    "role",
    "deadline",
    "progress",
    "last_update_at",
]
GIAO_BAN_COLUMNS = [
    *STATE_COLUMNS,
    "follow_ups",
    "last_follow_up_on",
    "listed_on",
    "week_start",
]
FOLLOW_UP_COLUMNS = ["assignment_id", "seq", "happened_on", "sent_at", "user_name", "note"]
ANSWER_COLUMNS = [
    "assignment_id",
    "happened_on",
    "at",
    "user_name",
    "to_status",
    "progress",
    "note",
]
EXPLANATION_COLUMNS = [
    "assignment_id",
    "requested_on",
    "due_on",
    "question",
    "requested_by",
    "answer",
    "answered_on",
    "answered_by",
]


def giao_ban_after(session: Session) -> int:
    """N: follow-ups after which overdue work is on the giao ban list, as the administrators set
    it with the reminder rules (default 3)."""
    return reminder_rules.load(session).giao_ban_after


def _counted(filters: Filters) -> sa.ColumnElement[bool]:
    """The follow-ups that count on ``filters.as_of``."""
    fu = table(FollowUp)
    if filters.basis == "reported":
        return fu.c.sent_at < filters.cutoff
    return fu.c.happened_on <= sa.literal(filters.as_of, sa.Date)


def counts(
    session: Session, filters: Filters, assignment_ids: Sequence[int] | None = None
) -> pd.DataFrame:
    """Per assignment with any follow-up by ``filters.as_of``: how many, and the day of the last
    (``COUNT_COLUMNS``); only ``assignment_ids`` when given. Grouped in SQL."""
    fu = table(FollowUp)
    query = (
        sa.select(
            fu.c.assignment_id,
            sa.func.count().label("follow_ups"),
            sa.func.max(fu.c.happened_on).label("last_follow_up_on"),
        )
        .where(_counted(filters))
        .group_by(fu.c.assignment_id)
    )
    if assignment_ids is not None:
        query = query.where(fu.c.assignment_id.in_(list(assignment_ids)))
    frame = pd.DataFrame(session.execute(query).mappings().all(), columns=COUNT_COLUMNS)
    frame["follow_ups"] = frame["follow_ups"].astype("int64")
    return frame


def count_of(rows: pd.DataFrame, counted: pd.DataFrame) -> pd.Series:
    """The follow-up count of each row of ``rows`` (which has ``assignment_id``), 0 for none."""
    by_id = counted.set_index("assignment_id")["follow_ups"]
    return rows["assignment_id"].map(by_id).fillna(0).astype("int64")


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_label(start: date, word: str = "Tuần") -> str:
    """ "Tuần 41 (11/10 – 17/10/2021)": the ISO week of the briefing that starts on ``start``."""
    end = start + timedelta(days=6)
    return f"{word} {start.isocalendar().week} ({start:%d/%m} – {show_day(end)})"


def giao_ban(session: Session, filters: Filters, threshold: int) -> pd.DataFrame:
    """Assignments overdue on ``filters.as_of`` that had ``threshold`` follow-ups or more by then
    (``GIAO_BAN_COLUMNS``): ``listed_on`` is the day of the follow-up that put it on the list,
    ``week_start`` the Monday of that week's briefing. Latest week first, then the most pressed,
    then the oldest deadline. Only the pressed assignments' state is computed, in SQL."""
    fu = table(FollowUp)
    pressed = counts(session, filters)
    pressed = pressed[pressed["follow_ups"] >= threshold]
    if pressed.empty:
        return pd.DataFrame(columns=GIAO_BAN_COLUMNS)
    ids = [int(i) for i in pressed["assignment_id"]]
    a, t, c, u = table(Assignment), table(Task), table(Conclusion), table(Unit)
    state = assignment_state(replace(filters, derived=())).where(a.c.id.in_(ids)).subquery("state")
    query = (
        sa.select(
            state.c.assignment_id,
            c.c.number.label("conclusion_number"),
            t.c.seq.label("task_seq"),
            t.c.content.label("task_content"),
            u.c.id.label("unit_id"),
            u.c.name.label("unit_name"),
            state.c.role,
            state.c.deadline,
            state.c.progress,
            state.c.last_update_at,
        )
        .join(t, t.c.id == state.c.task_id)
        .join(c, c.c.id == state.c.conclusion_id)
        .join(u, u.c.id == state.c.unit_id)
        .where(state.c.derived == Derived.OVERDUE.value)
    )
    rows = pd.DataFrame(session.execute(query).mappings().all(), columns=STATE_COLUMNS)
    if rows.empty:
        return pd.DataFrame(columns=GIAO_BAN_COLUMNS)
    rows = rows.merge(pressed, on="assignment_id")
    listed = dict(
        session.execute(
            sa.select(fu.c.assignment_id, fu.c.happened_on).where(
                fu.c.seq == threshold, fu.c.assignment_id.in_(ids), _counted(filters)
            )
        ).all()
    )
    rows["listed_on"] = rows["assignment_id"].map(lambda i: listed.get(i)).astype(object)
    rows["listed_on"] = rows["listed_on"].where(
        rows["listed_on"].notna(), rows["last_follow_up_on"]
    )
    rows["week_start"] = rows["listed_on"].map(monday).astype(object)
    rows = rows.sort_values(
        ["week_start", "follow_ups", "deadline", "unit_name"], ascending=[False, False, True, True]
    )
    return rows[GIAO_BAN_COLUMNS].reset_index(drop=True)


def follow_ups_of(
    session: Session, assignment_ids: Sequence[int], filters: Filters
) -> pd.DataFrame:
    """The follow-ups of ``assignment_ids`` counted on ``filters.as_of``, in order
    (``FOLLOW_UP_COLUMNS``)."""
    fu, usr = table(FollowUp), table(User)
    query = (
        sa.select(
            fu.c.assignment_id,
            fu.c.seq,
            fu.c.happened_on,
            fu.c.sent_at,
            usr.c.full_name.label("user_name"),
            fu.c.note,
        )
        .outerjoin(usr, usr.c.id == fu.c.sent_by)
        .where(fu.c.assignment_id.in_(list(assignment_ids)), _counted(filters))
        .order_by(fu.c.assignment_id, fu.c.seq)
    )
    return pd.DataFrame(session.execute(query).mappings().all(), columns=FOLLOW_UP_COLUMNS)


def answers(session: Session, assignment_ids: Sequence[int], filters: Filters) -> pd.DataFrame:
    """The unit's reports on ``assignment_ids`` since each one's first follow-up, up to
    ``filters.as_of`` (``ANSWER_COLUMNS``), oldest first."""
    su, fu, usr = table(StatusUpdate), table(FollowUp), table(User)
    first = (
        sa.select(fu.c.assignment_id, sa.func.min(fu.c.happened_on).label("since"))
        .where(fu.c.assignment_id.in_(list(assignment_ids)), _counted(filters))
        .group_by(fu.c.assignment_id)
        .subquery("first")
    )
    if filters.basis == "reported":
        by_then = su.c.at < filters.cutoff
    else:
        by_then = su.c.happened_on <= sa.literal(filters.as_of, sa.Date)
    query = (
        sa.select(
            su.c.assignment_id,
            su.c.happened_on,
            su.c.at,
            usr.c.full_name.label("user_name"),
            su.c.to_status,
            su.c.progress,
            su.c.note,
        )
        .join(first, first.c.assignment_id == su.c.assignment_id)
        .outerjoin(usr, usr.c.id == su.c.user_id)
        .where(su.c.happened_on >= first.c.since, by_then)
        .order_by(su.c.assignment_id, su.c.happened_on, su.c.at, su.c.id)
    )
    return pd.DataFrame(session.execute(query).mappings().all(), columns=ANSWER_COLUMNS)


def explanations(session: Session, assignment_ids: Sequence[int], filters: Filters) -> pd.DataFrame:
    """Requests for explanation on ``assignment_ids`` made by ``filters.as_of``, with the answer
    when it was given by then (``EXPLANATION_COLUMNS``), oldest first: the requests as
    :func:`directives.queries.explanations.explanation_requests` reads them for that day."""
    if not assignment_ids:
        return pd.DataFrame(columns=EXPLANATION_COLUMNS)
    found = explanation_requests(session, filters.as_of, assignment_ids=tuple(assignment_ids))
    found = found.sort_values(["assignment_id", "requested_on", "request_id"])
    named = {"requested_by_name": "requested_by", "answered_by_name": "answered_by"}
    return found.rename(columns=named)[EXPLANATION_COLUMNS].reset_index(drop=True)


def history_rows(
    session: Session,
    condition: sa.ColumnElement[bool],
    when: sa.ColumnElement[bool] | None = None,
    with_item: bool = False,
) -> pd.DataFrame:
    """Follow-ups as lines of an assignment's update history (``queries.history``): who sent
    it, when, and "Đôn đốc lần 1: <note>" as its note; ``condition`` is on the assignment
    ``a`` (and task ``t``), ``when`` on ``follow_up``."""
    fu, a, t, u, usr = table(FollowUp), table(Assignment), table(Task), table(Unit), table(User)
    query = (
        sa.select(
            fu.c.sent_at.label("at"),
            fu.c.assignment_id,
            fu.c.happened_on,
            *([t.c.seq.label("task_seq")] if with_item else []),
            u.c.name.label("unit_name"),
            usr.c.full_name.label("user_name"),
            fu.c.seq,
            fu.c.note,
        )
        .join(a, a.c.id == fu.c.assignment_id)
        .join(t, t.c.id == a.c.task_id)
        .join(u, u.c.id == a.c.unit_id)
        .outerjoin(usr, usr.c.id == fu.c.sent_by)
        .where(condition, *([] if when is None else [when]))
    )
    frame = pd.DataFrame(session.execute(query).mappings().all())
    if frame.empty:
        return frame
    frame["note"] = [
        f"Đôn đốc lần {seq}" + (f": {note}" if note else "")
        for seq, note in zip(frame["seq"], frame["note"], strict=True)
    ]
    return frame.drop(columns=["seq"])
