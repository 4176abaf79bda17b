"""The Giao Thủy 2021 demo: units and their mergers, the conference's tasks, a consistent and
reproducible history, the figures on the demo's day, and the demo accounts."""

import hashlib
import itertools
from collections import Counter, defaultdict
from datetime import date
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from directives.db import make_engine, session_scope
from directives.demo import plan
from directives.demo.build import load_demo, notice_text
from directives.domain import LOCAL_KINDS as COMMUNE_KINDS
from directives.models import (
    Assignment,
    AssignmentRole,
    Bloc,
    Conclusion,
    Review,
    Role,
    Status,
    StatusUpdate,
    Task,
    Unit,
    UnitKind,
    User,
    Verdict,
)
from directives.queries.overview import assignments, status_counts
from directives.queries.state import Filters
from directives.services import accounts, logins
from directives.services.errors import InvalidInput, ServiceError
from directives.services.meta import default_as_of
from tests.databases import CHEAP_HASHER, Databases

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
NOTICE_DAY = date(2021, 1, 12)
AFTER_MERGERS = date(2025, 7, 1)

COMMUNES_2021 = {
    "Thị trấn Ngô Đồng",
    "Thị trấn Quất Lâm",
    "Xã Giao Hương",
    "Xã Hồng Thuận",
    "Xã Giao Thiện",
    "Xã Giao Thanh",
    "Xã Hoành Sơn",
    "Xã Bình Hòa",
    "Xã Giao Tiến",
    "Xã Giao Hà",
    "Xã Giao Nhân",
    "Xã Giao An",
    "Xã Giao Lạc",
    "Xã Giao Châu",
    "Xã Giao Tân",
    "Xã Giao Yến",
    "Xã Giao Xuân",
    "Xã Giao Thịnh",
    "Xã Giao Hải",
    "Xã Bạch Long",
    "Xã Giao Long",
    "Xã Giao Phong",
}
COMMUNES_2025 = {
    "Xã Giao Minh",
    "Xã Giao Hòa",
    "Xã Giao Thủy",
    "Xã Giao Phúc",
    "Xã Giao Hưng",
    "Xã Giao Bình",
    "Xã Giao Ninh",
}


def units(session: Session) -> list[Unit]:
    return list(session.exec(select(Unit).order_by(col(Unit.id))).all())


def communes_on(session: Session, day: date) -> set[str]:
    return {u.name for u in units(session) if u.kind in COMMUNE_KINDS and u.valid_on(day)}


# --- units -------------------------------------------------------------------------------------


def test_the_22_communes_of_2021(demo_session: Session) -> None:
    found = communes_on(demo_session, NOTICE_DAY)
    assert found == COMMUNES_2021, (
        f"missing {COMMUNES_2021 - found}, unexpected {found - COMMUNES_2021}"
    )
    towns = {
        u.name for u in units(demo_session) if u.kind == UnitKind.TOWN and u.valid_on(NOTICE_DAY)
    }
    assert towns == {"Thị trấn Ngô Đồng", "Thị trấn Quất Lâm"}


def test_the_7_communes_after_the_2025_mergers(demo_session: Session) -> None:
    assert communes_on(demo_session, AFTER_MERGERS) == COMMUNES_2025
    assert communes_on(demo_session, date(2024, 9, 1)) == (
        COMMUNES_2021 - {"Thị trấn Ngô Đồng", "Xã Hoành Sơn", "Xã Giao Tiến"}
    ) | {"Thị trấn Giao Thủy"}


@pytest.mark.parametrize(
    "chain",
    [
        ("Xã Giao Tiến", "Thị trấn Giao Thủy", "Xã Giao Thủy"),
        ("Thị trấn Ngô Đồng", "Thị trấn Giao Thủy", "Xã Giao Thủy"),
        ("Xã Hoành Sơn", "Thị trấn Giao Thủy", "Xã Giao Thủy"),
        ("Xã Giao An", "Xã Giao Hòa"),
        ("Xã Giao Lạc", "Xã Giao Hòa"),
        ("Xã Hồng Thuận", "Xã Giao Hòa"),
        ("Thị trấn Quất Lâm", "Xã Giao Ninh"),
        ("Xã Bạch Long", "Xã Giao Bình"),
    ],
    ids=lambda chain: " → ".join(chain),
)
def test_successors(demo_session: Session, chain: tuple[str, ...]) -> None:
    by_id = {u.id: u for u in units(demo_session)}
    by_name = {u.name: u for u in by_id.values()}
    unit = by_name[chain[0]]
    walked = [unit.name]
    while unit.successor_id is not None:
        unit = by_id[unit.successor_id]
        walked.append(unit.name)
    assert tuple(walked) == chain


