"""The Excel workbooks people fill in and send back: sheet names, columns, header labels,
validation lists and the instructions sheet, defined once here for the templates, the exports
and the importer (:mod:`directives.importers.spreadsheet`).

Two kinds:

- **status updates** (:data:`UPDATES`, sheet "Cập nhật"): one row per assignment, keyed by its
  id (Mã phân công); Trạng thái, Tiến độ (%), Ngày hoàn thành and Ghi chú are what the unit
  fills in, Phiên bản says which saved state the row was written from, the rest is context;
- **tasks** (:data:`TASKS`, sheet "Nhiệm vụ"): one row per task, with its meeting and
  conclusion, its lead and support units by name.

:func:`updates_template` and :func:`tasks_template` write them (with rows: an export that can be
edited and imported again; without: a blank template). The rows come from
:mod:`directives.queries.sheets`.
"""

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Literal

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from directives import i18n
from directives.models import AssignmentRole, Status

Kind = Literal["text", "int", "date"]


@dataclass(frozen=True)
class Column:
    """One column of a sheet. ``key`` names it in the rows given to the writers and in the rows
    the importer reads; ``header`` is its Vietnamese heading, checked on import; ``input``
    columns are read on import, the others are context for the person filling the sheet in."""

    key: str
    header: str
    width: float
    help: str
    kind: Kind = "text"
    input: bool = False


