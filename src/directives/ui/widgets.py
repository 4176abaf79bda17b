"""Widgets shared by the pages: the filter frame, KPI cards, tables with a download."""

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from directives import formatting
from directives.i18n import label
from directives.periods import LABELS, Period, PeriodKind, period_containing
from directives.queries.overview import previous_as_of
from directives.queries.state import NO_MEETING, Filters, for_period
from directives.reports.workbooks import table_workbook
from directives.status import Counts
from directives.ui import data, style
from directives.ui.markup import plain
from directives.ui.params import results_param
from directives.ui.session import (
    AS_OF_KEY,
    BASIS_KEY,
    MEETING_KEY,
    PERIOD_KEY,
    RESULTS_KEY,
    RESULTS_WIDGET_KEY,
    UNITS_AS_OF_KEY,
    lang,
    t,
)


@dataclass(frozen=True)
class Frame:
    """What the reader chose in the sidebar: the filters, and those of the comparison."""

    filters: Filters
    period: Period
    previous: Filters
    previous_label: str

    def caption(self) -> str:
        lg = lang()
        units = t("units_now") if self.filters.units_as_of else t("units_then")
        basis = f"{t('basis')}: {t('basis_' + self.filters.basis).lower()}"
        results = "results_confirmed" if self.filters.confirmed else "results_reported"
        return (
            f"{t('as_of')} **{formatting.day(self.filters.as_of)}** · {basis} · "
            f"{t('results')}: **{t(results).lower()}** · "
            f"{t('period')}: **{self.period.label(lg)}** · {units} · "
            f"{t('compared_with')} {self.previous_label}"
        )


def _keep_results() -> None:
    st.session_state[RESULTS_KEY] = st.session_state[RESULTS_WIDGET_KEY]


def filter_frame(today: date | None = None) -> Frame:
    """The sidebar's as-of day, the bases of the figures (by day, by results), period, meeting
    and units-as-of switch, shared by every page."""
    lg = lang()
    if AS_OF_KEY not in st.session_state:
        st.session_state[AS_OF_KEY] = data.default_day()
    if st.session_state.get(RESULTS_KEY) not in ("confirmed", "reported"):
        confirmed = data.review_settings().confirmed_rates  # the deployment's default
        asked = results_param()  # a link may ask for one (?ket_qua=xac-nhan)
        st.session_state[RESULTS_KEY] = asked or ("confirmed" if confirmed else "reported")
    with st.sidebar:
        st.date_input(
            t("as_of"),
            key=AS_OF_KEY,
            format="DD/MM/YYYY",
            min_value=date(2000, 1, 1),
            max_value=date(2100, 12, 31),
            help=t("as_of_help"),
        )
        st.radio(
            t("basis"),
            ["happened", "reported"],
            key=BASIS_KEY,
            format_func=lambda basis: t(f"basis_{basis}"),
            horizontal=True,
            help=t("basis_help"),
        )
        # The choice is kept under RESULTS_KEY, not in the widget's own state, which Streamlit
        # forgets when the reader moves to another page (the radio then fell back to its first
        # option, "confirmed", whatever the deployment's default).
        choices = ["confirmed", "reported"]
        st.radio(
            t("results"),
            choices,
            index=choices.index(st.session_state[RESULTS_KEY]),
            key=RESULTS_WIDGET_KEY,
            format_func=lambda results: t(f"results_{results}"),
            horizontal=True,
            help=t("results_help"),
            on_change=_keep_results,
        )
        st.selectbox(
            t("period"),
            list(PeriodKind),
            key=PERIOD_KEY,
            format_func=lambda kind: LABELS[kind][0 if lg == "vi" else 1],
            help=t("period_help"),
        )
        meetings = data.meetings()
        titles = dict(zip(meetings["id"], meetings["title"], strict=True))
        st.selectbox(
            t("meeting"),
            [None, *titles, NO_MEETING],
            key=MEETING_KEY,
            format_func=lambda value: (
                t("all_meetings")
                if value is None
                else (t("no_meeting") if value == NO_MEETING else titles[value])
            ),
        )
        st.toggle(t("units_now"), key=UNITS_AS_OF_KEY, help=t("units_now_help"))
    as_of: date = st.session_state[AS_OF_KEY]
    kind = PeriodKind(st.session_state.get(PERIOD_KEY, PeriodKind.ALL))
    base = Filters(
        as_of=as_of,
        meeting_id=st.session_state.get(MEETING_KEY),
        units_as_of=(today or date.today()) if st.session_state.get(UNITS_AS_OF_KEY) else None,
        basis="reported" if st.session_state.get(BASIS_KEY) == "reported" else "happened",
        confirmed=st.session_state.get(RESULTS_KEY) == "confirmed",
    )
    period = period_containing(kind, as_of)
    previous_period = period.previous()
    if previous_period is None:
        day = previous_as_of(as_of)
        previous = replace(base, as_of=day)
        previous_label = formatting.day(day)
    else:
        previous = for_period(base, previous_period.start, previous_period.end)
        previous_label = previous_period.label(lg)
    return Frame(for_period(base, period.start, period.end), period, previous, previous_label)


