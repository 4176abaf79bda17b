"""Reading one's in-app inbox: marking a message read, or all of them. Each account touches only
its own inbox items; nobody reads a message for someone else."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session, col

from directives.models import InboxItem, User
from directives.services.errors import NotFound, PermissionDenied
from directives.services.permissions import require_active


def mark_read(
    actor: User, item_id: int, *, session: Session, now: datetime | None = None
) -> InboxItem:
    """Mark one of ``actor``'s inbox items read (a second time changes nothing)."""
    require_active(actor)
    item = session.get(InboxItem, item_id)
    if item is None:
        raise NotFound(f"Không có tin nhắn số {item_id} trong hộp thư.")
    if item.user_id != actor.id:
        raise PermissionDenied("Tin nhắn này thuộc hộp thư của tài khoản khác.")
    if item.read_at is None:
        item.read_at = now or datetime.now(UTC)
        session.add(item)
        session.flush()
    return item


def mark_all_read(actor: User, *, session: Session, now: datetime | None = None) -> int:
    """Mark every unread item of ``actor``'s inbox read, in one statement; how many."""
    require_active(actor)
    result = session.execute(
        sa.update(InboxItem)
        .where(col(InboxItem.user_id) == actor.id, col(InboxItem.read_at).is_(None))
        .values(read_at=now or datetime.now(UTC))
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
