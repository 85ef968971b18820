"""Login with argon2-hashed passwords and the JWT it returns."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcm.auth.security import hash_password, verify_password
from tests.factories import TEST_PASSWORD, OrgFixture, make_user


def test_password_hash_is_argon2_and_verifies() -> None:
    hashed = hash_password("s3cret-passphrase")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "s3cret-passphrase")
    assert not verify_password(hashed, "wrong")
    assert not verify_password("not-a-hash", "wrong")


def test_login_returns_a_token_that_works(session: Session, org: OrgFixture, app_client: TestClient) -> None:
    user = make_user(session, org, "billing_manager", email="sam@example.test")
    session.commit()
    res = app_client.post("/auth/token", data={"username": "SAM@example.test", "password": TEST_PASSWORD})
    assert res.status_code == 200, res.text
    token = res.json()["access_token"]
    me = app_client.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["user_id"] == str(user.id) and me["level"] == 70
    assert "claims.submit" in me["permissions"]


def test_wrong_password_and_unknown_user_look_the_same(
    session: Session, org: OrgFixture, app_client: TestClient
) -> None:
    make_user(session, org, "biller", email="b@example.test")
    session.commit()
    wrong = app_client.post("/auth/token", data={"username": "b@example.test", "password": "nope"})
    unknown = app_client.post("/auth/token", data={"username": "who@example.test", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_deactivated_user_token_stops_working(session: Session, org: OrgFixture, as_role: Callable) -> None:
    from rcm.auth.models import User

    client = as_role("biller")
    assert client.get("/claims").status_code == 200
    session.query(User).update({"is_active": False})  # test setup only
    session.commit()
    assert client.get("/claims").status_code == 401


def test_admin_creates_users_of_its_own_org(as_role: Callable) -> None:
    admin = as_role("practice_admin")
    res = admin.post(
        "/users",
        json={
            "email": "new@example.com",
            "full_name": "New Biller",
            "role": "biller",
            "password": "long-enough-password",
        },
    )
    assert res.status_code == 201, res.text
    dup = admin.post(
        "/users",
        json={
            "email": "new@example.com",
            "full_name": "Again",
            "role": "biller",
            "password": "long-enough-password",
        },
    )
    assert dup.status_code == 409
