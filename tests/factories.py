"""The small world the service tests build on, and factories with readable defaults.

The world: the reference units, one account per role, a meeting, its conclusion (1-TB/HU of
12/01/2021) and two tasks: task 1 due :data:`DEADLINE`, led by Xã Giao An (unit A) and supported
by Xã Giao Lạc (unit B); task 2 standing, led by unit A. It is built once per run as a database
template (:func:`world_db`) and read back per test (:func:`load_world`, the ``world`` fixture of
``tests/conftest.py``).

Test modules import from here and from conftest, never from another test module.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session, select

from directives.db import make_engine, session_scope
from directives.models import (
    Assignment,
    AuditLog,
    Bloc,
    Conclusion,
    Meeting,
    Role,
    Status,
    StatusUpdate,
    Task,
    Unit,
    UnitKind,
    User,
)
from directives.reports.workbooks import updates_template
from directives.services import accounts, conclusions, updates
from directives.services.conclusions import ConclusionInput, MeetingInput, TaskInput
from directives.services.meta import data_version
from directives.services.units import load_reference_units, unit_by_slug
from directives.services.updates import UpdateRequest
from tests.databases import CHEAP_HASHER, Databases

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
ISSUED_ON = date(2021, 1, 12)
DEADLINE = date(2021, 6, 30)
PASSWORD = "mat-khau-thu-nghiem"


def task_row(seq: int, **values: Any) -> dict[str, Any]:
    """One row of a tasks workbook (``reports.workbooks.tasks_template``): item ``seq`` of a
    conclusion of 08/10/2021 for every commune, due 31/12/2021; ``values`` replace any cell."""
    return {
        "meeting_title": "Hội nghị giao ban quý IV năm 2021",
        "held_on": date(2021, 10, 5),
        "conclusion_number": "301-TB/HU",
        "issued_on": date(2021, 10, 8),
        "issuer": "Huyện ủy Giao Thủy",
        "conclusion_title": "Kết luận hội nghị giao ban quý IV",
        "task_seq": seq,
        "task_content": f"Nhiệm vụ số {seq}",
        "leads": "Các xã, thị trấn",
        "supports": None,
        "deadline": date(2021, 12, 31),
        "field": "Dân vận",
        **values,
    }


def at_local(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), LOCAL).astimezone(UTC)


@dataclass
class World:
    admin: User
    leader: User
    secretary_a: User  # Xã Giao An: lead on the task
    secretary_b: User  # Xã Giao Lạc: support on the task
    unit_a: Unit
    unit_b: Unit
    meeting_id: int
    conclusion_id: int
    task_id: int  # due DEADLINE
    standing_task_id: int  # no deadline, led by unit A
    a_id: int  # unit A's assignment on task_id
    b_id: int  # unit B's assignment on task_id
    standing_a_id: int  # unit A's assignment on standing_task_id


def build_world(session: Session) -> World:
    """Units, one account per role, a meeting, its conclusion and two tasks (one standing):
    unit A leads both, unit B supports the first."""
    hasher = accounts._hasher
    accounts._hasher = CHEAP_HASHER
    try:
        return _build_world(session)
    finally:
        accounts._hasher = hasher


def _build_world(session: Session) -> World:
    load_reference_units(session=session)
    unit_a = unit_by_slug("giao-an", session=session)
    unit_b = unit_by_slug("giao-lac", session=session)

    def user(username: str, full_name: str, role: Role, unit: Unit | None = None) -> User:
        return accounts.create_user(
            session=session,
            username=username,
            full_name=full_name,
            password=PASSWORD,
            role=role,
            unit=unit,
        )

    admin = user("quantri", "Trần Quản Trị", Role.ADMIN)
    user("lanhdao", "Lê Lãnh Đạo", Role.LEADER)
    user("thuky.giao-an", "Nguyễn Thị An", Role.SECRETARY, unit_a)
    user("thuky.giao-lac", "Phạm Văn Lạc", Role.SECRETARY, unit_b)
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
    conclusions.create_task(
        session=session,
        actor=admin,
        conclusion=conclusion,
        seq=1,
        content="Nhiệm vụ có thời hạn",
        leads=[unit_a],
        supports=[unit_b],
        deadline=DEADLINE,
    )
    conclusions.create_task(
        session=session,
        actor=admin,
        conclusion=conclusion,
        seq=2,
        content="Nhiệm vụ thường xuyên",
        leads=[unit_a],
    )
    return load_world(session)


def load_world(session: Session) -> World:
    """The world :func:`build_world` made, read back from the database."""

    def user(username: str) -> User:
        return session.exec(select(User).where(User.username == username)).one()

    def task(seq: int) -> Task:
        return session.exec(select(Task).where(Task.seq == seq)).one()

    def assignment_id(task: Task, unit: Unit) -> int:
        row = session.exec(
            select(Assignment).where(Assignment.task_id == task.id, Assignment.unit_id == unit.id)
        ).one()
        assert row.id is not None
        return row.id

    unit_a = unit_by_slug("giao-an", session=session)
    unit_b = unit_by_slug("giao-lac", session=session)
    meeting = session.exec(select(Meeting)).one()
    conclusion = session.exec(select(Conclusion)).one()
    dated, standing = task(1), task(2)
    assert meeting.id and conclusion.id and dated.id and standing.id
    return World(
        admin=user("quantri"),
        leader=user("lanhdao"),
        secretary_a=user("thuky.giao-an"),
        secretary_b=user("thuky.giao-lac"),
        unit_a=unit_a,
        unit_b=unit_b,
        meeting_id=meeting.id,
        conclusion_id=conclusion.id,
        task_id=dated.id,
        standing_task_id=standing.id,
        a_id=assignment_id(dated, unit_a),
        b_id=assignment_id(dated, unit_b),
        standing_a_id=assignment_id(standing, unit_a),
    )


def _build_world_in(url: str) -> None:
    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        build_world(session)
    engine.dispose()


def world_db(databases: Databases) -> Iterator[str]:
    """A copy of a database holding the world, for a test module's ``db_url`` fixture (``yield
    from world_db(databases)``). The world is built once per run and copied per test."""
    with databases.copy(databases.template("world", _build_world_in)) as url:
        yield url


def audit_entries(session: Session, action: str | None = None) -> list[AuditLog]:
    query = select(AuditLog).order_by(AuditLog.id)  # type: ignore[arg-type]
    if action is not None:
        query = query.where(AuditLog.action == action)
    return list(session.exec(query).all())


def count(session: Session, table: str) -> int:
    return int(session.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def save(
    session: Session,
    actor: User,
    assignment_id: int,
    status: Status = Status.IN_PROGRESS,
    progress: int = 40,
    *,
    note: str | None = None,
    expected_version: int | None = None,
    day: date = date(2021, 3, 1),
    hour: int = 10,
    minute: int = 5,
) -> StatusUpdate:
    return updates.record_update(
        session=session,
        actor=actor,
        assignment_id=assignment_id,
        request=UpdateRequest(status=status, progress=progress, note=note),
        at=at_local(day, hour, minute),
        today=day,
        expected_version=expected_version,
    )


TODAY = date(2021, 3, 10)
"""The world's "today" for the tests that need one: after its conclusion of 12/01/2021."""


