"""Status updates: the append-only history, the assignment kept in step with it, the rules on
completion dates and progress, and who may report for which unit."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from directives.models import Assignment, AssignmentRole, Role, Status, StatusUpdate, User
from directives.services import accounts, conclusions, updates
from directives.services.errors import InvalidInput, NotFound, PermissionDenied
from directives.services.units import load_reference_units, unit_by_slug
from tests.databases import CHEAP_HASHER

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
ISSUED_ON = date(2021, 1, 12)
PASSWORD = "mat-khau-thu-nghiem"


def at_local(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LOCAL).astimezone(UTC)


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2id, with the lowest cost: these tests make several accounts each."""
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)


@dataclass
class World:
    admin: User
    leader: User
    secretary: User  # Xã Giao An, lead on the task
    other_secretary: User  # Xã Giao Lạc, support on the task
    outsider: User  # Xã Giao Hải, not on the task
    lead_id: int  # Giao An's assignment
    support_id: int  # Giao Lạc's assignment


@pytest.fixture
def world(session: Session) -> World:
    load_reference_units(session=session)
    giao_an, giao_lac, giao_hai = (
        unit_by_slug(slug, session=session) for slug in ("giao-an", "giao-lac", "giao-hai")
    )

    def user(username: str, role: Role, unit: object = None) -> User:
        return accounts.create_user(
            session=session,
            username=username,
            full_name=username,
            password=PASSWORD,
            role=role,
            unit=unit,  # type: ignore[arg-type]
        )

    admin = user("quantri", Role.ADMIN)
    world = World(
        admin=admin,
        leader=user("lanhdao", Role.LEADER),
        secretary=user("thuky.giao-an", Role.SECRETARY, giao_an),
        other_secretary=user("thuky.giao-lac", Role.SECRETARY, giao_lac),
        outsider=user("thuky.giao-hai", Role.SECRETARY, giao_hai),
        lead_id=0,
        support_id=0,
    )
    meeting = conclusions.create_meeting(
        session=session, actor=admin, title="Hội nghị thử", held_on=date(2021, 1, 7)
    )
    conclusion = conclusions.create_conclusion(
        session=session,
        actor=admin,
        meeting=meeting,
        number="1-TB/HU",
        issued_on=ISSUED_ON,
        issuer="Huyện ủy",
        title="Kết luận thử",
    )
    task = conclusions.create_task(
        session=session,
        actor=admin,
        conclusion=conclusion,
        seq=1,
        content="Nhiệm vụ thử",
        leads=[giao_an],
        supports=[giao_lac],
        deadline=date(2021, 6, 30),
    )
    rows = session.exec(select(Assignment).where(Assignment.task_id == task.id)).all()
    by_unit = {row.unit_id: row for row in rows}
    assert by_unit[giao_an.id or 0].role == AssignmentRole.LEAD.value
    assert by_unit[giao_lac.id or 0].role == AssignmentRole.SUPPORT.value
    world.lead_id = by_unit[giao_an.id or 0].id or 0
    world.support_id = by_unit[giao_lac.id or 0].id or 0
    return world


def report(
    session: Session,
    actor: User,
    assignment_id: int,
    status: Status,
    progress: int = 50,
    *,
    at: datetime,
    completed_on: date | None = None,
    note: str | None = None,
    today: date | None = None,
) -> StatusUpdate:
    return updates.record_update(
        session=session,
        actor=actor,
        assignment_id=assignment_id,
        request=updates.UpdateRequest(
            status=status, progress=progress, note=note, completed_on=completed_on
        ),
        at=at,
        today=today if today is not None else at.astimezone(LOCAL).date(),
    )


def stored_assignment(session: Session, assignment_id: int) -> dict[str, object]:
    """The assignment row as the database holds it (not the identity map's copy)."""
    row = session.execute(
        sa.text(
            "SELECT status, progress, completed_on, updated_at, version "
            "FROM assignment WHERE id = :id"
        ),
        {"id": assignment_id},
    ).one()
    stored = dict(row._mapping)
    if stored["completed_on"] is not None:  # SQLite gives the text it stores, PostgreSQL a date
        stored["completed_on"] = str(stored["completed_on"])
    return stored


def history_rows(session: Session) -> list[tuple[object, ...]]:
    return [
        tuple(row)
        for row in session.execute(
            sa.text(
                "SELECT id, assignment_id, user_id, at, from_status, to_status, progress, "
                "completed_on, note, evidence FROM status_update ORDER BY id"
            )
        ).all()
    ]


