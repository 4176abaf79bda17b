"""Follow-up counts as of a day, the giao ban list, and follow-ups in the update history."""

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest
from sqlmodel import Session

from directives.models import ExplanationRequest, Status
from directives.queries import follow_ups, history
from directives.queries.state import Filters, end_of_day
from directives.services import follow_ups as sending
from directives.services import updates
from directives.services.updates import UpdateRequest
from tests.databases import Databases
from tests.factories import World, at_local, save, world_db

DAYS = [date(2021, 7, 5), date(2021, 7, 12), date(2021, 10, 12)]


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def _press(session: Session, world: World, days: list[date] = DAYS, note: str = "") -> None:
    for day in days:
        sending.send(world.leader, [world.a_id], note or None, session=session, on=day)


def _counts(session: Session, as_of: date, basis: str = "happened") -> dict[int, int]:
    frame = follow_ups.counts(session, Filters(as_of=as_of, basis=basis))  # type: ignore[arg-type]
    return dict(zip(frame["assignment_id"], frame["follow_ups"], strict=True))


def test_a_follow_up_counts_from_its_day(session: Session, world: World) -> None:
    _press(session, world)
    sending.send(world.admin, [world.b_id], session=session, on=DAYS[1])
    assert _counts(session, date(2021, 7, 4)) == {}
    assert _counts(session, DAYS[0]) == {world.a_id: 1}
    assert _counts(session, DAYS[1]) == {world.a_id: 2, world.b_id: 1}
    assert _counts(session, DAYS[2]) == {world.a_id: 3, world.b_id: 1}
    # recorded today: counted by when it was recorded, none had been by 2021
    assert _counts(session, DAYS[2], "reported") == {}


def test_the_count_column_gives_zero_for_none(session: Session, world: World) -> None:
    _press(session, world, DAYS[:2])
    filters = Filters(as_of=DAYS[2])
    rows = follow_ups.counts(session, filters, [world.a_id, world.b_id])
    listed = pd.DataFrame({"assignment_id": [world.b_id, world.a_id]})
    assert follow_ups.count_of(listed, rows).tolist() == [0, 2]


def test_the_third_follow_up_puts_overdue_work_on_the_giao_ban_list(
    session: Session, world: World
) -> None:
    _press(session, world, DAYS[:2])
    assert follow_ups.giao_ban(session, Filters(as_of=DAYS[2]), 3).empty
    _press(session, world, DAYS[2:], note="Báo cáo tại giao ban")
    listed = follow_ups.giao_ban(session, Filters(as_of=DAYS[2]), 3)
    assert listed["assignment_id"].tolist() == [world.a_id]
    row = listed.iloc[0]
    assert (row["follow_ups"], row["listed_on"], row["week_start"]) == (
        3,
        DAYS[2],
        date(2021, 10, 11),
    )
    assert follow_ups.week_label(row["week_start"]) == "Tuần 41 (11/10 – 17/10/2021)"
    # the day before the third follow-up it was not there yet
    assert follow_ups.giao_ban(session, Filters(as_of=date(2021, 10, 11)), 3).empty
    assert follow_ups.giao_ban_after(session) == 3


def test_done_work_leaves_the_giao_ban_list(session: Session, world: World) -> None:
    _press(session, world)
    done_on = date(2021, 10, 14)
    updates.record_update(
        session=session,
        actor=world.secretary_a,
        assignment_id=world.a_id,
        request=UpdateRequest(Status.DONE, 100, note="Đã xong", completed_on=done_on),
        at=at_local(done_on),
        today=done_on,
    )
    assert follow_ups.giao_ban(session, Filters(as_of=date(2021, 10, 13)), 3)[
        "assignment_id"
    ].tolist() == [world.a_id]
    assert follow_ups.giao_ban(session, Filters(as_of=done_on), 3).empty


def test_the_units_answers_and_explanations_since_the_first_follow_up(
    session: Session, world: World
) -> None:
    updates.record_update(
        session=session,
        actor=world.secretary_a,
        assignment_id=world.a_id,
        request=UpdateRequest(Status.IN_PROGRESS, 20, note="Trước khi bị đôn đốc"),
        at=at_local(date(2021, 7, 1)),
        today=date(2021, 7, 1),
    )
    _press(session, world, DAYS[:1], note="Khẩn trương")
    updates.record_update(
        session=session,
        actor=world.secretary_a,
        assignment_id=world.a_id,
        request=UpdateRequest(Status.IN_PROGRESS, 50, note="Đang chờ kinh phí"),
        at=at_local(date(2021, 7, 8)),
        today=date(2021, 7, 8),
    )
    session.add(
        ExplanationRequest(
            assignment_id=world.a_id,
            requested_by=world.leader.id,
            requested_on=date(2021, 7, 9),
            due_on=date(2021, 7, 16),
            question="Vì sao chậm?",
            answer="Thiếu kinh phí",
            answered_by=world.secretary_a.id,
            answered_on=date(2021, 7, 15),
        )
    )
    session.flush()
    filters = Filters(as_of=date(2021, 7, 10))
    pressed = follow_ups.follow_ups_of(session, [world.a_id], filters)
    assert pressed[["seq", "user_name", "note"]].values.tolist() == [
        [1, "Lê Lãnh Đạo", "Khẩn trương"]
    ]
    said = follow_ups.answers(session, [world.a_id], filters)
    assert said["note"].tolist() == ["Đang chờ kinh phí"]
    asked = follow_ups.explanations(session, [world.a_id], filters)
    assert asked["question"].tolist() == ["Vì sao chậm?"]
    assert asked["answer"].isna().all()  # answered on 15/07: not yet on 10/07
    later = follow_ups.explanations(session, [world.a_id], Filters(as_of=date(2021, 7, 15)))
    assert later[["answer", "answered_by"]].values.tolist() == [["Thiếu kinh phí", "Nguyễn Thị An"]]


def test_the_history_shows_follow_ups(session: Session, world: World) -> None:
    _press(session, world, DAYS[:1], note="Khẩn trương")
    frame = history.assignment_history(session, world.a_id)
    assert frame["note"].tolist() == ["Đôn đốc lần 1: Khẩn trương"]
    assert frame["user_name"].tolist() == ["Lê Lãnh Đạo"]
    assert frame[["from_status", "to_status", "progress"]].values.tolist() == [[None] * 3]
    save(session, world.secretary_a, world.a_id, day=date(2021, 7, 8), note="Đang làm")
    frame = history.assignment_history(session, world.a_id)  # newest first, both kinds
    assert frame["note"].tolist() == ["Đang làm", "Đôn đốc lần 1: Khẩn trương"]
    assert frame["to_status"].tolist() == ["in_progress", None]
    before = end_of_day(date(2021, 7, 4), "Asia/Ho_Chi_Minh")
    assert history.task_history(session, world.task_id, before, date(2021, 7, 4)).empty
    shown = history.unit_history(session, world.unit_a.id or 0, before, None, DAYS[0])
    assert shown["note"].tolist() == ["Đôn đốc lần 1: Khẩn trương"]
    assert shown["task_seq"].tolist() == [1]
