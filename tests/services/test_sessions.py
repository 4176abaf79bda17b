"""Server-side sessions: only the token's hash is stored; expiry, logout, and the revocations that
disabling an account or changing its password bring."""

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from directives.config import get_settings
from directives.models import AuditLog, Role, User, UserSession, table
from directives.services import accounts, logins, sessions
from directives.services.errors import PermissionDenied
from tests.databases import CHEAP_HASHER

PASSWORD = "mat-khau-thu-nghiem"
NEW_PASSWORD = "mat-khau-moi-2024"
T0 = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    logins._dummy_hash.cache_clear()
    yield
    logins._dummy_hash.cache_clear()


def make_user(session: Session, username: str, role: Role = Role.LEADER) -> User:
    return accounts.create_user(
        session=session, username=username, full_name=username, password=PASSWORD, role=role
    )


@pytest.fixture
def admin(session: Session) -> User:
    return make_user(session, "quantri", Role.ADMIN)


@pytest.fixture
def leader(session: Session) -> User:
    return make_user(session, "lanhdao")


def rows(session: Session) -> list[UserSession]:
    return list(session.exec(select(UserSession).order_by(col(UserSession.id))).all())


def test_start_stores_only_the_hash(session: Session, leader: User) -> None:
    token = sessions.start(leader, session=session, address="198.51.100.4", now=T0)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    [row] = rows(session)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    raw = session.execute(sa.select(table(UserSession))).one()
    assert all(token not in str(value) for value in raw)
    assert (row.user_id, row.address, row.created_at) == (leader.id, "198.51.100.4", T0)
    assert row.expires_at == T0 + timedelta(hours=12)
    assert row.revoked_at is None
    assert sessions.start(leader, session=session, address=None, now=T0) != token


def test_resume_returns_the_user_and_notes_the_visit(session: Session, leader: User) -> None:
    token = sessions.start(leader, session=session, address=None, now=T0)
    assert sessions.resume(token, session=session, now=T0 + timedelta(seconds=20)) == leader
    assert rows(session)[0].last_seen_at == T0  # less than a minute: no write
    later = T0 + timedelta(hours=3)
    assert sessions.resume(token, session=session, now=later) == leader
    assert rows(session)[0].last_seen_at == later


def test_a_page_view_only_reads_and_says_when_the_visit_is_due(
    session: Session, leader: User
) -> None:
    token = sessions.start(leader, session=session, address=None, now=T0)
    later = T0 + timedelta(hours=3)
    assert not sessions.touch_due(token, session=session, now=T0 + timedelta(seconds=20))
    assert sessions.touch_due(token, session=session, now=later)
    assert sessions.resume(token, session=session, now=later, touch=False) == leader
    assert rows(session)[0].last_seen_at == T0, "nothing written without touch"
    assert not sessions.touch_due("khong-phai-token", session=session, now=later)


@pytest.mark.parametrize("token", ["", "khong-phai-token", "x" * 43])
def test_unknown_tokens(session: Session, leader: User, token: str) -> None:
    sessions.start(leader, session=session, address=None, now=T0)
    assert sessions.resume(token, session=session, now=T0) is None
    assert sessions.end(token, session=session) is False


def test_sessions_expire(session: Session, leader: User) -> None:
    token = sessions.start(leader, session=session, address=None, now=T0)
    almost = T0 + timedelta(hours=12) - timedelta(seconds=1)
    assert sessions.resume(token, session=session, now=almost) == leader
    assert sessions.resume(token, session=session, now=T0 + timedelta(hours=12)) is None


def test_session_length_is_a_setting(
    session: Session, leader: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_SESSION_HOURS", "1")
    get_settings.cache_clear()
    token = sessions.start(leader, session=session, address=None, now=T0)
    assert rows(session)[0].expires_at == T0 + timedelta(hours=1)
    assert sessions.resume(token, session=session, now=T0 + timedelta(minutes=61)) is None


def test_logout(session: Session, leader: User) -> None:
    token = sessions.start(leader, session=session, address="198.51.100.4", now=T0)
    other = sessions.start(leader, session=session, address=None, now=T0)
    assert sessions.end(token, session=session, now=T0 + timedelta(minutes=5)) is True
    assert sessions.resume(token, session=session, now=T0 + timedelta(minutes=6)) is None
    assert sessions.resume(other, session=session, now=T0 + timedelta(minutes=6)) == leader
    assert sessions.end(token, session=session) is False  # already ended
    [entry] = session.exec(select(AuditLog).where(AuditLog.action == "logout")).all()
    assert (entry.user_id, entry.address) == (leader.id, "198.51.100.4")


def test_revoke_all(session: Session, admin: User, leader: User) -> None:
    mine = [sessions.start(leader, session=session, address=None, now=T0) for _ in range(3)]
    sessions.end(mine[0], session=session)
    theirs = sessions.start(admin, session=session, address=None, now=T0)
    assert sessions.revoke_all(leader.id or 0, session=session) == 2  # the open ones
    assert all(sessions.resume(t, session=session, now=T0) is None for t in mine)
    assert sessions.resume(theirs, session=session, now=T0) == admin
    assert sessions.revoke_all(leader.id or 0, session=session) == 0


def test_disabling_an_account_ends_its_sessions_at_once(
    session: Session, admin: User, leader: User
) -> None:
    token = sessions.start(leader, session=session, address=None)
    assert sessions.resume(token, session=session) == leader
    accounts.disable_user(admin, leader.id or 0, session=session)
    assert sessions.resume(token, session=session) is None
    assert all(row.revoked_at is not None for row in rows(session))
    with pytest.raises(PermissionDenied):
        sessions.start(leader, session=session, address=None)


def test_a_disabled_account_is_refused_even_without_revocation(
    session: Session, leader: User
) -> None:
    token = sessions.start(leader, session=session, address=None)
    leader.is_active = False  # as if changed by hand in the database
    session.add(leader)
    assert sessions.resume(token, session=session) is None


def test_changing_the_password_ends_sessions_at_once(session: Session, leader: User) -> None:
    token = sessions.start(leader, session=session, address=None)
    accounts.change_password(leader, PASSWORD, NEW_PASSWORD, session=session)
    assert sessions.resume(token, session=session) is None
    fresh = sessions.start(leader, session=session, address=None)
    assert sessions.resume(fresh, session=session) == leader


def test_resetting_the_password_ends_sessions_at_once(
    session: Session, admin: User, leader: User
) -> None:
    token = sessions.start(leader, session=session, address=None)
    accounts.reset_password(admin, leader.id or 0, NEW_PASSWORD, session=session)
    assert sessions.resume(token, session=session) is None


def test_sessions_older_than_the_password_are_refused(session: Session, leader: User) -> None:
    token = sessions.start(leader, session=session, address=None, now=T0)
    leader.password_changed_at = T0 + timedelta(minutes=1)  # changed without revoking
    session.add(leader)
    assert sessions.resume(token, session=session, now=T0 + timedelta(minutes=2)) is None
    newer = sessions.start(leader, session=session, address=None, now=T0 + timedelta(minutes=2))
    assert sessions.resume(newer, session=session, now=T0 + timedelta(minutes=3)) == leader


def test_naive_times_are_refused(session: Session, leader: User) -> None:
    with pytest.raises(ValueError, match="naive"):
        sessions.start(leader, session=session, address=None, now=datetime(2024, 1, 1))
