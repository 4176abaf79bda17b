"""The update history of assignments, as readers see it: newest first (by the day the change
happened, then by when it was recorded), with who and why, and a backdated update said as such
("ghi ngày 10/03/2026, xảy ra ngày 15/01/2025"), and the office's verdict on a reported
completion ("Đã xác nhận ngày 05/04/2021 (Trần Quản Trị)", "Trả lại ngày …: lý do") once it was
decided by the day read."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.formatting import day
from directives.models import (
    Assignment,
    ExplanationRequest,
    FollowUp,
    Review,
    StatusUpdate,
    Task,
    Unit,
    User,
    Verdict,
    table,
)
from directives.queries import follow_ups
from directives.queries.units import predecessors

HISTORY_COLUMNS = [
    "at",
    "assignment_id",
    "happened_on",
    "backdated",
    "unit_name",
    "user_name",
    "from_status",
    "to_status",
    "progress",
    "completed_on",
    "note",
    "evidence",
    "review",
]


def backdated_text(
    happened_on: date, at: datetime, timezone: str = "Asia/Ho_Chi_Minh"
) -> str | None:
    """ "ghi ngày 10/03/2026, xảy ra ngày 15/01/2025" for an update recorded on a later day than
    the one its change happened on; None for one recorded on its day."""
    recorded = at.astimezone(ZoneInfo(timezone)).date()
    if happened_on >= recorded:
        return None
    return f"ghi ngày {day(recorded)}, xảy ra ngày {day(happened_on)}"


def _when(before: datetime, happened_by: date | None) -> sa.ColumnElement[bool]:
    """Updates recorded before ``before``, or, with ``happened_by``, happened by that day."""
    su = table(StatusUpdate)
    if happened_by is not None:
        return su.c.happened_on <= sa.literal(happened_by, sa.Date)
    return su.c.at < before


def _review_when(before: datetime | None, happened_by: date | None) -> sa.ColumnElement[bool]:
    """Verdicts that count by then, as :func:`directives.queries.state.confirmed_on` says."""
    r = table(Review)
    if happened_by is not None:
        return r.c.decided_on <= sa.literal(happened_by, sa.Date)
    if before is not None:
        return r.c.decided_at < before
    return sa.true()


def review_text(
    verdict: str | None, decided_on: date | None, reason: str | None, by: str | None
) -> str | None:
    """ "Đã xác nhận ngày 05/04/2021 (Trần Quản Trị)", "Trả lại ngày 05/04/2021 (…): lý do"."""
    if not isinstance(verdict, str) or not isinstance(decided_on, date):
        return None
    word = "Đã xác nhận" if verdict == Verdict.CONFIRMED.value else "Trả lại"
    text = f"{word} ngày {day(decided_on)}" + (f" ({by})" if isinstance(by, str) else "")
    return f"{text}: {reason}" if isinstance(reason, str) and reason else text


def _follow_ups_when(before: datetime, happened_by: date | None) -> sa.ColumnElement[bool]:
    """:func:`_when` for follow-ups: sent before ``before``, or happened by ``happened_by``."""
    fu = table(FollowUp)
    if happened_by is not None:
        return fu.c.happened_on <= sa.literal(happened_by, sa.Date)
    return fu.c.sent_at < before


def _with_follow_ups(
    frame: pd.DataFrame,
    session: Session,
    condition: sa.ColumnElement[bool],
    when: sa.ColumnElement[bool] | None,
    with_item: bool = False,
) -> pd.DataFrame:
    """The updates of ``frame`` and the follow-ups of the same assignments ("Đôn đốc lần 2:
    …", no status change), newest first alike."""
    pressed = follow_ups.history_rows(session, condition, when, with_item)
    if pressed.empty:
        return frame
    pressed = pressed.reindex(columns=frame.columns).astype(object)
    pressed = pressed.where(pressed.notna(), None)  # no status change: empty, not NaN
    merged = (
        pd.concat([frame.astype(object), pressed], ignore_index=True) if len(frame) else pressed
    )
    return merged.sort_values(["happened_on", "at"], ascending=False, kind="stable").reset_index(
        drop=True
    )


def _history(
    session: Session,
    *conditions: sa.ColumnElement[bool],
    with_item: bool = False,
    reviews: sa.ColumnElement[bool] | None = None,
) -> pd.DataFrame:
    """The updates matching ``conditions`` (on status_update ``su`` and assignment ``a``);
    with ``with_item``, also the task's item number after ``assignment_id``. ``backdated``
    is :func:`backdated_text` (None for an update recorded on its day); ``review`` is
    :func:`review_text` for the verdicts matching ``reviews`` (all when None)."""
    su, a, u, usr, t = table(StatusUpdate), table(Assignment), table(Unit), table(User), table(Task)
    r, judge = table(Review), table(User).alias("judge")
    item: list[Any] = [t.c.seq.label("task_seq")] if with_item else []
    query = (
        sa.select(
            su.c.at,
            su.c.assignment_id,
            su.c.happened_on,
            *item,
            u.c.name.label("unit_name"),
            usr.c.full_name.label("user_name"),
            su.c.from_status,
            su.c.to_status,
            su.c.progress,
            su.c.completed_on,
            su.c.note,
            su.c.evidence,
            r.c.verdict,
            r.c.decided_on,
            r.c.reason,
            judge.c.full_name.label("judge"),
        )
        .join(a, a.c.id == su.c.assignment_id)
        .join(t, t.c.id == a.c.task_id)
        .join(u, u.c.id == a.c.unit_id)
        .outerjoin(usr, usr.c.id == su.c.user_id)
        .outerjoin(
            r, sa.and_(r.c.status_update_id == su.c.id, sa.true() if reviews is None else reviews)
        )
        .outerjoin(judge, judge.c.id == r.c.decided_by)
        .where(*conditions)
        .order_by(su.c.happened_on.desc(), su.c.at.desc(), su.c.id.desc())
    )
    columns = [*HISTORY_COLUMNS[:3], *(["task_seq"] if with_item else []), *HISTORY_COLUMNS[4:-1]]
    verdict = ["verdict", "decided_on", "reason", "judge"]
    frame = pd.DataFrame(session.execute(query).mappings().all(), columns=[*columns, *verdict])
    frame["review"] = pd.Series(
        [review_text(*row) for row in frame[verdict].itertuples(index=False)],
        index=frame.index,
        dtype=object,
    )
    frame = frame.drop(columns=verdict)
    frame.insert(
        3,
        "backdated",
        pd.Series(
            [backdated_text(h, a) for h, a in zip(frame["happened_on"], frame["at"], strict=True)],
            index=frame.index,
            dtype=object,
        ),
    )
    return frame


def task_history(
    session: Session, task_id: int, before: datetime, happened_by: date | None = None
) -> pd.DataFrame:
    """Every update of the task's assignments recorded before ``before`` (with
    ``happened_by``: happened by that day, whenever recorded), newest first."""
    a = table(Assignment)
    frame = _history(
        session,
        a.c.task_id == task_id,
        _when(before, happened_by),
        reviews=_review_when(before, happened_by),
    )
    pressed_when = _follow_ups_when(before, happened_by)
    return _with_follow_ups(frame, session, a.c.task_id == task_id, pressed_when)


def unit_history(
    session: Session,
    unit_id: int,
    before: datetime,
    units_as_of: date | None = None,
    happened_by: date | None = None,
) -> pd.DataFrame:
    """Every update of one unit's assignments (and, with ``units_as_of``, of the units that roll
    up into it) recorded before ``before`` (with ``happened_by``: happened by that day), newest
    first; with the task's item number."""
    a = table(Assignment)
    unit_ids: tuple[int, ...] = (unit_id,)
    if units_as_of is not None:
        unit_ids = predecessors(session, (unit_id,), units_as_of)
    frame = _history(
        session,
        a.c.unit_id.in_(unit_ids),
        _when(before, happened_by),
        with_item=True,
        reviews=_review_when(before, happened_by),
    )
    pressed_when = _follow_ups_when(before, happened_by)
    return _with_follow_ups(frame, session, a.c.unit_id.in_(unit_ids), pressed_when, True)


def assignment_history(session: Session, assignment_id: int) -> pd.DataFrame:
    """Every update of one assignment, newest first (columns as :func:`task_history`)."""
    frame = _history(session, table(StatusUpdate).c.assignment_id == assignment_id)
    return _with_follow_ups(frame, session, table(Assignment).c.id == assignment_id, None)


# --- explanation requests (giải trình) in an assignment's history ------------------------------

EXPLANATION_HISTORY_COLUMNS = [
    "happened_on",
    "assignment_id",
    "event",
    "user_name",
    "text",
    "due_on",
]
EXPLANATION_ASKED = "explanation_requested"
EXPLANATION_ANSWERED = "explanation_answered"


def explanation_history(
    session: Session, assignment_ids: tuple[int, ...], as_of: date | None = None
) -> pd.DataFrame:
    """Requests for explanation and their answers on ``assignment_ids`` as events, newest first:
    a request on its ``requested_on`` (text: the question; ``due_on`` its due day), an answer on its
    ``answered_on``; with ``as_of``, only what had happened by that day."""
    er, usr = table(ExplanationRequest), table(User)
    asker, answerer = usr.alias("asker"), usr.alias("answerer")
    asked = (
        sa.select(
            er.c.requested_on.label("happened_on"),
            er.c.assignment_id,
            sa.literal(EXPLANATION_ASKED).label("event"),
            asker.c.full_name.label("user_name"),
            er.c.question.label("text"),
            er.c.due_on,
            er.c.id,
        )
        .outerjoin(asker, asker.c.id == er.c.requested_by)
        .where(er.c.assignment_id.in_(assignment_ids))
    )
    answered = (
        sa.select(
            er.c.answered_on.label("happened_on"),
            er.c.assignment_id,
            sa.literal(EXPLANATION_ANSWERED).label("event"),
            answerer.c.full_name.label("user_name"),
            er.c.answer.label("text"),
            er.c.due_on,
            er.c.id,
        )
        .outerjoin(answerer, answerer.c.id == er.c.answered_by)
        .where(er.c.assignment_id.in_(assignment_ids), er.c.answered_on.is_not(None))
    )
    if as_of is not None:
        asked = asked.where(er.c.requested_on <= sa.literal(as_of, sa.Date))
        answered = answered.where(er.c.answered_on <= sa.literal(as_of, sa.Date))
    rows = session.execute(sa.union_all(asked, answered)).mappings().all()
    frame = pd.DataFrame(rows, columns=[*EXPLANATION_HISTORY_COLUMNS, "id"])
    ordered = frame.sort_values(
        ["happened_on", "id", "event"], ascending=[False, False, False], kind="stable"
    )
    return ordered[EXPLANATION_HISTORY_COLUMNS].reset_index(drop=True)
