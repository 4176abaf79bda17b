"""A task entered by mistake can be removed while nobody has reported on it; a missed one can be
added to a saved conclusion. Both are audited."""

import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session, select

from directives.models import Assignment, Status, Task
from directives.services import corrections, extensions
from directives.services.errors import InvalidInput, NotFound
from directives.services.units import unit_by_slug
from tests.databases import Databases
from tests.factories import ISSUED_ON, World, audit_entries, count, save, world_db


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def test_a_task_nobody_reported_on_is_removed_and_audited(session: Session, world: World) -> None:
    tasks_before, assignments_before = count(session, "task"), count(session, "assignment")
    corrections.remove_task(world.admin, world.task_id, session=session)
    assert session.get(Task, world.task_id) is None
    assert count(session, "task") == tasks_before - 1
    assert count(session, "assignment") == assignments_before - 2
    entry = audit_entries(session, "task.delete")[-1]
    assert entry.entity_id == str(world.task_id)
    before = json.loads(entry.before or "null")
    assert before["content"] == "Nhiệm vụ có thời hạn"
    assert before["assignments"] == [
        {"unit_id": world.unit_a.id, "role": "lead"},
        {"unit_id": world.unit_b.id, "role": "support"},
    ]


def test_a_task_with_a_report_is_kept_and_cancelling_is_suggested(
    session: Session, world: World
) -> None:
    save(session, world.secretary_b, world.b_id, Status.IN_PROGRESS, 20)
    with pytest.raises(InvalidInput) as refused:
        corrections.remove_task(world.admin, world.task_id, session=session)
    assert "Đã hủy" in refused.value.message
    assert session.get(Task, world.task_id) is not None
    assert audit_entries(session, "task.delete") == []


def test_a_task_with_an_extension_request_is_kept(session: Session, world: World) -> None:
    extensions.request_extension(
        world.secretary_a, world.a_id, date(2021, 9, 30), "Chờ kinh phí", session=session
    )
    with pytest.raises(InvalidInput):
        corrections.remove_task(world.admin, world.task_id, session=session)


def test_only_an_administrator_removes_and_unknown_tasks_are_named(
    session: Session, world: World
) -> None:
    with pytest.raises(Exception) as refused:
        corrections.remove_task(world.leader, world.task_id, session=session)
    assert session.get(Task, world.task_id) is not None
    assert not isinstance(refused.value, InvalidInput)
    with pytest.raises(NotFound):
        corrections.remove_task(world.admin, 9999, session=session)


def test_a_missed_task_is_added_to_a_saved_conclusion(session: Session, world: World) -> None:
    task = corrections.add_task(
        world.admin,
        world.conclusion_id,
        session=session,
        content="Nhiệm vụ bị sót",
        leads=[unit_by_slug("giao-hai", session=session)],
        supports=[world.unit_a],
        deadline=date(2021, 5, 31),
    )
    assert task.seq == 3
    assert task.assigned_on == ISSUED_ON
    roles = session.exec(select(Assignment.role).where(Assignment.task_id == task.id)).all()
    assert roles == ["lead", "support"]
    assert audit_entries(session, "task.create")[-1].entity_id == str(task.id)


def test_an_added_task_is_checked_as_an_entered_one(session: Session, world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        corrections.add_task(
            world.admin,
            world.conclusion_id,
            session=session,
            content="Thiếu đơn vị",
            leads=[],
        )
    assert refused.value.field == "đơn vị chủ trì"
    with pytest.raises(InvalidInput):
        corrections.add_task(
            world.admin,
            world.conclusion_id,
            session=session,
            content="Hạn trước ngày ban hành",
            leads=[world.unit_a],
            deadline=date(2020, 12, 31),
        )
