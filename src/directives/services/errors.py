"""Errors the services raise, each with a message fit to show the user.

One shape for "rejected, with these located problems": :class:`Rejected` carries every
:class:`Problem` found (a form's fields, a notice's items, a workbook's cells, a batch's items), so
that pages, the CLI and tests show them the same way and nothing is written.
"""

from collections.abc import Sequence
from dataclasses import dataclass


class ServiceError(Exception):
    """Base class: something the user asked for cannot be done."""


class PermissionDenied(ServiceError):
    """The acting user's role or unit does not allow this."""


class NotFound(ServiceError):
    """A referenced row does not exist."""


class InvalidInput(ServiceError):
    """A value is wrong; the message says which field and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with what was submitted, and where it is.

    ``file`` and ``sheet`` name an uploaded file and its sheet; ``row`` is the Excel row number (1
    is the header) or, outside a workbook, the item's number (a task of a notice, an entry of a
    batch); ``column`` is the Excel column letter; ``field`` the field's Vietnamese name. Any of
    them may be None when the problem is larger than that place.
    """

    message: str
    field: str | None = None
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    item_word: str = "dòng"  # how ``row`` is called: "dòng" in a file, "mục" or "nhiệm vụ" else

    def place(self) -> str:
        """Where, in words: "nhiem-vu.xlsx, trang “Nhiệm vụ”, dòng 7, cột F (Hạn)"."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"trang “{self.sheet}”")
        if self.row is not None:
            parts.append(f"{self.item_word} {self.row}")
        shown = (self.field or "").replace("(", "").replace(")", "")
        if self.column is not None:
            parts.append(f"cột {self.column} ({shown})" if shown else f"cột {self.column}")
        elif shown:
            parts.append(shown)
        return ", ".join(parts)

    def __str__(self) -> str:
        place = self.place()
        return f"{place}: {self.message}" if place else self.message


PROBLEM_COLUMNS = ("Tệp", "Trang", "Dòng", "Cột", "Trường", "Lỗi")


class Rejected(ServiceError):
    """Nothing was written; ``problems`` lists every reason, in the order of the input."""

    def __init__(self, problems: Sequence[Problem], headline: str | None = None) -> None:
        self.problems = list(problems)
        if headline is None:
            headline = f"Có {len(self.problems)} lỗi, chưa lưu gì:"
        self.headline = headline
        super().__init__("\n".join([headline, *(str(p) for p in self.problems)]))

    def rows(self) -> list[tuple[str | int | None, ...]]:
        """The problems as rows under :data:`PROBLEM_COLUMNS`, for a table or a CSV."""
        return [(p.file, p.sheet, p.row, p.column, p.field, p.message) for p in self.problems]
