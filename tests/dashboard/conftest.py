"""AppTest helpers: a leader logged in on a copy of the demo database."""

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit as st
from google.protobuf import text_format
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from directives.db import make_engine, session_scope
from directives.models import User
from directives.queries.cache import FIGURES
from directives.queries.overview import status_counts
from directives.queries.state import Filters
from directives.services import sessions
from directives.status import Counts
from directives.ui.auth import TOKEN_KEY

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT_S = 60
AS_OF = date(2021, 10, 15)


@pytest.fixture
def demo_env(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    FIGURES.clear()
    return demo_url


def token(url: str, username: str) -> str:
    """A session token for ``username``, as a login would have given the browser."""
    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        result = sessions.start(user, session=session, address="127.0.0.1")
    engine.dispose()
    return result


def app_test(url: str, username: str | None = "lanhdao") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    if username:
        at.session_state[TOKEN_KEY] = token(url, username)
    return at


def page_test(url: str, page: str, **state: object) -> AppTest:
    """A leader on ``page`` (a file under dashboard/views), with ``state`` set before the run."""
    at = app_test(url).run()
    for key, value in state.items():
        at.session_state[key] = value
    return at.switch_page(f"views/{page}.py").run()


def figures(url: str, filters: Filters) -> Counts:
    engine = make_engine(url)
    with session_scope(engine) as session:
        counts = status_counts(session, filters)
    engine.dispose()
    return counts


def shown(markdown: str) -> str:
    """What a Markdown element shows: the text without the escapes ``ui.markup.plain`` adds."""
    return re.sub(r"\\(.)", r"\1", markdown)


def metric(at: AppTest, label: str) -> str:
    for metric in at.metric:
        if metric.label == label:
            return str(metric.value)
    raise AssertionError(f"no metric {label!r}; have {[m.label for m in at.metric]}")


def admin_on(url: str, page: str) -> AppTest:
    """The administrator on ``page`` (a file under dashboard/views)."""
    at = app_test(url, "quantri").run()
    return at.switch_page(f"views/{page}.py").run()


def count(url: str, model: type) -> int:
    """The rows of ``model`` in the database at ``url``."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        total = session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
    engine.dispose()
    return int(total)


def errors(at: AppTest) -> list[str]:
    return [shown(e.value) for e in at.error]


def texts(node: object) -> Iterator[str]:
    """Every text an element tree holds: labels, values, options, help, tables, chart specs."""
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "ListFields"):
        yield text_format.MessageToString(proto, as_utf8=True)
    if type(node).__name__ in ("Dataframe", "Table"):
        yield getattr(node, "value").to_string()
    children = getattr(node, "children", None) or {}
    for child in children.values():
        yield from texts(child)
