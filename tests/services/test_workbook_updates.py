"""The status-update workbook in two steps: checked in a read transaction (no write lock), then
saved in a short write that checks the versions again, so a row someone saved in between is a
conflict, never an overwrite."""

import sqlite3
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from directives.db import is_sqlite, session_scope
from directives.importers.update_rows import read_updates
from directives.models import Assignment, Status, User
from directives.queries.sheets import update_rows
from directives.reports.layout import UPDATES
from directives.reports.workbooks import updates_template
from directives.services import updates
from directives.services.errors import PermissionDenied, Rejected
from directives.services.workbook_updates import check_sheet, record_sheet

FILE = "cap-nhat.xlsx"
TODAY = date(2022, 1, 15)  # after the demo's last update: history is told in order


def admin(session: Session) -> User:
    return session.exec(select(User).where(User.username == "quantri")).one()


def moved_on(engine: Engine, count: int) -> tuple[bytes, list[int]]:
    """A workbook of ``count`` open assignments, each moved on by 5 points."""
    with session_scope(engine) as session:
        rows = update_rows(session, open_only=True).head(count)
    rows["status"] = Status.IN_PROGRESS.value
    rows["progress"] = [min(100, int(p) + 5) for p in rows["progress"]]
    return updates_template(rows), [int(i) for i in rows["assignment_id"]]


def test_checked_without_the_write_lock_then_saved(demo_engine: Engine) -> None:
    data, ids = moved_on(demo_engine, 3)
    sheet = read_updates(data, FILE)
    holder = None
    if is_sqlite(demo_engine.url):  # another writer holds SQLite's write lock while checking
        holder = sqlite3.connect(str(sa.make_url(demo_engine.url).database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    try:
        with session_scope(demo_engine) as session:
            checked = check_sheet(sheet, session=session, actor=admin(session), today=TODAY)
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
    assert (checked.updated, checked.written) == (3, False)
    with session_scope(demo_engine, write=True) as session:
        saved = record_sheet(sheet, session=session, actor=admin(session), today=TODAY)
    assert (saved.updated, saved.written) == (3, True)
    with session_scope(demo_engine) as session:
        versions = [session.get(Assignment, i).version for i in ids]  # type: ignore[union-attr]
    assert all(v >= 1 for v in versions)


def test_a_row_saved_between_check_and_write_is_a_conflict(demo_engine: Engine) -> None:
    data, ids = moved_on(demo_engine, 2)
    sheet = read_updates(data, FILE)
    with session_scope(demo_engine) as session:
        check_sheet(sheet, session=session, actor=admin(session), today=TODAY)
        first_version = session.get(Assignment, ids[0]).version  # type: ignore[union-attr]
    with session_scope(demo_engine, write=True) as session:  # someone saves the second row
        updates.record_update(
            session=session,
            actor=admin(session),
            assignment_id=ids[1],
            request=updates.UpdateRequest(status=Status.IN_PROGRESS, progress=99),
            today=TODAY,
        )
    with pytest.raises(Rejected) as caught, session_scope(demo_engine, write=True) as session:
        record_sheet(sheet, session=session, actor=admin(session), today=TODAY)
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.field) == (3, "M", "Phiên bản")
    assert "sau phiên bản ghi trong tệp" in problem.message
    with session_scope(demo_engine) as session:  # nothing written, not even the first row
        assert session.get(Assignment, ids[0]).version == first_version  # type: ignore[union-attr]


def test_leaders_are_refused_before_anything_is_checked(demo_session: Session) -> None:
    leader = demo_session.exec(select(User).where(User.username == "lanhdao")).one()
    sheet = read_updates(updates_template(), FILE)
    assert sheet.rows == () and UPDATES.name == "Cập nhật"
    with pytest.raises(PermissionDenied, match="lãnh đạo"):
        check_sheet(sheet, session=demo_session, actor=leader)


def test_a_change_told_before_the_latest_update_is_located_on_its_day(
    demo_session: Session,
) -> None:
    rows = update_rows(demo_session, open_only=True).head(1)
    [assignment_id] = [int(i) for i in rows["assignment_id"]]
    latest = updates.latest_happened(assignment_id, session=demo_session)
    assert latest is not None and latest > date(2021, 1, 20)
    rows["status"] = Status.IN_PROGRESS.value
    rows["progress"] = 99
    rows["happened_on"] = date(2021, 1, 20)
    sheet = read_updates(updates_template(rows), FILE)
    with pytest.raises(Rejected) as caught:
        check_sheet(sheet, session=demo_session, actor=admin(demo_session), today=TODAY)
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.field) == (2, "N", "Ngày thay đổi")
    assert problem.message == (
        f"không được trước ngày của lần cập nhật gần nhất ({latest:%d/%m/%Y})."
    )
