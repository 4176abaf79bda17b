"""Reading one sheet of an uploaded workbook safely, and the cell parsers the row readers share.

:func:`read_sheet` touches no database: the file must be a readable .xlsx of sane size (a "zip
bomb" is refused before it is unpacked), the sheet must exist, be visible (a hidden data sheet
beside a visible decoy is refused, naming it) and be headed as the layout says (one problem
naming the expected header otherwise). Empty rows are skipped. Every refusal is a
:class:`~directives.services.errors.Rejected` whose problems say file, sheet, row, column and field.

:class:`Cells` parses one row's cells (text NFC with spaces collapsed; whole numbers; real Excel
dates or dd/mm/yyyy text, "31/02/2021" is "ngày không có thật"), collecting a located
:class:`~directives.services.errors.Problem` per bad cell.
"""

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import IO, Any, Generic, TypeVar

from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

from directives.formatting import number
from directives.reports.layout import STANDING, Sheet
from directives.services.errors import Problem, Rejected
from directives.text import clean, fold

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class ReadSheet(Generic[R]):
    """What a reader found in a workbook: ``count`` non-empty rows, the ``rows`` it could read
    and the ``problems`` of the cells, in file order. Each reader names its own kind
    (``TaskSheet``, ``UpdateSheet``, ``UnitSheet``) so that callers can tell them apart."""

    file: str
    count: int
    rows: tuple[R, ...]
    problems: tuple[Problem, ...]


# A filled template of 10.000 rows is about 1 MB, 8 MB once unpacked. Larger files are refused
# before they are read, and so are files that unpack far larger than they are (a "zip bomb").
MAX_FILE_MB = 20
MAX_UNPACKED_MB = 400

# Every whole-number cell goes to an INTEGER column (32 bits on PostgreSQL).
LARGEST_WHOLE = 2**31 - 1


def rejected(problems: Iterable[Problem], file_name: str) -> Rejected:
    """The refusal of a file: every problem, under "Tệp … có n lỗi, chưa lưu dòng nào:"."""
    found = list(problems)
    return Rejected(found, headline=f"Tệp {file_name} có {len(found)} lỗi, chưa lưu dòng nào:")


def sort_problems(problems: Iterable[Problem], sheet: Sheet) -> list[Problem]:
    """In file order: by row, then by column as the layout orders them."""
    letters = {sheet.letter(c.key): i for i, c in enumerate(sheet.columns)}
    return sorted(problems, key=lambda p: (p.row or 0, letters.get(p.column or "", -1), p.message))


@dataclass(frozen=True)
class RawRow:
    """A non-empty row as read: its Excel row number and its cells by column key."""

    number: int
    values: Mapping[str, Any]


def _size_problem(source: IO[bytes]) -> str | None:
    """Why the workbook in ``source`` is too large to read, or None; ``source`` is left at its
    start. A file that is not a zip at all is left to the reader, which refuses it."""
    size = source.seek(0, io.SEEK_END)
    source.seek(0)
    if size > MAX_FILE_MB * 1024 * 1024:
        return f"tệp lớn hơn {MAX_FILE_MB} MB: hãy chia thành nhiều tệp."
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        unpacked = 0
    source.seek(0)
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        return f"tệp giải nén ra hơn {MAX_UNPACKED_MB} MB: không phải tệp lập từ mẫu."
    return None


def read_sheet(data: bytes | IO[bytes], sheet: Sheet, file_name: str) -> list[RawRow]:
    """The non-empty rows of ``sheet`` in the workbook ``data``; :class:`Rejected` (one problem)
    if the file is not a readable .xlsx, lacks the sheet or hides it, or its header is not the
    layout's (a column missing, renamed or moved; the layout's last, optional columns may be
    missing). Columns after the layout's are ignored."""

    def reject(message: str, row: int | None = None, column: int | None = None) -> Rejected:
        letter = get_column_letter(column + 1) if column is not None else None
        field = sheet.columns[column].header if column is not None else None
        problem = Problem(message, field, file_name, sheet.name, row, letter)
        return rejected([problem], file_name)

    source = io.BytesIO(data) if isinstance(data, bytes) else data
    if problem := _size_problem(source):
        raise rejected([Problem(problem, file=file_name, sheet="")], file_name)
    try:
        book = CalamineWorkbook.from_filelike(source)
    except (CalamineError, OSError, ValueError) as error:
        message = "không đọc được tệp: cần tệp Excel (.xlsx) lập từ mẫu tải về."
        raise rejected([Problem(message, file=file_name, sheet="")], file_name) from error
    try:
        names = {key(meta.name): meta for meta in book.sheets_metadata}
        found = names.get(key(sheet.name))
        if found is None:
            shown = ", ".join(f"“{n}”" for n in book.sheet_names)
            raise reject(f"không có trang “{sheet.name}” (tệp có: {shown}); hãy dùng tệp mẫu.")
        if found.visible != SheetVisibleEnum.Visible:
            raise reject(
                f"trang “{found.name}” đang bị ẩn trong tệp; chỉ nhập từ trang hiện rõ. Hãy bỏ "
                "ẩn trang (chuột phải vào tên trang, chọn Bỏ ẩn) và xem lại nội dung trước khi "
                "nhập."
            )
        try:
            # From A1 (empty cells are ""), to the last non-empty row whatever size the file
            # records; dates come back as dates wherever the cell has a date format.
            grid = book.get_sheet_by_name(found.name).to_python(skip_empty_area=False)
        except (CalamineError, ValueError) as error:
            raise reject(f"không đọc được trang “{sheet.name}”: {error}.") from error
    finally:
        book.close()
    header = [_blank_to_none(v) for v in grid[0]] if grid else []
    expected = " | ".join(sheet.headers)
    for position, column in enumerate(sheet.columns):
        got = header[position] if position < len(header) else None
        if column.optional and text_value(got) is None:
            continue  # a file made before the column was added
        if key(text_value(got) or "") != key(column.header):
            shown = f"“{text_value(got)}”" if text_value(got) else "ô trống"
            raise reject(
                f"tiêu đề không đúng mẫu: cột {get_column_letter(position + 1)} phải là "
                f"“{column.header}”, tệp ghi {shown}. Dòng tiêu đề phải là: {expected}.",
                row=1,
                column=position,
            )
    width = len(sheet.columns)
    keys = [c.key for c in sheet.columns]
    found_rows: list[RawRow] = []
    for row_number, cells in enumerate(grid[1:], start=2):
        values = [_blank_to_none(v) for v in cells[:width]]
        values += [None] * (width - len(values))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        found_rows.append(RawRow(row_number, dict(zip(keys, values, strict=True))))
    return found_rows


