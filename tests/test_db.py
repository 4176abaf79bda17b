"""db.session_scope: write transactions on one SQLite file take turns within a process (the
dashboard's users are threads of one process), so none waits on SQLite's polling."""

import threading
import time

import pytest
from sqlalchemy.engine import Engine

from directives.db import is_sqlite, session_scope


def test_write_scopes_of_one_process_take_turns(engine: Engine) -> None:
    if not is_sqlite(engine.url):
        pytest.skip("PostgreSQL writers do not queue: rows are locked one by one")
    events: list[str] = []
    first_inside, second_started = threading.Event(), threading.Event()

    def first() -> None:
        with session_scope(engine, write=True):
            events.append("first in")
            first_inside.set()
            second_started.wait(timeout=10)
            time.sleep(0.2)  # room for the second to reach its turn, if it did not wait
            events.append("first out")

    def second() -> None:
        first_inside.wait(timeout=10)
        second_started.set()
        with session_scope(engine, write=True):
            events.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert events == ["first in", "first out", "second in"]


def test_read_scopes_do_not_wait_for_a_writer(engine: Engine) -> None:
    with session_scope(engine, write=True) as writing:
        writing.connection()
        with session_scope(engine) as reading:
            assert reading.connection().exec_driver_sql("SELECT 1").scalar() == 1
