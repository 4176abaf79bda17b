"""Whatever is typed after ``?phan_cong=``, the page shows no traceback; a malformed or
out-of-range value is ignored (Hypothesis, few examples: each is a page run)."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from directives.ui.params import parse_id
from tests.dashboard.conftest import app_test

TYPED = ["²", "9" * 5000, "-1", "0", "١٢", "12abc", "2147483648", ""]


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.one_of(st.sampled_from(TYPED), st.text(max_size=20)))
@example(text="²")
@example(text="9" * 5000)
def test_the_page_never_shows_a_traceback(demo_env: str, text: str) -> None:
    at = app_test(demo_env, "thuky.giao-an")
    at.query_params["phan_cong"] = text
    at.run()
    at.switch_page("views/my_unit.py").run()
    assert not at.exception, (text, at.exception)
    assert at.title[0].value == "Việc của đơn vị: Xã Giao An"
    if parse_id(text) is None:
        assert not at.error, "a malformed link is ignored"
