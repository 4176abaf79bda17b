"""Streamlit's own command line (``python -m directives.ui.launch run dashboard/app.py …``) in a
process that first imports what the dashboard's pages use and starts reading the overview's
figures into memory.

Streamlit runs the app's script only when a browser connects, so with ``python -m streamlit``
the first visitor after a start waited for pandas, plotly, SQLAlchemy and every page's module to
import (seconds on a small server) before the login form appeared. ``directives serve`` and the
benchmark start the dashboard through here instead; the server answers its health check a
moment later, and the first visitor gets the form as fast as the next one.
"""


def _import_pages() -> None:
    """The modules every page's script imports (the router's and the leaders' pages')."""
    import directives.charts
    import directives.ui.auth
    import directives.ui.data
    import directives.ui.follow_ups
    import directives.ui.inbox
    import directives.ui.preload
    import directives.ui.tables
    import directives.ui.unit_pages
    import directives.ui.widgets  # noqa: F401


def main() -> None:
    _import_pages()
    from streamlit.web.cli import main as streamlit

    from directives.config import get_settings
    from directives.ui import data

    data.load_store_in_background(get_settings().database_url)

    streamlit(prog_name="streamlit")  # the same command line whichever way it is called


if __name__ == "__main__":
    main()
