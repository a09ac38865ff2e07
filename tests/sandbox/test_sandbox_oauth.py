"""The token endpoint, rotation, revoke, token info: answers as Doorkeeper 5.5 gives them."""

from __future__ import annotations

import asyncio
import base64
import re
from typing import Any

import aiohttp
import attrs
import pytest

from scopestack_async.sandbox import Sandbox, SandboxConfig

INVALID_GRANT = (
    "The provided authorization grant is invalid, expired, revoked, does not match the "
    "redirection URI used in the authorization request, or was issued to another client."
)
INVALID_CLIENT = (
    "Client authentication failed due to unknown client, no client authentication included, "
    "or unsupported authentication method."
)
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def www_auth(error: str, description: str) -> str:
    return f'Bearer realm="Doorkeeper", error="{error}", error_description="{description}"'


async def test_password_grant_answers_like_doorkeeper(client: Any) -> None:
    u = client.sb.users["admin"]
    form = {"grant_type": "password", "username": u.username, "password": u.password}
    status, headers, body = await client.token({**form, **client.creds()})
    assert status == 200
    assert headers["Cache-Control"] == "no-store"
    assert headers["Pragma"] == "no-cache"
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert list(body) == [
        "access_token",
        "token_type",
        "expires_in",
        "refresh_token",
        "scope",
        "created_at",
    ]
    assert TOKEN_RE.match(body["access_token"])
    assert TOKEN_RE.match(body["refresh_token"])
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 7200
    assert body["scope"] == "read write"
    assert isinstance(body["created_at"], int)
    again = await client.login()
    assert again["access_token"] != body["access_token"]  # reuse_access_token is off
    assert client.sb.stats.token_requests["password"] == 2


async def test_password_grant_with_basic_auth_and_scope(client: Any) -> None:
    u = client.sb.users["admin"]
    creds = f"{client.sb.client_id}:{client.sb.client_secret}".encode()
    headers = {"Authorization": "Basic " + base64.b64encode(creds).decode()}
    form = {
        "grant_type": "password",
        "username": u.username,
        "password": u.password,
        "scope": "read",
    }
    async with client.http.post(
        f"{client.sb.auth_url}/oauth/token", data=form, headers=headers
    ) as resp:
        assert resp.status == 200
        assert (await resp.json())["scope"] == "read"


async def test_public_client_password_grant_needs_only_client_id(client: Any) -> None:
    body = await client.login(client_id=client.sb.clients["public"].client_id, client_secret="")
    assert TOKEN_RE.match(body["access_token"])


@pytest.mark.parametrize(
    ("case", "form", "status", "error", "description"),
    [
        (
            "wrong password",
            {"grant_type": "password", "password": "nope"},
            400,
            "invalid_grant",
            INVALID_GRANT,
        ),
        (
            "unknown user",
            {"grant_type": "password", "username": "who@x", "password": "x"},
            400,
            "invalid_grant",
            INVALID_GRANT,
        ),
        (
            "missing password",
            {"grant_type": "password", "password": ""},
            400,
            "invalid_grant",
            INVALID_GRANT,
        ),
        (
            "wrong secret",
            {"grant_type": "password", "client_secret": "bad"},
            401,
            "invalid_client",
            INVALID_CLIENT,
        ),
        (
            "unknown client",
            {"grant_type": "password", "client_id": "nobody"},
            401,
            "invalid_client",
            INVALID_CLIENT,
        ),
        (
            "no client auth",
            {"grant_type": "password", "client_id": ""},
            401,
            "invalid_client",
            INVALID_CLIENT,
        ),
        (
            "client credentials",
            {"grant_type": "client_credentials"},
            400,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server.",
        ),
        (
            "unknown grant",
            {"grant_type": "magic"},
            400,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server.",
        ),
        (
            "unknown scope",
            {"grant_type": "password", "scope": "admin"},
            400,
            "invalid_scope",
            "The requested scope is invalid, unknown, or malformed.",
        ),
        (
            "no grant type",
            {"grant_type": ""},
            400,
            "invalid_request",
            "Missing required parameter: grant_type.",
        ),
        (
            "no refresh token",
            {"grant_type": "refresh_token"},
            400,
            "invalid_request",
            "Missing required parameter: refresh_token.",
        ),
        (
            "unknown refresh token",
            {"grant_type": "refresh_token", "refresh_token": "x" * 43},
            400,
            "invalid_grant",
            INVALID_GRANT,
        ),
    ],
)
async def test_token_error_rows(
    client: Any, case: str, form: dict[str, str], status: int, error: str, description: str
) -> None:
    u = client.sb.users["admin"]
    base = {"username": u.username, "password": u.password, **client.creds()}
    got_status, headers, body = await client.token({**base, **form})
    assert (got_status, body) == (status, {"error": error, "error_description": description}), case
    assert headers["WWW-Authenticate"] == www_auth(error, description)
    assert headers["Cache-Control"] == "no-store"
    assert headers["Pragma"] == "no-cache"
    assert client.sb.stats.token_errors[error] == 1


