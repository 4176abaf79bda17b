"""Tổng quan: how are the directives going, which unit lags, what is overdue, the trend."""

import streamlit as st

from directives import charts
from directives.models import Role
from directives.queries.overview import add_rates, part_of, worst_first
from directives.ui import data, follow_ups, tables
from directives.ui.session import FOCUS_TASK_KEY, current_user, lang, t
from directives.ui.tables import MISSING
from directives.ui.widgets import chart, excel_download, filter_frame, kpi_cards

# A province has hundreds of units: the overview draws the worst ones; the unit pages list all.
CHART_UNITS = 25

frame = filter_frame()
filters = frame.filters
lg = lang()
counts = data.counts(filters)

st.title(t("overview_title"))
st.caption(frame.caption())
me = current_user()
if me is not None and me.role == Role.SECRETARY:
    st.page_link("views/my_unit.py", label=t("go_to_my_unit"), icon=":material/edit_note:")
if me is not None and me.role == Role.ADMIN:
    waiting = data.waiting_review_count()
    if waiting:
        st.page_link(
            "views/admin_reviews.py",
            label=t("rv_go").format(count=waiting),
            icon=":material/fact_check:",
        )
if counts.total == 0:
    st.info(t("no_data"), icon=":material/info:")
    st.stop()

kpi_cards(
    counts, data.task_count(filters), data.counts(frame.previous), confirmed=filters.confirmed
)

by_unit = data.counts_by_unit(filters)
communes = add_rates(part_of(by_unit, "local"))
organizations = add_rates(part_of(by_unit, "organizations"))

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(t("by_commune"))
    if communes.empty:
        st.info(t("no_data"))
    else:
        shown = worst_first(communes).head(CHART_UNITS)
        st.caption(t("worst_first") + tables.shown_of(len(shown), len(communes), lg))
        chart(charts.status_by_unit(shown, lg), key="chart_communes")
with right:
    st.subheader(t("by_organization"))
    if organizations.empty:
        st.info(t("no_data"))
    else:
        shown = worst_first(organizations).head(CHART_UNITS)
        st.caption(t("worst_first") + tables.shown_of(len(shown), len(organizations), lg))
        chart(charts.status_by_unit(shown, lg), key="chart_organizations")

st.subheader(t("trend"))
trend = data.trend(filters, frame.period.start)
if trend.empty:
    st.info(t("no_data"))
else:
    chart(charts.trend(trend, lg), key="chart_trend")

st.subheader(t("top_overdue"))
overdue = data.top_overdue(filters)
if overdue.empty:
    st.success(t("no_overdue"), icon=":material/check_circle:")
else:
    shown = follow_ups.with_count(tables.overdue(overdue, lg), overdue, filters, t("days_late"))
    st.caption(t("open_detail"))
    picked = st.dataframe(
        shown,
        hide_index=True,
        column_config=tables.column_config(lg),
        on_select="rerun",
        selection_mode="single-row",
        key="top_overdue_table",
        placeholder=MISSING,
    )
    excel_download(shown, f"qua-han-{filters.as_of.isoformat()}.xlsx", key="download_overdue")
    rows = picked.selection.rows if picked else []
    if rows:
        st.session_state[FOCUS_TASK_KEY] = int(overdue.iloc[rows[0]]["task_id"])
        st.switch_page("views/conclusions.py")
