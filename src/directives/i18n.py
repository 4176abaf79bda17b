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


# Interface text. Keys are short English phrases; each has its Vietnamese and English wording.
UI: dict[str, tuple[str, str]] = {
    "app_title": ("Theo dõi thực hiện kết luận", "Directive tracking"),
    "district": ("Huyện Giao Thủy", "Giao Thủy district"),
    "login": ("Đăng nhập", "Log in"),
    "username": ("Tên đăng nhập", "Username"),
    "password": ("Mật khẩu", "Password"),
    "login_failed": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."),
    "logout": ("Đăng xuất", "Log out"),
    "language": ("Ngôn ngữ", "Language"),
    "demo_hint": (
        "Dữ liệu demo: đăng nhập `lanhdao` (lãnh đạo), `quantri` (quản trị) hoặc "
        "`thuky.giao-an` (thư ký xã); mật khẩu `giaothuy2021`.",
        "Demo data: log in as `lanhdao` (leader), `quantri` (admin) or `thuky.giao-an` "
        "(commune secretary); password `giaothuy2021`.",
    ),
    "page_overview": ("Tổng quan", "Overview"),
    "page_conclusions": ("Hội nghị và kết luận", "Meetings and conclusions"),
    "as_of": ("Số liệu tính đến ngày", "Figures as of"),
    "as_of_help": (
        "Mọi số liệu được tính lại theo lịch sử cập nhật đến hết ngày này.",
        "Every figure is recomputed from the update history up to the end of this day.",
    ),
    "meeting": ("Hội nghị", "Meeting"),
    "all_meetings": ("Tất cả hội nghị", "All meetings"),
    "overview_title": ("Tổng quan thực hiện kết luận", "How the directives are going"),
    "tasks": ("Nhiệm vụ", "Tasks"),
    "assignments": ("Lượt giao việc", "Assignments"),
    "assignment_count": ("Số lượt giao việc", "Assignments"),
    "completion_rate": ("Tỷ lệ hoàn thành", "Completion rate"),
    "on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
    "completion_formula": (
        "Đã hoàn thành ÷ (đã hoàn thành + quá hạn chưa hoàn thành)",
        "Done ÷ (done + overdue and unfinished)",
    ),
    "on_time_formula": (
        "Hoàn thành đúng hạn ÷ (đã hoàn thành + quá hạn chưa hoàn thành)",
        "Done on time ÷ (done + overdue and unfinished)",
    ),
    "by_commune": ("Theo xã, thị trấn", "By commune and town"),
    "by_organization": ("Theo cơ quan, tổ chức", "By organization"),
    "worst_first": ("Đơn vị chậm nhất ở trên cùng.", "The unit that lags most is at the top."),
    "overdue_list": ("Việc quá hạn chưa hoàn thành", "Overdue and unfinished"),
    "no_overdue": ("Không có việc quá hạn.", "Nothing is overdue."),
    "no_data": (
        "Chưa có nhiệm vụ nào cho bộ lọc này. Hãy chọn ngày khác hoặc hội nghị khác.",
        "No tasks for this filter. Choose another day or meeting.",
    ),
    "days_late": ("Số ngày quá hạn", "Days overdue"),
    "download": ("Tải về Excel", "Download Excel"),
    "conclusion": ("Kết luận", "Conclusion"),
    "number": ("Số", "No."),
    "issued_on": ("Ngày ban hành", "Issued on"),
    "issuer": ("Cơ quan ban hành", "Issuer"),
    "signer": ("Người ký", "Signed by"),
    "held_on": ("Ngày họp", "Held on"),
    "place": ("Địa điểm", "Place"),
    "chaired_by": ("Chủ trì", "Chaired by"),
    "attendees": ("Thành phần", "Attendees"),
    "full_text": ("Toàn văn thông báo kết luận", "Full text of the notice"),
    "lead": ("Chủ trì", "Lead"),
    "support": ("Phối hợp", "Support"),
    "deadline": ("Thời hạn", "Deadline"),
    "standing": ("Thường xuyên", "Standing"),
    "progress": ("Tiến độ", "Progress"),
    "done_of_total": ("Hoàn thành", "Done"),
    "task_units": ("Tiến độ của từng đơn vị", "Progress of each unit"),
    "history": ("Lịch sử cập nhật", "Update history"),
    "note": ("Ghi chú", "Note"),
    "evidence": ("Minh chứng", "Evidence"),
    "updated_by": ("Người cập nhật", "Updated by"),
    "when": ("Thời điểm", "When"),
    "from_status": ("Từ", "From"),
    "to_status": ("Sang", "To"),
    "no_meetings": (
        "Chưa có hội nghị nào. Quản trị viên nhập hội nghị và kết luận trước.",
        "No meetings yet. An administrator enters meetings and conclusions first.",
    ),
    "legend_note": (
        "Xanh lá: đúng hạn · Cam: quá hạn đã xong · Xanh dương: đang làm trong hạn · "
        "Đỏ: quá hạn chưa xong · Xám: chưa thực hiện",
        "Green: on time · Orange: done late · Blue: in progress · Red: overdue · Grey: not started",
    ),
    "communes_group": ("Xã, thị trấn", "Communes and towns"),
    "units_count": ("đơn vị", "units"),
    "mean_progress_help": (
        "Tiến độ bình quân do các đơn vị báo cáo.",
        "The mean of the progress units reported.",
    ),
    "card_no_deadline": ("Thường xuyên", "Standing"),
    "period": ("Kỳ báo cáo", "Reporting period"),
    "period_help": (
        "Kỳ chứa ngày tính số liệu. Trong một kỳ, chỉ tính nhiệm vụ đến hạn trong kỳ và nhiệm vụ "
        "thường xuyên; so sánh với kỳ trước cùng loại.",
        "The period containing the as-of day. Within a period only tasks due in it and standing "
        "tasks count; compared with the previous period of the same kind.",
    ),
    "units_now": ("Gộp theo đơn vị hiện nay", "Group by today's units"),
    "units_then": ("Đơn vị khi giao việc", "Units as assigned"),
    "units_now_help": (
        "Xã đã sáp nhập (2024, 2025) được cộng vào đơn vị kế thừa, ví dụ Xã Giao Tiến → "
        "Thị trấn Giao Thủy → Xã Giao Thủy.",
        "Merged communes (2024, 2025) roll up into their successors, e.g. Xã Giao Tiến → "
        "Thị trấn Giao Thủy → Xã Giao Thủy.",
    ),
    "compared_with": ("so với", "compared with"),
    "trend": ("Diễn biến: đến hạn và hoàn thành (lũy kế)", "Trend: due and done (cumulative)"),
    "trend_due": ("Đến hạn", "Fallen due"),
    "trend_done": ("Đã hoàn thành", "Done"),
    "trend_on_time": ("Hoàn thành đúng hạn", "Done on time"),
    "top_overdue": ("10 việc quá hạn lâu nhất", "The ten longest overdue"),
    "open_detail": ("Chọn một dòng để mở nhiệm vụ.", "Select a row to open its task."),
    "item": ("Mục", "Item"),
    "unit": ("Đơn vị", "Unit"),
    "days_since_update": ("Số ngày chưa cập nhật", "Days since last report"),
    "ranking": ("Xếp hạng", "Ranking"),
    "ranking_help": (
        "Xếp từ đơn vị chậm nhất: tỷ lệ hoàn thành thấp, nhiều việc quá hạn, lâu không cập nhật. "
        "Chọn một dòng để xem chi tiết đơn vị.",
        "Worst first: low completion, many overdue, stale reports. Select a row to open the unit.",
    ),
    "matrix": ("Tình trạng từng nhiệm vụ", "Each task, unit by unit"),
    "matrix_help": (
        "Mỗi ô là một lượt giao việc; màu theo tình trạng, số là tiến độ.",
        "One cell per assignment, coloured by its standing; the number is its progress.",
    ),
    "back": ("Quay lại danh sách", "Back to the list"),
    "unit_tasks": ("Nhiệm vụ được giao", "Tasks given"),
    "no_history": ("Chưa có cập nhật nào.", "No updates yet."),
    "page_communes": ("Theo xã, thị trấn", "By commune"),
    "page_organizations": ("Theo cơ quan, tổ chức", "By organization"),
    "page_tasks": ("Nhiệm vụ", "Tasks"),
    "lead_role": ("Chủ trì", "As lead"),
    "support_role": ("Phối hợp", "As support"),
    "by_role_title": ("Chủ trì và phối hợp, theo khối", "As lead and as support, by bloc"),
    "by_role_help": (
        "Mỗi cơ quan được đánh giá riêng phần việc chủ trì và phần việc phối hợp.",
        "Each organization's work as lead and as support, counted separately.",
    ),
    "all_conclusions": ("Danh sách hội nghị và kết luận", "All meetings and conclusions"),
    "search": ("Tìm trong nội dung", "Search the content"),
    "search_hint": ("gõ có dấu hoặc không dấu, ví dụ: dan van kheo", "with or without diacritics"),
    "all": ("Tất cả", "All"),
    "field": ("Lĩnh vực", "Field"),
    "unit_kind": ("Loại đơn vị", "Unit kind"),
    "bloc": ("Khối", "Bloc"),
    "reported_status": ("Trạng thái báo cáo", "Reported status"),
    "derived_status": ("Tình trạng", "Standing"),
    "due_from": ("Hạn từ ngày", "Due from"),
    "due_to": ("đến ngày", "Due until"),
    "rows_found": ("{count} lượt giao việc phù hợp.", "{count} matching assignments."),
    "page_print": ("Bản in và báo cáo", "Print and report"),
    "print_what": ("Nội dung", "Contents"),
    "print_hint": (
        "Trang này đã bỏ thanh bên khi in: nhấn Ctrl+P, chọn khổ A4. "
        "Báo cáo Word gồm số liệu, bảng theo đơn vị và danh sách việc quá hạn.",
        "The sidebar is left out when printing: press Ctrl+P and choose A4. The Word report has "
        "the figures, a table by unit and the overdue list.",
    ),
    "word_report": ("Tải báo cáo Word", "Download the Word report"),
    "figure": ("Chỉ tiêu", "Figure"),
    "value": ("Số liệu", "Value"),
    "change": ("Thay đổi", "Change"),
    "points": (" điểm %", " pts"),
    "signed_in_as": ("Đang đăng nhập", "Signed in as"),
}


def ui(key: str, lang: str = "vi") -> str:
    pair = UI[key]
    return pair[0] if lang == "vi" else pair[1]
