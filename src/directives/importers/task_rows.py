"""The "Nhiệm vụ" workbook (:data:`~directives.reports.layout.TASKS`) read into plain rows, with
every problem its cells have on their own; no database.

::

    sheet = read_tasks(data, file_name="nhiem-vu.xlsx")
    sheet.rows        # TaskRow per complete row
    sheet.problems    # located problems of the cells

Each text cell that is stored as it is (meeting title, conclusion number, issuer and title,
field) is checked against the length of the database column it goes to, read from the model,
so that an overlong cell is a located problem on every engine rather than a database error.
Unit names stay text here: :mod:`directives.services.workbook_tasks` resolves them.
"""

from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from sqlmodel import SQLModel

from directives.importers.workbook import Cells, ReadSheet, deadline, read_sheet
from directives.models import Conclusion, Meeting, Task, table
from directives.reports.layout import TASKS
from directives.services.errors import Problem


def stored_length(model: type[SQLModel], name: str) -> int | None:
    """The most characters the column ``name`` of ``model`` holds (None: unlimited)."""
    length = getattr(table(model).c[name].type, "length", None)
    return int(length) if length is not None else None


LIMITS: dict[str, int | None] = {
    "meeting_title": stored_length(Meeting, "title"),
    "conclusion_number": stored_length(Conclusion, "number"),
    "issuer": stored_length(Conclusion, "issuer"),
    "conclusion_title": stored_length(Conclusion, "title"),
    "task_content": stored_length(Task, "content"),
    "field": stored_length(Task, "field"),
}
"""The stored length of each text column kept verbatim. Unit names are not stored as typed
(they name units; the wording kept on the task is cut to its column's length)."""


@dataclass(frozen=True)
class TaskRow:
    """One complete row of the tasks sheet: its meeting (title, day; both None for a letter of
    directions, held at no meeting), conclusion (number, issuer, day, title), task (STT, content,
    deadline, field) and its units as written."""

    row: int
    meeting_title: str | None
    held_on: date | None
    number: str
    issued_on: date
    issuer: str
    conclusion_title: str
    seq: int
    content: str
    leads_text: str
    supports_text: str | None
    deadline: date | None
    field: str | None

    def task_fields(self) -> dict[str, Any]:
        """The task's own fields the row sets, by the model's attribute names: written to a new
        task, compared with a saved one (a new column of the sheet that fills a task field is
        added here, in the layout and in the exported rows, nowhere else)."""
        return {"content": self.content, "deadline": self.deadline, "field": self.field}


class TaskSheet(ReadSheet[TaskRow]):
    """What :func:`read_tasks` found; only complete rows are in ``rows``."""


def read_tasks(data: bytes | IO[bytes], file_name: str) -> TaskSheet:
    """Read and check a "Nhiệm vụ" workbook on its own; raises
    :class:`~directives.services.errors.Rejected` only when the file or its header is unreadable
    (cell problems come back in :attr:`TaskSheet.problems`)."""
    sheet = TASKS
    raws = read_sheet(data, sheet, file_name)
    problems: list[Problem] = []
    rows: list[TaskRow] = []
    for raw in raws:
        cells = Cells(raw, sheet, file_name, problems)

        def text(column_key: str, required: bool = False) -> str | None:
            return cells.text(column_key, required, limit=LIMITS.get(column_key))  # noqa: B023

        title = text("meeting_title")
        held_on = cells.day("held_on", required=bool(title))  # no title, no day: no meeting
        if held_on is not None and not title and cells.ok:
            cells.error("meeting_title", "cần tên hội nghị khi có ngày họp.")
        number = text("conclusion_number", required=True)
        issued_on = cells.day("issued_on", required=True)
        issuer = text("issuer", required=True)
        conclusion_title = text("conclusion_title", required=True)
        seq = cells.whole("task_seq", required=True, low=1)
        content = text("task_content", required=True)
        leads = cells.text("leads", required=True)
        supports = cells.text("supports")
        due = cells.parse("deadline", deadline, required=False)
        field = text("field")
        if not cells.ok:
            continue
        assert number and issued_on and issuer and conclusion_title
        assert seq is not None and content and leads
        rows.append(
            TaskRow(
                raw.number,
                title,
                held_on,
                number,
                issued_on,
                issuer,
                conclusion_title,
                seq,
                content,
                leads,
                supports,
                due,
                field,
            )
        )
    return TaskSheet(file_name, len(raws), tuple(rows), tuple(problems))
