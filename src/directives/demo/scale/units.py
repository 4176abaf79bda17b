"""The province's units: its organizations, each district's organizations, towns and communes
(some merged into a neighbour in 2019 or 2024), and who issues conclusions to whom."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from directives.demo.scale.base import DISTRICTS_AT_SCALE_1, UNITS_AT_SCALE_1
from directives.demo.scale.vocabulary import (
    DISTRICT_NAMES,
    DISTRICT_ORGS,
    FIRST_NAMES,
    PROVINCE,
    PROVINCE_ORGS,
    SECOND_NAMES,
)
from directives.domain import is_local
from directives.models import (
    Bloc,
    UnitKind,
)
from directives.text import slugify


@dataclass
class GeneratedUnit:
    id: int
    slug: str
    code: str | None
    name: str
    short_name: str | None
    kind: UnitKind
    bloc: Bloc | None
    district: int  # index into the districts; -1 for the province's organizations
    valid_to: date | None = None
    successor_id: int | None = None
    note: str | None = None
    diligence: float = 0.88

    def valid_on(self, day: date) -> bool:
        return self.valid_to is None or day <= self.valid_to

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "slug": self.slug,
            "code": self.code,
            "name": self.name,
            "short_name": self.short_name,
            "kind": self.kind.value,
            "bloc": self.bloc.value if self.bloc else None,
            "valid_from": None,
            "valid_to": self.valid_to,
            "successor_id": None,  # set once every unit exists
            "note": self.note,
            "is_active": self.valid_to is None,  # merged units keep their history only
        }


ORG = UnitKind.ORGANIZATION


def make_units(rng: random.Random, scale: float) -> list[GeneratedUnit]:
    total = max(12, round(UNITS_AT_SCALE_1 * scale))
    districts = max(1, round(DISTRICTS_AT_SCALE_1 * scale))
    province_orgs = max(1, round(0.05 * total))
    per_district, spare = divmod(total - province_orgs, districts)
    units: list[GeneratedUnit] = []
    slugs: set[str] = set()
    names = [f"{a} {b}" for a in FIRST_NAMES for b in SECOND_NAMES if a != b]
    rng.shuffle(names)
    name_iter = iter(names)

    def add(name: str, kind: UnitKind, bloc: Bloc | None, district: int) -> GeneratedUnit:
        slug, n = slugify(name), 2
        while slug in slugs:
            slug, n = f"{slugify(name)}-{n}", n + 1
        slugs.add(slug)
        unit = GeneratedUnit(len(units) + 1, slug, None, name, None, kind, bloc, district)
        units.append(unit)
        return unit

    for index in range(province_orgs):
        template, bloc = PROVINCE_ORGS[index % len(PROVINCE_ORGS)]
        round_ = index // len(PROVINCE_ORGS)
        add(f"{template} {PROVINCE}" + (f" ({round_ + 1})" if round_ else ""), ORG, bloc, -1)

    for district in range(districts):
        base = DISTRICT_NAMES[district % len(DISTRICT_NAMES)]
        dname = base if district < len(DISTRICT_NAMES) else f"{base} {district + 1}"
        size = per_district + (1 if district < spare else 0)
        add(f"Huyện {dname}", UnitKind.DISTRICT, None, district)
        org_count = min(len(DISTRICT_ORGS), max(2, round(0.3 * size)))
        for template, bloc in DISTRICT_ORGS[:org_count]:
            org = add(template.format(d=dname), ORG, bloc, district)
            org.short_name = template.replace(" {d}", "")
        commune_count = max(2, size - 1 - org_count)
        towns = 1 if commune_count < 40 else 2
        communes: list[GeneratedUnit] = []
        for number in range(commune_count):
            place = (
                next(name_iter, None)
                or f"{rng.choice(FIRST_NAMES)} {rng.choice(SECOND_NAMES)} {number}"
            )
            kind = UnitKind.TOWN if number < towns else UnitKind.COMMUNE
            label = "Thị trấn" if kind is UnitKind.TOWN else "Xã"
            unit = add(f"{label} {place}", kind, None, district)
            unit.code = f"{13000 + 100 * district + number:05d}"
            unit.diligence = 0.5 if rng.random() < 0.15 else rng.uniform(0.8, 0.95)
            communes.append(unit)
        _merge(rng, communes)
    return units


def _merge(rng: random.Random, communes: list[GeneratedUnit]) -> None:
    """About one commune in twelve merged into a neighbour (rounds of 2019 and 2024)."""
    if len(communes) < 4:
        return
    merged = rng.sample(communes[1:], max(1, len(communes) // 12))
    merged_ids = {unit.id for unit in merged}
    keeping = [unit for unit in communes if unit.id not in merged_ids]
    for unit in merged:
        successor = rng.choice(keeping)
        unit.valid_to = rng.choice((date(2019, 12, 31), date(2024, 8, 31)))
        unit.successor_id = successor.id
        unit.note = f"Sáp nhập vào {successor.name} từ {unit.valid_to + timedelta(days=1):%d/%m/%Y}"


@dataclass
class Issuer:
    district: int  # -1: the province
    name: str  # e.g. "Huyện ủy Giao Thủy"
    suffix: str  # TB/HU or TB/TU
    leads: list[GeneratedUnit]  # who usually leads its tasks
    supports: list[GeneratedUnit]
    communes: list[GeneratedUnit]


def make_issuers(units: list[GeneratedUnit]) -> list[Issuer]:
    province = [u for u in units if u.district == -1]
    districts = sorted({u.district for u in units if u.district >= 0})
    issuers = [
        Issuer(
            -1,
            f"Tỉnh ủy {PROVINCE}",
            "TB/TU",
            province,
            province + [u for u in units if u.kind is UnitKind.DISTRICT],
            [],
        )
    ]
    for district in districts:
        mine = [u for u in units if u.district == district]
        head = next(u for u in mine if u.kind is UnitKind.DISTRICT)
        orgs = [u for u in mine if u.kind is ORG]
        communes = [u for u in mine if is_local(u.kind)]
        issuers.append(
            Issuer(
                district,
                head.name.replace("Huyện", "Huyện ủy", 1),
                "TB/HU",
                orgs,
                orgs + communes,
                communes,
            )
        )
    return issuers