def _delta(now: float | None, before: float | None, scale: float = 1, unit: str = "") -> str | None:
    if now is None or before is None:
        return None
    change = (now - before) * scale
    sign = "+" if change > 0 else ""
    decimals = 1 if scale != 1 else 0
    return f"{sign}{formatting.number(change, decimals, lang())}{unit}"


def is_no_change(delta: str) -> bool:
    """A change that rounds to zero, as :func:`_delta` writes it ("0", "0,0 điểm %")."""
    return not any(ch in "123456789" for ch in delta)


def kpi_cards(
    counts: Counts, tasks: int, before: Counts | None = None, confirmed: bool = False
) -> None:
    """Two rows of five: the rates, totals and what is overdue; then the statuses. With
    ``before``, each card shows the change against the comparison period. ``confirmed``: the
    rates count confirmed completions only; the cards say so, and the last card shows how many
    completions await confirmation. On a phone the cards are a grid of two per row, the
    completion rate and the overdue count first (``ui.style``)."""
    with st.container(key=style.KPI_CARDS):
        _kpi_cards(counts, tasks, before, confirmed)


def _kpi_cards(counts: Counts, tasks: int, before: Counts | None, confirmed: bool) -> None:
    lg = lang()
    which = f" ({t('rate_confirmed')})" if confirmed else ""

    def card(
        column: st.delta_generator.DeltaGenerator, title: str, value: str, **kwargs: object
    ) -> None:
        delta = kwargs.get("delta")
        if isinstance(delta, str) and is_no_change(delta):  # no arrow, no colour for "0"
            kwargs.update(delta_color="off", delta_arrow="off")
        column.metric(title, value, border=True, **kwargs)  # type: ignore[arg-type]

    def change(name: str) -> str | None:
        return _delta(getattr(counts, name), getattr(before, name)) if before else None

    first = st.container(key=style.KPI_MAIN).columns(5)
    rate_change = (
        _delta(counts.completion_rate, before.completion_rate, 100, t("points")) if before else None
    )
    on_time_change = (
        _delta(counts.on_time_rate, before.on_time_rate, 100, t("points")) if before else None
    )
    card(
        first[0],
        t("completion_rate") + which,
        formatting.percent(counts.completion_rate, lang=lg),
        help=t("completion_formula_confirmed" if confirmed else "completion_formula"),
        delta=rate_change,
    )
    card(
        first[1],
        t("on_time_rate") + which,
        formatting.percent(counts.on_time_rate, lang=lg),
        help=t("on_time_formula"),
        delta=on_time_change,
    )
    card(first[2], t("tasks"), formatting.number(tasks, lang=lg))
    card(
        first[3],
        t("assignments"),
        formatting.number(counts.total, lang=lg),
        delta=change("total"),
        delta_color="off",
    )
    card(
        first[4],
        label("derived", "overdue", lg),
        formatting.number(counts.overdue, lang=lg),
        delta=change("overdue"),
        delta_color="inverse",
    )
    second = st.container(key=style.KPI_STATUS).columns(5)
    cards = (
        ("done_on_time", label("derived", "done_on_time", lg), "normal"),
        ("done_late", label("derived", "done_late", lg), "inverse"),
        ("in_progress", label("derived", "in_progress", lg), "off"),
        ("due_soon", label("derived", "due_soon", lg), "off"),
        ("awaiting", label("derived", "awaiting", lg), "off")
        if confirmed
        else ("no_deadline", t("card_no_deadline"), "off"),
    )
    for column, (name, title, color) in zip(second, cards, strict=True):
        card(
            column,
            title,
            formatting.number(getattr(counts, name), lang=lg),
            delta=change(name),
            delta_color=color,
        )


CHART_CONFIG = {"displaylogo": False, "responsive": True}
"""Plotly's options for every chart: no plotly logo; the toolbar stays on a desktop (a phone hides
it, see ``ui.style``) and the chart follows its frame's width."""


def chart(figure: go.Figure, key: str, **config: object) -> None:
    """``figure`` drawn across its frame with :data:`CHART_CONFIG` (``config`` adds to it)."""
    st.plotly_chart(figure, key=key, config={**CHART_CONFIG, **config})


def excel_download(frame: pd.DataFrame, file_name: str, key: str) -> None:
    """The table ``frame`` as a workbook, written when the button is pressed (writing it on every
    run cost a page ~60 ms)."""
    st.download_button(
        t("download"),
        lambda: table_workbook(frame, "Dữ liệu"),
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
    )


def stored_file_download(
    item: dict[str, Any], key: str, prefix: str = "", icon: str = ":material/attach_file:"
) -> None:
    """A button that downloads a stored file (evidence, a conclusion's document): its name and
    size on it, ``prefix`` before them; greyed out when the file cannot be read for this user
    (``data.evidence_content``)."""
    content = data.evidence_content(int(item["id"]))
    st.download_button(
        f"{prefix}{plain(item['original_name'])} ({formatting.file_size(item['size'], lang())})",
        content or b"",
        file_name=item["download_name"],
        mime="application/octet-stream",
        key=key,
        icon=icon,
        disabled=content is None,
    )
