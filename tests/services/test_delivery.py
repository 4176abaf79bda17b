"""The outbox worker against a real SMTP server and a local webhook receiver: retries with
backoff while the server is down, nothing lost and nothing sent twice, failures kept with their
reason, an administrator's retry, signed webhooks, and two workers at once."""

import hashlib
import hmac
import json
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from directives import jobs
from directives.db import make_engine, session_scope
from directives.models import Delivery, MessageKind
from directives.services import delivery, messages
from directives.services.errors import InvalidInput, PermissionDenied
from tests.databases import Databases
from tests.factories import audit_entries, load_world, world_db
from tests.mailserver import SmtpServer, WebhookServer


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


@pytest.fixture
def t0() -> datetime:
    """The worker's clock in a test: a little after its messages are posted."""
    return datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=1)


def post_messages(engine: Engine, count: int, start: int = 0) -> None:
    """``count`` messages to each of the two secretaries (who get addresses at example.org)."""
    with session_scope(engine, write=True) as session:
        world = load_world(session)
        for secretary, address in ((world.secretary_a, "an"), (world.secretary_b, "lac")):
            secretary.email = f"{address}@example.org"
            session.add(secretary)
        session.flush()
        for number in range(start, start + count):
            messages.post(
                session=session,
                key=f"reminder:{world.unit_a.id}:test-{number}",
                kind=MessageKind.REMINDER,
                subject=f"Nhắc việc số {number}: hạn 30/06/2021",
                body="Đơn vị có 1 nhiệm vụ quá hạn.",
                recipients=[world.secretary_a, world.secretary_b],
                unit_id=world.unit_a.id,
                created_by=world.admin.id,
            )


def statuses(engine: Engine) -> Counter[str]:
    with session_scope(engine) as session:
        return Counter(str(d.status) for d in session.exec(select(Delivery)).all())


def test_smtp_down_retries_with_backoff_then_delivers_once(
    engine: Engine, smtp_server: SmtpServer, t0: datetime
) -> None:
    post_messages(engine, 3)
    smtp_server.stop()
    down = jobs.deliver_due(engine, now=t0)
    assert (down.sent, down.retrying, down.failed) == (0, 6, 0)
    assert "Không kết nối được máy chủ thư 127.0.0.1" in down.errors[0]
    with session_scope(engine) as session:
        rows = session.exec(select(Delivery)).all()
        assert {r.attempts for r in rows} == {1}
        assert {r.next_attempt_at for r in rows} == {t0 + timedelta(minutes=1)}
    assert jobs.deliver_due(engine, now=t0 + timedelta(seconds=30)).sent == 0  # not due yet
    again = jobs.deliver_due(engine, now=t0 + timedelta(minutes=1))
    assert again.retrying == 6
    with session_scope(engine) as session:
        waits = {r.next_attempt_at for r in session.exec(select(Delivery)).all()}
        assert waits == {t0 + timedelta(minutes=1) + timedelta(minutes=2)}

    smtp_server.start()
    up = jobs.deliver_due(engine, now=t0 + timedelta(minutes=3))
    assert (up.sent, up.retrying, up.failed) == (6, 0, 0)
    assert jobs.deliver_due(engine, now=t0 + timedelta(hours=5)).sent == 0
    mails = smtp_server.messages
    assert len(mails) == 6
    assert Counter(str(m["Subject"]) for m in mails) == Counter(
        f"Nhắc việc số {n}: hạn 30/06/2021" for n in range(3) for _ in range(2)
    )
    assert statuses(engine) == Counter({"sent": 6})


def test_backoff_doubles_up_to_an_hour() -> None:
    waits = [delivery.backoff(n).total_seconds() / 60 for n in range(1, 10)]
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_a_delivery_fails_after_its_last_attempt_and_an_admin_retries_it(
    engine: Engine, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch, t0: datetime
) -> None:
    monkeypatch.setenv("DIRECTIVES_DELIVERY_MAX_ATTEMPTS", "2")
    from directives.config import get_settings

    get_settings.cache_clear()
    post_messages(engine, 1)
    smtp_server.stop()
    assert jobs.deliver_due(engine, now=t0).retrying == 2
    assert jobs.deliver_due(engine, now=t0 + timedelta(minutes=1)).failed == 2
    assert statuses(engine) == Counter({"failed": 2})
    with session_scope(engine) as session:
        failed = session.exec(select(Delivery)).all()
        assert all(d.last_error and "máy chủ thư" in d.last_error for d in failed)
        world = load_world(session)
        with pytest.raises(PermissionDenied):
            delivery.retry(world.leader, failed[0].id or 0, session=session)
    smtp_server.start()
    with session_scope(engine, write=True) as session:
        world = load_world(session)
        for row in failed:
            delivery.retry(world.admin, row.id or 0, session=session, now=t0)
        assert len(audit_entries(session, "delivery.retry")) == 2
        with pytest.raises(InvalidInput):
            delivery.retry(world.admin, failed[0].id or 0, session=session)
    assert jobs.deliver_due(engine, now=t0 + timedelta(minutes=2)).sent == 2
    assert len(smtp_server.messages) == 2


