"""What every table module shares: the naming convention, UTC timestamps, enum columns and small
helpers for Core queries.

No ``from __future__ import annotations`` here: SQLModel reads the annotations at class creation.
"""

from datetime import UTC, datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import SQLModel

# Named constraints, so that migrations can alter them on SQLite (batch mode) and PostgreSQL alike.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def table(model: type[SQLModel]) -> sa.Table:
    """The Core table of a model, for queries written with SQLAlchemy Core."""
    return cast(sa.Table, model.__table__)  # type: ignore[attr-defined]


def row_values(row: SQLModel) -> dict[str, Any]:
    """A row's values by attribute. Unlike ``model_dump`` this does not warn about enum columns,
    which hold plain strings on rows loaded from the database."""
    return {name: getattr(row, name) for name in type(row).model_fields}


def max_length(model: type[SQLModel], field: str) -> int | None:
    """The most characters the column ``field`` of ``model`` holds (None: no limit), read from the
    table itself so that services check what PostgreSQL enforces without repeating numbers."""
    return cast(int | None, getattr(table(model).c[field].type, "length", None))


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Stores naive UTC, gives back aware UTC (SQLite keeps no zone; PostgreSQL gets the same)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a time zone first")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_column(length: int = 20) -> Any:
    """Enums are plain strings in the database: no native types to migrate on PostgreSQL."""
    return sa.String(length)
