"""The figures agree across pages and with `directives export` for the same filters."""

from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from directives.cli import app
from directives.i18n import label
from directives.periods import PeriodKind
from directives.ui.session import PERIOD_KEY, UNITS_AS_OF_KEY
from tests.dashboard.conftest import app_test, metric, page_test

DERIVED_CARDS = ("done_on_time", "done_late", "in_progress", "due_soon", "overdue")


def _export(tmp_path: Path, *extra: str) -> pd.DataFrame:
    target = tmp_path / "export.csv"
    result = CliRunner().invoke(
        app,
        ["export", "assignments", "--format", "csv", "--as-of", "2021-10-15", "-o", str(target),
         *extra],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return pd.read_csv(target, encoding="utf-8-sig")


@pytest.mark.parametrize("period", [PeriodKind.ALL, PeriodKind.QUARTER, PeriodKind.HALF])
def test_overview_agrees_with_the_export(demo_env: str, tmp_path: Path, period: PeriodKind) -> None:
    at = app_test(demo_env)
    at.session_state[PERIOD_KEY] = period
    at.run()
    assert not at.exception
    exported = _export(tmp_path, "--period", period.value)
    by_status = Counter(exported["Tình trạng"])
    assert metric(at, "Lượt giao việc") == str(len(exported))
    for code in DERIVED_CARDS:
        assert metric(at, label("derived", code)) == str(by_status[label("derived", code)]), code


def test_pages_agree_with_each_other_and_the_export(demo_env: str, tmp_path: Path) -> None:
    exported = _export(tmp_path)
    overview = app_test(demo_env).run()
    total = int(metric(overview, "Lượt giao việc"))
    overdue = int(metric(overview, "Quá hạn"))

    communes = page_test(demo_env, "communes").dataframe[0].value
    organizations = page_test(demo_env, "organizations").dataframe[0].value
    assert communes["Lượt giao việc"].sum() + organizations["Lượt giao việc"].sum() == total
    assert communes["Quá hạn"].sum() + organizations["Quá hạn"].sum() == overdue

    tasks = page_test(demo_env, "tasks", task_list_size=500).dataframe[0].value  # one page
    assert len(tasks) == total == len(exported)
    assert (tasks["Tình trạng"] == "Quá hạn").sum() == overdue

    conclusion = page_test(demo_env, "conclusions")
    summary = next(d.value for d in conclusion.dataframe if "Quá hạn" in d.value.columns)
    assert summary["Quá hạn"].sum() == overdue


def test_units_now_agrees_with_the_export(demo_env: str, tmp_path: Path) -> None:
    exported = _export(tmp_path, "--units-now")
    at = page_test(demo_env, "communes")
    at.toggle(key=UNITS_AS_OF_KEY).set_value(True).run()
    ranking = at.dataframe[0].value
    communes = exported[exported["Loại đơn vị"] == "Xã"]
    per_unit = communes.groupby("Đơn vị").size()
    assert (
        dict(zip(ranking["Đơn vị"], ranking["Lượt giao việc"], strict=True)) == per_unit.to_dict()
    )
    assert date.today() > date(2025, 7, 1), "today's units are the seven communes of 2025"
