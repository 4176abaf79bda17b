"""The SQL in ``queries/state.py`` agrees with :func:`directives.status.derive`, and "as of a day"
means what it says: only updates recorded by the end of that day in Hà Nội time count."""

import itertools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlmodel import Session

from directives.db import make_engine, session_scope
from directives.models import Conclusion, Role, Status, UnitKind, User
from directives.queries.overview import assignments, status_counts
from directives.queries.state import Basis, Filters, derived_case, end_of_day
from directives.services import accounts, conclusions, updates
from directives.services.units import load_reference_units, unit_by_slug
from directives.status import Counts, Derived, derive
from tests.databases import Databases

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
ISSUED_ON = date(2021, 1, 12)
BASE = date(2021, 6, 15)  # the as-of day the deadlines below are set around
PASSWORD = "mat-khau-thu-nghiem"  # long enough, and not the demo's


def at_local(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment given in Hà Nội time, as the aware UTC datetime the services take."""
    return datetime.combine(day, time(hour, minute), LOCAL).astimezone(UTC)


def make_admin(session: Session) -> User:
    return accounts.create_user(
        session=session,
        username="quantri",
        full_name="Quản trị",
        password=PASSWORD,
        role=Role.ADMIN,
    )


def make_conclusion(session: Session, admin: User, issued_on: date = ISSUED_ON) -> Conclusion:
    meeting = conclusions.create_meeting(
        session=session,
        actor=admin,
        title=f"Hội nghị ngày {issued_on:%d/%m/%Y}",
        held_on=issued_on - timedelta(days=3),
    )
    return conclusions.create_conclusion(
        session=session,
        actor=admin,
        meeting=meeting,
        number=f"{issued_on.toordinal() % 1000}-TB/HU",
        issued_on=issued_on,
        issuer="Huyện ủy Giao Thủy",
        title="Kết luận thử nghiệm",
    )


def record(
    session: Session,
    actor: User,
    assignment_id: int,
    status: Status,
    at: datetime,
    *,
    progress: int = 50,
    completed_on: date | None = None,
) -> None:
    updates.record_update(
        session=session,
        actor=actor,
        assignment_id=assignment_id,
        request=updates.UpdateRequest(status=status, progress=progress, completed_on=completed_on),
        at=at,
        today=at.astimezone(LOCAL).date(),
    )


# --- every combination, in one database built once for this module ----------------------------


@dataclass(frozen=True)
class Update:
    at: datetime
    status: Status
    completed_on: date | None = None


@dataclass(frozen=True)
class Case:
    """One assignment: its task's deadline and the updates recorded for it."""

    name: str
    deadline: date | None
    updates: tuple[Update, ...]

    def as_of(self, day: date) -> tuple[Status | None, date | None]:
        """Status and completion date as recorded by the end of ``day`` (Hà Nội time)."""
        counted = [u for u in self.updates if u.at.astimezone(LOCAL).date() <= day]
        if not counted:
            return None, None
        return counted[-1].status, counted[-1].completed_on


FIRST_REPORT = at_local(date(2021, 1, 13), 9)
LATER_REPORT = at_local(date(2021, 2, 1), 10)
DEADLINE_OFFSETS = {
    "none": None,
    "d-150": -150,  # 16/01/2021, just after the notice
    "d-1": -1,
    "d0": 0,
    "d+1": 1,
    "d+7": 7,
    "d+8": 8,
    "d+60": 60,
}


def _cases() -> list[Case]:
    cases: list[Case] = []
    for label, offset in DEADLINE_OFFSETS.items():
        deadline = None if offset is None else BASE + timedelta(days=offset)
        cases.append(Case(f"no-report/{label}", deadline, ()))
        cases.append(
            Case(f"not_started/{label}", deadline, (Update(LATER_REPORT, Status.NOT_STARTED),))
        )
        cases.append(
            Case(f"in_progress/{label}", deadline, (Update(FIRST_REPORT, Status.IN_PROGRESS),))
        )
        for status in (Status.PAUSED, Status.CANCELLED):
            cases.append(
                Case(
                    f"{status.value}/{label}",
                    deadline,
                    (Update(FIRST_REPORT, Status.IN_PROGRESS), Update(LATER_REPORT, status)),
                )
            )
        # done: before, on and after the deadline, when that day has come by BASE
        completions = (
            {"early": BASE - timedelta(days=10)}
            if deadline is None
            else {
                "early": deadline - timedelta(days=1),
                "on-deadline": deadline,
                "late": deadline + timedelta(days=1),
            }
        )
        for when, completed_on in completions.items():
            if not ISSUED_ON <= completed_on <= BASE:
                continue
            first = FIRST_REPORT if completed_on > FIRST_REPORT.date() else None
            updates = (Update(first, Status.IN_PROGRESS),) if first else ()
            done = Update(at_local(completed_on, 16), Status.DONE, completed_on)
            cases.append(Case(f"done-{when}/{label}", deadline, (*updates, done)))
    return cases


CASES = _cases()


@dataclass(frozen=True)
class ComboDatabase:
    url: str
    assignment_ids: dict[str, int]  # case name → assignment id


@pytest.fixture(scope="module")
def combo_db(databases: Databases) -> Iterator[ComboDatabase]:
    with databases.copy() as url:
        yield _build_combos(url)


def _build_combos(url: str) -> ComboDatabase:
    engine = make_engine(url)
    ids: dict[str, int] = {}
    with session_scope(engine, write=True) as session:
        load_reference_units(session=session)
        admin = make_admin(session)
        conclusion = make_conclusion(session, admin)
        unit = unit_by_slug("giao-an", session=session)
        for seq, case in enumerate(CASES, start=1):
            task = conclusions.create_task(
                session=session,
                actor=admin,
                conclusion=conclusion,
                seq=seq,
                content=f"Nhiệm vụ {case.name}",
                leads=[unit],
                deadline=case.deadline,
            )
            assignment_id = session.execute(
                sa.text("SELECT id FROM assignment WHERE task_id = :t"), {"t": task.id}
            ).scalar_one()
            for update in case.updates:
                record(
                    session,
                    admin,
                    assignment_id,
                    update.status,
                    update.at,
                    completed_on=update.completed_on,
                )
            ids[case.name] = assignment_id
    engine.dispose()
    return ComboDatabase(url, ids)


@pytest.fixture(scope="module")
def combo_session(combo_db: ComboDatabase) -> Iterator[Session]:
    engine = make_engine(combo_db.url)
    with session_scope(engine) as session:
        yield session
    engine.dispose()


def rows_by_assignment(session: Session, filters: Filters) -> dict[int, pd.Series]:
    frame = assignments(session, filters)
    assert frame["assignment_id"].is_unique, "an assignment appears twice"
    return {int(row["assignment_id"]): row for _, row in frame.iterrows()}


def test_every_derived_status_is_covered() -> None:
    """The combinations reach every derived status the services can produce (awaiting
    confirmation is reached on the confirmed basis: tests/queries/test_confirmed_rates.py)."""
    reached = {Derived.AWAITING}
    for case in CASES:
        status, completed_on = case.as_of(BASE)
        reached.add(derive(status, case.deadline, completed_on, BASE))
    assert reached == set(Derived), f"missing: {set(Derived) - reached}"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_sql_agrees_with_derive(
    case: Case, combo_db: ComboDatabase, combo_session: Session
) -> None:
    rows = rows_by_assignment(combo_session, Filters(as_of=BASE))
    row = rows[combo_db.assignment_ids[case.name]]
    status, completed_on = case.as_of(BASE)
    assert row["status"] == (status or Status.NOT_STARTED).value, f"{case.name}: stored status"
    assert row["deadline"] == case.deadline, f"{case.name}: deadline"
    assert row["completed_on"] == completed_on, f"{case.name}: completed_on"
    expected = derive(status, case.deadline, completed_on, BASE)
    assert row["derived"] == expected.value, (
        f"{case.name}: SQL says {row['derived']}, derive() says {expected.value}"
    )


SWEEP_DAYS = [
    ISSUED_ON - timedelta(days=1),
    ISSUED_ON,
    FIRST_REPORT.date(),
    date(2021, 1, 16),
    date(2021, 1, 31),
    LATER_REPORT.date(),
    *(BASE + timedelta(days=n) for n in range(-12, 10)),
    date(2021, 12, 31),
    date(2022, 3, 1),
]


@pytest.mark.parametrize("as_of", SWEEP_DAYS, ids=str)
def test_sql_agrees_with_derive_on_every_day(
    as_of: date, combo_db: ComboDatabase, combo_session: Session
) -> None:
    """On each day, every assignment's SQL status and derived status match the Python ones,
    and the counts add up to them."""
    rows = rows_by_assignment(combo_session, Filters(as_of=as_of))
    if as_of < ISSUED_ON:
        assert rows == {}, "assignments counted before their task was assigned"
        assert status_counts(combo_session, Filters(as_of=as_of)) == Counts()
        return
    assert len(rows) == len(CASES)
    expected_counts: Counter[str] = Counter()
    mismatches = []
    for case in CASES:
        row = rows[combo_db.assignment_ids[case.name]]
        status, completed_on = case.as_of(as_of)
        expected = derive(status, case.deadline, completed_on, as_of).value
        expected_counts[expected] += 1
        if (row["status"], row["derived"]) != ((status or Status.NOT_STARTED).value, expected):
            mismatches.append(f"{case.name}: SQL {row['status']}/{row['derived']}, want {expected}")
        # the SQL's own columns fed to derive() give the SQL's derived status
        assert row["derived"] == derive(row["status"], row["deadline"], row["completed_on"], as_of)
    assert not mismatches, "\n".join(mismatches)
    assert status_counts(combo_session, Filters(as_of=as_of)) == Counts.from_mapping(
        dict(expected_counts)
    )


@pytest.mark.parametrize("as_of", [BASE, date(2021, 1, 1), date(2021, 12, 31)], ids=str)
def test_derived_case_on_literals(session: Session, as_of: date) -> None:
    """``derived_case`` on bare values, including what services never write (done without a
    completion date, a missing status)."""
    deadlines = [None, *(as_of + timedelta(days=n) for n in (-30, -1, 0, 1, 7, 8, 30))]
    completions = [None, *(as_of + timedelta(days=n) for n in (-40, -2, -1, 0))]
    statuses: list[str | None] = [None, *(s.value for s in Status)]
    mismatches = []
    for status in statuses:
        for deadline in deadlines:
            for completed_on, confirmed in itertools.product(completions, (None, True, False)):
                expression = derived_case(
                    sa.literal(status, sa.String),
                    sa.literal(deadline, sa.Date),
                    sa.literal(completed_on, sa.Date),
                    as_of,
                    None if confirmed is None else sa.literal(confirmed, sa.Boolean),
                )
                got = session.execute(sa.select(expression)).scalar_one()
                awaiting = confirmed is False
                want = derive(status, deadline, completed_on, as_of, awaiting).value
                if got != want:
                    mismatches.append(f"{status}, {deadline}, {completed_on}: {got} != {want}")
    assert not mismatches, "\n".join(mismatches)


# --- as-of semantics ----------------------------------------------------------------------------


@pytest.fixture
def one_task(session: Session) -> tuple[User, int]:
    """An admin and the assignment id of one task (deadline 31/12/2021) for Xã Giao An."""
    load_reference_units(session=session)
    admin = make_admin(session)
    conclusion = make_conclusion(session, admin)
    unit = unit_by_slug("giao-an", session=session)
    task = conclusions.create_task(
        session=session,
        actor=admin,
        conclusion=conclusion,
        seq=1,
        content="Nhiệm vụ thử",
        leads=[unit],
        deadline=date(2021, 12, 31),
    )
    assignment_id = session.execute(
        sa.text("SELECT id FROM assignment WHERE task_id = :t"), {"t": task.id}
    ).scalar_one()
    return admin, assignment_id


def state_on(
    session: Session, day: date, timezone: str = "Asia/Ho_Chi_Minh", basis: Basis = "happened"
) -> pd.Series:
    frame = assignments(session, Filters(as_of=day, timezone=timezone, basis=basis))
    assert len(frame) == 1, f"expected one assignment on {day}, got {len(frame)}"
    return frame.iloc[0]


def test_later_update_does_not_count_for_an_earlier_day(
    session: Session, one_task: tuple[User, int]
) -> None:
    admin, assignment_id = one_task
    record(session, admin, assignment_id, Status.IN_PROGRESS, at_local(date(2021, 3, 1), 10))
    record(
        session,
        admin,
        assignment_id,
        Status.DONE,
        at_local(date(2021, 3, 10), 10),
        completed_on=date(2021, 3, 10),
    )

    before = state_on(session, date(2021, 2, 28))
    assert before["status"] == Status.NOT_STARTED.value
    assert before["derived"] == Derived.NOT_STARTED.value
    assert pd.isna(before["last_update_at"]), "no update had been recorded yet"

    during = state_on(session, date(2021, 3, 9))
    assert during["status"] == Status.IN_PROGRESS.value, "the 10/03 completion leaked into 09/03"
    assert during["progress"] == 50
    assert during["completed_on"] is None
    assert during["derived"] == Derived.IN_PROGRESS.value
    assert during["last_update_at"] == at_local(date(2021, 3, 1), 10)

    after = state_on(session, date(2021, 3, 10))
    assert after["status"] == Status.DONE.value
    assert after["progress"] == 100
    assert after["completed_on"] == date(2021, 3, 10)
    assert after["derived"] == Derived.DONE_ON_TIME.value


def test_task_assigned_after_as_of_is_not_counted(
    session: Session, one_task: tuple[User, int]
) -> None:
    admin, _ = one_task
    later = make_conclusion(session, admin, issued_on=date(2021, 3, 1))
    units = [unit_by_slug(slug, session=session) for slug in ("giao-lac", "giao-hai")]
    conclusions.create_task(
        session=session, actor=admin, conclusion=later, seq=1, content="Việc sau", leads=units
    )

    def counted(day: date) -> int:
        total = status_counts(session, Filters(as_of=day)).total
        assert total == len(assignments(session, Filters(as_of=day)))
        return total

    assert counted(ISSUED_ON - timedelta(days=1)) == 0
    assert counted(ISSUED_ON) == 1
    assert counted(date(2021, 2, 28)) == 1, "the task assigned on 01/03 was counted on 28/02"
    assert counted(date(2021, 3, 1)) == 3
    frame = assignments(session, Filters(as_of=date(2021, 3, 1)))
    assert set(frame["unit_name"]) == {"Xã Giao An", "Xã Giao Lạc", "Xã Giao Hải"}


def test_day_boundary_is_in_ho_chi_minh_time(session: Session, one_task: tuple[User, int]) -> None:
    admin, assignment_id = one_task
    # 20:00 UTC on 01/03 is 03:00 on 02/03 in Hà Nội
    record(session, admin, assignment_id, Status.IN_PROGRESS, datetime(2021, 3, 1, 20, tzinfo=UTC))

    assert state_on(session, date(2021, 3, 1))["status"] == Status.NOT_STARTED.value, (
        "an update made at 03:00 on 02/03 (Hà Nội) counted for 01/03"
    )
    assert state_on(session, date(2021, 3, 2))["status"] == Status.IN_PROGRESS.value
    # Read in UTC by the moment it was reported, the same update falls on 01/03: the zone decides
    # the day. The day it happened was fixed when it was recorded, where the product is used.
    assert state_on(session, date(2021, 3, 1), "UTC", "reported")["status"] == "in_progress"
    assert state_on(session, date(2021, 3, 1), "UTC")["status"] == "not_started"


@pytest.mark.parametrize(
    ("moment", "first_day_counted"),
    [
        pytest.param(datetime(2021, 3, 1, 16, 59, 59, tzinfo=UTC), date(2021, 3, 1), id="23:59:59"),
        pytest.param(datetime(2021, 3, 1, 17, 0, tzinfo=UTC), date(2021, 3, 2), id="midnight"),
        pytest.param(datetime(2021, 2, 28, 17, 0, tzinfo=UTC), date(2021, 3, 1), id="00:00 01/03"),
    ],
)
def test_local_midnight_is_the_cutoff(
    session: Session, one_task: tuple[User, int], moment: datetime, first_day_counted: date
) -> None:
    admin, assignment_id = one_task
    record(session, admin, assignment_id, Status.IN_PROGRESS, moment)
    day_before = first_day_counted - timedelta(days=1)
    assert state_on(session, day_before)["status"] == Status.NOT_STARTED.value, f"{moment}"
    assert state_on(session, first_day_counted)["status"] == Status.IN_PROGRESS.value, f"{moment}"


def test_cutoff_is_the_next_local_midnight_in_utc() -> None:
    assert Filters(as_of=date(2021, 3, 1)).cutoff == datetime(2021, 3, 1, 17, tzinfo=UTC)
    assert end_of_day(date(2021, 3, 1), "UTC") == datetime(2021, 3, 2, tzinfo=UTC)


def test_same_instant_updates_the_later_one_wins(
    session: Session, one_task: tuple[User, int]
) -> None:
    admin, assignment_id = one_task
    moment = at_local(date(2021, 4, 1), 9)
    record(session, admin, assignment_id, Status.IN_PROGRESS, moment)
    record(session, admin, assignment_id, Status.PAUSED, moment)
    row = state_on(session, date(2021, 4, 1))
    assert row["status"] == Status.PAUSED.value, "ties on 'at' are broken by insertion order"
    assert row["derived"] == Derived.PAUSED.value


def test_filters_narrow_the_rows(session: Session, one_task: tuple[User, int]) -> None:
    admin, _ = one_task
    conclusion = make_conclusion(session, admin, issued_on=date(2021, 2, 1))
    office = unit_by_slug("ban-dan-van", session=session)
    task = conclusions.create_task(
        session=session,
        actor=admin,
        conclusion=conclusion,
        seq=1,
        content="Việc của Ban Dân vận",
        leads=[office],
        supports=[unit_by_slug("giao-an", session=session)],
    )
    day = date(2021, 3, 1)
    assert len(assignments(session, Filters(as_of=day))) == 3
    assert len(assignments(session, Filters(as_of=day, task_id=task.id))) == 2
    assert len(assignments(session, Filters(as_of=day, conclusion_id=conclusion.id))) == 2
    assert len(assignments(session, Filters(as_of=day, unit_ids=(office.id or 0,)))) == 1
    offices = assignments(session, Filters(as_of=day, unit_kinds=(UnitKind.ORGANIZATION,)))
    assert list(offices["unit_name"]) == ["Ban Dân vận Huyện ủy"]
    communes = assignments(session, Filters(as_of=day, unit_kinds=(UnitKind.COMMUNE,)))
    assert list(communes["unit_name"]) == ["Xã Giao An", "Xã Giao An"]
