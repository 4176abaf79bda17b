"""Accounts: argon2id password hashes, creating users, checking a login."""

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from directives.models import AppMeta, Role, Unit, User
from directives.services.errors import InvalidInput
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
    username: str,
    full_name: str,
    password: str,
    role: Role,
    unit: Unit | None = None,
    title: str | None = None,
) -> User:
    """Add an account. A secretary must belong to a unit; others must not."""
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
    return user


def authenticate(username: str, password: str, *, session: Session) -> User | None:
    """The active user with these credentials, or None. Same work whether or not the name exists."""
    name = (clean(username) or "").lower()
    user = session.exec(select(User).where(User.username == name)).first()
    if user is None or not user.is_active:
        verify_password(_dummy_hash(), password)
        return None
    return user if verify_password(user.password_hash, password) else None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("not-a-real-password")
