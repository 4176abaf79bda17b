"""Accounts: argon2id password hashes, creating users, logging in with throttling, and the
administration of accounts (disable, enable, reset or change a password, change a role).

Like every service, nothing here commits: the caller owns the transaction. :func:`login` therefore
*returns* a :class:`LoginResult` instead of raising, so that the attempt it records (and the audit
entries) are committed with the caller's normal block even when the login is refused.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from directives.config import get_settings
from directives.db import serialize
from directives.models import AppMeta, LoginAttempt, Role, Unit, User
from directives.services import audit, permissions, sessions
from directives.services.audit import snapshot
from directives.services.errors import InvalidInput, NotFound, PermissionDenied, ServiceError
from directives.text import clean

MIN_PASSWORD_LENGTH = 10
DEMO_PASSWORD = "giaothuy2021"  # noqa: S105  (published in the README; refused outside a demo)

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def is_demo(*, session: Session) -> bool:
    meta = session.get(AppMeta, "is_demo")
    return meta is not None and meta.value == "1"


def check_password_policy(password: str, *, session: Session) -> None:
    if password == DEMO_PASSWORD and not is_demo(session=session):
        raise InvalidInput("mật khẩu", "mật khẩu mẫu chỉ dùng được trong cơ sở dữ liệu demo.")
    if len(password) < MIN_PASSWORD_LENGTH and password != DEMO_PASSWORD:
        raise InvalidInput("mật khẩu", f"cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")


def create_user(
    *,
    session: Session,
    actor: User | None = None,
    username: str,
    full_name: str,
    password: str,
    role: Role,
    unit: Unit | None = None,
    title: str | None = None,
) -> User:
    """Add an account. A secretary must belong to a unit; others must not.

    With an ``actor`` (the administration screens) only an administrator may do it, and it is
    audited; without one (the command line, the demo) the caller is trusted.
    """
    if actor is not None:
        require_admin(actor)
    name = (clean(username) or "").lower()
    if not name:
        raise InvalidInput("tên đăng nhập", "không được để trống.")
    if session.exec(select(User).where(User.username == name)).first() is not None:
        raise InvalidInput("tên đăng nhập", f"'{name}' đã có người dùng.")
    if role is Role.SECRETARY and unit is None:
        raise InvalidInput("đơn vị", "thư ký phải thuộc một đơn vị.")
    if role is not Role.SECRETARY and unit is not None:
        raise InvalidInput("đơn vị", "chỉ tài khoản thư ký gắn với đơn vị.")
    check_password_policy(password, session=session)
    user = User(
        username=name,
        full_name=clean(full_name) or name,
        title=clean(title),
        password_hash=hash_password(password),
        role=role,
        unit_id=unit.id if unit else None,
    )
    session.add(user)
    session.flush()
    if actor is not None:
        audit.record(
            session=session,
            actor=actor,
            action="user.create",
            entity="app_user",
            entity_id=user.id,
            after=snapshot(user),
        )
    return user


def authenticate(username: str, password: str, *, session: Session) -> User | None:
    """The active user with these credentials, or None. Same work whether or not the name exists.

    A bare check: it records nothing and is not throttled. Logins go through :func:`login`.
    """
    name = _normal_username(username)
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None or not user.is_active:
        verify_password(_dummy_hash(), password)
        return None
    return user if verify_password(user.password_hash, password) else None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("not-a-real-password")


def _normal_username(username: str) -> str:
    return (clean(username) or "").lower()


# --- logging in, with throttling ---------------------------------------------------------------

BAD_CREDENTIALS = "Sai tên đăng nhập hoặc mật khẩu."
DISABLED = "Tài khoản đã bị vô hiệu hóa, hãy liên hệ quản trị viên."


class LoginRefused(ServiceError):
    """A login that did not succeed; the message is fit to show on the login page."""

    def __init__(
        self,
        message: str,
        reason: Literal["credentials", "disabled", "locked"],
        retry_after_minutes: int | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.retry_after_minutes = retry_after_minutes


@dataclass(frozen=True)
class LoginResult:
    """What :func:`login` decided. Commit the transaction first, then act on it::

    with session_scope(engine, write=True) as session:
        result = accounts.login(name, password, session=session, address=ip)
    user = result.user_or_raise()  # LoginRefused after the attempt is safely recorded
    """

    user: User | None
    refusal: LoginRefused | None = None

    @property
    def ok(self) -> bool:
        return self.user is not None

    def user_or_raise(self) -> User:
        if self.user is None:
            assert self.refusal is not None
            raise self.refusal
        return self.user


def login(
    username: str,
    password: str,
    *,
    session: Session,
    address: str | None,
    now: datetime | None = None,
) -> LoginResult:
    """Check a login and record it: one :class:`LoginAttempt` row for every try, and an audit
    entry (``login``, ``login_failed`` or ``login_locked``, with the username as typed). Call it
    in a write transaction (``session_scope(write=True)``), as the login page does.

    ``settings.login_max_failures`` failures for one account, or
    ``settings.login_max_failures_per_address`` from one address, within the last
    ``settings.login_lock_minutes`` lock further tries, even with the right password; a refused
    try counts as a failure too, so the lock lifts once the window has passed without new tries.
    A success clears the account's count (not the address's).

    Never raises for a refused login: the result carries the refusal, so that the caller's
    transaction commits the attempt (an exception would roll it back and defeat the throttle).
    """
    settings = get_settings()
    window = timedelta(minutes=settings.login_lock_minutes)
    typed = (username or "")[:80]
    name = _normal_username(username)[:80]
    where = (address or "")[:100] or None
    # Tries at the same account or from the same address are decided one at a time, and the
    # clock is read only then: otherwise a burst of parallel tries all count the failures
    # before any is recorded, and each gets its password checked.
    serialize(session, f"login:{name}")
    if where is not None:
        serialize(session, f"login-address:{where}")
    moment = _aware(now)

    last_success = session.exec(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == name, col(LoginAttempt.succeeded).is_(True)
        )
    ).one()
    since = moment - window
    if last_success is not None:
        since = max(since, _aware(last_success))
    unlock_at = _unlock_at(
        col(LoginAttempt.username) == name,
        since,
        settings.login_max_failures,
        window,
        moment,
        session,
    )
    if where is not None:
        by_address = _unlock_at(
            col(LoginAttempt.address) == where,
            moment - window,
            settings.login_max_failures_per_address,
            window,
            moment,
            session,
        )
        if by_address is not None and (unlock_at is None or by_address > unlock_at):
            unlock_at = by_address

    def attempt(succeeded: bool) -> None:
        session.add(LoginAttempt(at=moment, username=name, address=where, succeeded=succeeded))
        session.flush()

    if unlock_at is not None:
        attempt(False)
        minutes = max(1, math.ceil((unlock_at - moment).total_seconds() / 60))
        audit.record(
            session=session,
            actor=None,
            action="login_locked",
            username=typed,
            address=where,
            after={"until": unlock_at},
        )
        message = f"Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau {minutes} phút."
        return LoginResult(None, LoginRefused(message, "locked", minutes))

    user = session.exec(select(User).where(User.username == name)).first()
    if user is None:
        verify_password(_dummy_hash(), password)  # the same work as for a real account
        reason: Literal["credentials", "disabled"] = "credentials"
    elif not verify_password(user.password_hash, password):
        reason = "credentials"
    elif not user.is_active:
        reason = "disabled"  # told only to someone who knows the password
    else:
        attempt(True)
        audit.record(
            session=session,
            actor=user,
            action="login",
            entity="app_user",
            entity_id=user.id,
            address=where,
        )
        return LoginResult(user)

    attempt(False)
    audit.record(
        session=session,
        actor=None,
        action="login_failed",
        username=typed,
        address=where,
        entity="app_user" if user else None,
        entity_id=user.id if user else None,
        after={"reason": "disabled" if reason == "disabled" else "credentials"},
    )
    message = DISABLED if reason == "disabled" else BAD_CREDENTIALS
    return LoginResult(None, LoginRefused(message, reason))


def _unlock_at(
    who: ColumnElement[bool],
    since: datetime,
    limit: int,
    window: timedelta,
    moment: datetime,
    session: Session,
) -> datetime | None:
    """None if fewer than ``limit`` failures since ``since``; else when the lock lifts, counting
    the try about to be refused (the ``limit``-th most recent failure leaves the window)."""
    times = session.exec(
        select(LoginAttempt.at)
        .where(
            who,
            col(LoginAttempt.succeeded).is_(False),
            LoginAttempt.at > since,
            LoginAttempt.at <= moment,
        )
        .order_by(col(LoginAttempt.at).desc())
        .limit(limit)
    ).all()
    if len(times) < limit:
        return None
    # With this try added, the failure that must leave the window is the (limit - 1)-th stored.
    oldest = moment if limit <= 1 else _aware(times[limit - 2])
    return oldest + window


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("naive datetime; attach a time zone first")
    return moment


# --- administration of accounts ----------------------------------------------------------------


def require_admin(actor: User) -> None:
    permissions.require_admin(actor, "quản lý tài khoản")


def _user(user_id: int, *, session: Session) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"Không có tài khoản số {user_id}.")
    return user


def disable_user(actor: User, user_id: int, *, session: Session) -> User:
    """Stop an account: it can no longer log in and its open sessions end at once."""
    require_admin(actor)
    user = _user(user_id, session=session)
    if user.id == actor.id:
        raise InvalidInput("tài khoản", "không thể tự vô hiệu hóa tài khoản của chính mình.")
    before = snapshot(user)
    user.is_active = False
    audit.save(user, session=session, actor=actor, action="user.disable", before=before)
    assert user.id is not None
    sessions.revoke_all(user.id, session=session)
    return user


def enable_user(actor: User, user_id: int, *, session: Session) -> User:
    require_admin(actor)
    user = _user(user_id, session=session)
    before = snapshot(user)
    user.is_active = True
    audit.save(user, session=session, actor=actor, action="user.enable", before=before)
    return user


def reset_password(
    actor: User,
    user_id: int,
    new_password: str,
    *,
    session: Session,
    now: datetime | None = None,
) -> User:
    """An administrator sets someone's password; every open session of that account ends."""
    require_admin(actor)
    user = _user(user_id, session=session)
    check_password_policy(new_password, session=session)
    before = snapshot(user)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = _aware(now)
    audit.save(user, session=session, actor=actor, action="user.reset_password", before=before)
    assert user.id is not None
    sessions.revoke_all(user.id, session=session)
    return user


