"""One account's in-app inbox: its messages newest first, and how many are unread.

The unread count runs on every page (the sidebar shows it), so it is one COUNT over the index
``ix_inbox_item_user_read`` (user_id, read_at) and nothing else.
"""

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import InboxItem, Message, User, table

INBOX_COLUMNS = [
    "item_id",
    "message_id",
    "kind",
    "subject",
    "body",
    "link",
    "created_at",
    "read_at",
    "sender_name",
    "assignment_id",
]
PAGE_SIZE = 50


def unread_count(session: Session, user_id: int) -> int:
    item = table(InboxItem)
    query = (
        sa.select(sa.func.count())
        .select_from(item)
        .where(item.c.user_id == user_id, item.c.read_at.is_(None))
    )
    return int(session.execute(query).scalar_one())


def total_count(session: Session, user_id: int) -> int:
    item = table(InboxItem)
    query = sa.select(sa.func.count()).select_from(item).where(item.c.user_id == user_id)
    return int(session.execute(query).scalar_one())


def messages(
    session: Session, user_id: int, *, unread_only: bool = False, limit: int = PAGE_SIZE
) -> pd.DataFrame:
    """The account's latest ``limit`` messages, newest first (columns :data:`INBOX_COLUMNS`)."""
    item, message, sender = table(InboxItem), table(Message), table(User)
    query = (
        sa.select(
            item.c.id.label("item_id"),
            message.c.id.label("message_id"),
            message.c.kind,
            message.c.subject,
            message.c.body,
            message.c.link,
            message.c.created_at,
            item.c.read_at,
            sender.c.full_name.label("sender_name"),
            message.c.assignment_id,
        )
        .join(message, message.c.id == item.c.message_id)
        .outerjoin(sender, sender.c.id == message.c.created_by)
        .where(item.c.user_id == user_id)
        .order_by(item.c.id.desc())  # items are written with their message: newest last
        .limit(limit)
    )
    if unread_only:
        query = query.where(item.c.read_at.is_(None))
    return pd.DataFrame(session.execute(query).mappings().all(), columns=INBOX_COLUMNS)
