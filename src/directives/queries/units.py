"""Units as they were on a given day: merged communes roll up into their successors."""

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.domain import OPEN_STATUSES
from directives.models import Assignment, Unit, table

UNIT_FRAME_COLUMNS = ["unit_id", "unit_name", "unit_kind", "bloc", "valid_from", "valid_to"]


def units_frame(session: Session) -> pd.DataFrame:
    u = table(Unit)
    query = sa.select(
        u.c.id.label("unit_id"),
        u.c.name.label("unit_name"),
        u.c.kind.label("unit_kind"),
        u.c.bloc,
        u.c.valid_from,
        u.c.valid_to,
        u.c.successor_id,
    )
    return pd.DataFrame(
        session.execute(query).mappings().all(), columns=[*UNIT_FRAME_COLUMNS, "successor_id"]
    )


def rollup_map(session: Session, on: date) -> dict[int, int]:
    """Each unit's id → the id of the unit that stood for it on ``on``.

    A unit follows its successor links while it had ended before ``on`` (Xã Giao Tiến →
    Thị trấn Giao Thủy on 01/09/2024 → Xã Giao Thủy on 01/07/2025). A unit with no successor
    stands for itself.
    """
    u = table(Unit)
    rows = session.execute(sa.select(u.c.id, u.c.valid_to, u.c.successor_id)).all()
    ends = {row.id: row.valid_to for row in rows}
    successors = {row.id: row.successor_id for row in rows}
    mapping: dict[int, int] = {}
    for unit_id in ends:
        current, seen = unit_id, {unit_id}
        while (
            ends[current] is not None
            and ends[current] < on
            and successors[current] is not None
            and successors[current] not in seen
        ):
            current = successors[current]
            seen.add(current)
        mapping[unit_id] = current
    return mapping


def predecessors(session: Session, unit_ids: tuple[int, ...], on: date) -> tuple[int, ...]:
    """The given units and every unit that rolls up into one of them on ``on``."""
    mapping = rollup_map(session, on)
    wanted = set(unit_ids)
    return tuple(
        sorted(uid for uid, target in mapping.items() if target in wanted or uid in wanted)
    )


ADMIN_UNIT_COLUMNS = [
    "id",
    "name",
    "short_name",
    "slug",
    "kind",
    "bloc",
    "code",
    "valid_from",
    "valid_to",
    "successor_id",
    "successor",
    "is_active",
    "note",
    "open",
]


def units_for_admin(session: Session) -> pd.DataFrame:
    """Every unit with its successor's name and how many open assignments it holds (one SELECT),
    text columns empty rather than missing."""
    u, successor, a = table(Unit), table(Unit).alias("successor"), table(Assignment)
    open_counts = (
        sa.select(a.c.unit_id, sa.func.count().label("open"))
        .where(a.c.status.in_([s.value for s in OPEN_STATUSES]))
        .group_by(a.c.unit_id)
        .subquery("open_counts")
    )
    query = (
        sa.select(
            u.c.id,
            u.c.name,
            sa.func.coalesce(u.c.short_name, "").label("short_name"),
            u.c.slug,
            u.c.kind,
            sa.func.coalesce(u.c.bloc, "").label("bloc"),
            sa.func.coalesce(u.c.code, "").label("code"),
            u.c.valid_from,
            u.c.valid_to,
            u.c.successor_id,
            sa.func.coalesce(successor.c.name, "").label("successor"),
            u.c.is_active,
            sa.func.coalesce(u.c.note, "").label("note"),
            sa.func.coalesce(open_counts.c.open, 0).label("open"),
        )
        .select_from(u)
        .outerjoin(successor, successor.c.id == u.c.successor_id)
        .outerjoin(open_counts, open_counts.c.unit_id == u.c.id)
    )
    frame = pd.DataFrame(session.execute(query).mappings().all(), columns=ADMIN_UNIT_COLUMNS)
    frame["open"] = frame["open"].astype("int64")
    return frame


def units_with_work(session: Session) -> list[int]:
    """The units that hold any assignment, most assignments first: whom an administrator
    reporting for a unit most likely means."""
    a = table(Assignment)
    query = (
        sa.select(a.c.unit_id).group_by(a.c.unit_id).order_by(sa.func.count().desc(), a.c.unit_id)
    )
    return [int(unit_id) for unit_id in session.execute(query).scalars()]
