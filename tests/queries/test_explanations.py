"""Explanation requests as read on a day (open, overdue, answered) and in an assignment's
history: a request counts from the day it was made, an answer from the day it was given."""

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlmodel import Session

from directives.models import ExplanationRequest
from directives.queries.explanations import explanation_requests, overdue_count
from directives.queries.history import (
    EXPLANATION_ANSWERED,
    EXPLANATION_ASKED,
    explanation_history,
)
from directives.services import explanations
from tests.databases import Databases
from tests.factories import World, at_local, world_db

ASKED = date(2021, 7, 5)


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def _ask(session: Session, world: World) -> ExplanationRequest:
    return explanations.ask(
        world.leader, world.a_id, "Vì sao chậm?", session=session, now=at_local(ASKED)
    )


def test_state_on_a_day_counts_from_request_and_answer(session: Session, world: World) -> None:
    request = _ask(session, world)
    explanations.answer(
        world.secretary_a,
        request.id or 0,
        "Đã xong.",
        session=session,
        now=at_local(ASKED + timedelta(days=8)),
    )

    def state_on(day: date) -> list[str]:
        return explanation_requests(session, day)["state"].tolist()

    assert state_on(ASKED - timedelta(days=1)) == []  # not asked yet
    assert state_on(ASKED + timedelta(days=5)) == ["open"]  # due that day
    assert state_on(ASKED + timedelta(days=6)) == ["overdue"]
    assert overdue_count(session, ASKED + timedelta(days=6)) == 1
    assert overdue_count(session, ASKED + timedelta(days=6), (world.unit_b.id or 0,)) == 0
    late = explanation_requests(session, ASKED + timedelta(days=7))
    assert late["answer"].isna().all()  # the answer is not given yet on that day
    assert state_on(ASKED + timedelta(days=8)) == ["answered"]
    assert overdue_count(session, ASKED + timedelta(days=8)) == 0


def test_request_and_answer_are_in_the_history(session: Session, world: World) -> None:
    request = _ask(session, world)
    explanations.answer(
        world.secretary_a,
        request.id or 0,
        "Đã xong.",
        session=session,
        now=at_local(ASKED + timedelta(days=1)),
    )
    events = explanation_history(session, (world.a_id,))
    assert events["event"].tolist() == [EXPLANATION_ANSWERED, EXPLANATION_ASKED]
    assert events["user_name"].tolist() == ["Nguyễn Thị An", "Lê Lãnh Đạo"]
    assert explanation_history(session, (world.a_id,), as_of=ASKED)["event"].tolist() == [
        EXPLANATION_ASKED
    ]
    assert explanation_history(session, (world.b_id,)).empty
