"""The database's units as the notice reader knows them, and a notice read against them.

The reader (:mod:`directives.importers.notice`) only parses: it takes a
:class:`~directives.importers.unit_names.UnitDirectory` built from plain unit records. This module
loads those records and composes the two.
"""

from datetime import date

from sqlmodel import Session, col, select

from directives.importers.notice import Proposal, extract
from directives.importers.unit_names import UnitDirectory
from directives.models import Unit


def unit_directory(session: Session, on: date | None) -> UnitDirectory:
    """Every unit in the database, named as on the day ``on``."""
    return UnitDirectory(session.exec(select(Unit).order_by(col(Unit.id))).all(), on)


def propose(text: str, session: Session, issued: date | None = None) -> Proposal:
    """:func:`~directives.importers.notice.extract` against the database's units as they were on
    the notice's date (read from its header unless ``issued`` is given)."""
    units = session.exec(select(Unit).order_by(col(Unit.id))).all()
    first = extract(text, UnitDirectory(units, issued), issued=issued)
    on = issued or first.document.date
    if on is None or on == issued:
        return first
    return extract(text, UnitDirectory(units, on), issued=issued)
