"""Đánh giá, xếp loại: every unit's score and class for a period, the rule beside it."""

import streamlit as st

from directives.ui import grades as widgets
from directives.ui.session import t

st.title(t("grades_title"))
period, units_as_of, confirmed = widgets.choose_period()
graded = widgets.graded(period, units_as_of, confirmed)
st.caption(widgets.caption(graded))
if graded.table.empty:
    st.info(t("grades_empty"), icon=":material/info:")
else:
    widgets.class_cards(graded)
    widgets.grades_table(graded)
    widgets.downloads(graded)
widgets.rule_box(graded)
widgets.rule_editor(graded)
