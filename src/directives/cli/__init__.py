"""The command line: ``directives --help``.

:mod:`.app` builds the Typer application; each sibling module adds one group of commands:
:mod:`.database` (init-db, demo, backup, restore), :mod:`.accounts` (users), :mod:`.exchange`
(export, import), :mod:`.documents` (extract, report) and :mod:`.server` (serve).
"""

from directives.cli import accounts, database, documents, exchange, server, units  # noqa: F401
from directives.cli.app import app

__all__ = ["app"]
