"""Server-side sessions: the browser keeps a random token, the database only its SHA-256.

A session is good while it is not revoked, not expired, its account is active, and it was started
after the account's last password change. Disabling an account or changing its password revokes
its open sessions at once (:func:`revoke_all`); the password check in :func:`resume` is a second
guard for sessions started elsewhere in the same instant.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from directives.config import get_settings
from directives.models import User, UserSession
from directives.services import audit
from directives.services.errors import PermissionDenied

LAST_SEEN_RESOLUTION = timedelta(minutes=1)
"""``last_seen_at`` is rewritten at most this often, so that page views seldom need a write."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(
    user: User,
    *,
    session: Session,
    address: str | None,
    now: datetime | None = None,
) -> str:
    """Open a session for ``user`` (after :func:`directives.services.logins.login` succeeded)
    and return its token; only the token's hash is stored."""
    if not user.is_active:
        raise PermissionDenied("Tài khoản đã bị vô hiệu hóa.")
    assert user.id is not None
    moment = _aware(now)
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            user_id=user.id,
            token_hash=token_hash(token),
            created_at=moment,
            expires_at=moment + timedelta(hours=get_settings().session_hours),
            last_seen_at=moment,
            address=(address or "")[:100] or None,
        )
    )
    session.flush()
    return token


def _find(token: str, *, session: Session) -> UserSession | None:
    if not token:
        return None
    return session.exec(
        select(UserSession).where(UserSession.token_hash == token_hash(token))
    ).first()


def resume(
    token: str, *, session: Session, now: datetime | None = None, touch: bool = True
) -> User | None:
    """The active user of this token's session, or None if there is no good session.

    With ``touch`` it updates ``last_seen_at`` (at most once a minute), so call it in a write
    transaction; without, it only reads (a page view need not wait for a writer: see
    :func:`touch_due`).
    """
    row = _find(token, session=session)
    if row is None or row.revoked_at is not None:
        return None
    moment = _aware(now)
    if moment >= row.expires_at:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    if user.password_changed_at is not None and row.created_at < user.password_changed_at:
        return None
    if touch and _due(row, moment):
        row.last_seen_at = moment
        session.add(row)
        session.flush()
    return user


def touch_due(token: str, *, session: Session, now: datetime | None = None) -> bool:
    """Whether :func:`resume` with ``touch`` would write ``last_seen_at`` now."""
    row = _find(token, session=session)
    return row is not None and _due(row, _aware(now))


def _due(row: UserSession, moment: datetime) -> bool:
    return row.last_seen_at is None or moment - row.last_seen_at >= LAST_SEEN_RESOLUTION


def end(token: str, *, session: Session, now: datetime | None = None) -> bool:
    """Log out: revoke the token's session. False if there was no open session."""
    row = _find(token, session=session)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = _aware(now)
    session.add(row)
    session.flush()
    user = session.get(User, row.user_id)
    audit.record(
        session=session,
        actor=user,
        action="logout",
        entity="user_session",
        entity_id=row.id,
        address=row.address,
    )
    return True


def revoke_all(user_id: int, *, session: Session, now: datetime | None = None) -> int:
    """Revoke every open session of an account; how many there were.

    Not audited on its own: it is part of a change that is (disabling, a new password).
    """
    moment = _aware(now)
    rows = session.exec(
        select(UserSession).where(
            UserSession.user_id == user_id, col(UserSession.revoked_at).is_(None)
        )
    ).all()
    for row in rows:
        row.revoked_at = moment
        session.add(row)
    session.flush()
    return len(rows)


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("naive datetime; attach a time zone first")
    return moment
