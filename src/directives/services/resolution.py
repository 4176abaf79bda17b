"""Which units a text names: a list such as "Ban Dân vận, UBND xã Giao An; các xã, thị trấn" as
notices, forms and workbooks word it, read against the units that exist on a day. Groups of
units ("các xã, thị trấn" …) are those of :data:`directives.domain.GROUPS`.
"""

import functools
from collections.abc import Collection, Sequence
from datetime import date

from sqlmodel import Session, col, select

from directives.domain import GROUPS, group_named
from directives.models import Unit, UnitKind
from directives.services.errors import InvalidInput
from directives.text import clean, fold, name_key


def expand_collective(name: str, on: date, *, session: Session) -> list[Unit]:
    """The units a group such as "các xã, thị trấn" means on the day ``on``."""
    return _group_members(name, on, session.exec(select(Unit).order_by(col(Unit.id))).all())


def _group_members(name: str, on: date, units: Sequence[Unit]) -> list[Unit]:
    group = group_named(fold(name))
    if group is None:
        raise InvalidInput("đơn vị", f"'{name}' không phải là tên nhóm đơn vị đã biết.")
    return [u for u in units if group.includes(u.kind, u.bloc, u.slug) and u.valid_on(on)]


AGENCY_PREFIXES = ("ubnd", "uy ban nhan dan", "dang uy", "dang bo")
"""How notices name a commune by its committee ("UBND xã Giao An" → Xã Giao An), folded."""

_KIND_PREFIXES = {
    UnitKind.COMMUNE.value: ("xa",),
    UnitKind.WARD.value: ("phuong",),
    UnitKind.SPECIAL_ZONE.value: ("dac khu",),
    UnitKind.TOWN.value: ("thi tran", "tt"),
    UnitKind.VILLAGE.value: ("thon", "to dan pho", "tdp"),
}


@functools.lru_cache(maxsize=65_536)  # a file names the same units over and over
def _name_key(text: str) -> str:
    """Folded, single-spaced, hyphens spaced alike ("A-B", "A - B", "A – B"), no final dot."""
    folded = fold(text).replace("\u2013", "-").replace("\u2014", "-").replace("-", " - ")
    return " ".join(folded.split()).rstrip(".").strip()


def resolve_units(
    text: str, on: date, *, session: Session, known: Collection[int] = ()
) -> list[Unit]:
    """The units a list such as "Ban Dân vận, UBND xã Giao An; các xã, thị trấn" names on ``on``.

    Parts are separated by commas or semicolons. Each is a group (see
    :data:`directives.domain.GROUPS`, expanded to its active members on ``on``), a unit's slug, or a
    unit's name or short name; case and accents do not matter ("Thuỷ" and "Thủy" alike). A commune
    or town may be named without its kind ("Giao An") or by its committee ("UBND xã Giao An", "Đảng
    ủy xã Giao An"), and "A và B" names two units when no unit is called so. Each named unit must be
    active and exist on ``on``, unless its id is in ``known`` (a task's units as they stand, such as
    a successor that took the task over after a merger, read back from an export). Units come once
    each, in the order named; raises :class:`InvalidInput` naming every part that could not be
    resolved.
    """
    return UnitIndex.load(session).resolve(text, on, known)


