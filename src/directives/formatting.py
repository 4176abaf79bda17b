"""Numbers and dates the Vietnamese way: 1.234,5 and dd/mm/yyyy; times in the users' zone."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo


def number(value: float | int | None, decimals: int = 0, lang: str = "vi") -> str:
    if value is None:
        return "—"
    exact = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{exact:,.{decimals}f}"  # 1,234.5, halves rounded up as people expect
    if lang != "vi":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def file_size(size: int, lang: str = "vi") -> str:
    """1.234 B, 12,3 KB, 4,5 MB."""
    if size < 1024:
        return f"{number(size, 0, lang)} B"
    if size < 1024 * 1024:
        return f"{number(size / 1024, 1, lang)} KB"
    return f"{number(size / (1024 * 1024), 1, lang)} MB"


def percent(rate: float | None, decimals: int = 1, lang: str = "vi") -> str:
    return "—" if rate is None else f"{number(rate * 100, decimals, lang)}%"


def day(value: date | None) -> str:
    return "" if value is None else f"{value:%d/%m/%Y}"


def moment(value: datetime | None, timezone: str = "Asia/Ho_Chi_Minh") -> str:
    if value is None or value != value:  # pandas' missing time (NaT) is unequal to itself
        return ""
    return f"{value.astimezone(ZoneInfo(timezone)):%d/%m/%Y %H:%M}"
