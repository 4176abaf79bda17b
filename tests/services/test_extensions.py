"""Extension requests: asking, approving, rejecting; and the figures judged against the original
deadline and against the extended one."""

import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from directives.db import session_scope
from directives.models import Assignment, ExtensionRequest, ExtensionStatus, Status, Task, User
from directives.queries.overview import status_counts
from directives.queries.state import Filters
from directives.services import corrections, extensions, updates
from directives.services.errors import InvalidInput, NotFound, PermissionDenied, ServiceError
from directives.services.meta import data_version
from directives.services.updates import UpdateRequest
from tests.databases import Databases
from tests.factories import (
    DEADLINE,
    World,
    at_local,
    audit_entries,
    count,
    load_world,
    world_db,
)

LATER = date(2021, 7, 31)


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def ask(
    session: Session, world: World, proposed: date = LATER, reason: str = "Chờ kinh phí"
) -> ExtensionRequest:
    return extensions.request_extension(
        world.secretary_a, world.a_id, proposed, reason, session=session
    )


def assignment(session: Session, assignment_id: int) -> Assignment:
    row = session.get(Assignment, assignment_id)
    assert row is not None
    return row


def test_request_then_approve_moves_only_the_units_deadline(session: Session, world: World) -> None:
    version = data_version(session=session)
    request = ask(session, world)
    assert request.status == ExtensionStatus.PENDING
    assert request.current_deadline == DEADLINE
    assert request.requested_by == world.secretary_a.id
    assert extensions.pending_requests(session=session) == [request]
    assert data_version(session=session) > version

    approved = extensions.approve(world.admin, request.id or 0, "Đồng ý", session=session)
    assert approved.status == ExtensionStatus.APPROVED
    assert approved.decided_by == world.admin.id and approved.decided_at is not None
    assert approved.decision_note == "Đồng ý"
    assert assignment(session, world.a_id).extended_deadline == LATER
    assert assignment(session, world.b_id).extended_deadline is None, "unit B keeps its deadline"
    task = session.get(Task, world.task_id)
    assert task is not None
    assert (task.deadline, task.original_deadline) == (DEADLINE, DEADLINE), "task untouched"
    assert extensions.pending_requests(session=session) == []

    actions = [e.action for e in audit_entries(session)]
    assert actions[-3:] == ["extension.request", "extension.approve", "assignment.extend"]
    extend = audit_entries(session, "assignment.extend")[-1]
    assert json.loads(extend.before or "") == {"extended_deadline": None}
    assert json.loads(extend.after or "") == {"extended_deadline": "2021-07-31"}


def test_a_second_extension_starts_from_the_extended_deadline(
    session: Session, world: World
) -> None:
    extensions.approve(world.admin, ask(session, world).id or 0, None, session=session)
    with pytest.raises(InvalidInput, match="31/07/2021"):
        ask(session, world, date(2021, 7, 15))  # after the task's deadline, not after LATER
    again = ask(session, world, date(2021, 8, 31))
    assert again.current_deadline == LATER
    extensions.approve(world.admin, again.id or 0, "", session=session)
    assert assignment(session, world.a_id).extended_deadline == date(2021, 8, 31)


def test_reject_needs_a_reason_and_leaves_the_deadline(session: Session, world: World) -> None:
    request = ask(session, world)
    for note in ("", "   "):
        with pytest.raises(InvalidInput):
            extensions.reject(world.admin, request.id or 0, note, session=session)
    rejected = extensions.reject(
        world.admin, request.id or 0, "Không có lý do chính đáng", session=session
    )
    assert rejected.status == ExtensionStatus.REJECTED
    assert rejected.decision_note == "Không có lý do chính đáng"
    assert assignment(session, world.a_id).extended_deadline is None
    assert [e.action for e in audit_entries(session)][-1] == "extension.reject"
    ask(session, world)  # after a decision the unit may ask again


def test_a_decided_request_cannot_be_decided_again(session: Session, world: World) -> None:
    request = ask(session, world)
    extensions.reject(world.admin, request.id or 0, "Không", session=session)
    with pytest.raises(InvalidInput, match="đã được xử lý"):
        extensions.approve(world.admin, request.id or 0, None, session=session)
    with pytest.raises(NotFound):
        extensions.approve(world.admin, 9999, None, session=session)


def test_one_pending_request_at_a_time(session: Session, world: World) -> None:
    ask(session, world)
    with pytest.raises(InvalidInput, match="đang chờ duyệt"):
        ask(session, world, date(2021, 9, 30))
    extensions.request_extension(  # another assignment is independent
        world.secretary_b, world.b_id, LATER, "Phối hợp chậm", session=session
    )
    assert count(session, "extension_request") == 2


