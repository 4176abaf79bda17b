"""The reminder rules: defaults, which days they remind on, saving them (administrators only,
audited) and their Vietnamese refusals."""

from collections.abc import Iterator

import pytest
from sqlmodel import Session

from directives.services import reminder_rules
from directives.services.errors import InvalidInput, PermissionDenied
from directives.services.reminder_rules import ReminderRules
from tests.databases import Databases
from tests.factories import World, audit_entries, world_db


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def test_defaults_remind_7_3_1_days_before_the_deadline_day_and_every_day_late() -> None:
    rules = ReminderRules()
    reminded = [left for left in range(-5, 10) if rules.reminds_on(left)]
    assert reminded == [-5, -4, -3, -2, -1, 0, 1, 3, 7]
    assert rules.giao_ban_after == 3 and not rules.copy_leaders


def test_every_third_day_late() -> None:
    rules = ReminderRules(overdue_every=3, on_deadline=False)
    assert [left for left in range(-8, 1) if rules.reminds_on(left)] == [-7, -4, -1]


def test_saved_rules_are_loaded_and_audited(session: Session, world: World) -> None:
    assert reminder_rules.load(session) == ReminderRules()
    saved = reminder_rules.save(
        world.admin,
        ReminderRules(days_before=(1, 5, 5), overdue_every=7, copy_leaders=True, giao_ban_after=2),
        session=session,
    )
    assert saved.days_before == (5, 1)
    assert reminder_rules.load(session) == saved
    (entry,) = audit_entries(session, "reminder_rules.update")
    assert entry.user_id == world.admin.id
    assert entry.before and '"overdue_every": 1' in entry.before
    assert entry.after and '"overdue_every": 7' in entry.after


@pytest.mark.parametrize(
    ("rules", "field"),
    [
        (ReminderRules(days_before=(0,)), "số ngày nhắc trước hạn"),
        (ReminderRules(days_before=(90,)), "số ngày nhắc trước hạn"),
        (ReminderRules(overdue_every=-1), "nhắc khi quá hạn"),
        (ReminderRules(giao_ban_after=0), "số lần đôn đốc"),
    ],
)
def test_bad_rules_are_refused_in_vietnamese(
    session: Session, world: World, rules: ReminderRules, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        reminder_rules.save(world.admin, rules, session=session)
    assert field in str(refused.value)
    assert audit_entries(session, "reminder_rules.update") == []


@pytest.mark.parametrize("who", ["leader", "secretary_a"])
def test_only_administrators_set_the_rules(session: Session, world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        reminder_rules.save(getattr(world, who), ReminderRules(), session=session)
