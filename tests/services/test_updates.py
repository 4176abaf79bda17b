"""Saving a status update: optimistic locking between two users, the audit entry of every save,
and who may save."""

import json
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from directives.db import session_scope
from directives.models import (
    Assignment,
    Status,
    User,
)
from directives.services import updates
from directives.services.errors import InvalidInput, PermissionDenied
from directives.services.updates import Conflict, UpdateRequest
from directives.ui.conflicts import conflict_message
from tests.databases import Databases
from tests.factories import World, at_local, audit_entries, count, load_world, save, world_db


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


# --- optimistic locking -------------------------------------------------------------------------


def test_two_sessions_second_save_gets_a_conflict(engine: Engine) -> None:
    """Two users open the same assignment (version N), the first saves, the second is told who
    saved what and when; the history gains exactly one row."""
    with session_scope(engine, write=True) as setup:
        world = load_world(setup)
        save(setup, world.secretary_a, world.a_id, Status.IN_PROGRESS, 10, day=date(2021, 2, 1))
    with session_scope(engine) as reader:
        history_before = count(reader, "status_update")
        audits_before = len(audit_entries(reader, "assignment.update"))

    immediate = engine.execution_options(sqlite_begin="IMMEDIATE")
    with (
        Session(immediate, expire_on_commit=False) as first,
        Session(immediate, expire_on_commit=False) as second,
    ):
        with first.begin():
            seen_by_first = first.get(Assignment, world.a_id)
        with second.begin():
            seen_by_second = second.get(Assignment, world.a_id)
        assert seen_by_first is not None and seen_by_second is not None
        version = seen_by_first.version
        assert version == seen_by_second.version == 1

        with first.begin():
            actor = first.get(User, world.admin.id)
            assert actor is not None
            save(
                first,
                actor,
                world.a_id,
                Status.IN_PROGRESS,
                40,
                note="Đã tổ chức hội nghị triển khai",
                expected_version=version,
            )
        assert seen_by_second.version == version, "the second session still holds the old copy"

        with pytest.raises(Conflict) as caught, second.begin():
            actor = second.get(User, world.secretary_a.id)
            assert actor is not None
            save(second, actor, world.a_id, Status.DONE, 100, expected_version=version)

    message = conflict_message(caught.value)
    for expected in (
        "Trần Quản Trị",  # who
        "01/03/2021 10:05",  # when, local time
        "Đang thực hiện",  # the status it now has
        "40%",
        "Đã tổ chức hội nghị triển khai",  # the note
        "chưa được lưu",
    ):
        assert expected in message, f"{expected!r} missing from: {message}"
    latest = caught.value.latest
    assert latest is not None
    assert (latest.to_status, latest.progress) == (Status.IN_PROGRESS, 40)
    assert latest.note == "Đã tổ chức hội nghị triển khai"
    assert caught.value.current_version == version + 1
    assert caught.value.latest_by == "Trần Quản Trị"

    with session_scope(engine) as reader:
        assert count(reader, "status_update") == history_before + 1, "exactly one new row"
        assert len(audit_entries(reader, "assignment.update")) == audits_before + 1
        stored = reader.get(Assignment, world.a_id)
        assert stored is not None
        assert (stored.status, stored.progress, stored.version) == (
            Status.IN_PROGRESS,
            40,
            version + 1,
        )


def test_conflict_within_one_session_writes_nothing(session: Session, world: World) -> None:
    save(session, world.secretary_a, world.a_id, note=None)
    rows_before = count(session, "status_update")
    audits_before = count(session, "audit_log")
    with pytest.raises(Conflict) as caught:
        save(session, world.admin, world.a_id, Status.PAUSED, expected_version=0)
    assert "Nguyễn Thị An" in conflict_message(caught.value)
    assert "không ghi chú" in conflict_message(caught.value)
    assert count(session, "status_update") == rows_before
    assert count(session, "audit_log") == audits_before
    assert session.get(Assignment, world.a_id).version == 1  # type: ignore[union-attr]