async def test_deactivated_user_cannot_log_in(client: Any) -> None:
    u = client.sb.users["deactivated"]
    form = {"grant_type": "password", "username": u.username, "password": u.password}
    status, _, body = await client.token({**form, **client.creds()})
    assert (status, body["error"]) == (400, "invalid_grant")


async def test_get_token_endpoint_is_not_routed(client: Any) -> None:
    async with client.http.get(f"{client.sb.auth_url}/oauth/token") as resp:
        assert resp.status == 404


async def test_service_account_client_credentials(client: Any) -> None:
    cred = client.sb.users["service"].credentials[0]
    form = {
        "grant_type": "client_credentials",
        "client_id": cred.client_id,
        "client_secret": cred.client_secret,
    }
    status, _, body = await client.token(form)
    assert status == 200
    assert "refresh_token" not in body
    _, _, raw = await client.get("/v1/me", body["access_token"])
    assert b'"email":"integration@acme.example"' in raw
    bad = {**form, "client_secret": "wrong"}
    assert (await client.token(bad))[0] == 401


async def test_refresh_errors_about_client_authentication(client: Any) -> None:
    tokens = await client.login()
    rt = tokens["refresh_token"]
    # Without any client authentication: invalid_grant, not invalid_client.
    status, _, body = await client.token({"grant_type": "refresh_token", "refresh_token": rt})
    assert (status, body["error"]) == (400, "invalid_grant")
    # With client_id but no secret: invalid_client.
    form = {"grant_type": "refresh_token", "refresh_token": rt, "client_id": client.sb.client_id}
    status, _, body = await client.token(form)
    assert (status, body["error"]) == (401, "invalid_client")
    # Another client's refresh token: invalid_grant.
    oob = client.creds("oob")
    status, _, body = await client.token(
        {"grant_type": "refresh_token", "refresh_token": rt, **oob}
    )
    assert (status, body["error"]) == (400, "invalid_grant")
    # Broader scope than granted: invalid_scope.
    narrow = await client.login(scope="read")
    form = {
        "grant_type": "refresh_token",
        "refresh_token": narrow["refresh_token"],
        "scope": "read write",
        **client.creds(),
    }
    status, _, body = await client.token(form)
    assert (status, body["error"]) == (400, "invalid_scope")


async def test_on_use_rotation(client: Any) -> None:
    first = await client.login()
    status, second = await client.refresh(first["refresh_token"])
    assert status == 200
    assert second["refresh_token"] != first["refresh_token"]
    assert second["expires_in"] == first["expires_in"]
    # Until the new token is used, both old tokens keep working, and RT1 mints more pairs.
    assert (await client.get("/v1/me", first["access_token"]))[0] == 200
    status, third = await client.refresh(first["refresh_token"])
    assert status == 200
    assert client.sb.stats.refresh_reuse == 1
    # First use of AT2 revokes RT1's row (AT1 and RT1).
    assert (await client.get("/v1/me", second["access_token"]))[0] == 200
    status, headers, _ = await client.get("/v1/me", first["access_token"])
    assert status == 401
    assert headers["WWW-Authenticate"] == www_auth("invalid_token", "The access token was revoked")
    assert (await client.refresh(first["refresh_token"]))[0] == 400
    # Pairs minted from RT1 stay valid.
    assert (await client.get("/v1/me", third["access_token"]))[0] == 200
    assert (await client.refresh(second["refresh_token"]))[0] == 200
    assert client.sb.stats.refreshes == 3
    assert client.sb.stats.refresh_reuse == 2


