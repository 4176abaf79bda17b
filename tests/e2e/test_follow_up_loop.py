"""Issue 14's loop in a real browser: a leader follows up an overdue commune's assignment and asks
it to explain; its secretary sees both in the inbox (the unread count in the sidebar), answers
the request; the leader reads the answer; after the third follow-up the assignment is on the
giao ban list.

The follow-ups' sending UI and the giao ban page are f2's work, on another branch when this test
was written: those steps go through the database here, each marked
``# f2's UI: switch to clicks at merge``.
"""

from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import select

from directives.db import make_engine, session_scope
from directives.models import (
    Assignment,
    ExplanationRequest,
    FollowUp,
    MessageKind,
    Unit,
    User,
)
from directives.queries.overview import assignments
from directives.queries.state import Filters
from directives.services import messages
from directives.status import Derived
from tests.databases import Databases
from tests.e2e.conftest import WAIT_MS, log_in, serve, shot, wait_for_run

pytestmark = pytest.mark.e2e

DEMO_DAY = date(2021, 10, 15)  # the demo's day: Xã Giao Lạc has one overdue assignment then
SLUG = "giao-lac"
GIAO_BAN_AFTER = 3  # follow-ups that put an assignment on the leaders' giao ban list


@pytest.fixture(scope="module")
def served(
    databases: Databases, demo_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """The dashboard on a copy of the demo of its own (the loop writes messages other browser
    tests would see): its base URL and the database URL."""
    with (
        databases.copy(demo_template) as url,
        serve(url, tmp_path_factory.mktemp("loop")) as base,
    ):
        yield base, url


def _overdue(url: str) -> tuple[int, int]:
    """Giao Lạc's unit id and its assignment overdue on the demo's day."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        unit = session.exec(select(Unit).where(Unit.slug == SLUG)).one()
        assert unit.id is not None
        rows = assignments(
            session, Filters(as_of=DEMO_DAY, unit_ids=(unit.id,), derived=(Derived.OVERDUE,))
        )
    engine.dispose()
    assert len(rows) >= 1, "the demo has overdue work in Giao Lạc"
    return unit.id, int(rows.iloc[0]["assignment_id"])


def _follow_up(url: str, assignment_id: int) -> int:
    """The leader's next formal follow-up (đôn đốc lần n) on the assignment; its number.

    f2's UI: switch to clicks at merge (the leader's "Đôn đốc" action on the unit's or the tasks
    page, through f2's services/follow_ups.py); until then the follow-up and its message are
    written as that service would."""
    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        leader = session.exec(select(User).where(User.username == "lanhdao")).one()
        assignment = session.get(Assignment, assignment_id)
        assert assignment is not None
        seq = 1 + int(
            session.execute(
                sa.select(sa.func.count()).where(FollowUp.assignment_id == assignment_id)  # type: ignore[arg-type]
            ).scalar_one()
        )
        message = messages.post(
            session=session,
            key=f"follow-up:{assignment_id}:{seq}",
            kind=MessageKind.FOLLOW_UP,
            subject=f"Đôn đốc lần {seq}",
            body="Đề nghị đơn vị khẩn trương hoàn thành nhiệm vụ đã quá hạn.",
            recipients=messages.secretaries_of(assignment.unit_id, session=session),
            unit_id=assignment.unit_id,
            assignment_id=assignment_id,
            link=f"viec-cua-don-vi?phan_cong={assignment_id}",
            created_by=leader.id,
        )
        session.add(
            FollowUp(
                assignment_id=assignment_id,
                seq=seq,
                sent_by=leader.id,
                happened_on=date.today(),
                message_id=message.id if message else None,
            )
        )
    engine.dispose()
    return seq


def _on_giao_ban(url: str, assignment_id: int) -> bool:
    """Whether the assignment is on the leaders' giao ban list.

    f2's UI: switch to clicks at merge (open f2's giao ban page as the leader and find the
    commune's task there); until then, the rule that puts it there: N follow-ups."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        sent = session.execute(
            sa.select(sa.func.count()).where(FollowUp.assignment_id == assignment_id)  # type: ignore[arg-type]
        ).scalar_one()
    engine.dispose()
    return int(sent) >= GIAO_BAN_AFTER


