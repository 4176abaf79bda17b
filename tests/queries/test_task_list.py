"""The Nhiệm vụ table paged in SQL: the pages, read one after the other in any sort, are the
whole filtered set exactly once, in that sort's order (the second half read from the end gives
the same rows as reading forward), with the columns of the unpaged table; the counts are the
set's; a page past the end gives the last."""

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from sqlmodel import Session

from directives.queries import overview, task_list
from directives.queries.state import Filters
from directives.status import LAG_ORDER, Derived

AS_OF = date(2021, 10, 15)


def all_pages(session: Session, filters: Filters, sort: task_list.Sort, size: int) -> pd.DataFrame:
    first = task_list.page(session, filters, sort=sort, number=1, size=size)
    pages = [first.rows]
    for number in range(2, first.pages + 1):
        found = task_list.page(session, filters, sort=sort, number=number, size=size)
        assert found.number == number and found.total == first.total
        pages.append(found.rows)
    return pd.concat(pages, ignore_index=True)


@pytest.mark.parametrize("sort", task_list.SORTS)
def test_the_pages_are_the_whole_set_once_in_order(demo_session: Session, sort: str) -> None:
    filters = Filters(as_of=AS_OF)
    whole = overview.assignments(demo_session, filters)
    paged = all_pages(demo_session, filters, sort, size=25)  # type: ignore[arg-type]
    assert list(paged.columns) == list(whole.columns)
    assert len(paged) == len(whole)
    assert sorted(paged["assignment_id"]) == sorted(whole["assignment_id"])
    if sort == "document":  # the unpaged table's own order
        assert list(paged["assignment_id"]) == list(whole["assignment_id"])
    if sort == "deadline":
        days = [d for d in paged["deadline"] if d is not None and not pd.isna(d)]
        assert days == sorted(days)
        assert paged["deadline"].iloc[: len(days)].notna().all(), "no deadline comes last"
    if sort == "lag":
        ranks = [LAG_ORDER.index(Derived(d)) for d in paged["derived"]]
        assert ranks == sorted(ranks)
    # the same rows, cell by cell, as the unpaged table
    mine, theirs = (
        f.set_index("assignment_id").sort_index().astype(object) for f in (paged, whole)
    )
    pd.testing.assert_frame_equal(
        mine.where(mine.notna(), None), theirs.where(theirs.notna(), None)
    )


def test_filters_and_counts_are_the_whole_filtered_set(demo_session: Session) -> None:
    filters = Filters(as_of=AS_OF, derived=(Derived.OVERDUE, Derived.DUE_SOON))
    counts = task_list.counts(demo_session, filters)
    whole = overview.assignments(demo_session, filters)
    assert counts.total == len(whole) > 0
    assert counts.overdue == (whole["derived"] == Derived.OVERDUE.value).sum()
    paged = all_pages(demo_session, filters, "deadline", size=10)
    assert set(paged["derived"]) <= {Derived.OVERDUE.value, Derived.DUE_SOON.value}
    assert sorted(paged["assignment_id"]) == sorted(whole["assignment_id"])


def test_a_page_past_the_end_gives_the_last_and_odd_sizes_the_default(
    demo_session: Session,
) -> None:
    filters = Filters(as_of=AS_OF)
    total = task_list.counts(demo_session, filters).total
    last = task_list.page(demo_session, filters, number=10_000, size=25)
    assert last.number == last.pages == -(-total // 25)
    assert len(last.rows) == total - 25 * (last.pages - 1)
    assert last.first_row == 25 * (last.pages - 1) + 1
    odd = task_list.page(demo_session, filters, number=0, size=7)
    assert odd.size == task_list.DEFAULT_SIZE and odd.number == 1


def test_an_empty_set_is_one_empty_page(demo_session: Session) -> None:
    filters = replace(Filters(as_of=AS_OF), search="không có nhiệm vụ nào như thế")
    found = task_list.page(demo_session, filters)
    assert found.total == 0 and found.pages == 1 and found.rows.empty and found.first_row == 0
