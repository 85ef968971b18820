"""Settings guards, health checks and the error envelope."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from rcm.config import DEFAULT_JWT_SECRET, Settings


class TestSettings:
    def test_embedded_default_is_sqlite_under_var(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for key in ("RCM_DATABASE_URL", "RCM_DATA_DIR", "RCM_ENV", "RCM_JWT_SECRET"):
            monkeypatch.delenv(key, raising=False)
        settings = Settings(_env_file=None)
        assert settings.database_url == "sqlite:///var/rcm.db"
        assert settings.jobs_backend.value == "inprocess"

    @pytest.mark.parametrize("env", ["production", "test"])
    def test_default_jwt_secret_refused_outside_development(self, env: str) -> None:
        with pytest.raises(ValidationError, match="RCM_JWT_SECRET"):
            Settings(_env_file=None, env=env, jwt_secret=DEFAULT_JWT_SECRET)

    def test_celery_backend_needs_redis(self) -> None:
        with pytest.raises(ValidationError, match="RCM_REDIS_URL"):
            Settings(_env_file=None, env="development", jobs_backend="celery", redis_url=None)


class TestOps:
    def test_health_and_ready(self, app_client: TestClient) -> None:
        assert app_client.get("/health").json() == {"status": "ok"}
        assert app_client.get("/ready").json() == {"status": "ready", "database": "ok"}

    def test_unknown_route_uses_the_error_envelope(self, app_client: TestClient) -> None:
        res = app_client.get("/no-such-thing")
        assert res.status_code == 404
        assert set(res.json()) == {"error", "detail", "context"}

    def test_missing_token_is_401(self, app_client: TestClient) -> None:
        res = app_client.get("/claims")
        assert res.status_code == 401 and res.json()["error"] == "Unauthorized"

    def test_garbage_token_is_401(self, app_client: TestClient) -> None:
        res = app_client.get("/claims", headers={"Authorization": "Bearer not.a.jwt"})
        assert res.status_code == 401 and res.json()["detail"] == "invalid access token"

    def test_openapi_docs_are_served(self, app_client: TestClient) -> None:
        spec = app_client.get("/openapi.json").json()
        assert "/claims/{claim_id}/transitions" in spec["paths"]
        assert app_client.get("/docs").status_code == 200
