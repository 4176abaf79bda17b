"""A letter of directions (Ý kiến chỉ đạo) has no meeting: every read that names a conclusion's
meeting keeps its tasks (outer joins), and the meeting filter can pick exactly such letters."""

from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session

from directives.queries import overview, sheets
from directives.queries.state import NO_MEETING, Filters
from directives.services import conclusions
from directives.services.conclusions import ConclusionInput, TaskInput
from tests.databases import Databases
from tests.factories import World, world_db


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


@pytest.fixture
def letter(session: Session, world: World) -> int:
    saved = conclusions.save_conclusion(
        session=session,
        actor=world.admin,
        meeting=None,
        conclusion=ConclusionInput(
            number="5/UBND-VP", issued_on=date(2021, 2, 1), issuer="UBND huyện", title="Ý kiến"
        ),
        items=[TaskInput("Rà soát hộ nghèo", leads=("giao-lac",), deadline=date(2021, 3, 31))],
    )
    assert saved.id is not None
    return saved.id


def test_the_tasks_sheet_and_the_updates_sheet_keep_a_letter(session: Session, letter: int) -> None:
    rows = sheets.task_rows(session)
    mine = rows[rows["conclusion_number"] == "5/UBND-VP"]
    assert len(mine) == 1 and mine["meeting_title"].isna().all()
    only = sheets.task_rows(session, meeting_id=NO_MEETING)
    assert list(only["conclusion_number"]) == ["5/UBND-VP"]
    updates = sheets.update_rows(session)
    assert "5/UBND-VP" in set(updates["conclusion_number"])


def test_the_meeting_filter_picks_the_letters(session: Session, world: World, letter: int) -> None:
    on = date(2021, 4, 15)
    everything = overview.assignments(session, Filters(as_of=on))
    assert "5/UBND-VP" in set(everything["conclusion_number"])
    letters = overview.assignments(session, Filters(as_of=on, meeting_id=NO_MEETING))
    assert set(letters["conclusion_number"]) == {"5/UBND-VP"}
    assert letters["meeting_id"].isna().all()
    held = overview.assignments(session, Filters(as_of=on, meeting_id=world.meeting_id))
    assert "5/UBND-VP" not in set(held["conclusion_number"])