def test_every_2021_commune_ends_in_a_2025_commune(demo_session: Session) -> None:
    by_id = {u.id: u for u in units(demo_session)}
    ends: dict[str, str] = {}
    for unit in by_id.values():
        if unit.name not in COMMUNES_2021:
            continue
        start = unit
        while unit.successor_id is not None:
            previous = unit
            unit = by_id[unit.successor_id]
            assert previous.valid_to is not None and unit.valid_from is not None
            assert (unit.valid_from - previous.valid_to).days == 1, (
                f"{previous.name} ends {previous.valid_to}, {unit.name} starts {unit.valid_from}"
            )
        assert unit.valid_on(AFTER_MERGERS), f"{start.name} ends at {unit.name}, gone by 2025"
        ends[start.name] = unit.name
    assert set(ends.values()) == COMMUNES_2025, "every new commune takes over an old one"
    assert len(ends) == 22


def test_the_32_district_organizations_and_their_blocs(demo_session: Session) -> None:
    organizations = [u for u in units(demo_session) if u.kind == UnitKind.ORGANIZATION]
    assert len(organizations) == 32
    assert all(u.valid_on(NOTICE_DAY) for u in organizations)
    blocs = Counter(u.bloc for u in organizations)
    assert blocs == {Bloc.PARTY: 8, Bloc.GOVERNMENT: 14, Bloc.FRONT: 8, Bloc.ARMED: 2}
    by_slug = {u.slug: u for u in organizations}
    expected = {
        "ban-dan-van": ("Ban Dân vận Huyện ủy", Bloc.PARTY),
        "ubnd-huyen": ("Ủy ban nhân dân huyện", Bloc.GOVERNMENT),
        "phong-y-te": ("Phòng Y tế", Bloc.GOVERNMENT),
        "mttq-huyen": ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện", Bloc.FRONT),
        "hoi-phu-nu": ("Hội Liên hiệp Phụ nữ huyện", Bloc.FRONT),
        "cong-an": ("Công an huyện", Bloc.ARMED),
        "ban-chqs": ("Ban Chỉ huy Quân sự huyện", Bloc.ARMED),
    }
    for slug, (name, bloc) in expected.items():
        assert (by_slug[slug].name, by_slug[slug].bloc) == (name, bloc), slug
    assert len({u.slug for u in units(demo_session)}) == len(units(demo_session))
    (district,) = [u for u in units(demo_session) if u.kind == UnitKind.DISTRICT]
    assert district.name == "Huyện Giao Thủy" and district.bloc is None


# --- the conference and its tasks ----------------------------------------------------------------


def units_by_task(session: Session, role: AssignmentRole) -> dict[int, set[str]]:
    rows = session.exec(
        select(Task.seq, Unit.name)
        .join(Assignment, col(Assignment.task_id) == Task.id)
        .join(Unit, col(Unit.id) == Assignment.unit_id)
        .where(Assignment.role == role.value)
    ).all()
    found: dict[int, set[str]] = defaultdict(set)
    for seq, name in rows:
        found[seq].add(name)
    return dict(found)


def test_the_conclusion(demo_session: Session) -> None:
    (conclusion,) = demo_session.exec(select(Conclusion)).all()
    assert conclusion.number == "215-TB/HU"
    assert conclusion.issued_on == NOTICE_DAY
    assert conclusion.full_text == notice_text().replace("\r\n", "\n")
    tasks = demo_session.exec(select(Task).order_by(col(Task.seq))).all()
    assert [t.seq for t in tasks] == list(range(1, 12))
    assert all(t.assigned_on == NOTICE_DAY for t in tasks)
    assert [t.deadline for t in tasks] == [item.deadline for item in plan.TASKS]
    assert [t.original_deadline for t in tasks] == [t.deadline for t in tasks]


