"""The tasks workbook against the database: planned in a read transaction, written in a short
one in bulk (with the audit entries the services make), checked again when something was saved
in between, and overlong cells refused before the database sees them, on both engines."""

import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from directives.db import is_sqlite, session_scope
from directives.importers.task_rows import LIMITS, read_tasks
from directives.models import Assignment, AuditLog, Conclusion, Meeting, Task, User
from directives.reports.layout import TASKS
from directives.reports.workbooks import tasks_template
from directives.services import conclusions, workbook_tasks
from directives.services.errors import Rejected
from directives.services.meta import data_version
from directives.services.workbook_task_plan import plan_tasks
from directives.services.workbook_tasks import import_tasks, write_tasks
from tests.factories import task_row

FILE = "nhiem-vu.xlsx"


def admin(session: Session) -> User:
    return session.exec(select(User).where(User.username == "quantri")).one()


def count(session: Session, model: Any, *where: Any) -> int:
    query = sa.select(sa.func.count()).select_from(model)
    for clause in where:
        query = query.where(clause)
    return int(session.execute(query).scalar_one())


@pytest.fixture
def engine(demo_engine: Engine) -> Iterator[Engine]:
    yield demo_engine


def test_a_new_conclusion_is_written_in_bulk_with_the_services_audit(engine: Engine) -> None:
    data = tasks_template([task_row(1), task_row(2, supports="Ban Dân vận Huyện ủy"), task_row(3)])
    sheet = read_tasks(data, FILE)
    with session_scope(engine) as session:
        before = data_version(session=session)
        plan = plan_tasks(sheet, session=session, actor=admin(session))
        communes = count(session, Assignment)  # not yet: plan writes nothing
    with session_scope(engine, write=True) as session:
        summary = write_tasks(plan, session=session, actor=admin(session))
    assert (summary.created, summary.meetings, summary.conclusions) == (3, 1, 1)
    with session_scope(engine) as session:
        # one bump each for the meeting and the conclusion (services.conclusions), one for the tasks
        assert data_version(session=session) == before + 3
        conclusion = session.exec(select(Conclusion).where(Conclusion.number == "301-TB/HU")).one()
        saved = session.exec(select(Task).where(Task.conclusion_id == conclusion.id)).all()
        assert sorted(t.seq for t in saved) == [1, 2, 3]
        assert all(t.assigned_on == date(2021, 10, 8) for t in saved)
        assert all(t.original_deadline == date(2021, 12, 31) for t in saved)
        assert count(session, Assignment) - communes == summary.assignments
        entries = {
            action: count(session, AuditLog, AuditLog.action == action)
            for action in ("meeting.create", "conclusion.create", "task.create")
        }
        second = next(t for t in saved if t.seq == 2)
        entry = session.exec(
            select(AuditLog).where(
                AuditLog.action == "task.create", AuditLog.entity_id == str(second.id)
            )
        ).one()
    after = json.loads(entry.after or "{}")
    assert after["content"] == "Nhiệm vụ số 2" and after["assigned_on"] == "2021-10-08"
    assert {a["role"] for a in after["assignments"]} == {"lead", "support"}
    assert entry.username == "quantri" and entries["task.create"] >= 3


def test_planning_needs_no_write_lock(engine: Engine) -> None:
    if not is_sqlite(engine.url):
        pytest.skip("PostgreSQL readers never wait for writers")
    sheet = read_tasks(tasks_template([task_row(1)]), FILE)
    holder = sqlite3.connect(str(engine.url.database), isolation_level=None)
    try:  # another writer holds SQLite's write lock throughout
        holder.execute("BEGIN IMMEDIATE")
        with session_scope(engine) as session:
            plan = plan_tasks(sheet, session=session, actor=admin(session))
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    assert plan.summary(written=False).created == 1


