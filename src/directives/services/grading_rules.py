"""Editing the grading rule (đánh giá, xếp loại): administrators save a NEW version valid from a
day; nothing is edited in place, so a period keeps the rule in force on its first day.

A new version may not take effect in a closed period: its first day is no earlier than the first
day of the current quarter (the periods graded, quý, 6 tháng and năm, all begin on a quarter's
first day, so every period that begins on or after it is still open). The default day is the
first day of the next quarter. Every value is checked, each refusal naming its field; the
version is audited. Nothing here commits.
"""

import unicodedata
from dataclasses import asdict, dataclass
from datetime import date

from sqlmodel import Session

from directives.models import GradingRule, User, max_length
from directives.periods import PeriodKind, period_containing
from directives.services import audit, permissions
from directives.services.errors import Problem, Rejected
from directives.services.meta import bump_data_version


@dataclass(frozen=True)
class RuleValues:
    """The numbers of a rule, as an administrator fills them in."""

    lead_weight: float = 1.0
    support_weight: float = 0.3
    on_time_points: float = 100.0
    late_points: float = 50.0
    overdue_points: float = 0.0
    early_days: int = 15
    early_bonus: float = 1.0
    bonus_cap: float = 5.0
    returned_penalty: float = 2.0
    unanswered_penalty: float = 5.0
    excellent_from: float = 90.0
    good_from: float = 70.0
    done_from: float = 50.0

    @classmethod
    def of(cls, rule: GradingRule) -> "RuleValues":
        return cls(**{name: getattr(rule, name) for name in cls.__dataclass_fields__})


FIELD_NAMES = {
    "valid_from": "Có hiệu lực từ ngày",
    "lead_weight": "Hệ số chủ trì",
    "support_weight": "Hệ số phối hợp",
    "on_time_points": "Điểm hoàn thành đúng hạn",
    "late_points": "Điểm hoàn thành quá hạn",
    "overdue_points": "Điểm quá hạn chưa hoàn thành",
    "early_days": "Số ngày hoàn thành sớm",
    "early_bonus": "Điểm thưởng mỗi nhiệm vụ hoàn thành sớm",
    "bonus_cap": "Điểm thưởng tối đa",
    "returned_penalty": "Điểm trừ mỗi lần bị trả lại",
    "unanswered_penalty": "Điểm trừ mỗi yêu cầu giải trình không trả lời đúng hạn",
    "excellent_from": "Ngưỡng Hoàn thành xuất sắc nhiệm vụ",
    "good_from": "Ngưỡng Hoàn thành tốt nhiệm vụ",
    "done_from": "Ngưỡng Hoàn thành nhiệm vụ",
    "note": "Ghi chú",
}
"""Each field's name in the refusals and on the page."""

_RANGES: dict[str, tuple[float, float]] = {
    "lead_weight": (0.0, 10.0),
    "support_weight": (0.0, 10.0),
    "on_time_points": (0.0, 100.0),
    "late_points": (0.0, 100.0),
    "overdue_points": (0.0, 100.0),
    "early_days": (1.0, 365.0),
    "early_bonus": (0.0, 100.0),
    "bonus_cap": (0.0, 100.0),
    "returned_penalty": (0.0, 100.0),
    "unanswered_penalty": (0.0, 100.0),
    "excellent_from": (0.0, 100.0),
    "good_from": (0.0, 100.0),
    "done_from": (0.0, 100.0),
}


def _number(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", ",")


def default_valid_from(today: date) -> date:
    """The first day of the quarter after ``today``'s."""
    quarter = period_containing(PeriodKind.QUARTER, today)
    assert quarter.end is not None
    return date.fromordinal(quarter.end.toordinal() + 1)


def earliest_valid_from(today: date) -> date:
    """The first day of ``today``'s quarter: a version from then changes no closed period."""
    start = period_containing(PeriodKind.QUARTER, today).start
    assert start is not None
    return start


def problems_of(
    values: RuleValues, valid_from: date, today: date, note: str | None
) -> list[Problem]:
    """Every reason the version cannot be saved, in the order of the form."""
    found: list[Problem] = []

    def refuse(field: str, message: str) -> None:
        found.append(Problem(message, field=FIELD_NAMES[field]))

    earliest = earliest_valid_from(today)
    if valid_from < earliest:
        refuse(
            "valid_from",
            f"ngày {valid_from:%d/%m/%Y} thuộc một kỳ đã khép lại; quy tắc mới chỉ có hiệu lực "
            f"từ ngày {earliest:%d/%m/%Y} (ngày đầu quý hiện tại) trở đi.",
        )
    for field, (low, high) in _RANGES.items():
        value = getattr(values, field)
        if not isinstance(value, int | float) or value != value or not low <= value <= high:
            refuse(field, f"phải là một số từ {_number(low)} đến {_number(high)}.")
    if values.lead_weight <= 0:
        refuse("lead_weight", "phải lớn hơn 0.")
    if values.support_weight > values.lead_weight:
        refuse("support_weight", "không được lớn hơn hệ số chủ trì.")
    if not values.on_time_points >= values.late_points >= values.overdue_points:
        refuse(
            "late_points",
            "điểm phải giảm dần: đúng hạn ≥ quá hạn đã hoàn thành ≥ quá hạn chưa hoàn thành.",
        )
    if not values.excellent_from > values.good_from > values.done_from:
        refuse(
            "good_from",
            "các ngưỡng phải giảm dần: xuất sắc > tốt > hoàn thành.",
        )
    if not float(values.early_days).is_integer():
        refuse("early_days", "phải là số ngày nguyên.")
    limit = max_length(GradingRule, "note") or 500
    if note is not None and len(note) > limit:
        refuse("note", f"dài {len(note)} ký tự, tối đa {limit}.")
    return found


def save_version(
    *,
    session: Session,
    actor: User,
    values: RuleValues,
    valid_from: date | None = None,
    note: str | None = None,
    today: date | None = None,
) -> GradingRule:
    """A new version of the rule, valid from ``valid_from`` (default: the next quarter's first
    day). Refused whole, with every problem located, when any value is wrong."""
    permissions.require_admin(actor, "sửa quy tắc đánh giá, xếp loại")
    today = today or date.today()
    day = valid_from or default_valid_from(today)
    cleaned = None
    if note is not None:
        cleaned = " ".join(unicodedata.normalize("NFC", note).split()) or None
    problems = problems_of(values, day, today, cleaned)
    if problems:
        raise Rejected(problems, headline="Chưa lưu quy tắc đánh giá:")
    rule = GradingRule(
        valid_from=day,
        note=cleaned,
        created_by=actor.id,
        **{**asdict(values), "early_days": int(values.early_days)},
    )
    audit.save(rule, session=session, actor=actor, action="grading_rule.create", before=None)
    bump_data_version(session=session, assignments=())  # no assignment changes
    return rule
