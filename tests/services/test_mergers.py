"""Merging a unit into another (``services/mergers.py``): its open assignments move to the
successor with their history kept, done and cancelled work stays, and the demo's real mergers."""

import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, col, select

from directives.domain import OPEN_STATUSES
from directives.models import Assignment, AssignmentRole, AuditLog, Status, StatusUpdate, User
from directives.services import mergers, units, updates
from directives.services.errors import InvalidInput
from directives.services.meta import data_version
from tests.factories import MERGE_DAY, MergerWorld, build_merger_world

MOMENT = datetime(2024, 9, 2, 3, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("cheap_hashing")


@pytest.fixture
def world(session: Session) -> MergerWorld:
    return build_merger_world(session)


def audits(session: Session, action: str) -> list[AuditLog]:
    query = select(AuditLog).where(AuditLog.action == action).order_by(col(AuditLog.id))
    return list(session.exec(query).all())


# --- merging ------------------------------------------------------------------------------------


def history(session: Session, assignment_id: int) -> list[StatusUpdate]:
    return updates.history(assignment_id, session=session)


def test_merge_moves_open_assignments_and_keeps_history(
    session: Session, world: MergerWorld
) -> None:
    before_moved = len(history(session, world.moved.id or 0))
    version = data_version(session=session)
    taken = mergers.merge_unit(
        world.admin, world.alpha.id or 0, world.beta.id or 0, MERGE_DAY, session=session, now=MOMENT
    )
    session.expire_all()
    assert (world.alpha.valid_to, world.alpha.successor_id) == (date(2024, 8, 31), world.beta.id)
    assert data_version(session=session) > version

    beta_rows = {
        a.task_id: a
        for a in session.exec(select(Assignment).where(Assignment.unit_id == world.beta.id)).all()
    }
    assert sorted(a.id for a in taken) == sorted(
        beta_rows[a.task_id].id for a in (world.moved, world.promoted, world.paused)
    )
    assert world.done.task_id not in beta_rows  # finished work stays where it was done

    new = beta_rows[world.moved.task_id]  # a new assignment, carrying the state over
    assert (new.role, new.status, new.progress) == (AssignmentRole.LEAD, Status.IN_PROGRESS, 40)
    [handover] = history(session, new.id or 0)
    assert handover.note == "Tiếp nhận từ Xã Alpha do sáp nhập"
    assert handover.happened_on == date(2024, 9, 1), "it happened on the effective day"
    assert handover.at > datetime(2024, 9, 1, tzinfo=UTC), "and is recorded when it was entered"
    paused = beta_rows[world.paused.task_id]
    assert (paused.role, paused.status, paused.progress) == (
        AssignmentRole.SUPPORT,
        Status.PAUSED,
        20,
    )
    # Beta already supported task 2: no second assignment; it now leads, as Alpha did.
    promoted = beta_rows[world.promoted.task_id]
    assert promoted.role == AssignmentRole.LEAD and promoted.status == Status.NOT_STARTED

    for old in (world.moved, world.promoted, world.paused):
        row = session.get(Assignment, old.id)
        assert row is not None and row.unit_id == world.alpha.id  # stays where it was
        assert row.status == Status.CANCELLED
        steps = history(session, old.id or 0)
        assert steps[-1].to_status == Status.CANCELLED
        assert steps[-1].note == "Chuyển sang Thị trấn Beta do sáp nhập"
        assert steps[-1].progress == steps[-2].progress
    assert len(history(session, world.moved.id or 0)) == before_moved + 1
    done = session.get(Assignment, world.done.id)
    assert done is not None and done.status == Status.DONE

    assert len(audits(session, "unit.merge")) == 1
    moves = audits(session, "assignment.move")
    assert len(moves) == 3
    assert {json.loads(m.after or "{}")["assignment_id"] for m in moves} == {a.id for a in taken}
    assert len(audits(session, "assignment.role")) == 1


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("self", "đơn vị kế thừa"),
        ("too early for the successor", "đơn vị kế thừa"),
        ("successor inactive", "đơn vị kế thừa"),
        ("before the unit began", "ngày sáp nhập"),
    ],
)
def test_merge_errors(session: Session, world: MergerWorld, case: str, field: str) -> None:
    successor, day = world.beta, MERGE_DAY
    if case == "self":
        successor = world.alpha
    elif case == "too early for the successor":
        day = date(2024, 8, 1)
    elif case == "successor inactive":
        world.beta.is_active = False
        session.add(world.beta)
    else:
        world.alpha.valid_from = date(2024, 9, 1)
        session.add(world.alpha)
    session.flush()
    count = len(session.exec(select(Assignment)).all())
    with pytest.raises(InvalidInput) as error:
        mergers.merge_unit(
            world.admin, world.alpha.id or 0, successor.id or 0, day, session=session
        )
    assert error.value.field == field
    assert len(session.exec(select(Assignment)).all()) == count
    assert not audits(session, "unit.merge")


def test_merge_giao_tien_into_thi_tran_giao_thuy(demo_session: Session) -> None:
    session = demo_session
    admin = session.exec(select(User).where(User.username == "quantri")).one()
    giao_tien = units.unit_by_slug("giao-tien", session=session)
    town = units.unit_by_slug("tt-giao-thuy", session=session)
    mine = list(session.exec(select(Assignment).where(Assignment.unit_id == giao_tien.id)).all())
    open_ones = [a for a in mine if a.status not in (Status.DONE, Status.CANCELLED)]
    closed = {a.id: a.status for a in mine if a not in open_ones}
    assert open_ones and closed  # the demo has both
    state = {a.id: (a.task_id, a.role, a.status, a.progress) for a in open_ones}
    steps = {a.id: len(history(session, a.id or 0)) for a in mine}

    taken = mergers.merge_unit(admin, giao_tien.id or 0, town.id or 0, MERGE_DAY, session=session)
    session.expire_all()

    assert giao_tien.valid_to == date(2024, 8, 31) and giao_tien.successor_id == town.id
    by_task = {
        a.task_id: a
        for a in session.exec(select(Assignment).where(Assignment.unit_id == town.id)).all()
    }
    assert len(taken) == len(open_ones) == len(by_task)
    for assignment_id, (task_id, role, status, progress) in state.items():
        new = by_task[task_id]
        assert (new.role, new.status, new.progress) == (role, status, progress)
        old = session.get(Assignment, assignment_id)
        assert old is not None and old.status == Status.CANCELLED
        old_steps = history(session, assignment_id)
        assert len(old_steps) == steps[assignment_id] + 1  # the history is all still there
        assert old_steps[-1].note == "Chuyển sang Thị trấn Giao Thủy do sáp nhập"
        assert old_steps[-1].user_id == admin.id
    for assignment_id, status in closed.items():
        row = session.get(Assignment, assignment_id)
        assert row is not None and row.status == status
        assert len(history(session, assignment_id)) == steps[assignment_id]

    # Ngô Đồng merges into the same town: tasks the town already has are not assigned twice.
    ngo_dong = units.unit_by_slug("ngo-dong", session=session)
    mergers.merge_unit(admin, ngo_dong.id or 0, town.id or 0, MERGE_DAY, session=session)
    rows = session.exec(select(Assignment.task_id).where(Assignment.unit_id == town.id)).all()
    assert len(rows) == len(set(rows))
    left = session.exec(
        select(Assignment).where(
            col(Assignment.unit_id).in_([giao_tien.id, ngo_dong.id]),
            col(Assignment.status).in_(OPEN_STATUSES),
        )
    ).all()
    assert not left
