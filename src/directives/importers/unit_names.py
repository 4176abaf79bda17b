"""Finding unit names in running text, the way notices write them.

Text is cut into tokens (words and punctuation), and each word is folded (no accents, lowercase,
so "Thuỷ" and "Thủy", "Hoà" and "Hòa" are alike) and its common short form spelled out ("UBND" →
"ủy ban nhân dân", "NN&PTNT" → "nông nghiệp và phát triển nông thôn"). Each unit is known under
several such token sequences: its name and short name, without "Việt Nam", without a trailing
"huyện" or "Huyện ủy" where that still names one unit only, and for a commune its bare name and its
committee's names ("UBND xã Giao An", "Đảng ủy xã Giao An"). :meth:`UnitDirectory.match` finds the
longest name starting at a token.

Groups of units (:data:`directives.domain.GROUPS`: "các xã, thị trấn", "MTTQ và các đoàn thể" …)
are names too: they stand for their members on the day the work is saved.

This module reads no database: the directory is built from plain unit records (a
:class:`directives.models.Unit` row or a :class:`UnitRecord`);
:func:`directives.queries.unit_directory.unit_directory` builds it from the database.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Protocol

from directives.domain import GROUPS
from directives.text import fold

ABBREVIATIONS: dict[str, str] = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc",
    "ubmttqvn": "uy ban mat tran to quoc",
    "mttqvn": "mat tran to quoc",
    "ubkt": "uy ban kiem tra",
    "bch": "ban chi huy",
    "bchqs": "ban chi huy quan su",
    "chqs": "chi huy quan su",
    "qs": "quan su",
    "btv": "ban thuong vu",
    "bdv": "ban dan van",
    "btg": "ban tuyen giao",
    "btc": "ban to chuc",
    "vp": "van phong",
    "ldld": "lien doan lao dong",
    "ccb": "cuu chien binh",
    "tnxp": "thanh nien xung phong",
    "tncs": "thanh nien cong san",
    "hlhpn": "hoi lien hiep phu nu",
    "lhpn": "lien hiep phu nu",
    "hnd": "hoi nong dan",
    "ctd": "chu thap do",
    "nnptnt": "nong nghiep va phat trien nong thon",
    "tnmt": "tai nguyen va moi truong",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    "vhtt": "van hoa va thong tin",
    "gddt": "giao duc va dao tao",
    "tckh": "tai chinh ke hoach",
    "ktht": "kinh te va ha tang",
    "ttct": "trung tam chinh tri",
}
"""Short forms (folded, without "-" and "&") → their words, folded."""

_TOKEN = re.compile(r"\w+(?:[&\-]\w+)*|[^\w\s]")
_PUNCTUATION_KEPT = {",", ";", ":", "(", ")", '"', "“", "”", "."}


class Token(NamedTuple):  # a tuple: a notice has hundreds of thousands of them at most
    text: str
    start: int
    end: int
    words: tuple[str, ...]  # folded, short forms spelled out; empty for "-" and the like


def tokenize(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        raw = match.group(0)
        tokens.append(Token(raw, match.start(), match.end(), _words(raw)))
    return tokens


@lru_cache(maxsize=65_536)  # words repeat: "UBND", "xã", "huyện" …
def _words(raw: str) -> tuple[str, ...]:
    if raw in _PUNCTUATION_KEPT:
        return (raw,)
    folded = fold(raw)
    if folded == "&":
        return ("va",)
    if not re.search(r"\w", folded):
        return ()
    compact = folded.replace("-", "").replace("&", "")
    if compact in ABBREVIATIONS:
        return tuple(ABBREVIATIONS[compact].split())
    words: list[str] = []
    for part in re.split(r"([-&])", folded):
        if part == "&":
            words.append("va")
        elif part and part != "-":
            words.extend(ABBREVIATIONS.get(part, part).split())
    return tuple(words)


def words_of(text: str) -> tuple[str, ...]:
    """The folded word sequence of ``text``, as :meth:`UnitDirectory.match` compares it."""
    return tuple(word for token in tokenize(text) for word in token.words)


class UnitLike(Protocol):
    """What the directory needs of a unit (a :class:`directives.models.Unit` row has it)."""

    @property
    def id(self) -> int | None: ...
    @property
    def name(self) -> str: ...
    @property
    def short_name(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def is_active(self) -> bool: ...

    def valid_on(self, day: date) -> bool: ...


@dataclass(frozen=True)
class UnitRecord:
    """A unit as the directory needs it, without a database: for tests and for notices whose
    units are listed by hand (``kind`` as :class:`directives.models.UnitKind` values)."""

    name: str
    kind: str = "organization"
    short_name: str | None = None
    id: int | None = None
    is_active: bool = True
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Named:
    """A unit or group named in a text: ``name`` is the unit's own name, the group's canonical
    name, or the words as written when no unit is known by them (``known`` False)."""

    name: str
    unit_id: int | None = None
    collective: bool = False
    known: bool = True
    active: bool = True


@dataclass(frozen=True)
class Match:
    named: Named
    end: int  # index of the first word after the name


_COMMUNE_KINDS = {"commune": ("xa",), "town": ("thi tran", "tt")}
_GENERIC = {
    ("van", "phong"),
    ("uy", "ban"),
    ("ban",),
    ("uy", "ban", "nhan", "dan"),
    ("hoi", "dong", "nhan", "dan"),
    ("dang", "uy"),
}
"""Words that name a kind of body, not one body: never a unit's name on their own."""
_COMMITTEES = ("uy ban nhan dan", "dang uy", "dang bo")


