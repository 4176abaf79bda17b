"""The rows of the Excel workbooks (columns named by the keys of :mod:`directives.reports.layout`,
written by :mod:`directives.reports.workbooks`): assignments as they are saved now (to report
on), tasks with their units by name (to correct or re-enter), and the unit names offered in the
tasks template."""

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.domain import OPEN_STATUSES
from directives.models import (
    Assignment,
    AssignmentRole,
    Conclusion,
    Meeting,
    Task,
    Unit,
    table,
)
from directives.queries.state import NO_MEETING
from directives.text import fold, sort_key

UPDATE_ROW_COLUMNS = [
    "assignment_id",
    "meeting_title",
    "conclusion_number",
    "task_seq",
    "task_content",
    "unit_name",
    "role",
    "deadline",
    "status",
    "progress",
    "completed_on",
    "version",
]
TASK_ROW_COLUMNS = [
    "task_id",
    "meeting_title",
    "held_on",
    "conclusion_number",
    "issued_on",
    "issuer",
    "conclusion_title",
    "task_seq",
    "task_content",
    "leads",
    "supports",
    "deadline",
    "field",
]
CHUNK = 500


def update_rows(
    session: Session,
    *,
    assignment_ids: Sequence[int] | None = None,
    unit_ids: Sequence[int] = (),
    open_only: bool = False,
) -> pd.DataFrame:
    """One row per assignment as it is saved now (status, progress, completion day and version
    of the latest update, whatever the dashboard's as-of day), for the status-update workbook.

    ``assignment_ids`` picks the rows and their order (the dashboard's filtered list); else every
    assignment of ``unit_ids`` (all units if empty) in document order. ``open_only`` keeps the
    assignments not done and not cancelled. ``deadline`` is the unit's (an approved extension
    counts), None for a standing task; ``role`` and ``status`` are stored codes.
    """
    a, t, c, m, u = table(Assignment), table(Task), table(Conclusion), table(Meeting), table(Unit)
    query = (
        sa.select(
            a.c.id.label("assignment_id"),
            m.c.title.label("meeting_title"),
            c.c.number.label("conclusion_number"),
            t.c.seq.label("task_seq"),
            t.c.content.label("task_content"),
            u.c.name.label("unit_name"),
            a.c.role,
            sa.func.coalesce(a.c.extended_deadline, t.c.deadline).label("deadline"),
            a.c.status,
            a.c.progress,
            a.c.completed_on,
            a.c.version,
        )
        .join(t, t.c.id == a.c.task_id)
        .join(c, c.c.id == t.c.conclusion_id)
        .outerjoin(m, m.c.id == c.c.meeting_id)  # a letter of directions has no meeting
        .join(u, u.c.id == a.c.unit_id)
    )
    if unit_ids:
        query = query.where(a.c.unit_id.in_(list(unit_ids)))
    if open_only:
        query = query.where(a.c.status.in_([s.value for s in OPEN_STATUSES]))
    if assignment_ids is None:
        ordered = query.order_by(c.c.issued_on, c.c.id, t.c.seq, a.c.role, u.c.name, a.c.id)
        records = [dict(r) for r in session.execute(ordered).mappings()]
    else:
        wanted = list(dict.fromkeys(int(i) for i in assignment_ids))
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(wanted), CHUNK):
            chunk = query.where(a.c.id.in_(wanted[start : start + CHUNK]))
            found.update({r["assignment_id"]: dict(r) for r in session.execute(chunk).mappings()})
        records = [found[i] for i in wanted if i in found]
    return pd.DataFrame(records, columns=UPDATE_ROW_COLUMNS)


def task_rows(
    session: Session,
    *,
    task_ids: Sequence[int] | None = None,
    conclusion_id: int | None = None,
    meeting_id: int | None = None,
) -> pd.DataFrame:
    """One row per task with its meeting and conclusion, for the tasks workbook: ``leads`` and
    ``supports`` name its units ("; " between them) so that the importer resolves them back to
    the same units; a unit whose name is shared or holds a comma is named by its slug.

    ``task_ids`` picks tasks (in document order); else those of ``conclusion_id`` or
    ``meeting_id``, or every task.
    """
    t, c, m = table(Task), table(Conclusion), table(Meeting)
    query = (
        sa.select(
            t.c.id.label("task_id"),
            m.c.title.label("meeting_title"),
            m.c.held_on,
            c.c.number.label("conclusion_number"),
            c.c.issued_on,
            c.c.issuer,
            c.c.title.label("conclusion_title"),
            t.c.seq.label("task_seq"),
            t.c.content.label("task_content"),
            t.c.deadline,
            t.c.field,
        )
        .join(c, c.c.id == t.c.conclusion_id)
        .outerjoin(m, m.c.id == c.c.meeting_id)  # a letter of directions has no meeting
        .order_by(
            sa.func.coalesce(m.c.held_on, c.c.issued_on), c.c.issued_on, c.c.id, t.c.seq, t.c.id
        )
    )
    if conclusion_id is not None:
        query = query.where(c.c.id == conclusion_id)
    if meeting_id == NO_MEETING:
        query = query.where(c.c.meeting_id.is_(None))
    elif meeting_id is not None:
        query = query.where(m.c.id == meeting_id)
    if task_ids is not None:
        query = query.where(t.c.id.in_(list(task_ids)))
    records = [dict(r) for r in session.execute(query).mappings()]
    names = _unit_labels(session)
    a = table(Assignment)
    units: dict[int, dict[str, list[str]]] = {}
    ids = [r["task_id"] for r in records]
    for start in range(0, len(ids), CHUNK):
        chunk = (
            sa.select(a.c.task_id, a.c.unit_id, a.c.role)
            .where(a.c.task_id.in_(ids[start : start + CHUNK]))
            .order_by(a.c.id)
        )
        for row in session.execute(chunk):
            by_role = units.setdefault(row.task_id, {"lead": [], "support": []})
            by_role[str(row.role)].append(names[row.unit_id])
    for record in records:
        by_role = units.get(record["task_id"], {"lead": [], "support": []})
        record["leads"] = "; ".join(by_role[AssignmentRole.LEAD.value])
        record["supports"] = "; ".join(by_role[AssignmentRole.SUPPORT.value])
    return pd.DataFrame(records, columns=TASK_ROW_COLUMNS)


def unit_names(session: Session, on: date) -> list[str]:
    """Names of the active units that exist on ``on``, in Vietnamese order (for the drop-down
    list of the tasks template)."""
    units = session.execute(sa.select(table(Unit))).mappings().all()
    names = {
        str(u["name"])
        for u in units
        if u["is_active"]
        and (u["valid_from"] is None or u["valid_from"] <= on)
        and (u["valid_to"] is None or on <= u["valid_to"])
    }
    return sorted(names, key=sort_key)


def _unit_labels(session: Session) -> dict[int, str]:
    """How the tasks workbook names each unit: its name, or its slug when the name is shared
    with another unit or holds a separator (the importer splits on commas and semicolons)."""
    u = table(Unit)
    rows = session.execute(sa.select(u.c.id, u.c.slug, u.c.name)).all()
    shared = Counter(fold(row.name) for row in rows)
    return {
        row.id: row.slug
        if shared[fold(row.name)] > 1 or any(s in row.name for s in ",;")
        else row.name
        for row in rows
    }
