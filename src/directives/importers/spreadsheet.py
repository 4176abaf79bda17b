"""Excel in: the status-update and tasks workbooks of :mod:`directives.reports.workbooks`, read,
checked against the database, and written in the caller's transaction.

What the pages and the command line call::

    summary = import_updates(data, file_name=name, session=session, actor=actor)
    summary = import_tasks(data, file_name=name, session=session, actor=actor)

``data`` is the file's bytes (``upload.getvalue()``) or a binary file object. Both return an
:class:`ImportSummary` (``str()`` is a one-line Vietnamese summary) and raise
:class:`ImportRejected` when anything is wrong: its ``errors`` are *every* problem of the file as
:class:`CellError` (file, sheet, row, column, field, message), ``str()`` lists them in
Vietnamese and :meth:`ImportRejected.frame` gives a table to show. Nothing is written then:
checking ends before the first write, and a service refusing during the writes raises too, so
the caller's transaction (``session_scope``) rolls back. With ``write=False`` everything is
checked against the database and the summary says what would change, without writing.

Who may import: status updates, administrators (any assignment) and secretaries (their unit's:
a row that would change another unit's assignment is an error, one sent back as saved is
skipped); tasks, administrators only; anyone else gets
:class:`~directives.services.errors.PermissionDenied`.

Reading (:func:`read_sheet`) touches no database: the sheet must be named and headed as the
layout says (one error naming the expected header otherwise); empty rows are skipped; text is
NFC with spaces collapsed; dates are real Excel dates or dd/mm/yyyy text ("31/02/2021" is "ngày
không có thật"). Re-importing the same file changes nothing: rows are matched on stable keys
(the assignment's id; a meeting's title and day, a conclusion's number and issuer, a task's
conclusion and item number) and rows equal to what is saved are skipped.
"""

import io
import re
import zipfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any, TypeVar

import pandas as pd
from openpyxl.utils import get_column_letter
from python_calamine import CalamineError, CalamineWorkbook
from sqlmodel import Session, col, select

from directives.i18n import label
from directives.models import (
    Assignment,
    AssignmentRole,
    Conclusion,
    Meeting,
    Role,
    Status,
    Task,
    Unit,
    User,
)
from directives.reports.workbooks import STANDING, TASKS, UPDATES, Sheet
from directives.services import bulk_updates, permissions, updates
from directives.services.conclusions import create_conclusion, create_meeting, create_task
from directives.services.corrections import add_assignees, update_task
from directives.services.errors import (
    InvalidInput,
    PermissionDenied,
    Problem,
    Rejected,
    ServiceError,
)
from directives.services.resolution import resolve_units
from directives.text import clean, fold

T = TypeVar("T")

# A filled template of 10.000 rows is about 1 MB, 8 MB once unpacked. Larger files are refused
# before they are read, and so are files that unpack far larger than they are (a "zip bomb").
MAX_FILE_MB = 20
MAX_UNPACKED_MB = 400

# --- errors and summaries -------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    """One problem of an imported file. ``row`` is the Excel row number (1 is the header) and
    ``column`` its letter ("F"), both None when the problem is the file or the sheet as a whole;
    ``field`` is the column's header."""

    file: str
    sheet: str
    row: int | None
    column: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        place = [self.file]
        if self.sheet:
            place.append(f"trang “{self.sheet}”")
        if self.row is not None:
            place.append(f"dòng {self.row}")
        if self.column is not None:
            shown = (self.field or "").replace("(", "").replace(")", "")
            place.append(f"cột {self.column} ({shown})" if shown else f"cột {self.column}")
        return f"{', '.join(place)}: {self.message}"


ERROR_COLUMNS = ["Tệp", "Trang", "Dòng", "Cột", "Trường", "Lỗi"]