def test_lead_units(demo_session: Session) -> None:
    leads = units_by_task(demo_session, AssignmentRole.LEAD)
    by_slug = {u.slug: u.name for u in units(demo_session)}
    assert leads[1] == {"Ban Dân vận Huyện ủy"}
    for seq in (2, 4, 5, 6):
        assert leads[seq] == COMMUNES_2021, f"task {seq}: 'các xã, thị trấn' = the 22 communes"
    assert leads[3] == {"Ủy ban nhân dân huyện"}
    assert leads[7] == {by_slug[slug] for slug in plan.COASTAL}
    assert len(leads[7]) == 8
    assert leads[8] == {"Công an huyện", "Ban Chỉ huy Quân sự huyện"}
    assert leads[9] == {"Hội Liên hiệp Phụ nữ huyện"}
    assert leads[10] == {"Hội Chữ thập đỏ huyện"}
    assert leads[11] == {"Hội Cựu thanh niên xung phong huyện"}


def test_support_units(demo_session: Session) -> None:
    supports = units_by_task(demo_session, AssignmentRole.SUPPORT)
    front = {u.name for u in units(demo_session) if u.bloc == Bloc.FRONT}
    assert supports[1] == {"Văn phòng Huyện ủy"} | COMMUNES_2021
    assert supports[6] == {"Phòng Y tế"} | front, "'MTTQ và các đoàn thể' = the front bloc"
    assert supports[8] == COMMUNES_2021
    assert supports[7] == {"Phòng Tài nguyên và Môi trường", "Phòng Kinh tế và Hạ tầng"}


def test_assignment_counts_per_task(demo_session: Session) -> None:
    rows = demo_session.exec(select(Task.seq, Assignment.id).join(Assignment)).all()
    per_task = Counter(seq for seq, _ in rows)
    assert per_task == {1: 24, 2: 24, 3: 4, 4: 24, 5: 24, 6: 31, 7: 10, 8: 24, 9: 3, 10: 3, 11: 3}


# --- the history -------------------------------------------------------------------------------


def test_history_is_in_2021_and_consistent(demo_session: Session) -> None:
    chains: dict[int, list[StatusUpdate]] = defaultdict(list)
    updates = demo_session.exec(
        select(StatusUpdate).order_by(col(StatusUpdate.at), col(StatusUpdate.id))
    ).all()
    for update in updates:
        chains[update.assignment_id].append(update)
    all_assignments = demo_session.exec(select(Assignment)).all()
    assert len(updates) > 5 * len(all_assignments) // 2, "the demo should have a rich history"

    problems: list[str] = []
    for assignment in all_assignments:
        chain = chains.get(assignment.id or 0, [])
        name = f"assignment {assignment.id}"
        if not chain:
            if (assignment.status, assignment.version) != (Status.NOT_STARTED, 0):
                problems.append(f"{name}: no history but status {assignment.status}")
            continue
        if chain[0].from_status != Status.NOT_STARTED:
            problems.append(f"{name}: first update from {chain[0].from_status}")
        for before, after in itertools.pairwise(chain):
            if after.from_status != before.to_status:
                problems.append(f"{name}: {before.to_status} then from {after.from_status}")
        last = chain[-1]
        mirror = (assignment.status, assignment.progress, assignment.completed_on)
        if mirror != (last.to_status, last.progress, last.completed_on):
            problems.append(f"{name}: row {mirror} but last update {last.to_status}")
        if assignment.updated_at != last.at or assignment.version != len(chain):
            problems.append(f"{name}: updated_at/version out of step with {len(chain)} updates")
        for update in chain:
            local_day = update.at.astimezone(LOCAL).date()
            if not NOTICE_DAY <= local_day <= plan.HISTORY_UNTIL:
                problems.append(f"{name}: update on {local_day}")
            if update.to_status == Status.DONE and not (
                update.completed_on and NOTICE_DAY <= update.completed_on <= local_day
            ):
                problems.append(f"{name}: done on {update.completed_on}, recorded {local_day}")
    assert not problems, "\n".join(problems[:20])


def test_most_assignments_have_history(demo_session: Session) -> None:
    reported = set(demo_session.exec(select(StatusUpdate.assignment_id).distinct()).all())
    total = len(demo_session.exec(select(Assignment.id)).all())
    assert len(reported) >= 0.9 * total, f"only {len(reported)} of {total} have history"
    assert len(reported) < total, "a few units never reported: they show as not started"


