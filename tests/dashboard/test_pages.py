"""Each page through Streamlit's AppTest, from the router, on a copy of the demo database."""

from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from directives.db import make_engine, session_scope
from directives.models import User
from directives.queries.overview import status_counts
from directives.queries.state import Filters
from directives.ui.session import AS_OF_KEY, LANG_KEY, USER_KEY, SessionUser

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT_S = 60


@pytest.fixture
def demo_env(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DIRECTIVES_DATABASE_URL", demo_url)
    st.cache_data.clear()
    st.cache_resource.clear()
    return demo_url


def _user(url: str, username: str) -> SessionUser:
    engine = make_engine(url)
    with session_scope(engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        result = SessionUser.of(user)
    engine.dispose()
    return result


def _app(url: str, username: str | None = "lanhdao") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    if username:
        at.session_state[USER_KEY] = _user(url, username)
    return at


def _metric(at: AppTest, label: str) -> str:
    for metric in at.metric:
        if metric.label == label:
            return str(metric.value)
    raise AssertionError(f"no metric {label!r}; have {[m.label for m in at.metric]}")


def test_login_page_then_overview(demo_env: str) -> None:
    at = _app(demo_env, username=None).run()
    assert not at.exception
    assert at.title[0].value == "Theo dõi thực hiện kết luận"
    at.text_input[0].set_value("lanhdao")
    at.text_input[1].set_value("giaothuy2021")
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state[USER_KEY].username == "lanhdao"
    assert at.title[0].value == "Tổng quan thực hiện kết luận"


def test_wrong_password_stays_on_login(demo_env: str) -> None:
    at = _app(demo_env, username=None).run()
    at.text_input[0].set_value("lanhdao")
    at.text_input[1].set_value("khong-dung")
    at.button[0].click().run()
    assert at.error[0].value == "Sai tên đăng nhập hoặc mật khẩu."
    assert USER_KEY not in at.session_state


def test_overview_figures_match_the_query(demo_env: str) -> None:
    at = _app(demo_env).run()
    assert not at.exception
    engine = make_engine(demo_env)
    with session_scope(engine) as session:
        counts = status_counts(session, Filters(as_of=date(2021, 10, 15)))
    engine.dispose()
    assert _metric(at, "Lượt giao việc") == str(counts.total)
    assert _metric(at, "Quá hạn") == str(counts.overdue)
    assert _metric(at, "Hoàn thành đúng hạn") == str(counts.done_on_time)
    assert _metric(at, "Nhiệm vụ") == "11"
    rate = f"{counts.completion_rate * 100:.1f}".replace(".", ",") + "%"
    assert _metric(at, "Tỷ lệ hoàn thành") == rate
    assert len(at.get("plotly_chart")) == 2, "commune and organization charts"


def test_as_of_date_changes_the_figures(demo_env: str) -> None:
    at = _app(demo_env).run()
    october = _metric(at, "Hoàn thành đúng hạn")
    at.date_input(key=AS_OF_KEY).set_value(date(2021, 3, 1)).run()
    assert not at.exception
    assert _metric(at, "Hoàn thành đúng hạn") == "0", "nothing was done by 1 March 2021"
    assert _metric(at, "Tỷ lệ hoàn thành") == "—", "no rate before anything is due or done"
    assert october != "0"
    at.date_input(key=AS_OF_KEY).set_value(date(2020, 12, 31)).run()
    assert at.info[0].value.startswith("Chưa có nhiệm vụ nào"), "before the notice: empty state"


def test_conclusion_page_lists_the_tasks(demo_env: str) -> None:
    at = _app(demo_env).run()
    at.switch_page("views/conclusions.py").run()
    assert not at.exception
    assert at.title[0].value == "Hội nghị và kết luận"
    tasks = at.dataframe[0].value
    assert len(tasks) == 11
    assert tasks.iloc[0]["Chủ trì"] == "Ban Dân vận Huyện ủy"
    assert tasks.iloc[1]["Chủ trì"] == "Các xã, thị trấn (22)"
    assert any("215-TB/HU" in str(m.value) for m in at.markdown)


def test_english_labels(demo_env: str) -> None:
    at = _app(demo_env)
    at.session_state[LANG_KEY] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "How the directives are going"
    assert _metric(at, "Overdue").isdigit()


@pytest.mark.parametrize("username", ["quantri", "thuky.giao-an"])
def test_other_roles_read_the_overview(demo_env: str, username: str) -> None:
    at = _app(demo_env, username).run()
    assert not at.exception
    assert at.title[0].value == "Tổng quan thực hiện kết luận"