class ImportRejected(ServiceError):
    """The file has problems; nothing was written. ``errors`` lists every one, in file order."""

    def __init__(self, errors: Sequence[CellError]) -> None:
        self.errors = list(errors)
        name = self.errors[0].file if self.errors else ""
        count = len(self.errors)
        lines = [f"Tệp {name} có {count} lỗi, chưa lưu dòng nào:", *(str(e) for e in errors)]
        super().__init__("\n".join(lines))

    def frame(self) -> pd.DataFrame:
        """The errors as a table with Vietnamese headings (Tệp, Trang, Dòng, Cột, Trường, Lỗi)."""
        return pd.DataFrame(
            [(e.file, e.sheet, e.row, e.column, e.field, e.message) for e in self.errors],
            columns=ERROR_COLUMNS,
        )


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, with ``written`` False, would do). ``rows`` counts the non-empty
    rows; each is ``created`` (a new task), ``updated`` (a new status update; a task corrected or
    given more units) or ``unchanged``. ``meetings``, ``conclusions`` and ``assignments`` count
    what the tasks import created besides."""

    kind: str  # "updates" or "tasks"
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    written: bool
    meetings: int = 0
    conclusions: int = 0
    assignments: int = 0

    @property
    def changes(self) -> int:
        """How many rows create or change something (0: the file is what is saved)."""
        return self.created + self.updated

    def __str__(self) -> str:
        parts = []
        if self.kind == "tasks":
            parts.append(f"{self.created} nhiệm vụ mới")
        parts += [f"{self.updated} cập nhật", f"{self.unchanged} không đổi"]
        extra = [
            f"{count} {what} mới"
            for count, what in (
                (self.meetings, "hội nghị"),
                (self.conclusions, "kết luận"),
                (self.assignments, "lượt giao việc"),
            )
            if count
        ]
        verb = "đã lưu" if self.written else "kiểm tra xong, chưa lưu"
        text = f"{self.file}: {self.rows} dòng ({verb}): {', '.join(parts)}"
        return text + (f"; {', '.join(extra)}." if extra else ".")


# --- reading ----------------------------------------------------------------------------------


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
    """The non-empty rows of ``sheet`` in the workbook ``data``; :class:`ImportRejected` (one
    error) if the file is not a readable .xlsx, lacks the sheet, or its header is not the
    layout's (a column missing, renamed or moved). Columns after the layout's are ignored."""

    def reject(message: str, row: int | None = None, column: int | None = None) -> ImportRejected:
        letter = get_column_letter(column + 1) if column is not None else None
        field = sheet.columns[column].header if column is not None else None
        return ImportRejected([CellError(file_name, sheet.name, row, letter, field, message)])

    source = io.BytesIO(data) if isinstance(data, bytes) else data
    if problem := _size_problem(source):
        raise ImportRejected([CellError(file_name, "", None, None, None, problem)])
    try:
        book = CalamineWorkbook.from_filelike(source)
    except (CalamineError, OSError, ValueError) as error:
        raise ImportRejected(
            [
                CellError(
                    file_name,
                    "",
                    None,
                    None,
                    None,
                    "không đọc được tệp: cần tệp Excel (.xlsx) lập từ mẫu tải về.",
                )
            ]
        ) from error
    try:
        names = {_key(name): name for name in book.sheet_names}
        if _key(sheet.name) not in names:
            found = ", ".join(f"“{n}”" for n in book.sheet_names)
            raise reject(f"không có trang “{sheet.name}” (tệp có: {found}); hãy dùng tệp mẫu.")
        try:
            # From A1 (empty cells are ""), to the last non-empty row whatever size the file
            # records; dates come back as dates wherever the cell has a date format.
            grid = book.get_sheet_by_name(names[_key(sheet.name)]).to_python(skip_empty_area=False)
        except (CalamineError, ValueError) as error:
            raise reject(f"không đọc được trang “{sheet.name}”: {error}.") from error
    finally:
        book.close()
    header = [_blank_to_none(v) for v in grid[0]] if grid else []
    expected = " | ".join(sheet.headers)
    for position, column in enumerate(sheet.columns):
        got = header[position] if position < len(header) else None
        if _key(_text(got) or "") != _key(column.header):
            shown = f"“{_text(got)}”" if _text(got) else "ô trống"
            raise reject(
                f"tiêu đề không đúng mẫu: cột {get_column_letter(position + 1)} phải là "
                f"“{column.header}”, tệp ghi {shown}. Dòng tiêu đề phải là: {expected}.",
                row=1,
                column=position,
            )
    width = len(sheet.columns)
    found_rows: list[RawRow] = []
    for number, cells in enumerate(grid[1:], start=2):
        values = [_blank_to_none(v) for v in cells[:width]]
        values += [None] * (width - len(values))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        found_rows.append(
            RawRow(number, {c.key: v for c, v in zip(sheet.columns, values, strict=True)})
        )
    return found_rows


def _blank_to_none(value: Any) -> Any:
    """Calamine gives an empty cell as ""; the parsers below expect None."""
    return None if value == "" else value


def _key(text: str) -> str:
    return " ".join(fold(text).split())


# Every whole-number cell goes to an INTEGER column (32 bits on PostgreSQL).
LARGEST_WHOLE = 2**31 - 1


class _Row:
    """Parses one row's cells, collecting a :class:`CellError` per bad cell."""

    def __init__(self, raw: RawRow, sheet: Sheet, file_name: str, errors: list[CellError]):
        self.raw, self.sheet, self.file_name, self.errors = raw, sheet, file_name, errors
        self.ok = True

    def error(self, key: str, message: str) -> None:
        self.ok = False
        column = self.sheet.column(key)
        self.errors.append(
            CellError(
                self.file_name,
                self.sheet.name,
                self.raw.number,
                self.sheet.letter(key),
                column.header,
                message,
            )
        )

    def parse(self, key: str, parser: Callable[[Any], T], required: bool) -> T | None:
        value = self.raw.values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(key, "không được để trống.")
            return None
        try:
            return parser(value)
        except ValueError as error:
            self.error(key, str(error))
            return None

    def text(self, key: str, required: bool = False) -> str | None:
        return self.parse(key, _text_cell, required)

    def whole(self, key: str, required: bool = False, low: int | None = None) -> int | None:
        number = self.parse(key, _whole, required)
        if number is not None and low is not None and number < low:
            self.error(key, f"phải từ {low} trở lên.")
            return None
        if number is not None and abs(number) > LARGEST_WHOLE:
            self.error(key, f"số quá lớn (tệp ghi {number}).")
            return None
        return number

    def day(self, key: str, required: bool = False) -> date | None:
        return self.parse(key, _day, required)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value))


