"""Labels in Vietnamese (first) and English. Stored codes never reach the screen untranslated."""

import errno

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

# What the change log names: the kind of record changed, and the fields of its before/after.
AUDIT_ENTITY = {
    "app_user": ("Tài khoản", "Account"),
    "assignment": ("Phân công", "Assignment"),
    "conclusion": ("Kết luận", "Conclusion"),
    "evidence": ("Minh chứng", "Evidence"),
    "extension_request": ("Đề nghị gia hạn", "Extension request"),
    "meeting": ("Hội nghị", "Meeting"),
    "task": ("Nhiệm vụ", "Task"),
    "unit": ("Đơn vị", "Unit"),
    "user_session": ("Phiên đăng nhập", "Login session"),
}

AUDIT_FIELD = {
    "status": ("trạng thái", "status"),
    "progress": ("tiến độ", "progress"),
    "completed_on": ("ngày hoàn thành", "completed on"),
    "note": ("ghi chú", "note"),
    "version": ("phiên bản", "version"),
    "content": ("nội dung", "content"),
    "deadline": ("thời hạn", "deadline"),
    "original_deadline": ("thời hạn ban đầu", "original deadline"),
    "extended_deadline": ("thời hạn gia hạn", "extended deadline"),
    "current_deadline": ("thời hạn hiện tại", "current deadline"),
    "proposed_deadline": ("thời hạn đề nghị", "proposed deadline"),
    "requested_by": ("người đề nghị", "requested by"),
    "requested_at": ("đề nghị lúc", "requested at"),
    "decided_by": ("người duyệt", "decided by"),
    "decided_at": ("duyệt lúc", "decided at"),
    "assigned_on": ("ngày giao", "assigned on"),
    "assignees_text": ("đơn vị được giao (như văn bản ghi)", "assignees as written"),
    "assignments": ("phân công", "assignments"),
    "field": ("lĩnh vực", "field"),
    "seq": ("mục", "item"),
    "title": ("tiêu đề", "title"),
    "number": ("số", "number"),
    "issued_on": ("ngày ban hành", "issued on"),
    "issuer": ("cơ quan ban hành", "issuer"),
    "signer": ("người ký", "signer"),
    "summary": ("trích yếu", "summary"),
    "held_on": ("ngày họp", "held on"),
    "place": ("địa điểm", "place"),
    "chaired_by": ("chủ trì", "chaired by"),
    "attendees": ("thành phần", "attendees"),
    "reason": ("lý do", "reason"),
    "decision_note": ("ý kiến duyệt", "decision note"),
    "until": ("đến", "until"),
    "name": ("tên", "name"),
    "short_name": ("tên viết tắt", "short name"),
    "kind": ("loại", "kind"),
    "bloc": ("khối", "bloc"),
    "valid_from": ("hiệu lực từ", "valid from"),
    "valid_to": ("hiệu lực đến", "valid to"),
    "is_active": ("đang hoạt động", "active"),
    "code": ("mã hành chính", "code"),
    "slug": ("mã trong hệ thống", "system code"),
    "successor_id": ("mã đơn vị kế thừa", "successor id"),
    "meeting_id": ("mã hội nghị", "meeting id"),
    "conclusion_id": ("mã kết luận", "conclusion id"),
    "task_id": ("mã nhiệm vụ", "task id"),
    "full_text": ("toàn văn", "full text"),
    "search_text": ("chữ để tìm", "search text"),
    "username": ("tên đăng nhập", "username"),
    "full_name": ("họ và tên", "full name"),
    "position": ("chức vụ", "position"),
    "role": ("vai trò", "role"),
    "unit_id": ("mã đơn vị", "unit id"),
    "assignment_id": ("mã phân công", "assignment id"),
    "original_name": ("tên tệp", "file name"),
    "stored_name": ("tên lưu", "stored name"),
    "content_type": ("loại nội dung", "content type"),
    "size": ("dung lượng (byte)", "size (bytes)"),
    "uploaded_by": ("người tải lên", "uploaded by"),
    "uploaded_at": ("tải lên lúc", "uploaded at"),
    "status_update_id": ("mã lần cập nhật", "status update id"),
    "expires_at": ("hết hạn lúc", "expires at"),
    "revoked_at": ("kết thúc lúc", "ended at"),
    "password_changed_at": ("đổi mật khẩu lúc", "password changed at"),
    "created_at": ("tạo lúc", "created at"),
}

_TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "audit_entity": AUDIT_ENTITY,
    "audit_field": AUDIT_FIELD,
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
    "page_my_unit": ("Việc của đơn vị", "My unit's tasks"),
    "page_admin_meetings": (
        "Hội nghị, kết luận (nhập tay, sửa)",
        "Meetings (by hand, corrections)",
    ),
    "page_admin_extensions": ("Duyệt gia hạn", "Extension requests"),
    "page_admin_units": ("Đơn vị", "Units"),
    "page_admin_users": ("Tài khoản", "Accounts"),
    "page_audit_log": ("Nhật ký thay đổi", "Audit log"),
    "section_read": ("Theo dõi", "Follow"),
    "section_write": ("Cập nhật", "Report"),
    "section_admin": ("Quản trị", "Administration"),
    "secretaries_only": (
        "Trang này dành cho thư ký đơn vị và quản trị viên.",
        "This page is for unit secretaries and administrators.",
    ),
    "role_of_unit": ("Vai trò", "Role"),
    "pick_to_update": (
        "Việc quá hạn và sắp đến hạn ở trên cùng. Chọn một dòng để cập nhật.",
        "Overdue and due-soon work first. Select a row to update it.",
    ),
    "original_deadline": ("Thời hạn ban đầu", "Original deadline"),
    "update_title": ("Cập nhật tiến độ", "Report progress"),
    "completed_on": ("Ngày hoàn thành", "Completed on"),
    "completed_on_help": (
        "Chỉ dùng khi trạng thái là Hoàn thành; không được sau hôm nay.",
        "Used only when the status is Done; not after today.",
    ),
    "evidence_reference": ("Văn bản minh chứng", "Evidence reference"),
    "evidence_reference_hint": ("ví dụ: Báo cáo số 12/BC-UBND ngày 20/6/2021", "e.g. report no."),
    "evidence_files": ("Tệp minh chứng", "Evidence files"),
    "save": ("Lưu cập nhật", "Save"),
    "saved": ("Đã lưu cập nhật.", "Saved."),
    "extension_title": ("Xin gia hạn", "Request an extension"),
    "extension_pending": (
        "Đã gửi đề nghị gia hạn đến {day}, đang chờ duyệt.",
        "An extension to {day} was requested and awaits a decision.",
    ),
    "proposed_deadline": ("Đề nghị gia hạn đến ngày", "Proposed deadline"),
    "reason": ("Lý do", "Reason"),
    "request_extension": ("Gửi đề nghị", "Send the request"),
    "extension_sent": ("Đã gửi đề nghị gia hạn.", "Extension requested."),
    "no_evidence": ("Chưa có tệp minh chứng.", "No evidence files yet."),
    "shown_of": (
        "hiển thị {shown}/{total} đơn vị; xem đủ ở trang theo đơn vị",
        "{shown} of {total} units shown; the unit pages list all",
    ),
    "matrix_limited": (
        "Ma trận hiển thị {units} đơn vị chậm nhất và {tasks} nhiệm vụ mới nhất; chọn một hội nghị "
        "để xem hẹp hơn.",
        "The matrix shows the {units} worst units and the {tasks} latest tasks; choose a meeting "
        "to narrow it.",
    ),
    "not_your_assignment": (
        "Phân công này không thuộc đơn vị của tài khoản, không thể cập nhật.",
        "This assignment is not your unit's; it cannot be updated from this account.",
    ),
    # Excel in and out (my_unit's "Nhập từ Excel", the Nhiệm vụ page's download)
    "xlsx_download_help": (
        "Mỗi dòng một phần việc với trạng thái đã lưu; sửa Trạng thái, Tiến độ, Ngày hoàn thành, "
        "Ghi chú rồi nhập lại ở trang Việc của đơn vị.",
        "One row per assignment as saved; edit status, progress, completion day and note, then "
        "import it on the unit page.",
    ),
    "import_title": ("Nhập từ Excel", "Import from Excel"),
    "import_help": (
        "Tải mẫu (đã điền các việc chưa xong), sửa các cột Trạng thái, Tiến độ (%), Ngày hoàn "
        "thành, Ghi chú rồi tải lên. Hệ thống kiểm tra cả tệp: có lỗi thì báo đủ mọi lỗi và "
        "không lưu dòng nào.",
        "Download the template (open assignments filled in), edit status, progress, completion "
        "day and note, and upload it. The whole file is checked: any error is listed and nothing "
        "is saved.",
    ),
    "import_template": ("Tải mẫu Excel", "Download the template"),
    "import_file": ("Tệp Excel đã điền (.xlsx)", "The filled workbook (.xlsx)"),
    "import_rejected": (
        "Tệp có {count} lỗi, chưa lưu dòng nào. Sửa các ô dưới đây rồi tải lên lại.",
        "The file has {count} errors; nothing was saved. Correct these cells and upload again.",
    ),
    "import_save": ("Lưu các cập nhật", "Save the updates"),
    "import_nothing": (
        "Không có dòng nào thay đổi so với dữ liệu đã lưu.",
        "No row changes what is saved.",
    ),
    "import_saved": ("Đã lưu: {summary}", "Saved: {summary}"),
    # Nhập từ Excel (administrators)
    "page_admin_import": ("Nhập từ Excel", "Import from Excel"),
    "admin_import_help": (
        "Tải mẫu, điền hoặc sửa trong Excel rồi tải lên. Hệ thống kiểm tra cả tệp trước: có lỗi "
        "thì liệt kê đủ (dòng, cột, trường) và không lưu dòng nào; tải lại cùng một tệp không "
        "thay đổi gì.",
        "Download the template, fill it in or correct it in Excel, and upload it. The whole file "
        "is checked first: any error is listed (row, column, field) and nothing is saved; "
        "uploading the same file again changes nothing.",
    ),
    "admin_import_tasks": ("Hội nghị, kết luận, nhiệm vụ", "Meetings, conclusions, tasks"),
    "admin_import_tasks_help": (
        "Mỗi dòng một nhiệm vụ: hội nghị, kết luận, nội dung, đơn vị chủ trì, đơn vị phối hợp "
        "(cách nhau bởi dấu ;), thời hạn. Hội nghị, kết luận chưa có sẽ được tạo; nhiệm vụ đã có "
        "(cùng kết luận và STT) được sửa nội dung, thời hạn, lĩnh vực và thêm đơn vị.",
        "One row per task: meeting, conclusion, content, lead units, supporting units (separated "
        "by ;), deadline. Missing meetings and conclusions are created; an existing task (same "
        "conclusion and item number) gets its content, deadline and field corrected and new "
        "units added.",
    ),
    "admin_import_which": ("Tệp mẫu", "Template"),
    "admin_import_blank": ("Mẫu trống (nhập kết luận mới)", "Blank (a new conclusion)"),
    "admin_import_updates": ("Cập nhật tình hình thực hiện", "Status updates"),
    "admin_import_updates_help": (
        "Tình hình thực hiện của mọi đơn vị, hoặc của một đơn vị: mẫu điền sẵn các phần việc "
        "chưa hoàn thành; sửa Trạng thái, Tiến độ (%), Ngày hoàn thành, Ghi chú rồi tải lên.",
        "Progress of every unit, or of one: the template lists the unfinished assignments; edit "
        "status, progress, completion day and note, then upload it.",
    ),
    "all_units": ("Tất cả đơn vị", "All units"),
    # Administration pages (admin_meetings, admin_units, admin_users, admin_extensions, audit_log)
    "admin_only": (
        "Chỉ quản trị viên được dùng trang này.",
        "Only administrators may use this page.",
    ),
    "adm_required": ("không được để trống.", "must not be empty."),
    "adm_row": ("Dòng {row}", "Row {row}"),
    "adm_row_column": ("Dòng {row}, cột {column}", "Row {row}, column {column}"),
    "adm_choose": ("Chọn…", "Choose…"),
    "adm_save_changes": ("Lưu thay đổi", "Save changes"),
    "adm_changes_saved": ("Đã lưu thay đổi.", "Changes saved."),
    "adm_role": ("Vai trò", "Role"),
    "adm_task": ("Nhiệm vụ", "Task"),
    "adm_active": ("Đang hoạt động", "Active"),
    "adm_new_conclusion": (
        "Nhập hội nghị, kết luận và nhiệm vụ",
        "A new meeting, conclusion and tasks",
    ),
    "adm_new_conclusion_help": (
        "Hội nghị, kết luận và các nhiệm vụ được lưu cùng một lần: nếu có lỗi ở bất kỳ đâu thì "
        "không có gì được lưu.",
        "The meeting, its conclusion and its tasks are saved together: if anything is wrong, "
        "nothing is saved.",
    ),
    "adm_meeting_title": ("Tên hội nghị", "Meeting title"),
    "adm_conclusion_title": ("Trích yếu", "Subject"),
    "adm_summary": ("Tóm tắt", "Summary"),
    "adm_tasks_help": (
        "Mỗi dòng là một nhiệm vụ, đánh số theo thứ tự các dòng. Thời hạn để trống là nhiệm vụ "
        "thường xuyên.",
        "One task per row, numbered in row order. An empty deadline means a standing task.",
    ),
    "adm_col_content": ("Nội dung", "Content"),
    "adm_col_field": ("Lĩnh vực", "Field"),
    "adm_col_leads": ("Chủ trì", "Lead"),
    "adm_col_supports": ("Phối hợp", "Support"),
    "adm_col_deadline": ("Thời hạn", "Deadline"),
    "adm_units_help": (
        "Tên, tên viết tắt hoặc mã đơn vị, cách nhau bởi dấu phẩy hoặc chấm phẩy; có thể ghi "
        'nhóm như "các xã, thị trấn", "MTTQ và các đoàn thể", hoặc "UBND xã Giao An". '
        "Gõ có dấu hay không dấu đều được.",
        "Unit names, short names or codes, separated by commas or semicolons; groups such as "
        '"các xã, thị trấn" or "MTTQ và các đoàn thể" expand. Diacritics are optional.',
    ),
    "adm_deadline_help": (
        "Để trống nếu là nhiệm vụ thường xuyên.",
        "Leave empty for a standing task.",
    ),
    "adm_save_conclusion": (
        "Lưu hội nghị, kết luận và nhiệm vụ",
        "Save meeting, conclusion, tasks",
    ),
    "adm_tasks_required": ("cần ít nhất một nhiệm vụ.", "at least one task is needed."),
    "adm_lead_required": (
        "cần ít nhất một đơn vị chủ trì.",
        "at least one lead unit is needed.",
    ),
    "adm_support_word": ("phối hợp", "support"),
    "adm_conclusion_saved": (
        "Đã lưu kết luận {number}: {tasks} nhiệm vụ, {assignments} lượt giao việc.",
        "Conclusion {number} saved: {tasks} tasks, {assignments} assignments.",
    ),
    "adm_edit_existing": ("Sửa hội nghị, kết luận đã nhập", "Correct what was entered"),
    "adm_edit_meeting": ("Hội nghị", "Meeting"),
    "adm_edit_conclusion": ("Kết luận", "Conclusion"),
    "adm_correct_task": ("Sửa nhiệm vụ", "Correct a task"),
    "adm_add_units": ("Giao thêm đơn vị", "Add units"),
    "adm_issued_on_moves_tasks": (
        "Đổi ngày ban hành thì ngày giao của các nhiệm vụ đổi theo.",
        "A new issue date moves the tasks' assigned date with it.",
    ),
    "adm_no_tasks": ("Kết luận này chưa có nhiệm vụ.", "This conclusion has no tasks."),
    "adm_standing": ("Thường xuyên (không thời hạn)", "Standing (no deadline)"),
    "adm_fix_original": ("Sửa cả thời hạn gốc", "Correct the original deadline too"),
    "adm_fix_original_help": (
        "Chỉ chọn khi thời hạn đã nhập nhầm. Nếu là gia hạn, để trống để báo cáo vẫn so với "
        "thời hạn gốc.",
        "Only when the deadline was typed wrongly. For an extension leave it unticked, so reports "
        "can still judge against the original deadline.",
    ),
    "adm_original_deadline": ("Thời hạn gốc", "Original deadline"),
    "adm_assignees_now": ("Đơn vị theo thông báo", "Units as the notice words it"),
    "adm_units_to_add": ("Đơn vị giao thêm", "Units to add"),
    "adm_add": ("Giao thêm", "Add"),
    "adm_units_added": ("Đã giao thêm cho {count} đơn vị.", "Added {count} units."),
    "adm_units_already": (
        "Các đơn vị này đã có trong nhiệm vụ, không có gì thay đổi.",
        "These units already have the task; nothing changed.",
    ),
    "adm_search_units": ("Tìm đơn vị", "Find a unit"),
    "adm_valid_on": ("Có hiệu lực ngày", "Valid on"),
    "adm_short_name": ("Tên viết tắt", "Short name"),
    "adm_code": ("Mã hành chính", "Code"),
    "adm_code_help": (
        "Mã đơn vị hành chính (xã, thị trấn); có thể để trống.",
        "The administrative code (communes, towns); may be empty.",
    ),
    "adm_slug": ("Mã trong hệ thống", "Slug"),
    "adm_valid_from": ("Hiệu lực từ", "Valid from"),
    "adm_valid_to": ("Hiệu lực đến", "Valid to"),
    "adm_successor": ("Đơn vị kế thừa", "Successor"),
    "adm_no_successor": ("Không có", "None"),
    "adm_open_assignments": ("Việc chưa xong", "Open assignments"),
    "adm_units_found": ("{count} trong {total} đơn vị.", "{count} of {total} units."),
    "adm_add_unit": ("Thêm đơn vị", "Add a unit"),
    "adm_unit_name": ("Tên đơn vị", "Unit name"),
    "adm_no_bloc": ("Không thuộc khối", "No bloc"),
    "adm_bloc_help": (
        "Chỉ cơ quan, tổ chức cấp huyện thuộc một khối.",
        "Only district organizations belong to a bloc.",
    ),
    "adm_unit_created": ("Đã thêm đơn vị {name}.", "Unit {name} added."),
    "adm_unit_saved": ("Đã lưu đơn vị {name}.", "Unit {name} saved."),
    "adm_manage_unit": ("Sửa một đơn vị", "Change a unit"),
    "adm_inactive": ("ngừng hoạt động", "inactive"),
    "adm_rename": ("Đổi tên", "Rename"),
    "adm_rename_help": (
        "Mã trong hệ thống giữ nguyên, nên liên kết và tên đăng nhập vẫn dùng được.",
        "The slug stays, so links and usernames keep working.",
    ),
    "adm_validity": ("Hiệu lực, kế thừa", "Validity, successor"),
    "adm_validity_help": (
        "Đơn vị kế thừa chỉ đặt khi đơn vị có ngày hết hiệu lực.",
        "A successor is set only when the unit has an end date.",
    ),
    "adm_merge": ("Sáp nhập", "Merge"),
    "adm_merge_help": (
        "Sáp nhập từ ngày đã chọn: đơn vị hết hiệu lực từ ngày hôm trước; các việc chưa hoàn "
        "thành (chưa thực hiện, đang thực hiện, tạm dừng) chuyển sang đơn vị kế thừa với trạng "
        "thái và tiến độ hiện có. Lịch sử cập nhật và các việc đã xong vẫn giữ ở đơn vị cũ.",
        "Merged from the chosen day: the unit ends the day before; its unfinished assignments "
        "(not started, in progress, paused) move to the successor with their status and progress. "
        "The update history and finished work stay with the old unit.",
    ),
    "adm_open_now": (
        "{name} đang có {count} việc chưa hoàn thành.",
        "{name} has {count} unfinished assignments.",
    ),
    "adm_merge_into": ("Sáp nhập vào đơn vị", "Merge into"),
    "adm_merge_day": ("Từ ngày", "From"),
    "adm_merge_confirm": (
        "Tôi đã kiểm tra: chuyển các việc chưa hoàn thành sang đơn vị kế thừa",
        "I have checked: move the unfinished assignments to the successor",
    ),
    "adm_merge_unconfirmed": (
        "hãy đánh dấu xác nhận trước khi sáp nhập.",
        "tick the confirmation before merging.",
    ),
    "adm_unit_merged": (
        "Đã sáp nhập {name} vào {target}; {count} việc được chuyển.",
        "{name} merged into {target}; {count} assignments moved.",
    ),
    "adm_activity": ("Ngừng / khôi phục", "Deactivate / reactivate"),
    "adm_deactivate": ("Ngừng hoạt động", "Deactivate"),
    "adm_deactivate_help": (
        "Đơn vị ngừng hoạt động giữ nguyên lịch sử nhưng không được giao việc mới.",
        "An inactive unit keeps its history but gets no new tasks.",
    ),
    "adm_reactivate": ("Khôi phục hoạt động", "Reactivate"),
    "adm_reactivate_help": (
        "Đơn vị đang ngừng hoạt động; khôi phục để giao việc mới.",
        "The unit is inactive; reactivate it to give it new tasks.",
    ),
    "adm_search_users": ("Tìm tài khoản", "Find an account"),
    "adm_only_active": ("Chỉ tài khoản đang hoạt động", "Active accounts only"),
    "adm_full_name": ("Họ và tên", "Full name"),
    "adm_job_title": ("Chức vụ", "Job title"),
    "adm_password_changed": ("Đổi mật khẩu lúc", "Password changed"),
    "adm_users_found": ("{count} trong {total} tài khoản.", "{count} of {total} accounts."),
    "adm_add_user": ("Thêm tài khoản", "Add an account"),
    "adm_password_again": ("Nhập lại mật khẩu", "Password again"),
    "adm_password_rule": (
        "Mật khẩu cần ít nhất {length} ký tự.",
        "Passwords need at least {length} characters.",
    ),
    "adm_password_mismatch": ("hai lần nhập không khớp.", "the two entries differ."),
    "adm_no_unit": ("Không gắn đơn vị", "No unit"),
    "adm_unit_help": (
        "Bắt buộc với thư ký đơn vị; lãnh đạo và quản trị không gắn đơn vị.",
        "Required for unit secretaries; leaders and administrators have none.",
    ),
    "adm_user_created": ("Đã tạo tài khoản {username}.", "Account {username} created."),
    "adm_manage_user": ("Quản lý một tài khoản", "Manage an account"),
    "adm_user": ("Tài khoản", "Account"),
    "adm_disabled": ("đã khóa", "disabled"),
    "adm_access": ("Khóa / mở khóa", "Disable / enable"),
    "adm_disable": ("Khóa tài khoản", "Disable the account"),
    "adm_disable_help": (
        "Tài khoản bị khóa không đăng nhập được; các phiên đang mở kết thúc ngay.",
        "A disabled account cannot log in; its open sessions end at once.",
    ),
    "adm_enable": ("Mở khóa tài khoản", "Enable the account"),
    "adm_enable_help": ("Tài khoản này đang bị khóa.", "This account is disabled."),
    "adm_user_disabled": ("Đã khóa tài khoản {username}.", "Account {username} disabled."),
    "adm_user_enabled": ("Đã mở khóa tài khoản {username}.", "Account {username} enabled."),
    "adm_reset_password": ("Đặt lại mật khẩu", "Reset the password"),
    "adm_reset_help": (
        "Mọi phiên đăng nhập của tài khoản này kết thúc ngay.",
        "Every open session of this account ends at once.",
    ),
    "adm_new_password": ("Mật khẩu mới", "New password"),
    "adm_password_reset": (
        "Đã đặt lại mật khẩu cho {username}.",
        "Password of {username} reset.",
    ),
    "adm_change_role": ("Đổi vai trò, đơn vị", "Change role, unit"),
    "adm_role_changed": (
        "Đã đổi vai trò, đơn vị của {username}.",
        "Role and unit of {username} changed.",
    ),
    "adm_pending_requests": ("Đề nghị chờ duyệt", "Waiting for a decision"),
    "adm_no_pending": ("Không có đề nghị gia hạn nào chờ duyệt.", "No requests are waiting."),
    "adm_current_deadline": ("Thời hạn hiện tại", "Current deadline"),
    "adm_proposed_deadline": ("Thời hạn đề nghị", "Proposed deadline"),
    "adm_reason": ("Lý do", "Reason"),
    "adm_requested_by": ("Người đề nghị", "Requested by"),
    "adm_requested_at": ("Thời điểm đề nghị", "Requested at"),
    "adm_request": ("Đề nghị", "Request"),
    "adm_decision_note": ("Ý kiến", "Note"),
    "adm_decision_note_help": (
        "Không bắt buộc khi duyệt; bắt buộc khi từ chối.",
        "Optional when approving; required when rejecting.",
    ),
    "adm_approve": ("Duyệt", "Approve"),
    "adm_reject": ("Từ chối", "Reject"),
    "adm_reject_needs_note": ("cần nêu lý do từ chối.", "say why the request is rejected."),
    "adm_request_approved": (
        "Đã duyệt gia hạn cho {unit}.",
        "Extension for {unit} approved.",
    ),
    "adm_request_rejected": (
        "Đã từ chối đề nghị gia hạn của {unit}.",
        "Extension request of {unit} rejected.",
    ),
    "adm_decided_requests": ("Đề nghị đã xử lý", "Decided requests"),
    "adm_no_decided": ("Chưa có đề nghị nào được xử lý.", "No request has been decided yet."),
    "adm_decision": ("Kết quả", "Decision"),
    "adm_decided_by": ("Người xử lý", "Decided by"),
    "adm_decided_at": ("Thời điểm xử lý", "Decided at"),
    "adm_status_pending": ("Chờ duyệt", "Pending"),
    "adm_status_approved": ("Đã duyệt", "Approved"),
    "adm_status_rejected": ("Từ chối", "Rejected"),
    "adm_from_day": ("Từ ngày", "From"),
    "adm_to_day": ("Đến ngày", "To"),
    "adm_row_limit": ("Số dòng tối đa", "At most"),
    "adm_action": ("Thao tác", "Action"),
    "adm_entity": ("Đối tượng", "Entity"),
    "adm_entity_id": ("Mã đối tượng", "Entity id"),
    "adm_user_column": ("Người thực hiện", "User"),
    "adm_address": ("Địa chỉ IP", "Address"),
    "adm_before": ("Trước", "Before"),
    "adm_after": ("Sau", "After"),
    "adm_days_reversed": (
        "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.",
        "The first day must not be after the last.",
    ),
    "adm_no_entries": ("Không có mục nào phù hợp.", "No entries match."),
    "adm_entries_found": (
        "{count} mục, mới nhất ở trên (tối đa {limit}).",
        "{count} entries, newest first (at most {limit}).",
    ),
    "audit_action.login": ("Đăng nhập", "Log in"),
    "audit_action.login_failed": ("Đăng nhập sai", "Failed login"),
    "audit_action.login_locked": ("Đăng nhập bị tạm khóa", "Login locked"),
    "audit_action.logout": ("Đăng xuất", "Log out"),
    "audit_action.meeting.create": ("Nhập hội nghị", "Meeting entered"),
    "audit_action.meeting.update": ("Sửa hội nghị", "Meeting corrected"),
    "audit_action.conclusion.create": ("Nhập kết luận", "Conclusion entered"),
    "audit_action.conclusion.update": ("Sửa kết luận", "Conclusion corrected"),
    "audit_action.task.create": ("Nhập nhiệm vụ", "Task entered"),
    "audit_action.task.update": ("Sửa nhiệm vụ", "Task corrected"),
    "audit_action.assignment.create": ("Giao việc cho đơn vị", "Unit assigned"),
    "audit_action.assignment.update": ("Cập nhật tiến độ", "Progress reported"),
    "audit_action.assignment.extend": ("Gia hạn cho đơn vị", "Unit's deadline extended"),
    "audit_action.assignment.move": ("Chuyển việc do sáp nhập", "Moved by a merger"),
    "audit_action.assignment.role": ("Đổi vai trò đơn vị", "Unit's role changed"),
    "audit_action.evidence.create": ("Tải lên minh chứng", "Evidence uploaded"),
    "audit_action.extension.request": ("Đề nghị gia hạn", "Extension requested"),
    "audit_action.extension.approve": ("Duyệt gia hạn", "Extension approved"),
    "audit_action.extension.reject": ("Từ chối gia hạn", "Extension rejected"),
    "audit_action.unit.create": ("Thêm đơn vị", "Unit added"),
    "audit_action.unit.rename": ("Đổi tên đơn vị", "Unit renamed"),
    "audit_action.unit.set_validity": ("Sửa hiệu lực đơn vị", "Unit validity set"),
    "audit_action.unit.merge": ("Sáp nhập đơn vị", "Unit merged"),
    "audit_action.unit.deactivate": ("Ngừng hoạt động đơn vị", "Unit deactivated"),
    "audit_action.unit.reactivate": ("Khôi phục đơn vị", "Unit reactivated"),
    "audit_action.user.create": ("Tạo tài khoản", "Account created"),
    "audit_action.user.disable": ("Khóa tài khoản", "Account disabled"),
    "audit_action.user.enable": ("Mở khóa tài khoản", "Account enabled"),
    "audit_action.user.reset_password": ("Đặt lại mật khẩu", "Password reset"),
    "audit_action.user.change_password": ("Đổi mật khẩu", "Password changed"),
    "audit_action.user.change_role": ("Đổi vai trò", "Role changed"),
    "go_to_my_unit": ("Cập nhật việc của đơn vị mình →", "Report on your unit's tasks →"),
    "saved_status": ("Trạng thái đã lưu", "Saved status"),
    "saved_progress": ("Tiến độ đã lưu", "Saved progress"),
    "adm_bad_date": ("ngày không đúng, hãy ghi dd/mm/yyyy.", "not a date; write dd/mm/yyyy."),
    "adm_deadline_before_issue": (
        "không được trước ngày ban hành kết luận.",
        "must not be before the conclusion was issued.",
    ),
    "conclusion_document": ("Văn bản kết luận", "Conclusion document"),
    "conclusion_document_help": (
        "Đính kèm văn bản đã ký (PDF hoặc Word).",
        "Attach the signed document (PDF or Word).",
    ),
    "attach": ("Đính kèm", "Attach"),
    "document_attached": ("Đã đính kèm văn bản.", "Document attached."),
    # Nhập kết luận from a notice
    "page_admin_intake": ("Nhập kết luận", "Enter a conclusion"),
    "intake_help": (
        "Dán nội dung thông báo kết luận hoặc tải tệp lên (.txt, .docx, .pdf có lớp chữ). Hệ "
        "thống đề xuất các nhiệm vụ; hãy xem lại, sửa đơn vị và thời hạn rồi mới lưu. Chưa có gì "
        "được ghi cho đến khi bấm Lưu.",
        "Paste the text of a conclusion notice or upload it (.txt, .docx, .pdf with text). The "
        "proposed tasks are shown for review; nothing is saved until you press Save.",
    ),
    "intake_paste": ("Nội dung thông báo", "Notice text"),
    "intake_upload": ("Hoặc tải tệp thông báo", "Or upload the notice"),
    "intake_read": ("Đọc thông báo", "Read the notice"),
    "intake_nothing": ("Chưa có nội dung thông báo.", "There is no notice text."),
    "intake_review": ("Xem lại trước khi lưu", "Review before saving"),
    "intake_no_tasks": (
        "Không tìm thấy nhiệm vụ nào trong thông báo. Hãy kiểm tra nội dung đã dán, hoặc nhập "
        "tay ở trang Hội nghị, kết luận.",
        "No task was found in the notice. Check the text, or enter the tasks by hand.",
    ),
    "intake_found": (
        "Tìm thấy {tasks} nhiệm vụ, {warned} nhiệm vụ có cảnh báo.",
        "{tasks} tasks found, {warned} with warnings.",
    ),
    "intake_check_warnings": (
        "Hãy xử lý các cảnh báo (màu vàng) trước khi lưu.",
        "Please resolve the warnings (yellow) before saving.",
    ),
    "intake_task": ("Nhiệm vụ {seq}", "Task {seq}"),
    "intake_leads": ("Đơn vị chủ trì (nhiệm vụ {seq})", "Lead units (task {seq})"),
    "intake_supports": ("Đơn vị phối hợp (nhiệm vụ {seq})", "Supporting units (task {seq})"),
    "intake_skip": ("Không lưu nhiệm vụ này", "Leave this task out"),
    "intake_source": ("Nguyên văn trong thông báo", "As written in the notice"),
    "intake_save": ("Lưu kết luận và các nhiệm vụ", "Save the conclusion and its tasks"),
    "intake_dates_required": (
        "Cần ghi ngày họp và ngày ban hành.",
        "The meeting's date and the date of issue are required.",
    ),
    "intake_rejected": (
        "Chưa lưu gì. Hãy sửa những điểm sau rồi bấm Lưu lại:",
        "Nothing was saved. Correct the following, then save again:",
    ),
    "intake_saved": (
        "Đã lưu kết luận {number} ngày {day} với {tasks} nhiệm vụ.",
        "Saved conclusion {number} of {day} with {tasks} tasks.",
    ),
    "intake_see_conclusions": (
        "Xem ở trang Hội nghị và kết luận",
        "See it under Meetings and conclusions",
    ),
    "points": (" điểm %", " pts"),
    "signed_in_as": ("Đang đăng nhập", "Signed in as"),
}


def ui(key: str, lang: str = "vi") -> str:
    pair = UI[key]
    return pair[0] if lang == "vi" else pair[1]


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
