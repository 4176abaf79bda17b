"""The status-update workbook against the database: who may import it, which rows change their
assignment, and saving them all or nothing through the bulk update service.

The file is read first, without the database
(:func:`directives.importers.update_rows.read_updates`); then, in a read transaction,
:func:`check_sheet` says what would change or raises
:class:`~directives.services.errors.Rejected` with every problem (the cells' own, and those
found against the saved assignments: unknown, another unit's, saved since the file was made);
then, in a short write transaction, :func:`record_sheet` saves the changed rows, re-checking the
versions under lock. :func:`import_updates` does all three in the caller's one transaction.

Who may import: administrators (any assignment) and secretaries (their unit's: a row that would
change another unit's assignment is a problem, one sent back as saved is skipped); leaders and
disabled accounts get :class:`~directives.services.errors.PermissionDenied`.
"""

from collections.abc import Sequence
from datetime import date, datetime
from typing import IO

from sqlmodel import Session

from directives.importers.update_rows import UpdateRow, UpdateSheet, read_updates
from directives.importers.workbook import problem_at, rejected, sort_problems
from directives.models import Role, Status, User
from directives.reports.layout import UPDATES
from directives.services import bulk_updates, permissions, updates
from directives.services.errors import PermissionDenied, Problem, Rejected
from directives.services.imports import ImportSummary

_FIELDS = {
    "phân công": "assignment_id",
    "phiên bản": "version",
    "tiến độ": "progress",
    "ngày hoàn thành": "completed_on",
    updates.HAPPENED_FIELD: "happened_on",
}
"""Which column a problem found by the bulk update service belongs to."""
_PLACEHOLDER = updates.UpdateRequest(status=Status.NOT_STARTED, progress=-1)
"""Sent for a row whose cells are wrong, to learn whether its assignment exists and this user
may report on it. Invalid on purpose: the service then reports only that (or a progress
problem, which is dropped: the cells' own problems are already listed)."""


def require_may_import(actor: User) -> None:
    """Administrators and secretaries with a unit; anyone else is refused."""
    permissions.require_active(actor)
    if actor.role == Role.LEADER.value:
        raise PermissionDenied("Tài khoản lãnh đạo chỉ được xem, không được nhập cập nhật.")
    if actor.role == Role.SECRETARY.value and actor.unit_id is None:
        raise PermissionDenied("Tài khoản thư ký chưa gắn với đơn vị nào.")


def _item(row: UpdateRow) -> bulk_updates.BulkItem:
    if not row.complete:
        return bulk_updates.BulkItem(row.assignment_id, _PLACEHOLDER)
    assert row.status is not None
    request = updates.UpdateRequest(
        status=row.status,
        progress=100 if row.progress is None else row.progress,
        note=row.note,
        completed_on=row.completed_on,
        happened_on=row.happened_on,
    )
    return bulk_updates.BulkItem(row.assignment_id, request, expected_version=row.version)


def _located(sheet: UpdateSheet, found: Sequence[Problem]) -> list[Problem]:
    """The batch's problems (``row`` is the item's 1-based number) placed on the sheet's cells."""
    problems = list(sheet.problems)
    for problem in found:
        row = sheet.rows[(problem.row or 1) - 1]
        column = _FIELDS.get(problem.field or "", "assignment_id")
        if not row.complete and column != "assignment_id":
            continue
        problems.append(problem_at(UPDATES, sheet.file, row.row, column, problem.message))
    return sort_problems(problems, UPDATES)


def _summary(sheet: UpdateSheet, plan: bulk_updates.BulkPlan, *, written: bool) -> ImportSummary:
    return ImportSummary(
        kind="updates",
        file=sheet.file,
        rows=sheet.count,
        created=0,
        updated=len(plan.changed),
        unchanged=len(plan.unchanged),
        written=written,
    )


def check_sheet(
    sheet: UpdateSheet, *, session: Session, actor: User, today: date | None = None
) -> ImportSummary:
    """What saving ``sheet`` would change, writing nothing; :class:`Rejected` with every problem
    (the cells' and those found against the database) if any row cannot be saved."""
    require_may_import(actor)
    items = [_item(row) for row in sheet.rows]
    plan = bulk_updates.check_updates(session=session, actor=actor, items=items, today=today)
    problems = _located(sheet, plan.problems)
    if problems:
        raise rejected(problems, sheet.file)
    return _summary(sheet, plan, written=False)


def record_sheet(
    sheet: UpdateSheet,
    *,
    session: Session,
    actor: User,
    today: date | None = None,
    at: datetime | None = None,
) -> ImportSummary:
    """Save the rows of ``sheet`` that change their assignment, all or nothing, in the caller's
    transaction: the versions are checked again under lock, so a row saved by someone since
    :func:`check_sheet` is a conflict, not an overwrite. ``today`` and ``at`` exist for tests,
    as in :func:`directives.services.updates.record_update`."""
    if sheet.problems:
        check_sheet(sheet, session=session, actor=actor, today=today)  # raises, with them all
    require_may_import(actor)
    items = [_item(row) for row in sheet.rows]
    try:
        plan = bulk_updates.record_updates(
            session=session, actor=actor, items=items, at=at, today=today
        )
    except Rejected as refused:
        raise rejected(_located(sheet, refused.problems), sheet.file) from refused
    return _summary(sheet, plan, written=True)


def import_updates(
    data: bytes | IO[bytes],
    *,
    file_name: str,
    session: Session,
    actor: User,
    write: bool = True,
    today: date | None = None,
    at: datetime | None = None,
) -> ImportSummary:
    """Read, check and (with ``write``) save a "Cập nhật" workbook in the caller's one
    transaction. A long file is better read before the write transaction begins: see the
    module's docstring."""
    require_may_import(actor)
    sheet = read_updates(data, file_name)
    if not write:
        return check_sheet(sheet, session=session, actor=actor, today=today)
    return record_sheet(sheet, session=session, actor=actor, today=today, at=at)
