"""Every assignment appears on exactly one breakdown page (local units or organizations), so the
two add up to the overview, whatever the unit's kind (both engines)."""

from datetime import date

import pytest
from sqlmodel import Session, select

from directives.domain import LOCAL_KINDS, ORGANIZATION_KINDS, breakdown, kinds_of
from directives.models import Assignment, AssignmentRole, Task, UnitKind, User
from directives.queries.overview import counts_by_unit, part_of, status_counts
from directives.queries.state import Filters
from directives.services import units
from directives.services.meta import bump_data_version

AS_OF = date(2021, 10, 15)


@pytest.fixture
def with_district(demo_session: Session) -> Session:
    """The demo, with the district itself (kind Huyện) given a task."""
    admin = demo_session.exec(select(User).where(User.username == "quantri")).one()
    district = units.create_unit(
        admin, "Huyện Giao Thủy", UnitKind.DISTRICT, None, None, None, session=demo_session
    )
    task = demo_session.exec(select(Task).order_by(Task.id)).first()  # type: ignore[arg-type]
    assert task is not None and district.id is not None and task.id is not None
    demo_session.add(Assignment(task_id=task.id, unit_id=district.id, role=AssignmentRole.SUPPORT))
    demo_session.flush()
    bump_data_version(session=demo_session)  # as every write does (the figures' caches read it)
    return demo_session


def test_every_kind_has_one_breakdown() -> None:
    assert set(LOCAL_KINDS) | set(ORGANIZATION_KINDS) == set(UnitKind)
    assert not set(LOCAL_KINDS) & set(ORGANIZATION_KINDS)
    assert breakdown(UnitKind.DISTRICT) == "organizations"


@pytest.mark.parametrize("units_now", [False, True])
def test_the_two_breakdowns_add_up_to_the_overview(with_district: Session, units_now: bool) -> None:
    session = with_district
    filters = Filters(as_of=AS_OF, units_as_of=date(2025, 12, 1) if units_now else None)
    total = status_counts(session, filters).total
    pages = [
        counts_by_unit(session, Filters(**{**vars(filters), "unit_kinds": kinds_of(part)}))
        for part in ("local", "organizations")
    ]
    assert sum(int(page["total"].sum()) for page in pages) == total
    assert "district" in set(pages[1]["unit_kind"])
    # The overview splits its one frame the same way.
    everyone = counts_by_unit(session, filters)
    halves = [part_of(everyone, "local"), part_of(everyone, "organizations")]
    assert sum(int(half["total"].sum()) for half in halves) == total
    assert len(halves[0]) + len(halves[1]) == len(everyone)
