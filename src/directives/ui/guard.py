"""One place that turns a busy database into a message: a page run that meets SQLite's write
lock held by someone else past the busy timeout (a long import, a backup) says so in words,
never with a traceback."""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
import streamlit as st

from directives.ui.session import lang

BUSY = (
    "Cơ sở dữ liệu đang bận (đang có một lần nhập hoặc ghi dữ liệu lớn), "
    "vui lòng tải lại sau giây lát.",
    "The database is busy (a large import or save is under way); please reload in a moment.",
)


def is_busy(error: BaseException) -> bool:
    """SQLite's "database is locked" (or "… table is locked"), after its busy timeout."""
    return isinstance(error, sa.exc.OperationalError) and "is locked" in str(error.orig).lower()


@contextmanager
def when_busy() -> Iterator[None]:
    """Run a page's code; if the database stays locked, show :data:`BUSY` and stop the run."""
    try:
        yield
    except sa.exc.OperationalError as error:
        if not is_busy(error):
            raise
        st.warning(BUSY[0] if lang() == "vi" else BUSY[1], icon=":material/hourglass_top:")
        st.stop()
