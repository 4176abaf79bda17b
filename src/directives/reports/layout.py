"""The layout of the Excel workbooks people fill in and send back, defined once for the writer
(:mod:`directives.reports.workbooks`) and the readers (:mod:`directives.importers.update_rows`,
:mod:`directives.importers.task_rows`): sheet names, columns in order, header labels, help
texts and the instructions' opening lines.

Two kinds:

- **status updates** (:data:`UPDATES`, sheet "Cập nhật"): one row per assignment, keyed by its
  id (Mã phân công); Trạng thái, Tiến độ (%), Ngày hoàn thành and Ghi chú are what the unit
  fills in, Phiên bản says which saved state the row was written from, the rest is context;
- **tasks** (:data:`TASKS`, sheet "Nhiệm vụ"): one row per task, with its meeting and
  conclusion, its lead and support units by name.

A new column of the tasks workbook touches this module (its :class:`Column`),
:mod:`directives.queries.sheets` (its value in exported rows), :mod:`directives.importers.task_rows`
(how it is read) and :mod:`directives.services.workbook_tasks` (what it changes).
"""

from dataclasses import dataclass
from typing import Literal

from openpyxl.utils import get_column_letter

from directives import i18n
from directives.domain import GROUPS, GROUPS_OF_LEVEL, Level
from directives.models import AssignmentRole, Bloc, Status, UnitKind

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
    optional: bool = False
    """May be missing from a file (only the last columns may be): files made before the column
    was added still import."""


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
COLLECTIVE_NAMES = [group.name[0].upper() + group.name[1:] for group in GROUPS]
"""Groups the tasks sheet may name instead of listing units (``directives.domain.GROUPS``)."""


def collective_names(level: Level) -> list[str]:
    """The groups a deployment of ``level`` is offered in the sheet's list (every group of
    ``GROUPS`` is still understood when typed)."""
    return [name[0].upper() + name[1:] for name in GROUPS_OF_LEVEL[level]]


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
        Column(
            "happened_on",
            "Ngày thay đổi",
            14,
            "Ngày việc thay đổi thực sự xảy ra (dd/mm/yyyy), khi trước hôm nay: cập nhật muộn, "
            "hoặc lịch sử trước khi dùng phần mềm. Để trống là hôm nay. Không sau hôm nay, không "
            "trước ngày giao nhiệm vụ hay ngày của lần cập nhật gần nhất; khi Hoàn thành, không "
            "trước ngày hoàn thành.",
            "date",
            input=True,
            optional=True,
        ),
    ),
    intro=(
        "Mỗi dòng là phần việc của một đơn vị trong một nhiệm vụ. Chỉ sửa các cột Trạng thái, "
        "Tiến độ (%), Ngày hoàn thành, Ghi chú và Ngày thay đổi; không đổi tên trang, tiêu đề "
        "hay thứ tự cột.",
        "Dòng không thay đổi gì sẽ được bỏ qua; có thể xóa các dòng không cần cập nhật.",
        "Để ghi lại việc đã xảy ra trước đây (cập nhật muộn, lịch sử trước khi dùng phần mềm), "
        "ghi Ngày thay đổi; nhiều lần thay đổi của một phần việc thì chép thành nhiều dòng, mỗi "
        "dòng một Ngày thay đổi.",
        "Thư ký chỉ được cập nhật phần việc của đơn vị mình. Ngày ghi dạng dd/mm/yyyy.",
        "Nếu tệp có lỗi, hệ thống báo mọi lỗi (dòng, cột) và không lưu dòng nào; sửa rồi nhập "
        "lại. Nhập lại cùng một tệp không tạo thêm cập nhật.",
    ),
)

