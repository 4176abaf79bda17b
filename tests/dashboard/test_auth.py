"""Logging in while another connection holds SQLite's write lock: the page waits the busy
timeout, then says in Vietnamese that the system is busy; no traceback, nobody logged in."""

import sqlite3

import pytest
import sqlalchemy as sa

from directives import db
from directives.db import is_sqlite
from directives.ui.auth import BUSY
from directives.ui.session import USER_KEY
from tests.dashboard.conftest import app_test, shown


def test_a_login_that_meets_a_locked_database_says_so(
    demo_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not is_sqlite(demo_env):
        pytest.skip("PostgreSQL has no database-wide write lock")
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 300)  # wait briefly, as configured
    at = app_test(demo_env, username=None).run()
    assert not at.exception
    holder = sqlite3.connect(str(sa.make_url(demo_env).database), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # an import writing, say
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
