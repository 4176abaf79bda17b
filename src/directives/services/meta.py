"""Facts stored with the data: the demo's as-of day."""

from datetime import date

from sqlmodel import Session

from directives.models import AppMeta


def default_as_of(*, session: Session, today: date | None = None) -> date:
    """The demo's stored day if this is the demo, else today."""
    meta = session.get(AppMeta, "demo_as_of")
    if meta is not None:
        return date.fromisoformat(meta.value)
    return today or date.today()
