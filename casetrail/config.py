"""Runtime configuration, from the environment (and `.env`), with embedded defaults.

`DATABASE_URL` and `TEMPORAL_ADDRESS` unset means: run the embedded PostgreSQL and Temporal dev
server under `CASETRAIL_HOME`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    home: Path = Field(default=Path("var"), validation_alias="CASETRAIL_HOME")
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    temporal_address: str | None = Field(default=None, validation_alias="TEMPORAL_ADDRESS")
    temporal_namespace: str = Field(default="default", validation_alias="TEMPORAL_NAMESPACE")
    task_queue: str = Field(default="casetrail", validation_alias="CASETRAIL_TASK_QUEUE")
    api_host: str = Field(default="127.0.0.1", validation_alias="CASETRAIL_API_HOST")
    api_port: int = Field(default=8000, validation_alias="CASETRAIL_API_PORT")
    temporal_port: int = Field(default=7233, validation_alias="CASETRAIL_TEMPORAL_PORT")
    temporal_ui_port: int = Field(default=8233, validation_alias="CASETRAIL_TEMPORAL_UI_PORT")
    session_hours: int = Field(default=12, validation_alias="CASETRAIL_SESSION_HOURS")
    # Calls a minute per address to the endpoints open without sign-in (0: no limit).
    open_rate_per_minute: int = Field(default=120, validation_alias="CASETRAIL_OPEN_RATE_PER_MINUTE")
    # Session cookies are sent over https only; set false for a local plain-http deployment.
    cookie_secure: bool = Field(default=True, validation_alias="CASETRAIL_COOKIE_SECURE")
    # How long the API waits for the worker to take an Update before answering 503.
    update_timeout_seconds: float = Field(default=15.0, validation_alias="CASETRAIL_UPDATE_TIMEOUT")
    # Largest evidence file accepted (bytes); larger uploads are refused with 413 before any byte.
    evidence_max_bytes: int = Field(default=16 * 1024**3, validation_alias="CASETRAIL_EVIDENCE_MAX_BYTES")

    @property
    def home_path(self) -> Path:
        return self.home.expanduser().resolve()


@lru_cache
def get_settings() -> Settings:
    return Settings()
