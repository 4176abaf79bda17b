"""The local units' page (its title follows the deployment: "Theo xã, phường, đặc khu", "Theo thôn,
tổ dân phố", the demo's "Theo xã, thị trấn"): which unit lags, task by task; click through to one.
"""

from dataclasses import replace

import streamlit as st

from directives import charts
from directives.domain import LOCAL_KINDS
from directives.queries.overview import add_rates
from directives.ui import data
from directives.ui.session import FOCUS_UNIT_KEY, lang, t
from directives.ui.unit_pages import focus_from_link, matrix, ranking_table, unit_detail
from directives.ui.widgets import chart, filter_frame

KINDS = LOCAL_KINDS

frame = filter_frame()
focus_from_link()  # a link such as /xa-thi-tran?don_vi=12 opens that unit
focus = st.session_state.get(FOCUS_UNIT_KEY)
if focus is not None and (data.unit(focus) or {}).get("kind") in KINDS:
    unit_detail(focus, frame)
    st.stop()

st.title(t("page_communes"))
st.caption(frame.caption())
scope = replace(frame.filters, unit_kinds=KINDS)
by_unit = data.counts_by_unit(scope)
if by_unit.empty:
    st.info(t("no_data"), icon=":material/info:")
    st.stop()

st.subheader(t("ranking"))
ranking_table(by_unit, frame, key="commune_ranking")

st.subheader(t("matrix"))
matrix(frame, KINDS)

st.subheader(t("by_commune"))
st.caption(t("worst_first"))
chart(charts.status_by_unit(add_rates(by_unit), lang()), key="chart_communes")
