"""Units as they were on a given day: merged communes roll up into their successors."""

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Unit, table

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
