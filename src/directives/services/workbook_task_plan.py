"""The tasks workbook against the database, planned: what each row means (a meeting, conclusion
and task to create, a task to correct or give more units, or nothing) and every row's problems.

The file is read first, without the database (:func:`directives.importers.task_rows.read_tasks`);
then :func:`plan_tasks` matches the rows with what is saved and resolves the unit names, reading
only (a read transaction, however long the file); then
:func:`directives.services.workbook_tasks.write_tasks` writes the plan in one short write
transaction. Administrators only.

A meeting is matched by title and day, a conclusion by number and issuer, a task by its
conclusion and STT. A unit that the file leaves out of an existing task, a unit whose role
differs, or a conclusion whose day, title or meeting differ from what is saved are problems:
the import neither removes nor changes those.
"""

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from directives.importers.task_rows import TaskRow, TaskSheet, stored_length
from directives.importers.workbook import problem_at, rejected, sort_problems
from directives.models import (
    Assignment,
    AssignmentRole,
    Conclusion,
    Meeting,
    Task,
    Unit,
    User,
    row_values,
)
from directives.reports.layout import TASKS
from directives.services import permissions
from directives.services.errors import InvalidInput, Problem
from directives.services.imports import ImportSummary
from directives.services.meta import data_version
from directives.services.resolution import UnitIndex
from directives.text import clean, fold

PlannedUnit = tuple[int, str]
"""A unit as the plan keeps it: its id and slug."""


@dataclass(frozen=True)
class PlannedTask:
    """One row's effect: a task to create (``task_id`` None, with all its units) or a saved task
    with the ``changes`` to make (content, deadline, field) and the units to add."""

    row: TaskRow
    task_id: int | None
    changes: dict[str, Any]
    leads: tuple[PlannedUnit, ...]
    supports: tuple[PlannedUnit, ...]
    values: dict[str, Any] = field(default_factory=dict)
    """For a new task, its columns but the conclusion and the creation time, made here so that
    the write transaction only inserts them."""

    @property
    def changed(self) -> bool:
        return self.task_id is None or bool(self.changes or self.leads or self.supports)


@dataclass(frozen=True)
class TaskPlan:
    """What importing ``sheet`` does, found without writing, as of ``version`` (the data
    version it was checked at) and ``fingerprint`` (of what it was checked against, see
    :func:`fingerprint`): the meetings and conclusions it names (saved id, or None to
    create) and one :class:`PlannedTask` per row."""

    sheet: TaskSheet
    version: int
    fingerprint: str
    meetings: dict[tuple[str, date], int | None]
    conclusions: dict[tuple[str, str], int | None]
    tasks: tuple[PlannedTask, ...] = field(default=())

    def summary(self, *, written: bool) -> ImportSummary:
        created = sum(1 for t in self.tasks if t.task_id is None)
        updated = sum(1 for t in self.tasks if t.task_id is not None and t.changed)
        added = sum(len({u for u, _ in (*t.leads, *t.supports)}) for t in self.tasks)
        return ImportSummary(
            kind="tasks",
            file=self.sheet.file,
            rows=self.sheet.count,
            created=created,
            updated=updated,
            unchanged=len(self.tasks) - created - updated,
            written=written,
            meetings=sum(1 for m in self.meetings.values() if m is None),
            conclusions=sum(1 for c in self.conclusions.values() if c is None),
            assignments=added,
        )


def shown(value: Any) -> str:
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return f"“{value}”"


class _Saved:
    """What is saved of the meetings, conclusions and tasks the rows name, read in a few
    queries."""

    def __init__(self, rows: Collection[TaskRow], *, session: Session) -> None:
        titles = {r.meeting_title for r in rows if r.meeting_title is not None}
        numbers = {r.number for r in rows}
        self.meetings: dict[tuple[str, date], Meeting] = {}
        for meeting in session.exec(
            select(Meeting).where(col(Meeting.title).in_(titles)).order_by(col(Meeting.id))
        ):
            self.meetings.setdefault((meeting.title, meeting.held_on), meeting)
        self.conclusions: dict[tuple[str, str], Conclusion] = {}
        for conclusion in session.exec(
            select(Conclusion)
            .where(col(Conclusion.number).in_(numbers))
            .order_by(col(Conclusion.id))
        ):
            self.conclusions.setdefault((conclusion.number, conclusion.issuer), conclusion)
        self.meetings_by_id = {m.id: m for m in self.meetings.values()}
        for conclusion in self.conclusions.values():
            if conclusion.meeting_id and conclusion.meeting_id not in self.meetings_by_id:
                owner = session.get(Meeting, conclusion.meeting_id)
                if owner is not None:
                    self.meetings_by_id[owner.id] = owner
        conclusion_ids = [c.id for c in self.conclusions.values()]
        self.tasks: dict[tuple[int, int], Task] = {}
        for task in session.exec(
            select(Task).where(col(Task.conclusion_id).in_(conclusion_ids)).order_by(col(Task.id))
        ):
            self.tasks.setdefault((task.conclusion_id, task.seq), task)
        self.units: dict[int, dict[int, str]] = {}
        task_ids = [t.id for t in self.tasks.values()]
        for assignment in session.exec(
            select(Assignment).where(col(Assignment.task_id).in_(task_ids))
        ):
            self.units.setdefault(assignment.task_id, {})[assignment.unit_id] = str(assignment.role)
        self.all_units = list(session.exec(select(Unit).order_by(col(Unit.id))))
        self.unit_names = {u.id: u.name for u in self.all_units}

    def fingerprint(self) -> str:
        """A digest of everything the plan depends on: the saved meetings, conclusions, tasks
        and assignments the rows name, and every unit (names resolve against them all)."""
        digest = hashlib.sha256()
        parts: list[Any] = [
            sorted((m.id, m.title, m.held_on) for m in self.meetings_by_id.values()),
            sorted(tuple(row_values(c).values()) for c in self.conclusions.values()),
            sorted(tuple(row_values(t).values()) for t in self.tasks.values()),
            sorted((t, sorted(u.items())) for t, u in self.units.items()),
            [tuple(row_values(u).values()) for u in self.all_units],
        ]
        for part in parts:
            digest.update(repr(part).encode("utf-8"))
        return digest.hexdigest()


