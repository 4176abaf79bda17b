"""Charts: DataFrames in, plotly figures out. One status palette, defined here, used everywhere."""

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from directives import i18n
from directives.queries.overview import worst_first
from directives.status import DERIVED_ORDER, Derived

COLORS: dict[Derived, str] = {
    Derived.DONE_ON_TIME: "#2e7d32",  # green
    Derived.DONE_LATE: "#ef6c00",  # orange
    Derived.AWAITING: "#a5d6a7",  # pale green: reported done, not yet confirmed
    Derived.IN_PROGRESS: "#1e88e5",  # blue
    Derived.NO_DEADLINE: "#90caf9",  # light blue: standing, ongoing
    Derived.DUE_SOON: "#fbc02d",  # amber
    Derived.NOT_STARTED: "#9e9e9e",  # grey
    Derived.OVERDUE: "#c62828",  # red
    Derived.PAUSED: "#9575cd",  # muted purple
    Derived.CANCELLED: "#b39ddb",  # lighter purple
}

FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"
LABEL_CHARS = 22
"""A unit's name on a bar chart's axis is cut to this many characters (the full name is in the
hover): "Ủy ban Mặt trận Tổ quốc Việt Nam huyện" would otherwise take two thirds of a phone's
width."""


def short_label(name: str, most: int = LABEL_CHARS) -> str:
    """``name`` cut to ``most`` characters, ending in "…" when cut."""
    return name if len(name) <= most else name[: most - 1].rstrip() + "…"


def status_by_unit(frame: pd.DataFrame, lang: str = "vi", title: str = "") -> go.Figure:
    """Horizontal stacked bars, one per unit, worst first at the top.

    ``frame`` has ``unit_name`` and one count column per derived status (see
    :func:`directives.queries.overview.counts_by_unit`).
    """
    ordered = worst_first(frame).iloc[::-1]  # plotly draws the first row at the bottom
    names = ordered["unit_name"].astype(str).tolist()
    figure = go.Figure()
    for derived in DERIVED_ORDER:
        counts = ordered[derived.value]
        if not counts.any():
            continue
        name = i18n.label("derived", derived.value, lang)
        figure.add_trace(
            go.Bar(
                y=names,
                x=counts,
                name=name,
                orientation="h",
                marker_color=COLORS[derived],
                hovertemplate=f"%{{y}}<br>{name}: %{{x}}<extra></extra>",
            )
        )
    # The bars come first and the legend under the axis, so the worst units are the first thing
    # drawn; the names on the axis are cut (the hover has them whole).
    height = max(260, 26 * len(ordered) + 130)
    figure.update_layout(
        barmode="stack",
        title=title or None,
        height=height,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -70 / height,  # under the axis and its title
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
    figure.update_xaxes(
        gridcolor="#eeeeee",
        dtick=1 if ordered["total"].max() <= 12 else None,
    )
    figure.update_yaxes(
        tickmode="array", tickvals=names, ticktext=[short_label(n) for n in names], automargin=True
    )
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


def trend(frame: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Burn-up: cumulative assignments fallen due, done, and done on time, by week or month."""
    figure = go.Figure()
    lines = (
        ("due", "trend_due", "#616161", "dash"),
        ("done", "trend_done", COLORS[Derived.DONE_LATE], "solid"),
        ("done_on_time", "trend_on_time", COLORS[Derived.DONE_ON_TIME], "solid"),
    )
    for column, key, color, dash in lines:
        name = i18n.ui(key, lang)
        figure.add_trace(
            go.Scatter(
                x=frame["bucket_end"],
                y=frame[column],
                name=name,
                mode="lines+markers",
                line={"color": color, "dash": dash, "width": 2},
                hovertemplate=f"%{{x|%d/%m/%Y}}<br>{name}: %{{y}}<extra></extra>",
            )
        )
    figure.update_layout(
        height=340,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},  # under the dates
        yaxis_title=i18n.ui("assignment_count", lang),
        separators=",." if lang == "vi" else ".,",
        font={"family": FONT},
        plot_bgcolor="white",
        hovermode="x unified",
    )
    figure.update_xaxes(tickformat="%d/%m/%Y", gridcolor="#eeeeee")
    figure.update_yaxes(gridcolor="#eeeeee", rangemode="tozero")
    return figure


def _hover_text(content: str, width: int = 60, most: int = 300) -> str:
    """A task's text for a tooltip: escaped (plotly reads a few HTML tags), cut to ``most``
    characters and broken into lines of about ``width``."""
    cut = content if len(content) <= most else content[: most - 1].rstrip() + "…"
    return "<br>".join(html.escape(line) for line in textwrap.wrap(cut, width)) or "—"


def matrix(frame: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Units × tasks, one coloured cell per assignment by its derived status (worst unit on top).

    ``frame`` is ``queries.overview.cells``: one row per cell (rolled-up cells carry their worst
    status), columns keyed by task (``task_id``, shown as ``task_label`` in the frame's order;
    ordered by ``task_order``; the task's text in the tooltip).
    """
    codes = {d.value: i for i, d in enumerate(DERIVED_ORDER)}
    units = frame["unit_name"].drop_duplicates().tolist()
    tasks = frame.drop_duplicates("task_id").sort_values("task_order")
    task_ids = tasks["task_id"].tolist()
    names = dict(zip(tasks["task_id"], tasks["task_label"], strict=True))
    contents = dict(zip(tasks["task_id"], tasks["task_content"], strict=True))
    # One pivot per layer (a loop setting cell by cell cost ~0,1 s on the demo's pages).
    statuses = frame["derived"].astype(str)
    names_of = {d.value: i18n.label("derived", d.value, lang) for d in DERIVED_ORDER}
    shown = frame.assign(
        code=statuses.map(codes).astype("float64"),
        percent=frame["progress"].map(lambda progress: f"{progress}%"),
    )
    shown["hover"] = (
        frame["task_id"].map({task: _hover_text(text) for task, text in contents.items()})
        + "<br>"
        + statuses.map(names_of)
        + " · "
        + shown["percent"]
    )
    shown = shown.drop_duplicates(["unit_name", "task_id"], keep="last")

    def layer(values: str, fill: object) -> pd.DataFrame:
        wide = shown.pivot(index="unit_name", columns="task_id", values=values)
        return wide.reindex(index=units, columns=task_ids).fillna(fill)  # type: ignore[arg-type]

    z = layer("code", float("nan")).astype("float64")
    text = layer("percent", "")
    hover = layer("hover", "")
    steps = len(DERIVED_ORDER)
    scale = []
    for index, derived in enumerate(DERIVED_ORDER):
        scale.append((index / steps, COLORS[derived]))
        scale.append(((index + 1) / steps, COLORS[derived]))
    figure = go.Figure(
        go.Heatmap(
            z=z.values,
            x=[names[task_id] for task_id in task_ids],
            y=units,
            text=text.values,
            texttemplate="%{text}",
            customdata=hover.values,
            hovertemplate="%{y} · %{x}<br>%{customdata}<extra></extra>",
            colorscale=scale,
            zmin=-0.5,
            zmax=steps - 0.5,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        height=max(300, 28 * len(units) + 80),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"family": FONT},
        plot_bgcolor="white",
    )
    figure.update_xaxes(side="top")
    figure.update_yaxes(autorange="reversed")
    return figure
