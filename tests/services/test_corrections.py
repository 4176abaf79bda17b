"""Administrators correct meetings, conclusions and tasks and give tasks to more units; every
change is audited with its values before and after."""

import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session, select

from directives.models import Assignment, AssignmentRole, Conclusion, Meeting, Task, Unit
from directives.services import corrections, extensions
from directives.services.errors import InvalidInput, NotFound
from directives.services.meta import data_version
from directives.services.units import unit_by_slug
from tests.databases import Databases
from tests.factories import (
    DEADLINE,
    ISSUED_ON,
    World,
    audit_entries,
    count,
    world_db,
)


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def get_task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    assert task is not None
    return task


def last_audit(session: Session, action: str) -> tuple[dict[str, object], dict[str, object]]:
    entry = audit_entries(session, action)[-1]
    return json.loads(entry.before or "null"), json.loads(entry.after or "null")


# --- creating is audited ------------------------------------------------------------------------


def test_creations_are_audited(session: Session, world: World) -> None:
    assert [(e.action, e.entity_id, e.username) for e in audit_entries(session)][:4] == [
        ("meeting.create", str(world.meeting_id), "quantri"),
        ("conclusion.create", str(world.conclusion_id), "quantri"),
        ("task.create", str(world.task_id), "quantri"),
        ("task.create", str(world.standing_task_id), "quantri"),
    ]
    created = json.loads(audit_entries(session, "task.create")[0].after or "")
    assert created["content"] == "Nhiệm vụ có thời hạn"
    assert created["deadline"] == DEADLINE.isoformat()
    assert created["assignments"] == [
        {"unit_id": world.unit_a.id, "role": "lead"},
        {"unit_id": world.unit_b.id, "role": "support"},
    ]
    meeting = json.loads(audit_entries(session, "meeting.create")[0].after or "")
    assert meeting["title"] == "Hội nghị thử" and meeting["held_on"] == "2021-01-07"


# --- tasks --------------------------------------------------------------------------------------


def test_correcting_content_and_field(session: Session, world: World) -> None:
    version = data_version(session=session)
    task = corrections.update_task(
        world.admin,
        world.task_id,
        session=session,
        content="  Tuyên truyền   Nghị quyết ",
        field="Dân vận",
    )
    assert (task.content, task.field) == ("Tuyên truyền Nghị quyết", "Dân vận")
    assert "nghi quyet" in task.search_text and "dan van" in task.search_text
    before, after = last_audit(session, "task.update")
    assert before == {"content": "Nhiệm vụ có thời hạn", "field": None}
    assert after == {"content": "Tuyên truyền Nghị quyết", "field": "Dân vận"}
    assert data_version(session=session) == version + 1


def test_an_update_that_changes_nothing_writes_nothing(session: Session, world: World) -> None:
    audits, version = count(session, "audit_log"), data_version(session=session)
    corrections.update_task(world.admin, world.task_id, session=session)
    corrections.update_task(
        world.admin, world.task_id, session=session, content="Nhiệm vụ có thời hạn"
    )
    assert count(session, "audit_log") == audits
    assert data_version(session=session) == version


def test_a_new_deadline_keeps_the_original(session: Session, world: World) -> None:
    task = corrections.update_task(
        world.admin, world.task_id, session=session, deadline=date(2021, 9, 30)
    )
    assert (task.deadline, task.original_deadline) == (date(2021, 9, 30), DEADLINE)
    assert last_audit(session, "task.update") == (
        {"deadline": "2021-06-30"},
        {"deadline": "2021-09-30"},
    )


def test_a_mistyped_deadline_can_be_fixed_at_the_source(session: Session, world: World) -> None:
    task = corrections.update_task(
        world.admin, world.task_id, session=session, deadline=date(2021, 3, 31), fix_original=True
    )
    assert (task.deadline, task.original_deadline) == (date(2021, 3, 31), date(2021, 3, 31))


def test_a_task_can_become_standing_and_back(session: Session, world: World) -> None:
    assert (
        corrections.update_task(world.admin, world.task_id, session=session, deadline=None).deadline
        is None
    )
    assert get_task(session, world.task_id).original_deadline == DEADLINE
    task = corrections.update_task(
        world.admin, world.standing_task_id, session=session, deadline=DEADLINE
    )
    assert (task.deadline, task.original_deadline) == (DEADLINE, None)