def fingerprint(sheet: TaskSheet, *, session: Session) -> str:
    """What :attr:`TaskPlan.fingerprint` would be if ``sheet`` were planned now: when it is the
    same, the plan still holds (whatever else was saved since)."""
    return _Saved(sheet.rows, session=session).fingerprint()


def plan_tasks(sheet: TaskSheet, *, session: Session, actor: User) -> TaskPlan:
    """Match the rows of ``sheet`` with what is saved and check them, writing nothing; raises
    :class:`~directives.services.errors.Rejected` with every problem of the file (the cells'
    own and those found here)."""
    permissions.require_admin(actor, "nhập nhiệm vụ từ Excel")
    version = data_version(session=session)
    problems: list[Problem] = list(sheet.problems)
    saved = _Saved(sheet.rows, session=session)
    meetings: dict[tuple[str, date], int | None] = {}
    conclusions: dict[tuple[str, str], int | None] = {}
    planned: list[PlannedTask] = []
    first_of_conclusion: dict[tuple[str, str], TaskRow] = {}
    first_of_task: dict[tuple[str, str, int], int] = {}
    resolved: dict[tuple[str, date, frozenset[int]], list[Unit] | InvalidInput] = {}
    index = UnitIndex(saved.all_units)  # the units read once for every row

    def units(text: str, on: date, known: Collection[int]) -> list[Unit]:
        cache_key = (text, on, frozenset(known))
        if cache_key not in resolved:
            try:
                resolved[cache_key] = index.resolve(text, on, known)
            except InvalidInput as error:
                resolved[cache_key] = error
        found = resolved[cache_key]
        if isinstance(found, InvalidInput):
            raise found
        return found

    for item in sheet.rows:
        before = len(problems)

        def error(column_key: str, message: str) -> None:
            problems.append(problem_at(TASKS, sheet.file, item.row, column_key, message))  # noqa: B023

        conclusion_key = (item.number, item.issuer)
        first = first_of_conclusion.setdefault(conclusion_key, item)
        if first is not item:
            for column_key, mine, theirs in (
                ("meeting_title", item.meeting_title, first.meeting_title),
                ("held_on", item.held_on, first.held_on),
                ("issued_on", item.issued_on, first.issued_on),
                ("conclusion_title", item.conclusion_title, first.conclusion_title),
            ):
                if mine != theirs:
                    error(
                        column_key,
                        f"khác với dòng {first.row} của cùng kết luận {item.number} "
                        f"({shown(theirs)}).",
                    )
        task_key = (item.number, item.issuer, item.seq)
        if task_key in first_of_task:
            error(
                "task_seq",
                f"trùng với dòng {first_of_task[task_key]}: kết luận {item.number} đã có nhiệm "
                f"vụ STT {item.seq} trong tệp.",
            )
            continue
        first_of_task[task_key] = item.row
        if item.held_on is not None and item.issued_on < item.held_on:
            error("issued_on", "không được trước ngày họp.")
        conclusion = saved.conclusions.get(conclusion_key)
        if conclusion is not None:
            owner = saved.meetings_by_id.get(conclusion.meeting_id or 0)
            if owner is not None and (owner.title, owner.held_on) != (
                item.meeting_title,
                item.held_on,
            ):
                error(
                    "meeting_title",
                    f"kết luận {item.number} ({item.issuer}) đã có, thuộc hội nghị "
                    f"“{owner.title}” ngày {owner.held_on:%d/%m/%Y}.",
                )
            elif owner is None and item.meeting_title is not None:
                error(
                    "meeting_title",
                    f"kết luận {item.number} ({item.issuer}) đã có, không thuộc hội nghị nào; "
                    "hãy để trống tên hội nghị và ngày họp.",
                )
            for column_key, mine, theirs in (
                ("issued_on", item.issued_on, conclusion.issued_on),
                ("conclusion_title", item.conclusion_title, conclusion.title),
            ):
                if mine != theirs:
                    error(
                        column_key,
                        f"khác với kết luận {item.number} đã lưu ({shown(theirs)}); nhập từ "
                        "Excel không sửa kết luận đã có, hãy sửa ở trang Nhập hội nghị, kết luận.",
                    )
        if item.meeting_title is not None and item.held_on is not None:
            meeting = saved.meetings.get((item.meeting_title, item.held_on))
            meetings.setdefault((item.meeting_title, item.held_on), meeting.id if meeting else None)
        conclusions.setdefault(conclusion_key, conclusion.id if conclusion else None)
        task = saved.tasks.get((conclusion.id, item.seq)) if conclusion and conclusion.id else None
        on = task.assigned_on if task is not None else item.issued_on
        current = saved.units.get(task.id, {}) if task is not None and task.id else {}
        found_units: dict[str, list[Unit]] = {}
        for column_key, text in (("leads", item.leads_text), ("supports", item.supports_text)):
            if not text:
                continue
            try:
                found_units[column_key] = units(text, on, current)
            except InvalidInput as refused:
                error(column_key, refused.message + ".")
        if "leads" in found_units and not found_units["leads"]:
            error("leads", "cần ít nhất một đơn vị chủ trì.")
        if len(problems) > before:
            continue
        leads = found_units.get("leads", [])
        lead_ids = {u.id for u in leads}
        supports = [u for u in found_units.get("supports", []) if u.id not in lead_ids]
        if task is None:
            if item.deadline is not None and item.deadline < item.issued_on:
                error("deadline", "không được trước ngày ban hành kết luận.")
                continue
            planned.append(
                PlannedTask(item, None, {}, _units(leads), _units(supports), _new_task(item))
            )
            continue
        changes: dict[str, Any] = {}
        for name, value in item.task_fields().items():
            saved_value = getattr(task, name)
            if (value or None) != (saved_value or None):
                # update_task: None leaves a text as it is, "" clears it; a None date is "none"
                changes[name] = "" if value is None and isinstance(saved_value, str) else value
        due = changes.get("deadline")
        if due is not None and due < task.assigned_on:
            error("deadline", "không được trước ngày giao nhiệm vụ.")
            continue
        wanted = {u.id: AssignmentRole.LEAD.value for u in leads}
        wanted.update({u.id: AssignmentRole.SUPPORT.value for u in supports})
        for unit_id, role in current.items():
            name = saved.unit_names.get(unit_id, str(unit_id))
            column_key = "leads" if role == AssignmentRole.LEAD.value else "supports"
            if unit_id not in wanted:
                error(
                    column_key,
                    f"{name} đang được giao nhiệm vụ này nhưng tệp không ghi; nhập từ Excel "
                    "không bỏ đơn vị khỏi nhiệm vụ.",
                )
            elif wanted[unit_id] != role:
                now = "chủ trì" if role == AssignmentRole.LEAD.value else "phối hợp"
                error(
                    "leads" if wanted[unit_id] == AssignmentRole.LEAD.value else "supports",
                    f"{name} đang là đơn vị {now} của nhiệm vụ này; nhập từ Excel không đổi "
                    "vai trò.",
                )
        if len(problems) > before:
            continue
        planned.append(
            PlannedTask(
                item,
                task.id,
                changes,
                _units([u for u in leads if u.id not in current]),
                _units([u for u in supports if u.id not in current]),
            )
        )
    if problems:
        raise rejected(sort_problems(problems, TASKS), sheet.file)
    return TaskPlan(sheet, version, saved.fingerprint(), meetings, conclusions, tuple(planned))


_WORDING = stored_length(Task, "assignees_text")


def _new_task(row: TaskRow) -> dict[str, Any]:
    """The columns of the task ``row`` creates, as ``services.conclusions.create_task`` fills them,
    but its conclusion and creation time."""
    wording = row.leads_text + (f"; phối hợp: {row.supports_text}" if row.supports_text else "")
    return {
        **row.task_fields(),  # text cells come NFC and trimmed from the reader
        "seq": row.seq,
        "search_text": fold(f"{row.content} {row.field or ''}"),
        "assignees_text": clean(wording[:_WORDING] if _WORDING else wording),
        "assigned_on": row.issued_on,
        "original_deadline": row.deadline,
    }


def _units(units: list[Unit]) -> tuple[PlannedUnit, ...]:
    planned: list[PlannedUnit] = []
    for unit in units:
        assert unit.id is not None
        planned.append((unit.id, unit.slug))
    return tuple(planned)
