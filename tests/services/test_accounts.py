"""Accounts: logging in with throttling (per account, per address), the login's transaction, and
the administration of accounts with its audit trail and role checks."""

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from directives.config import get_settings
from directives.db import session_scope
from directives.models import AuditLog, LoginAttempt, Role, Unit, UnitKind, User, UserSession, table
from directives.services import accounts, logins, sessions
from directives.services.errors import InvalidInput, NotFound, PermissionDenied
from directives.services.logins import BAD_CREDENTIALS, DISABLED, LoginRefused
from tests.databases import CHEAP_HASHER

PASSWORD = "mat-khau-thu-nghiem"
NEW_PASSWORD = "mat-khau-moi-2024"
T0 = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)
ADDRESS = "203.0.113.7"


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Real argon2id, with the lowest cost; the dummy hash is made afresh with it."""
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    logins._dummy_hash.cache_clear()
    yield
    logins._dummy_hash.cache_clear()


@dataclass
class People:
    admin: User
    leader: User
    secretary: User
    unit: Unit
    other_unit: Unit


def make_people(session: Session) -> People:
    unit = Unit(slug="xa-thu", name="Xã Thử", kind=UnitKind.COMMUNE)
    other_unit = Unit(slug="xa-khac", name="Xã Khác", kind=UnitKind.COMMUNE)
    session.add_all([unit, other_unit])
    session.flush()

    def user(username: str, role: Role, unit: Unit | None = None) -> User:
        return accounts.create_user(
            session=session,
            username=username,
            full_name=f"Người {username}",
            password=PASSWORD,
            role=role,
            unit=unit,
        )

    return People(
        admin=user("quantri", Role.ADMIN),
        leader=user("lanhdao", Role.LEADER),
        secretary=user("thuky", Role.SECRETARY, unit),
        unit=unit,
        other_unit=other_unit,
    )


@pytest.fixture
def people(session: Session) -> People:
    return make_people(session)


def attempts(session: Session, **where: object) -> list[LoginAttempt]:
    query = select(LoginAttempt).order_by(col(LoginAttempt.id))
    for name, value in where.items():
        query = query.where(getattr(LoginAttempt, name) == value)
    return list(session.exec(query).all())


def audits(session: Session, action: str | None = None) -> list[AuditLog]:
    query = select(AuditLog).order_by(col(AuditLog.id))
    if action is not None:
        query = query.where(AuditLog.action == action)
    return list(session.exec(query).all())


def fail(session: Session, username: str, times: int, *, start: datetime = T0, **kw: Any) -> None:
    """``times`` wrong passwords, one second apart."""
    for i in range(times):
        result = logins.login(
            username,
            "sai-mat-khau-roi",
            session=session,
            address=kw.get("address", ADDRESS),
            now=start + timedelta(seconds=i),
        )
        assert not result.ok


# --- logging in ---------------------------------------------------------------------------------


def test_login_succeeds_and_is_recorded(session: Session, people: People) -> None:
    result = logins.login(" QuanTri ", PASSWORD, session=session, address=ADDRESS, now=T0)
    assert result.ok and result.refusal is None
    assert result.user_or_raise().id == people.admin.id
    [row] = attempts(session)
    assert (row.username, row.address, row.succeeded, row.at) == ("quantri", ADDRESS, True, T0)
    [entry] = audits(session, "login")
    assert (entry.user_id, entry.username, entry.address) == (people.admin.id, "quantri", ADDRESS)


@pytest.mark.parametrize("username", ["QuanTri", "khong-co-ai"])
def test_bad_credentials_are_refused_recorded_and_audited(
    session: Session, people: People, username: str
) -> None:
    result = logins.login(username, "sai-mat-khau", session=session, address=ADDRESS, now=T0)
    assert result.user is None and result.refusal is not None
    assert str(result.refusal) == BAD_CREDENTIALS == "Sai tên đăng nhập hoặc mật khẩu."
    assert result.refusal.reason == "credentials"
    with pytest.raises(LoginRefused, match="Sai tên đăng nhập"):
        result.user_or_raise()
    [row] = attempts(session)
    assert (row.username, row.succeeded) == (username.lower(), False)
    [entry] = audits(session, "login_failed")
    assert entry.user_id is None
    assert entry.username == username  # as typed
    assert entry.address == ADDRESS
    assert not audits(session, "login")


def test_disabled_account_cannot_log_in(session: Session, people: People) -> None:
    accounts.disable_user(people.admin, people.leader.id or 0, session=session)
    right = logins.login("lanhdao", PASSWORD, session=session, address=ADDRESS, now=T0)
    assert right.refusal is not None and str(right.refusal) == DISABLED
    wrong = logins.login("lanhdao", "sai-mat-khau", session=session, address=ADDRESS, now=T0)
    assert wrong.refusal is not None and str(wrong.refusal) == BAD_CREDENTIALS  # nothing told
    assert [a.succeeded for a in attempts(session)] == [False, False]
    reasons = [json.loads(e.after or "{}")["reason"] for e in audits(session, "login_failed")]
    assert reasons == ["disabled", "credentials"]


def test_five_failures_lock_the_account_even_for_the_right_password(
    session: Session, people: People
) -> None:
    fail(session, "quantri", 4)
    soon = T0 + timedelta(seconds=30)
    assert logins.login("quantri", PASSWORD, session=session, address=None, now=soon).ok
    fail(session, "quantri", 5, start=T0 + timedelta(minutes=1))  # the success reset the count
    result = logins.login(
        "quantri", PASSWORD, session=session, address=None, now=T0 + timedelta(minutes=2)
    )
    assert result.refusal is not None and result.refusal.reason == "locked"
    assert str(result.refusal) == (
        "Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau 15 phút."
    )
    assert result.refusal.retry_after_minutes == 15
    assert len(audits(session, "login_failed")) == 9
    [locked] = audits(session, "login_locked")
    assert (locked.username, locked.address) == ("quantri", None)
    assert attempts(session)[-1].succeeded is False  # the refused try is recorded too
    # Another account is not affected.
    assert logins.login("lanhdao", PASSWORD, session=session, address=None, now=T0).ok


def test_the_lock_expires_after_the_window(session: Session, people: People) -> None:
    fail(session, "lanhdao", 5)  # T0 … T0+4 s
    late = T0 + timedelta(minutes=14)
    refused = logins.login("lanhdao", PASSWORD, session=session, address=ADDRESS, now=late)
    assert refused.refusal is not None and refused.refusal.reason == "locked"
    assert refused.refusal.retry_after_minutes == 2  # the 2nd failure (T0+1 s) leaves at 15:01
    free = T0 + timedelta(minutes=15, seconds=2)
    result = logins.login("lanhdao", PASSWORD, session=session, address=ADDRESS, now=free)
    assert result.ok and result.user is not None and result.user.id == people.leader.id


def test_settings_change_the_limits(
    session: Session, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_LOGIN_MAX_FAILURES", "2")
    monkeypatch.setenv("DIRECTIVES_LOGIN_LOCK_MINUTES", "5")
    get_settings.cache_clear()
    fail(session, "thuky", 2)
    locked = logins.login(
        "thuky", PASSWORD, session=session, address=ADDRESS, now=T0 + timedelta(seconds=5)
    )
    assert locked.refusal is not None and locked.refusal.retry_after_minutes == 5
    later = T0 + timedelta(minutes=5, seconds=6)
    assert logins.login("thuky", PASSWORD, session=session, address=ADDRESS, now=later).ok


def test_twenty_failures_from_one_address_lock_it_across_usernames(
    session: Session, people: People
) -> None:
    for i in range(20):  # each name fails once: no account reaches its own limit
        fail(session, f"doan-ten-{i}", 1, start=T0 + timedelta(seconds=i))
    moment = T0 + timedelta(minutes=1)
    here = logins.login("quantri", PASSWORD, session=session, address=ADDRESS, now=moment)
    assert here.refusal is not None and here.refusal.reason == "locked"
    elsewhere = logins.login("quantri", PASSWORD, session=session, address="10.1.1.1", now=moment)
    assert elsewhere.ok
    no_address = logins.login("lanhdao", PASSWORD, session=session, address=None, now=moment)
    assert no_address.ok
    after = T0 + timedelta(minutes=16)
    assert logins.login("quantri", PASSWORD, session=session, address=ADDRESS, now=after).ok


def test_a_burst_of_200_wrong_passwords(session: Session, people: People) -> None:
    for i in range(200):
        result = logins.login(
            "quantri",
            f"doan-{i}",
            session=session,
            address=ADDRESS,
            now=T0 + timedelta(milliseconds=10 * i),
        )
        assert not result.ok
    rows = attempts(session, username="quantri")
    assert len(rows) == 200
    assert not any(row.succeeded for row in rows)
    assert len(audits(session, "login_failed")) == 5
    assert len(audits(session, "login_locked")) == 195
    assert not audits(session, "login")
    right = logins.login(
        "quantri", PASSWORD, session=session, address="10.9.9.9", now=T0 + timedelta(seconds=3)
    )
    assert not right.ok


def test_a_concurrent_burst_of_200_wrong_passwords_checks_only_five(engine: Engine) -> None:
    """200 wrong passwords from 20 threads at once, each in its own transaction as the login
    page makes them: only the first five reach the password check, on either engine."""
    with session_scope(engine, write=True) as session:
        make_people(session)
    start = threading.Barrier(20)

    def attacker(thread: int) -> list[bool]:
        start.wait()
        results = []
        for i in range(10):
            with session_scope(engine, write=True) as session:
                result = logins.login(
                    "quantri", f"doan-{thread}-{i}", session=session, address=f"10.0.{thread}.1"
                )
            results.append(result.ok)
        return results

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = [ok for results in pool.map(attacker, range(20)) for ok in results]
    assert outcomes == [False] * 200
    with session_scope(engine) as session:
        assert len(attempts(session, username="quantri")) == 200
        assert len(audits(session, "login_failed")) == 5, "five password checks, no more"
        assert len(audits(session, "login_locked")) == 195
    with session_scope(engine, write=True) as session:
        right = logins.login("quantri", PASSWORD, session=session, address="10.9.9.9")
    assert not right.ok, "the account stays locked, even for the right password"


def test_a_refused_login_commits_its_attempt_and_audit(engine: Engine) -> None:
    """The design: login() returns its refusal, so the caller's block commits the records."""
    with session_scope(engine, write=True) as session:
        make_people(session)
    with session_scope(engine, write=True) as session:
        result = logins.login("quantri", "sai-mat-khau", session=session, address=ADDRESS)
    with pytest.raises(LoginRefused):
        result.user_or_raise()  # after the commit
    with session_scope(engine) as session:
        assert len(attempts(session)) == 1
        assert len(audits(session, "login_failed")) == 1

    # The pitfall the design avoids: raising inside the block rolls the records back.
    with pytest.raises(LoginRefused), session_scope(engine, write=True) as session:
        logins.login("quantri", "sai-mat-khau", session=session, address=ADDRESS).user_or_raise()
    with session_scope(engine) as session:
        assert len(attempts(session)) == 1


