"""The "Cập nhật" workbook (:data:`~directives.reports.layout.UPDATES`) read into plain rows, with
every problem its cells have on their own; no database.

::

    sheet = read_updates(data, file_name="cap-nhat.xlsx")
    sheet.rows        # UpdateRow per row that names an assignment (several rows for one
                      # assignment when each gives the day its change happened)
    sheet.problems    # located problems of the cells (bad numbers, dates, duplicates …)

What the rows mean against the saved assignments (do they exist, may this user report on them,
did someone save in between) is :mod:`directives.services.workbook_updates`' business.
"""

from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from directives.i18n import label
from directives.importers.workbook import Cells, ReadSheet, key, read_sheet, text_value
from directives.models import Status
from directives.reports.layout import UPDATES
from directives.services.errors import Problem

_STATUS_BY_LABEL = {key(label("status", s.value)): s for s in Status}
_STATUS_CHOICES = ", ".join(label("status", s.value) for s in Status)


def status(value: Any) -> Status:
    """A status by its Vietnamese label, whatever the case and diacritics' encoding."""
    text = text_value(value) or ""
    found = _STATUS_BY_LABEL.get(key(text))
    if found is None:
        raise ValueError(f"“{text}” không phải trạng thái; chọn một trong: {_STATUS_CHOICES}.")
    return found


@dataclass(frozen=True)
class UpdateRow:
    """One row naming an assignment. ``complete`` rows have every value they need (a status, a
    progress unless done, a version); an incomplete row is kept only to say whether its
    assignment exists and may be reported on, its own problems being listed already."""

    row: int
    assignment_id: int
    status: Status | None
    progress: int | None
    completed_on: date | None
    note: str | None
    version: int | None
    complete: bool
    happened_on: date | None = None
    """The day the change happened, when the row gives one (else the day it is imported)."""


class UpdateSheet(ReadSheet[UpdateRow]):
    """What :func:`read_updates` found; ``rows`` are those naming an assignment."""


def read_updates(data: bytes | IO[bytes], file_name: str) -> UpdateSheet:
    """Read and check a "Cập nhật" workbook on its own; raises
    :class:`~directives.services.errors.Rejected` only when the file or its header is unreadable
    (cell problems come back in :attr:`UpdateSheet.problems`)."""
    sheet = UPDATES
    raws = read_sheet(data, sheet, file_name)
    problems: list[Problem] = []
    rows: list[UpdateRow] = []
    first_row: dict[int, tuple[int, date | None]] = {}  # an assignment's first row, its day
    for raw in raws:
        cells = Cells(raw, sheet, file_name, problems)
        assignment_id = cells.whole("assignment_id", required=True, low=1)
        found = cells.parse("status", status, required=True)
        progress = cells.whole("progress", required=found is not Status.DONE)
        completed_on = cells.day("completed_on")
        note = cells.text("note")
        version = cells.whole("version", required=True, low=0)
        happened_on = cells.day("happened_on")
        if happened_on is not None and completed_on is not None and completed_on > happened_on:
            cells.error("happened_on", "không được trước ngày hoàn thành.")
        if progress is not None and not 0 <= progress <= 100:
            cells.error("progress", "phải từ 0 đến 100.")
        if assignment_id is None:
            continue
        if assignment_id in first_row:
            first, first_day = first_row[assignment_id]
            if happened_on is None or first_day is None:
                cells.error(
                    "assignment_id",
                    f"trùng với dòng {first}: một phân công ghi nhiều dòng khi mỗi dòng là một "
                    "lần thay đổi, có Ngày thay đổi.",
                )
                continue
        else:
            first_row[assignment_id] = (raw.number, happened_on)
        rows.append(
            UpdateRow(
                raw.number,
                assignment_id,
                found,
                progress,
                completed_on,
                note,
                version,
                cells.ok,
                happened_on,
            )
        )
    return UpdateSheet(file_name, len(raws), tuple(rows), tuple(problems))
