"""Benchmark the notifications: the day's reminder run over the province-sized database
(``remind_s``, target ≤ 2 s) and the delivery of 1,000 emails to a local SMTP server
(``delivery_per_s``).

``remind_s`` is the whole run (rules, the set-based query over 200,000 assignments, one digest
per unit, each posted with its inbox items and deliveries) in a transaction that is rolled back,
so the database stays as it was; ``remind_dry_s`` the same without writing. The delivery runs on
a fresh SQLite database in a temporary folder: 1,000 messages to one secretary, delivered by
the worker to aiosmtpd on 127.0.0.1.

Run alone: ``.venv/bin/python bench/notify.py`` (uses data/bench-province.db, built by
``bench/run.py`` if missing); ``bench/run.py`` includes these figures in its JSON line.
"""

import json
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: ``tests`` (the SMTP server) is importable

from directives import jobs  # noqa: E402
from directives.db import make_engine, session_scope, upgrade  # noqa: E402
from directives.models import MessageKind, Role, Unit  # noqa: E402
from directives.services import accounts, messages, reminders  # noqa: E402
from directives.services.meta import default_as_of  # noqa: E402

RUNS = 3
MESSAGES = 1_000
TARGET_REMIND_S = 2.0


def bench_remind(engine: Engine) -> dict[str, Any]:
    with session_scope(engine) as session:
        as_of: date = default_as_of(session=session)
    dry: list[float] = []
    full: list[float] = []
    digests = 0
    for _ in range(RUNS):
        with session_scope(engine) as session:
            started = time.perf_counter()
            planned = reminders.run(session, as_of, dry_run=True)
            dry.append(time.perf_counter() - started)
        with engine.connect() as connection:
            transaction = connection.begin()
            session = Session(bind=connection)
            started = time.perf_counter()
            done = reminders.run(session, as_of)
            session.flush()
            full.append(time.perf_counter() - started)
            session.close()
            transaction.rollback()  # the bench database stays as it was
        digests = sum(d.posted for d in done)
        assert digests == len(planned)
    return {
        "remind_s": round(statistics.median(full), 2),
        "remind_dry_s": round(statistics.median(dry), 2),
        "remind_units": digests,
        "remind_as_of": as_of.isoformat(),
    }


def bench_delivery() -> dict[str, Any]:
    from directives.config import get_settings
    from tests.mailserver import SmtpServer

    server = SmtpServer()
    server.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'outbox.db'}"
            upgrade(url)
            engine = make_engine(url)
            with session_scope(engine, write=True) as session:
                unit = Unit(slug="xa-thu", name="Xã Thử", kind="commune")
                session.add(unit)
                session.flush()
                secretary = accounts.create_user(
                    session=session,
                    username="thuky.xa-thu",
                    full_name="Thư ký Xã Thử",
                    password=secrets.token_urlsafe(16),
                    role=Role.SECRETARY,
                    unit=unit,
                    email="thuky.xa-thu@example.org",
                )
                for number in range(MESSAGES):
                    messages.post(
                        session=session,
                        key=f"bench:{number}",
                        kind=MessageKind.REMINDER,
                        subject=f"Nhắc việc số {number}",
                        body="Đơn vị có 1 nhiệm vụ quá hạn (hạn 30/06/2021).",
                        recipients=[secretary],
                        unit_id=unit.id,
                    )
            settings = get_settings().model_copy(
                update={"smtp_host": "127.0.0.1", "smtp_port": server.port, "webhook_url": None}
            )
            started = time.perf_counter()
            report = jobs.deliver_due(engine, settings=settings, batch=100)
            seconds = time.perf_counter() - started
            engine.dispose()
        received = len(server.messages)
    finally:
        server.stop()
    assert report.sent == received == MESSAGES, (report, received)
    return {"delivery_per_s": round(MESSAGES / seconds, 1), "delivery_s": round(seconds, 2)}


def measure(engine: Engine) -> dict[str, Any]:
    return {**bench_remind(engine), **bench_delivery()}


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import database  # the province-sized database, built once

    engine, _ = database()
    result = measure(engine)
    engine.dispose()
    verdict = "met" if result["remind_s"] <= TARGET_REMIND_S else "NOT met"
    print(f"reminder run (200,000 assignments): {result['remind_s']:.2f} s  {verdict} (≤ 2 s)")
    print(f"  dry run: {result['remind_dry_s']:.2f} s; units reminded: {result['remind_units']:,}")
    print(f"delivery: {result['delivery_per_s']:,.1f} messages/s ({MESSAGES:,} emails)")
    print(json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
