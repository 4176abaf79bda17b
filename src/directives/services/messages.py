"""Posting a message: the one place a message, its inbox items and its deliveries are written.

Reminders, follow-ups, explanation requests and reviews all post through :func:`post`, in the
transaction of the change that decided them, so a message exists exactly when its change does. A
worker delivers the :class:`~directives.models.Delivery` rows later. Posting twice with one key
writes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    for row in _fan_out(message.id, recipients, get_settings().webhook_url):
        session.add(row)
    session.flush()
    return message


def _fan_out(
    message_id: int, recipients: Iterable[User], webhook: str | None
) -> list[InboxItem | Delivery]:
    """A message's inbox items (one per recipient), email deliveries (one per distinct
    address) and webhook delivery."""
    rows: list[InboxItem | Delivery] = []
    seen: set[int] = set()
    emails: set[str] = set()
    for user in recipients:
        if user.id is None or user.id in seen:
            continue
        seen.add(user.id)
        rows.append(InboxItem(message_id=message_id, user_id=user.id))
        if user.email and user.email.casefold() not in emails:
            emails.add(user.email.casefold())
            rows.append(Delivery(message_id=message_id, channel=Channel.EMAIL, address=user.email))
    if webhook:
        rows.append(Delivery(message_id=message_id, channel=Channel.WEBHOOK, address=webhook))
    return rows


def existing_keys(keys: Sequence[str], *, session: Session) -> set[str]:
    """Which of ``keys`` have a message already (a few queries, whatever their number)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found |= set(session.exec(select(Message.key).where(col(Message.key).in_(chunk))).all())
    return found


@dataclass(frozen=True)
class Draft:
    """One message of :func:`post_many`: what :func:`post` takes, as a value."""

    key: str
    kind: MessageKind
    subject: str
    body: str
    recipients: tuple[User, ...]
    unit_id: int | None = None
    assignment_id: int | None = None
    link: str | None = None
    created_by: int | None = None


def post_many(drafts: Sequence[Draft], *, session: Session) -> list[Message | None]:
    """:func:`post` for many messages at once (a reminder run's thousand digests): the same
    rows, written in a few statements. One result per draft, None where its key exists."""
    existing = existing_keys([draft.key for draft in drafts], session=session)
    results: list[Message | None] = []
    fresh: list[tuple[Draft, Message]] = []
    for draft in drafts:
        if draft.key in existing:
            results.append(None)
            continue
        existing.add(draft.key)
        message = Message(
            key=draft.key,
            kind=draft.kind,
            unit_id=draft.unit_id,
            assignment_id=draft.assignment_id,
            subject=draft.subject,
            body=draft.body,
            link=draft.link,
            created_by=draft.created_by,
        )
        fresh.append((draft, message))
        results.append(message)
    session.add_all([message for _, message in fresh])
    session.flush()
    webhook = get_settings().webhook_url
    rows: list[InboxItem | Delivery] = []
    for draft, message in fresh:
        assert message.id is not None
        rows += _fan_out(message.id, draft.recipients, webhook)
    session.add_all(rows)
    session.flush()
    return results
