"""The background work of notifications, each step in its own transaction: the day's reminder
run, the delivery worker, and the lock that lets one process of many run them.

``directives remind`` and ``directives worker`` call :func:`remind` and :func:`deliver_due`;
``directives serve`` starts :func:`start_background` in the dashboard process, which runs both
only while it holds the jobs lock (a PostgreSQL advisory lock, or on SQLite a lease row in
``app_meta`` that expires), so two dashboard processes never deliver the same message twice.
"""

import logging
import os
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from directives.config import Settings, get_settings
from directives.db import session_scope
from directives.models import AppMeta, Channel, DeliveryStatus, table
from directives.services import channels, delivery, reminders
from directives.services.meta import store
from directives.services.reminders import Digest

log = logging.getLogger(__name__)

LEASE_KEY = "jobs_lease"
LAST_REMIND_KEY = "jobs_last_remind"
ADVISORY_LOCK_ID = 0x64697265  # "dire"
LEASE_SECONDS = 120
LOOP_SECONDS = 15.0


def worker_name() -> str:
    """Who holds a claim: host, process and a random part (two threads never share it)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


# --- the reminder run --------------------------------------------------------------------------


def remind(engine: Engine, as_of: date, *, dry_run: bool = False) -> list[Digest]:
    """Run the rules for ``as_of`` in one transaction (nothing written with ``dry_run``)."""
    with session_scope(engine, write=not dry_run) as session:
        return reminders.run(session, as_of, dry_run=dry_run)


# --- the worker --------------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def send(claimed: delivery.Claimed, settings: Settings, mailer: channels.Mailer) -> None:
    if claimed.channel == Channel.WEBHOOK.value:
        channels.send_webhook(claimed.outgoing, claimed.address, settings)
    else:
        mailer.send(claimed.outgoing, claimed.address)


def deliver_due(
    engine: Engine,
    *,
    worker: str | None = None,
    settings: Settings | None = None,
    batch: int = 50,
    now: datetime | None = None,
) -> DeliveryReport:
    """Deliver every delivery due now, batch by batch, until none is left to claim; each claim
    and each outcome is its own short transaction, sends happen outside any."""
    worker = worker or worker_name()
    settings = settings or get_settings()
    report = DeliveryReport()
    while True:
        with session_scope(engine, write=True) as session:
            batch_rows = delivery.claim(session=session, worker=worker, limit=batch, now=now)
        if not batch_rows:
            return report
        with channels.Mailer(settings) as mailer:  # one SMTP connection for the batch
            _deliver_batch(engine, batch_rows, worker, settings, mailer, report, now)


def _deliver_batch(
    engine: Engine,
    batch_rows: list[delivery.Claimed],
    worker: str,
    settings: Settings,
    mailer: channels.Mailer,
    report: DeliveryReport,
    now: datetime | None,
) -> None:
    """Send each claimed delivery, recording each outcome in its own short transaction."""
    for claimed in batch_rows:
        try:
            send(claimed, settings, mailer)
        except channels.SendError as error:
            with session_scope(engine, write=True) as session:
                status = delivery.mark_failed(
                    session=session,
                    delivery_id=claimed.delivery_id,
                    worker=worker,
                    reason=error.reason,
                    attempts=claimed.attempts,
                    max_attempts=settings.delivery_max_attempts,
                    now=now,
                )
            if status is DeliveryStatus.FAILED:
                report.failed += 1
            else:
                report.retrying += 1
            report.errors.append(error.reason)
            continue
        with session_scope(engine, write=True) as session:
            delivery.mark_sent(
                session=session, delivery_id=claimed.delivery_id, worker=worker, now=now
            )
        report.sent += 1


# --- one process of many: the jobs lock --------------------------------------------------------


class JobsLock:
    """Held by at most one process at a time. PostgreSQL: a session advisory lock on a
    connection kept open (released if the process dies). SQLite: a lease row in ``app_meta``
    taken by compare-and-set and renewed while held; a dead holder's lease expires."""

    def __init__(self, engine: Engine, holder: str | None = None) -> None:
        self.engine = engine
        self.holder = holder or worker_name()
        self._connection: sa.Connection | None = None

    def acquire(self, now: datetime | None = None) -> bool:
        """Take or renew the lock; False when another process holds it."""
        if self.engine.dialect.name == "postgresql":
            if self._connection is None:
                connection = self.engine.connect()
                got = connection.execute(
                    sa.text("SELECT pg_try_advisory_lock(:id)"), {"id": ADVISORY_LOCK_ID}
                ).scalar_one()
                connection.commit()
                if not got:
                    connection.close()
                    return False
                self._connection = connection
            return True
        return self._lease(now or datetime.now(UTC))

    def _lease(self, now: datetime) -> bool:
        meta = table(AppMeta)
        mine = f"{self.holder}|{(now + timedelta(seconds=LEASE_SECONDS)).isoformat()}"
        with session_scope(self.engine, write=True) as session:
            current = session.execute(
                sa.select(meta.c.value).where(meta.c.key == LEASE_KEY)
            ).scalar_one_or_none()
            if current is None:
                session.add(AppMeta(key=LEASE_KEY, value=mine))
                return True
            holder, _, until = current.rpartition("|")
            if holder != self.holder and datetime.fromisoformat(until) > now:
                return False
            swapped: Any = session.execute(
                sa.update(meta)
                .where(meta.c.key == LEASE_KEY, meta.c.value == current)
                .values(value=mine)
            )
            return bool(swapped.rowcount)

    def release(self) -> None:
        if self._connection is not None:
            # The lock belongs to the database session, which the pool would keep: unlock.
            self._connection.execute(
                sa.text("SELECT pg_advisory_unlock(:id)"), {"id": ADVISORY_LOCK_ID}
            )
            self._connection.commit()
            self._connection.close()
            self._connection = None
            return
        if self.engine.dialect.name == "postgresql":
            return
        meta = table(AppMeta)
        with session_scope(self.engine, write=True) as session:
            session.execute(
                sa.delete(meta).where(
                    meta.c.key == LEASE_KEY, meta.c.value.startswith(self.holder + "|")
                )
            )


