"""The confirmation queue: reported completions waiting for the office's verdict, oldest first.

A completion waits when its assignment is still done, the update that reported it is the
assignment's latest, and no verdict names that update (``services.reviews`` judges exactly
these).
"""

from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import (
    Assignment,
    AssignmentRole,
    Conclusion,
    Evidence,
    Review,
    Status,
    StatusUpdate,
    Task,
    Unit,
    table,
)

WAITING_COLUMNS = [
    "status_update_id",
    "assignment_id",
    "unit_id",
    "unit_name",
    "role",
    "task_id",
    "task_seq",
    "task_content",
    "conclusion_id",
    "conclusion_number",
    "reported_at",
    "completed_on",
    "deadline",
    "note",
    "evidence",
    "files",
]


def _waiting(lead_unit_id: int | None) -> sa.Select[Any]:
    a, su, r = table(Assignment), table(StatusUpdate), table(Review)
    latest = (
        sa.select(sa.func.max(su.c.id))
        .where(su.c.assignment_id == a.c.id)
        .correlate_except(su)
        .scalar_subquery()
    )
    judged = sa.select(r.c.id).where(r.c.status_update_id == su.c.id).correlate_except(r)
    query = (
        sa.select(a.c.id, su.c.id.label("status_update_id"))
        .select_from(a)
        .join(su, su.c.id == latest)
        .where(a.c.status == Status.DONE.value, ~judged.exists())
    )
    if lead_unit_id is not None:  # a lead unit's secretary: its supporters on its tasks
        lead = table(Assignment).alias("lead")
        leads = sa.select(lead.c.id).where(
            lead.c.task_id == a.c.task_id,
            lead.c.unit_id == lead_unit_id,
            lead.c.role == AssignmentRole.LEAD.value,
        )
        query = query.where(
            a.c.role == AssignmentRole.SUPPORT.value,
            a.c.unit_id != lead_unit_id,
            leads.correlate_except(lead).exists(),
        )
    return query


def waiting_count(session: Session, lead_unit_id: int | None = None) -> int:
    """How many completions wait (for administrators, or for one lead unit's secretary)."""
    inner = _waiting(lead_unit_id).subquery()
    return int(session.execute(sa.select(sa.func.count()).select_from(inner)).scalar_one())


def waiting(
    session: Session, lead_unit_id: int | None = None, limit: int | None = None
) -> pd.DataFrame:
    """The completions waiting, oldest report first, with what the reviewer needs at hand: the
    unit, task, conclusion, when it was reported, the completion day, the deadline (an approved
    extension included), the note, the evidence reference and the number of files."""
    a, su, t, c, u, ev = (
        table(Assignment),
        table(StatusUpdate),
        table(Task),
        table(Conclusion),
        table(Unit),
        table(Evidence),
    )
    keys = _waiting(lead_unit_id).subquery("waiting")
    files = (
        sa.select(sa.func.count(ev.c.id))
        .where(ev.c.assignment_id == a.c.id)
        .correlate_except(ev)
        .scalar_subquery()
    )
    query = (
        sa.select(
            su.c.id.label("status_update_id"),
            a.c.id.label("assignment_id"),
            u.c.id.label("unit_id"),
            u.c.name.label("unit_name"),
            a.c.role,
            t.c.id.label("task_id"),
            t.c.seq.label("task_seq"),
            t.c.content.label("task_content"),
            c.c.id.label("conclusion_id"),
            c.c.number.label("conclusion_number"),
            su.c.at.label("reported_at"),
            su.c.completed_on,
            sa.func.coalesce(a.c.extended_deadline, t.c.deadline).label("deadline"),
            su.c.note,
            su.c.evidence,
            files.label("files"),
        )
        .select_from(keys)
        .join(su, su.c.id == keys.c.status_update_id)
        .join(a, a.c.id == su.c.assignment_id)
        .join(t, t.c.id == a.c.task_id)
        .join(c, c.c.id == t.c.conclusion_id)
        .join(u, u.c.id == a.c.unit_id)
        .order_by(su.c.at, su.c.id)
    )
    if limit is not None:
        query = query.limit(limit)
    frame = pd.DataFrame(session.execute(query).mappings().all(), columns=WAITING_COLUMNS)
    frame["reported_at"] = pd.to_datetime(frame["reported_at"], utc=True)
    frame["files"] = frame["files"].astype("int64")
    return frame