def test_authenticate_still_checks_without_recording(session: Session, people: People) -> None:
    assert logins.authenticate("QUANTRI", PASSWORD, session=session) == people.admin
    assert logins.authenticate("quantri", "sai", session=session) is None
    assert logins.authenticate("khong-co", PASSWORD, session=session) is None
    assert not attempts(session) and not audits(session)


def test_naive_now_is_refused(session: Session, people: People) -> None:
    with pytest.raises(ValueError, match="naive"):
        logins.login("quantri", PASSWORD, session=session, address=None, now=datetime(2024, 1, 1))


# --- administration -----------------------------------------------------------------------------


def no_secrets(entry: AuditLog, user: User) -> None:
    for text in (entry.before or "", entry.after or ""):
        assert "password_hash" not in text
        assert user.password_hash not in text


def test_create_user_with_an_actor_is_audited(session: Session, people: People) -> None:
    user = accounts.create_user(
        session=session,
        actor=people.admin,
        username="ThuKy2",
        full_name="Thư ký hai",
        password=PASSWORD,
        role=Role.SECRETARY,
        unit=people.other_unit,
    )
    [entry] = audits(session, "user.create")
    assert (entry.user_id, entry.entity, entry.entity_id) == (
        people.admin.id,
        "app_user",
        str(user.id),
    )
    after = json.loads(entry.after or "{}")
    assert (after["username"], after["role"], after["unit_id"]) == (
        "thuky2",
        "secretary",
        people.other_unit.id,
    )
    assert entry.before is None
    no_secrets(entry, user)


