"""Labels in Vietnamese (first) and English. Stored codes never reach the screen untranslated.

The labels of stored codes (statuses, unit kinds, roles …) are here, beside the enums they name;
the long tables (interface text, the audit log's names of tables and fields) are data files in
``directives/data/labels/``, read once on first use.
"""

import errno
import functools
import tomllib
from collections.abc import Iterator, Mapping
from importlib import resources

from directives.models import AssignmentRole, Bloc, Role, Status, UnitKind
from directives.status import Derived

GRADE = {
    "excellent": ("Hoàn thành xuất sắc nhiệm vụ", "Outstanding"),
    "good": ("Hoàn thành tốt nhiệm vụ", "Good"),
    "done": ("Hoàn thành nhiệm vụ", "Done"),
    "not_done": ("Không hoàn thành nhiệm vụ", "Not done"),
}
"""The classes of ``directives.grading.Grade`` (its codes; that module imports this one)."""

LANGUAGES = ("vi", "en")

STATUS = {
    Status.NOT_STARTED: ("Chưa thực hiện", "Not started"),
    Status.IN_PROGRESS: ("Đang thực hiện", "In progress"),
    Status.DONE: ("Hoàn thành", "Done"),
    Status.PAUSED: ("Tạm dừng", "Paused"),
    Status.CANCELLED: ("Đã hủy", "Cancelled"),
}

DERIVED = {
    Derived.DONE_ON_TIME: ("Hoàn thành đúng hạn", "Done on time"),
    Derived.DONE_LATE: ("Hoàn thành quá hạn", "Done late"),
    Derived.AWAITING: ("Chờ xác nhận", "Awaiting confirmation"),
    Derived.IN_PROGRESS: ("Đang thực hiện trong hạn", "In progress, on schedule"),
    Derived.DUE_SOON: ("Sắp đến hạn", "Due within 7 days"),
    Derived.OVERDUE: ("Quá hạn", "Overdue"),
    Derived.NOT_STARTED: ("Chưa thực hiện", "Not started"),
    Derived.NO_DEADLINE: ("Thường xuyên (không thời hạn)", "Standing (no deadline)"),
    Derived.PAUSED: ("Tạm dừng", "Paused"),
    Derived.CANCELLED: ("Đã hủy", "Cancelled"),
}

UNIT_KIND = {
    UnitKind.PROVINCE: ("Tỉnh, thành phố", "Province or city"),
    UnitKind.COMMUNE: ("Xã", "Commune"),
    UnitKind.WARD: ("Phường", "Ward"),
    UnitKind.SPECIAL_ZONE: ("Đặc khu", "Special zone"),
    UnitKind.VILLAGE: ("Thôn, tổ dân phố", "Village or residential group"),
    UnitKind.DEPARTMENT: ("Sở, ban, ngành", "Department"),
    UnitKind.ORGANIZATION: ("Cơ quan, tổ chức", "Organization"),
    UnitKind.DISTRICT: ("Huyện (trước 01/07/2025)", "District (before 1 July 2025)"),
    UnitKind.TOWN: ("Thị trấn (trước 01/07/2025)", "Town (before 1 July 2025)"),
}

BLOC = {
    Bloc.PARTY: ("Khối Đảng", "Party"),
    Bloc.GOVERNMENT: ("Khối chính quyền", "Government"),
    Bloc.FRONT: ("Mặt trận và các đoàn thể", "Front and associations"),
    Bloc.ARMED: ("Lực lượng vũ trang", "Armed forces"),
}

ASSIGNMENT_ROLE = {
    AssignmentRole.LEAD: ("Chủ trì", "Lead"),
    AssignmentRole.SUPPORT: ("Phối hợp", "Support"),
}

USER_ROLE = {
    Role.LEADER: ("Lãnh đạo", "Leader"),
    Role.SECRETARY: ("Thư ký đơn vị", "Unit secretary"),
    Role.ADMIN: ("Quản trị", "Administrator"),
}


class LabelFile(Mapping[str, tuple[str, str]]):
    """The table of ``directives/data/labels/<name>.toml``: ``key = ["Tiếng Việt", "English"]``,
    read on first use."""

    def __init__(self, name: str) -> None:
        self.name = name

    @functools.cached_property
    def _pairs(self) -> dict[str, tuple[str, str]]:
        path = resources.files("directives.data").joinpath("labels").joinpath(f"{self.name}.toml")
        pairs: dict[str, tuple[str, str]] = {}
        for key, value in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if not (isinstance(value, list) and len(value) == 2 and all(value)):
                raise ValueError(f"labels/{self.name}.toml: '{key}' cần đúng hai nhãn (vi, en)")
            pairs[key] = (str(value[0]), str(value[1]))
        return pairs

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._pairs[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)