def test_updates_append_history_and_keep_assignment_in_step(session: Session, world: World) -> None:
    steps = [
        (Status.IN_PROGRESS, 30, at_local(date(2021, 2, 1)), None),
        (Status.PAUSED, 40, at_local(date(2021, 3, 1)), None),
        (Status.IN_PROGRESS, 60, at_local(date(2021, 4, 1)), None),
        (Status.DONE, 80, at_local(date(2021, 5, 20), 15), date(2021, 5, 19)),
    ]
    previous = Status.NOT_STARTED
    for number, (status, progress, moment, completed_on) in enumerate(steps, start=1):
        update = report(
            session,
            world.secretary,
            world.lead_id,
            status,
            progress,
            at=moment,
            completed_on=completed_on,
            note=f"  Báo cáo   lần {number} ",
        )
        assert update.from_status == previous, f"step {number}: from_status"
        assert update.to_status == status, f"step {number}: to_status"
        assert update.user_id == world.secretary.id
        assert update.note == f"Báo cáo lần {number}", "notes are cleaned"
        expected_progress = 100 if status is Status.DONE else progress
        assert update.progress == expected_progress

        stored = stored_assignment(session, world.lead_id)
        assert stored["status"] == status.value, f"step {number}"
        assert stored["progress"] == expected_progress, f"step {number}: done means 100%"
        assert stored["version"] == number, f"step {number}: version counts the updates"
        assert stored["completed_on"] == (completed_on.isoformat() if completed_on else None)
        previous = status

    history = updates.history(world.lead_id, session=session)
    assert [(u.from_status, u.to_status) for u in history] == [
        (Status.NOT_STARTED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.PAUSED),
        (Status.PAUSED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.DONE),
    ]
    assert [u.at for u in history] == [step[2] for step in steps], "times come back in UTC"
    assert all(u.at.tzinfo is not None for u in history)
    assignment = session.get(Assignment, world.lead_id)
    assert assignment is not None
    assert assignment.updated_at == steps[-1][2]
    assert assignment.completed_on == date(2021, 5, 19)
    assert updates.history(world.support_id, session=session) == [], "the other unit is untouched"


def test_leaving_done_clears_the_completion_date(session: Session, world: World) -> None:
    report(
        session,
        world.admin,
        world.lead_id,
        Status.DONE,
        at=at_local(date(2021, 3, 1)),
        completed_on=date(2021, 3, 1),
    )
    reopened = report(
        session,
        world.admin,
        world.lead_id,
        Status.IN_PROGRESS,
        70,
        at=at_local(date(2021, 3, 5)),
        completed_on=date(2021, 3, 1),  # ignored: only "done" has a completion date
    )
    assert reopened.from_status == Status.DONE
    assert reopened.completed_on is None
    stored = stored_assignment(session, world.lead_id)
    assert (stored["status"], stored["progress"], stored["completed_on"]) == (
        "in_progress",
        70,
        None,
    )


def test_history_is_told_in_order(session: Session, world: World) -> None:
    """An update may happen before the day it is recorded, never before the latest one."""
    report(session, world.admin, world.lead_id, Status.IN_PROGRESS, at=at_local(date(2021, 4, 1)))
    before = history_rows(session)
    with pytest.raises(InvalidInput, match="lần cập nhật gần nhất \\(01/04/2021\\)") as caught:
        updates.record_update(
            session=session,
            actor=world.admin,
            assignment_id=world.lead_id,
            request=updates.UpdateRequest(
                status=Status.PAUSED, progress=50, happened_on=date(2021, 2, 1)
            ),
            at=at_local(date(2021, 5, 3)),
            today=date(2021, 5, 3),
        )
    assert caught.value.field == "ngày thay đổi"
    assert history_rows(session) == before


def test_a_backdated_update_keeps_both_days(session: Session, world: World) -> None:
    saved = updates.record_update(
        session=session,
        actor=world.secretary,
        assignment_id=world.lead_id,
        request=updates.UpdateRequest(
            status=Status.DONE,
            progress=100,
            completed_on=date(2021, 2, 10),
            happened_on=date(2021, 2, 12),
        ),
        at=at_local(date(2021, 3, 10)),
        today=date(2021, 3, 10),
    )
    assert (saved.happened_on, saved.at) == (date(2021, 2, 12), at_local(date(2021, 3, 10)))
    plain = report(
        session, world.admin, world.support_id, Status.IN_PROGRESS, at=at_local(ISSUED_ON)
    )
    assert plain.happened_on == ISSUED_ON, "without a day, it happened on the day it was recorded"


@pytest.mark.parametrize(
    ("happened_on", "completed_on", "message"),
    [
        (date(2021, 3, 11), None, "không được sau ngày hôm nay"),
        (date(2021, 1, 11), None, "không được trước ngày giao nhiệm vụ \\(12/01/2021\\)"),
        (date(2021, 2, 1), date(2021, 2, 2), "không được sau ngày thay đổi \\(01/02/2021\\)"),
    ],
)
def test_the_day_a_change_happened_is_checked(
    session: Session,
    world: World,
    happened_on: date,
    completed_on: date | None,
    message: str,
) -> None:
    status = Status.DONE if completed_on else Status.IN_PROGRESS
    request = updates.UpdateRequest(
        status=status, progress=50, completed_on=completed_on, happened_on=happened_on
    )
    error = assert_refused(session, world, InvalidInput, request)
    assert isinstance(error, InvalidInput) and error.field in {"ngày thay đổi", "ngày hoàn thành"}
    assert re.search(message, error.message)


