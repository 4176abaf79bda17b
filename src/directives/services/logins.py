"""Logging in: checking credentials, and throttling guesses per account, per network address,
per browser session and overall.

Like every service, nothing here commits: the caller owns the transaction. :func:`login` therefore
*returns* a :class:`LoginResult` instead of raising, so that the attempt it records (and the audit
entries) are committed with the caller's normal block even when the login is refused.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Literal

import sqlalchemy as sa
from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from directives.config import get_settings
from directives.db import serialize
from directives.models import LoginAttempt, User
from directives.services import audit
from directives.services.accounts import aware, hash_password, normal_username, verify_password
from directives.services.errors import ServiceError


def authenticate(username: str, password: str, *, session: Session) -> User | None:
    """The active user with these credentials, or None. Same work whether or not the name exists.

    A bare check: it records nothing and is not throttled. Logins go through :func:`login`.
    """
    name = normal_username(username)
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None or not user.is_active:
        verify_password(_dummy_hash(), password)
        return None
    return user if verify_password(user.password_hash, password) else None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")


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
        result = logins.login(name, password, session=session, address=ip)
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
    browser_failures: Sequence[datetime] = (),
    now: datetime | None = None,
) -> LoginResult:
    """Check a login and record it: one :class:`LoginAttempt` row for every try, and an audit
    entry (``login``, ``login_failed`` or ``login_locked``, with the username as typed). Call it
    in a write transaction (``session_scope(write=True)``), as the login page does.

    Within the last ``settings.login_lock_minutes``, further tries are locked, even with the
    right password, after:

    - ``settings.login_max_failures`` failures for one account (a success clears its count);
    - ``settings.login_max_failures_per_address`` from one network address, when the address is
      known (see :func:`directives.ui.auth.client_address`);
    - ``settings.login_max_failures_per_browser`` from one browser session: ``browser_failures``
      are the times of that session's failed tries, which the page keeps (this limit holds
      without an address);
    - ``settings.login_max_failures_overall`` failures in all, from anywhere: the ceiling for
      guessing spread over many addresses and sessions.

    A refused try counts as a failure too, so a lock lifts once the window has passed without
    new tries.

    Never raises for a refused login: the result carries the refusal, so that the caller's
    transaction commits the attempt (an exception would roll it back and defeat the throttle).
    """
    settings = get_settings()
    window = timedelta(minutes=settings.login_lock_minutes)
    typed = (username or "")[:80]
    name = normal_username(username)[:80]
    where = (address or "")[:100] or None
    # Tries at the same account or from the same address are decided one at a time, and the
    # clock is read only then: otherwise a burst of parallel tries all count the failures
    # before any is recorded, and each gets its password checked.
    serialize(session, f"login:{name}")
    if where is not None:
        serialize(session, f"login-address:{where}")
    moment = aware(now)

    last_success = session.exec(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.username == name, col(LoginAttempt.succeeded).is_(True)
        )
    ).one()
    since = moment - window
    if last_success is not None:
        since = max(since, aware(last_success))
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
        unlock_at = _later(unlock_at, by_address)
    unlock_at = _later(
        unlock_at,
        _browser_unlock_at(
            browser_failures, settings.login_max_failures_per_browser, window, moment
        ),
    )
    overall = _unlock_at(
        sa.true(),
        moment - window,
        settings.login_max_failures_overall,
        window,
        moment,
        session,
    )
    unlock_at = _later(unlock_at, overall)

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
        if overall is not None and unlock_at == overall:
            message = (
                "Hệ thống tạm ngừng nhận đăng nhập do có quá nhiều lần đăng nhập sai, thử lại "
                f"sau {minutes} phút."
            )
        else:
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
    oldest = moment if limit <= 1 else aware(times[limit - 2])
    return oldest + window


def _browser_unlock_at(
    failures: Sequence[datetime], limit: int, window: timedelta, moment: datetime
) -> datetime | None:
    """As :func:`_unlock_at`, over the failure times one browser session kept."""
    recent = sorted(
        (aware(t) for t in failures if moment - window < aware(t) <= moment), reverse=True
    )
    if len(recent) < limit:
        return None
    oldest = moment if limit <= 1 else recent[limit - 2]
    return oldest + window


def _later(first: datetime | None, second: datetime | None) -> datetime | None:
    if first is None or (second is not None and second > first):
        return second
    return first