@pytest.mark.parametrize(
    ("proposed", "reason", "field"),
    [
        pytest.param(DEADLINE, "Lý do", "thời hạn đề nghị", id="same-day"),
        pytest.param(date(2021, 6, 1), "Lý do", "thời hạn đề nghị", id="earlier"),
        pytest.param(LATER, "", "lý do", id="no-reason"),
        pytest.param(LATER, "  \t ", "lý do", id="blank-reason"),
    ],
)
def test_invalid_requests(
    session: Session, world: World, proposed: date, reason: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        ask(session, world, proposed, reason)
    assert caught.value.field == field
    assert count(session, "extension_request") == 0


def test_standing_tasks_cannot_be_extended(session: Session, world: World) -> None:
    with pytest.raises(InvalidInput, match="thường xuyên"):
        extensions.request_extension(
            world.secretary_a, world.standing_a_id, LATER, "Lý do", session=session
        )


def test_finished_assignments_need_no_extension(session: Session, world: World) -> None:
    updates.record_update(
        session=session,
        actor=world.secretary_a,
        assignment_id=world.a_id,
        request=UpdateRequest(Status.DONE, 100, completed_on=date(2021, 5, 1)),
        at=at_local(date(2021, 5, 1)),
        today=date(2021, 5, 1),
    )
    with pytest.raises(InvalidInput, match="hoàn thành"):
        ask(session, world)


def test_approval_refused_once_the_task_deadline_overtakes_the_proposal(
    session: Session, world: World
) -> None:
    request = ask(session, world)
    corrections.update_task(world.admin, world.task_id, session=session, deadline=date(2021, 8, 15))
    with pytest.raises(InvalidInput, match="15/08/2021"):
        extensions.approve(world.admin, request.id or 0, None, session=session)


@pytest.mark.parametrize("who", ["secretary_b", "leader"])
def test_only_the_units_secretary_or_an_admin_asks(
    session: Session, world: World, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        extensions.request_extension(
            getattr(world, who), world.a_id, LATER, "Lý do", session=session
        )
    by_admin = extensions.request_extension(
        world.admin, world.a_id, LATER, "Lý do", session=session
    )
    assert by_admin.requested_by == world.admin.id


@pytest.mark.parametrize("who", ["secretary_a", "secretary_b", "leader"])
def test_only_admins_decide(session: Session, world: World, who: str) -> None:
    request = ask(session, world)
    with pytest.raises(PermissionDenied, match="quản trị"):
        extensions.approve(getattr(world, who), request.id or 0, None, session=session)
    with pytest.raises(PermissionDenied, match="quản trị"):
        extensions.reject(getattr(world, who), request.id or 0, "Không", session=session)
    assert request.status == ExtensionStatus.PENDING


# --- the figures --------------------------------------------------------------------------------


def counts(session: Session, world: World, as_of: date, against_original: bool) -> dict[str, int]:
    filters = Filters(as_of=as_of, task_id=world.task_id, against_original=against_original)
    found = status_counts(session, filters)
    return {key: value for key, value in vars(found).items() if value}


def test_rates_against_the_original_and_the_extended_deadline(
    session: Session, world: World
) -> None:
    """Unit A gets until 31/07 and finishes on 10/07; unit B, not extended, has not finished."""
    approved = extensions.approve(world.admin, ask(session, world).id or 0, None, session=session)
    approved.decided_at = at_local(date(2021, 5, 20))  # granted before the days looked at below
    session.add(approved)
    session.flush()
    for assignment_id, actor in ((world.a_id, world.secretary_a), (world.b_id, world.secretary_b)):
        updates.record_update(
            session=session,
            actor=actor,
            assignment_id=assignment_id,
            request=UpdateRequest(Status.IN_PROGRESS, 50),
            at=at_local(date(2021, 6, 1)),
            today=date(2021, 6, 1),
        )

    # 05/07: past the task's deadline; A's own deadline is weeks away.
    assert counts(session, world, date(2021, 7, 5), against_original=False) == {
        "in_progress": 1,
        "overdue": 1,
    }
    assert counts(session, world, date(2021, 7, 5), against_original=True) == {"overdue": 2}

    updates.record_update(
        session=session,
        actor=world.secretary_a,
        assignment_id=world.a_id,
        request=UpdateRequest(Status.DONE, 100, completed_on=date(2021, 7, 10)),
        at=at_local(date(2021, 7, 10)),
        today=date(2021, 7, 10),
    )
    as_of = date(2021, 8, 1)
    extended = status_counts(session, Filters(as_of=as_of, task_id=world.task_id))
    original = status_counts(
        session, Filters(as_of=as_of, task_id=world.task_id, against_original=True)
    )
    assert (extended.done_on_time, extended.done_late, extended.overdue) == (1, 0, 1)
    assert (original.done_on_time, original.done_late, original.overdue) == (0, 1, 1)
    assert extended.completion_rate == original.completion_rate == 0.5, "done either way"
    assert extended.on_time_rate == 0.5
    assert original.on_time_rate == 0.0, "late against what the notice set"


# --- at the same moment ----------------------------------------------------------------------


def _at_once(engine: Engine, count: int, call: Callable[[Session], object]) -> list[str]:
    """``call`` from ``count`` threads released together, each in its own write transaction:
    "ok" or the refusal's message, per thread."""
    start = threading.Barrier(count)

    def one(_: int) -> str:
        start.wait()
        try:
            with session_scope(engine, write=True) as session:
                call(session)
        except ServiceError as error:
            return str(error)
        return "ok"

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def test_two_requests_at_once_give_one_pending_request(engine: Engine) -> None:
    with session_scope(engine) as session:
        world = load_world(session)

    def request(session: Session) -> object:
        actor = session.get(User, world.secretary_a.id)
        assert actor is not None
        return extensions.request_extension(
            actor, world.a_id, LATER, "Chờ kinh phí", session=session
        )

    outcomes = _at_once(engine, 6, request)
    assert outcomes.count("ok") == 1, outcomes
    assert all("đang chờ duyệt" in o for o in outcomes if o != "ok")
    with session_scope(engine) as session:
        assert count(session, "extension_request") == 1


def test_two_administrators_deciding_at_once_decide_once(engine: Engine) -> None:
    with session_scope(engine, write=True) as session:
        world = load_world(session)
        request_id = ask(session, world).id or 0

    def approve(session: Session) -> object:
        actor = session.get(User, world.admin.id)
        assert actor is not None
        return extensions.approve(actor, request_id, "Đồng ý", session=session)

    outcomes = _at_once(engine, 4, approve)
    assert outcomes.count("ok") == 1, outcomes
    assert all("đã được xử lý" in o for o in outcomes if o != "ok")
    with session_scope(engine) as session:
        assert len(audit_entries(session, "assignment.extend")) == 1
