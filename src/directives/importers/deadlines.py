"""Deadlines as notices write them, read into a day.

The forms: "trước ngày 10/12/2023", "trước 14 giờ, ngày 05/12/2017", "ngày 15 tháng 3 năm 2021",
"trong tháng 3/2019", "trước tháng 5.2014" (the day before that month), "trong quý II năm 2020",
"quý II.2018", "6 tháng đầu năm", "9 tháng đầu năm 2021", "trong năm 2021", "từ ngày … đến ngày …"
(the last day) and "thường xuyên" (a standing task, no day). A month, quarter, half or year means
its last day. A day written without its year takes the notice's year.

Only a date after a cue word (trước, trong, hoàn thành, xong, chậm nhất, hạn, đến, vào) is a
deadline: "Nghị quyết số 25-NQ/TW ngày 03/6/2013" is a reference, not a deadline.

Matching runs on the folded text (no accents, lowercase), which has the same length as the text,
so a match's span is also the span of the words as written.
"""

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from directives.text import fold


@dataclass(frozen=True)
class Deadline:
    """A deadline phrase found in a text.

    ``day`` is None for a standing task ("thường xuyên") and for an impossible date, which has
    ``problem`` set ("31/02/2021 không phải là ngày có thật"). ``start``/``end`` locate the phrase,
    its cue word included, in the text it was found in.
    """

    day: date | None
    start: int
    end: int
    standing: bool = False
    problem: str | None = None


def fold_same_length(text: str) -> str:
    """``fold`` one character at a time, so that positions in the result are positions in
    ``text`` (a stray combining mark becomes a space)."""
    return text.translate(_ONE_FOLDED)


