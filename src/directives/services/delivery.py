"""The outbox: claiming due deliveries, recording each outcome, and an administrator's retry.

A worker (``directives.jobs.deliver_due``) claims a batch in one short transaction, sends
outside any transaction, then records each outcome in another. A claim is a lease
(``claimed_by``, ``claimed_until``): two workers never hold one row at once (PostgreSQL skips
rows another transaction has locked; SQLite has one writer at a time), and a crashed worker's
rows come back when the lease ends. An outcome is recorded only by the worker holding the
claim, and a row marked sent is never claimed again: a delivery is sent once.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Delivery, DeliveryStatus, Message, Unit, User, table
from directives.services import audit, permissions
from directives.services.channels import Outgoing
from directives.services.errors import InvalidInput, NotFound

LEASE = timedelta(minutes=5)
"""How long a claim holds: far longer than a send may take (SMTP and webhook time out first)."""
BACKOFF_CAP = timedelta(minutes=60)


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    channel: str
    address: str
    attempts: int
    outgoing: Outgoing


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4 … minutes, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def claim(
    *, session: Session, worker: str, now: datetime | None = None, limit: int = 50
) -> list[Claimed]:
    """Claim up to ``limit`` pending deliveries due at ``now`` for ``worker``, oldest first, in
    the caller's (short, write) transaction."""
    moment = _now(now)
    d, m, u = table(Delivery), table(Message), table(Unit)
    due = (
        sa.select(d.c.id)
        .where(
            d.c.status == DeliveryStatus.PENDING.value,
            d.c.next_attempt_at <= moment,
            sa.or_(d.c.claimed_until.is_(None), d.c.claimed_until < moment),
        )
        .order_by(d.c.next_attempt_at, d.c.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True, of=d)
    ids = list(session.execute(due).scalars())
    if not ids:
        return []
    session.execute(
        sa.update(d).where(d.c.id.in_(ids)).values(claimed_by=worker, claimed_until=moment + LEASE)
    )
    rows = session.execute(
        sa.select(
            d.c.id,
            d.c.channel,
            d.c.address,
            d.c.attempts,
            m.c.id.label("message_id"),
            m.c.key,
            m.c.kind,
            m.c.unit_id,
            u.c.name.label("unit_name"),
            m.c.subject,
            m.c.body,
            m.c.link,
            m.c.created_at,
        )
        .join(m, m.c.id == d.c.message_id)
        .outerjoin(u, u.c.id == m.c.unit_id)
        .where(d.c.id.in_(ids))
        .order_by(d.c.next_attempt_at, d.c.id)
    )
    return [
        Claimed(
            delivery_id=row.id,
            channel=str(row.channel),
            address=row.address,
            attempts=row.attempts,
            outgoing=Outgoing(
                message_id=row.message_id,
                key=row.key,
                kind=str(row.kind),
                unit_id=row.unit_id,
                unit_name=row.unit_name,
                subject=row.subject,
                body=row.body,
                link=row.link,
                created_at=row.created_at,
            ),
        )
        for row in rows
    ]


def _held(delivery_id: int, worker: str) -> sa.ColumnElement[bool]:
    d = table(Delivery)
    return sa.and_(
        d.c.id == delivery_id,
        d.c.claimed_by == worker,
        d.c.status == DeliveryStatus.PENDING.value,
    )


def mark_sent(
    *, session: Session, delivery_id: int, worker: str, now: datetime | None = None
) -> bool:
    """Record a delivery sent; False when ``worker`` no longer holds it."""
    d = table(Delivery)
    result = session.execute(
        sa.update(d)
        .where(_held(delivery_id, worker))
        .values(
            status=DeliveryStatus.SENT.value,
            sent_at=_now(now),
            attempts=d.c.attempts + 1,
            claimed_by=None,
            claimed_until=None,
            last_error=None,
        )
    )
    return bool(getattr(result, "rowcount", 0))


def mark_failed(
    *,
    session: Session,
    delivery_id: int,
    worker: str,
    reason: str,
    attempts: int,
    max_attempts: int,
    now: datetime | None = None,
) -> DeliveryStatus:
    """Record a failed attempt (``attempts`` is the count before it): tried again after the
    backoff, or FAILED with its reason after ``max_attempts``."""
    d = table(Delivery)
    tried = attempts + 1
    status = DeliveryStatus.FAILED if tried >= max_attempts else DeliveryStatus.PENDING
    session.execute(
        sa.update(d)
        .where(_held(delivery_id, worker))
        .values(
            status=status.value,
            attempts=tried,
            next_attempt_at=_now(now) + backoff(tried),
            claimed_by=None,
            claimed_until=None,
            last_error=reason[:1000],
        )
    )
    return status


def retry(actor: User, delivery_id: int, *, session: Session, now: datetime | None = None) -> None:
    """An administrator sends a failed delivery again: it is pending, due now, attempts from
    zero; audited."""
    permissions.require_admin(actor, "gửi lại tin nhắn")
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        raise NotFound(f"Không có lượt gửi số {delivery_id}.")
    if DeliveryStatus(delivery.status) is not DeliveryStatus.FAILED:
        raise InvalidInput("lượt gửi", f"lượt gửi số {delivery_id} không ở trạng thái lỗi.")
    before = audit.snapshot(delivery, ("status", "attempts", "last_error"))
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = _now(now)
    delivery.claimed_by = None
    delivery.claimed_until = None
    session.add(delivery)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="delivery.retry",
        entity="delivery",
        entity_id=delivery_id,
        before=before,
        after=audit.snapshot(delivery, ("status", "attempts", "last_error")),
    )
