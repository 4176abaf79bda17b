"""Posting a message: who it reaches in the app, which deliveries it queues, and that a key is
posted once."""

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from directives.config import get_settings
from directives.models import Channel, Delivery, InboxItem, Message, MessageKind
from directives.services import messages
from tests.databases import Databases
from tests.factories import World, count, world_db


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def _post(session: Session, world: World, key: str = "reminder:1:2021-10-15") -> Message | None:
    return messages.post(
        session=session,
        key=key,
        kind=MessageKind.REMINDER,
        subject="Nhắc hạn",
        body="Hai nhiệm vụ sắp đến hạn.",
        recipients=messages.secretaries_of(world.unit_a.id or 0, session=session),
        unit_id=world.unit_a.id,
    )


def test_a_message_reaches_the_units_secretaries_once_per_key(
    session: Session, world: World
) -> None:
    world.secretary_a.email = "an@example.org"
    session.add(world.secretary_a)
    message = _post(session, world)
    assert message is not None
    inbox = session.exec(select(InboxItem.user_id)).all()
    assert inbox == [world.secretary_a.id]
    deliveries = session.exec(select(Delivery.channel, Delivery.address)).all()
    assert deliveries == [(Channel.EMAIL, "an@example.org")]
    assert _post(session, world) is None  # the same key again: nothing more
    assert (count(session, "message"), count(session, "inbox_item")) == (1, 1)


def test_a_webhook_gets_every_message_when_set(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    get_settings.cache_clear()
    assert _post(session, world) is not None
    deliveries = session.exec(select(Delivery.channel, Delivery.address)).all()
    assert deliveries == [(Channel.WEBHOOK, "http://127.0.0.1:9/hook")]  # no email on file
