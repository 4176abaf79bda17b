"""The write actions of the pages: each is one transaction with the acting user read afresh from
the database, and returns an error message to show, or None. The services decide; this only
connects a page to them."""

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from sqlmodel import Session

from directives.db import session_scope
from directives.models import User
from directives.services.errors import ServiceError
from directives.services.updates import Conflict
from directives.ui import data
from directives.ui.conflicts import conflict_message
from directives.ui.session import current_user

T = TypeVar("T")


def run(action: Callable[[Session, User], T]) -> tuple[T | None, str | None]:
    """Call ``action(session, actor)`` in one write transaction; (result, None) or (None, error)."""
    me = current_user()
    if me is None:
        return None, "Phiên đăng nhập đã hết, hãy đăng nhập lại."
    try:
        with session_scope(data.engine(), write=True) as session:
            actor = session.get(User, me.id)
            if actor is None:
                return None, "Tài khoản không còn tồn tại."
            return action(session, actor), None
    except Conflict as error:
        return None, conflict_message(error)
    except ServiceError as error:
        return None, str(error)


def today() -> date:
    return date.today()
