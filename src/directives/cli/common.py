"""What the commands share: the configured database."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session, select

from directives.config import get_settings
from directives.db import make_engine, session_scope
from directives.models import Unit


def database_url() -> str:
    return get_settings().database_url


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