class UnitDirectory:
    """The names of a set of units, to find in text as written on the day ``on``."""

    def __init__(self, units: Iterable[UnitLike], on: date | None = None) -> None:
        self.on = on
        candidates: dict[tuple[str, ...], list[tuple[int, Named]]] = {}
        district_words: list[tuple[str, ...]] = []

        def add(key: tuple[str, ...], named: Named, rank: int) -> None:
            if key:
                found = candidates.setdefault(key, [])
                if all(existing.name != named.name for _, existing in found):
                    found.append((rank, named))

        self._exact: dict[str, str] = {}
        self._communes: set[str] = set()
        for unit in units:
            self._exact[" ".join(fold(unit.name).split())] = unit.name
            kind = str(getattr(unit.kind, "value", unit.kind))
            active = unit.is_active and (on is None or unit.valid_on(on))
            named = Named(unit.name, unit.id, active=active)
            if kind in _COMMUNE_KINDS:
                self._communes.add(unit.name)
            if kind == "district":
                district_words.append(words_of(re.sub(r"(?i)^huyện\s+", "", unit.name)))
                continue
            for key, rank in self._variants(unit.name, unit.short_name, kind):
                add(key, named, rank)
        for group in GROUPS:
            for spelling in group.spellings:
                add(words_of(spelling), Named(group.name, collective=True), 0)
        self._names: dict[tuple[str, ...], Named] = {}
        for key, found in candidates.items():
            best = min(rank for rank, _ in found)
            chosen = [named for rank, named in found if rank == best]
            if len(chosen) > 1:  # the same words for two units: prefer the one active on the day
                chosen = [named for named in chosen if named.active] or chosen
            if len(chosen) == 1:
                self._names[key] = chosen[0]
        self._trie = _Trie()
        for key in self._names:
            self._trie.add(key)
        districts = [words for words in district_words if words]
        tails = [("huyen", *words) for words in districts] + districts + [("huyen",)]
        self._tails = sorted(tails, key=len, reverse=True)

    @staticmethod
    def _variants(
        name: str, short_name: str | None, kind: str
    ) -> list[tuple[tuple[str, ...], int]]:
        """The word sequences a unit is known by, each with a rank (0 = its own name; higher =
        a looser form, dropped when it would name two units)."""
        variants: list[tuple[tuple[str, ...], int]] = []
        names = [name] + ([short_name] if short_name else [])
        for written in list(names):
            inner = re.fullmatch(r"(.+?)\s*\((.+)\)\s*", written)
            if inner:
                names.remove(written)
                names.extend([inner.group(1), inner.group(2)])
        for written in names:
            words = words_of(written)
            variants.append((words, 0))
            plain = _without(words, ("viet", "nam"))
            variants.append((plain, 1))
            if plain[:2] == ("uy", "ban") and plain[2:4] == ("mat", "tran"):
                variants.append((plain[2:], 1))
            for suffix in (("huyen", "uy"), ("huyen",)):
                shorter = plain[: -len(suffix)]
                if plain[-len(suffix) :] == suffix and len(shorter) > 1 and shorter not in _GENERIC:
                    variants.append((shorter, 2))
        for kind_name, prefixes in _COMMUNE_KINDS.items():
            if kind != kind_name:
                continue
            words = words_of(name)
            for prefix in prefixes:
                prefix_words = tuple(prefix.split())
                if words[: len(prefix_words)] == prefix_words:
                    bare = words[len(prefix_words) :]
                    variants.append((bare, 1))
                    for other in prefixes:
                        variants.append((tuple(other.split()) + bare, 0))
                        for committee in _COMMITTEES:
                            variants.append(
                                (tuple(committee.split()) + tuple(other.split()) + bare, 0)
                            )
        return variants

    def match(self, words: list[str], start: int) -> Match | None:
        """The longest unit or group name at ``words[start:]``, with a following "huyện Giao
        Thủy" (the district's own name) taken in; None if no name starts there."""
        found = self._trie.longest(words, start)
        if found is None:
            return None
        key, end = found
        named = self._names[key]
        if not named.collective and named.name not in self._communes and _local(words, end):
            return None  # "Công an xã Giao An" is the commune's police, not the district's
        for tail in self._tails:
            if key[-1] == "huyen" and tail[0] == "huyen":
                continue
            if tuple(words[end : end + len(tail)]) == tail:
                end += len(tail)
                break
        return Match(named, end)

    def exact_name(self, text: str) -> str | None:
        """A unit's name as the database writes it, if ``text`` is that name in other case or
        accent placement."""
        return self._exact.get(" ".join(fold(text).split()))

    def lookup(self, text: str) -> Named | None:
        """The unit or group ``text`` names as a whole, if any."""
        words = list(words_of(text))
        found = self.match(words, 0)
        return found.named if found is not None and found.end == len(words) else None


