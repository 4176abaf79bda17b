"""Bản in: the overview or one conclusion on a clean page fit for A4, and the Word report."""

from dataclasses import replace

import streamlit as st

from directives import charts, formatting
from directives.i18n import label
from directives.queries.overview import add_rates, part_of
from directives.ui import data, tables
from directives.ui.markup import plain, plain_table
from directives.ui.session import lang, t
from directives.ui.widgets import chart, filter_frame

frame = filter_frame()
lg = lang()
conclusions = {c["id"]: c for c in data.conclusions(frame.filters.meeting_id)}
choice = st.selectbox(
    t("print_what"),
    [None, *conclusions],
    format_func=lambda c: t("page_overview") if c is None else f"{conclusions[c]['number']}",
    key="print_choice",
)
filters = frame.filters if choice is None else replace(frame.filters, conclusion_id=choice)

left, right = st.columns([1, 3])
left.download_button(
    t("word_report"),
    lambda: data.word_report(filters, frame.period),  # written when asked for, not every run
    file_name=f"bao-cao-{filters.as_of.isoformat()}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    icon=":material/description:",
)
right.caption(t("print_hint"))
tables.print_styles()

st.divider()
if choice is None:
    st.header(t("overview_title"))
else:
    conclusion = conclusions[choice]
    st.header(f"{plain(conclusion['number'])} · {plain(conclusion['title'])}")
    st.caption(
        f"{t('issued_on')}: {formatting.day(conclusion['issued_on'])} · "
        f"{t('issuer')}: {plain(conclusion['issuer'])}"
    )
st.markdown(frame.caption())

counts = data.counts(filters)
if counts.total == 0:
    st.info(t("no_data"))
    st.stop()
st.table(
    plain_table(tables.figures(counts, data.task_count(filters), data.counts(frame.previous), lg))
)
st.caption(f"{t('completion_rate')} = {t('completion_formula')}")

by_unit = add_rates(data.counts_by_unit(filters))
communes = part_of(by_unit, "local")
if not communes.empty:
    st.subheader(t("by_commune"))
    chart(charts.status_by_unit(communes, lg), key="print_communes", staticPlot=True)
organizations = part_of(by_unit, "organizations")
if not organizations.empty:
    st.subheader(t("by_organization"))
    chart(charts.status_by_unit(organizations, lg), key="print_organizations", staticPlot=True)
st.subheader(label("derived", "overdue", lg))
overdue = data.top_overdue(filters, limit=1000)
if overdue.empty:
    st.write(t("no_overdue"))
else:
    st.table(
        plain_table(tables.overdue(overdue, lg)).assign(
            **{
                tables.column_name("deadline", lg): overdue["deadline"].map(formatting.day),
                tables.column_name("last_update_at", lg): overdue["last_update_at"].map(
                    formatting.moment
                ),
            }
        )
    )
