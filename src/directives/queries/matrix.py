"""The unit × task matrix: one cell per unit and task, columns keyed by task (items "1" of
several conclusions are different tasks)."""

import pandas as pd

from directives.status import LAG_ORDER

CELL_COLUMNS = [
    "unit_id",
    "unit_name",
    "task_id",
    "task_seq",
    "task_order",
    "task_label",
    "task_content",
    "derived",
    "progress",
]


def task_labels(assignments_frame: pd.DataFrame) -> dict[int, str]:
    """Each task's short name, "215-TB/HU · 3" (conclusion number · item), unique among the
    frame's tasks (items "1" of three conclusions are three tasks), in the frame's order."""
    tasks = assignments_frame.drop_duplicates("task_id")
    labels = {
        int(task_id): f"{number} · {seq}"
        for task_id, number, seq in zip(
            tasks["task_id"], tasks["conclusion_number"], tasks["task_seq"], strict=True
        )
    }
    repeated = {name for name in labels.values() if list(labels.values()).count(name) > 1}
    return {  # the same number from two issuers or years: the task's id tells them apart
        task_id: f"{name} (#{task_id})" if name in repeated else name
        for task_id, name in labels.items()
    }


def cells(assignments_frame: pd.DataFrame) -> pd.DataFrame:
    """One cell per (unit, task) for the matrix: the worst derived status among the unit's
    assignments of the task (several when merged units are rolled up) and their mean progress.
    ``task_order`` is the task's place in the frame (document order); ``task_label`` its
    :func:`task_labels` name."""
    rank = {d.value: i for i, d in enumerate(LAG_ORDER)}
    labels = task_labels(assignments_frame)
    order = {task_id: position for position, task_id in enumerate(labels)}
    frame = assignments_frame[
        ["unit_id", "unit_name", "task_id", "task_seq", "task_content", "derived", "progress"]
    ].copy()
    frame["rank"] = frame["derived"].map(rank)
    grouped = frame.groupby(
        ["unit_id", "unit_name", "task_id", "task_seq", "task_content"], as_index=False
    ).agg(rank=("rank", "min"), progress=("progress", "mean"))
    grouped["derived"] = grouped["rank"].map(dict(enumerate(d.value for d in LAG_ORDER)))
    grouped["progress"] = grouped["progress"].round().astype("int64")
    grouped["task_label"] = grouped["task_id"].map(labels)
    grouped["task_order"] = grouped["task_id"].map(order)
    grouped = grouped.sort_values(["task_order", "unit_name"], kind="stable")
    return grouped[CELL_COLUMNS].reset_index(drop=True)
