"""Posting a message: the one place a message, its inbox items and its deliveries are written.

Reminders, follow-ups, explanation requests and reviews all post through :func:`post`, in the
transaction of the change that decided them, so a message exists exactly when its change does. A
worker delivers the :class:`~directives.models.Delivery` rows later. Posting twice with one key
writes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from directives.config import get_settings
from directives.models import (
    Channel,
    Delivery,
    InboxItem,
    Message,
    MessageKind,
    Role,
    User,
)


def secretaries_of(unit_id: int, *, session: Session) -> list[User]:
    """The active secretaries of one unit: who a message to the unit reaches."""
    query = select(User).where(
        User.unit_id == unit_id, User.role == Role.SECRETARY, col(User.is_active)
    )
    return list(session.exec(query.order_by(col(User.id))).all())


def leaders(*, session: Session) -> list[User]:
    """The active leaders: who a copy to leaders reaches."""
    query = select(User).where(User.role == Role.LEADER, col(User.is_active))
    return list(session.exec(query.order_by(col(User.id))).all())


def exists(key: str, *, session: Session) -> bool:
    return session.exec(select(Message.id).where(Message.key == key)).first() is not None


def post(
    *,
    session: Session,
    key: str,
    kind: MessageKind,
    subject: str,
    body: str,
    recipients: Iterable[User],
    unit_id: int | None = None,
    assignment_id: int | None = None,
    link: str | None = None,
    created_by: int | None = None,
) -> Message | None:
    """Write a message for ``recipients``: one inbox item each, one email delivery to each that
    has an address, and one webhook delivery when a webhook is set. None, and nothing written,
    when a message with ``key`` exists already (the caller's idempotency key, e.g.
    ``reminder:<unit>:<day>``). The caller commits, with the change that decided the message."""
    if exists(key, session=session):
        return None
    message = Message(
        key=key,
        kind=kind,
        unit_id=unit_id,
        assignment_id=assignment_id,
        subject=subject,
        body=body,
        link=link,
        created_by=created_by,
    )
    session.add(message)
    session.flush()
    assert message.id is not None
    seen: set[int] = set()
    emails: set[str] = set()
    for user in recipients:
        if user.id is None or user.id in seen:
            continue
        seen.add(user.id)
        session.add(InboxItem(message_id=message.id, user_id=user.id))
        if user.email and user.email.casefold() not in emails:
            emails.add(user.email.casefold())
            session.add(Delivery(message_id=message.id, channel=Channel.EMAIL, address=user.email))
    webhook = get_settings().webhook_url
    if webhook:
        session.add(Delivery(message_id=message.id, channel=Channel.WEBHOOK, address=webhook))
    session.flush()
    return message