def assert_refused(
    session: Session,
    world: World,
    error: type[Exception],
    request: updates.UpdateRequest,
    *,
    actor: User | None = None,
    assignment_id: int | None = None,
    today: date = date(2021, 3, 10),
) -> Exception:
    before_history = history_rows(session)
    target = assignment_id or world.lead_id
    before = stored_assignment(session, target) if assignment_id != -1 else None
    with pytest.raises(error) as caught:
        updates.record_update(
            session=session,
            actor=actor or world.secretary,
            assignment_id=target,
            request=request,
            at=at_local(today, 10),
            today=today,
        )
    assert history_rows(session) == before_history, "a refused update wrote history"
    if before is not None:
        assert stored_assignment(session, target) == before, "a refused update changed the row"
    return caught.value


def test_done_requires_a_completion_date(session: Session, world: World) -> None:
    error = assert_refused(session, world, InvalidInput, updates.UpdateRequest(Status.DONE, 100))
    assert isinstance(error, InvalidInput)
    assert error.field == "ngày hoàn thành"


@pytest.mark.parametrize(
    ("completed_on", "accepted"),
    [
        pytest.param(date(2021, 3, 11), False, id="tomorrow"),
        pytest.param(date(2022, 1, 1), False, id="next-year"),
        pytest.param(date(2021, 3, 10), True, id="today"),
        pytest.param(ISSUED_ON, True, id="day-assigned"),
        pytest.param(date(2021, 1, 11), False, id="day-before-assigned"),
        pytest.param(date(2020, 12, 31), False, id="last-year"),
    ],
)
def test_completion_date_between_assignment_and_today(
    session: Session, world: World, completed_on: date, accepted: bool
) -> None:
    request = updates.UpdateRequest(Status.DONE, 100, completed_on=completed_on)
    if not accepted:
        error = assert_refused(session, world, InvalidInput, request)
        assert isinstance(error, InvalidInput) and error.field == "ngày hoàn thành"
        return
    update = updates.record_update(
        session=session,
        actor=world.secretary,
        assignment_id=world.lead_id,
        request=request,
        at=at_local(date(2021, 3, 10), 10),
        today=date(2021, 3, 10),
    )
    assert update.completed_on == completed_on


def test_today_defaults_to_the_local_day(session: Session, world: World) -> None:
    """At 01:00 on 02/03 in Hà Nội (18:00 UTC on 01/03), "done today" means 02/03."""
    update = updates.record_update(
        session=session,
        actor=world.secretary,
        assignment_id=world.lead_id,
        request=updates.UpdateRequest(Status.DONE, 100, completed_on=date(2021, 3, 2)),
        at=datetime(2021, 3, 1, 18, tzinfo=UTC),
    )
    assert update.completed_on == date(2021, 3, 2)


@pytest.mark.parametrize("progress", [-1, 101, 1000, -100])
def test_progress_outside_0_to_100_is_refused(
    session: Session, world: World, progress: int
) -> None:
    for status in (Status.IN_PROGRESS, Status.NOT_STARTED, Status.PAUSED):
        error = assert_refused(
            session, world, InvalidInput, updates.UpdateRequest(status, progress)
        )
        assert isinstance(error, InvalidInput) and error.field == "tiến độ"


@pytest.mark.parametrize("progress", [0, 100])
def test_progress_bounds_are_accepted(session: Session, world: World, progress: int) -> None:
    update = report(
        session,
        world.secretary,
        world.lead_id,
        Status.IN_PROGRESS,
        progress,
        at=at_local(ISSUED_ON),
    )
    assert update.progress == progress
    assert stored_assignment(session, world.lead_id)["progress"] == progress


def test_unknown_assignment(session: Session, world: World) -> None:
    assert_refused(
        session,
        world,
        NotFound,
        updates.UpdateRequest(Status.IN_PROGRESS, 10),
        actor=world.admin,
        assignment_id=-1,
    )


def test_naive_datetime_is_refused(session: Session, world: World) -> None:
    """Times are stored as UTC; a time without a zone is an error, not a guess."""
    with session.begin_nested(), pytest.raises((ValueError, sa.exc.StatementError)):
        updates.record_update(
            session=session,
            actor=world.admin,
            assignment_id=world.lead_id,
            request=updates.UpdateRequest(Status.IN_PROGRESS, 10),
            at=datetime(2021, 3, 1, 10),
            today=date(2021, 3, 1),
        )