def test_create_user_without_an_actor_is_not_audited(session: Session, people: People) -> None:
    assert not audits(session)  # make_people created three accounts without an actor


def test_disable_and_enable(session: Session, people: People) -> None:
    token = sessions.start(people.secretary, session=session, address=ADDRESS)
    user = accounts.disable_user(people.admin, people.secretary.id or 0, session=session)
    assert user.is_active is False
    assert sessions.resume(token, session=session) is None
    [entry] = audits(session, "user.disable")
    assert json.loads(entry.before or "{}")["is_active"] is True
    assert json.loads(entry.after or "{}")["is_active"] is False
    no_secrets(entry, user)

    accounts.enable_user(people.admin, people.secretary.id or 0, session=session)
    assert people.secretary.is_active is True
    assert sessions.resume(token, session=session) is None  # revoked sessions stay revoked
    assert logins.login("thuky", PASSWORD, session=session, address=None).ok
    assert len(audits(session, "user.enable")) == 1


def test_an_admin_cannot_disable_themselves(session: Session, people: People) -> None:
    with pytest.raises(InvalidInput) as error:
        accounts.disable_user(people.admin, people.admin.id or 0, session=session)
    assert error.value.field == "tài khoản"
    assert people.admin.is_active


def test_unknown_accounts(session: Session, people: People) -> None:
    with pytest.raises(NotFound, match="Không có tài khoản số 999"):
        accounts.disable_user(people.admin, 999, session=session)
    with pytest.raises(NotFound):
        accounts.reset_password(people.admin, 999, NEW_PASSWORD, session=session)
    with pytest.raises(NotFound):
        accounts.change_role(people.admin, 999, Role.LEADER, None, session=session)


