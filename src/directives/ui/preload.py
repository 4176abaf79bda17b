"""The browser's head start on the pages after the login.

Streamlit's browser code is split into pieces fetched the first time an element of their kind
is drawn: the charts (plotly, several megabytes of JavaScript), the tables, the KPI cards, the
sidebar's date and list pickers, the
frame that writes the session cookie. Fetched and compiled only after the login, they made the first
overview wait two seconds more than every later one. The login page therefore draws one element
of each of those kinds in a hidden block: the browser prepares them while the user types.

The block is ``display: none``: nobody sees it, a screen reader skips it, it takes no room, and
its widgets (keyed ``preload_…``) hold nothing any page reads.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
import streamlit.components.v1 as components

from directives.ui.widgets import chart

KEY = "preload"
STYLE = f"<style>.st-key-{KEY} {{ display: none !important; }}</style>"


def browser_parts() -> None:
    """Draw, hidden, one element of each kind the leaders' first pages use."""
    st.html(STYLE)
    with st.container(key=KEY):
        st.metric("·", "1", delta="1", border=True)
        chart(go.Figure(go.Bar(x=[1], y=[1])), key=f"{KEY}_chart")
        st.dataframe(pd.DataFrame({"·": [1]}), hide_index=True, key=f"{KEY}_table")
        st.date_input("·", value=None, key=f"{KEY}_day", label_visibility="collapsed")
        st.selectbox("·", ["·"], key=f"{KEY}_pick", label_visibility="collapsed")
        st.radio("·", ["·"], key=f"{KEY}_choice", label_visibility="collapsed")
        st.toggle("·", key=f"{KEY}_switch", label_visibility="collapsed")
        st.download_button("·", b"", key=f"{KEY}_download")
        st.button("·", key=f"{KEY}_button")  # the sidebar's "Đăng xuất"
        components.html("", height=0)  # the frame that writes the session cookie (ui.auth)