def test_what_was_saved_between_plan_and_write_is_checked_again(engine: Engine) -> None:
    sheet = read_tasks(tasks_template([task_row(1)]), FILE)
    with session_scope(engine) as session:
        plan = plan_tasks(sheet, session=session, actor=admin(session))
    with session_scope(engine, write=True) as session:  # someone enters the conclusion first
        actor = admin(session)
        meeting = conclusions.create_meeting(
            session=session, actor=actor, title="Một hội nghị khác", held_on=date(2021, 10, 1)
        )
        conclusions.create_conclusion(
            session=session,
            actor=actor,
            meeting=meeting,
            number="301-TB/HU",
            issued_on=date(2021, 10, 8),
            issuer="Huyện ủy Giao Thủy",
            title="Kết luận hội nghị giao ban quý IV",
        )
    with pytest.raises(Rejected) as caught, session_scope(engine, write=True) as session:
        write_tasks(plan, session=session, actor=admin(session))
    problem = caught.value.problems[0]
    assert (problem.row, problem.column) == (2, TASKS.letter("meeting_title"))
    assert "Một hội nghị khác" in problem.message
    with session_scope(engine) as session:
        assert count(session, Conclusion, Conclusion.number == "301-TB/HU") == 1


@pytest.mark.parametrize("key", ["conclusion_number", "issuer", "meeting_title", "field"])
def test_an_overlong_cell_is_refused_on_every_engine(demo_session: Session, key: str) -> None:
    limit = LIMITS[key]
    assert limit is not None
    actor = admin(demo_session)
    meetings = count(demo_session, Meeting)
    data = tasks_template([task_row(1, **{key: "Ư" * (limit + 1)})])
    with pytest.raises(Rejected) as caught:
        import_tasks(data, file_name=FILE, session=demo_session, actor=actor)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, TASKS.letter(key))]
    assert count(demo_session, Meeting) == meetings
    # Exactly the column's length is saved as it is, on PostgreSQL too.
    data = tasks_template([task_row(1, **{key: "Ư" * limit})])
    summary = import_tasks(data, file_name=FILE, session=demo_session, actor=actor)
    assert summary.created == 1


def test_a_check_only_import_writes_nothing(demo_session: Session) -> None:
    book = openpyxl.load_workbook(io.BytesIO(tasks_template([task_row(1), task_row(2)])))
    out = io.BytesIO()
    book.save(out)
    before = count(demo_session, Task)
    summary = import_tasks(
        out.getvalue(), file_name=FILE, session=demo_session, actor=admin(demo_session), write=False
    )
    assert (summary.created, summary.written) == (2, False)
    assert count(demo_session, Task) == before


def test_an_unrelated_write_between_plan_and_write_needs_no_new_plan(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = read_tasks(tasks_template([task_row(1)]), FILE)
    with session_scope(engine) as session:
        plan = plan_tasks(sheet, session=session, actor=admin(session))
    with session_scope(engine, write=True) as session:  # another conclusion entered meanwhile
        actor = admin(session)
        meeting = conclusions.create_meeting(
            session=session, actor=actor, title="Hội nghị khác", held_on=date(2021, 11, 1)
        )
        assert data_version(session=session) != plan.version

    def no_second_plan(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("planned again although nothing it depends on changed")

    monkeypatch.setattr(workbook_tasks, "plan_tasks", no_second_plan)
    with session_scope(engine, write=True) as session:
        summary = write_tasks(plan, session=session, actor=admin(session))
    assert summary.created == 1 and meeting.id is not None


def test_a_letter_of_directions_needs_no_meeting(demo_session: Session) -> None:
    actor = admin(demo_session)
    meetings = count(demo_session, Meeting)
    data = tasks_template(
        [task_row(1, meeting_title=None, held_on=None), task_row(2, held_on=None)]
    )
    with pytest.raises(Rejected) as caught:  # a title with no day is still refused
        import_tasks(data, file_name=FILE, session=demo_session, actor=actor)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, TASKS.letter("held_on"))]
    data = tasks_template(
        [task_row(1, meeting_title=None, held_on=None), task_row(2, meeting_title=None)]
    )
    with pytest.raises(Rejected) as caught:  # and a day with no title
        import_tasks(data, file_name=FILE, session=demo_session, actor=actor)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (3, TASKS.letter("meeting_title"))
    ]
    blank = {"meeting_title": None, "held_on": None}
    data = tasks_template([task_row(1, **blank), task_row(2, **blank)])
    summary = import_tasks(data, file_name=FILE, session=demo_session, actor=actor)
    assert (summary.created, summary.meetings, summary.conclusions) == (2, 0, 1)
    assert count(demo_session, Meeting) == meetings
    saved = demo_session.exec(select(Conclusion).where(Conclusion.number == "301-TB/HU")).one()
    assert saved.meeting_id is None
    # Read back, exported and imported again: the same conclusion, nothing new.
    again = import_tasks(data, file_name=FILE, session=demo_session, actor=actor)
    assert again.created == 0