def state(session: Session) -> dict[str, int]:
    """Row counts of every table an entry or an import writes, the sum of the assignments'
    versions and the data version: equal before and after means nothing was written."""
    counts = {
        name: int(session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one())
        for name, model in (
            ("status_update", StatusUpdate),
            ("audit_log", AuditLog),
            ("assignment", Assignment),
            ("task", Task),
            ("conclusion", Conclusion),
            ("meeting", Meeting),
        )
    }
    versions = session.execute(sa.select(sa.func.sum(Assignment.version))).scalar_one()
    counts["versions"] = int(versions or 0)
    counts["data_version"] = data_version(session=session)
    return counts


def user(session: Session, username: str) -> User:
    return session.exec(select(User).where(User.username == username)).one()


def entered_conclusion(
    session: Session,
    actor: User,
    *,
    number: str = "2-TB/HU",
    issuer: str = "Huyện ủy",
    issued_on: date = date(2021, 2, 3),
    held_on: date | None = None,
    tasks: tuple[TaskInput, ...] = (TaskInput("Nhiệm vụ mới", leads=("giao-an",)),),
) -> Conclusion:
    """A conclusion entered as an administrator would (through ``save_conclusion``), with a
    meeting of the same day and one task led by Xã Giao An unless told otherwise."""
    return conclusions.save_conclusion(
        session=session,
        actor=actor,
        meeting=MeetingInput(title=f"Hội nghị của kết luận {number}", held_on=held_on or issued_on),
        conclusion=ConclusionInput(
            number=number, issued_on=issued_on, issuer=issuer, title=f"Kết luận {number}"
        ),
        items=list(tasks),
    )