def test_a_disabled_admin_can_do_nothing(session: Session, people: People) -> None:
    other = accounts.create_user(
        session=session, username="quantri2", full_name="QT2", password=PASSWORD, role=Role.ADMIN
    )
    accounts.disable_user(other, people.admin.id or 0, session=session)
    with pytest.raises(PermissionDenied):
        accounts.enable_user(people.admin, people.leader.id or 0, session=session)


def test_reset_password(session: Session, people: People) -> None:
    token = sessions.start(people.leader, session=session, address=None)
    with pytest.raises(InvalidInput) as error:
        accounts.reset_password(people.admin, people.leader.id or 0, "ngan", session=session)
    assert error.value.field == "mật khẩu"
    with pytest.raises(InvalidInput, match="demo"):
        accounts.reset_password(
            people.admin, people.leader.id or 0, accounts.DEMO_PASSWORD, session=session
        )
    moment = datetime.now(UTC)
    user = accounts.reset_password(
        people.admin, people.leader.id or 0, NEW_PASSWORD, session=session, now=moment
    )
    assert user.password_changed_at == moment
    assert sessions.resume(token, session=session) is None
    assert logins.login("lanhdao", NEW_PASSWORD, session=session, address=None).ok
    assert not logins.login("lanhdao", PASSWORD, session=session, address=None).ok
    [entry] = audits(session, "user.reset_password")
    assert entry.user_id == people.admin.id
    assert json.loads(entry.before or "{}")["password_changed_at"] is None
    assert json.loads(entry.after or "{}")["password_changed_at"] is not None
    no_secrets(entry, user)


