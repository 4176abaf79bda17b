"""Logging in while another connection holds SQLite's write lock: the page waits the busy
timeout, then says in Vietnamese that the system is busy; no traceback, nobody logged in."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from directives import db
from directives.db import is_sqlite, make_engine, session_scope
from directives.models import UserSession
from directives.ui.auth import BUSY
from directives.ui.session import USER_KEY
from tests.dashboard.conftest import app_test, shown


def hold_write_lock(url: str) -> sqlite3.Connection:
    holder = sqlite3.connect(str(sa.make_url(url).database), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # an import writing, say
    return holder


def test_a_login_that_meets_a_locked_database_says_so(
    demo_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not is_sqlite(demo_env):
        pytest.skip("PostgreSQL has no database-wide write lock")
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 300)  # wait briefly, as configured
    at = app_test(demo_env, username=None).run()
    assert not at.exception
    holder = hold_write_lock(demo_env)
    try:
        at.text_input[0].set_value("lanhdao")
        at.text_input[1].set_value("giaothuy2021")
        at.button[0].click().run()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not at.exception
    assert shown(at.error[0].value) == BUSY
    assert USER_KEY not in at.session_state
    at.button[0].click().run()  # once the writer is done, the same login goes through
    assert not at.exception
    assert at.session_state[USER_KEY].username == "lanhdao"


def test_pages_keep_showing_while_a_long_write_holds_the_database(
    demo_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not is_sqlite(demo_env):
        pytest.skip("PostgreSQL has no database-wide write lock")
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 300)
    at = app_test(demo_env).run()  # a leader, logged in
    assert at.session_state[USER_KEY].username == "lanhdao"
    engine = make_engine(demo_env)
    with session_scope(engine, write=True) as session:  # the visit is due to be noted
        for row in session.exec(select(UserSession)):
            row.last_seen_at = datetime.now(UTC) - timedelta(hours=2)
            session.add(row)
    engine.dispose()
    holder = hold_write_lock(demo_env)
    try:
        at.run()  # the session is checked by a read; noting the visit is skipped while busy
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not at.exception
    assert at.session_state[USER_KEY].username == "lanhdao"
    assert at.title[0].value == "Tổng quan thực hiện kết luận"
