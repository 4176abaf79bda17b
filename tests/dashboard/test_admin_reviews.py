"""Xác nhận kết quả through AppTest on a copy of the demo: the queue oldest first, bulk confirm of
a selection, one result returned with a reason, who may see it; and the rates switch beside the
as-of day."""

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from directives.db import make_engine, session_scope
from directives.models import Assignment, Review, Status, StatusUpdate, Verdict
from directives.queries.reviews import waiting
from directives.queries.state import Filters
from directives.services import deployment
from directives.ui.session import RESULTS_WIDGET_KEY, USER_KEY
from tests.dashboard.conftest import (
    AS_OF,
    TIMEOUT_S,
    admin_on,
    app_test,
    count,
    errors,
    figures,
    metric,
)
from tests.factories import user

VIEWS = Path(__file__).resolve().parents[2] / "dashboard" / "views"
QUEUE = "reviews_queue"
PICK = "Chọn"


def queue(url: str) -> list[int]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        ids = [int(i) for i in waiting(session)["status_update_id"]]
    engine.dispose()
    return ids


def percent(rate: float | None) -> str:
    assert rate is not None
    return f"{rate * 100:.1f}".replace(".", ",") + "%"


def test_the_queue_lists_the_waiting_results_oldest_first(demo_env: str) -> None:
    at = admin_on(demo_env, "admin_reviews")
    assert not at.exception, at.exception
    waiting_ids = queue(demo_env)
    assert waiting_ids, "the demo leaves its recent completions unconfirmed"
    assert at.title[0].value == f"Xác nhận kết quả ({len(waiting_ids)})"
    table = at.dataframe[0].value
    assert len(table) == len(waiting_ids)
    reported = list(table["Báo cáo lúc"])
    assert reported == sorted(reported)


def test_confirming_a_selection_at_once(demo_env: str) -> None:
    before = queue(demo_env)
    reviews_before = count(demo_env, Review)
    at = admin_on(demo_env, "admin_reviews")
    at.session_state[QUEUE] = {
        "edited_rows": {0: {PICK: True}, 1: {PICK: True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert not errors(at)
    assert count(demo_env, Review) == reviews_before + 2
    assert queue(demo_env) == before[2:]
    assert at.title[0].value == f"Xác nhận kết quả ({len(before) - 2})"


def test_returning_one_needs_a_reason_then_puts_it_back_in_progress(demo_env: str) -> None:
    first = queue(demo_env)[0]
    at = admin_on(demo_env, "admin_reviews")
    at.button(key="FormSubmitter:review_return_" + str(first) + "-Trả lại").click().run()
    assert any("cần ghi lý do trả lại" in e for e in errors(at))
    at.text_area[0].set_value("Chưa có biên bản nghiệm thu")
    at.button(key="FormSubmitter:review_return_" + str(first) + "-Trả lại").click().run()
    assert not at.exception, at.exception
    assert not errors(at)
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        review = session.exec(select(Review).where(Review.status_update_id == first)).one()
        update = session.get(StatusUpdate, first)
        assert update is not None
        assignment = session.get(Assignment, update.assignment_id)
        assert assignment is not None
        assert (review.verdict, review.reason) == (Verdict.RETURNED, "Chưa có biên bản nghiệm thu")
        assert assignment.status == Status.IN_PROGRESS
    engine.dispose()
    assert first not in queue(demo_env)


def test_secretaries_and_leaders_are_refused(demo_env: str) -> None:
    for username in ("lanhdao", "thuky.giao-an"):
        at = app_test(demo_env, username).run()
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page("views/admin_reviews.py")  # not offered …
        direct = AppTest.from_file(str(VIEWS / "admin_reviews.py"), default_timeout=TIMEOUT_S)
        direct.session_state[USER_KEY] = at.session_state[USER_KEY]
        direct.run()  # … and refused when opened directly
        assert not direct.exception
        assert errors(direct) == ["Chỉ quản trị viên được dùng trang này."]
        assert not direct.button and not direct.title


def test_a_lead_units_secretary_sees_its_supporters_when_allowed(demo_env: str) -> None:
    engine = make_engine(demo_env)
    with session_scope(engine, write=True) as session:
        deployment.set_review_settings(
            user(session, "quantri"),
            session=session,
            confirmed_rates=False,
            lead_unit_reviews=True,
        )
    engine.dispose()
    at = app_test(demo_env, "thuky.ban-dan-van").run()
    at.switch_page("views/admin_reviews.py").run()
    assert not at.exception, at.exception
    assert "Chỉ quản trị viên được dùng trang này." not in errors(at)
    assert at.title[0].value.startswith("Xác nhận kết quả (")


def test_the_switch_says_which_results_the_rates_count(demo_env: str) -> None:
    reported = figures(demo_env, Filters(as_of=AS_OF))
    confirmed = figures(demo_env, Filters(as_of=AS_OF, confirmed=True))
    assert confirmed.completion_rate != reported.completion_rate, "the demo has results waiting"
    at: AppTest = app_test(demo_env).run()
    assert metric(at, "Tỷ lệ hoàn thành") == percent(reported.completion_rate)
    at.radio(key=RESULTS_WIDGET_KEY).set_value("confirmed").run()
    assert not at.exception, at.exception
    assert metric(at, "Tỷ lệ hoàn thành (đã xác nhận)") == percent(confirmed.completion_rate)
    assert metric(at, "Chờ xác nhận") == str(confirmed.awaiting)
    assert any("Kết quả đã xác nhận".lower() in c.value for c in at.caption)
    # a day before the confirmations of late September: the same rate either way
    at.date_input(key="directives.as_of").set_value(date(2021, 3, 1)).run()
    assert metric(at, "Tỷ lệ hoàn thành (đã xác nhận)") == "—"


def test_administrators_see_how_many_wait_on_the_overview(demo_env: str) -> None:
    at = app_test(demo_env, "quantri").run()
    assert not at.exception, at.exception
    labels = [link.proto.label for link in at.get("page_link")]
    assert f"{len(queue(demo_env))} kết quả chờ xác nhận →" in labels
    leader = app_test(demo_env).run()
    assert not any("chờ xác nhận" in link.proto.label for link in leader.get("page_link"))


def test_the_office_page_sets_how_results_are_checked(demo_env: str) -> None:
    at = admin_on(demo_env, "admin_deployment")
    assert not at.exception, at.exception
    at.checkbox[0].check()
    at.checkbox[1].check()
    next(b for b in at.button if b.label == "Lưu cách kiểm tra kết quả").click().run()
    assert not at.exception, at.exception
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        stored = deployment.review_settings(session=session)
    engine.dispose()
    assert stored == deployment.ReviewSettings(confirmed_rates=True, lead_unit_reviews=True)


def test_a_link_may_ask_for_rates_on_confirmed_results(demo_env: str) -> None:
    confirmed = figures(demo_env, Filters(as_of=AS_OF, confirmed=True))
    for asked, label in (
        ("xac-nhan", "Tỷ lệ hoàn thành (đã xác nhận)"),
        ("bao-cao", "Tỷ lệ hoàn thành"),
        ("<script>", "Tỷ lệ hoàn thành"),  # anything else: the deployment's default
    ):
        at = app_test(demo_env)
        at.query_params["ket_qua"] = asked
        at.run()
        assert not at.exception, at.exception
        value = metric(at, label)
        if asked == "xac-nhan":
            assert value == percent(confirmed.completion_rate)
