"""Address parameters: a malformed or out-of-range id is ignored, never an error."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from directives.ui.params import ID_MAX, parse_id

HOSTILE = ["²", "9" * 5000, "-1", "0", "1e3", "", " ", "١٢", "0x10", "12abc", str(ID_MAX + 1)]


@pytest.mark.parametrize("text", HOSTILE)
def test_malformed_or_out_of_range_is_ignored(text: str) -> None:
    assert parse_id(text) is None


def test_well_formed_ids() -> None:
    assert parse_id("12") == 12 and parse_id(" 7 ") == 7 and parse_id(str(ID_MAX)) == ID_MAX
    assert parse_id(None) is None


@given(st.text(max_size=60))
@example("9" * 5000)
def test_parse_never_raises(text: str) -> None:
    value = parse_id(text)
    assert value is None or (1 <= value <= ID_MAX and str(value) == text.strip().lstrip("0"))