async def test_on_use_parallel_refreshes_all_succeed(client: Any) -> None:
    first = await client.login()
    results = await asyncio.gather(*(client.refresh(first["refresh_token"]) for _ in range(8)))
    assert [s for s, _ in results] == [200] * 8
    assert len({b["access_token"] for _, b in results}) == 8
    assert client.sb.stats.refresh_reuse == 7


async def test_immediate_rotation(client: Any) -> None:
    client.sb.config = attrs.evolve(client.sb.config, rotation="immediate")
    first = await client.login()
    status, second = await client.refresh(first["refresh_token"])
    assert status == 200
    status, headers, _ = await client.get("/v1/me", first["access_token"])
    assert status == 401
    assert "was revoked" in headers["WWW-Authenticate"]
    status, body = await client.refresh(first["refresh_token"])
    assert (status, body["error"]) == (400, "invalid_grant")
    assert (await client.get("/v1/me", second["access_token"]))[0] == 200


async def test_immediate_rotation_parallel_refreshes_one_wins(client: Any) -> None:
    client.sb.config = attrs.evolve(client.sb.config, rotation="immediate")
    first = await client.login()
    results = await asyncio.gather(*(client.refresh(first["refresh_token"]) for _ in range(8)))
    statuses = sorted(s for s, _ in results)
    assert statuses == [200] + [400] * 7
    assert {b.get("error") for s, b in results if s == 400} == {"invalid_grant"}
    assert client.sb.stats.refreshes == 1
    assert client.sb.stats.refresh_reuse == 7


async def test_rotation_off_keeps_refresh_token(client: Any) -> None:
    client.sb.config = attrs.evolve(client.sb.config, rotation="off")
    first = await client.login()
    status, second = await client.refresh(first["refresh_token"])
    assert status == 200
    assert second["refresh_token"] == first["refresh_token"]
    assert (await client.refresh(first["refresh_token"]))[0] == 200
    assert client.sb.stats.refresh_reuse == 0


async def test_refresh_after_expiry_works(client: Any) -> None:
    first = await client.login()
    assert client.sb.expire_tokens_now() >= 1
    status, headers, _ = await client.get("/v1/me", first["access_token"])
    assert status == 401
    assert headers["WWW-Authenticate"] == www_auth("invalid_token", "The access token expired")
    status, second = await client.refresh(first["refresh_token"])
    assert status == 200
    assert (await client.get("/v1/me", second["access_token"]))[0] == 200


async def test_revoke(client: Any) -> None:
    tokens = await client.login()
    url = f"{client.sb.auth_url}/oauth/revoke"
    # Confidential client's token without client auth: 403, no WWW-Authenticate.
    async with client.http.post(url, data={"token": tokens["access_token"]}) as resp:
        assert resp.status == 403
        assert await resp.json() == {
            "error": "unauthorized_client",
            "error_description": "You are not authorized to revoke this token",
        }
        assert "WWW-Authenticate" not in resp.headers
    wrong = {
        "token": tokens["access_token"],
        "client_id": client.sb.client_id,
        "client_secret": "bad",
    }
    async with client.http.post(url, data=wrong) as resp:
        assert resp.status == 403
    # Revoking the refresh token revokes the access token too (one row).
    form = {"token": tokens["refresh_token"], "token_type_hint": "access_token", **client.creds()}
    async with client.http.post(url, data=form) as resp:
        assert (resp.status, await resp.json()) == (200, {})
    status, headers, _ = await client.get("/v1/me", tokens["access_token"])
    assert status == 401
    assert "was revoked" in headers["WWW-Authenticate"]
    assert (await client.refresh(tokens["refresh_token"]))[0] == 400
    # Unknown or already revoked: still 200 {}.
    for token in ("unknown", tokens["access_token"]):
        async with client.http.post(url, data={"token": token, **client.creds()}) as resp:
            assert (resp.status, await resp.json()) == (200, {})


