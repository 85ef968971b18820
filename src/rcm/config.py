"""Settings, read from the environment with the `RCM_` prefix (and an optional `.env`).

The embedded default needs nothing installed: a SQLite file under `./var/` and jobs run in
the API process. Production sets `RCM_DATABASE_URL` to PostgreSQL and `RCM_JOBS_BACKEND=celery`
with `RCM_REDIS_URL`; the code path is the same.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_JWT_SECRET = "dev-only-insecure-jwt-secret-change-me"


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class JobsBackend(StrEnum):
    inprocess = "inprocess"
    celery = "celery"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RCM_", env_file=".env", extra="ignore")

    env: Environment = Environment.development
    data_dir: Path = Path("./var")
    database_url: str = ""
    redis_url: str | None = None
    jobs_backend: JobsBackend = JobsBackend.inprocess
    # Run in-process jobs synchronously right after commit (tests) instead of on a thread pool.
    jobs_eager: bool = False
    jwt_secret: str = DEFAULT_JWT_SECRET
    jwt_ttl_minutes: int = Field(default=12 * 60, ge=1)
    log_level: str = "INFO"
    log_json: bool = True
    sql_echo: bool = False
    # Clearinghouse: "simulator" (built-in payer simulator) or "filedrop" / "sftp".
    clearinghouse: str = "simulator"
    clearinghouse_outbound_dir: Path | None = None
    clearinghouse_inbound_dir: Path | None = None
    validate_outbound_x12: bool = False
    # SFTP clearinghouse account (RCM_CLEARINGHOUSE=sftp).
    sftp_host: str | None = None
    sftp_port: int = 22
    sftp_username: str | None = None
    sftp_password: str | None = None
    sftp_key_files: list[str] = Field(default_factory=list)
    sftp_known_hosts: str | None = None
    sftp_remote_outbound: str = "inbound"
    sftp_remote_inbound: str = "outbound"
    # ISA15: P production, T test.
    x12_usage: str = Field(default="P", pattern="^[PT]$")
    scheduler_enabled: bool = True
    # Alert webhooks to loopback/private/link-local addresses: allowed in development and test,
    # refused in production unless set to true (a single-tenant install posting to an internal receiver).
    webhook_private_hosts: bool | None = None

    @model_validator(mode="after")
    def _defaults_and_guards(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'rcm.db').as_posix()}"
        if self.env is not Environment.development and self.jwt_secret == DEFAULT_JWT_SECRET:
            raise ValueError("RCM_JWT_SECRET must be set to a real secret outside development")
        if self.env is Environment.production and len(self.jwt_secret) < 32:
            raise ValueError("RCM_JWT_SECRET must be at least 32 characters in production")
        if self.jobs_backend is JobsBackend.celery and not self.redis_url:
            raise ValueError("RCM_JOBS_BACKEND=celery needs RCM_REDIS_URL")
        return self

    @property
    def allow_private_webhooks(self) -> bool:
        if self.webhook_private_hosts is None:
            return self.env is not Environment.production
        return self.webhook_private_hosts

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
