"""Accounts: argon2id password hashes, usernames, creating users, and the administration of
accounts (disable, enable, reset or change a password, change a role). Logging in is
:mod:`directives.services.logins`.

A new username is NFC, lower case, at most as long as its column, made of a–z, 0–9 and
". - _" only, and must not look like an existing one: :func:`username_key` folds what people
confuse ("0"/"o", "1"/"l"/"i", "rn"/"m", "vv"/"w", and ".", "-", "_" alike), so that
"thuky.giao-an" with a zero-width space, a Cyrillic "а" or "thuky_giao-an" is refused beside it.

Like every service, nothing here commits: the caller owns the transaction.
"""

import re
import unicodedata
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from directives.models import AppMeta, Role, Unit, User, table
from directives.services import audit, permissions, sessions
from directives.services.audit import snapshot
from directives.services.errors import InvalidInput, NotFound, PermissionDenied
from directives.text import clean

MIN_PASSWORD_LENGTH = 10
EMAIL_MAX = 254
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


def aware(moment: datetime | None) -> datetime:
    """``moment``, or now (UTC) when None; a naive datetime is refused."""
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("naive datetime; attach a time zone first")
    return moment


# --- usernames ---------------------------------------------------------------------------------

USERNAME_LENGTH = int(getattr(table(User).c.username.type, "length", 80))
"""The most characters a username has: the length of its column."""
_SAFE = re.compile(r"[a-z0-9._-]")
_LOOK_ALIKE = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"), ("|", "l"))


def normal_username(username: str) -> str:
    """A username as typed, as it is stored and looked up: NFC, trimmed, lower case."""
    return (clean(username) or "").lower()


def username_key(username: str) -> str:
    """What a username looks like: two names with the same key are easy to mistake."""
    key = normal_username(username)
    for seen, meant in _LOOK_ALIKE:
        key = key.replace(seen, meant)
    return re.sub(r"[._-]+", ".", key)


def check_username(username: str, *, session: Session) -> str:
    """The username to store for ``username``, or :class:`InvalidInput` saying what is wrong:
    empty, too long, a character outside a–z, 0–9 and ". - _" (which one, where), or too like
    an existing account's."""
    name = normal_username(username)
    field = "tên đăng nhập"
    if not name:
        raise InvalidInput(field, "không được để trống.")
    if len(name) > USERNAME_LENGTH:
        raise InvalidInput(field, f"dài {len(name)} ký tự, tối đa {USERNAME_LENGTH} ký tự.")
    for position, char in enumerate(name, start=1):
        if not _SAFE.fullmatch(char):
            code = f"U+{ord(char):04X}"
            visible = unicodedata.category(char)[0] not in "CZ"
            shown = f"“{char}” ({code})" if visible else f"ký tự ẩn {code}"
            if char == " ":
                shown = "dấu cách"
            raise InvalidInput(
                field,
                f"{shown} ở vị trí {position} không được dùng; chỉ dùng chữ a–z không dấu, "
                "chữ số 0–9 và các dấu . - _",
            )
    if session.exec(select(User).where(User.username == name)).first() is not None:
        raise InvalidInput(field, f"'{name}' đã có người dùng.")
    key = username_key(name)
    for existing in session.exec(select(User.username)).all():
        if username_key(existing) == key:
            raise InvalidInput(
                field,
                f"'{name}' dễ nhầm với tài khoản đã có '{existing}'; hãy chọn tên khác.",
            )
    return name


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
    email: str | None = None,
) -> User:
    """Add an account. A secretary must belong to a unit; others must not.

    With an ``actor`` (the administration screens) only an administrator may do it, and it is
    audited; without one (the command line, the demo) the caller is trusted.
    """
    if actor is not None:
        require_admin(actor)
    name = check_username(username, session=session)
    if role is Role.SECRETARY and unit is None:
        raise InvalidInput("đơn vị", "thư ký phải thuộc một đơn vị.")
    if role is not Role.SECRETARY and unit is not None:
        raise InvalidInput("đơn vị", "chỉ tài khoản thư ký gắn với đơn vị.")
    check_password_policy(password, session=session)
    user = User(
        username=name,
        full_name=clean(full_name) or name,
        title=clean(title),
        email=check_email(email),
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


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def check_email(email: str | None) -> str | None:
    """An email address, trimmed, or None when blank; InvalidInput when it is not one."""
    address = clean(email)
    if not address:
        return None
    if len(address) > EMAIL_MAX or not _EMAIL.fullmatch(address) or not address.isascii():
        raise InvalidInput(
            "thư điện tử", f"'{address}' không phải là địa chỉ thư (ví dụ ten@example.org)."
        )
    return address


def change_email(actor: User, user_id: int, email: str | None, *, session: Session) -> User:
    """Set or clear an account's email address (where reminders and follow-ups are sent);
    administrators only, audited."""
    require_admin(actor)
    user = _user(user_id, session=session)
    address = check_email(email)
    if address == user.email:
        return user
    before = snapshot(user)
    user.email = address
    audit.save(user, session=session, actor=actor, action="user.change_email", before=before)
    return user


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
    user.password_changed_at = aware(now)
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
    user.password_changed_at = aware(now)
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
