"""The audit log as administrators read it: filtered, newest first, values made readable."""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.i18n import label
from directives.models import AuditLog, Role, table

AUDIT_COLUMNS = [
    "id",
    "at",
    "user_id",
    "username",
    "address",
    "action",
    "entity",
    "entity_id",
    "before",
    "after",
]
"""``at`` is aware UTC; ``before`` and ``after`` are the stored JSON text (None when absent)."""

DEFAULT_LIMIT = 500
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class AuditFilters:
    """Which entries to read. Days are local days in ``timezone``, both ends included; the
    username matches any part of it, case aside; ``action`` and ``entity`` match exactly, except
    that an action ending in a dot (``"user."``) matches every action it begins."""

    date_from: date | None = None
    date_to: date | None = None
    username: str | None = None
    action: str | None = None
    entity: str | None = None
    limit: int = DEFAULT_LIMIT
    timezone: str = "Asia/Ho_Chi_Minh"


def day_start(day: date, timezone: str) -> datetime:
    """The first instant of the local ``day``, in UTC."""
    return datetime.combine(day, time(), ZoneInfo(timezone)).astimezone(UTC)


def audit_log(session: Session, filters: AuditFilters) -> pd.DataFrame:
    """Entries matching ``filters``, newest first, at most ``filters.limit`` of them."""
    log = table(AuditLog)
    query = sa.select(*(log.c[name] for name in AUDIT_COLUMNS))
    if filters.date_from is not None:
        query = query.where(log.c.at >= day_start(filters.date_from, filters.timezone))
    if filters.date_to is not None:
        end = day_start(filters.date_to + timedelta(days=1), filters.timezone)
        query = query.where(log.c.at < end)
    username = (filters.username or "").strip().lower()
    if username:
        query = query.where(sa.func.lower(log.c.username).contains(username, autoescape=True))
    if filters.action:
        if filters.action.endswith("."):
            query = query.where(log.c.action.startswith(filters.action, autoescape=True))
        else:
            query = query.where(log.c.action == filters.action)
    if filters.entity:
        query = query.where(log.c.entity == filters.entity)
    limit = max(1, min(int(filters.limit), MAX_LIMIT))
    query = query.order_by(log.c.at.desc(), log.c.id.desc()).limit(limit)
    return pd.DataFrame(session.execute(query).mappings().all(), columns=AUDIT_COLUMNS)


def actions(session: Session) -> list[str]:
    """Every action the log holds, sorted (for a filter's choices)."""
    log = table(AuditLog)
    rows = session.execute(sa.select(log.c.action).distinct()).scalars().all()
    return sorted(str(action) for action in rows if action)


def entities(session: Session) -> list[str]:
    log = table(AuditLog)
    rows = session.execute(sa.select(log.c.entity).distinct()).scalars().all()
    return sorted(str(entity) for entity in rows if entity)


def readable(
    stored: object, timezone: str = "Asia/Ho_Chi_Minh", lang: str = "vi", entity: object = None
) -> str:
    """A stored JSON value as one line a person reads: ``name: value; …``, dates dd/mm/yyyy,
    times local dd/mm/yyyy HH:mm, lists of rows one after another. Nothing (None, or the NaN a
    DataFrame puts in its place) reads as an empty string. Field names and stored codes are
    given in words (``"status": "done"`` reads "trạng thái: Hoàn thành"); ``entity`` (the
    log's record kind) tells the few fields whose words depend on it, such as an account's
    "title" (its position)."""
    if not isinstance(stored, str) or stored == "":
        return ""
    try:
        value = json.loads(stored)
    except ValueError:
        return str(stored)
    if entity == "app_user" and isinstance(value, dict) and "title" in value:
        value = {("position" if k == "title" else k): v for k, v in value.items()}
    return _plain(value, timezone, lang)


def _plain(value: Any, timezone: str, lang: str) -> str:
    if isinstance(value, dict):
        return "; ".join(
            f"{label('audit_field', k, lang)}: {_field_value(k, v, timezone, lang)}"
            for k, v in value.items()
        )
    if isinstance(value, list):
        return " | ".join(
            ", ".join(
                f"{label('audit_field', k, lang)}={_field_value(k, v, timezone, lang)}"
                for k, v in item.items()
            )
            if isinstance(item, dict)
            else _plain(item, timezone, lang)
            for item in value
        )
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, str):
        return _moment_or_text(value, timezone)
    return str(value)


# Fields whose stored codes have words (the code table of directives.i18n.label).
_CODED_FIELDS = {
    "status": "status",
    "role": "role",
    "kind": "unit_kind",
    "bloc": "bloc",
    "from_status": "status",
    "to_status": "status",
}
_ACCOUNT_ROLES = frozenset(role.value for role in Role)


def _field_value(name: str, value: Any, timezone: str, lang: str) -> str:
    if isinstance(value, str) and name in _CODED_FIELDS:
        table = _CODED_FIELDS[name]
        if name == "role" and value in _ACCOUNT_ROLES:
            table = "user_role"  # an account's role, not an assignment's (lead, support)
        return label(table, value, lang)
    return _plain(value, timezone, lang)


def _moment_or_text(value: str, timezone: str) -> str:
    """ISO dates and times (as the log stores them) the Vietnamese way; other text as it is."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return f"{date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    if len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return f"{moment.astimezone(ZoneInfo(timezone)):%d/%m/%Y %H:%M}"
    return value