TASKS = Sheet(
    name="Nhiệm vụ",
    columns=(
        Column(
            "meeting_title",
            "Hội nghị",
            32,
            "Tên hội nghị, cuộc họp; để trống cùng ngày họp nếu văn bản không gắn với hội nghị "
            "(như văn bản ý kiến chỉ đạo).",
            input=True,
        ),
        Column(
            "held_on",
            "Ngày họp",
            12,
            "Ngày họp, dạng dd/mm/yyyy; trống nếu không có hội nghị.",
            "date",
            input=True,
        ),
        Column(
            "conclusion_number",
            "Số kết luận",
            13,
            "Số hiệu thông báo kết luận, ví dụ 12-TB/UBND.",
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
        Column(
            "issuer",
            "Cơ quan ban hành",
            18,
            "Cơ quan đã ban hành thông báo, ví dụ UBND tỉnh, Đảng ủy xã.",
            input=True,
        ),
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
            "Tên đơn vị, cách nhau bởi dấu ; hoặc xuống dòng (dấu phẩy chỉ tách khi mỗi phần là "
            "tên đơn vị đã có, nên “Bộ Văn hóa, Thể thao và Du lịch” là một đơn vị); có thể ghi "
            "nhóm như “các xã, phường, đặc khu”, “các sở, ban, ngành”. Chọn tên trong danh sách "
            "hoặc gõ.",
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

KIND_LABELS = [i18n.label("unit_kind", k.value) for k in UnitKind]
BLOC_LABELS = [i18n.label("bloc", b.value) for b in Bloc]

UNITS = Sheet(
    name="Đơn vị",
    columns=(
        Column(
            "name",
            "Tên đơn vị",
            40,
            "Tên đầy đủ, ví dụ “Xã Giao Thủy”, “Sở Nông nghiệp và Môi trường”; có thể có dấu "
            "phẩy và chữ “và”. Hai đơn vị đang hoạt động không được trùng tên.",
            input=True,
        ),
        Column(
            "short_name",
            "Tên viết tắt",
            18,
            "Tên ngắn dùng trong thông báo; có thể để trống.",
            input=True,
        ),
        Column(
            "kind",
            "Loại đơn vị",
            22,
            "Chọn trong danh sách: " + ", ".join(KIND_LABELS) + ".",
            input=True,
        ),
        Column(
            "bloc",
            "Khối",
            22,
            "Bắt buộc với Cơ quan, tổ chức; có thể ghi với Sở, ban, ngành; bỏ trống với loại "
            "khác. Chọn trong danh sách: " + ", ".join(BLOC_LABELS) + ".",
            input=True,
        ),
        Column(
            "code",
            "Mã ĐVHC",
            10,
            "Mã đơn vị hành chính (Tổng cục Thống kê), ví dụ 14167; có thể để trống. Đơn vị đã "
            "có được nhận ra theo mã này, nếu không có mã thì theo tên.",
            input=True,
        ),
        Column(
            "valid_from",
            "Hiệu lực từ",
            12,
            "Ngày bắt đầu hiệu lực (dd/mm/yyyy); có thể để trống.",
            "date",
            input=True,
        ),
        Column(
            "valid_to",
            "Hiệu lực đến",
            12,
            "Ngày cuối cùng còn hiệu lực (dd/mm/yyyy); để trống nếu đơn vị còn hoạt động.",
            "date",
            input=True,
        ),
        Column(
            "successor",
            "Đơn vị kế thừa",
            30,
            "Tên đơn vị nhận lại công việc khi đơn vị này hết hiệu lực (sáp nhập): việc đang làm "
            "chuyển sang đơn vị kế thừa từ ngày sau ngày hiệu lực đến. Chỉ ghi khi có Hiệu "
            "lực đến.",
            input=True,
        ),
        Column("note", "Ghi chú", 36, "Có thể để trống.", input=True),
    ),
    intro=(
        "Mỗi dòng là một đơn vị. Đơn vị đã có (cùng mã ĐVHC, hoặc cùng tên nếu không có mã) "
        "được cập nhật theo dòng; chưa có thì được thêm mới. Không xóa đơn vị nào. Ô trống ở "
        "các cột Tên viết tắt, Mã ĐVHC, Hiệu lực từ, Ghi chú giữ nguyên giá trị đã lưu.",
        "Không đổi tên trang, tiêu đề hay thứ tự cột. Ngày ghi dạng dd/mm/yyyy.",
        "Danh mục hành chính 2025 chỉ có tỉnh, thành phố và xã, phường, đặc khu; thôn, tổ dân "
        "phố không có trong danh mục: hãy thêm từng dòng với loại “Thôn, tổ dân phố”.",
        "Nếu tệp có lỗi, hệ thống báo mọi lỗi (dòng, cột) và không lưu dòng nào; sửa rồi nhập "
        "lại. Nhập lại cùng một tệp không thay đổi gì.",
    ),
)
"""The units workbook: one row per unit (:mod:`directives.reports.unit_workbook` writes it,
:mod:`directives.importers.unit_rows` reads it, :mod:`directives.services.unit_import` saves it)."""
