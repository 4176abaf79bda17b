"""New usernames: NFC, a safe character set (the refused character named), at most the
column's length, and never a look-alike of an existing account."""

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session

from directives.models import Role, User
from directives.services import accounts
from directives.services.accounts import USERNAME_LENGTH, check_username, username_key
from directives.services.errors import InvalidInput
from tests.databases import CHEAP_HASHER
from tests.fuzz import fuzz

EXISTING = "thuky.giao-an"


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    yield


@pytest.fixture
def existing(session: Session) -> User:
    return add(session, EXISTING)


def add(session: Session, username: str) -> User:
    return accounts.create_user(
        session=session,
        username=username,
        full_name="Thư ký",
        password="mat-khau-thu-nghiem",
        role=Role.LEADER,
    )


def refusal(session: Session, username: str) -> str:
    with pytest.raises(InvalidInput) as caught:
        add(session, username)
    assert caught.value.field == "tên đăng nhập"
    return caught.value.message


@pytest.mark.parametrize(
    ("username", "says"),
    [
        ("thuky.giao\u200b-an", "ký tự ẩn U+200B ở vị trí 11"),
        ("thuky.gi\u0430o-an", "“а” (U+0430) ở vị trí 9"),  # a Cyrillic a
        ("thuky giao-an", "dấu cách ở vị trí 6"),
        ("thư-ký", "“ư” (U+01B0) ở vị trí 3"),
    ],
    ids=["zero-width-space", "cyrillic-a", "space", "diacritics"],
)
def test_characters_outside_the_safe_set_are_named(
    session: Session, existing: User, username: str, says: str
) -> None:
    message = refusal(session, username)
    assert says in message and "a–z" in message


@pytest.mark.parametrize(
    "username",
    ["thuky_giao-an", "thuky-giao.an", "thuky.giao--an", "thuky.gia0-an", "THUKY.GIAO-AN"],
)
def test_look_alikes_of_an_existing_account_are_refused(
    session: Session, existing: User, username: str
) -> None:
    message = refusal(session, username)
    assert EXISTING in message


def test_confusable_letters_fold_alike() -> None:
    assert username_key("rnai") == username_key("mal") == username_key("rna1")
    assert username_key("a.b") == username_key("a-b") == username_key("a_b")
    assert username_key("giao-an") != username_key("giao-lac")


def test_a_username_over_its_column_is_refused(session: Session) -> None:
    assert USERNAME_LENGTH == 80
    add(session, "a" * USERNAME_LENGTH)
    message = refusal(session, "b" * (USERNAME_LENGTH + 1))
    assert message == f"dài {USERNAME_LENGTH + 1} ký tự, tối đa {USERNAME_LENGTH} ký tự."


USERNAMES = st.one_of(
    st.text(max_size=90),
    st.text(st.sampled_from("abcilmnorstuvw01._-|"), min_size=1, max_size=20),
    st.sampled_from(["thuky.giao-an", "thuky.giao-an\u200b", "thuky.giаo-an", "thuky_giao_an"]),
)


@fuzz(300)
@given(USERNAMES)
def test_any_username_is_stored_safe_or_refused(
    session: Session, existing: User, username: str
) -> None:
    nested = session.begin_nested()
    try:
        try:
            name = check_username(username, session=session)
        except InvalidInput as error:
            assert error.message
            return
        assert 0 < len(name) <= USERNAME_LENGTH
        assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789._-" for c in name), name
        assert username_key(name) != username_key(EXISTING), "never a look-alike"
        assert add(session, username).username == name
    finally:
        nested.rollback()
