"""The bar chart of units reads on a phone: names cut on the axis, whole in the hover; bars first,
legend under them."""

import pandas as pd

from directives import charts
from directives.queries.overview import DERIVED_COLUMNS, add_rates

LONG = "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Giao Thủy"
TWINS = ("Phòng Tài nguyên và Môi trường A", "Phòng Tài nguyên và Môi trường B")


def by_unit(*names: str) -> pd.DataFrame:
    """One overdue and one done assignment per unit, except the first, which has two overdue."""
    rows = []
    for index, name in enumerate(names):
        row = dict.fromkeys(DERIVED_COLUMNS, 0)
        row.update(unit_id=index + 1, unit_name=name, overdue=2 if index == 0 else 1)
        row["done_on_time"] = 0 if index == 0 else 1
        row["total"] = 2
        row["last_update_at"] = pd.Timestamp("2021-10-01", tz="UTC")
        rows.append(row)
    return add_rates(pd.DataFrame(rows))


def test_short_label_cuts_long_names_only() -> None:
    assert charts.short_label("Xã Giao An") == "Xã Giao An"
    cut = charts.short_label(LONG)
    assert len(cut) == charts.LABEL_CHARS and cut.endswith("…")
    assert LONG.startswith(cut[:-1])


def test_axis_shows_cut_names_and_the_hover_the_whole_name() -> None:
    figure = charts.status_by_unit(by_unit(LONG, *TWINS, "Xã Giao An"))
    axis = figure.layout.yaxis
    assert charts.short_label(LONG) in axis.ticktext and LONG not in axis.ticktext
    # Two names that cut alike stay two bars: the bars are keyed by the whole name.
    bars = figure.data[0]
    assert set(TWINS) <= set(bars.y) and LONG in bars.y
    assert "%{y}" in bars.hovertemplate
    # The worst unit (two overdue, none done) is the top bar: plotly draws the last row on top.
    assert list(bars.y)[-1] == LONG


def test_legend_is_under_the_bars() -> None:
    figure = charts.status_by_unit(by_unit("Xã Giao An", "Xã Giao Lạc"))
    assert figure.layout.legend.yanchor == "top" and figure.layout.legend.y < 0
    assert (
        charts.trend(
            pd.DataFrame(
                {
                    "bucket_end": pd.to_datetime(["2021-09-30"]),
                    "due": [3],
                    "done": [2],
                    "done_on_time": [1],
                }
            )
        ).layout.legend.y
        < 0
    )
