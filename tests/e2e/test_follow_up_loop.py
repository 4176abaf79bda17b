"""Issue 14's loop in a real browser: the leader sends a follow-up (đôn đốc) to an overdue commune
from its page and asks it to explain; its secretary sees both in the inbox (the unread count in
the sidebar) and answers the request; the leader reads the answer; after the leader's third
follow-up, not after the second, the assignment is on the giao ban page.

Everything a user does goes through the browser; the database is read only to check what the
pages wrote. A follow-up counts from the demo's stored day (services/follow_ups.today_of), the
same day the pages open on (the sidebar's as-of day), so the giao ban page counts it.
"""

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlmodel import col, select

from directives.db import make_engine, session_scope
from directives.models import Assignment, Conclusion, ExplanationRequest, FollowUp, Task, Unit
from directives.queries.overview import assignments
from directives.queries.state import Filters
from directives.status import Derived
from tests.databases import Databases
from tests.e2e.conftest import WAIT_MS, log_in, open_page, serve, shot, wait_for_run

pytestmark = pytest.mark.e2e

DEMO_DAY = date(2021, 10, 15)  # the demo's day: Xã Giao Lạc has overdue work then
SLUG = "giao-lac"
UNIT_NAME = "Xã Giao Lạc"
GIAO_BAN_AFTER = 3  # follow-ups that put an assignment on the leaders' giao ban list (default)


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


