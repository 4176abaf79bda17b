"""Settings read from the environment (prefix ``DIRECTIVES_``) or a ``.env`` file.

Nothing is read at import time: call :func:`get_settings`.
"""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The checkout the package runs from (``src/`` layout, editable install)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DIRECTIVES_", env_file=".env", extra="ignore")

    database_url: str = f"sqlite:///{PROJECT_ROOT / 'data' / 'directives.db'}"
    """SQLAlchemy URL. SQLite for one district, ``postgresql+psycopg://…`` for many users."""

    host: str = "127.0.0.1"
    port: int = 8501
    timezone: str = "Asia/Ho_Chi_Minh"
    """Where the users are: dates are shown and as-of days are cut in this zone; storage is UTC."""

    language: str = "vi"
    """Default interface language (``vi`` or ``en``); each user can switch."""

    session_hours: int = 12
    """How long a login lasts (server-side session) before the user must log in again."""

    login_max_failures: int = 5
    """Failed logins for one account within ``login_lock_minutes`` that lock it."""

    login_max_failures_per_address: int = 20
    """Failed logins from one network address (any usernames) within the window that lock it."""

    login_max_failures_per_browser: int = 10
    """Failed logins from one browser session (any usernames) within the window that lock it;
    holds when the network address is unknown."""

    login_max_failures_overall: int = 100
    """Failed logins from anywhere within the window that stop all logins until it passes: the
    ceiling for guessing spread over many addresses and browser sessions."""

    login_lock_minutes: int = 15
    """The throttling window: older failures no longer count, so a lock lifts by itself."""

    trusted_proxy: bool = False
    """True when the dashboard is reached through one reverse proxy (nginx, Caddy …) that adds
    the client's address to ``X-Forwarded-For``: the login throttle then reads the address from
    that header's last entry. Leave False when users reach Streamlit directly, or anyone could
    claim any address."""

    evidence_dir: Path | None = None
    """Where evidence files are kept; None means ``data/evidence`` in the checkout."""

    evidence_max_mb: int = 20
    """The largest evidence file accepted, in MB."""

    webhook_url: str | None = None
    """Where messages are also POSTed as JSON (an SMS or Zalo gateway), signed with
    ``webhook_secret``; None: no webhook."""

    webhook_secret: str | None = None
    """The shared secret the webhook's signature is made with (HMAC-SHA256 of the body)."""

    smtp_host: str | None = None
    """The mail server that sends email deliveries; None: email deliveries wait, then fail with
    the reason, visible to administrators."""

    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "directives@localhost"
    """The sender address of every email."""

    smtp_starttls: bool = False
    """Upgrade the connection with STARTTLS before logging in (port 587 servers want it)."""

    public_url: str | None = None
    """The dashboard's address as users reach it (``https://theodoi.example.gov.vn``): links in
    emails and webhook payloads start with it; None leaves them relative (``/viec-cua-don-vi``)."""

    remind_hour: int = 7
    """With ``serve``'s background jobs: the local hour after which the day's reminders run."""

    delivery_max_attempts: int = 8
    """Attempts at one delivery before it is marked failed (waits 1, 2, 4 … minutes between)."""

    background_jobs: bool = False
    """Set by ``directives serve``: the dashboard process also runs the daily reminders and the
    delivery worker, in a thread, when it wins the jobs lock (one process of many)."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
