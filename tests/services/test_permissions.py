"""Who may do what: one matrix of roles × write actions.

Leaders read everything and write nothing; a secretary writes only for their own unit (unit A
here), never for another's; administrators write everything; a disabled account (here a disabled
administrator) writes nothing. Every refusal raises PermissionDenied with a message saying why,
and leaves every table, the data version and the evidence folder as they were.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from directives.config import get_settings
from directives.models import AssignmentRole, Conclusion, Meeting, Status, Unit, User
from directives.services import conclusions, corrections, evidence, extensions, updates
from directives.services.errors import PermissionDenied
from directives.services.meta import data_version
from tests.databases import Databases
from tests.factories import World, at_local, load_world, world_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "evidence"
    monkeypatch.setenv("DIRECTIVES_EVIDENCE_DIR", str(path))
    get_settings.cache_clear()
    return path


@dataclass
class Scene:
    world: World
    pending_id: int  # an extension request waiting for a decision (unit B's)


@pytest.fixture
def scene(session: Session, folder: Path) -> Scene:
    world = load_world(session)
    pending = extensions.request_extension(
        world.secretary_b, world.b_id, date(2021, 7, 31), "Chờ kinh phí", session=session
    )
    assert pending.id is not None
    return Scene(world, pending.id)


def row_counts(session: Session) -> dict[str, int]:
    """How many rows every table of the model holds."""
    return {
        table.name: int(session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
        for table in SQLModel.metadata.sorted_tables
    }


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- the actions --------------------------------------------------------------------------------

Action = Callable[[Session, Scene, User], object]


def _record_update(session: Session, scene: Scene, actor: User) -> object:
    return updates.record_update(
        session=session,
        actor=actor,
        assignment_id=scene.world.a_id,
        request=updates.UpdateRequest(Status.IN_PROGRESS, 30, note="Đang triển khai"),
        at=at_local(date(2021, 3, 1)),
        today=date(2021, 3, 1),
        expected_version=0,
    )


def _store_evidence(session: Session, scene: Scene, actor: User) -> object:
    return evidence.store(actor, scene.world.a_id, "bao-cao.pdf", PDF, session=session)


def _request_extension(session: Session, scene: Scene, actor: User) -> object:
    return extensions.request_extension(
        actor, scene.world.a_id, date(2021, 8, 31), "Chờ kinh phí", session=session
    )


def _approve(session: Session, scene: Scene, actor: User) -> object:
    return extensions.approve(actor, scene.pending_id, "Đồng ý", session=session)


def _reject(session: Session, scene: Scene, actor: User) -> object:
    return extensions.reject(actor, scene.pending_id, "Không đủ căn cứ", session=session)


def _create_meeting(session: Session, scene: Scene, actor: User) -> object:
    return conclusions.create_meeting(
        session=session, actor=actor, title="Hội nghị mới", held_on=date(2021, 2, 1)
    )


def _create_conclusion(session: Session, scene: Scene, actor: User) -> object:
    meeting = session.get(Meeting, scene.world.meeting_id)
    assert meeting is not None
    return conclusions.create_conclusion(
        session=session,
        actor=actor,
        meeting=meeting,
        number="2-TB/HU",
        issued_on=date(2021, 2, 1),
        issuer="Huyện ủy",
        title="Kết luận mới",
    )


def _create_task(session: Session, scene: Scene, actor: User) -> object:
    conclusion = session.get(Conclusion, scene.world.conclusion_id)
    unit = session.get(Unit, scene.world.unit_a.id)
    assert conclusion is not None and unit is not None
    return conclusions.create_task(
        session=session, actor=actor, conclusion=conclusion, seq=3, content="Mới", leads=[unit]
    )


def _update_task(session: Session, scene: Scene, actor: User) -> object:
    return corrections.update_task(
        actor, scene.world.task_id, session=session, content="Sửa", deadline=date(2021, 9, 30)
    )


def _add_assignees(session: Session, scene: Scene, actor: User) -> object:
    return corrections.add_assignees(
        actor, scene.world.task_id, ["giao-hai"], AssignmentRole.SUPPORT, session=session
    )


def _update_meeting(session: Session, scene: Scene, actor: User) -> object:
    return corrections.update_meeting(
        actor, scene.world.meeting_id, session=session, title="Sửa tên"
    )


def _update_conclusion(session: Session, scene: Scene, actor: User) -> object:
    return corrections.update_conclusion(
        actor, scene.world.conclusion_id, session=session, title="Sửa trích yếu"
    )


ACTIONS: dict[str, Action] = {
    "record_update": _record_update,
    "store_evidence": _store_evidence,
    "request_extension": _request_extension,
    "approve": _approve,
    "reject": _reject,
    "create_meeting": _create_meeting,
    "create_conclusion": _create_conclusion,
    "create_task": _create_task,
    "update_task": _update_task,
    "add_assignees": _add_assignees,
    "update_meeting": _update_meeting,
    "update_conclusion": _update_conclusion,
}

ROLES = ("leader", "secretary_a", "secretary_b", "admin", "disabled_admin")
UNIT_ACTIONS = {"record_update", "store_evidence", "request_extension"}
"""Writes on unit A's assignment: its secretary or an administrator."""

ALLOWED = {
    action: {"admin", "secretary_a"} if action in UNIT_ACTIONS else {"admin"} for action in ACTIONS
}


def why_refused(role: str, action: str) -> str:
    """A word the refusal must contain: the message says why."""
    if role == "disabled_admin":
        return "khóa"
    if action not in UNIT_ACTIONS:
        return "quản trị viên"
    return "lãnh đạo" if role == "leader" else "đơn vị khác"


def actor_for(world: World, role: str, session: Session) -> User:
    if role != "disabled_admin":
        return getattr(world, role)  # type: ignore[no-any-return]
    world.admin.is_active = False
    session.add(world.admin)
    session.flush()
    return world.admin


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(
    session: Session, scene: Scene, folder: Path, action: str, role: str
) -> None:
    actor = actor_for(scene.world, role, session)
    before = row_counts(session)
    version = data_version(session=session)
    if role in ALLOWED[action]:
        assert ACTIONS[action](session, scene, actor) is not None
        assert row_counts(session)["audit_log"] > before["audit_log"], "an allowed write is audited"
        assert data_version(session=session) > version
        return
    with pytest.raises(PermissionDenied) as caught:
        ACTIONS[action](session, scene, actor)
    message = str(caught.value)
    assert why_refused(role, action) in message, f"{role} × {action}: unclear message {message!r}"
    session.expire_all()
    assert row_counts(session) == before, f"{role} × {action} wrote rows"
    assert data_version(session=session) == version, f"{role} × {action} bumped the data version"
    assert files(folder) == [], f"{role} × {action} wrote a file"


def test_the_matrix_is_complete() -> None:
    """Twelve write actions, every one allowed to an administrator and refused to a leader."""
    assert len(ACTIONS) == 12
    assert all("admin" in allowed and "leader" not in allowed for allowed in ALLOWED.values())
    assert all("secretary_b" not in allowed for allowed in ALLOWED.values())
