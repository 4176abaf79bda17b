"""Nhiệm vụ: the page shows, cell by cell, what `directives export assignments` writes for the
same day; dates are real dates (sortable, shown dd/mm/yyyy), never strings a date column
cannot read."""

from datetime import date, datetime
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from directives.cli import app
from directives.i18n import column
from tests.dashboard.conftest import page_test

DAYS = [column(name) for name in ("deadline", "completed_on")]
MOMENT = column("last_update_at")


def as_text(value: object, name: str) -> str:
    """A page cell written the way the CSV writes it."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return ""
    if isinstance(value, datetime | date | pd.Timestamp):
        return f"{value:%d/%m/%Y %H:%M}" if name == MOMENT else f"{value:%d/%m/%Y}"
    return str(value)


def test_the_page_and_the_export_agree_cell_by_cell(demo_env: str, tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    result = CliRunner().invoke(
        app,
        ["export", "assignments", "--format", "csv", "--as-of", "2021-10-15", "-o", str(target)],
    )
    assert result.exit_code == 0, result.output
    exported = pd.read_csv(target, encoding="utf-8-sig", dtype=str, keep_default_na=False)

    at = page_test(demo_env, "tasks")
    assert not at.exception
    page = at.dataframe[0].value
    # the page adds how many follow-ups each had (đôn đốc), which the workbook does not carry
    assert (page[column("follow_ups")] == 0).all()
    page = page.drop(columns=[column("follow_ups")])
    assert sorted(page.columns) == sorted(exported.columns)
    for name in (*DAYS, MOMENT):  # real dates and times, not text
        assert not any(isinstance(v, str) for v in page[name] if v is not None), name

    key = column("assignment_id")
    page = page.set_index(page[key].astype(str)).sort_index()
    exported = exported.set_index(exported[key]).sort_index()
    assert list(page.index) == list(exported.index)
    deadline_before_as_of = 0
    for name in exported.columns:
        shown = [as_text(v, name) for v in page[name]]
        assert shown == list(exported[name]), name
    for text in exported[column("deadline")]:
        if text and datetime.strptime(text, "%d/%m/%Y").date() < date(2021, 10, 15):
            deadline_before_as_of += 1
    assert deadline_before_as_of, "the demo has deadlines before the as-of day"
