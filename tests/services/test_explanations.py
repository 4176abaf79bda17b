"""Explanation requests: who asks and who answers, the due day, the messages both ways, the
audit log and the evidence file."""

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from directives.models import Evidence, ExplanationRequest, InboxItem, Message, MessageKind
from directives.services import explanations
from directives.services.errors import InvalidInput, PermissionDenied
from tests.databases import Databases
from tests.factories import World, at_local, audit_entries, world_db

ASKED = date(2021, 7, 5)  # after the world's deadline of 30/06/2021
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


@pytest.fixture(autouse=True)
def evidence_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from directives.config import get_settings

    monkeypatch.setenv("DIRECTIVES_EVIDENCE_DIR", str(tmp_path / "evidence"))
    get_settings.cache_clear()


def _ask(session: Session, world: World, **kwargs: object) -> ExplanationRequest:
    return explanations.ask(
        world.leader,
        world.a_id,
        "Vì sao nhiệm vụ chưa hoàn thành đúng hạn?",
        session=session,
        now=at_local(ASKED),
        **kwargs,  # type: ignore[arg-type]
    )


def _inbox(session: Session, user_id: int | None) -> list[Message]:
    query = (
        select(Message)
        .join(InboxItem, InboxItem.message_id == Message.id)  # type: ignore[arg-type]
        .where(InboxItem.user_id == user_id)
    )
    return list(session.exec(query).all())


def test_a_leader_asks_and_the_units_secretary_is_told(session: Session, world: World) -> None:
    request = _ask(session, world)
    assert (request.requested_on, request.due_on) == (ASKED, ASKED + timedelta(days=5))
    [message] = _inbox(session, world.secretary_a.id)
    assert message.kind == MessageKind.EXPLANATION_REQUEST
    assert message.key == f"explanation:{request.id}"
    assert message.link == f"viec-cua-don-vi?phan_cong={world.a_id}"
    assert "10/07/2021" in message.subject and "Xã Giao An" in message.body
    assert _inbox(session, world.secretary_b.id) == []  # another unit hears nothing
    [entry] = audit_entries(session, "explanation.request")
    assert entry.user_id == world.leader.id


def test_secretaries_cannot_ask_and_leaders_cannot_answer(session: Session, world: World) -> None:
    with pytest.raises(PermissionDenied):
        explanations.ask(world.secretary_a, world.a_id, "?", session=session)
    request = _ask(session, world)
    with pytest.raises(PermissionDenied, match="lãnh đạo"):
        explanations.answer(world.leader, request.id or 0, "Đã làm", session=session)
    with pytest.raises(PermissionDenied, match="thư ký của đơn vị"):
        explanations.answer(world.secretary_b, request.id or 0, "Đã làm", session=session)


@pytest.mark.parametrize(
    ("question", "due", "field"),
    [
        ("   ", None, "nội dung yêu cầu"),
        ("Vì sao?", ASKED - timedelta(days=1), "hạn giải trình"),
        ("Vì sao?", ASKED + timedelta(days=91), "hạn giải trình"),
    ],
)
def test_a_request_needs_a_question_and_a_sensible_due_day(
    session: Session, world: World, question: str, due: date | None, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        explanations.ask(
            world.leader, world.a_id, question, due, session=session, now=at_local(ASKED)
        )
    assert refused.value.field == field
    assert session.exec(select(ExplanationRequest)).all() == []


def test_one_open_request_per_assignment(session: Session, world: World) -> None:
    first = _ask(session, world)
    with pytest.raises(InvalidInput, match="chưa trả lời"):
        _ask(session, world)
    explanations.answer(world.secretary_a, first.id or 0, "Đang chờ kinh phí.", session=session)
    assert _ask(session, world).id != first.id  # answered: a new request may follow


def test_the_answer_with_evidence_reaches_the_leader_once(session: Session, world: World) -> None:
    request = _ask(session, world)
    answered = explanations.answer(
        world.secretary_a,
        request.id or 0,
        "Xã đang chờ kinh phí của huyện.",
        filename="bao-cao.pdf",
        content=PDF,
        session=session,
        now=at_local(ASKED + timedelta(days=2)),
    )
    assert answered.answered_on == ASKED + timedelta(days=2)
    evidence = session.get(Evidence, answered.evidence_id)
    assert evidence is not None and evidence.assignment_id == world.a_id
    [message] = _inbox(session, world.leader.id)
    assert message.kind == MessageKind.EXPLANATION_ANSWER
    assert message.link == f"xa-thi-tran?don_vi={world.unit_a.id}"  # the commune's page
    assert "chờ kinh phí" in message.body and "sau hạn" not in message.subject
    with pytest.raises(InvalidInput, match="đã được trả lời"):
        explanations.answer(world.secretary_a, request.id or 0, "Sửa lại", session=session)
    [entry] = audit_entries(session, "explanation.answer")
    assert entry.user_id == world.secretary_a.id


def test_an_office_may_enter_a_paper_answer_recorded_as_its_own(
    session: Session, world: World
) -> None:
    request = _ask(session, world)
    explanations.answer(
        world.admin,
        request.id or 0,
        "Theo công văn của xã.",
        session=session,
        now=at_local(ASKED + timedelta(days=9)),
    )
    assert request.answered_by == world.admin.id
    [message] = _inbox(session, world.leader.id)
    assert "sau hạn" in message.subject and "văn phòng" in message.body


def test_the_links_name_pages_of_the_app() -> None:
    from directives.ui.pages import PAGES

    addresses = {page.url_path for page in PAGES}
    assert {explanations.MY_UNIT_PAGE, *explanations.UNIT_PAGES} <= addresses