class _Trie:
    """Names as paths of words: the longest name at a place is found in one walk, however many
    names the directory holds (a province's thousands of communes share "ủy ban nhân dân xã")."""

    __slots__ = ("children", "key")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.key: tuple[str, ...] | None = None  # the name that ends here, if any

    def add(self, key: tuple[str, ...]) -> None:
        node = self
        for word in key:
            node = node.children.setdefault(word, _Trie())
        node.key = key

    def longest(self, words: list[str], start: int) -> tuple[tuple[str, ...], int] | None:
        """The longest name at ``words[start:]`` and the index after it."""
        node, found = self, None
        for index in range(start, len(words)):
            child = node.children.get(words[index])
            if child is None:
                break
            node = child
            if node.key is not None:
                found = (node.key, index + 1)
        return found


def _local(words: list[str], index: int) -> bool:
    """Whether ``words[index:]`` names a commune-level place ("xã …", "thị trấn …")."""
    following = tuple(words[index : index + 2])
    return following[:1] in (("xa",), ("phuong",), ("tt",)) or following == ("thi", "tran")


def _without(words: tuple[str, ...], part: tuple[str, ...]) -> tuple[str, ...]:
    for index in range(len(words) - len(part) + 1):
        if words[index : index + len(part)] == part:
            return words[:index] + words[index + len(part) :]
    return words
