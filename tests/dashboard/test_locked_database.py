"""A long import holding SQLite's write lock: pages keep reading (WAL readers do not wait on a
writer, and a page run writes nothing it must), and a run that does meet the lock past the busy
timeout reads a message in Vietnamese, not a traceback."""

import sqlite3

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from directives import db
from directives.ui.guard import BUSY
from tests.dashboard.conftest import app_test, shown


def test_pages_keep_reading_while_an_import_holds_the_write_lock(
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
        assert not at.warning, [shown(w.value) for w in at.warning]
        assert at.title[0].value == "Tổng quan thực hiện kết luận"
    finally:
        importer.execute("ROLLBACK")
        importer.close()
    at.run()  # the import is over
    assert not at.exception and not at.warning


def _locked_page() -> None:
    import sqlalchemy as sa

    from directives.ui.guard import when_busy

    with when_busy():
        raise sa.exc.OperationalError("INSERT …", {}, Exception("database is locked"))


def test_a_run_that_meets_the_lock_says_so_in_vietnamese() -> None:
    at = AppTest.from_function(_locked_page).run()
    assert not at.exception, at.exception
    assert [shown(w.value) for w in at.warning] == [BUSY[0]]
