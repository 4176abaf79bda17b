"""Đánh giá, xếp loại: a unit's score and class from its tally in a period, by a grading rule.

Pure functions (no database): :mod:`directives.queries.grades` counts each unit's outcomes in
SQL, then :func:`score` applies the rule. The rule, read by people:

- An assignment counts in a period when its deadline (with the extensions approved by the
  period's last day) falls in the period, or when it was completed in the period (late work
  finished, or work finished ahead of a later deadline). Standing tasks (no deadline), paused and
  cancelled assignments, and work due after the period and not yet done (chưa đến hạn) are left
  out: they neither raise nor lower the score.
- Its outcome, as of the period's last day: done on time, done late, or overdue (not done).
- Điểm = Σ(hệ số vai trò × điểm kết quả) ÷ Σ hệ số vai trò + thưởng − trừ, kept within 0–100,
  rounded to one decimal; the class follows from the thresholds.
"""

import enum
from dataclasses import dataclass
from typing import Protocol

from directives import formatting
from directives.i18n import ui


class Grade(enum.StrEnum):
    EXCELLENT = "excellent"  # Hoàn thành xuất sắc nhiệm vụ
    GOOD = "good"  # Hoàn thành tốt nhiệm vụ
    DONE = "done"  # Hoàn thành nhiệm vụ
    NOT_DONE = "not_done"  # Không hoàn thành nhiệm vụ


class Outcome(enum.StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"


class Rule(Protocol):
    """What grading reads of a rule (a :class:`directives.models.GradingRule`)."""

    lead_weight: float
    support_weight: float
    on_time_points: float
    late_points: float
    overdue_points: float
    early_days: int
    early_bonus: float
    bonus_cap: float
    returned_penalty: float
    unanswered_penalty: float
    excellent_from: float
    good_from: float
    done_from: float


@dataclass(frozen=True)
class Tally:
    """One unit's counts in a period: each outcome by role, early completions, results returned
    and explanation requests left unanswered past their due day."""

    lead_on_time: int = 0
    lead_late: int = 0
    lead_overdue: int = 0
    support_on_time: int = 0
    support_late: int = 0
    support_overdue: int = 0
    early: int = 0
    returned: int = 0
    unanswered: int = 0

    @property
    def counted(self) -> int:
        return (
            self.lead_on_time
            + self.lead_late
            + self.lead_overdue
            + self.support_on_time
            + self.support_late
            + self.support_overdue
        )


@dataclass(frozen=True)
class Score:
    weight: float  # Σ hệ số vai trò of the counted assignments
    base: float | None  # Σ(hệ số × điểm) ÷ Σ hệ số, on 100; None when nothing counted
    bonus: float
    penalty: float
    total: float | None  # kept within 0–100, one decimal
    grade: Grade | None


def score(tally: Tally, rule: Rule) -> Score:
    """The rule applied to one unit's tally. A unit with nothing counted has no score."""
    lead, support = rule.lead_weight, rule.support_weight
    weight = lead * (tally.lead_on_time + tally.lead_late + tally.lead_overdue) + support * (
        tally.support_on_time + tally.support_late + tally.support_overdue
    )
    points = (
        rule.on_time_points * (lead * tally.lead_on_time + support * tally.support_on_time)
        + rule.late_points * (lead * tally.lead_late + support * tally.support_late)
        + rule.overdue_points * (lead * tally.lead_overdue + support * tally.support_overdue)
    )
    bonus = min(rule.bonus_cap, rule.early_bonus * tally.early)
    penalty = rule.returned_penalty * tally.returned + rule.unanswered_penalty * tally.unanswered
    if weight <= 0:
        return Score(0.0, None, bonus, penalty, None, None)
    base = points / weight
    total = round(min(100.0, max(0.0, base + bonus - penalty)) + 1e-9, 1)
    return Score(weight, round(base + 1e-9, 2), bonus, penalty, total, grade_of(total, rule))


def grade_of(total: float, rule: Rule) -> Grade:
    if total >= rule.excellent_from:
        return Grade.EXCELLENT
    if total >= rule.good_from:
        return Grade.GOOD
    if total >= rule.done_from:
        return Grade.DONE
    return Grade.NOT_DONE


def _n(value: float, lang: str) -> str:
    decimals = 0 if float(value).is_integer() else (1 if round(value, 1) == value else 2)
    return formatting.number(value, decimals, lang)


def formula(lang: str = "vi") -> str:
    """The score as one line."""
    return ui("grading_formula", lang)


def rule_in_words(rule: Rule, lang: str = "vi") -> list[str]:
    """The rule as sentences a leader reads beside the scores, in ``lang``."""
    values = {
        "lead": formatting.number(rule.lead_weight, 1, lang),
        "support": formatting.number(rule.support_weight, 1, lang),
        "on_time": _n(rule.on_time_points, lang),
        "late": _n(rule.late_points, lang),
        "overdue": _n(rule.overdue_points, lang),
        "early_days": _n(rule.early_days, lang),
        "early_bonus": _n(rule.early_bonus, lang),
        "bonus_cap": _n(rule.bonus_cap, lang),
        "returned": _n(rule.returned_penalty, lang),
        "unanswered": _n(rule.unanswered_penalty, lang),
        "excellent": _n(rule.excellent_from, lang),
        "good": _n(rule.good_from, lang),
        "done": _n(rule.done_from, lang),
    }
    keys = (
        "grading_rule_counts",
        "grading_rule_weights",
        "grading_rule_points",
        "grading_rule_bonus",
        "grading_rule_penalty",
        "grading_rule_classes",
        "grading_rule_version",
    )
    return [ui(key, lang).format(**values) for key in keys]
