"""Đánh giá, xếp loại: the versioned rule that grades units on their task results.

A rule is never edited in place: an administrator's change is a new :class:`GradingRule` valid
from a day, and a period is graded with the rule in force on its first day (the version with the
latest ``valid_from`` on or before it; of two for one day, the later saved). So a closed period
keeps its grade whatever is saved afterwards.

No ``from __future__ import annotations`` here: SQLModel reads the annotations at class creation.
"""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from directives.models.base import UTCDateTime, utcnow


class GradingRule(SQLModel, table=True):
    __tablename__ = "grading_rule"

    id: int | None = Field(default=None, primary_key=True)
    valid_from: date = Field(index=True)
    # hệ số vai trò
    lead_weight: float = 1.0  # chủ trì
    support_weight: float = 0.3  # phối hợp
    # điểm kết quả of one counted assignment, on 100
    on_time_points: float = 100.0  # hoàn thành đúng hạn
    late_points: float = 50.0  # hoàn thành quá hạn
    overdue_points: float = 0.0  # quá hạn chưa hoàn thành at the period's end
    # thưởng, trừ: points added to or taken from the score, per event
    early_days: int = 15  # hoàn thành sớm: at least this many days before the deadline
    early_bonus: float = 1.0  # per early completion
    bonus_cap: float = 5.0  # at most this much bonus in a period
    returned_penalty: float = 2.0  # per result the office returned in the period
    unanswered_penalty: float = 5.0  # per explanation request not answered by its due day
    # ngưỡng xếp loại: the least score of each class
    excellent_from: float = 90.0  # Hoàn thành xuất sắc nhiệm vụ
    good_from: float = 70.0  # Hoàn thành tốt nhiệm vụ
    done_from: float = 50.0  # Hoàn thành nhiệm vụ; below: Không hoàn thành nhiệm vụ
    note: str | None = Field(default=None, max_length=500)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
