"""A reader that meets the database locked by a long import (another connection holding SQLite's
write lock) waits the busy timeout, then reads a message in Vietnamese, not a traceback."""

import sqlite3

import pytest
import sqlalchemy as sa

from directives import db
from directives.ui.guard import BUSY
from tests.dashboard.conftest import app_test, shown


def test_a_locked_database_says_so_then_the_page_comes_back(
    demo_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sa.make_url(demo_env)
    if url.get_backend_name() != "sqlite":
        pytest.skip("SQLite's write lock; PostgreSQL readers do not wait on writers")
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)  # wait briefly in the test
    at = app_test(demo_env)  # logged in before the import starts
    importer = sqlite3.connect(str(url.database), isolation_level=None)
    try:
        importer.execute("BEGIN IMMEDIATE")  # a long import holds the write lock
        at.run()
        assert not at.exception, at.exception
        assert [shown(w.value) for w in at.warning] == [BUSY[0]]
    finally:
        importer.execute("ROLLBACK")
        importer.close()
    at.run()  # the import is over: the reload shows the overview
    assert not at.exception and not at.warning
    assert at.title[0].value == "Tổng quan thực hiện kết luận"
