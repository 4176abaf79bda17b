"""Administration of units: create, rename, validity and successor, deactivate, and merging a unit
into another with its open assignments moved and the history kept."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from directives.models import (
    AppMeta,
    Assignment,
    AssignmentRole,
    AuditLog,
    Bloc,
    Role,
    Status,
    StatusUpdate,
    Unit,
    UnitKind,
    User,
    table,
)
from directives.services import accounts, tasks, units
from directives.services.errors import InvalidInput, NotFound, PermissionDenied
from directives.services.meta import data_version
from tests.databases import CHEAP_HASHER

PASSWORD = "mat-khau-thu-nghiem"
MERGE_DAY = date(2024, 9, 1)
MOMENT = datetime(2024, 9, 2, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)


@dataclass
class World:
    admin: User
    leader: User
    secretary: User
    alpha: Unit  # a commune, merged into beta in the tests
    beta: Unit  # a town that exists from MERGE_DAY
    org: Unit
    moved: Assignment  # alpha leads task 1, in progress
    promoted: Assignment  # alpha leads task 2, where beta supports
    done: Assignment  # alpha finished task 3
    paused: Assignment  # alpha supports task 4, paused


@pytest.fixture
def world(session: Session) -> World:
    alpha = Unit(slug="xa-alpha", name="Xã Alpha", kind=UnitKind.COMMUNE, code="100")
    beta = Unit(slug="tt-beta", name="Thị trấn Beta", kind=UnitKind.TOWN, valid_from=MERGE_DAY)
    org = Unit(slug="ban-to-chuc", name="Ban Tổ chức", kind=UnitKind.ORGANIZATION, bloc=Bloc.PARTY)
    gamma = Unit(slug="xa-gamma", name="Xã Gamma", kind=UnitKind.COMMUNE)
    session.add_all([alpha, beta, org, gamma])
    session.flush()

    def user(username: str, role: Role, unit: Unit | None = None) -> User:
        return accounts.create_user(
            session=session,
            username=username,
            full_name=username,
            password=PASSWORD,
            role=role,
            unit=unit,
        )

    admin = user("quantri", Role.ADMIN)
    meeting = tasks.create_meeting(
        session=session, actor=admin, title="Hội nghị thử", held_on=date(2024, 1, 5)
    )
    conclusion = tasks.create_conclusion(
        session=session,
        actor=admin,
        meeting=meeting,
        number="9-TB/HU",
        issued_on=date(2024, 1, 10),
        issuer="Huyện ủy",
        title="Kết luận thử",
    )

    def task(seq: int, leads: list[Unit], supports: list[Unit]) -> int:
        created = tasks.create_task(
            session=session,
            actor=admin,
            conclusion=conclusion,
            seq=seq,
            content=f"Nhiệm vụ {seq}",
            leads=leads,
            supports=supports,
        )
        row = session.exec(
            select(Assignment).where(
                Assignment.task_id == created.id, Assignment.unit_id == alpha.id
            )
        ).one()
        return row.id or 0

    def report(assignment_id: int, status: Status, progress: int, **kw: Any) -> Assignment:
        tasks.record_update(
            session=session,
            actor=admin,
            assignment_id=assignment_id,
            request=tasks.UpdateRequest(status=status, progress=progress, **kw),
            at=datetime(2024, 5, 1, 2, 0, tzinfo=UTC),
        )
        row = session.get(Assignment, assignment_id, populate_existing=True)
        assert row is not None
        return row

    moved = report(task(1, [alpha], [gamma]), Status.IN_PROGRESS, 40, note="Đã triển khai")
    promoted = report(task(2, [alpha], [beta]), Status.IN_PROGRESS, 60)
    done = report(task(3, [alpha], []), Status.DONE, 100, completed_on=date(2024, 4, 30))
    paused = report(task(4, [gamma], [alpha]), Status.PAUSED, 20)
    return World(
        admin=admin,
        leader=user("lanhdao", Role.LEADER),
        secretary=user("thuky", Role.SECRETARY, alpha),
        alpha=alpha,
        beta=beta,
        org=org,
        moved=moved,
        promoted=promoted,
        done=done,
        paused=paused,
    )


def audits(session: Session, action: str) -> list[AuditLog]:
    query = select(AuditLog).where(AuditLog.action == action).order_by(col(AuditLog.id))
    return list(session.exec(query).all())


# --- create, rename, validity, deactivate ---------------------------------------------------------


def test_create_unit(session: Session, world: World) -> None:
    version = data_version(session=session)
    unit = units.create_unit(
        world.admin,
        "  Ban  Dân vận Huyện ủy ",
        "organization",
        "party",
        None,
        None,
        short_name="Ban Dân vận",
        session=session,
    )
    assert (unit.slug, unit.name, unit.kind, unit.bloc) == (
        "ban-dan-van-huyen-uy",
        "Ban Dân vận Huyện ủy",
        UnitKind.ORGANIZATION,
        Bloc.PARTY,
    )
    assert unit.is_active and unit.short_name == "Ban Dân vận"
    again = units.create_unit(
        world.admin,
        "Ban Dân vận huyện ủy",
        UnitKind.ORGANIZATION,
        Bloc.PARTY,
        None,
        None,
        session=session,
    )
    assert again.slug == "ban-dan-van-huyen-uy-2"
    commune = units.create_unit(
        world.admin,
        "Xã Giao Mới",
        UnitKind.COMMUNE,
        None,
        "14999",
        date(2025, 7, 1),
        session=session,
    )
    assert (commune.code, commune.valid_from, commune.bloc) == ("14999", date(2025, 7, 1), None)
    entries = audits(session, "unit.create")
    assert len(entries) == 3 and entries[0].user_id == world.admin.id
    assert json.loads(entries[0].after or "{}")["slug"] == "ban-dan-van-huyen-uy"
    assert data_version(session=session) > version


@pytest.mark.parametrize(
    ("name", "kind", "bloc", "code", "valid_to", "field"),
    [
        ("  ", "commune", None, None, None, "tên đơn vị"),
        ("X" * 201, "commune", None, None, None, "tên đơn vị"),
        ("Xã Mới", "province", None, None, None, "loại đơn vị"),
        ("Ban Mới", "organization", None, None, None, "khối"),
        ("Ban Mới", "organization", "church", None, None, "khối"),
        ("Xã Mới", "commune", "party", None, None, "khối"),
        ("Xã Mới", "commune", None, "12345678901", None, "mã đơn vị"),
        ("Xã Mới", "commune", None, None, date(2019, 12, 31), "ngày hết hiệu lực"),
    ],
)
def test_create_unit_errors(
    session: Session,
    world: World,
    name: str,
    kind: str,
    bloc: str | None,
    code: str | None,
    valid_to: date | None,
    field: str,
) -> None:
    count = len(session.exec(select(Unit)).all())
    with pytest.raises(InvalidInput) as error:
        units.create_unit(
            world.admin, name, kind, bloc, code, date(2020, 1, 1), valid_to, session=session
        )
    assert error.value.field == field
    assert len(session.exec(select(Unit)).all()) == count
    assert not audits(session, "unit.create")


def test_rename_unit_keeps_the_slug(session: Session, world: World) -> None:
    unit = units.rename_unit(
        world.admin, world.org.id or 0, "Ban Tổ chức Huyện ủy", session=session
    )
    assert (unit.name, unit.slug, unit.short_name) == ("Ban Tổ chức Huyện ủy", "ban-to-chuc", None)
    units.rename_unit(world.admin, world.org.id or 0, "Ban Tổ chức", "BTC", session=session)
    assert world.org.short_name == "BTC"
    first, _second = audits(session, "unit.rename")
    assert json.loads(first.before or "{}")["name"] == "Ban Tổ chức"
    assert json.loads(first.after or "{}")["name"] == "Ban Tổ chức Huyện ủy"
    with pytest.raises(InvalidInput) as error:
        units.rename_unit(world.admin, world.org.id or 0, " ", session=session)
    assert error.value.field == "tên đơn vị"
    with pytest.raises(NotFound, match="999"):
        units.rename_unit(world.admin, 999, "Tên", session=session)


def test_set_validity(session: Session, world: World) -> None:
    version = data_version(session=session)
    unit = units.set_validity(
        world.admin,
        world.alpha.id or 0,
        date(2000, 1, 1),
        date(2024, 8, 31),
        world.beta.id,
        session=session,
    )
    assert (unit.valid_from, unit.valid_to, unit.successor_id) == (
        date(2000, 1, 1),
        date(2024, 8, 31),
        world.beta.id,
    )
    [entry] = audits(session, "unit.set_validity")
    assert json.loads(entry.before or "{}")["valid_to"] is None
    assert json.loads(entry.after or "{}")["valid_to"] == "2024-08-31"
    assert data_version(session=session) > version
    units.set_validity(world.admin, world.alpha.id or 0, None, None, None, session=session)
    assert (world.alpha.valid_to, world.alpha.successor_id) == (None, None)


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "successor", "error", "field"),
    [
        (date(2024, 1, 2), date(2024, 1, 1), None, InvalidInput, "ngày hết hiệu lực"),
        (None, None, "beta", InvalidInput, "đơn vị kế thừa"),
        (None, date(2024, 8, 31), "self", InvalidInput, "đơn vị kế thừa"),
        (None, date(2024, 8, 31), "cycle", InvalidInput, "đơn vị kế thừa"),
        (None, date(2024, 8, 31), 999, NotFound, None),
    ],
)
def test_set_validity_errors(
    session: Session,
    world: World,
    valid_from: date | None,
    valid_to: date | None,
    successor: object,
    error: type[Exception],
    field: str | None,
) -> None:
    if successor == "cycle":  # beta already hands over to alpha
        world.beta.valid_to, world.beta.successor_id = date(2030, 1, 1), world.alpha.id
        session.add(world.beta)
        session.flush()
    successor_id = {"beta": world.beta.id, "self": world.alpha.id, "cycle": world.beta.id}.get(
        successor,  # type: ignore[call-overload]
        successor,
    )
    with pytest.raises(error) as raised:
        units.set_validity(
            world.admin, world.alpha.id or 0, valid_from, valid_to, successor_id, session=session
        )
    if field is not None:
        assert isinstance(raised.value, InvalidInput) and raised.value.field == field
    assert world.alpha.valid_to is None and world.alpha.successor_id is None
    assert not audits(session, "unit.set_validity")


def test_deactivate_and_reactivate(session: Session, world: World) -> None:
    version = data_version(session=session)
    unit = units.deactivate_unit(world.admin, world.org.id or 0, session=session)
    assert unit.is_active is False
    [entry] = audits(session, "unit.deactivate")
    assert json.loads(entry.after or "{}")["is_active"] is False
    assert data_version(session=session) > version
    units.reactivate_unit(world.admin, world.org.id or 0, session=session)
    assert world.org.is_active is True
    assert len(audits(session, "unit.reactivate")) == 1


# --- merging ------------------------------------------------------------------------------------


def history(session: Session, assignment_id: int) -> list[StatusUpdate]:
    return tasks.history(assignment_id, session=session)


def test_merge_moves_open_assignments_and_keeps_history(session: Session, world: World) -> None:
    before_moved = len(history(session, world.moved.id or 0))
    version = data_version(session=session)
    taken = units.merge_unit(
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
    assert handover.at == datetime(2024, 8, 31, 17, 0, tzinfo=UTC), "from 01/09 in Hà Nội time"
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
def test_merge_errors(session: Session, world: World, case: str, field: str) -> None:
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
        units.merge_unit(world.admin, world.alpha.id or 0, successor.id or 0, day, session=session)
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

    taken = units.merge_unit(admin, giao_tien.id or 0, town.id or 0, MERGE_DAY, session=session)
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
    units.merge_unit(admin, ngo_dong.id or 0, town.id or 0, MERGE_DAY, session=session)
    rows = session.exec(select(Assignment.task_id).where(Assignment.unit_id == town.id)).all()
    assert len(rows) == len(set(rows))
    left = session.exec(
        select(Assignment).where(
            col(Assignment.unit_id).in_([giao_tien.id, ngo_dong.id]),
            col(Assignment.status).in_(units.OPEN_STATUSES),
        )
    ).all()
    assert not left


# --- who may do what ------------------------------------------------------------------------------

WATCHED: tuple[type[SQLModel], ...] = (Unit, Assignment, StatusUpdate, AuditLog, AppMeta)


def snapshot_tables(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    session.flush()
    return {
        model.__name__: [tuple(r) for r in session.execute(sa.select(table(model))).all()]
        for model in WATCHED
    }


ACTIONS: dict[str, Callable[[User, World, Session], object]] = {
    "create_unit": lambda actor, w, s: units.create_unit(
        actor, "Xã Mới", UnitKind.COMMUNE, None, None, None, session=s
    ),
    "rename_unit": lambda actor, w, s: units.rename_unit(
        actor, w.org.id or 0, "Ban Tổ chức Huyện ủy", session=s
    ),
    "set_validity": lambda actor, w, s: units.set_validity(
        actor, w.org.id or 0, date(2000, 1, 1), None, None, session=s
    ),
    "deactivate_unit": lambda actor, w, s: units.deactivate_unit(actor, w.org.id or 0, session=s),
    "reactivate_unit": lambda actor, w, s: units.reactivate_unit(actor, w.org.id or 0, session=s),
    "merge_unit": lambda actor, w, s: units.merge_unit(
        actor, w.alpha.id or 0, w.beta.id or 0, MERGE_DAY, session=s
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ["leader", "secretary", "admin"])
def test_role_action_matrix(session: Session, world: World, role: str, action: str) -> None:
    actor: User = getattr(world, role)
    before = snapshot_tables(session)
    if role != "admin":
        with pytest.raises(PermissionDenied, match="quản trị viên"):
            ACTIONS[action](actor, world, session)
        assert snapshot_tables(session) == before
    else:
        ACTIONS[action](actor, world, session)
        after = snapshot_tables(session)
        assert len(after["AuditLog"]) > len(before["AuditLog"])
        assert after["AppMeta"] != before["AppMeta"]  # the data version moved
