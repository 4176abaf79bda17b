"""Nhiệm vụ: the page shows, cell by cell, what `directives export assignments` writes for the
same day; dates are real dates (sortable, shown dd/mm/yyyy), never strings a date column
cannot read."""

from datetime import date, datetime
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from directives.cli import app
from directives.i18n import column, label
from directives.status import Derived
from tests.dashboard.conftest import app_test, page_test

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
    pages = [at.dataframe[0].value]  # every page, one after the other, with the next button
    while not at.button(key="task_list_next").disabled:
        at.button(key="task_list_next").click().run()
        assert not at.exception
        pages.append(at.dataframe[0].value)
    assert len(pages) > 1, "the demo fills more than one page of 50"
    assert all(len(p) == 50 for p in pages[:-1]), [len(p) for p in pages]
    page = pd.concat(pages, ignore_index=True)
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


def summary(at: AppTest) -> str:
    """The page's "Trang 3/120 · 1.234 nhiệm vụ · Quá hạn: 12 · …" line."""
    return next(c.value for c in at.caption if c.value.startswith("Trang "))


def test_the_page_says_where_it_is_and_keeps_it_in_the_address(demo_env: str) -> None:
    at = page_test(demo_env, "tasks")
    total = int(summary(at).split(" · ")[1].split()[0].replace(".", ""))
    pages = -(-total // 50)
    assert summary(at).startswith(f"Trang 1/{pages} · ")
    at.button(key="task_list_next").click().run()
    assert summary(at).startswith(f"Trang 2/{pages} · ")
    assert at.query_params["trang"] == "2"
    at.selectbox(key="task_sort").set_value("deadline").run()  # a new sort starts at page 1
    assert summary(at).startswith(f"Trang 1/{pages} · ")
    assert at.query_params["sap_xep"] == "deadline"
    deadlines = [d for d in at.dataframe[0].value[column("deadline")] if d is not None]
    assert deadlines == sorted(deadlines)


def test_a_shared_address_opens_the_page_as_it_was(demo_env: str) -> None:
    at = app_test(demo_env).run()
    at.query_params.update({"tinh_trang": "overdue", "so_dong": "25", "tim": "dan van"})
    at = at.switch_page("views/tasks.py").run()
    assert not at.exception
    assert at.multiselect(key="task_derived").value == [Derived.OVERDUE]
    assert at.text_input(key="task_search").value == "dan van"
    shown = at.dataframe[0].value
    assert 0 < len(shown) <= 25
    assert set(shown[column("derived")]) == {label("derived", "overdue")}

    at = app_test(demo_env).run()
    at.query_params.update({"trang": "2", "so_dong": "25"})
    at = at.switch_page("views/tasks.py").run()
    assert summary(at).startswith("Trang 2/")
    assert len(at.dataframe[0].value) == 25


def test_nonsense_in_the_address_is_ignored(demo_env: str) -> None:
    at = app_test(demo_env).run()
    at.query_params.update({"trang": "-3", "so_dong": "7", "sap_xep": "<b>", "don_vi": "99999"})
    at = at.switch_page("views/tasks.py").run()
    assert not at.exception
    assert summary(at).startswith("Trang 1/")
    assert len(at.dataframe[0].value) == 50
