"""Saving a grading rule: a new version from a day, refused in closed periods or with wrong
values (every problem named), only by administrators, audited."""

from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session

from directives.models import GradingRule
from directives.services.errors import PermissionDenied, Rejected
from directives.services.grading_rules import RuleValues, default_valid_from, save_version
from tests.databases import Databases
from tests.factories import World, audit_entries, count, world_db

TODAY = date(2021, 8, 20)


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def test_a_version_starts_at_the_next_quarter_by_default_and_is_audited(
    session: Session, world: World
) -> None:
    rule = save_version(
        session=session, actor=world.admin, values=RuleValues(), note="  Năm  2022 ", today=TODAY
    )
    assert rule.valid_from == date(2021, 10, 1) == default_valid_from(TODAY)
    assert rule.note == "Năm 2022" and rule.created_by == world.admin.id
    entry = audit_entries(session, "grading_rule.create")[-1]
    assert entry.entity == "grading_rule" and entry.after and '"support_weight": 0.3' in entry.after


def test_the_current_quarter_is_open_a_closed_one_is_not(session: Session, world: World) -> None:
    opened = save_version(
        session=session,
        actor=world.admin,
        values=RuleValues(),
        valid_from=date(2021, 7, 1),
        today=TODAY,
    )
    assert opened.valid_from == date(2021, 7, 1)
    with pytest.raises(Rejected) as refused:
        save_version(
            session=session,
            actor=world.admin,
            values=RuleValues(),
            valid_from=date(2021, 6, 30),
            today=TODAY,
        )
    assert "Có hiệu lực từ ngày" in str(refused.value)
    assert "01/07/2021" in str(refused.value)


def test_every_wrong_value_is_named(session: Session, world: World) -> None:
    before = count(session, "grading_rule")
    values = RuleValues(
        lead_weight=0.0, support_weight=0.5, late_points=120.0, excellent_from=60.0, early_days=0
    )
    with pytest.raises(Rejected) as refused:
        save_version(session=session, actor=world.admin, values=values, today=TODAY)
    text = str(refused.value)
    for field in (
        "Hệ số chủ trì",
        "Hệ số phối hợp",
        "Điểm hoàn thành quá hạn",
        "Ngưỡng",
        "Số ngày",
    ):
        assert field in text, text
    assert count(session, "grading_rule") == before


@pytest.mark.parametrize("who", ["leader", "secretary_a"])
def test_only_administrators_save_a_rule(session: Session, world: World, who: str) -> None:
    with pytest.raises(PermissionDenied, match="quản trị"):
        save_version(session=session, actor=getattr(world, who), values=RuleValues(), today=TODAY)
    assert session.get(GradingRule, 2) is None
