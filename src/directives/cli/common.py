"""What the commands share: the configured database."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session, select

from directives.config import Settings, get_settings
from directives.db import make_engine, session_scope
from directives.models import Unit


def database_url() -> str:
    return get_settings().database_url


def interactive() -> bool:
    """Whether someone is at a terminal to answer questions (else answers come from a script)."""
    return sys.stdin.isatty()


def is_demo_database(url: str) -> bool:
    """Whether ``url`` is the default database of the checkout (``data/directives.db``), the only
    one ``make run`` fills with the demo; a database the user named never gets demo data."""
    default = Settings.model_fields["database_url"].default
    return isinstance(default, str) and url == default


FIRST_STEPS = (
    "Chưa có tài khoản nào. Để bắt đầu:\n"
    "  1. Khai báo cơ quan: cấp (--level tinh cho tỉnh, --level xa cho xã) "
    "và các cơ quan ban hành:\n"
    '     directives init-db --level tinh --issuer "UBND tỉnh Quảng Trị" '
    '--issuer "Tỉnh ủy Quảng Trị"\n'
    "  2. Tạo quản trị viên đầu tiên (mật khẩu được hỏi, không ghi trên dòng lệnh):\n"
    '     directives users add <tên đăng nhập> --role admin --full-name "Họ và tên"\n'
)
"""What to do on a database with no account yet, as ``serve`` and ``init-db`` print it."""


@contextmanager
def database(url: str | None = None, *, write: bool = False) -> Iterator[Session]:
    """One transaction on the configured database (or ``url``), committed if the block ends
    normally; the engine is closed however it ends (a refusal included)."""
    engine = make_engine(url or database_url())
    try:
        with session_scope(engine, write=write) as session:
            yield session
    finally:
        engine.dispose()


def is_empty(url: str) -> bool:
    with database(url) as session:
        return session.exec(select(Unit)).first() is None


def load_demo(url: str) -> None:
    from directives.demo.build import load_demo

    with database(url, write=True) as session:
        load_demo(session=session)
