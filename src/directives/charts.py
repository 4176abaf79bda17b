"""Charts: DataFrames in, plotly figures out. One status palette, defined here, used everywhere."""

import pandas as pd
import plotly.graph_objects as go

from directives import i18n
from directives.status import DERIVED_ORDER, Derived

COLORS: dict[Derived, str] = {
    Derived.DONE_ON_TIME: "#2e7d32",  # green
    Derived.DONE_LATE: "#ef6c00",  # orange
    Derived.IN_PROGRESS: "#1e88e5",  # blue
    Derived.NO_DEADLINE: "#90caf9",  # light blue: standing, ongoing
    Derived.DUE_SOON: "#fbc02d",  # amber
    Derived.NOT_STARTED: "#9e9e9e",  # grey
    Derived.OVERDUE: "#c62828",  # red
    Derived.PAUSED: "#9575cd",  # muted purple
    Derived.CANCELLED: "#b39ddb",  # lighter purple
}

FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"


def status_by_unit(frame: pd.DataFrame, lang: str = "vi", title: str = "") -> go.Figure:
    """Horizontal stacked bars, one per unit, worst first at the top.

    ``frame`` has ``unit_name`` and one count column per derived status (see
    :func:`directives.queries.overview.counts_by_unit`).
    """
    ordered = frame.sort_values(
        ["completion_rate", "overdue", "unit_name"],
        ascending=[False, True, False],
        na_position="first",
    )
    figure = go.Figure()
    for derived in DERIVED_ORDER:
        counts = ordered[derived.value]
        if not counts.any():
            continue
        name = i18n.label("derived", derived.value, lang)
        figure.add_trace(
            go.Bar(
                y=ordered["unit_name"],
                x=counts,
                name=name,
                orientation="h",
                marker_color=COLORS[derived],
                hovertemplate=f"%{{y}}<br>{name}: %{{x}}<extra></extra>",
            )
        )
    height = max(260, 26 * len(ordered) + 120)
    figure.update_layout(
        barmode="stack",
        title=title or None,
        height=height,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "x": 0,
            "title": None,
            "traceorder": "normal",
        },
        xaxis_title=i18n.ui("assignment_count", lang),
        yaxis_title=None,
        separators=",." if lang == "vi" else ".,",
        font={"family": FONT},
        plot_bgcolor="white",
    )
    figure.update_xaxes(gridcolor="#eeeeee", dtick=1 if ordered["total"].max() <= 12 else None)
    return figure


def status_donut(counts: dict[str, int], lang: str = "vi") -> go.Figure:
    """The share of each derived status, as a ring."""
    labels, values, colors = [], [], []
    for derived in DERIVED_ORDER:
        value = counts.get(derived.value, 0)
        if value:
            labels.append(i18n.label("derived", derived.value, lang))
            values.append(value)
            colors.append(COLORS[derived])
    figure = go.Figure(
        go.Pie(
            labels=labels,
            values=values,
            hole=0.55,
            marker={"colors": colors},
            sort=False,
            direction="clockwise",
            textinfo="value",
            hovertemplate="%{label}: %{value} (%{percent})<extra></extra>",
        )
    )
    figure.update_layout(
        height=300,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"font": {"size": 12}},
        separators=",." if lang == "vi" else ".,",
        font={"family": FONT},
    )
    return figure
