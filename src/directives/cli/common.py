"""What the commands share: the configured database and the parsing of days."""

from datetime import date

import typer
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


def parse_day(value: str) -> date:
    for parse in (date.fromisoformat, _parse_vn_day):
        try:
            return parse(value)
        except ValueError:
            continue
    raise typer.BadParameter(f"'{value}' is not a date: use YYYY-MM-DD or dd/mm/yyyy")


def _parse_vn_day(value: str) -> date:
    day, month, year = (int(part) for part in value.split("/"))
    return date(year, month, day)
