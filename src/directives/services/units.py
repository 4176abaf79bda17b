"""Units: the reference list shipped with the package, and collectives that expand to members."""

import csv
import io
from datetime import date
from importlib import resources

from sqlmodel import Session, col, select

from directives.models import Bloc, Unit, UnitKind
from directives.services.errors import InvalidInput, NotFound
from directives.text import clean, fold


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("directives.data").joinpath(name).read_text(encoding="utf-8")
    return [
        {k: clean(v) or "" for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))
    ]


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def load_reference_units(*, session: Session) -> list[Unit]:
    """Add the Giao Thủy communes (2020 to 2025, with their mergers) and district organizations.

    Successor links point at the unit that took over; rows already present (by slug) are kept.
    """
    existing = {unit.slug: unit for unit in session.exec(select(Unit)).all()}
    communes = _rows("units.csv")
    organizations = _rows("organizations.csv")
    for row in communes:
        if row["slug"] not in existing:
            unit = Unit(
                slug=row["slug"],
                code=row["code"] or None,
                name=row["name"],
                kind=UnitKind(row["kind"]),
                valid_from=_day(row["valid_from"]),
                valid_to=_day(row["valid_to"]),
                note=row["source"] or None,
            )
            session.add(unit)
            existing[unit.slug] = unit
    for row in organizations:
        if row["slug"] not in existing:
            unit = Unit(
                slug=row["slug"],
                name=row["name"],
                short_name=row["short_name"] or None,
                kind=UnitKind.ORGANIZATION,
                bloc=Bloc(row["bloc"]),
                valid_to=_day(row["valid_to"]),
                note=row["note"] or None,
            )
            session.add(unit)
            existing[unit.slug] = unit
    session.flush()
    for row in communes:
        if row["successor"]:
            existing[row["slug"]].successor_id = existing[row["successor"]].id
    session.flush()
    return list(existing.values())


def unit_by_slug(slug: str, *, session: Session) -> Unit:
    unit = session.exec(select(Unit).where(Unit.slug == slug)).first()
    if unit is None:
        raise NotFound(f"Không có đơn vị mã '{slug}'.")
    return unit


COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.TOWN)

COLLECTIVES: dict[str, str] = {
    "cac xa, thi tran": "communes",
    "ubnd cac xa, thi tran": "communes",
    "dang uy cac xa, thi tran": "communes",
    "mttq va cac doan the": "front",
    "mat tran to quoc va cac doan the": "front",
    "cac doan the chinh tri - xa hoi": "front",
    "cac phong, ban, nganh": "government",
    "cac co quan chuyen mon thuoc ubnd huyen": "government",
    "luc luong vu trang": "armed",
}
"""How notices name groups of units (folded: no accents, lowercase) → which group."""


def expand_collective(name: str, on: date, *, session: Session) -> list[Unit]:
    """The units a collective such as "các xã, thị trấn" means on the day ``on``."""
    group = COLLECTIVES.get(fold(name).strip().rstrip("."))
    if group is None:
        raise InvalidInput("đơn vị", f"'{name}' không phải là tên nhóm đơn vị đã biết.")
    units = session.exec(select(Unit).order_by(col(Unit.id))).all()
    if group == "communes":
        members = [u for u in units if u.kind in COMMUNE_KINDS]
    else:  # a bloc; "các phòng, ban, ngành" means the offices, not the committee itself
        members = [u for u in units if u.bloc == Bloc(group).value and u.slug != "ubnd-huyen"]
    return [u for u in members if u.valid_on(on)]
