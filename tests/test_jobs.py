"""The background jobs of serve: the day's reminders run once the hour has come, once a day, and
the loop delivers while it holds the jobs lock, then lets the lock go when stopped."""

import threading
import time
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from directives import jobs
from directives.config import get_settings
from directives.db import session_scope
from directives.models import AppMeta, Message

BEFORE_HOUR = datetime(2026, 11, 30, 23, 0, tzinfo=UTC)  # 06:00 in Hà Nội
AFTER_HOUR = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội


def messages(engine: Engine) -> int:
    with session_scope(engine) as session:
        return len(session.exec(select(Message.id)).all())


def test_reminders_run_once_a_day_after_the_hour(demo_engine: Engine) -> None:
    settings = get_settings()
    assert not jobs.remind_if_due(demo_engine, settings, now=BEFORE_HOUR)
    assert messages(demo_engine) == 0
    assert jobs.remind_if_due(demo_engine, settings, now=AFTER_HOUR)
    sent = messages(demo_engine)
    assert sent > 0  # the demo reminds as of its own day, 15/10/2021
    with session_scope(demo_engine) as session:
        last = session.get(AppMeta, jobs.LAST_REMIND_KEY)
        assert last is not None and last.value == "2021-10-15"
    assert not jobs.remind_if_due(demo_engine, settings, now=AFTER_HOUR)
    assert messages(demo_engine) == sent


def test_the_loop_holds_the_lock_and_lets_it_go_when_stopped(demo_engine: Engine) -> None:
    stop = threading.Event()
    loop = threading.Thread(target=jobs.background_loop, args=(demo_engine, stop, 0.05))
    loop.start()
    other = jobs.JobsLock(demo_engine)
    try:
        for _ in range(400):  # until the loop holds the lock, another process cannot take it
            if not other.acquire():
                break
            other.release()
            time.sleep(0.05)
        else:
            raise AssertionError("the loop never took the jobs lock")
    finally:
        stop.set()
        loop.join(timeout=30)
    assert not loop.is_alive()
    assert other.acquire()  # released as the loop ended
    other.release()