@pytest.mark.parametrize("who", ["admin", "leader", "secretary"])
def test_change_own_password(session: Session, people: People, who: str) -> None:
    me: User = getattr(people, who)
    token = sessions.start(me, session=session, address=None)
    user = accounts.change_password(me, PASSWORD, NEW_PASSWORD, session=session)
    assert user.id == me.id and user.password_changed_at is not None
    assert sessions.resume(token, session=session) is None
    assert logins.login(me.username, NEW_PASSWORD, session=session, address=None).ok
    [entry] = audits(session, "user.change_password")
    assert (entry.user_id, entry.entity_id) == (me.id, str(me.id))
    no_secrets(entry, user)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("sai-mat-khau", NEW_PASSWORD, "mật khẩu hiện tại"),
        (PASSWORD, "ngan", "mật khẩu mới"),
        (PASSWORD, PASSWORD, "mật khẩu mới"),
    ],
)
def test_change_password_errors(
    session: Session, people: People, old: str, new: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        accounts.change_password(people.leader, old, new, session=session)
    assert error.value.field == field
    assert not audits(session)


def test_change_role(session: Session, people: People) -> None:
    user = accounts.change_role(
        people.admin, people.leader.id or 0, Role.SECRETARY, people.other_unit.id, session=session
    )
    assert (user.role, user.unit_id) == (Role.SECRETARY, people.other_unit.id)
    user = accounts.change_role(
        people.admin, people.leader.id or 0, "leader", None, session=session
    )
    assert (user.role, user.unit_id) == (Role.LEADER, None)
    first, second = audits(session, "user.change_role")
    assert json.loads(first.before or "{}")["role"] == "leader"
    assert json.loads(first.after or "{}")["role"] == "secretary"
    assert json.loads(second.after or "{}")["unit_id"] is None


@pytest.mark.parametrize(
    ("role", "unit", "field"),
    [
        (Role.SECRETARY, None, "đơn vị"),
        (Role.LEADER, "unit", "đơn vị"),
        (Role.SECRETARY, 999, "đơn vị"),
        ("chu-tich", None, "vai trò"),
    ],
)
def test_change_role_errors(
    session: Session, people: People, role: str, unit: object, field: str
) -> None:
    unit_id = people.unit.id if unit == "unit" else unit
    with pytest.raises(InvalidInput) as error:
        accounts.change_role(
            people.admin,
            people.leader.id or 0,
            role,
            unit_id,
            session=session,  # type: ignore[arg-type]
        )
    assert error.value.field == field
    assert people.leader.role == Role.LEADER


def test_an_admin_cannot_change_their_own_role(session: Session, people: People) -> None:
    with pytest.raises(InvalidInput, match="chính mình"):
        accounts.change_role(people.admin, people.admin.id or 0, Role.LEADER, None, session=session)


# --- who may do what ------------------------------------------------------------------------------

WATCHED: tuple[type[SQLModel], ...] = (User, UserSession, AuditLog, LoginAttempt, Unit)


def state(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables an account action could touch."""
    session.flush()
    return {
        model.__name__: [tuple(r) for r in session.execute(sa.select(table(model))).all()]
        for model in WATCHED
    }


ACTIONS: dict[str, Callable[[User, People, Session], object]] = {
    "create_user": lambda actor, p, s: accounts.create_user(
        session=s,
        actor=actor,
        username="moi",
        full_name="Mới",
        password=NEW_PASSWORD,
        role=Role.LEADER,
    ),
    "disable_user": lambda actor, p, s: accounts.disable_user(
        actor, p.secretary.id or 0, session=s
    ),
    "enable_user": lambda actor, p, s: accounts.enable_user(actor, p.secretary.id or 0, session=s),
    "reset_password": lambda actor, p, s: accounts.reset_password(
        actor, p.secretary.id or 0, NEW_PASSWORD, session=s
    ),
    "change_role": lambda actor, p, s: accounts.change_role(
        actor, p.secretary.id or 0, Role.SECRETARY, p.other_unit.id, session=s
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ["leader", "secretary", "admin"])
def test_role_action_matrix(session: Session, people: People, role: str, action: str) -> None:
    actor: User = getattr(people, role)
    sessions.start(people.secretary, session=session, address=None)
    before = state(session)
    if role != "admin":
        with pytest.raises(PermissionDenied, match="quản trị viên"):
            ACTIONS[action](actor, people, session)
        assert state(session) == before
    else:
        ACTIONS[action](actor, people, session)
        after = state(session)
        assert len(after["AuditLog"]) == len(before["AuditLog"]) + 1
        assert after != before


@pytest.mark.parametrize("role", ["leader", "secretary", "admin"])
def test_everyone_may_change_their_own_password(
    session: Session, people: People, role: str
) -> None:
    actor: User = getattr(people, role)
    accounts.change_password(actor, PASSWORD, NEW_PASSWORD, session=session)
    assert [e.user_id for e in audits(session, "user.change_password")] == [actor.id]
