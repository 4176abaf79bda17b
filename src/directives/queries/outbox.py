"""The outbox as administrators read it: how many deliveries wait, went out or failed, and the
failed ones with their reason."""

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Delivery, DeliveryStatus, Message, Unit, table

FAILED_COLUMNS = [
    "delivery_id",
    "channel",
    "address",
    "unit",
    "subject",
    "attempts",
    "last_error",
    "created_at",
    "next_attempt_at",
]


def status_counts(session: Session) -> dict[DeliveryStatus, int]:
    """Deliveries per status, every status present (0 when none)."""
    d = table(Delivery)
    rows = session.execute(sa.select(d.c.status, sa.func.count()).group_by(d.c.status)).all()
    found = {DeliveryStatus(status): int(count) for status, count in rows}
    return {status: found.get(status, 0) for status in DeliveryStatus}


def failed_deliveries(session: Session, limit: int = 500) -> pd.DataFrame:
    """The failed deliveries, latest first, with their message's subject and unit."""
    d, m, u = table(Delivery), table(Message), table(Unit)
    query = (
        sa.select(
            d.c.id.label("delivery_id"),
            d.c.channel,
            d.c.address,
            u.c.name.label("unit"),
            m.c.subject,
            d.c.attempts,
            d.c.last_error,
            m.c.created_at,
            d.c.next_attempt_at,
        )
        .join(m, m.c.id == d.c.message_id)
        .outerjoin(u, u.c.id == m.c.unit_id)
        .where(d.c.status == DeliveryStatus.FAILED.value)
        .order_by(d.c.id.desc())
        .limit(limit)
    )
    rows = session.execute(query).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=FAILED_COLUMNS)
