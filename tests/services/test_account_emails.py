"""Accounts' email addresses: given at creation or changed by an administrator (audited),
checked, with Vietnamese refusals; the demo's are at example.org."""

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from directives.models import Role, User
from directives.services import accounts
from directives.services.errors import InvalidInput, PermissionDenied
from tests.databases import CHEAP_HASHER, Databases
from tests.factories import PASSWORD, World, audit_entries, world_db


@pytest.fixture
def db_url(databases: Databases) -> Iterator[str]:
    yield from world_db(databases)


def test_an_account_is_created_with_an_address(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    user = accounts.create_user(
        session=session,
        actor=world.admin,
        username="thuky.moi",
        full_name="Thư ký mới",
        password=PASSWORD,
        role=Role.SECRETARY,
        unit=world.unit_a,
        email="  thuky.moi@example.org ",
    )
    assert user.email == "thuky.moi@example.org"


@pytest.mark.parametrize("bad", ["khong-phai-thu", "a@b", "hai@@example.org", "tên@ví-dụ.vn"])
def test_what_is_not_an_address_is_refused(session: Session, world: World, bad: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        accounts.change_email(world.admin, world.secretary_a.id or 0, bad, session=session)
    assert "thư điện tử" in str(refused.value) and "không phải là địa chỉ thư" in str(refused.value)


def test_an_administrator_changes_and_clears_an_address(session: Session, world: World) -> None:
    uid = world.secretary_a.id or 0
    accounts.change_email(world.admin, uid, "an@example.org", session=session)
    accounts.change_email(world.admin, uid, "", session=session)
    assert session.get(User, uid).email is None  # type: ignore[union-attr]
    entries = audit_entries(session, "user.change_email")
    assert len(entries) == 2
    assert entries[0].after and "an@example.org" in entries[0].after
    with pytest.raises(PermissionDenied):
        accounts.change_email(world.leader, uid, "x@example.org", session=session)


def test_the_demo_mails_nobody_real(demo_session: Session) -> None:
    emails = demo_session.exec(select(User.username, User.email)).all()
    assert emails and all(email == f"{name}@example.org" for name, email in emails)
