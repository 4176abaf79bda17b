"""What the commands share: the configured database."""

from sqlmodel import select

from directives.config import get_settings
from directives.db import make_engine, session_scope
from directives.models import Unit


def database_url() -> str:
    return get_settings().database_url


def is_empty(url: str) -> bool:
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            return session.exec(select(Unit)).first() is None
    finally:
        engine.dispose()


def load_demo(url: str) -> None:
    from directives.demo.build import load_demo

    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        load_demo(session=session)
    engine.dispose()