class UnitIndex:
    """Every unit by slug, name, short name and bare commune name, built once: a file of many
    rows resolves each of its texts against one index instead of reading the units per text."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = list(units)
        self.by_slug = {unit.slug: unit for unit in self.units}
        self.by_name: dict[str, list[Unit]] = {}
        self.by_bare: dict[str, list[Unit]] = {}  # communes and towns, without "xã" / "thị trấn"
        by_name, by_bare = self.by_name, self.by_bare

        def add(index: dict[str, list[Unit]], key: str, unit: Unit) -> None:
            found = index.setdefault(key, [])
            if unit not in found:
                found.append(unit)

        for unit in self.units:
            for name in (unit.name, unit.short_name):
                if name:
                    add(by_name, _name_key(name), unit)
            key = _name_key(unit.name)
            for prefix in _KIND_PREFIXES.get(str(unit.kind), ()):
                if key.startswith(prefix + " "):
                    bare = key.removeprefix(prefix + " ")
                    add(by_bare, bare, unit)
                    for other in _KIND_PREFIXES[str(unit.kind)]:
                        add(by_name, f"{other} {bare}", unit)
        self.collectives = {_name_key(name): name for group in GROUPS for name in group.spellings}
        groups_widest = max(key.count(",") for key in self.collectives) + 1
        # a group or a known name spans this many comma-separated parts at most
        self.widest = max([groups_widest, *(key.count(",") + 1 for key in by_name)])
        self._members: dict[tuple[str, date], list[Unit]] = {}

    @classmethod
    def load(cls, session: Session) -> "UnitIndex":
        return cls(session.exec(select(Unit).order_by(col(Unit.id))).all())

    def members(self, name: str, on: date) -> list[Unit]:
        """The active units the group ``name`` means on ``on`` (see :func:`expand_collective`)."""
        if (name, on) not in self._members:
            self._members[(name, on)] = [
                u for u in _group_members(name, on, self.units) if u.is_active
            ]
        return self._members[(name, on)]

    def resolve(self, text: str, on: date, known: Collection[int] = ()) -> list[Unit]:
        """:func:`resolve_units` against this index."""
        by_slug, by_name, by_bare = self.by_slug, self.by_name, self.by_bare
        collectives, widest = self.collectives, self.widest
        unknown: list[str] = []
        problems: list[str] = []

        def usable(found: list[Unit], part: str) -> list[Unit] | None:
            """The one unit ``found`` means on ``on``; None (with the problem noted) otherwise."""
            mine = [u for u in found if u.id in known]
            valid = mine or [u for u in found if u.is_active and u.valid_on(on)]
            if len(valid) == 1:
                return valid
            if len(valid) > 1:
                names = ", ".join(u.name for u in valid)
                problems.append(f"'{part}' có thể là nhiều đơn vị ({names}), hãy ghi rõ hơn")
            else:
                names = ", ".join(u.name for u in found)
                problems.append(f"'{part}' ({names}) không hoạt động vào ngày {on:%d/%m/%Y}")
            return None

        def candidates(part: str) -> list[Unit]:
            """The units ``part`` may name, ignoring dates; empty if none."""
            slug = part.strip().lower()
            if slug in by_slug:
                return [by_slug[slug]]
            key = _name_key(part)
            if key in by_name:
                found = by_name[key]
                if len(found) > 1:  # "Tân Thành" and "Tân Thạnh" fold alike: the accents decide
                    exact = [
                        u
                        for u in found
                        if name_key(part) in (name_key(u.name), name_key(u.short_name or ""))
                    ]
                    return exact or found
                return found
            if key in by_bare:
                return by_bare[key]
            for prefix in AGENCY_PREFIXES:
                if key.startswith(prefix + " "):
                    rest = key.removeprefix(prefix + " ")
                    commune = [
                        u for u in by_name.get(rest, []) if str(u.kind) in _KIND_PREFIXES
                    ] or by_bare.get(rest, [])
                    if commune:
                        return commune
            return []

        def members(name: str) -> list[Unit]:
            return self.members(name, on)

        def _splits(part: str) -> bool:
            """Whether "A và B" names known units or groups on each side of every "và"."""
            words = part.split()
            joints = [
                i for i, word in enumerate(words) if fold(word) == "va" and 0 < i < len(words)
            ]
            if not joints:
                return False
            pieces, start = [], 0
            for joint in [*joints, len(words)]:
                pieces.append(" ".join(words[start:joint]))
                start = joint + 1
            return all(pieces) and all(candidates(p) or _name_key(p) in collectives for p in pieces)

        def one(part: str) -> list[Unit] | None:
            """A single part: a unit, or "A và B"; None when it cannot be resolved."""
            found = candidates(part)
            if found:
                return usable(found, part)
            words = part.split()
            joints = [
                i for i, word in enumerate(words) if fold(word) == "va" and 0 < i < len(words)
            ]
            if joints:
                pieces, start = [], 0
                for joint in [*joints, len(words)]:
                    pieces.append(" ".join(words[start:joint]))
                    start = joint + 1
                if all(pieces) and all(
                    candidates(p) or _name_key(p) in collectives for p in pieces
                ):
                    resolved: list[Unit] = []
                    for piece in pieces:
                        if _name_key(piece) in collectives:
                            resolved.extend(members(collectives[_name_key(piece)]))
                            continue
                        unit = usable(candidates(piece), piece)
                        if unit is None:
                            return None
                        resolved.extend(unit)
                    return resolved
            unknown.append(part)
            return None

        # Units are separated by ";" or a new line; a comma separates only where the pieces name
        # known units: the longest run of comma-separated parts that names a unit or a group wins,
        # and parts that name nothing are put back together as one unknown name.
        result: list[Unit] = []

        def flush(stray: list[str]) -> None:
            """Parts that name nothing, together: one unknown name (a comma does not split it)."""
            if stray:
                unknown.append(", ".join(stray))
                stray.clear()

        for segment in text.replace("\r", "\n").replace("\n", ";").split(";"):
            parts = [p.strip() for p in segment.split(",")]
            parts = [p for p in parts if p]
            stray: list[str] = []  # consecutive parts that name nothing so far

            index = 0
            while index < len(parts):
                for end in range(min(len(parts), index + widest), index + 1, -1):
                    joined = ", ".join(parts[index:end])
                    key = _name_key(joined)
                    if key in collectives:
                        flush(stray)
                        result.extend(members(collectives[key]))
                        index = end
                        break
                    found = candidates(joined)
                    if found:
                        flush(stray)
                        result.extend(usable(found, joined) or [])
                        index = end
                        break
                else:
                    part = parts[index]
                    key = _name_key(part)
                    if key in collectives:
                        flush(stray)
                        result.extend(members(collectives[key]))
                    elif candidates(part) or _splits(part):
                        flush(stray)
                        result.extend(one(part) or [])
                    else:
                        stray.append(part)
                    index += 1
            flush(stray)
        if unknown or problems:
            messages = []
            if unknown:
                names = ", ".join(f"'{clean(part)}'" for part in unknown)
                messages.append(f"không tìm thấy đơn vị {names}")
            messages.extend(problems)
            raise InvalidInput("đơn vị", "; ".join(messages))
        unique: list[Unit] = []
        seen: set[int | None] = set()
        for unit in result:
            if unit.id not in seen:
                seen.add(unit.id)
                unique.append(unit)
        return unique
