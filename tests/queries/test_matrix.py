"""The unit × task matrix keys its columns by task: items "1" of three conclusions are three
columns, each named by conclusion and item, with the task's text in the tooltip."""

import pandas as pd

from directives import charts
from directives.queries.matrix import cells, task_labels


def assignments(*tasks: tuple[int, str, int, str]) -> pd.DataFrame:
    """Two communes on each (task_id, conclusion_number, task_seq, task_content)."""
    rows = [
        {
            "unit_id": unit_id,
            "unit_name": name,
            "task_id": task_id,
            "conclusion_number": number,
            "task_seq": seq,
            "task_content": content,
            "derived": "overdue" if unit_id == 1 else "done_on_time",
            "progress": 40 if unit_id == 1 else 100,
        }
        for task_id, number, seq, content in tasks
        for unit_id, name in ((1, "Xã Giao An"), (2, "Xã Giao Thiện"))
    ]
    return pd.DataFrame(rows)


THREE_FIRSTS = assignments(
    (7, "215-TB/HU", 1, "Tăng cường công tác dân vận chính quyền"),
    (3, "12-KL/HU", 1, "Rà soát quy chế dân chủ ở cơ sở <b>ngay</b>"),
    (9, "40-TB/UBND", 1, "Kiện toàn tổ hòa giải"),
)


def test_items_of_the_same_number_are_separate_columns() -> None:
    grid = cells(THREE_FIRSTS)
    assert grid["task_id"].nunique() == 3
    assert list(grid.drop_duplicates("task_id")["task_label"]) == [
        "215-TB/HU · 1",
        "12-KL/HU · 1",
        "40-TB/UBND · 1",
    ], "document order, as the frame came"
    figure = charts.matrix(grid)
    heatmap = figure.data[0]
    assert list(heatmap.x) == ["215-TB/HU · 1", "12-KL/HU · 1", "40-TB/UBND · 1"]
    assert heatmap.z.shape == (2, 3)
    hover = [cell for row in heatmap.customdata for cell in row]
    assert any("Kiện toàn tổ hòa giải" in cell for cell in hover)
    assert any("&lt;b&gt;ngay&lt;/b&gt;" in cell for cell in hover), "task text is escaped"


def test_the_same_number_twice_is_told_apart() -> None:
    frame = assignments((1, "01-TB/HU", 2, "Năm 2021"), (2, "01-TB/HU", 2, "Năm 2022"))
    assert task_labels(frame) == {1: "01-TB/HU · 2 (#1)", 2: "01-TB/HU · 2 (#2)"}
    assert len(charts.matrix(cells(frame)).data[0].x) == 2
