"""The 2025 administrative catalog (34 provinces and cities, 3,321 communes, wards and special
zones, with the General Statistics Office's codes) read from the ``vietnam-provinces`` package
into plain rows for the units workbook; no database.

::

    province = find_province("quang tri")          # "Quảng Trị", its code and its communes
    rows = catalog_rows("Quảng Trị")               # rows for reports.unit_workbook
    rows = catalog_rows("Ninh Bình", commune="Xã Giao Thủy")   # one commune's own row

Province and commune names are matched with case, accents and the words "tỉnh", "thành phố",
"xã", "phường", "đặc khu" aside when that leaves one match; an unknown name is an
:class:`~directives.services.errors.InvalidInput` listing the close names. Villages (thôn, tổ dân
phố) are not in the catalog.
"""

import difflib
import functools
import json
from dataclasses import dataclass
from typing import Any

import vietnam_provinces

from directives.models import UnitKind
from directives.services.errors import InvalidInput
from directives.text import clean, fold, name_key

DATA_VERSION = str(vietnam_provinces.__data_version__)
"""When the package's maintainer retrieved the data (yyyy-mm-dd)."""
SOURCE = f"Danh mục ĐVHC 2025 (vietnam-provinces {vietnam_provinces.__version__})"

_KINDS = {"xã": UnitKind.COMMUNE, "phường": UnitKind.WARD, "đặc khu": UnitKind.SPECIAL_ZONE}
_PREFIXES = ("thanh pho", "tinh", "tp.", "tp", "xa", "phuong", "dac khu")


@dataclass(frozen=True)
class Division:
    """A commune, ward or special zone of the catalog."""

    name: str
    code: str  # five digits, as the GSO writes them
    kind: UnitKind


@dataclass(frozen=True)
class Province:
    name: str  # "Quảng Trị", "Thành phố Huế"
    code: str  # two digits
    divisions: tuple[Division, ...]


@functools.cache
def provinces() -> tuple[Province, ...]:
    """Every province and city of the catalog, in its order (read once)."""
    text = vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8")
    found: list[Province] = []
    for item in json.loads(text):
        divisions = tuple(
            Division(clean(w["name"]) or "", f"{int(w['code']):05d}", _kind(w))
            for w in item["wards"]
        )
        found.append(Province(clean(item["name"]) or "", f"{int(item['code']):02d}", divisions))
    return tuple(found)


def _kind(ward: dict[str, Any]) -> UnitKind:
    kind = _KINDS.get(clean(str(ward["division_type"])) or "")
    if kind is None:
        raise ValueError(f"unknown division type {ward['division_type']!r} of {ward['name']!r}")
    return kind


def _bare(name: str) -> str:
    """Folded, spaces collapsed, without a leading "tỉnh", "thành phố", "xã" …"""
    folded = " ".join(fold(name).replace(".", ". ").split())
    for prefix in _PREFIXES:
        if folded.startswith(prefix + " "):
            return folded.removeprefix(prefix + " ").strip()
    return folded


def _accented(name: str) -> str:
    """:func:`name_key` without a leading kind word ("Xã Tân Thạnh" → "tân thạnh")."""
    key = name_key(name)
    for prefix in ("thành phố", "tỉnh", "xã", "phường", "đặc khu"):
        if key.startswith(name_key(prefix) + " "):
            return key.removeprefix(name_key(prefix) + " ")
    return key


def _pick(wanted: str, names: list[str], field: str, what: str, where: str = "") -> int:
    """The position in ``names`` of the one ``wanted`` names: the same name (tone placement,
    case and spaces aside), with or without its kind word, else the same without accents when
    only one is so."""
    for same in (name_key, _accented, _bare):
        found = [i for i, n in enumerate(names) if same(n) == same(wanted)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            shown = ", ".join(f"“{names[i]}”" for i in found)
            raise InvalidInput(field, f"“{wanted}” có thể là {shown}; hãy ghi đủ dấu.")
    close = difflib.get_close_matches(_bare(wanted), [_bare(n) for n in names], n=5, cutoff=0.6)
    similar = [n for n in names if _bare(n) in close]
    hint = f" Tên gần giống: {', '.join(similar)}." if similar else ""
    raise InvalidInput(
        field, f"không có {what} “{wanted}” trong danh mục hành chính 2025{where}.{hint}"
    )


def find_province(name: str) -> Province:
    """The province or city ``name`` names ("Huế" and "Thành phố Huế" alike)."""
    everything = provinces()
    return everything[_pick(name, [p.name for p in everything], "tỉnh", "tỉnh, thành phố")]


def catalog_rows(province: str, commune: str | None = None) -> list[dict[str, Any]]:
    """Rows of the units workbook (keys of :data:`~directives.reports.layout.UNITS`, kinds as
    stored codes) for the province's communes, wards and special zones, or only ``commune``'s."""
    found = find_province(province)
    divisions = list(found.divisions)
    if commune is not None:
        names = [d.name for d in divisions]
        where = f" của {found.name}"
        divisions = [divisions[_pick(commune, names, "xã", "xã, phường, đặc khu", where)]]
    return [
        {"name": d.name, "kind": d.kind.value, "code": d.code, "note": SOURCE} for d in divisions
    ]
