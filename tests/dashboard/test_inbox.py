"""The inbox page: the unread count in the sidebar on every page, messages newest first with
their link, marking read; leaders see every explanation request there too."""

import re

from sqlmodel import select

from directives.db import make_engine, session_scope
from directives.models import InboxItem, MessageKind, User
from directives.services import messages
from tests.dashboard.conftest import app_test, shown


def _post(url: str, username: str, n: int, link: str | None = None) -> None:
    engine = make_engine(url)
    with session_scope(engine, write=True) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        for i in range(n):
            messages.post(
                session=session,
                key=f"test:{username}:{i}",
                kind=MessageKind.FOLLOW_UP,
                subject=f"Đôn đốc lần {i + 1}",
                body=f"Đề nghị xã báo cáo tiến độ (lần {i + 1}).",
                recipients=[user],
                link=link,
            )
    engine.dispose()


def _unread(url: str, username: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        items = session.exec(
            select(InboxItem).where(InboxItem.user_id == user.id, InboxItem.read_at == None)  # noqa: E711
        ).all()
    engine.dispose()
    return len(items)


def _inbox(url: str, username: str):
    at = app_test(url, username).run()
    return at.switch_page("views/inbox.py").run()


def _markdown(at) -> list[str]:
    return [shown(m.value) for m in at.markdown]


def test_messages_newest_first_unread_marked_then_read(demo_env: str) -> None:
    _post(demo_env, "thuky.giao-an", 3, link="viec-cua-don-vi?phan_cong=1")
    at = _inbox(demo_env, "thuky.giao-an")
    assert not at.exception
    assert at.title[0].value == "Hộp thư"
    text = _markdown(at)
    assert "3 tin chưa đọc" in text
    subjects = [m for m in text if "Đôn đốc lần" in m]
    assert [s.split("Đôn đốc")[1] for s in subjects] == [" lần 3**", " lần 2**", " lần 1**"]
    assert all(s.startswith(":red-badge[Mới]") for s in subjects)
    assert any("Đề nghị xã báo cáo tiến độ (lần 3)" in m for m in text)
    sent = next(c.value for c in at.caption if "Người gửi" in c.value)
    assert re.match(r"\d\d/\d\d/\d{4} \d\d:\d\d · Người gửi: Hệ thống", shown(sent)), sent

    next(b for b in at.button if b.label == "Đánh dấu đã đọc").click().run()
    assert not at.exception
    assert _unread(demo_env, "thuky.giao-an") == 2
    assert "2 tin chưa đọc" in _markdown(at)

    next(b for b in at.button if b.label == "Đánh dấu tất cả đã đọc").click().run()
    assert not at.exception
    assert _unread(demo_env, "thuky.giao-an") == 0
    assert "Không có tin mới." in _markdown(at)
    assert _unread(demo_env, "lanhdao") == 0  # nobody else's inbox was touched


def test_opening_a_message_marks_it_read_and_goes_to_the_item(demo_env: str) -> None:
    _post(demo_env, "thuky.giao-an", 1, link="viec-cua-don-vi")
    at = _inbox(demo_env, "thuky.giao-an")
    next(b for b in at.button if b.label == "Mở mục liên quan").click().run()
    assert not at.exception
    assert _unread(demo_env, "thuky.giao-an") == 0
    assert at.title[0].value.startswith("Việc của đơn vị")


def test_an_empty_inbox_says_what_comes_there(demo_env: str) -> None:
    at = _inbox(demo_env, "thuky.giao-lac")
    assert not at.exception
    assert any("Hộp thư trống" in i.value for i in at.info)


def test_leaders_see_the_explanation_requests_tab(demo_env: str) -> None:
    at = _inbox(demo_env, "lanhdao")
    assert not at.exception
    assert [tab.label for tab in at.tabs] == ["Tin nhắn", "Yêu cầu giải trình"]
    assert any("Chưa có yêu cầu giải trình" in c.value for c in at.caption)


def test_every_page_but_the_inbox_links_to_it_with_the_count_for_phones(demo_env: str) -> None:
    """The sidebar's "Hộp thư (n)" is folded away on a phone: a link with the count sits above
    the page (ui.style shows it under 640 px only)."""
    at = app_test(demo_env, "thuky.giao-an").run()
    assert not [link for link in at.get("page_link") if "tin chưa đọc" in str(link.proto)]
    _post(demo_env, "thuky.giao-an", 2)
    at = app_test(demo_env, "thuky.giao-an").run()
    links = [link for link in at.get("page_link") if "tin chưa đọc" in str(link.proto)]
    assert len(links) == 1 and "Hộp thư: 2 tin chưa đọc" in str(links[0].proto)
    at = _inbox(demo_env, "thuky.giao-an")
    assert not [link for link in at.get("page_link") if "tin chưa đọc" in str(link.proto)]
