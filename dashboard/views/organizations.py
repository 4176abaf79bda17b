"""The organizations' page ("Theo sở, ban, ngành và tổ chức" in a province, "Theo cơ quan, tổ chức"
elsewhere): departments and organizations by bloc, as lead and as support."""

from dataclasses import replace

import streamlit as st

from directives.domain import ORGANIZATION_KINDS
from directives.i18n import label
from directives.models import Bloc
from directives.queries.overview import add_rates
from directives.ui import data, tables
from directives.ui.session import FOCUS_UNIT_KEY, lang, t
from directives.ui.tables import MISSING
from directives.ui.unit_pages import focus_from_link, matrix, ranking_table, unit_detail
from directives.ui.widgets import filter_frame

KINDS = ORGANIZATION_KINDS

frame = filter_frame()
lg = lang()
focus_from_link()  # a link such as /xa-thi-tran?don_vi=12 opens that unit
focus = st.session_state.get(FOCUS_UNIT_KEY)
if focus is not None and (data.unit(focus) or {}).get("kind") in KINDS:
    unit_detail(focus, frame)
    st.stop()

st.title(t("page_organizations"))
st.caption(frame.caption())
scope = replace(frame.filters, unit_kinds=KINDS)
by_unit = data.counts_by_unit(scope)
if by_unit.empty:
    st.info(t("no_data"), icon=":material/info:")
    st.stop()

st.subheader(t("ranking"))
ranking_table(by_unit, frame, key="organization_ranking")

st.subheader(t("by_role_title"))
st.caption(t("by_role_help"))
by_role = add_rates(data.counts_by_unit(scope, by_role=True))
groups = [(bloc.value, label("bloc", bloc.value, lg)) for bloc in Bloc]
for value, name in [*groups, (None, t("adm_no_bloc"))]:  # the district itself has no bloc
    known = by_role["bloc"].isin([bloc.value for bloc in Bloc])
    rows = by_role[by_role["bloc"] == value] if value else by_role[~known]
    if rows.empty:
        continue
    st.markdown(f"**{name}**")
    st.dataframe(
        tables.by_role(rows, lg),
        hide_index=True,
        column_config=tables.rate_config(lg),
        key=f"by_role_{value or 'none'}",
        placeholder=MISSING,
    )

st.subheader(t("matrix"))
matrix(frame, KINDS)
