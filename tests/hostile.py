"""Hostile text for every free-text field, and :func:`seed`, which enters it through the services
as users would: shared by the browser test (tests/e2e/test_hostile.py) and the AppTest one on
both engines (tests/dashboard/test_hostile_pages.py)."""

from datetime import date

from sqlmodel import select

from directives.db import make_engine, session_scope
from directives.models import Assignment, AssignmentRole, Bloc, Role, Status, UnitKind, User
from directives.services import accounts, evidence, extensions, units, updates
from directives.services.conclusions import (
    ConclusionInput,
    MeetingInput,
    TaskInput,
    save_conclusion,
)
from directives.services.updates import UpdateRequest
from tests.databases import CHEAP_HASHER

SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"
SVG = "<svg onload=\"window.__pwned = 'svg'\">"
LINK = "[Đăng nhập lại](http://evil.example/login)"
STYLE = "**đậm** # tiêu đề :red[đỏ]"
PASSWORD = "mat-khau-thu-ky-2026"


def seed(url: str) -> int:
    """Enter the hostile data; the id of the hostile unit's assignment."""
    engine = make_engine(url)
    saved, accounts._hasher = accounts._hasher, CHEAP_HASHER
    try:
        with session_scope(engine, write=True) as session:
            admin = session.exec(select(User).where(User.username == "quantri")).one()
            unit = units.create_unit(
                admin, f"Ban {IMG} Thử", UnitKind.ORGANIZATION, Bloc.PARTY, None,
                date(2020, 1, 1), session=session,
            )  # fmt: skip
            save_conclusion(
                session=session,
                actor=admin,
                meeting=MeetingInput(
                    title=f"Hội nghị {SCRIPT}",
                    held_on=date(2021, 9, 1),
                    place=LINK,
                    chaired_by=STYLE,
                    attendees=SVG,
                ),
                conclusion=ConclusionInput(
                    number="999-TB/HU",
                    issued_on=date(2021, 9, 3),
                    issuer=f"Huyện ủy {IMG}",
                    title=f"Kết luận {LINK} {SCRIPT}",
                    signer=STYLE,
                    summary=f"{SVG} {LINK}",
                ),
                items=[
                    TaskInput(
                        content=f"Nhiệm vụ {SCRIPT} {LINK} {STYLE}",
                        leads=(unit.slug,),
                        supports=("Xã Giao An",),
                        deadline=date(2021, 9, 30),
                        field=IMG,
                    )
                ],
            )
            assignment = session.exec(
                select(Assignment).where(
                    Assignment.unit_id == unit.id, Assignment.role == AssignmentRole.LEAD
                )
            ).one()
            secretary = accounts.create_user(
                session=session,
                username="thuky.thu",
                full_name=f"Người {SCRIPT} {LINK}",
                password=PASSWORD,
                role=Role.SECRETARY,
                unit=unit,
            )
            update = updates.record_update(
                session=session,
                actor=secretary,
                assignment_id=assignment.id or 0,
                request=UpdateRequest(
                    status=Status.IN_PROGRESS, progress=30, note=f"Ghi chú {IMG} {LINK} {STYLE}"
                ),
                today=date(2021, 9, 10),
            )
            evidence.store(
                secretary,
                assignment.id or 0,
                f"{IMG}.pdf",
                b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                session=session,
                status_update_id=update.id,
            )
            extensions.request_extension(
                secretary, assignment.id or 0, date(2021, 12, 31), f"Lý do {SCRIPT} {LINK}",
                session=session,
            )  # fmt: skip
            return assignment.id or 0
    finally:
        accounts._hasher = saved
        engine.dispose()