def test_without_a_mail_server_the_reason_says_so(engine: Engine, t0: datetime) -> None:
    post_messages(engine, 1)
    report = jobs.deliver_due(engine, now=t0)
    assert report.retrying == 2
    assert report.errors[0] == "Chưa cấu hình máy chủ thư (DIRECTIVES_SMTP_HOST)."


def test_the_webhook_is_signed_and_carries_the_key(
    engine: Engine, webhook_server: WebhookServer, smtp_server: SmtpServer, t0: datetime
) -> None:
    post_messages(engine, 1)
    report = jobs.deliver_due(engine, now=t0)
    assert report.sent == 3  # two emails and the webhook
    (hook,) = webhook_server.received
    expected = hmac.new(b"bi-mat-chung", hook.body, hashlib.sha256).hexdigest()
    assert hook.headers["X-Directives-Signature"] == f"sha256={expected}"
    data = json.loads(hook.body.decode("utf-8"))
    assert hook.headers["Idempotency-Key"] == data["key"]
    assert data["key"].endswith(":test-0") and data["kind"] == "reminder"
    assert data["unit"] == "Xã Giao An"
    assert data["subject"] == "Nhắc việc số 0: hạn 30/06/2021"
    assert {"message_id", "body", "link", "created_at", "unit_id"} <= set(data)


def test_a_webhook_that_answers_an_error_is_retried(
    engine: Engine, webhook_server: WebhookServer, t0: datetime
) -> None:
    webhook_server.status = 500
    post_messages(engine, 1)
    report = jobs.deliver_due(engine, now=t0)
    assert any("trả về mã lỗi 500" in reason for reason in report.errors)
    webhook_server.status = 200
    later = jobs.deliver_due(engine, now=t0 + timedelta(minutes=1))
    assert later.sent == 1  # the webhook; the emails wait for a mail server
    assert len(webhook_server.received) == 2


def test_a_claim_holds_until_its_lease_ends(engine: Engine, t0: datetime) -> None:
    post_messages(engine, 1)
    with session_scope(engine, write=True) as tx:
        first = delivery.claim(session=tx, worker="a", now=t0)
    assert len(first) == 2
    with session_scope(engine, write=True) as tx:
        assert delivery.claim(session=tx, worker="b", now=t0 + timedelta(minutes=4)) == []
    with session_scope(engine, write=True) as tx:
        taken = delivery.claim(session=tx, worker="b", now=t0 + timedelta(minutes=6))
    assert len(taken) == 2  # worker a died: its rows come back
    with session_scope(engine, write=True) as tx:
        assert not delivery.mark_sent(session=tx, delivery_id=first[0].delivery_id, worker="a")
        assert delivery.mark_sent(session=tx, delivery_id=taken[0].delivery_id, worker="b")


def test_two_workers_at_once_deliver_each_message_exactly_once(
    db_url: str, engine: Engine, smtp_server: SmtpServer
) -> None:
    post_messages(engine, 60)
    reports: list[jobs.DeliveryReport] = []
    failures: list[BaseException] = []

    def work() -> None:
        own = make_engine(db_url)  # each worker its own engine, as two processes would have
        try:
            reports.append(jobs.deliver_due(own, batch=5))
        except BaseException as error:
            failures.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    assert sum(r.sent for r in reports) == 120
    mails = smtp_server.messages
    assert len(mails) == 120
    keys = Counter((str(m["To"]), str(m["Subject"])) for m in mails)
    assert set(keys.values()) == {1}
    assert statuses(engine) == Counter({"sent": 120})


def test_the_jobs_lock_is_held_by_one_process(db_url: str, engine: Engine, t0: datetime) -> None:
    first = jobs.JobsLock(make_engine(db_url))
    second = jobs.JobsLock(make_engine(db_url))
    try:
        assert first.acquire(now=t0)
        assert not second.acquire(now=t0 + timedelta(seconds=10))
        assert first.acquire(now=t0 + timedelta(seconds=20))  # renewed by its holder
        first.release()
        assert second.acquire(now=t0 + timedelta(seconds=30))
    finally:
        first.release()
        second.release()
        first.engine.dispose()
        second.engine.dispose()
