"""Kiểm tra: confirming and returning reported completions, who may, all or nothing, audited."""

from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session, select

from directives.models import (
    Assignment,
    InboxItem,
    Message,
    MessageKind,
    Review,
    Status,
    StatusUpdate,
    User,
    Verdict,
)
from directives.services import deployment, reviews, updates
from directives.services.errors import InvalidInput, PermissionDenied, Rejected
from directives.services.updates import UpdateRequest
from tests.databases import Databases
from tests.factories import World, at_local, audit_entries, count, world_db

REPORTED = date(2021, 5, 20)
DECIDED = date(2021, 5, 25)


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def report_done(
    session: Session, actor: User, assignment_id: int, day: date = REPORTED
) -> StatusUpdate:
    return updates.record_update(
        session=session,
        actor=actor,
        assignment_id=assignment_id,
        request=UpdateRequest(status=Status.DONE, progress=100, completed_on=day, note="Xong"),
        at=at_local(day),
        today=day,
    )


def confirm(session: Session, actor: User, *ids: int | None) -> list[Review]:
    return reviews.confirm(
        session=session,
        actor=actor,
        status_update_ids=[i or 0 for i in ids],
        at=at_local(DECIDED, 14),
        today=DECIDED,
    )


def give_back(session: Session, actor: User, update_id: int | None, reason: str) -> Review:
    return reviews.return_completion(
        session=session,
        actor=actor,
        status_update_id=update_id or 0,
        reason=reason,
        at=at_local(DECIDED, 15),
        today=DECIDED,
    )


def test_an_administrator_confirms_many_at_once(session: Session, world: World) -> None:
    first = report_done(session, world.secretary_a, world.a_id)
    second = report_done(session, world.secretary_b, world.b_id)
    saved = confirm(session, world.admin, first.id, second.id)
    assert [(r.assignment_id, r.verdict, r.decided_on) for r in saved] == [
        (world.a_id, Verdict.CONFIRMED, DECIDED),
        (world.b_id, Verdict.CONFIRMED, DECIDED),
    ]
    entries = audit_entries(session, "review.confirm")
    assert [e.entity_id for e in entries] == [str(world.a_id), str(world.b_id)]
    assert all(e.user_id == world.admin.id for e in entries)
    # the assignments stay done: a confirmation changes no status
    assert session.get(Assignment, world.a_id).status == Status.DONE  # type: ignore[union-attr]


def test_bulk_confirm_is_all_or_nothing(session: Session, world: World) -> None:
    done = report_done(session, world.secretary_a, world.a_id)
    not_done = updates.record_update(
        session=session,
        actor=world.secretary_b,
        assignment_id=world.b_id,
        request=UpdateRequest(status=Status.IN_PROGRESS, progress=30),
        at=at_local(REPORTED),
        today=REPORTED,
    )
    with pytest.raises(Rejected) as refused:
        confirm(session, world.admin, done.id, not_done.id)
    assert refused.value.headline == "Chưa xác nhận kết quả nào:"
    assert [p.row for p in refused.value.problems] == [2]
    assert "không còn là báo cáo hoàn thành mới nhất" in refused.value.problems[0].message
    assert count(session, "review") == 0


def test_returning_puts_the_task_back_in_progress_and_tells_the_unit(
    session: Session, world: World
) -> None:
    world.secretary_a.email = "an@example.org"
    session.add(world.secretary_a)
    done = report_done(session, world.secretary_a, world.a_id)
    review = give_back(session, world.admin, done.id, "  Chưa có biên bản nghiệm thu ")
    assert (review.verdict, review.reason) == (Verdict.RETURNED, "Chưa có biên bản nghiệm thu")
    assignment = session.get(Assignment, world.a_id)
    assert assignment is not None
    assert (assignment.status, assignment.progress, assignment.completed_on) == (
        Status.IN_PROGRESS,
        100,
        None,
    )
    latest = updates.latest_update(world.a_id, session=session)
    assert latest is not None
    assert (latest.to_status, latest.happened_on, latest.user_id) == (
        Status.IN_PROGRESS,
        DECIDED,
        world.admin.id,
    )
    assert latest.note == "Kết quả bị trả lại: Chưa có biên bản nghiệm thu"
    message = session.exec(select(Message)).one()
    assert (message.kind, message.key, message.assignment_id) == (
        MessageKind.REVIEW,
        f"review:{review.id}",
        world.a_id,
    )
    assert "Chưa có biên bản nghiệm thu" in message.body
    assert session.exec(select(InboxItem.user_id)).all() == [world.secretary_a.id]
    [entry] = audit_entries(session, "review.return")
    assert entry.entity_id == str(world.a_id)
    assert len(audit_entries(session, "assignment.update")) == 2  # the report, then the return


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_a_return_needs_a_reason(session: Session, world: World, reason: str) -> None:
    done = report_done(session, world.secretary_a, world.a_id)
    with pytest.raises(InvalidInput, match="cần ghi lý do trả lại"):
        give_back(session, world.admin, done.id, reason)
    assert count(session, "review") == 0