def test_deadline_before_the_assigned_day_is_refused(session: Session, world: World) -> None:
    audits = count(session, "audit_log")
    with pytest.raises(InvalidInput, match="thời hạn"):
        corrections.update_task(
            world.admin, world.task_id, session=session, content="Mới", deadline=date(2021, 1, 1)
        )
    session.expire_all()
    task = get_task(session, world.task_id)
    assert (task.content, task.deadline) == ("Nhiệm vụ có thời hạn", DEADLINE), "nothing applied"
    assert count(session, "audit_log") == audits


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"content": "  "}, "nội dung"), ({"seq": 0}, "số thứ tự")],
)
def test_invalid_task_corrections(
    session: Session, world: World, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        corrections.update_task(world.admin, world.task_id, session=session, **changes)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_an_overtaken_extension_is_dropped(session: Session, world: World) -> None:
    request = extensions.request_extension(
        world.secretary_a, world.a_id, date(2021, 7, 31), "Chờ kinh phí", session=session
    )
    extensions.approve(world.admin, request.id or 0, None, session=session)
    corrections.update_task(world.admin, world.task_id, session=session, deadline=date(2021, 7, 15))
    assignment = session.get(Assignment, world.a_id)
    assert assignment is not None and assignment.extended_deadline == date(2021, 7, 31), (
        "still later than the task's deadline: kept"
    )
    corrections.update_task(world.admin, world.task_id, session=session, deadline=date(2021, 8, 31))
    assert assignment.extended_deadline is None
    assert last_audit(session, "assignment.update") == (
        {"extended_deadline": "2021-07-31"},
        {"extended_deadline": None},
    )


def test_unknown_rows(session: Session, world: World) -> None:
    with pytest.raises(NotFound):
        corrections.update_task(world.admin, 9999, session=session, content="x")
    with pytest.raises(NotFound):
        corrections.update_meeting(world.admin, 9999, session=session, title="x")
    with pytest.raises(NotFound):
        corrections.update_conclusion(world.admin, 9999, session=session, title="x")
    with pytest.raises(NotFound):
        corrections.add_assignees(
            world.admin, 9999, ["giao-hai"], AssignmentRole.LEAD, session=session
        )


# --- more units ---------------------------------------------------------------------------------


def units_of(session: Session, task_id: int) -> dict[str, str]:
    rows = session.exec(
        select(Unit.slug, Assignment.role)
        .join(Assignment, Assignment.unit_id == Unit.id)  # type: ignore[arg-type]
        .where(Assignment.task_id == task_id)
    ).all()
    return {slug: role for slug, role in rows}


def test_add_units_by_slug(session: Session, world: World) -> None:
    added = corrections.add_assignees(
        world.admin,
        world.task_id,
        ["giao-hai", "phong-noi-vu", "giao-an"],  # giao-an is already on the task: skipped
        AssignmentRole.SUPPORT,
        session=session,
    )
    assert [a.unit_id for a in added] == [
        unit_by_slug(slug, session=session).id for slug in ("giao-hai", "phong-noi-vu")
    ]
    found = units_of(session, world.task_id)
    assert (found["giao-hai"], found["phong-noi-vu"], found["giao-an"]) == (
        "support",
        "support",
        "lead",
    )
    entries = audit_entries(session, "assignment.create")
    assert [json.loads(e.after or "")["unit_id"] for e in entries] == [a.unit_id for a in added]


def test_add_a_collective_on_the_assigned_day(session: Session, world: World) -> None:
    added = corrections.add_assignees(
        world.admin, world.task_id, ["Các xã, thị trấn"], AssignmentRole.LEAD, session=session
    )
    assert len(added) == 20, "the 22 communes of 2021 less the two already on the task"
    found = units_of(session, world.task_id)
    assert found["giao-an"] == "lead" and found["giao-lac"] == "support", "existing ones kept"
    assert "giao-minh" not in found, "a commune of 2025 is not one of 2021's"
    assert len(audit_entries(session, "assignment.create")) == 20
    again = corrections.add_assignees(
        world.admin, world.task_id, ["các xã, thị trấn"], AssignmentRole.LEAD, session=session
    )
    assert again == []


@pytest.mark.parametrize(
    ("names", "message"),
    [
        pytest.param(["giao-hai", "khong-co-don-vi-nay"], "không phải mã đơn vị", id="unknown"),
        pytest.param(["giao-minh"], "không hoạt động", id="not-yet-existing"),
        pytest.param([], "ít nhất một", id="none"),
        pytest.param(["  "], "ít nhất một", id="blank"),
    ],
)
def test_add_refused_writes_nothing(
    session: Session, world: World, names: list[str], message: str
) -> None:
    before = count(session, "assignment"), count(session, "audit_log")
    with pytest.raises(InvalidInput, match=message):
        corrections.add_assignees(
            world.admin, world.task_id, names, AssignmentRole.LEAD, session=session
        )
    assert (count(session, "assignment"), count(session, "audit_log")) == before


def test_an_inactive_unit_gets_no_new_task(session: Session, world: World) -> None:
    unit = unit_by_slug("giao-hai", session=session)
    unit.is_active = False
    session.add(unit)
    session.flush()
    with pytest.raises(InvalidInput, match="không hoạt động"):
        corrections.add_assignees(
            world.admin, world.task_id, ["giao-hai"], AssignmentRole.LEAD, session=session
        )
    added = corrections.add_assignees(
        world.admin, world.task_id, ["các xã, thị trấn"], AssignmentRole.LEAD, session=session
    )
    assert len(added) == 19 and "giao-hai" not in units_of(session, world.task_id)


# --- meetings and conclusions -------------------------------------------------------------------


def test_update_meeting(session: Session, world: World) -> None:
    meeting = corrections.update_meeting(
        world.admin,
        world.meeting_id,
        session=session,
        title="Hội nghị sơ kết",
        place="Hội trường Huyện ủy",
        held_on=date(2021, 1, 8),
    )
    assert (meeting.title, meeting.place, meeting.held_on) == (
        "Hội nghị sơ kết",
        "Hội trường Huyện ủy",
        date(2021, 1, 8),
    )
    before, after = last_audit(session, "meeting.update")
    assert before == {"title": "Hội nghị thử", "place": None, "held_on": "2021-01-07"}
    assert after["place"] == "Hội trường Huyện ủy"
    corrections.update_meeting(world.admin, world.meeting_id, session=session, place="")
    assert session.get(Meeting, world.meeting_id).place is None  # type: ignore[union-attr]


def test_meeting_day_cannot_pass_its_conclusion(session: Session, world: World) -> None:
    with pytest.raises(InvalidInput, match="ngày họp"):
        corrections.update_meeting(
            world.admin, world.meeting_id, session=session, held_on=date(2021, 2, 1)
        )
    with pytest.raises(InvalidInput, match="tên hội nghị"):
        corrections.update_meeting(world.admin, world.meeting_id, session=session, title=" ")


def test_update_conclusion_moves_the_tasks_assigned_day(session: Session, world: World) -> None:
    conclusion = corrections.update_conclusion(
        world.admin,
        world.conclusion_id,
        session=session,
        number="2-TB/HU",
        issued_on=date(2021, 1, 15),
        full_text="Dòng 1\r\nDòng 2",
    )
    assert (conclusion.number, conclusion.issued_on) == ("2-TB/HU", date(2021, 1, 15))
    assert conclusion.full_text == "Dòng 1\nDòng 2"
    for task_id in (world.task_id, world.standing_task_id):
        assert get_task(session, task_id).assigned_on == date(2021, 1, 15)
    before, after = last_audit(session, "conclusion.update")
    assert before["issued_on"] == ISSUED_ON.isoformat() and after["number"] == "2-TB/HU"
    assert len(audit_entries(session, "task.update")) == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"issued_on": date(2021, 1, 6)}, "trước ngày họp", id="before-meeting"),
        pytest.param({"issued_on": date(2021, 7, 1)}, "thời hạn", id="after-a-deadline"),
        pytest.param({"number": ""}, "số hiệu", id="no-number"),
    ],
)
def test_invalid_conclusion_corrections(
    session: Session, world: World, changes: dict[str, object], message: str
) -> None:
    before = count(session, "audit_log")
    with pytest.raises(InvalidInput, match=message):
        corrections.update_conclusion(world.admin, world.conclusion_id, session=session, **changes)  # type: ignore[arg-type]
    session.expire_all()
    assert session.get(Conclusion, world.conclusion_id).issued_on == ISSUED_ON  # type: ignore[union-attr]
    assert get_task(session, world.task_id).assigned_on == ISSUED_ON
    assert count(session, "audit_log") == before
