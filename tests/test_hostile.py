"""Hostile text stays text: Markdown sees it escaped (and shows it exactly as written), CSV
cells that a spreadsheet would run as formulas are neutralised, and workbooks store "=…" as text,
not as a formula. (The browser check that no injected script runs is tests/e2e/test_hostile.py.)"""

import io
import re

import openpyxl
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from directives.reports.export import csv_safe
from directives.reports.layout import UPDATES
from directives.reports.workbooks import table_workbook, updates_template
from directives.ui.markup import plain
from tests.fuzz import fuzz

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    "[Đăng nhập lại](http://evil.example/login)",
    "![ảnh](http://evil.example/a.png)",
    "**đậm** _nghiêng_ `mã` ~~gạch~~",
    "# Tiêu đề giả",
    ":red[đỏ] :material/warning: $x^2$",
    "www.evil.example",
    '=HYPERLINK("http://evil.example","bấm")',
    "+1-1",
    "-2+3",
    "@SUM(A1)",
]


def shown(markdown: str) -> str:
    """What Markdown shows for text escaped by ``plain``."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_plain_escapes_every_markup_character() -> None:
    assert plain("[Đăng nhập lại](http://evil.example)") == (
        r"\[Đăng nhập lại\](http\://evil\.example)"
    )
    assert plain("**đậm** # <b>") == r"\*\*đậm\*\* \# \<b\>"
    assert plain(":red[x]") == r"\:red\[x\]"
    for text in HOSTILE:
        escaped = plain(text)
        assert not re.search(r"(?<!\\)[\[\]<>*_`#:]", escaped), escaped
        assert shown(escaped) == text


@fuzz(1000)
@given(st.text())
def test_plain_shows_any_text_exactly_as_written(text: str) -> None:
    assert shown(plain(text)) == text


def test_csv_cells_that_would_run_as_formulas_are_neutralised() -> None:
    frame = pd.DataFrame({"text": [*HOSTILE, "bình thường"], "number": range(len(HOSTILE) + 1)})
    safe = csv_safe(frame)
    for before, after in zip(frame["text"], safe["text"], strict=True):
        if before.startswith(("=", "+", "-", "@")):
            assert after == "'" + before
        else:
            assert after == before
    assert safe["number"].tolist() == frame["number"].tolist(), "numbers are left alone"
    assert frame["text"].iloc[8].startswith("="), "the caller's table is not changed"


def test_workbooks_store_formula_like_text_as_text() -> None:
    formula = '=HYPERLINK("http://evil.example","bấm")'
    data = table_workbook(pd.DataFrame({"Nội dung": [formula, "=1+1", "bình thường"]}), "Bảng")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Bảng"]
    cells = [sheet.cell(row, 1) for row in (2, 3, 4)]
    assert [c.value for c in cells] == [formula, "=1+1", "bình thường"]
    assert {c.data_type for c in cells} == {"s"}, "no cell is a formula"

    row: dict[str, object] = {column.key: None for column in UPDATES.columns}
    row |= {"assignment_id": 1, "task_content": "=1+1", "note": formula, "status": "in_progress"}
    row |= {"role": "lead", "progress": 10, "version": 3}
    sheet = openpyxl.load_workbook(io.BytesIO(updates_template([row])))[UPDATES.name]
    content = sheet.cell(2, UPDATES.index("task_content") + 1)
    note = sheet.cell(2, UPDATES.index("note") + 1)
    assert (content.value, content.data_type) == ("=1+1", "s")
    assert (note.value, note.data_type) == (formula, "s")