def test_a_completion_is_judged_once(session: Session, world: World) -> None:
    done = report_done(session, world.secretary_a, world.a_id)
    confirm(session, world.admin, done.id)
    with pytest.raises(Rejected, match="đã được xác nhận ngày 25/05/2021"):
        confirm(session, world.admin, done.id)
    with pytest.raises(InvalidInput, match="đã được xác nhận"):
        give_back(session, world.admin, done.id, "Sai")
    assert count(session, "review") == 1


def test_only_the_latest_completion_can_be_judged(session: Session, world: World) -> None:
    first = report_done(session, world.secretary_a, world.a_id)
    give_back(session, world.admin, first.id, "Thiếu minh chứng")
    again = report_done(session, world.secretary_a, world.a_id, date(2021, 5, 28))
    with pytest.raises(InvalidInput, match="đã được trả lại"):
        give_back(session, world.admin, first.id, "Lần nữa")
    confirmed = reviews.confirm(
        session=session,
        actor=world.admin,
        status_update_ids=[again.id or 0],
        at=at_local(date(2021, 6, 1)),
        today=date(2021, 6, 1),
    )
    assert [r.status_update_id for r in confirmed] == [again.id]
    assert [r.verdict for r in reviews.verdicts(world.a_id, session=session)] == [
        Verdict.RETURNED,
        Verdict.CONFIRMED,
    ]


@pytest.mark.parametrize("who", ["leader", "secretary_a", "secretary_b"])
def test_only_administrators_judge_by_default(session: Session, world: World, who: str) -> None:
    done = report_done(session, world.secretary_b, world.b_id)  # unit B supports unit A
    actor: User = getattr(world, who)
    with pytest.raises(Rejected, match="không được xác nhận kết quả"):
        confirm(session, actor, done.id)
    with pytest.raises(PermissionDenied):
        give_back(session, actor, done.id, "Chưa đạt")
    assert count(session, "review") == 0


def test_the_lead_unit_judges_its_supporters_when_the_deployment_says_so(
    session: Session, world: World
) -> None:
    deployment.set_review_settings(
        world.admin, session=session, confirmed_rates=True, lead_unit_reviews=True
    )
    supported = report_done(session, world.secretary_b, world.b_id)
    own = report_done(session, world.secretary_a, world.a_id)
    review = give_back(session, world.secretary_a, supported.id, "Chưa gửi báo cáo")
    assert review.decided_by == world.secretary_a.id
    assert session.get(Assignment, world.b_id).status == Status.IN_PROGRESS  # type: ignore[union-attr]
    with pytest.raises(Rejected):  # its own completion: not its to judge
        confirm(session, world.secretary_a, own.id)
    again = report_done(session, world.secretary_b, world.b_id, date(2021, 5, 26))
    with pytest.raises(Rejected):  # the supporter cannot judge the lead either way
        confirm(session, world.secretary_b, own.id)
    with pytest.raises(Rejected):  # the leader never judges
        confirm(session, world.leader, again.id)


def test_review_settings_are_stored_and_audited(session: Session, world: World) -> None:
    assert deployment.review_settings(session=session) == deployment.ReviewSettings()
    with pytest.raises(PermissionDenied):
        deployment.set_review_settings(
            world.secretary_a, session=session, confirmed_rates=True, lead_unit_reviews=False
        )
    deployment.set_review_settings(
        world.admin, session=session, confirmed_rates=True, lead_unit_reviews=False
    )
    assert deployment.review_settings(session=session) == deployment.ReviewSettings(
        confirmed_rates=True, lead_unit_reviews=False
    )
    [entry] = audit_entries(session, "deployment.reviews")
    assert entry.user_id == world.admin.id


def test_a_verdict_saved_meanwhile_wins_and_the_second_is_refused(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two reviewers on one completion: the unique key refuses the second, in Vietnamese."""
    done = report_done(session, world.secretary_a, world.a_id)
    checked = reviews._judged

    def racing(actor: User, status_update_id: int, *, session: Session) -> reviews.Judged:
        judged = checked(actor, status_update_id, session=session)
        rival = Review(
            assignment_id=world.a_id,
            status_update_id=status_update_id,
            verdict=Verdict.CONFIRMED,
            decided_by=world.admin.id,
            decided_on=DECIDED,
        )
        session.add(rival)
        session.flush()  # the other reviewer's verdict lands after this one's checks
        return judged

    monkeypatch.setattr(reviews, "_judged", racing)
    with pytest.raises(InvalidInput, match="vừa được người khác xét"):
        give_back(session, world.admin, done.id, "Chưa đạt")
