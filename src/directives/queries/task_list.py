"""The Nhiệm vụ table one page at a time: the filtered assignments sorted in SQL, one page of
them (LIMIT/OFFSET) with the columns of :func:`directives.queries.overview.assignment_rows`, and
the whole filtered set's counts by derived status (its total gives the number of pages).

A province holds 200,000 assignments: the page never loads them all. A page is one sorted
query of the ids alone (LIMIT/OFFSET, from the nearer end), then the full rows of those ids; the
counts are one grouped query over the set, cached per data version by the page. Exports of the
whole filtered set are built apart (``queries.sheets`` and ``reports.export``), never from a
page's rows.
"""

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from directives.models import Conclusion, Task, Unit, table
from directives.queries.overview import assignment_rows, rows_frame, state_query, status_counts
from directives.queries.state import Filters
from directives.status import LAG_ORDER, Counts

Sort = Literal["document", "deadline", "lag", "unit", "updated"]
SORTS: tuple[Sort, ...] = ("document", "deadline", "lag", "unit", "updated")
"""The orders the page offers: as the conclusions list them (conclusion, item, role, unit), the
oldest deadline first, the worst derived status first, by unit name, the longest without a report
first. Every order ends with the assignment's id, so that pages never share or skip a row."""

PAGE_SIZES = (25, 50, 100, 200, 500)
DEFAULT_SIZE = 50


@dataclass(frozen=True)
class TaskPage:
    """Page ``number`` (from 1) of ``pages``: its ``rows`` and the ``total`` they are part of."""

    rows: pd.DataFrame
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_row(self) -> int:
        """The position (from 1) of the page's first row in the whole set; 0 when empty."""
        return (self.number - 1) * self.size + 1 if self.total else 0


def clamp(number: int, size: int, total: int) -> int:
    """A page number within 1 … the last page (an address may ask for any)."""
    pages = max(1, -(-total // size))
    return min(max(1, number), pages)


def _order(state: sa.Subquery, sort: Sort) -> list[Any]:
    c, t, u = table(Conclusion), table(Task), table(Unit)
    document: list[Any] = [c.c.issued_on, c.c.id, t.c.seq, state.c.role, u.c.name]
    keys: list[Any]
    if sort == "deadline":  # no deadline last
        keys = [state.c.deadline.is_(None), state.c.deadline, *document]
    elif sort == "lag":
        rank = sa.case(
            *((state.c.derived == d.value, index) for index, d in enumerate(LAG_ORDER)),
            else_=len(LAG_ORDER),
        )
        keys = [rank, state.c.deadline.is_(None), state.c.deadline, *document]
    elif sort == "unit":
        keys = [u.c.name, *document]
    elif sort == "updated":  # never reported first, then the oldest report
        keys = [state.c.last_update_at.is_not(None), state.c.last_update_at, *document]
    else:
        keys = document
    return [*keys, state.c.assignment_id]


def counts(session: Session, filters: Filters) -> Counts:
    """The whole filtered set's counts by derived status, as the overview counts them; their
    total gives the number of pages."""
    return status_counts(session, filters)


def page_ids(
    session: Session, filters: Filters, *, sort: Sort, number: int, size: int, total: int
) -> list[int]:
    """The ids of page ``number``, in order: a sorted query of the ids alone (narrow rows, so
    SQLite keeps only the rows up to the page's end while sorting). A page in the second half
    is read from the end, in the reverse order (every key reversed; the id, unique, ends every
    order), so the last page costs what the first does."""
    state = state_query(session, filters)
    c, t, u = table(Conclusion), table(Task), table(Unit)
    keys = _order(state, sort)
    start = (number - 1) * size
    from_end = start > total // 2
    if from_end:  # the rows total-start-size … total-start-1 of the reversed order
        keys = [key.desc() for key in keys]
        end = min(total, start + size)
        start, size = total - end, end - start
    query = (
        sa.select(state.c.assignment_id)
        .select_from(state)
        .join(t, t.c.id == state.c.task_id)
        .join(c, c.c.id == t.c.conclusion_id)
        .join(u, u.c.id == state.c.unit_id)
        .order_by(*keys)
        .limit(size)
        .offset(start)
    )
    ids = [int(i) for i in session.execute(query).scalars()]
    return ids[::-1] if from_end else ids


def page(
    session: Session,
    filters: Filters,
    *,
    sort: Sort = "document",
    number: int = 1,
    size: int = DEFAULT_SIZE,
    total: int | None = None,
) -> TaskPage:
    """Page ``number`` of the assignments ``filters`` select, sorted by ``sort``, with the
    columns of the table. ``total`` is the set's count (see :func:`counts`: the page caches
    it per data version), counted when not given. A page past the last gives the last."""
    if size not in PAGE_SIZES:
        size = DEFAULT_SIZE
    if sort not in SORTS:
        sort = "document"
    if total is None:
        total = counts(session, filters).total
    number = clamp(number, size, total)
    wanted = page_ids(session, filters, sort=sort, number=number, size=size, total=total)
    state = state_query(session, filters)
    query = assignment_rows(state).where(state.c.assignment_id.in_(wanted))
    rows = rows_frame(session, query, filters)
    position = {assignment_id: index for index, assignment_id in enumerate(wanted)}
    rows = rows.sort_values("assignment_id", key=lambda ids: ids.map(position))
    return TaskPage(rows.reset_index(drop=True), number, size, total)
