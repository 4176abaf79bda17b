"""How a page words a :class:`~directives.services.updates.Conflict`: who saved first, when, and
what the assignment holds now, so the user can decide whether to save again."""

from directives.config import get_settings
from directives.formatting import moment, number
from directives.i18n import label
from directives.services.updates import Conflict


def conflict_message(conflict: Conflict) -> str:
    """ "Trần Văn A (tranvana) đã lưu cập nhật trước bạn lúc 01/03/2021 10:05: trạng thái … ."""
    latest = conflict.latest
    if latest is None:
        return (
            "Phân công này vừa được người khác thay đổi. Thay đổi của bạn chưa được lưu; "
            "hãy tải lại và nhập lại."
        )
    if conflict.latest_by is not None:
        who = f"{conflict.latest_by} ({conflict.latest_by_username})"
    else:
        who = "Một người dùng khác"
    when = moment(latest.at, get_settings().timezone)
    parts = [
        f"trạng thái {label('status', latest.from_status)} → {label('status', latest.to_status)}",
        f"tiến độ {number(latest.progress)}%",
    ]
    if latest.completed_on is not None:
        parts.append(f"ngày hoàn thành {latest.completed_on:%d/%m/%Y}")
    parts.append(f"ghi chú: “{latest.note}”" if latest.note else "không ghi chú")
    return (
        f"{who} đã lưu cập nhật trước bạn lúc {when}: {'; '.join(parts)}. "
        "Thay đổi của bạn chưa được lưu; hãy xem lại nội dung mới rồi lưu lại nếu vẫn cần."
    )
