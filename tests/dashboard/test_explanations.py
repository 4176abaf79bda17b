"""Giải trình on the pages: a leader asks on a commune's page, the secretary answers at the top of
"Việc của đơn vị", an unanswered request past its day is flagged on both pages."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from directives.db import make_engine, session_scope
from directives.models import Assignment, ExplanationRequest, InboxItem, Unit, User
from directives.services import explanations
from directives.ui.session import FOCUS_UNIT_KEY
from tests.dashboard.conftest import app_test, page_test, shown


def _unit_id(url: str, slug: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        unit = session.exec(select(Unit).where(Unit.slug == slug)).one()
    engine.dispose()
    assert unit.id is not None
    return unit.id


def _requests(url: str) -> list[ExplanationRequest]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        rows = list(session.exec(select(ExplanationRequest)).all())
    engine.dispose()
    return rows


def _ask_in_the_past(url: str, days_ago: int) -> int:
    """A request on one of Giao An's assignments, made ``days_ago`` days ago with the default
    due day."""
    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        leader = session.exec(select(User).where(User.username == "lanhdao")).one()
        unit = session.exec(select(Unit).where(Unit.slug == "giao-an")).one()
        assignment = session.exec(
            select(Assignment).where(Assignment.unit_id == unit.id).order_by(Assignment.id)  # type: ignore[arg-type]
        ).first()
        assert assignment is not None and assignment.id is not None
        explanations.ask(
            leader,
            assignment.id,
            "Đề nghị xã giải trình việc chậm tiến độ.",
            session=session,
            now=datetime.now(UTC) - timedelta(days=days_ago),
        )
        assignment_id = assignment.id
    engine.dispose()
    return assignment_id


def test_a_leader_asks_a_commune_from_its_page(demo_env: str) -> None:
    at = app_test(demo_env).run()
    at.query_params["don_vi"] = str(_unit_id(demo_env, "giao-lac"))  # the answer's link
    at = at.switch_page("views/communes.py").run()
    assert not at.exception
    assert at.title[0].value == "Xã Giao Lạc"
    assert any(s.value == "Yêu cầu giải trình" for s in at.subheader)
    box = next(s for s in at.selectbox if s.label == "Nhiệm vụ quá hạn")
    assert box.options, "Giao Lạc has overdue work on the demo's day"
    next(a for a in at.text_area if a.label == "Nội dung yêu cầu").set_value(
        "Vì sao xã chưa hoàn thành?"
    )
    next(b for b in at.button if b.label == "Gửi yêu cầu").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    [request] = _requests(demo_env)
    assert request.question == "Vì sao xã chưa hoàn thành?"
    assert request.due_on == request.requested_on + timedelta(days=5)
    assert not any(s.label == "Nhiệm vụ quá hạn" for s in at.selectbox)  # waiting for the answer
    assert any("Chờ giải trình" in " ".join(map(str, d.value.iloc[:, 0])) for d in at.dataframe)
    secretary = app_test(demo_env, "thuky.giao-lac").run()
    assert "Vì sao xã chưa hoàn thành?" in " ".join(
        shown(m.value) for m in secretary.switch_page("views/my_unit.py").run().markdown
    )


def test_a_secretary_answers_at_the_top_of_her_page(demo_env: str) -> None:
    _ask_in_the_past(demo_env, days_ago=1)
    at = app_test(demo_env, "thuky.giao-an").run().switch_page("views/my_unit.py").run()
    assert not at.exception
    assert at.subheader[0].value == "Yêu cầu giải trình cần trả lời"
    next(a for a in at.text_area if a.label == "Nội dung giải trình").set_value(
        "Xã đang chờ kinh phí."
    )
    next(b for b in at.button if b.label == "Gửi giải trình").click().run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    [request] = _requests(demo_env)
    assert request.answer == "Xã đang chờ kinh phí."
    assert not any(s.value == "Yêu cầu giải trình cần trả lời" for s in at.subheader)
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        leader = session.exec(select(User).where(User.username == "lanhdao")).one()
        told = session.exec(select(InboxItem).where(InboxItem.user_id == leader.id)).all()
    engine.dispose()
    assert len(told) == 1


def test_an_unanswered_request_past_its_day_is_flagged(demo_env: str) -> None:
    _ask_in_the_past(demo_env, days_ago=10)  # due 5 days ago
    secretary = app_test(demo_env, "thuky.giao-an").run().switch_page("views/my_unit.py").run()
    assert any(":red-badge[Quá hạn giải trình]" in m.value for m in secretary.markdown)
    leader = page_test(demo_env, "communes", **{FOCUS_UNIT_KEY: _unit_id(demo_env, "giao-an")})
    assert any("Quá hạn giải trình: 1 yêu cầu" in e.value for e in leader.error)
    inbox = app_test(demo_env, "lanhdao").run().switch_page("views/inbox.py").run()
    assert any("Quá hạn giải trình: 1 yêu cầu" in e.value for e in inbox.error)