def change_password(
    actor: User,
    old_password: str,
    new_password: str,
    *,
    session: Session,
    now: datetime | None = None,
) -> User:
    """Anyone changes their own password, knowing the current one. Every open session of the
    account ends, the current one included: start a new one afterwards."""
    user = _user(actor.id or 0, session=session)
    if not user.is_active:
        raise PermissionDenied("Tài khoản đã bị vô hiệu hóa.")
    if not verify_password(user.password_hash, old_password):
        raise InvalidInput("mật khẩu hiện tại", "không đúng.")
    if new_password == old_password:
        raise InvalidInput("mật khẩu mới", "phải khác mật khẩu hiện tại.")
    try:
        check_password_policy(new_password, session=session)
    except InvalidInput as error:
        raise InvalidInput("mật khẩu mới", error.message) from error
    before = snapshot(user)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = _aware(now)
    audit.save(user, session=session, actor=user, action="user.change_password", before=before)
    assert user.id is not None
    sessions.revoke_all(user.id, session=session)
    return user


def change_role(
    actor: User,
    user_id: int,
    role: Role | str,
    unit_id: int | None,
    *,
    session: Session,
) -> User:
    """Give an account another role: a secretary needs a unit, leaders and admins none.

    An administrator cannot change their own role (so one administrator always remains).
    """
    require_admin(actor)
    user = _user(user_id, session=session)
    try:
        new_role = Role(role)
    except ValueError as error:
        raise InvalidInput("vai trò", f"'{role}' không phải là vai trò đã biết.") from error
    if user.id == actor.id:
        raise InvalidInput("vai trò", "không thể tự đổi vai trò của chính mình.")
    if new_role is Role.SECRETARY:
        if unit_id is None:
            raise InvalidInput("đơn vị", "thư ký phải thuộc một đơn vị.")
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise InvalidInput("đơn vị", f"không có đơn vị số {unit_id}.")
        if not unit.is_active:
            raise InvalidInput("đơn vị", f"{unit.name} đã ngừng hoạt động.")
    elif unit_id is not None:
        raise InvalidInput("đơn vị", "chỉ tài khoản thư ký gắn với đơn vị.")
    before = snapshot(user)
    user.role = new_role
    user.unit_id = unit_id
    audit.save(user, session=session, actor=actor, action="user.change_role", before=before)
    return user
