"""Tổng quan: how are the directives going, which unit lags, what is overdue."""

import streamlit as st

from directives import charts, formatting
from directives.i18n import label
from directives.models import UnitKind
from directives.queries.overview import add_rates
from directives.status import Counts
from directives.ui import data, tables
from directives.ui.session import lang, t
from directives.ui.widgets import excel_download, filter_frame, kpi_cards

filters = filter_frame()
url = data.database_url()
lg = lang()
counts = Counts.from_mapping(data.counts(url, filters))

st.title(t("overview_title"))
st.caption(f"{t('as_of')} **{formatting.day(filters.as_of)}** · {t('district')}")
if counts.total == 0:
    st.info(t("no_data"), icon=":material/info:")
    st.stop()

kpi_cards(counts, data.task_count(url, filters))

by_unit = data.counts_by_unit(url, filters)
communes = add_rates(by_unit[by_unit["unit_kind"].isin([UnitKind.COMMUNE, UnitKind.TOWN])])
organizations = add_rates(by_unit[by_unit["unit_kind"] == UnitKind.ORGANIZATION])

left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader(t("by_commune"))
    st.caption(f"{t('worst_first')} {t('legend_note')}")
    if communes.empty:
        st.info(t("no_data"))
    else:
        st.plotly_chart(charts.status_by_unit(communes, lg), key="chart_communes")
with right:
    st.subheader(t("by_organization"))
    st.caption(t("worst_first"))
    if organizations.empty:
        st.info(t("no_data"))
    else:
        st.plotly_chart(charts.status_by_unit(organizations, lg), key="chart_organizations")

st.subheader(t("overdue_list"))
overdue = tables.overdue(data.assignments(url, filters), filters.as_of, lg)
if overdue.empty:
    st.success(t("no_overdue"), icon=":material/check_circle:")
else:
    st.dataframe(overdue, hide_index=True, column_config=tables.column_config(lg))
    excel_download(overdue, f"qua-han-{filters.as_of.isoformat()}.xlsx", key="download_overdue")
st.caption(f"{label('derived', 'overdue', lg)}: {t('completion_formula')}")