# A conclusion notice as an administrator pastes it (Nhập kết luận): three tasks, the third led
# by a unit that is not in the database.
NOTICE = """\
HUYỆN ỦY GIAO THỦY                         ĐẢNG CỘNG SẢN VIỆT NAM
Số 301-TB/HU                               Giao Thủy, ngày 20 tháng 4 năm 2021

THÔNG BÁO
KẾT LUẬN CỦA THƯỜNG TRỰC HUYỆN ỦY
tại Hội nghị giao ban công tác bầu cử quý II năm 2021

Ngày 16/4/2021, Thường trực Huyện ủy chủ trì hội nghị giao ban công tác bầu cử. Thường trực Huyện \
ủy kết luận như sau:

1. Giao Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với Trung tâm Văn hóa - Thể thao - Truyền thông \
huyện tuyên truyền sâu rộng về cuộc bầu cử; hoàn thành trước ngày 20/5/2021.

2. Giao Công an huyện chủ trì, phối hợp với các xã, thị trấn bảo đảm an ninh, trật tự trong ngày \
bầu cử; thực hiện thường xuyên.

3. Đội Quản lý thị trường số 5 phối hợp với Phòng Kinh tế và Hạ tầng kiểm tra việc niêm yết giá \
tại các chợ; hoàn thành trong tháng 5/2021.

Văn phòng Huyện ủy thông báo để các cơ quan, đơn vị biết, thực hiện.
"""


# --- the world of unit administration and mergers ------------------------------------------------

MERGE_DAY = date(2024, 9, 1)


@dataclass
class MergerWorld:
    """Units Alpha (a commune, merged into Beta), Beta (a town from MERGE_DAY), an organization,
    one account per role and four tasks with Alpha's assignments in every state."""

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


def build_merger_world(session: Session) -> MergerWorld:
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
    meeting = conclusions.create_meeting(
        session=session, actor=admin, title="Hội nghị thử", held_on=date(2024, 1, 5)
    )
    conclusion = conclusions.create_conclusion(
        session=session,
        actor=admin,
        meeting=meeting,
        number="9-TB/HU",
        issued_on=date(2024, 1, 10),
        issuer="Huyện ủy",
        title="Kết luận thử",
    )

    def task(seq: int, leads: list[Unit], supports: list[Unit]) -> int:
        created = conclusions.create_task(
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
        updates.record_update(
            session=session,
            actor=admin,
            assignment_id=assignment_id,
            request=updates.UpdateRequest(status=status, progress=progress, **kw),
            at=datetime(2024, 5, 1, 2, 0, tzinfo=UTC),
        )
        row = session.get(Assignment, assignment_id, populate_existing=True)
        assert row is not None
        return row

    moved = report(task(1, [alpha], [gamma]), Status.IN_PROGRESS, 40, note="Đã triển khai")
    promoted = report(task(2, [alpha], [beta]), Status.IN_PROGRESS, 60)
    done = report(task(3, [alpha], []), Status.DONE, 100, completed_on=date(2024, 4, 30))
    paused = report(task(4, [gamma], [alpha]), Status.PAUSED, 20)
    return MergerWorld(
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


class Change(Protocol):
    """A status change brought in from before the product: what it was and the day it happened."""

    status: Status
    progress: int
    completed_on: date | None
    happened_on: date


def backdated_updates(exported: pd.DataFrame, changes: Iterable[tuple[int, Change]]) -> bytes:
    """An updates workbook with one row per ``(assignment id, change)``, each row the exported
    row of its assignment (``queries.sheets.update_rows``) with the change and its Ngày thay đổi."""
    saved = exported.set_index("assignment_id")
    rows = []
    for assignment_id, change in changes:
        row = saved.loc[assignment_id].to_dict()
        row.update(
            assignment_id=assignment_id,
            status=change.status.value,
            progress=change.progress,
            completed_on=change.completed_on,
            happened_on=change.happened_on,
        )
        rows.append(row)
    return updates_template(pd.DataFrame(rows))