# --- the database keeps the history append-only ------------------------------------------------


@pytest.fixture
def with_history(session: Session, world: World) -> list[tuple[object, ...]]:
    report(session, world.secretary, world.lead_id, Status.IN_PROGRESS, at=at_local(ISSUED_ON))
    report(
        session,
        world.other_secretary,
        world.support_id,
        Status.DONE,
        at=at_local(date(2021, 2, 1)),
        completed_on=date(2021, 2, 1),
    )
    rows = history_rows(session)
    assert len(rows) == 2
    return rows


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE status_update SET note = 'sửa lại'",
        "UPDATE status_update SET to_status = 'done' "
        "WHERE id = (SELECT MIN(id) FROM status_update)",
        "UPDATE status_update SET at = '2020-01-01 00:00:00'",
        "DELETE FROM status_update",
        "DELETE FROM status_update WHERE id = (SELECT MAX(id) FROM status_update)",
    ],
)
def test_database_refuses_changing_history(
    session: Session, with_history: list[tuple[object, ...]], statement: str
) -> None:
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), session.begin_nested():
        session.execute(sa.text(statement))
    assert history_rows(session) == with_history, f"{statement!r} changed the history"


def test_orm_cannot_edit_or_delete_history(
    session: Session, world: World, with_history: list[tuple[object, ...]]
) -> None:
    first = updates.history(world.lead_id, session=session)[0]
    with pytest.raises(sa.exc.DBAPIError), session.begin_nested():
        first.note = "sửa lại"
        session.add(first)
        session.flush()
    session.expire_all()
    assert history_rows(session) == with_history

    first = updates.history(world.lead_id, session=session)[0]
    with pytest.raises(sa.exc.DBAPIError), session.begin_nested():
        session.delete(first)
        session.flush()
    session.expire_all()
    assert history_rows(session) == with_history


def test_history_can_still_grow(session: Session, world: World, with_history: list) -> None:
    """The triggers refuse changes, not inserts: the next update is recorded."""
    report(session, world.secretary, world.lead_id, Status.PAUSED, at=at_local(date(2021, 3, 1)))
    assert history_rows(session)[: len(with_history)] == with_history
    assert len(history_rows(session)) == len(with_history) + 1


# --- who may report ----------------------------------------------------------------------------


def test_secretary_updates_own_units_assignments(session: Session, world: World) -> None:
    report(session, world.secretary, world.lead_id, Status.IN_PROGRESS, at=at_local(ISSUED_ON))
    report(
        session, world.other_secretary, world.support_id, Status.IN_PROGRESS, at=at_local(ISSUED_ON)
    )
    assert stored_assignment(session, world.lead_id)["version"] == 1
    assert stored_assignment(session, world.support_id)["version"] == 1


@pytest.mark.parametrize(
    ("who", "target"),
    [
        pytest.param("other_secretary", "lead_id", id="support-unit-on-lead-assignment"),
        pytest.param("secretary", "support_id", id="lead-unit-on-support-assignment"),
        pytest.param("outsider", "lead_id", id="unit-not-on-the-task"),
        pytest.param("leader", "lead_id", id="leader"),
        pytest.param("leader", "support_id", id="leader-support"),
    ],
)
def test_others_may_not_update(session: Session, world: World, who: str, target: str) -> None:
    actor = getattr(world, who)
    assignment_id = getattr(world, target)
    assert not updates.can_update(actor, session.get(Assignment, assignment_id))  # type: ignore[arg-type]
    for request in (
        updates.UpdateRequest(Status.IN_PROGRESS, 20),
        updates.UpdateRequest(Status.DONE, 100, completed_on=date(2021, 3, 1)),
        updates.UpdateRequest(Status.CANCELLED, 0),
    ):
        assert_refused(
            session, world, PermissionDenied, request, actor=actor, assignment_id=assignment_id
        )


def test_inactive_secretary_may_not_update(session: Session, world: World) -> None:
    world.secretary.is_active = False
    session.add(world.secretary)
    session.flush()
    assert_refused(session, world, PermissionDenied, updates.UpdateRequest(Status.IN_PROGRESS, 20))


def test_admin_may_update_any_assignment(session: Session, world: World) -> None:
    for assignment_id in (world.lead_id, world.support_id):
        update = report(
            session, world.admin, assignment_id, Status.IN_PROGRESS, 35, at=at_local(ISSUED_ON)
        )
        assert update.user_id == world.admin.id
        assert stored_assignment(session, assignment_id)["status"] == Status.IN_PROGRESS.value


def test_only_admins_create_meetings_and_tasks(session: Session, world: World) -> None:
    for actor in (world.leader, world.secretary):
        with pytest.raises(PermissionDenied):
            conclusions.create_meeting(
                session=session, actor=actor, title="Không được", held_on=date(2021, 2, 1)
            )