AUDIT_ENTITY = LabelFile("audit_entity")
AUDIT_FIELD = LabelFile("audit_field")
UI = LabelFile("ui")

_TABLES: dict[str, Mapping[str, tuple[str, str]]] = {
    "audit_entity": AUDIT_ENTITY,
    "audit_field": AUDIT_FIELD,
    "status": {k.value: v for k, v in STATUS.items()},
    "derived": {k.value: v for k, v in DERIVED.items()},
    "unit_kind": {k.value: v for k, v in UNIT_KIND.items()},
    "bloc": {k.value: v for k, v in BLOC.items()},
    "role": {k.value: v for k, v in ASSIGNMENT_ROLE.items()},
    "user_role": {k.value: v for k, v in USER_ROLE.items()},
    "grade": GRADE,
}


def label(kind: str, code: str | None, lang: str = "vi") -> str:
    """The label of a stored code, e.g. ``label("derived", "overdue")`` → "Quá hạn"."""
    if code is None:
        return ""
    pair = _TABLES[kind].get(str(code))
    if pair is None:
        return str(code)
    return pair[0] if lang == "vi" else pair[1]


# Column headings of tables and exports.
COLUMNS: dict[str, tuple[str, str]] = {
    "assignment_id": ("Mã phân công", "Assignment ID"),
    "meeting_title": ("Hội nghị", "Meeting"),
    "conclusion_number": ("Số kết luận", "Conclusion no."),
    "task_seq": ("Mục", "Item"),
    "task_content": ("Nhiệm vụ", "Task"),
    "field": ("Lĩnh vực", "Field"),
    "unit_name": ("Đơn vị", "Unit"),
    "unit_kind": ("Loại đơn vị", "Unit kind"),
    "bloc": ("Khối", "Bloc"),
    "role": ("Vai trò", "Role"),
    "deadline": ("Thời hạn", "Deadline"),
    "status": ("Trạng thái báo cáo", "Reported status"),
    "derived": ("Tình trạng", "Standing"),
    "follow_ups": ("Đôn đốc", "Follow-ups"),  # how many times (đôn đốc lần n)
    "progress": ("Tiến độ (%)", "Progress (%)"),
    "completed_on": ("Ngày hoàn thành", "Completed on"),
    "last_update_at": ("Cập nhật lần cuối", "Last update"),
}


def column(name: str, lang: str = "vi") -> str:
    pair = COLUMNS.get(name)
    if pair is None:
        return name
    return pair[0] if lang == "vi" else pair[1]


@functools.cache
def _level_tables() -> dict[str, dict[str, tuple[str, str]]]:
    """``levels.toml``: per deployment level, the interface text that differs from ``ui.toml``."""
    path = resources.files("directives.data").joinpath("labels").joinpath("levels.toml")
    tables: dict[str, dict[str, tuple[str, str]]] = {}
    for level, pairs in tomllib.loads(path.read_text(encoding="utf-8")).items():
        tables[level] = {}
        for key, value in pairs.items():
            if not (isinstance(value, list) and len(value) == 2 and all(value)):
                raise ValueError(f"labels/levels.toml: '{level}.{key}' cần đúng hai nhãn (vi, en)")
            if key not in UI:
                raise ValueError(f"labels/levels.toml: '{level}.{key}' không có trong ui.toml")
            tables[level][key] = (str(value[0]), str(value[1]))
    return tables


_IDENTITY_WORDS = ("{place}", "{Place}", "{issuer}")


@functools.cache
def depends_on_deployment(key: str) -> bool:
    """Whether ``key``'s text changes with the deployment (its level, place or issuers)."""
    if any(key in table for table in _level_tables().values()):
        return True
    return any(word in text for text in UI[key] for word in _IDENTITY_WORDS)


def ui(
    key: str, lang: str = "vi", *, level: str | None = None, place: str = "", issuer: str = ""
) -> str:
    """Interface text; for a deployment of ``level`` its own wording (``levels.toml``), with its
    place and first issuer put in."""
    pair = _level_tables().get(level or "", {}).get(key) or UI[key]
    text = pair[0] if lang == "vi" else pair[1]
    if "{" in text:
        capital = place[:1].upper() + place[1:]
        text = text.replace("{place}", place).replace("{Place}", capital)
        text = text.replace("{issuer}", issuer)
    return text


_OS_ERRORS = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.EEXIST: "đã có tệp trùng tên",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EINVAL: "đường dẫn không hợp lệ",
}


def os_error(error: OSError) -> str:
    """What went wrong with a file, in Vietnamese, naming the file (``strerror`` is English)."""
    reason = _OS_ERRORS.get(error.errno or 0, f"lỗi hệ thống số {error.errno}")
    where = error.filename if error.filename is not None else ""
    return f"{where}: {reason}" if where else reason