async def test_revoke_public_client_token_with_client_id_only(client: Any) -> None:
    public = client.sb.clients["public"].client_id
    tokens = await client.login(client_id=public, client_secret="")
    async with client.http.post(
        f"{client.sb.auth_url}/oauth/revoke",
        data={"token": tokens["access_token"], "client_id": public},
    ) as r:
        assert r.status == 200
    assert (await client.get("/v1/me", tokens["access_token"]))[0] == 401


async def test_token_info(client: Any) -> None:
    tokens = await client.login(scope="read")
    url = f"{client.sb.auth_url}/oauth/token/info"
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    async with client.http.get(url, headers=headers) as resp:
        assert resp.status == 200
        body = await resp.json()
    assert body["resource_owner_id"] == client.sb.users["admin"].id
    assert body["scope"] == ["read"]
    assert 7190 <= body["expires_in"] <= 7200
    assert body["application"] == {"uid": client.sb.client_id}
    assert body["created_at"] == tokens["created_at"]
    client.sb.expire_tokens_now()
    async with client.http.get(url, headers=headers) as resp:
        assert resp.status == 401
        assert resp.headers["WWW-Authenticate"] == www_auth(
            "invalid_token", "The access token is invalid"
        )
        assert await resp.json() == {
            "error": "invalid_token",
            "error_description": "The access token is invalid",
            "state": "unauthorized",
        }


async def test_token_info_counts_as_use_for_rotation(client: Any) -> None:
    first = await client.login()
    _, second = await client.refresh(first["refresh_token"])
    headers = {"Authorization": f"Bearer {second['access_token']}"}
    async with client.http.get(f"{client.sb.auth_url}/oauth/token/info", headers=headers) as r:
        assert r.status == 200
    assert (await client.refresh(first["refresh_token"]))[0] == 400


async def test_introspect(client: Any) -> None:
    tokens = await client.login()
    url = f"{client.sb.auth_url}/oauth/introspect"
    form = {"token": tokens["access_token"], **client.creds()}
    async with client.http.post(url, data=form) as resp:
        body = await resp.json()
    assert body["active"] is True
    assert body["client_id"] == client.sb.client_id
    assert body["exp"] - body["iat"] == 7200
    client.sb.revoke_all_tokens()
    async with client.http.post(url, data=form) as resp:
        assert await resp.json() == {"active": False}
    async with client.http.post(url, data={"token": tokens["access_token"]}) as resp:
        assert resp.status == 401


async def test_jwt_token_format_carries_exp() -> None:
    config = SandboxConfig(records=0, token_format="jwt", token_ttl=60)
    async with Sandbox(config) as sb, aiohttp.ClientSession() as http:
        u = sb.users["admin"]
        form = {
            "grant_type": "password",
            "username": u.username,
            "password": u.password,
            "client_id": sb.client_id,
            "client_secret": sb.client_secret,
        }
        async with http.post(f"{sb.auth_url}/oauth/token", data=form) as resp:
            body = await resp.json()
    _header, payload, _sig = body["access_token"].split(".")
    import orjson

    claims = orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["exp"] - claims["iat"] == 60
    assert claims["sub"] == str(u.id)


async def test_early_expiry_knob(client: Any) -> None:
    client.sb.config = attrs.evolve(client.sb.config, early_expiry_rate=1.0, early_expiry_after=0.0)
    tokens = await client.login()
    assert tokens["expires_in"] == 7200  # the response still promises the full lifetime
    status, headers, _ = await client.get("/v1/me", tokens["access_token"])
    assert status == 401
    assert "expired" in headers["WWW-Authenticate"]


async def test_revocation_knob(client: Any) -> None:
    tokens = await client.login()
    client.sb.config = attrs.evolve(client.sb.config, revocation_rate=1.0)
    status, headers, _ = await client.get("/v1/me", tokens["access_token"])
    assert status == 401
    assert "was revoked" in headers["WWW-Authenticate"]
