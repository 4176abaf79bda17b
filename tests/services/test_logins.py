"""The login throttle's limits that hold without a network address: per browser session and an
overall ceiling; and the address read behind a trusted proxy only."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from directives.models import Role, User
from directives.services import accounts, logins
from tests.databases import CHEAP_HASHER

PASSWORD = "mat-khau-thu-nghiem"
WRONG = "sai-mat-khau-roi"
T0 = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    logins._dummy_hash.cache_clear()
    yield
    logins._dummy_hash.cache_clear()


def users(session: Session, count: int) -> list[User]:
    return [
        accounts.create_user(
            session=session,
            username=f"lanhdao{chr(ord('a') + n)}",
            full_name=f"Lãnh đạo {n}",
            password=PASSWORD,
            role=Role.LEADER,
        )
        for n in range(count)
    ]


def test_a_browser_session_guessing_over_many_accounts_is_stopped(session: Session) -> None:
    """24 failures over 6 accounts from one browser, no address known (a local proxy): the 7th
    account is locked for this browser, even with its right password."""
    people = users(session, 7)
    failures: list[datetime] = []
    moment = T0
    for person in people[:6]:
        for _ in range(4):
            result = logins.login(
                person.username,
                WRONG,
                session=session,
                address=None,
                browser_failures=failures,
                now=moment,
            )
            assert not result.ok
            failures.append(moment)
            moment += timedelta(seconds=5)
    result = logins.login(
        people[6].username,
        PASSWORD,
        session=session,
        address=None,
        browser_failures=failures,
        now=moment,
    )
    assert result.refusal is not None and result.refusal.reason == "locked"
    # Another browser (without those failures) still logs in: the limit is this browser's.
    other = logins.login(people[6].username, PASSWORD, session=session, address=None, now=moment)
    assert other.ok
    # Once the window has passed the browser may try again.
    later = moment + timedelta(minutes=16)
    again = logins.login(
        people[6].username,
        PASSWORD,
        session=session,
        address=None,
        browser_failures=failures,
        now=later,
    )
    assert again.ok


def test_the_overall_ceiling_stops_guessing_spread_everywhere(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVES_LOGIN_MAX_FAILURES_OVERALL", "30")
    logins.get_settings.cache_clear()
    [person] = users(session, 1)
    for n in range(30):  # each from a fresh browser, a different name, no address
        result = logins.login(
            f"khong-co-{n}", WRONG, session=session, address=None, now=T0 + timedelta(seconds=n)
        )
        assert not result.ok
    result = logins.login(
        person.username, PASSWORD, session=session, address=None, now=T0 + timedelta(minutes=1)
    )
    assert result.refusal is not None and result.refusal.reason == "locked"
    assert "quá nhiều lần đăng nhập sai" in str(result.refusal)
    after = logins.login(
        person.username, PASSWORD, session=session, address=None, now=T0 + timedelta(minutes=17)
    )
    assert after.ok, "the ceiling lifts by itself once the window has passed"