def _blank_to_none(value: Any) -> Any:
    """Calamine gives an empty cell as ""; the parsers below expect None."""
    return None if value == "" else value


def key(text: str) -> str:
    """How headers, sheet names and choices are compared: folded, spaces collapsed."""
    return " ".join(fold(text).split())


class Cells:
    """Parses one row's cells, adding a located :class:`Problem` per bad cell to ``problems``."""

    def __init__(self, raw: RawRow, sheet: Sheet, file_name: str, problems: list[Problem]):
        self.raw, self.sheet, self.file_name, self.problems = raw, sheet, file_name, problems
        self.ok = True

    def error(self, column_key: str, message: str) -> None:
        self.ok = False
        self.problems.append(
            problem_at(self.sheet, self.file_name, self.raw.number, column_key, message)
        )

    def parse(self, column_key: str, parser: Callable[[Any], T], required: bool) -> T | None:
        value = self.raw.values.get(column_key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(column_key, "không được để trống.")
            return None
        try:
            return parser(value)
        except ValueError as error:
            self.error(column_key, str(error))
            return None

    def text(self, column_key: str, required: bool = False, limit: int | None = None) -> str | None:
        found = self.parse(column_key, _text_cell, required)
        if found is not None and limit is not None and len(found) > limit:
            self.error(
                column_key,
                f"dài {number(len(found))} ký tự, quá giới hạn {number(limit)} ký tự; hãy rút gọn.",
            )
            return None
        return found

    def whole(self, column_key: str, required: bool = False, low: int | None = None) -> int | None:
        number = self.parse(column_key, whole, required)
        if number is not None and low is not None and number < low:
            self.error(column_key, f"phải từ {low} trở lên.")
            return None
        if number is not None and abs(number) > LARGEST_WHOLE:
            self.error(column_key, f"số quá lớn (tệp ghi {number}).")
            return None
        return number

    def day(self, column_key: str, required: bool = False) -> date | None:
        return self.parse(column_key, day, required)


def problem_at(sheet: Sheet, file_name: str, row: int, column_key: str, message: str) -> Problem:
    """A problem of the cell at ``row`` in the column ``column_key``."""
    column = sheet.column(column_key)
    return Problem(message, column.header, file_name, sheet.name, row, sheet.letter(column_key))


def text_value(value: Any) -> str | None:
    """A cell as NFC text with spaces collapsed (40.0 reads "40"); None when blank."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value))


def _text_cell(value: Any) -> str:
    text = text_value(value)
    if text is None:
        raise ValueError("không được để trống.")
    return text


def whole(value: Any) -> int:
    """A whole number: 40, 40.0, "40" or "40%"."""
    if isinstance(value, bool):
        raise ValueError("phải là số nguyên.")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"phải là số nguyên (tệp ghi {value:g}).")
    text = (clean(str(value)) or "").rstrip("%").strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise ValueError(f"phải là số nguyên (tệp ghi “{clean(str(value))}”).")


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_EXAMPLE = "ghi theo dạng dd/mm/yyyy, ví dụ 20/06/2021"


def day(value: Any) -> date:
    """A date cell, or dd/mm/yyyy text (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, time | timedelta):
        # A date-formatted cell holding 0, a negative number or a fraction: the reader gives a
        # time of day, which says nothing of what the person sees. Excel shows 0 as 00/01/1900
        # and a negative "date" as ########.
        if value in (time(0), timedelta(0)):
            shown = "“00/01/1900” hoặc “########” (số 0 hoặc số âm trong ô ngày)"
        else:
            shown = f"giờ “{value}” (một phần của ngày, không có ngày tháng năm)"
        raise ValueError(f"ô ghi {shown}, không phải là ngày; {_EXAMPLE}.")
    text = clean(str(value)) or ""
    match = _DMY.fullmatch(text)
    parts: tuple[int, int, int] | None = None
    if match:
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif match := _ISO.fullmatch(text):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    if parts is None:
        raise ValueError(f"“{text}” không phải là ngày; {_EXAMPLE}.")
    try:
        return date(*parts)
    except ValueError:
        raise ValueError(f"“{text}” là ngày không có thật.") from None


def deadline(value: Any) -> date | None:
    """A deadline: a date, or "Thường xuyên" (standing, None)."""
    if isinstance(value, str) and key(value) == key(STANDING):
        return None
    return day(value)