# --- the background loop of ``serve`` ----------------------------------------------------------


def local_today(settings: Settings, now: datetime | None = None) -> tuple[date, int]:
    moment = (now or datetime.now(UTC)).astimezone(ZoneInfo(settings.timezone))
    return moment.date(), moment.hour


def remind_if_due(engine: Engine, settings: Settings, now: datetime | None = None) -> bool:
    """Run the day's reminders once the local hour has come, once a day (the day is recorded
    in ``app_meta``; the messages' keys would make a second run harmless anyway). The demo
    database reminds as of its own day."""
    from directives.services.meta import default_as_of

    today, hour = local_today(settings, now)
    if hour < settings.remind_hour:
        return False
    with session_scope(engine) as session:
        day = default_as_of(session=session, today=today)
        last = session.get(AppMeta, LAST_REMIND_KEY)
        if last is not None and last.value == day.isoformat():
            return False
    with session_scope(engine, write=True) as session:
        reminders.run(session, day)
        store(LAST_REMIND_KEY, day.isoformat(), session=session)
    return True


def background_loop(engine: Engine, stop: threading.Event, interval: float = LOOP_SECONDS) -> None:
    """While not stopped: if this process holds the jobs lock, remind when due and deliver."""
    settings = get_settings()
    lock = JobsLock(engine)
    try:
        while not stop.is_set():
            try:
                if lock.acquire():
                    remind_if_due(engine, settings)
                    deliver_due(engine, worker=lock.holder, settings=settings)
            except Exception:  # a failed round is logged and tried again next round
                log.exception("background notifications round failed")
            stop.wait(interval)
    finally:
        lock.release()


def start_background(engine: Engine) -> threading.Event:
    """Start the background loop in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=background_loop, args=(engine, stop), name="directives-jobs", daemon=True
    )
    thread.start()
    return stop
