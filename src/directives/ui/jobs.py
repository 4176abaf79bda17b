"""The notifications' background jobs in the dashboard process (``directives serve``): started
once per process, run only while the process holds the jobs lock (see :mod:`directives.jobs`)."""

import threading

import streamlit as st

from directives.config import get_settings
from directives.db import make_engine


@st.cache_resource
def _started(url: str) -> threading.Event:
    from directives import jobs

    return jobs.start_background(make_engine(url))  # its own engine: page caches never close it


def start_background_jobs() -> None:
    """Start the daily reminders and the delivery worker when ``serve`` asked for them
    (``DIRECTIVES_BACKGROUND_JOBS``); tests and ``streamlit run`` alone leave them off."""
    settings = get_settings()
    if settings.background_jobs:
        _started(settings.database_url)
