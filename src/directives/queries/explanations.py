"""Explanation requests as readers see them on a day: open, answered, or overdue (``Quá hạn giải
trình``: unanswered after its due day).

As of a day, a request counts from ``requested_on`` and its answer from ``answered_on``: a
request made later does not exist yet, an answer given later is not given yet (its text is not
shown), so a past day's list does not move when something is saved today.
"""

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Assignment, Conclusion, ExplanationRequest, Task, Unit, User, table

OPEN = "open"
ANSWERED = "answered"
OVERDUE = "overdue"
STATES = (OVERDUE, OPEN, ANSWERED)  # worst first
EXPLANATION_COLUMNS = [
    "request_id",
    "assignment_id",
    "unit_id",
    "unit_name",
    "conclusion_number",
    "task_seq",
    "task_content",
    "requested_on",
    "due_on",
    "question",
    "requested_by_name",
    "answered_on",
    "answer",
    "answered_by_name",
    "evidence_id",
    "state",
]


def explanation_requests(
    session: Session,
    as_of: date,
    *,
    unit_ids: tuple[int, ...] = (),
    assignment_ids: tuple[int, ...] = (),
    states: tuple[str, ...] = STATES,
) -> pd.DataFrame:
    """Requests made by ``as_of`` (of ``unit_ids`` / ``assignment_ids`` when given), with their
    ``state`` on that day; overdue first, then open, then answered; newest first within each."""
    er, a, t, c, u = (
        table(ExplanationRequest),
        table(Assignment),
        table(Task),
        table(Conclusion),
        table(Unit),
    )
    asker, answerer = table(User).alias("asker"), table(User).alias("answerer")
    day = sa.literal(as_of, sa.Date)
    answered = sa.and_(er.c.answered_on.is_not(None), er.c.answered_on <= day)
    state = sa.case(
        (answered, sa.literal(ANSWERED)),
        (er.c.due_on < day, sa.literal(OVERDUE)),
        else_=sa.literal(OPEN),
    )
    rank = sa.case((answered, 2), (er.c.due_on < day, 0), else_=1)
    query = (
        sa.select(
            er.c.id.label("request_id"),
            er.c.assignment_id,
            a.c.unit_id,
            u.c.name.label("unit_name"),
            c.c.number.label("conclusion_number"),
            t.c.seq.label("task_seq"),
            t.c.content.label("task_content"),
            er.c.requested_on,
            er.c.due_on,
            er.c.question,
            asker.c.full_name.label("requested_by_name"),
            sa.case((answered, er.c.answered_on)).label("answered_on"),
            sa.case((answered, er.c.answer)).label("answer"),
            sa.case((answered, answerer.c.full_name)).label("answered_by_name"),
            sa.case((answered, er.c.evidence_id)).label("evidence_id"),
            state.label("state"),
        )
        .join(a, a.c.id == er.c.assignment_id)
        .join(t, t.c.id == a.c.task_id)
        .join(c, c.c.id == t.c.conclusion_id)
        .join(u, u.c.id == a.c.unit_id)
        .outerjoin(asker, asker.c.id == er.c.requested_by)
        .outerjoin(answerer, answerer.c.id == er.c.answered_by)
        .where(er.c.requested_on <= day)
        .order_by(rank, er.c.requested_on.desc(), er.c.id.desc())
    )
    if unit_ids:
        query = query.where(a.c.unit_id.in_(unit_ids))
    if assignment_ids:
        query = query.where(er.c.assignment_id.in_(assignment_ids))
    frame = pd.DataFrame(session.execute(query).mappings().all(), columns=EXPLANATION_COLUMNS)
    return frame[frame["state"].isin(states)].reset_index(drop=True)


def overdue_count(session: Session, as_of: date, unit_ids: tuple[int, ...] = ()) -> int:
    """Requests unanswered after their due day, on ``as_of``."""
    er, a = table(ExplanationRequest), table(Assignment)
    day = sa.literal(as_of, sa.Date)
    query = (
        sa.select(sa.func.count())
        .select_from(er.join(a, a.c.id == er.c.assignment_id))
        .where(
            er.c.requested_on <= day,
            er.c.due_on < day,
            sa.or_(er.c.answered_on.is_(None), er.c.answered_on > day),
        )
    )
    if unit_ids:
        query = query.where(a.c.unit_id.in_(unit_ids))
    return int(session.execute(query).scalar_one())