def _request(url: str, assignment_id: int) -> ExplanationRequest | None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = session.exec(
            select(ExplanationRequest).where(ExplanationRequest.assignment_id == assignment_id)
        ).first()
    engine.dispose()
    return found


def _inbox_link(page):
    return page.locator("a[data-testid='stSidebarNavLink'][href$='/hop-thu']")


def test_follow_up_explanation_and_giao_ban(served: tuple[str, str], page, browser) -> None:
    base, url = served
    unit_id, assignment_id = _overdue(url)
    assert _follow_up(url, assignment_id) == 1  # f2's UI: switch to clicks at merge

    # The leader opens the commune (as the answer's link does) and asks it to explain.
    log_in(page, base, "lanhdao")
    page.goto(f"{base}/xa-thi-tran?don_vi={unit_id}")
    wait_for_run(page)
    page.get_by_role("heading", name="Xã Giao Lạc").first.wait_for()
    page.get_by_text("Yêu cầu đơn vị giải trình một nhiệm vụ quá hạn").click()  # the expander
    page.get_by_label("Nội dung yêu cầu").fill("Đề nghị xã giải trình lý do chậm hoàn thành.")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    wait_for_run(page)
    request = _request(url, assignment_id)
    assert request is not None and request.answered_at is None
    shot(page, "40-lanh-dao-yeu-cau-giai-trinh")

    # The commune's secretary sees two unread messages: the follow-up and the request.
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(WAIT_MS)
    secretary = context.new_page()
    errors: list[str] = []
    secretary.on("pageerror", lambda error: errors.append(str(error)))
    log_in(secretary, base, f"thuky.{SLUG}")
    link = _inbox_link(secretary)
    assert "Hộp thư (2)" in link.inner_text()
    link.click()
    wait_for_run(secretary)
    secretary.get_by_text("2 tin chưa đọc").wait_for()
    secretary.get_by_text("Đôn đốc lần 1").wait_for()
    shot(secretary, "41-thu-ky-hop-thu")
    secretary.get_by_role("button", name="Mở mục liên quan").first.click()  # the request
    wait_for_run(secretary)
    secretary.get_by_role("heading", name="Yêu cầu giải trình cần trả lời").wait_for()
    assert "Hộp thư (1)" in _inbox_link(secretary).inner_text()  # opening it marked it read
    secretary.get_by_label("Nội dung giải trình").fill("Xã đang chờ kinh phí, sẽ xong trong tháng.")
    secretary.get_by_role("button", name="Gửi giải trình").click()
    wait_for_run(secretary)
    secretary.get_by_role("heading", name="Yêu cầu giải trình cần trả lời").wait_for(
        state="detached"
    )
    shot(secretary, "42-thu-ky-da-giai-trinh")
    answered = _request(url, assignment_id)
    assert answered is not None and answered.answer == "Xã đang chờ kinh phí, sẽ xong trong tháng."
    assert not errors, errors
    context.close()

    # Two more follow-ups: the third puts the assignment on the giao ban list.
    assert _follow_up(url, assignment_id) == 2  # f2's UI: switch to clicks at merge
    assert not _on_giao_ban(url, assignment_id)
    assert _follow_up(url, assignment_id) == GIAO_BAN_AFTER  # f2's UI: switch to clicks at merge
    assert _on_giao_ban(url, assignment_id)  # f2's UI: switch to clicks at merge

    # The leader reads the answer in the inbox.
    page.reload()
    wait_for_run(page)
    link = _inbox_link(page)
    assert "Hộp thư (1)" in link.inner_text()
    link.click()
    wait_for_run(page)
    page.get_by_text("Xã Giao Lạc đã giải trình").first.wait_for()
    page.get_by_text("Xã đang chờ kinh phí").first.wait_for()
    shot(page, "43-lanh-dao-doc-giai-trinh")
    assert not page.errors, page.errors
