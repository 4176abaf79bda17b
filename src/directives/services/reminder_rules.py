"""The reminder rules an administrator sets: when a unit is reminded of an assignment, whether
leaders get a copy, and after how many follow-ups an assignment goes to the leaders' giao ban.

Kept as one JSON value in ``app_meta`` (key :data:`KEY`); every change is audited. The defaults
follow the Bắc Ninh tracker (7, 3 and 1 days before, the deadline day, then while overdue) and
Hà Nội's rule (three follow-ups, then the giao ban).
"""

import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlmodel import Session

from directives.models import AppMeta, User
from directives.services import audit, permissions
from directives.services.errors import InvalidInput
from directives.services.meta import bump_data_version, store

KEY = "reminder_rules"

MAX_DAYS_BEFORE = 60
MAX_OVERDUE_EVERY = 30
MAX_GIAO_BAN_AFTER = 20


@dataclass(frozen=True)
class ReminderRules:
    days_before: tuple[int, ...] = (7, 3, 1)
    """Remind this many days before the (effective) deadline."""
    on_deadline: bool = True
    """Remind on the deadline day itself."""
    overdue_every: int = 1
    """While overdue, remind on the first day late and every this many days after: 1, every
    day (the default, as the Bắc Ninh tracker does "while overdue"); 3, the 1st, 4th, 7th …
    day late; 0, no reminders once overdue."""
    copy_leaders: bool = False
    """Leaders get a copy of every unit's reminder."""
    giao_ban_after: int = 3
    """Follow-ups (đôn đốc) after which an assignment is on the leaders' giao ban list."""

    def reminds_on(self, days_left: int) -> bool:
        """Whether an open assignment ``days_left`` days before its deadline (negative: late)
        is reminded that day."""
        if days_left > 0:
            return days_left in self.days_before
        if days_left == 0:
            return self.on_deadline
        return self.overdue_every > 0 and (-days_left - 1) % self.overdue_every == 0


def load(session: Session) -> ReminderRules:
    """The rules in force: the stored ones, else the defaults."""
    meta = session.get(AppMeta, KEY)
    if meta is None:
        return ReminderRules()
    stored: dict[str, Any] = json.loads(meta.value)
    defaults = asdict(ReminderRules())
    values = {name: stored.get(name, default) for name, default in defaults.items()}
    values["days_before"] = tuple(values["days_before"])
    return ReminderRules(**values)


def parse_days(text: str) -> tuple[int, ...]:
    """Days written as an administrator types them ("7, 3, 1" or "7 3 1"); InvalidInput when
    one is not a whole number."""
    parts = [part for part in text.replace(";", ",").replace(",", " ").split() if part]
    if not all(part.isascii() and part.isdigit() for part in parts):
        raise InvalidInput(
            "số ngày nhắc trước hạn",
            f"'{text}' phải là các số nguyên, cách nhau dấu phẩy (7, 3, 1).",
        )
    return tuple(int(part) for part in parts)


def check(rules: ReminderRules) -> ReminderRules:
    """The rules, cleaned (days before sorted, largest first), or InvalidInput in Vietnamese."""
    days = sorted(set(rules.days_before), reverse=True)
    if any(not 1 <= day <= MAX_DAYS_BEFORE for day in days):
        raise InvalidInput(
            "số ngày nhắc trước hạn",
            f"mỗi số ngày phải từ 1 đến {MAX_DAYS_BEFORE} (ví dụ 7, 3, 1).",
        )
    if not 0 <= rules.overdue_every <= MAX_OVERDUE_EVERY:
        raise InvalidInput(
            "nhắc khi quá hạn",
            f"số ngày giữa hai lần nhắc phải từ 0 (không nhắc) đến {MAX_OVERDUE_EVERY}.",
        )
    if not 1 <= rules.giao_ban_after <= MAX_GIAO_BAN_AFTER:
        raise InvalidInput(
            "số lần đôn đốc",
            f"số lần đôn đốc trước khi đưa vào giao ban phải từ 1 đến {MAX_GIAO_BAN_AFTER}.",
        )
    return replace(rules, days_before=tuple(days))


def save(actor: User, rules: ReminderRules, *, session: Session) -> ReminderRules:
    """Store new rules (administrators only), audited with the rules before and after."""
    permissions.require_admin(actor, "đặt quy tắc nhắc việc")
    cleaned = check(rules)
    before = load(session)
    if cleaned == before and session.get(AppMeta, KEY) is not None:
        return cleaned
    value = json.dumps(asdict(cleaned), sort_keys=True)
    store(KEY, value, session=session)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="reminder_rules.update",
        entity="app_meta",
        entity_id=KEY,
        before=asdict(before),
        after=asdict(cleaned),
    )
    bump_data_version(session=session, assignments=())  # no assignment changes
    return cleaned