def _text_cell(value: Any) -> str:
    text = _text(value)
    if text is None:
        raise ValueError("không được để trống.")
    return text


def _whole(value: Any) -> int:
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


def _day(value: Any) -> date:
    """A date cell, or dd/mm/yyyy text (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean(str(value)) or ""
    match = _DMY.fullmatch(text)
    parts: tuple[int, int, int] | None = None
    if match:
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif match := _ISO.fullmatch(text):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    if parts is None:
        raise ValueError(
            f"“{text}” không phải là ngày; ghi theo dạng dd/mm/yyyy, ví dụ 20/06/2021."
        )
    try:
        return date(*parts)
    except ValueError:
        raise ValueError(f"“{text}” là ngày không có thật.") from None


_STATUS_BY_LABEL = {_key(label("status", s.value)): s for s in Status}
_STATUS_CHOICES = ", ".join(label("status", s.value) for s in Status)


def _status(value: Any) -> Status:
    text = _text(value) or ""
    status = _STATUS_BY_LABEL.get(_key(text))
    if status is None:
        raise ValueError(f"“{text}” không phải trạng thái; chọn một trong: {_STATUS_CHOICES}.")
    return status


def _deadline(value: Any) -> date | None:
    if isinstance(value, str) and _key(value) == _key(STANDING):
        return None
    return _day(value)


def _sorted(errors: list[CellError], sheet: Sheet) -> list[CellError]:
    letters = {sheet.letter(c.key): i for i, c in enumerate(sheet.columns)}
    return sorted(errors, key=lambda e: (e.row or 0, letters.get(e.column or "", -1), e.message))


# --- status updates ---------------------------------------------------------------------------

_UPDATE_FIELDS = {
    "phân công": "assignment_id",
    "phiên bản": "version",
    "tiến độ": "progress",
    "ngày hoàn thành": "completed_on",
}
"""Which column a problem found by ``services.bulk_updates.check_updates`` belongs to."""
_PLACEHOLDER = updates.UpdateRequest(status=Status.NOT_STARTED, progress=-1)
"""Sent for a row whose cells are wrong, to learn whether its assignment exists and this user
may report on it. Invalid on purpose: ``check_updates`` then reports only that (or a progress
problem, which is dropped: the cells' own errors are already listed)."""


def import_updates(
    data: bytes | IO[bytes],
    *,
    file_name: str,
    session: Session,
    actor: User,
    write: bool = True,
    today: date | None = None,
    at: datetime | None = None,
) -> ImportSummary:
    """Read a "Cập nhật" workbook and save its rows as status updates, all or nothing, in the
    caller's transaction (see the module's docstring). Rows equal to the assignment's saved
    state are skipped; a changed row whose Phiên bản is not the assignment's version any more is
    an error (someone saved in between). ``today`` and ``at`` exist for tests, as in
    :func:`directives.services.updates.record_update`.
    """
    permissions.require_active(actor)
    if actor.role == Role.LEADER.value:
        raise PermissionDenied("Tài khoản lãnh đạo chỉ được xem, không được nhập cập nhật.")
    if actor.role == Role.SECRETARY.value and actor.unit_id is None:
        raise PermissionDenied("Tài khoản thư ký chưa gắn với đơn vị nào.")
    sheet = UPDATES
    raws = read_sheet(data, sheet, file_name)
    errors: list[CellError] = []
    items: list[bulk_updates.BulkItem] = []
    item_rows: list[_Row] = []
    first_row: dict[int, int] = {}
    for raw in raws:
        row = _Row(raw, sheet, file_name, errors)
        assignment_id = row.whole("assignment_id", required=True, low=1)
        status = row.parse("status", _status, required=True)
        progress = row.whole("progress", required=status is not Status.DONE)
        completed_on = row.day("completed_on")
        note = row.text("note")
        version = row.whole("version", required=True, low=0)
        if progress is not None and not 0 <= progress <= 100:
            row.error("progress", "phải từ 0 đến 100.")
        if assignment_id is not None:
            if assignment_id in first_row:
                row.error(
                    "assignment_id",
                    f"trùng với dòng {first_row[assignment_id]}: mỗi phân công chỉ ghi một dòng.",
                )
            else:
                first_row[assignment_id] = raw.number
        if not row.ok:
            if assignment_id is not None and first_row[assignment_id] == raw.number:
                # Still say whether the assignment exists and may be reported on by this user.
                items.append(bulk_updates.BulkItem(assignment_id, _PLACEHOLDER))
                item_rows.append(row)
            continue
        assert assignment_id is not None and status is not None
        request = updates.UpdateRequest(
            status=status,
            progress=100 if progress is None else progress,
            note=note,
            completed_on=completed_on,
        )
        items.append(bulk_updates.BulkItem(assignment_id, request, expected_version=version))
        item_rows.append(row)

    def problems(found: Sequence[Problem]) -> None:
        for problem in found:
            key = _UPDATE_FIELDS.get(problem.field or "", "assignment_id")
            index = (problem.row or 1) - 1  # the item's number
            if items[index].request is _PLACEHOLDER and key != "assignment_id":
                continue
            item_rows[index].error(key, problem.message)

    if errors or not write:
        plan = bulk_updates.check_updates(session=session, actor=actor, items=items, today=today)
        problems(plan.problems)
    else:
        try:
            plan = bulk_updates.record_updates(
                session=session, actor=actor, items=items, at=at, today=today
            )
        except Rejected as rejected:
            problems(rejected.problems)
    if errors:
        raise ImportRejected(_sorted(errors, sheet))
    return ImportSummary(
        kind="updates",
        file=file_name,
        rows=len(raws),
        created=0,
        updated=len(plan.changed),
        unchanged=len(plan.unchanged),
        written=write,
    )


# --- tasks ------------------------------------------------------------------------------------


@dataclass
class _TaskRow:
    row: _Row
    meeting_title: str
    held_on: date
    number: str
    issued_on: date
    issuer: str
    conclusion_title: str
    seq: int
    content: str
    leads_text: str
    supports_text: str | None
    deadline: date | None
    field: str | None
    leads: list[Unit] | None = None
    supports: list[Unit] | None = None


def import_tasks(
    data: bytes | IO[bytes],
    *,
    file_name: str,
    session: Session,
    actor: User,
    write: bool = True,
) -> ImportSummary:
    """Read a "Nhiệm vụ" workbook and enter its meetings, conclusions and tasks (administrators
    only), all or nothing, in the caller's transaction (see the module's docstring).

    A meeting is matched by title and day, a conclusion by number and issuer, a task by its
    conclusion and STT. What is missing is created through ``services.conclusions`` (so audit
    entries and the data version are right); a task whose content, deadline or field differ is
    corrected with ``update_task``; units not yet on a task are added with ``add_assignees``. A unit
    that the file leaves out of an existing task, a unit whose role differs, or a conclusion whose
    day, title or meeting differ from what is saved are errors: the import neither removes nor
    changes those.
    """
    permissions.require_admin(actor, "nhập nhiệm vụ từ Excel")
    sheet = TASKS
    raws = read_sheet(data, sheet, file_name)
    errors: list[CellError] = []
    rows: list[_TaskRow] = []
    for raw in raws:
        row = _Row(raw, sheet, file_name, errors)
        values = (
            row.text("meeting_title", required=True),
            row.day("held_on", required=True),
            row.text("conclusion_number", required=True),
            row.day("issued_on", required=True),
            row.text("issuer", required=True),
            row.text("conclusion_title", required=True),
            row.whole("task_seq", required=True, low=1),
            row.text("task_content", required=True),
            row.text("leads", required=True),
            row.text("supports"),
            row.parse("deadline", _deadline, required=False),
            row.text("field"),
        )
        if not row.ok:
            continue
        title, held_on, number, issued_on, issuer, conclusion_title, seq, content = values[:8]
        assert title and held_on and number and issued_on and issuer and conclusion_title
        assert seq is not None and content and values[8]
        rows.append(
            _TaskRow(
                row,
                title,
                held_on,
                number,
                issued_on,
                issuer,
                conclusion_title,
                seq,
                content,
                values[8],
                values[9],
                values[10],
                values[11],
            )
        )
    plan = _plan_tasks(rows, session=session)
    if errors:
        raise ImportRejected(_sorted(errors, sheet))
    if not write:
        return plan.summary(file_name, len(raws), written=False)
    try:
        plan.write(session=session, actor=actor)
    except ServiceError as error:  # a rule the checks above missed: report it, write nothing
        if isinstance(error, ImportRejected):
            raise
        failed = plan.current_row
        assert failed is not None
        field = error.field if isinstance(error, InvalidInput) else None
        failed.error(_TASK_FIELDS.get(field or "", "task_content"), _message(error))
        raise ImportRejected(_sorted(errors, sheet)) from error
    return plan.summary(file_name, len(raws), written=True)


_TASK_FIELDS = {
    "tên hội nghị": "meeting_title",
    "ngày họp": "held_on",
    "số hiệu": "conclusion_number",
    "ngày ban hành": "issued_on",
    "cơ quan ban hành": "issuer",
    "trích yếu": "conclusion_title",
    "số thứ tự": "task_seq",
    "nội dung": "task_content",
    "đơn vị chủ trì": "leads",
    "đơn vị": "supports",
    "thời hạn": "deadline",
}


def _message(error: ServiceError) -> str:
    return error.message if isinstance(error, InvalidInput) else str(error)


@dataclass
class _TaskChange:
    row: _TaskRow
    task: Task | None  # None: to create
    changes: dict[str, Any]
    new_leads: list[Unit]
    new_supports: list[Unit]


class _TaskPlan:
    """What the tasks import will do, found without writing."""

    def __init__(self) -> None:
        self.meetings: dict[tuple[str, date], Meeting | None] = {}
        self.conclusions: dict[tuple[str, str], Conclusion | None] = {}
        self.changes: list[_TaskChange] = []
        self.current_row: _Row | None = None

    def summary(self, file_name: str, rows: int, *, written: bool) -> ImportSummary:
        created = sum(1 for c in self.changes if c.task is None)
        updated = sum(
            1
            for c in self.changes
            if c.task is not None and (c.changes or c.new_leads or c.new_supports)
        )
        added = sum(len(c.new_leads) + len(c.new_supports) for c in self.changes if c.task)
        added += sum(
            len({u.id for u in [*(c.row.leads or []), *(c.row.supports or [])]})
            for c in self.changes
            if c.task is None
        )
        return ImportSummary(
            kind="tasks",
            file=file_name,
            rows=rows,
            created=created,
            updated=updated,
            unchanged=len(self.changes) - created - updated,
            written=written,
            meetings=sum(1 for m in self.meetings.values() if m is None),
            conclusions=sum(1 for c in self.conclusions.values() if c is None),
            assignments=added,
        )

    def write(self, *, session: Session, actor: User) -> None:
        meetings: dict[tuple[str, date], Meeting] = {
            k: m for k, m in self.meetings.items() if m is not None
        }
        conclusions: dict[tuple[str, str], Conclusion] = {
            k: c for k, c in self.conclusions.items() if c is not None
        }
        for change in self.changes:
            row = change.row
            self.current_row = row.row
            meeting_key = (row.meeting_title, row.held_on)
            if meeting_key not in meetings:
                meetings[meeting_key] = create_meeting(
                    session=session, actor=actor, title=row.meeting_title, held_on=row.held_on
                )
            conclusion_key = (row.number, row.issuer)
            if conclusion_key not in conclusions:
                conclusions[conclusion_key] = create_conclusion(
                    session=session,
                    actor=actor,
                    meeting=meetings[meeting_key],
                    number=row.number,
                    issued_on=row.issued_on,
                    issuer=row.issuer,
                    title=row.conclusion_title,
                )
            if change.task is None:
                wording = row.leads_text
                if row.supports_text:
                    wording += f"; phối hợp: {row.supports_text}"
                create_task(
                    session=session,
                    actor=actor,
                    conclusion=conclusions[conclusion_key],
                    seq=row.seq,
                    content=row.content,
                    leads=row.leads or [],
                    supports=row.supports or [],
                    deadline=row.deadline,
                    field=row.field,
                    assignees_text=wording[:500],
                )
                continue
            task_id = change.task.id
            assert task_id is not None
            if change.changes:
                update_task(actor, task_id, session=session, **change.changes)
            for units, role in (
                (change.new_leads, AssignmentRole.LEAD),
                (change.new_supports, AssignmentRole.SUPPORT),
            ):
                if units:
                    add_assignees(actor, task_id, [u.slug for u in units], role, session=session)
        self.current_row = None


def _plan_tasks(rows: list[_TaskRow], *, session: Session) -> _TaskPlan:
    """Match the rows with what is saved and check them, adding errors to the rows."""
    plan = _TaskPlan()
    titles = {r.meeting_title for r in rows}
    numbers = {r.number for r in rows}
    saved_meetings: dict[tuple[str, date], Meeting] = {}
    for meeting in session.exec(
        select(Meeting).where(col(Meeting.title).in_(titles)).order_by(col(Meeting.id))
    ):
        saved_meetings.setdefault((meeting.title, meeting.held_on), meeting)
    saved_conclusions: dict[tuple[str, str], Conclusion] = {}
    for conclusion in session.exec(
        select(Conclusion).where(col(Conclusion.number).in_(numbers)).order_by(col(Conclusion.id))
    ):
        saved_conclusions.setdefault((conclusion.number, conclusion.issuer), conclusion)
    meetings_by_id = {m.id: m for m in saved_meetings.values()}
    for conclusion in saved_conclusions.values():
        if conclusion.meeting_id not in meetings_by_id:
            owner = session.get(Meeting, conclusion.meeting_id)
            if owner is not None:
                meetings_by_id[owner.id] = owner
    conclusion_ids = [c.id for c in saved_conclusions.values()]
    saved_tasks: dict[tuple[int, int], Task] = {}
    for saved_task in session.exec(
        select(Task).where(col(Task.conclusion_id).in_(conclusion_ids)).order_by(col(Task.id))
    ):
        saved_tasks.setdefault((saved_task.conclusion_id, saved_task.seq), saved_task)
    task_units: dict[int, dict[int, str]] = {}
    for assignment in session.exec(
        select(Assignment).where(col(Assignment.task_id).in_([t.id for t in saved_tasks.values()]))
    ):
        task_units.setdefault(assignment.task_id, {})[assignment.unit_id] = str(assignment.role)
    unit_names = {u.id: u.name for u in session.exec(select(Unit))}

    first_of_conclusion: dict[tuple[str, str], _TaskRow] = {}
    first_of_task: dict[tuple[str, str, int], int] = {}
    resolved: dict[tuple[str, date, frozenset[int]], list[Unit] | InvalidInput] = {}

    def units(text: str, on: date, known: Collection[int]) -> list[Unit]:
        key = (text, on, frozenset(known))
        if key not in resolved:
            try:
                resolved[key] = resolve_units(text, on, session=session, known=known)
            except InvalidInput as error:
                resolved[key] = error
        found = resolved[key]
        if isinstance(found, InvalidInput):
            raise found
        return found

    for item in rows:
        row = item.row
        conclusion_key = (item.number, item.issuer)
        first = first_of_conclusion.setdefault(conclusion_key, item)
        if first is not item:
            for key, mine, theirs in (
                ("meeting_title", item.meeting_title, first.meeting_title),
                ("held_on", item.held_on, first.held_on),
                ("issued_on", item.issued_on, first.issued_on),
                ("conclusion_title", item.conclusion_title, first.conclusion_title),
            ):
                if mine != theirs:
                    row.error(
                        key,
                        f"khác với dòng {first.row.raw.number} của cùng kết luận {item.number} "
                        f"({_shown(theirs)}).",
                    )
        task_key = (item.number, item.issuer, item.seq)
        if task_key in first_of_task:
            row.error(
                "task_seq",
                f"trùng với dòng {first_of_task[task_key]}: kết luận {item.number} đã có nhiệm "
                f"vụ STT {item.seq} trong tệp.",
            )
            continue
        first_of_task[task_key] = row.raw.number
        if item.issued_on < item.held_on:
            row.error("issued_on", "không được trước ngày họp.")
        saved = saved_conclusions.get(conclusion_key)
        if saved is not None:
            owner = meetings_by_id.get(saved.meeting_id)
            if owner is not None and (owner.title, owner.held_on) != (
                item.meeting_title,
                item.held_on,
            ):
                row.error(
                    "meeting_title",
                    f"kết luận {item.number} ({item.issuer}) đã có, thuộc hội nghị "
                    f"“{owner.title}” ngày {owner.held_on:%d/%m/%Y}.",
                )
            for key, mine, theirs in (
                ("issued_on", item.issued_on, saved.issued_on),
                ("conclusion_title", item.conclusion_title, saved.title),
            ):
                if mine != theirs:
                    row.error(
                        key,
                        f"khác với kết luận {item.number} đã lưu ({_shown(theirs)}); nhập từ "
                        "Excel không sửa kết luận đã có, hãy sửa ở trang Nhập hội nghị, kết luận.",
                    )
        plan.meetings.setdefault(
            (item.meeting_title, item.held_on),
            saved_meetings.get((item.meeting_title, item.held_on)),
        )
        plan.conclusions.setdefault(conclusion_key, saved)
        task = saved_tasks.get((saved.id, item.seq)) if saved and saved.id else None
        on = task.assigned_on if task is not None else item.issued_on
        current = task_units.get(task.id, {}) if task is not None and task.id else {}
        for key, text in (("leads", item.leads_text), ("supports", item.supports_text)):
            if not text:
                continue
            try:
                found = units(text, on, current)
            except InvalidInput as error:
                row.error(key, error.message + ".")
                continue
            if key == "leads":
                item.leads = found
            else:
                item.supports = found
        if item.leads is not None and not item.leads:
            row.error("leads", "cần ít nhất một đơn vị chủ trì.")
        if not row.ok:
            continue
        leads = item.leads or []
        lead_ids = {u.id for u in leads}
        supports = [u for u in item.supports or [] if u.id not in lead_ids]
        item.supports = supports
        if task is None:
            if item.deadline is not None and item.deadline < item.issued_on:
                row.error("deadline", "không được trước ngày ban hành kết luận.")
                continue
            plan.changes.append(_TaskChange(item, None, {}, [], []))
            continue
        changes: dict[str, Any] = {}
        if item.content != task.content:
            changes["content"] = item.content
        if (item.field or None) != (task.field or None):
            changes["field"] = item.field or ""
        if item.deadline != task.deadline:
            if item.deadline is not None and item.deadline < task.assigned_on:
                row.error("deadline", "không được trước ngày giao nhiệm vụ.")
                continue
            changes["deadline"] = item.deadline
        wanted = {u.id: AssignmentRole.LEAD.value for u in leads}
        wanted.update({u.id: AssignmentRole.SUPPORT.value for u in supports})
        for unit_id, role in current.items():
            name = unit_names.get(unit_id, str(unit_id))
            column = "leads" if role == AssignmentRole.LEAD.value else "supports"
            if unit_id not in wanted:
                row.error(
                    column,
                    f"{name} đang được giao nhiệm vụ này nhưng tệp không ghi; nhập từ Excel "
                    "không bỏ đơn vị khỏi nhiệm vụ.",
                )
            elif wanted[unit_id] != role:
                now = "chủ trì" if role == AssignmentRole.LEAD.value else "phối hợp"
                row.error(
                    "leads" if wanted[unit_id] == AssignmentRole.LEAD.value else "supports",
                    f"{name} đang là đơn vị {now} của nhiệm vụ này; nhập từ Excel không đổi "
                    "vai trò.",
                )
        if not row.ok:
            continue
        plan.changes.append(
            _TaskChange(
                item,
                task,
                changes,
                [u for u in leads if u.id not in current],
                [u for u in supports if u.id not in current],
            )
        )
    return plan


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return f"“{value}”"