def test_a_write_between_the_read_and_the_save_is_caught(session: Session, world: World) -> None:
    """The save is a compare-and-set on the version: a write that lands after the version was
    read (another process, on a database that does not serialise writers) is not overwritten."""
    save(session, world.secretary_a, world.a_id, note="Lần đầu")
    rows_before = count(session, "status_update")
    connection = session.connection()
    sneaked: list[str] = []

    def sneak_in(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.startswith("UPDATE assignment SET") and not sneaked:
            sneaked.append(statement)
            mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"  # SQLite, psycopg
            cursor.execute(
                f"UPDATE assignment SET version = version + 1 WHERE id = {mark}", (world.a_id,)
            )

    sa.event.listen(connection, "before_cursor_execute", sneak_in)
    try:
        with pytest.raises(Conflict) as caught:
            save(session, world.admin, world.a_id, Status.PAUSED, expected_version=1)
    finally:
        sa.event.remove(connection, "before_cursor_execute", sneak_in)
    assert sneaked, "the simulated concurrent write did run"
    assert caught.value.current_version == 2
    assert caught.value.latest is not None and caught.value.latest.note == "Lần đầu"
    assert "Lần đầu" in conflict_message(caught.value), "the latest recorded update is described"
    assert count(session, "status_update") == rows_before


def test_the_current_version_saves_and_moves_on(session: Session, world: World) -> None:
    for expected in range(3):
        save(
            session,
            world.secretary_a,
            world.a_id,
            progress=10 * expected,
            expected_version=expected,
        )
    stored = session.get(Assignment, world.a_id)
    assert stored is not None and stored.version == 3


def test_without_expected_version_saves_as_before(session: Session, world: World) -> None:
    save(session, world.secretary_a, world.a_id)
    save(session, world.secretary_a, world.a_id, Status.PAUSED)
    assert session.get(Assignment, world.a_id).version == 2  # type: ignore[union-attr]


# --- the audit log ------------------------------------------------------------------------------


def test_every_save_is_audited_with_before_and_after(session: Session, world: World) -> None:
    save(session, world.secretary_a, world.a_id, Status.IN_PROGRESS, 30)
    updates.record_update(
        session=session,
        actor=world.admin,
        assignment_id=world.a_id,
        request=UpdateRequest(Status.DONE, 80, completed_on=date(2021, 3, 2)),
        at=at_local(date(2021, 3, 3)),
        today=date(2021, 3, 3),
    )
    entries = audit_entries(session, "assignment.update")
    assert [(e.username, e.entity, e.entity_id) for e in entries] == [
        ("thuky.giao-an", "assignment", str(world.a_id)),
        ("quantri", "assignment", str(world.a_id)),
    ]
    first, second = (
        (json.loads(e.before or "null"), json.loads(e.after or "null")) for e in entries
    )
    assert first == (
        {"status": "not_started", "progress": 0, "completed_on": None, "version": 0},
        {"status": "in_progress", "progress": 30, "completed_on": None, "version": 1},
    )
    assert second == (
        {"status": "in_progress", "progress": 30, "completed_on": None, "version": 1},
        {"status": "done", "progress": 100, "completed_on": "2021-03-02", "version": 2},
    )


def test_a_refused_save_is_not_audited(session: Session, world: World) -> None:
    before = count(session, "audit_log")
    with pytest.raises(InvalidInput):
        save(session, world.secretary_a, world.a_id, Status.IN_PROGRESS, 120)
    with pytest.raises(PermissionDenied):
        save(session, world.secretary_b, world.a_id)
    assert count(session, "audit_log") == before


# --- who may save -------------------------------------------------------------------------------


def test_disabled_account_is_refused_even_for_its_own_unit(session: Session, world: World) -> None:
    world.secretary_a.is_active = False
    session.add(world.secretary_a)
    session.flush()
    history_before = count(session, "status_update")
    with pytest.raises(PermissionDenied, match="khóa"):
        save(session, world.secretary_a, world.a_id)
    world.admin.is_active = False
    with pytest.raises(PermissionDenied, match="khóa"):
        save(session, world.admin, world.a_id)
    assert count(session, "status_update") == history_before


def test_leader_reads_only(session: Session, world: World) -> None:
    with pytest.raises(PermissionDenied, match="lãnh đạo"):
        save(session, world.leader, world.a_id)


def test_other_units_secretary_is_refused(session: Session, world: World) -> None:
    with pytest.raises(PermissionDenied, match="đơn vị khác"):
        save(session, world.secretary_b, world.a_id)
    save(session, world.secretary_b, world.b_id)  # its own assignment on the same task
