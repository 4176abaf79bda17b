"""Run by tests/test_faults.py in a process of its own: an Excel import through the command line
that stops with rows written but not committed, says "written" on stdout, and waits there to
be killed.

    python -m tests.faults_child updates|tasks FILE USERNAME   (DIRECTIVES_DATABASE_URL set)
"""

import sys
import time
from typing import Any

from directives.cli import app
from directives.services import bulk_updates, conclusions, workbook_tasks

PAUSED = "written"


def _pause_before_commit(real: Any) -> Any:
    def bump(*, session: Any, **changes: Any) -> None:
        real(session=session, **changes)
        session.flush()  # every statement of the transaction has run
        print(PAUSED, flush=True)
        time.sleep(600)

    return bump


def main() -> None:
    kind, file, username = sys.argv[1:4]
    # The data version's bump is the last write of the bulk status update and of the tasks
    # import's bulk inserts (all rows written).
    for module in (bulk_updates, conclusions):
        module.bump_data_version = _pause_before_commit(module.bump_data_version)  # type: ignore[attr-defined]
    workbook_tasks.bump_data_version = _pause_before_commit(workbook_tasks.bump_data_version)
    app(["import", kind, file, "--user", username])


if __name__ == "__main__":
    main()
