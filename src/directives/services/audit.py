"""The audit log: every write records who, when, what, and the values before and after."""

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from directives.models import AuditLog, User, row_values, table

SECRET_FIELDS = frozenset({"password_hash", "token_hash"})


def snapshot(row: SQLModel | None, fields: tuple[str, ...] | None = None) -> dict[str, Any] | None:
    """The row's values (or only ``fields``) as plain JSON-ready values; secrets left out."""
    if row is None:
        return None
    values = row_values(row)
    names = fields or tuple(values)
    return {name: values[name] for name in names if name not in SECRET_FIELDS}


def _json(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None

    def plain(item: Any) -> Any:
        if isinstance(item, datetime | date):
            return item.isoformat()
        if isinstance(item, Enum):
            return item.value
        return str(item)

    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=plain)


def record(
    *,
    session: Session,
    actor: User | None,
    action: str,
    entity: str | None = None,
    entity_id: int | str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    address: str | None = None,
    username: str | None = None,
    at: datetime | None = None,
) -> AuditLog:
    """Append one entry in the caller's transaction (so it exists exactly when the change does)."""
    entry = AuditLog(
        at=at or datetime.now(UTC),
        user_id=actor.id if actor else None,
        username=actor.username if actor else username,
        address=address,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=_json(before),
        after=_json(after),
    )
    session.add(entry)
    session.flush()
    return entry


def record_many(
    *,
    session: Session,
    actor: User | None,
    action: str,
    entity: str,
    changes: Iterable[tuple[int | str, dict[str, Any] | None, dict[str, Any] | None]],
    at: datetime | None = None,
) -> int:
    """Append one entry per ``(entity_id, before, after)`` in a single INSERT, for writes made in
    bulk (the Excel import); the same entries :func:`record` would make. Returns how many."""
    moment = at or datetime.now(UTC)
    rows = [
        {
            "at": moment,
            "user_id": actor.id if actor else None,
            "username": actor.username if actor else None,
            "address": None,
            "action": action,
            "entity": entity,
            "entity_id": str(entity_id),
            "before": _json(before),
            "after": _json(after),
        }
        for entity_id, before, after in changes
    ]
    if rows:
        session.execute(sa.insert(table(AuditLog)), rows)
    return len(rows)


def save(
    row: SQLModel,
    *,
    session: Session,
    actor: User | None,
    action: str,
    before: dict[str, Any] | None,
) -> None:
    """Write ``row`` and record the change, with its values before and after."""
    session.add(row)
    session.flush()
    record(
        session=session,
        actor=actor,
        action=action,
        entity=str(getattr(type(row), "__tablename__", type(row).__name__.lower())),
        entity_id=getattr(row, "id", None),
        before=before,
        after=snapshot(row),
    )