def test_updates_are_made_by_the_units_own_secretary(demo_session: Session) -> None:
    rows = demo_session.exec(
        select(Assignment.unit_id, User.unit_id, User.role)
        .join(StatusUpdate, col(StatusUpdate.assignment_id) == Assignment.id)
        .join(User, col(User.id) == StatusUpdate.user_id)
    ).all()
    assert rows
    assert all(role == Role.SECRETARY and a == u for a, u, role in rows)


def history_checksum(url: str) -> str:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            rows = session.execute(
                sa.text(
                    "SELECT su.assignment_id, su.at, su.from_status, su.to_status, su.progress, "
                    "su.completed_on, su.note, su.evidence, a.task_id, a.unit_id, a.role "
                    "FROM status_update su JOIN assignment a ON a.id = su.assignment_id "
                    "ORDER BY su.id"
                )
            ).all()
    finally:
        engine.dispose()
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_demo_is_deterministic(
    databases: Databases, demo_template: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh build gives the same history as the shared demo database, an earlier build in
    this run. Password hashes are salted and not part of the comparison: cheap argon2 keeps this
    fast."""
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    with databases.copy() as url:
        engine = make_engine(url)
        with session_scope(engine, write=True) as session:
            load_demo(session=session)
        engine.dispose()
        assert history_checksum(url) == history_checksum(demo_template), "two builds differ"


def test_demo_loads_only_into_an_empty_database(demo_session: Session) -> None:
    with pytest.raises(ServiceError):
        load_demo(session=demo_session)


# --- the figures on the demo's day -------------------------------------------------------------


def test_demo_day_has_a_mix(demo_session: Session) -> None:
    assert default_as_of(session=demo_session, today=date(2030, 1, 1)) == plan.AS_OF
    counts = status_counts(demo_session, Filters(as_of=plan.AS_OF))
    total = len(demo_session.exec(select(Assignment.id)).all())
    assert counts.total == total == len(assignments(demo_session, Filters(as_of=plan.AS_OF)))
    for name in ("done_on_time", "done_late", "overdue", "due_soon", "in_progress", "no_deadline"):
        assert getattr(counts, name) > 0, f"no '{name}' on {plan.AS_OF}: {counts}"
    assert counts.done_on_time > counts.done_late, "most work is done on time"
    assert counts.completion_rate is not None and 0.5 < counts.completion_rate < 1
    assert counts.on_time_rate is not None and counts.on_time_rate < counts.completion_rate


def test_demo_figures_move_through_the_year(demo_session: Session) -> None:
    """Early in the year nothing is done yet; by the end most deadline work is closed."""
    january = status_counts(demo_session, Filters(as_of=date(2021, 1, 20)))
    assert january.done == 0 and january.overdue == 0
    year_end = status_counts(demo_session, Filters(as_of=date(2021, 12, 31)))
    autumn = status_counts(demo_session, Filters(as_of=plan.AS_OF))
    assert year_end.done > autumn.done
    assert year_end.total == autumn.total == january.total


# --- the demo accounts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "role", "unit_slug"),
    [
        ("lanhdao", Role.LEADER, None),
        ("quantri", Role.ADMIN, None),
        ("thuky.giao-an", Role.SECRETARY, "giao-an"),
        ("thuky.ban-dan-van", Role.SECRETARY, "ban-dan-van"),
    ],
)
def test_demo_accounts_log_in(
    demo_session: Session, username: str, role: Role, unit_slug: str | None
) -> None:
    user = logins.authenticate(username, accounts.DEMO_PASSWORD, session=demo_session)
    assert user is not None, f"{username} cannot log in with the demo password"
    assert user.role == role
    if unit_slug is None:
        assert user.unit_id is None
    else:
        unit = demo_session.get(Unit, user.unit_id)
        assert unit is not None and unit.slug == unit_slug


def test_wrong_password_or_unknown_user_cannot_log_in(demo_session: Session) -> None:
    assert logins.authenticate("lanhdao", "sai-mat-khau-roi", session=demo_session) is None
    assert logins.authenticate("khong-co", accounts.DEMO_PASSWORD, session=demo_session) is None


def test_login_name_ignores_case_and_spaces(demo_session: Session) -> None:
    user = logins.authenticate("  THUKY.Giao-An ", accounts.DEMO_PASSWORD, session=demo_session)
    assert user is not None and user.username == "thuky.giao-an"


def test_every_unit_but_the_district_has_a_secretary(demo_session: Session) -> None:
    secretaries = demo_session.exec(select(User).where(User.role == Role.SECRETARY)).all()
    by_unit = Counter(user.unit_id for user in secretaries)
    for unit in units(demo_session):
        expected = 0 if unit.kind == UnitKind.DISTRICT else 1
        assert by_unit[unit.id] == expected, unit.name
    assert {u.username for u in secretaries} == {
        f"thuky.{u.slug}" for u in units(demo_session) if u.kind != UnitKind.DISTRICT
    }


def test_demo_password_only_in_a_demo_database(session: Session, demo_session: Session) -> None:
    assert not accounts.is_demo(session=session)
    with pytest.raises(InvalidInput) as caught:
        accounts.create_user(
            session=session,
            username="nguoidung",
            full_name="Người dùng",
            password=accounts.DEMO_PASSWORD,
            role=Role.ADMIN,
        )
    assert caught.value.field == "mật khẩu"
    assert session.exec(select(User)).all() == []

    assert accounts.is_demo(session=demo_session)
    user = accounts.create_user(
        session=demo_session,
        username="nguoidung",
        full_name="Người dùng",
        password=accounts.DEMO_PASSWORD,
        role=Role.LEADER,
    )
    assert logins.authenticate("nguoidung", accounts.DEMO_PASSWORD, session=demo_session) == user


@pytest.mark.parametrize("password", ["", "ngan", "123456789", "mậtkhẩu12"])
def test_short_passwords_are_refused(session: Session, password: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        accounts.create_user(
            session=session, username="a", full_name="A", password=password, role=Role.ADMIN
        )
    assert caught.value.field == "mật khẩu"
    assert session.exec(select(User)).all() == []


def test_ten_characters_are_enough(session: Session) -> None:
    user = accounts.create_user(
        session=session,
        username="  QuanTri2 ",
        full_name="  Quản   trị ",
        password="0123456789",
        role=Role.ADMIN,
    )
    assert (user.username, user.full_name) == ("quantri2", "Quản trị")
    assert user.password_hash.startswith("$argon2id$"), "passwords are stored as argon2id hashes"
    assert "0123456789" not in user.password_hash
    with pytest.raises(InvalidInput):
        accounts.create_user(
            session=session,
            username="QUANTRI2",
            full_name="Trùng tên",
            password="0123456789",
            role=Role.ADMIN,
        )


def test_secretaries_and_only_secretaries_belong_to_a_unit(demo_session: Session) -> None:
    giao_an = demo_session.exec(select(Unit).where(Unit.slug == "giao-an")).one()
    with pytest.raises(InvalidInput):
        accounts.create_user(
            session=demo_session,
            username="thuky.moi",
            full_name="Thư ký",
            password=accounts.DEMO_PASSWORD,
            role=Role.SECRETARY,
        )
    with pytest.raises(InvalidInput):
        accounts.create_user(
            session=demo_session,
            username="lanhdao.moi",
            full_name="Lãnh đạo",
            password=accounts.DEMO_PASSWORD,
            role=Role.LEADER,
            unit=giao_an,
        )


def test_the_office_confirmed_the_older_completions_only(demo_session: Session) -> None:
    """quantri confirmed the completions reported up to plan.CONFIRMED_UNTIL, 2 to 6 days after
    each; the later ones wait, so the rates on confirmed and on reported results differ."""
    rows = demo_session.exec(
        select(Review, StatusUpdate).join(
            StatusUpdate, col(StatusUpdate.id) == Review.status_update_id
        )
    ).all()
    assert rows, "the demo has confirmations"
    admin = demo_session.exec(select(User).where(User.username == "quantri")).one()
    local = ZoneInfo("Asia/Ho_Chi_Minh")
    for review, update in rows:
        reported = update.at.astimezone(local).date()
        assert review.verdict == Verdict.CONFIRMED and review.decided_by == admin.id
        assert reported <= plan.CONFIRMED_UNTIL
        assert 2 <= (review.decided_on - reported).days <= 6
    reported_basis = status_counts(demo_session, Filters(as_of=plan.AS_OF))
    confirmed_basis = status_counts(demo_session, Filters(as_of=plan.AS_OF, confirmed=True))
    assert confirmed_basis.awaiting > 0
    assert confirmed_basis.done + confirmed_basis.awaiting == reported_basis.done
    assert confirmed_basis.completion_rate is not None and reported_basis.completion_rate
    assert confirmed_basis.completion_rate < reported_basis.completion_rate
