"""Facts stored with the data: the demo's as-of day, and the data version and epoch that key
caches."""

import secrets
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from directives.models import AppMeta, table

DATA_VERSION = "data_version"
DATA_EPOCH = "data_epoch"


def default_as_of(*, session: Session, today: date | None = None) -> date:
    """The demo's stored day if this is the demo, else today."""
    meta = session.get(AppMeta, "demo_as_of")
    if meta is not None:
        return date.fromisoformat(meta.value)
    return today or date.today()


def data_version(*, session: Session) -> int:
    """A number that changes with every write: caches of figures are keyed on it, so a write seen
    by one dashboard process invalidates the figures of every process."""
    meta = table(AppMeta)
    value = session.execute(
        sa.select(meta.c.value).where(meta.c.key == DATA_VERSION)
    ).scalar_one_or_none()
    return int(value) if value is not None else 0


def bump_data_version(*, session: Session) -> None:
    """Called by every write service, inside the caller's transaction."""
    meta = table(AppMeta)
    updated = session.execute(
        sa.update(meta)
        .where(meta.c.key == DATA_VERSION)
        .values(value=sa.cast(sa.cast(meta.c.value, sa.Integer) + 1, sa.String))
    )
    if getattr(updated, "rowcount", 0) == 0:
        session.add(AppMeta(key=DATA_VERSION, value="1"))
        session.flush()


def cache_version(*, session: Session) -> tuple[str, int]:
    """The data epoch and version, read together: the key of cached figures. The version counts
    writes; a restore rewinds it to the backup's, and the epoch, new at every restore, keeps a
    key from ever meaning two different states of the data."""
    meta = table(AppMeta)
    rows = session.execute(
        sa.select(meta.c.key, meta.c.value).where(meta.c.key.in_((DATA_VERSION, DATA_EPOCH)))
    )
    found: dict[str, str] = {key: value for key, value in rows}
    return found.get(DATA_EPOCH, ""), int(found.get(DATA_VERSION, 0))


def new_data_epoch(*, session: Session) -> str:
    """Give the data a new random epoch (after a restore), in the caller's transaction."""
    epoch = secrets.token_hex(8)
    meta = table(AppMeta)
    updated = session.execute(sa.update(meta).where(meta.c.key == DATA_EPOCH).values(value=epoch))
    if getattr(updated, "rowcount", 0) == 0:
        session.add(AppMeta(key=DATA_EPOCH, value=epoch))
        session.flush()
    return epoch
