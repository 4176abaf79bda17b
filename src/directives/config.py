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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