class _FoldedCharacters(dict[int, str]):
    """``str.translate`` table that folds each character once, the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = (fold(chr(code)) or " ")[0]
        if len(self) < 65_536:
            self[code] = folded
        return folded


_ONE_FOLDED = _FoldedCharacters()


_CUE = r"(?:truoc|trong|hoan thanh|xong|cham nhat|han|den|vao|ket thuc)"
_DAY = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}|\d{2}))?(?![\d/])"
_LONG_DAY = r"(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})(?:\s*,?\s+nam\s+(?P<y>\d{4}))?"
_TIME = r"(?:\d{1,2}\s*(?:gio|h)\s*(?:\d{1,2}\s*(?:phut)?)?\s*,?\s*)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_RANGE = re.compile(
    r"\btu\s+(?:ngay\s+)?(?:\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{2,4})?)\s*"
    rf"(?:den|toi)\s+(?:het\s+)?(?:ngay\s+)?{_DAY}"
)
_DAY_AFTER_CUE = re.compile(
    rf"\b(?P<cue>{_CUE})\s+(?:{_TIME})?(?:ngay\s+)?(?:{_DAY}|{_LONG_DAY.replace('?P<', '?P<l')})"
)
_MONTH = re.compile(
    rf"\b(?P<cue>{_CUE})\s+(?:cuoi\s+)?thang\s+(?P<m>\d{{1,2}})"
    r"(?:\s*(?:[/.\-]|\s+nam\s+)\s*(?P<y>\d{4}))?(?![\d/]|\.\d)"
)
_QUARTER = re.compile(
    rf"\b(?P<cue>{_CUE})\s+(?:cuoi\s+)?quy\s+(?P<q>iv|i{{1,3}}|[1-4])\b"
    r"(?:\s*(?:[/.\-]|\s+nam\s+)\s*(?P<y>\d{4}))?"
)
_SHORT_QUARTER = re.compile(r"\bquy\s+(?P<q>iv|i{1,3}|[1-4])\s*[/.\-]\s*(?P<y>\d{4})\b")
"""A quarter in the short form "quý II.2018", which is a deadline even without a cue."""
_PART_OF_YEAR = re.compile(
    rf"\b(?P<cue>{_CUE})\s+(?P<n>6|9|sau|chin)\s+thang\s+(?P<half>dau|cuoi)\s+nam"
    r"(?:\s+(?P<y>\d{4}))?"
)
_YEAR = re.compile(rf"\b(?P<cue>{_CUE})\s+(?:cuoi\s+)?nam\s+(?P<y>\d{{4}})\b")
_STANDING = re.compile(r"\bthuong xuyen\b")
_LEADING_WORDS = re.compile(
    r"(?:(?:^|[,;])\s*(?:va\s+)?(?:hoan thanh|thuc hien xong|thuc hien|xong)\s*)$"
)


def _year(value: str | None, default: int | None) -> int | None:
    if value is None:
        return default
    year = int(value)
    return year + 2000 if year < 100 else year


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(match: re.Match[str], prefix: str, default_year: int | None) -> tuple[date | None, str]:
    """The day in ``match`` (groups ``{prefix}d``, ``m``, ``y``); None with a reason if it cannot
    be a day."""
    day, month = int(match.group(prefix + "d")), int(match.group(prefix + "m"))
    year = _year(match.group(prefix + "y"), default_year)
    written = match.group(0).strip()
    if year is None:
        return None, f"'{written}' không ghi năm"
    try:
        return date(year, month, day), ""
    except ValueError:
        return None, f"ngày {day:02d}/{month:02d}/{year} không có thật"


def find_deadlines(text: str, default_year: int | None) -> list[Deadline]:
    """Every deadline phrase in ``text``, in order, none overlapping another."""
    folded = fold_same_length(text)
    found: list[Deadline] = []
    starts: list[int] = []  # the phrases taken so far, sorted and apart: their starts …
    ends: list[int] = []  # … and their ends

    def add(
        start: int, end: int, day: date | None, problem: str = "", standing: bool = False
    ) -> None:
        at = bisect.bisect_left(starts, start)
        if (at and ends[at - 1] > start) or (at < len(starts) and starts[at] < end):
            return  # overlaps a phrase found before
        starts.insert(at, start)
        ends.insert(at, end)
        found.append(Deadline(day, start, end, standing, problem or None))

    for match in _RANGE.finditer(folded):
        day, problem = _day(match, "", default_year)
        add(match.start(), match.end(), day, problem)
    for match in _DAY_AFTER_CUE.finditer(folded):
        prefix = "" if match.group("d") is not None else "l"
        day, problem = _day(match, prefix, default_year)
        add(match.start(), match.end(), day, problem)
    for match in _PART_OF_YEAR.finditer(folded):
        year = _year(match.group("y"), default_year)
        months = 6 if match.group("n") in ("6", "sau") else 9
        end_month = months if match.group("half") == "dau" else 12
        day = _last_day(year, end_month) if year else None
        add(match.start(), match.end(), day, "" if year else "không rõ năm")
    for match in _QUARTER.finditer(folded):
        year = _year(match.group("y"), default_year)
        quarter = _ROMAN[match.group("q")]
        if match.group("cue") == "truoc":
            quarter -= 1
        if year is None:
            add(match.start(), match.end(), None, "không rõ năm")
        elif quarter == 0:
            add(match.start(), match.end(), date(year - 1, 12, 31))
        else:
            add(match.start(), match.end(), _last_day(year, quarter * 3))
    for match in _SHORT_QUARTER.finditer(folded):
        add(
            match.start(),
            match.end(),
            _last_day(int(match.group("y")), _ROMAN[match.group("q")] * 3),
        )
    for match in _MONTH.finditer(folded):
        year = _year(match.group("y"), default_year)
        month = int(match.group("m"))
        if year is None or not 1 <= month <= 12:
            add(match.start(), match.end(), None, f"'{match.group(0).strip()}' không rõ tháng, năm")
        elif match.group("cue") == "truoc":
            add(match.start(), match.end(), date(year, month, 1) - timedelta(days=1))
        else:
            add(match.start(), match.end(), _last_day(year, month))
    for match in _YEAR.finditer(folded):
        year = int(match.group("y"))
        if match.group("cue") == "truoc":
            year -= 1
        add(match.start(), match.end(), date(year, 12, 31))
    for match in _STANDING.finditer(folded):
        add(match.start(), match.end(), None, standing=True)
    return sorted(found, key=lambda deadline: deadline.start)


def without_phrase(text: str, deadline: Deadline) -> str:
    """``text`` with the deadline phrase cut out, and the words that introduced it ("hoàn thành",
    "thực hiện", a comma) when they come right before."""
    head = text[: deadline.start]
    lead = _LEADING_WORDS.search(fold_same_length(head))
    if lead is not None:
        head = head[: lead.start()]
    return (head.rstrip(" ,;") + " " + text[deadline.end :].lstrip(" ,;.")).strip()
