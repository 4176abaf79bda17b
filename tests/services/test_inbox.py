"""The in-app inbox: one's messages newest first, the unread count, marking read (one's own
items only)."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from directives.models import InboxItem, MessageKind, User
from directives.queries.inbox import messages as inbox_messages
from directives.queries.inbox import total_count, unread_count
from directives.services import inbox, messages
from directives.services.errors import NotFound, PermissionDenied
from tests.databases import Databases
from tests.factories import World, world_db


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def _post(session: Session, to: list[User], n: int) -> None:
    messages.post(
        session=session,
        key=f"test:{n}",
        kind=MessageKind.REMINDER,
        subject=f"Tin số {n}",
        body="Nội dung",
        recipients=to,
        link="viec-cua-don-vi",
    )
    session.flush()


def _item(session: Session, user: User) -> InboxItem:
    return session.exec(select(InboxItem).where(InboxItem.user_id == user.id)).first()  # type: ignore[return-value]


def test_newest_first_and_the_unread_count(session: Session, world: World) -> None:
    for n in range(3):
        _post(session, [world.secretary_a, world.leader], n)
    uid = world.secretary_a.id or 0
    assert unread_count(session, uid) == 3
    assert inbox_messages(session, uid)["subject"].tolist() == ["Tin số 2", "Tin số 1", "Tin số 0"]
    inbox.mark_read(world.secretary_a, _item(session, world.secretary_a).id or 0, session=session)
    assert unread_count(session, uid) == 2
    assert len(inbox_messages(session, uid, unread_only=True)) == 2
    assert unread_count(session, world.leader.id or 0) == 3  # the leader's copy is unread
    assert unread_count(session, world.secretary_b.id or 0) == 0


def test_mark_all_read_touches_only_ones_own(session: Session, world: World) -> None:
    for n in range(2):
        _post(session, [world.secretary_a, world.leader], n)
    moment = datetime(2021, 10, 15, 2, tzinfo=UTC)
    assert inbox.mark_all_read(world.secretary_a, session=session, now=moment) == 2
    assert inbox.mark_all_read(world.secretary_a, session=session) == 0
    assert unread_count(session, world.secretary_a.id or 0) == 0
    assert unread_count(session, world.leader.id or 0) == 2
    read = _item(session, world.secretary_a).read_at
    assert read is not None and abs(read - moment) < timedelta(seconds=1)
    assert total_count(session, world.secretary_a.id or 0) == 2


def test_nobody_reads_someone_elses_message(session: Session, world: World) -> None:
    _post(session, [world.leader], 1)
    theirs = _item(session, world.leader)
    with pytest.raises(PermissionDenied, match="tài khoản khác"):
        inbox.mark_read(world.secretary_a, theirs.id or 0, session=session)
    with pytest.raises(NotFound):
        inbox.mark_read(world.secretary_a, 999_999, session=session)
    assert unread_count(session, world.leader.id or 0) == 1