def _overdue(url: str) -> tuple[int, int, str, int]:
    """Giao Lạc's unit id, its first assignment overdue on the demo's day, and that task's
    conclusion number and item number."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        unit = session.exec(select(Unit).where(Unit.slug == SLUG)).one()
        assert unit.id is not None
        rows = assignments(
            session, Filters(as_of=DEMO_DAY, unit_ids=(unit.id,), derived=(Derived.OVERDUE,))
        )
        assert len(rows) >= 1, "the demo has overdue work in Giao Lạc"
        assignment_id = int(rows.iloc[0]["assignment_id"])
        number, seq = session.exec(
            select(Conclusion.number, Task.seq)
            .join(Task, col(Task.conclusion_id) == Conclusion.id)
            .join(Assignment, col(Assignment.task_id) == Task.id)
            .where(Assignment.id == assignment_id)
        ).one()
    engine.dispose()
    return unit.id, assignment_id, number, seq


def _follow_ups(url: str, assignment_id: int) -> list[FollowUp]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = list(
            session.exec(
                select(FollowUp)
                .where(FollowUp.assignment_id == assignment_id)
                .order_by(col(FollowUp.seq))
            ).all()
        )
    engine.dispose()
    return found


def _open_unit(page, base: str, unit_id: int) -> None:
    page.goto(f"{base}/xa-thi-tran?don_vi={unit_id}")
    wait_for_run(page)
    page.get_by_role("heading", name=UNIT_NAME).first.wait_for()


def _follow_up(
    page, base: str, unit_id: int, url: str, assignment_id: int, choice: str, seq: int
) -> None:
    """The leader, on the commune's page, opens "Gửi đôn đốc", picks the overdue assignment (or,
    for the first, all the commune's overdue work), adds a note and sends: follow-up ``seq``.

    On a loaded machine a run that finishes late (the session read back from its cookie after
    the page loads) can redraw the panel between two of the leader's steps and drop what was
    picked. The leader then does it again, as a user would; the database decides whether the
    first try was sent, so a follow-up is never counted twice."""
    note = f"Đề nghị xã khẩn trương hoàn thành (lần {seq})."
    for attempt in range(3):
        _open_unit(page, base, unit_id)
        wait_for_run(page)  # the whole unit page drawn before its widgets are used
        page.locator("[data-testid='stExpander'] summary", has_text="Gửi đôn đốc").click()
        if seq == 1:  # "a leader sends a follow-up to an overdue commune"
            page.locator(".st-key-unit_fu_scope").get_by_text(
                f"Tất cả việc quá hạn của đơn vị này ({UNIT_NAME})"
            ).click()
        else:
            _pick(page, choice)
        wait_for_run(page)
        page.locator(".st-key-unit_fu_note textarea").fill(note)
        page.keyboard.press("Tab")  # the note is the page's once the field loses focus
        wait_for_run(page)
        page.locator(".st-key-unit_fu_send button").click()
        wait_for_run(page)
        done = page.get_by_text(f"Đã gửi đôn đốc lần {seq} tới {UNIT_NAME}")
        try:
            done.wait_for(timeout=20_000)
            break
        except PlaywrightTimeout:
            if len(_follow_ups(url, assignment_id)) >= seq or attempt == 2:
                alerts = page.locator("[data-testid='stAlert']").all_inner_texts()
                raise AssertionError(f"no confirmation of follow-up {seq}; alerts: {alerts}")
    sent = _follow_ups(url, assignment_id)  # what the page wrote
    assert [f.seq for f in sent] == list(range(1, seq + 1))
    assert sent[-1].happened_on == DEMO_DAY  # the demo's day, the one the pages count on
    assert sent[-1].note == note and sent[-1].message_id is not None


def _ask_to_explain(page, base: str, unit_id: int, url: str, assignment_id: int) -> None:
    """The leader, on the commune's page, asks it to explain (yêu cầu giải trình). Done again
    from a fresh page when a late run dropped the step (see :func:`_follow_up`); the database
    says whether the request was written, so it is never asked twice."""
    for attempt in range(3):
        if attempt:
            _open_unit(page, base, unit_id)
            wait_for_run(page)
        page.get_by_text("Yêu cầu đơn vị giải trình một nhiệm vụ quá hạn").click()  # expander
        page.get_by_label("Nội dung yêu cầu").fill("Đề nghị xã giải trình lý do chậm hoàn thành.")
        page.keyboard.press("Tab")
        wait_for_run(page)
        page.get_by_role("button", name="Gửi yêu cầu").click()
        wait_for_run(page)
        if _request(url, assignment_id) is not None:
            break
    request = _request(url, assignment_id)
    assert request is not None and request.answered_at is None


def _pick(page, choice: str) -> None:
    """Pick ``choice`` in the panel's multiselect. On a loaded machine the drop-down can be
    redrawn while it opens (a run still finishing): open it again rather than fail."""
    for attempt in range(4):
        page.locator(".st-key-unit_fu_pick").get_by_role("combobox").click()
        try:
            page.get_by_role("option").filter(has_text=choice).click(timeout=10_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            wait_for_run(page)
            if attempt == 3:
                raise
            continue
        page.keyboard.press("Escape")
        return


def _giao_ban(page, card_title: str) -> bool:
    """Open the giao ban page as the leader: whether the card of the commune's task, titled
    ``card_title`` ("Xã Giao Lạc · <conclusion>, mục <n>"), is there."""
    open_page(page, "giao-ban")
    page.get_by_role("heading", name="Giao ban: việc cần lãnh đạo cho ý kiến").wait_for()
    page.get_by_text(f"Không có nhiệm vụ nào quá hạn sau {GIAO_BAN_AFTER} lần đôn đốc").or_(
        page.get_by_text("Nhiệm vụ cần cho ý kiến")
    ).first.wait_for()  # the list, empty or not, is drawn
    return page.get_by_text(card_title).count() > 0


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
    unit_id, assignment_id, number, seq = _overdue(url)
    choice = f"{UNIT_NAME} · {number} · Mục {seq} ("  # the assignment in the panel's list
    card_title = f"{UNIT_NAME} · {number}, mục {seq}"  # its card on the giao ban page

    # The leader opens the commune (as the overview's links do), sends it a follow-up on all its
    # overdue work, and asks it to explain.
    log_in(page, base, "lanhdao")
    _follow_up(page, base, unit_id, url, assignment_id, choice, 1)
    shot(page, "39-lanh-dao-gui-don-doc")
    _ask_to_explain(page, base, unit_id, url, assignment_id)
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
    secretary.get_by_text("Đôn đốc lần 1").first.wait_for()
    shot(secretary, "41-thu-ky-hop-thu")
    secretary.get_by_role("button", name="Mở mục liên quan").first.click()  # the request
    wait_for_run(secretary)
    secretary.get_by_role("heading", name="Yêu cầu giải trình cần trả lời").wait_for()
    assert "Hộp thư (1)" in _inbox_link(secretary).inner_text()  # opening it marked it read
    secretary.get_by_label("Nội dung giải trình").fill("Xã đang chờ kinh phí, sẽ xong trong tháng.")
    secretary.keyboard.press("Tab")  # the answer is the page's once the field loses focus
    wait_for_run(secretary)
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

    # Two more follow-ups from the commune's page: the second does not put the assignment on the
    # giao ban page, the third does.
    _follow_up(page, base, unit_id, url, assignment_id, choice, 2)
    assert not _giao_ban(page, card_title)
    _follow_up(page, base, unit_id, url, assignment_id, choice, GIAO_BAN_AFTER)
    shot(page, "43-lanh-dao-don-doc-lan-3")
    assert _giao_ban(page, card_title)
    card = (  # the innermost block with the card's title and its history
        page.locator("div")
        .filter(has=page.get_by_text(card_title))
        .filter(has=page.locator("[data-testid='stExpander']"))
        .last
    )
    card.get_by_text(f"Đôn đốc {GIAO_BAN_AFTER} lần").wait_for()
    card.get_by_text("Lịch sử đôn đốc và trả lời của đơn vị").click()
    for seq in range(1, GIAO_BAN_AFTER + 1):
        card.get_by_text(f"Đôn đốc lần {seq}, 15/10/2021").wait_for()
    shot(page, "44-giao-ban")

    # The leader reads the answer in the inbox.
    link = _inbox_link(page)
    assert "Hộp thư (1)" in link.inner_text()
    link.click()
    wait_for_run(page)
    page.get_by_text("Xã Giao Lạc đã giải trình").first.wait_for()
    page.get_by_text("Xã đang chờ kinh phí").first.wait_for()
    shot(page, "45-lanh-dao-doc-giai-trinh")
    assert not page.errors, page.errors
