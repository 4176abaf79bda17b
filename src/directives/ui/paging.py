"""Page controls for a table paged on the server: "Trang 3/120 · 1.234 nhiệm vụ", the previous
and next pages, a page number to go to and the rows a page shows. The page number and size live
in the session (under ``key``), so the query reads one page and the address can keep them."""

from collections.abc import Sequence

import streamlit as st

from directives.formatting import number as shown_number
from directives.ui.session import lang, t


def page_key(key: str) -> str:
    return f"{key}_page"


def size_key(key: str) -> str:
    return f"{key}_size"


def current(key: str, sizes: Sequence[int], default_size: int) -> tuple[int, int]:
    """The page number and size the session holds for ``key`` (the defaults at first)."""
    size = st.session_state.get(size_key(key), default_size)
    if size not in sizes:
        size = default_size
    number = st.session_state.get(page_key(key), 1)
    return (number if isinstance(number, int) and number >= 1 else 1), size


def first_page(key: str) -> None:
    """Back to page 1 (a filter or the sort changed: the old page number means nothing)."""
    st.session_state[page_key(key)] = 1


def _step(key: str, by: int, pages: int) -> None:
    st.session_state[page_key(key)] = min(max(1, st.session_state[page_key(key)] + by), pages)


def summary(number: int, pages: int, total: int) -> str:
    """ "Trang 3/120 · 1.234 nhiệm vụ" """
    lg = lang()
    return t("page_of").format(
        page=shown_number(number, lang=lg),
        pages=shown_number(pages, lang=lg),
        count=shown_number(total, lang=lg),
    )


def controls(key: str, number: int, size: int, pages: int, sizes: Sequence[int]) -> None:
    """The buttons and boxes under the table; they change the session and rerun the page."""
    st.session_state[page_key(key)] = number  # the page shown (a number past the end is clamped)
    st.session_state[size_key(key)] = size
    left, middle, size_box, right = st.columns([1, 1, 1, 1], vertical_alignment="bottom")
    left.button(
        t("page_previous"),
        key=f"{key}_previous",
        icon=":material/chevron_left:",
        disabled=number <= 1,
        on_click=_step,
        args=(key, -1, pages),
        width="stretch",
    )
    middle.number_input(
        t("page_number"), min_value=1, max_value=max(1, pages), step=1, key=page_key(key)
    )
    size_box.selectbox(
        t("page_size"), list(sizes), key=size_key(key), on_change=first_page, args=(key,)
    )
    right.button(
        t("page_next"),
        key=f"{key}_next",
        icon=":material/chevron_right:",
        icon_position="right",
        disabled=number >= pages,
        on_click=_step,
        args=(key, 1, pages),
        width="stretch",
    )
