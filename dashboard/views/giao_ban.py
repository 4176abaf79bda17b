"""Giao ban: the work still overdue after N follow-ups, per meeting week, for the leaders' weekly
briefing; each as a card (leaders read it on their phones) with its follow-ups and the unit's
answers."""

from dataclasses import replace

import streamlit as st

from directives import formatting
from directives.queries.follow_ups import week_label
from directives.ui import follow_ups
from directives.ui.session import lang, t
from directives.ui.widgets import filter_frame

frame = filter_frame()
filters = replace(frame.filters, due_from=None, due_to=None)  # all overdue work, whatever its due
lg = lang()
st.title(t("giao_ban_title"))
st.caption(frame.caption())
threshold, listed = follow_ups.giao_ban_list(filters)
st.caption(t("giao_ban_help").format(count=threshold))
if listed.empty:
    st.success(t("giao_ban_empty").format(count=threshold), icon=":material/check_circle:")
    st.stop()

with st.container(horizontal=True):  # side by side on a phone too
    st.metric(t("giao_ban_assignments"), formatting.number(len(listed), lang=lg), border=True)
    st.metric(
        t("giao_ban_units"), formatting.number(listed["unit_id"].nunique(), lang=lg), border=True
    )
ids = tuple(int(i) for i in listed["assignment_id"])
pressed, said, asked = follow_ups.giao_ban_details(ids, filters)
for week, group in listed.groupby("week_start", sort=False):
    st.subheader(week_label(week, t("week")))  # type: ignore[arg-type]
    for _, row in group.iterrows():
        one = row["assignment_id"]
        follow_ups.giao_ban_card(
            row,
            pressed[pressed["assignment_id"] == one],
            said[said["assignment_id"] == one],
            asked[asked["assignment_id"] == one],
            filters,
            lg,
        )
