"""Accounts for the administration page: one SELECT with each account's unit."""

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Unit, User, table
from directives.text import sort_key

ACCOUNT_COLUMNS = [
    "id",
    "username",
    "full_name",
    "title",
    "email",
    "role",
    "unit_id",
    "unit",
    "is_active",
    "created_at",
    "password_changed_at",
]


def accounts_frame(session: Session) -> pd.DataFrame:
    """Every account by username, with its unit's name (empty when it has none)."""
    user, unit = table(User), table(Unit)
    query = (
        sa.select(
            user.c.id,
            user.c.username,
            user.c.full_name,
            sa.func.coalesce(user.c.title, "").label("title"),
            sa.func.coalesce(user.c.email, "").label("email"),
            user.c.role,
            user.c.unit_id,
            sa.func.coalesce(unit.c.name, "").label("unit"),
            user.c.is_active,
            user.c.created_at,
            user.c.password_changed_at,
        )
        .select_from(user)
        .outerjoin(unit, unit.c.id == user.c.unit_id)
        .order_by(user.c.username)
    )
    frame = pd.DataFrame(session.execute(query).mappings().all(), columns=ACCOUNT_COLUMNS)
    frame["role"] = frame["role"].astype(str)
    return frame


def unit_choices(session: Session) -> dict[int, str]:
    """The active units a secretary may belong to, id → name, in Vietnamese order."""
    unit = table(Unit)
    rows = session.execute(sa.select(unit.c.id, unit.c.name).where(unit.c.is_active)).all()
    return dict(sorted(((row.id, row.name) for row in rows), key=lambda pair: sort_key(pair[1])))
