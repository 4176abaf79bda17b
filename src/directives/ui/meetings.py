"""The manual entry of a meeting, its conclusion and its tasks (page "Hội nghị, kết luận"): reading
the rows typed in the tasks editor, saving them through
:func:`directives.services.conclusions.save_conclusion` (the one write path, so the page refuses
what intake and the workbook import refuse), and wording the refusal by editor row and column."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlmodel import Session

from directives.models import User
from directives.queries.conclusions import assignment_count
from directives.services.conclusions import (
    TASK_WORD,
    ConclusionInput,
    MeetingInput,
    TaskInput,
    save_conclusion,
)
from directives.services.errors import Problem, Rejected
from directives.ui.session import t

TASK_COLUMNS = ("content", "field", "leads", "supports", "deadline")
_COLUMN_OF_FIELD = {
    "nội dung": "content",
    "lĩnh vực": "field",
    "chủ trì": "leads",
    "phối hợp": "supports",
    "thời hạn": "deadline",
}


def day(value: Any) -> date | None:
    """A cell's date: None for an empty cell (None, NaT, NaN, ""); ValueError if unreadable.
    Text is read as dd/mm/yyyy or ISO yyyy-mm-dd, never month first."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if "/" in value:
            return datetime.strptime(value, "%d/%m/%Y").date()
        return date.fromisoformat(value[:10])
    return pd.Timestamp(value).date()


def text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


@dataclass(frozen=True)
class TaskRow:
    number: int  # the row as the editor shows it, counted from 1
    content: str
    field: str
    leads: str
    supports: str
    deadline: date | None
    unreadable_deadline: bool = False


def task_rows(edited: pd.DataFrame) -> list[TaskRow]:
    """The rows typed in the editor, blank ones left out."""
    rows = []
    for number, values in enumerate(edited.to_dict("records"), start=1):
        try:
            deadline, unreadable = day(values.get("deadline")), False
        except ValueError:
            deadline, unreadable = None, True
        row = TaskRow(
            number,
            text(values.get("content")),
            text(values.get("field")),
            text(values.get("leads")),
            text(values.get("supports")),
            deadline,
            unreadable,
        )
        if any((row.content, row.field, row.leads, row.supports, row.deadline, unreadable)):
            rows.append(row)
    return rows


def empty_tasks() -> pd.DataFrame:
    return pd.DataFrame(
        {name: pd.Series(dtype="object") for name in TASK_COLUMNS}  # object: empty cells stay None
    )


def save(
    *,
    session: Session,
    actor: User,
    meeting: MeetingInput,
    conclusion: ConclusionInput,
    rows: list[TaskRow],
) -> tuple[str, int]:
    """Save the conclusion with one task per row; (its number, the assignments made). Raises
    :class:`Rejected` with every problem, worded by editor row and column, writing nothing (the
    caller's transaction is rolled back by the exception)."""
    items = [
        TaskInput(
            content=row.content,
            leads=(row.leads,) if row.leads else (),
            supports=(row.supports,) if row.supports else (),
            deadline=row.deadline,
            field=row.field or None,
        )
        for row in rows
    ]
    problems = [
        Problem(t("adm_bad_date"), field="thời hạn", row=seq, item_word=TASK_WORD)
        for seq, row in enumerate(rows, start=1)
        if row.unreadable_deadline
    ]
    try:
        saved = save_conclusion(
            session=session, actor=actor, meeting=meeting, conclusion=conclusion, items=items
        )
    except Rejected as rejected:
        problems.extend(rejected.problems)
    if problems:  # the exception rolls back what was saved, if the service found nothing wrong
        problems.sort(key=lambda p: p.row or 0)
        raise Rejected([_on_page(p, rows) for p in problems], headline="")
    assert saved.id is not None
    return saved.number, assignment_count(saved.id, session=session)


def _on_page(problem: Problem, rows: list[TaskRow]) -> Problem:
    """The problem as the page says it: "Dòng 2, cột Chủ trì: …" (the editor's row)."""
    if problem.row is None:
        field = (problem.field or "").capitalize()
        return Problem(f"{field}: {problem.message}" if field else problem.message)
    row = rows[problem.row - 1].number
    column = _COLUMN_OF_FIELD.get(problem.field or "")
    if column is None:
        place = t("adm_row").format(row=row)
    else:
        place = t("adm_row_column").format(row=row, column=t(f"adm_col_{column}"))
    return Problem(f"{place}: {problem.message}")


def refusal(rejected: Rejected) -> str:
    """The problems one per line, for :func:`directives.ui.markup.show_error`."""
    return "  \n".join(p.message for p in rejected.problems)
