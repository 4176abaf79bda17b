"""Labels in Vietnamese (first) and English. Stored codes never reach the screen untranslated."""

from directives.models import AssignmentRole, Bloc, Role, Status, UnitKind
from directives.status import Derived

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
    Derived.IN_PROGRESS: ("Đang thực hiện trong hạn", "In progress, on schedule"),
    Derived.DUE_SOON: ("Sắp đến hạn", "Due within 7 days"),
    Derived.OVERDUE: ("Quá hạn", "Overdue"),
    Derived.NOT_STARTED: ("Chưa thực hiện", "Not started"),
    Derived.NO_DEADLINE: ("Thường xuyên (không thời hạn)", "Standing (no deadline)"),
    Derived.PAUSED: ("Tạm dừng", "Paused"),
    Derived.CANCELLED: ("Đã hủy", "Cancelled"),
}

UNIT_KIND = {
    UnitKind.DISTRICT: ("Huyện", "District"),
    UnitKind.TOWN: ("Thị trấn", "Town"),
    UnitKind.COMMUNE: ("Xã", "Commune"),
    UnitKind.ORGANIZATION: ("Cơ quan, tổ chức", "Organization"),
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

_TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "status": {k.value: v for k, v in STATUS.items()},
    "derived": {k.value: v for k, v in DERIVED.items()},
    "unit_kind": {k.value: v for k, v in UNIT_KIND.items()},
    "bloc": {k.value: v for k, v in BLOC.items()},
    "role": {k.value: v for k, v in ASSIGNMENT_ROLE.items()},
    "user_role": {k.value: v for k, v in USER_ROLE.items()},
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
    "progress": ("Tiến độ (%)", "Progress (%)"),
    "completed_on": ("Ngày hoàn thành", "Completed on"),
    "last_update_at": ("Cập nhật lần cuối", "Last update"),
}


def column(name: str, lang: str = "vi") -> str:
    pair = COLUMNS.get(name)
    if pair is None:
        return name
    return pair[0] if lang == "vi" else pair[1]
