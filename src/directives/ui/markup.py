"""Stored text made inert before Streamlit reads it as Markdown.

Titles, captions, alerts, expander and button labels all render Markdown. Streamlit already
refuses raw HTML and ``javascript:`` links there, but a note such as ``[Đăng nhập lại](http://…)``
would still become a live link on a leader's screen, and ``# …`` or ``**…**`` would restyle the
page. Every text that came from a user or a file goes through :func:`plain` first.
"""

import re

import pandas as pd
import streamlit as st

from directives.text import map_text_cells

# Markdown's markup, Streamlit's ":red[…]" and ":material/…:", and the "." of "www." autolinks
# ("http://" ones are already broken by the escaped ":").
MARKUP = re.compile(r"([\\`*_\[\]<>#|~$:.])")


def plain(stored: object) -> str:
    """``stored`` as text that shows exactly as written (each markup character escaped)."""
    return MARKUP.sub(r"\\\1", str(stored))


def plain_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell (and text index) escaped: ``st.table`` renders Markdown in
    its cells, ``st.dataframe`` does not."""
    shown = map_text_cells(frame, plain)
    if pd.api.types.is_object_dtype(shown.index) or pd.api.types.is_string_dtype(shown.index):
        shown.index = shown.index.map(lambda v: plain(v) if isinstance(v, str) else v)
    return shown


def show_error(error: object) -> None:
    """A refusal (a service's error, which may quote what someone typed) in a red box, as text."""
    st.error(plain(error), icon=":material/error:")