@dataclass(frozen=True)
class Sheet:
    """A sheet's name and its columns, in order (A, B, C, …)."""

    name: str
    columns: tuple[Column, ...]
    intro: tuple[str, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def index(self, key: str) -> int:
        """0-based position of the column ``key``."""
        for position, column in enumerate(self.columns):
            if column.key == key:
                return position
        raise KeyError(key)

    def column(self, key: str) -> Column:
        return self.columns[self.index(key)]

    def letter(self, key: str) -> str:
        """The Excel letter of the column ``key`` ("A", "B", …)."""
        return get_column_letter(self.index(key) + 1)


INSTRUCTIONS_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
STANDING = "Thường xuyên"
"""Written in Thời hạn for a task without a deadline; a blank cell means the same on import."""

STATUS_LABELS = [i18n.label("status", s.value) for s in Status]
ROLE_LABELS = [i18n.label("role", r.value) for r in AssignmentRole]
COLLECTIVE_NAMES = [
    "Các xã, thị trấn",
    "MTTQ và các đoàn thể",
    "Các phòng, ban, ngành",
    "Lực lượng vũ trang",
]
"""Groups the tasks sheet may name instead of listing units (see ``services.units``)."""

UPDATES = Sheet(
    name="Cập nhật",
    columns=(
        Column(
            "assignment_id",
            "Mã phân công",
            13,
            "Mã của phần việc (một đơn vị, một nhiệm vụ). Giữ nguyên: dòng được nhận ra nhờ "
            "mã này.",
            "int",
            input=True,
        ),
        Column("meeting_title", "Hội nghị", 30, "Để tham khảo, không cần sửa."),
        Column("conclusion_number", "Số kết luận", 13, "Để tham khảo, không cần sửa."),
        Column("task_seq", "STT", 6, "Số thứ tự nhiệm vụ trong kết luận (tham khảo).", "int"),
        Column("task_content", "Nội dung nhiệm vụ", 60, "Để tham khảo, không cần sửa."),
        Column("unit_name", "Đơn vị", 24, "Đơn vị được giao phần việc (tham khảo)."),
        Column("role", "Vai trò", 10, "Chủ trì hoặc Phối hợp (tham khảo)."),
        Column(
            "deadline",
            "Thời hạn",
            12,
            "Thời hạn của đơn vị, đã tính gia hạn nếu có; “Thường xuyên” là không có thời hạn "
            "(tham khảo).",
            "date",
        ),
        Column(
            "status",
            "Trạng thái",
            16,
            "Chọn trong danh sách: " + ", ".join(STATUS_LABELS) + ".",
            input=True,
        ),
        Column(
            "progress",
            "Tiến độ (%)",
            11,
            "Số nguyên từ 0 đến 100. Khi Hoàn thành, tiến độ được tính là 100.",
            "int",
            input=True,
        ),
        Column(
            "completed_on",
            "Ngày hoàn thành",
            15,
            "Bắt buộc khi Hoàn thành: ngày dạng dd/mm/yyyy (ví dụ 20/06/2021), không sau hôm nay, "
            "không trước ngày giao nhiệm vụ. Bỏ trống với trạng thái khác.",
            "date",
            input=True,
        ),
        Column(
            "note",
            "Ghi chú",
            40,
            "Kết quả, khó khăn, văn bản báo cáo… của lần cập nhật này; có thể để trống.",
            input=True,
        ),
        Column(
            "version",
            "Phiên bản",
            10,
            "Giữ nguyên. Cho biết dòng được lập từ lần lưu nào: nếu có người đã lưu phần việc "
            "này sau khi tải tệp, dòng bị từ chối thay vì ghi đè.",
            "int",
            input=True,
        ),
    ),
    intro=(
        "Mỗi dòng là phần việc của một đơn vị trong một nhiệm vụ. Chỉ sửa các cột Trạng thái, "
        "Tiến độ (%), Ngày hoàn thành và Ghi chú; không đổi tên trang, tiêu đề hay thứ tự cột.",
        "Dòng không thay đổi gì sẽ được bỏ qua; có thể xóa các dòng không cần cập nhật.",
        "Thư ký chỉ được cập nhật phần việc của đơn vị mình. Ngày ghi dạng dd/mm/yyyy.",
        "Nếu tệp có lỗi, hệ thống báo mọi lỗi (dòng, cột) và không lưu dòng nào; sửa rồi nhập "
        "lại. Nhập lại cùng một tệp không tạo thêm cập nhật.",
    ),
)

TASKS = Sheet(
    name="Nhiệm vụ",
    columns=(
        Column("meeting_title", "Hội nghị", 32, "Tên hội nghị, cuộc họp.", input=True),
        Column("held_on", "Ngày họp", 12, "Ngày họp, dạng dd/mm/yyyy.", "date", input=True),
        Column(
            "conclusion_number",
            "Số kết luận",
            13,
            "Số hiệu thông báo kết luận, ví dụ 215-TB/HU.",
            input=True,
        ),
        Column(
            "issued_on",
            "Ngày ban hành",
            13,
            "Ngày ban hành kết luận (dd/mm/yyyy), không trước ngày họp; nhiệm vụ tính từ ngày này.",
            "date",
            input=True,
        ),
        Column("issuer", "Cơ quan ban hành", 18, "Ví dụ: Huyện ủy, UBND huyện.", input=True),
        Column("conclusion_title", "Trích yếu kết luận", 36, "Trích yếu của kết luận.", input=True),
        Column(
            "task_seq",
            "STT",
            6,
            "Số thứ tự nhiệm vụ trong kết luận (1, 2, 3…), không trùng trong một kết luận.",
            "int",
            input=True,
        ),
        Column("task_content", "Nội dung nhiệm vụ", 60, "Nội dung nhiệm vụ.", input=True),
        Column(
            "leads",
            "Đơn vị chủ trì",
            30,
            "Tên đơn vị, cách nhau bởi dấu ; hoặc dấu phẩy; có thể ghi nhóm như “Các xã, thị "
            "trấn”. Chọn tên trong danh sách hoặc gõ.",
            input=True,
        ),
        Column(
            "supports",
            "Đơn vị phối hợp",
            30,
            "Như cột Đơn vị chủ trì; có thể để trống.",
            input=True,
        ),
        Column(
            "deadline",
            "Thời hạn",
            12,
            "Thời hạn (dd/mm/yyyy), không trước ngày ban hành; để trống hoặc ghi “Thường xuyên” "
            "nếu không có thời hạn.",
            "date",
            input=True,
        ),
        Column("field", "Lĩnh vực", 18, "Ví dụ: Dân vận, Kinh tế; có thể để trống.", input=True),
    ),
    intro=(
        "Mỗi dòng là một nhiệm vụ. Hội nghị được nhận ra theo tên và ngày họp, kết luận theo số "
        "và cơ quan ban hành, nhiệm vụ theo kết luận và STT.",
        "Chưa có thì tạo mới; đã có thì sửa nội dung, thời hạn, lĩnh vực và thêm đơn vị mới. "
        "Nhập từ Excel không bỏ đơn vị khỏi nhiệm vụ và không sửa hội nghị, kết luận đã có.",
        "Không đổi tên trang, tiêu đề hay thứ tự cột. Ngày ghi dạng dd/mm/yyyy.",
        "Nếu tệp có lỗi, hệ thống báo mọi lỗi (dòng, cột) và không lưu dòng nào; sửa rồi nhập "
        "lại. Nhập lại cùng một tệp không thay đổi gì.",
    ),
)

MAX_ROW = 1_048_576
HEADER_FILL = PatternFill("solid", fgColor="FFF2CC")  # the columns to fill in
CONTEXT_FILL = PatternFill("solid", fgColor="E7E6E6")  # context, ignored on import
THIN = Side(style="thin", color="A6A6A6")
DATE_FORMAT = "DD/MM/YYYY"


def updates_template(rows: pd.DataFrame | Iterable[Mapping[str, Any]] = ()) -> bytes:
    """The status-update workbook: the "Cập nhật" sheet with ``rows`` (columns named by the keys
    of :data:`UPDATES`; ``role`` and ``status`` as stored codes; ``note`` may be missing), a
    "Hướng dẫn" sheet, validation lists for Trạng thái and Vai trò and 0–100 for Tiến độ.

    Rows usually come from :func:`directives.queries.sheets.update_rows`; without rows it is a
    blank template.
    """
    statuses = _list_validation(STATUS_LABELS, "Trạng thái")
    progress = DataValidation(type="whole", operator="between", formula1="0", formula2="100")
    progress.error = "Tiến độ là số nguyên từ 0 đến 100."
    progress.errorTitle = "Tiến độ (%)"
    progress.showErrorMessage = True
    roles = _list_validation(ROLE_LABELS, "Vai trò")
    for validation, key in ((statuses, "status"), (progress, "progress"), (roles, "role")):
        letter = UPDATES.letter(key)
        validation.add(f"{letter}2:{letter}{MAX_ROW}")

    def values(row: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **row,
            "role": i18n.label("role", row.get("role")),
            "status": i18n.label("status", row.get("status")),
            "deadline": row.get("deadline") or STANDING,
        }

    return _workbook(UPDATES, (values(r) for r in _records(rows)), [statuses, progress, roles])


def tasks_template(
    rows: pd.DataFrame | Iterable[Mapping[str, Any]] = (), unit_names: Sequence[str] = ()
) -> bytes:
    """The tasks workbook: the "Nhiệm vụ" sheet with ``rows`` (columns named by the keys of
    :data:`TASKS`, ``leads``/``supports`` as text), a "Hướng dẫn" sheet, and the hidden sheet
    "Danh mục" listing the groups and ``unit_names``, offered as a drop-down list in the unit
    columns (other text, such as several names, stays allowed).

    Rows usually come from :func:`directives.queries.sheets.task_rows` and unit names from
    :func:`directives.queries.sheets.unit_names`; without rows it is a blank template.
    """
    choices = [*COLLECTIVE_NAMES, *unit_names]
    units = DataValidation(
        type="list", formula1=f"'{LISTS_SHEET}'!$A$2:$A${len(choices) + 1}", allow_blank=True
    )
    units.showErrorMessage = False  # a cell may hold several names: the list only helps
    for key in ("leads", "supports"):
        letter = TASKS.letter(key)
        units.add(f"{letter}2:{letter}{MAX_ROW}")

    def values(row: Mapping[str, Any]) -> dict[str, Any]:
        return {**row, "deadline": row.get("deadline") or STANDING}

    return _workbook(TASKS, (values(r) for r in _records(rows)), [units], lists=("Đơn vị", choices))


def _list_validation(labels: Sequence[str], title: str) -> DataValidation:
    validation = DataValidation(
        type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True
    )
    validation.error = "Chọn một giá trị trong danh sách: " + ", ".join(labels) + "."
    validation.errorTitle = title
    validation.showErrorMessage = True
    return validation


def _records(rows: pd.DataFrame | Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    if isinstance(rows, pd.DataFrame):
        return [{str(k): v for k, v in record.items()} for record in rows.to_dict("records")]
    return rows


def _cell(sheet: Any, value: Any) -> Any:
    """``value`` as it goes into a write-only sheet. Text stays text: openpyxl would store a
    string that starts with "=" (a task named "=HYPERLINK(…)") as a live formula."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def table_workbook(frame: pd.DataFrame, sheet_name: str) -> bytes:
    """Any table as a one-sheet workbook (the pages' downloads, the audit log): bold headings,
    frozen header row, columns wide enough to read, text kept as text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    for position, name in enumerate(frame.columns, start=1):
        longest = max([len(str(name)), *(len(str(v)) for v in frame[name].head(200))])
        sheet.column_dimensions[get_column_letter(position)].width = min(60, max(10, longest + 2))
    sheet.freeze_panes = "A2"
    header = []
    for name in frame.columns:
        cell = WriteOnlyCell(sheet, value=str(name))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in frame.itertuples(index=False):
        sheet.append([_cell(sheet, _plain(value)) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """A value openpyxl writes as people expect: no NaN/NaT, dates without time, plain ints."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str | date | bool):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _workbook(
    sheet: Sheet,
    rows: Iterable[Mapping[str, Any]],
    validations: list[DataValidation],
    lists: tuple[str, Sequence[str]] | None = None,
) -> bytes:
    book = Workbook(write_only=True)
    data = book.create_sheet(sheet.name)
    for position, column in enumerate(sheet.columns, start=1):
        data.column_dimensions[get_column_letter(position)].width = column.width
    data.freeze_panes = "A2"
    data.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}1"
    for validation in validations:
        data.data_validations.append(validation)
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(data, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL if column.input else CONTEXT_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(bottom=THIN, right=THIN)
        header.append(cell)
    data.append(header)
    dates = {i for i, column in enumerate(sheet.columns) if column.kind == "date"}
    keys = [column.key for column in sheet.columns]
    for row in rows:
        line: list[Any] = []
        for position, key in enumerate(keys):
            value = _plain(row.get(key))
            if position in dates and isinstance(value, date):
                cell = WriteOnlyCell(data, value=datetime.combine(value, time()))
                cell.number_format = DATE_FORMAT
                line.append(cell)
            else:
                line.append(_cell(data, value))
        data.append(line)
    _instructions(book, sheet)
    if lists is not None:
        title, names = lists
        listing = book.create_sheet(LISTS_SHEET)
        listing.sheet_state = "hidden"
        listing.column_dimensions["A"].width = 40
        listing.append([title])
        for name in names:
            listing.append([name])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(book: Workbook, sheet: Sheet) -> None:
    guide = book.create_sheet(INSTRUCTIONS_SHEET)
    for letter, width in (("A", 8), ("B", 22), ("C", 14), ("D", 90)):
        guide.column_dimensions[letter].width = width
    title = WriteOnlyCell(guide, value=f"Hướng dẫn điền trang “{sheet.name}”")
    title.font = Font(bold=True, size=14)
    guide.append([title])
    guide.append([])
    for line in sheet.intro:
        guide.append([None, line])
    guide.append([])
    heads = []
    for text in ("Cột", "Tiêu đề", "Cách dùng", "Giải thích"):
        cell = WriteOnlyCell(guide, value=text)
        cell.font = Font(bold=True)
        cell.fill = CONTEXT_FILL
        heads.append(cell)
    guide.append(heads)
    for position, column in enumerate(sheet.columns, start=1):
        use = "Điền, được nhập" if column.input else "Tham khảo"
        if sheet is UPDATES and column.key in ("assignment_id", "version"):
            use = "Giữ nguyên"
        explanation = WriteOnlyCell(guide, value=column.help)
        explanation.alignment = Alignment(wrap_text=True, vertical="top")
        guide.append([get_column_letter(position), column.header, use, explanation])
