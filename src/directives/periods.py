"""Reporting periods as users name them: tháng, quý I–IV, 6 tháng, 9 tháng, năm.

A period selects the tasks *due* in it (deadline within it; standing tasks always count) and is
seen as of its last day, or the as-of day if that comes first. Its comparison is the previous
period of the same kind, seen as of that period's last day.
"""

import calendar
import enum
from dataclasses import dataclass
from datetime import date, timedelta


class PeriodKind(enum.StrEnum):
    ALL = "all"  # lũy kế: everything assigned up to the as-of day
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"  # 6 tháng
    NINE_MONTHS = "nine_months"  # 9 tháng (đầu năm)
    YEAR = "year"


LABELS: dict[PeriodKind, tuple[str, str]] = {
    PeriodKind.ALL: ("Lũy kế", "Cumulative"),
    PeriodKind.MONTH: ("Tháng", "Month"),
    PeriodKind.QUARTER: ("Quý", "Quarter"),
    PeriodKind.HALF: ("6 tháng", "Half-year"),
    PeriodKind.NINE_MONTHS: ("9 tháng", "Nine months"),
    PeriodKind.YEAR: ("Năm", "Year"),
}

ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date | None
    end: date | None

    def previous(self) -> "Period | None":
        if self.kind is PeriodKind.ALL or self.start is None:
            return None
        if self.kind is PeriodKind.NINE_MONTHS:  # the same nine months of the year before
            return period_containing(
                PeriodKind.NINE_MONTHS, self.start.replace(year=self.start.year - 1)
            )
        return period_containing(self.kind, self.start - timedelta(days=1))

    def label(self, lang: str = "vi") -> str:
        if self.kind is PeriodKind.ALL or self.start is None:
            return LABELS[PeriodKind.ALL][0 if lang == "vi" else 1]
        year = self.start.year
        vi = lang == "vi"
        if self.kind is PeriodKind.MONTH:
            return f"Tháng {self.start.month}/{year}" if vi else f"{self.start:%B %Y}"
        if self.kind is PeriodKind.QUARTER:
            quarter = ROMAN[(self.start.month - 1) // 3]
            return f"Quý {quarter}/{year}" if vi else f"Q{(self.start.month - 1) // 3 + 1} {year}"
        if self.kind is PeriodKind.HALF:
            first = self.start.month == 1
            if vi:
                return f"6 tháng {'đầu' if first else 'cuối'} năm {year}"
            return f"{'First' if first else 'Second'} half of {year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"9 tháng đầu năm {year}" if vi else f"First nine months of {year}"
        return f"Năm {year}" if vi else f"Year {year}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_containing(kind: PeriodKind, day: date) -> Period:
    """The period of ``kind`` that contains ``day`` (for nine months: January–September)."""
    year = day.year
    if kind is PeriodKind.ALL:
        return Period(kind, None, None)
    if kind is PeriodKind.MONTH:
        return Period(kind, day.replace(day=1), _month_end(year, day.month))
    if kind is PeriodKind.QUARTER:
        first = 3 * ((day.month - 1) // 3) + 1
        return Period(kind, date(year, first, 1), _month_end(year, first + 2))
    if kind is PeriodKind.HALF:
        first = 1 if day.month <= 6 else 7
        return Period(kind, date(year, first, 1), _month_end(year, first + 5))
    if kind is PeriodKind.NINE_MONTHS:
        return Period(kind, date(year, 1, 1), date(year, 9, 30))
    return Period(kind, date(year, 1, 1), date(year, 12, 31))
