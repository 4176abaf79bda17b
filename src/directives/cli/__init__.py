"""The command line: ``directives --help``.

:mod:`.app` builds the Typer application; each sibling module adds one group of commands:
:mod:`.database` (init-db, demo, backup, restore), :mod:`.accounts` (users), :mod:`.exchange`
(export, import), :mod:`.documents` (extract, report), :mod:`.grades` (grades),
:mod:`.notifications` (remind, worker) and :mod:`.server` (serve).
"""

from directives.cli import (  # noqa: F401
    accounts,
    database,
    documents,
    exchange,
    grades,
    notifications,
    server,
    units,
)
from directives.cli.app import app

__all__ = ["app"]
