"""/oauth/authorize with auto-approval, PKCE, redirect URI rules and the OOB page."""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

INVALID_REDIRECT = (
    "The requested redirect uri is malformed or doesn&#x27;t match client redirect URI."
)
CALLBACK = "http://127.0.0.1:8765/callback"


async def authorize(client: Any, **params: str) -> tuple[int, dict[str, str], str]:
    base = {"client_id": client.sb.client_id, "redirect_uri": CALLBACK, "response_type": "code"}
    async with client.http.get(
        f"{client.sb.auth_url}/oauth/authorize", params={**base, **params}, allow_redirects=False
    ) as resp:
        return resp.status, dict(resp.headers), await resp.text()


def code_of(location: str) -> str:
    return parse_qs(urlsplit(location).query)["code"][0]


async def exchange(client: Any, code: str, **extra: str) -> tuple[int, Any]:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
        **client.creds(),
        **extra,
    }
    status, _, body = await client.token(form)
    return status, body


async def test_auto_approval_redirects_with_code_and_state(client: Any) -> None:
    status, headers, body = await authorize(client, state="xyz")
    assert status == 302
    location = headers["Location"]
    assert location.startswith(CALLBACK + "?")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["xyz"]
    assert len(query["code"][0]) == 43
    assert "You are being <a href=" in body
    assert "redirected</a>." in body
    status, tokens = await exchange(client, query["code"][0])
    assert status == 200
    assert "refresh_token" in tokens
    _, _, me = await client.get("/v1/me", tokens["access_token"])
    assert b'"email":"admin@acme.example"' in me
    # Codes are single-use.
    status, body2 = await exchange(client, query["code"][0])
    assert (status, body2["error"]) == (400, "invalid_grant")


async def test_state_left_out_when_not_sent(client: Any) -> None:
    _, headers, _ = await authorize(client)
    assert "state" not in parse_qs(urlsplit(headers["Location"]).query)


async def test_user_chosen_by_param_or_header(client: Any) -> None:
    _, headers, _ = await authorize(client, sandbox_user="readonly")
    _, tokens = await exchange(client, code_of(headers["Location"]))
    _, _, me = await client.get("/v1/me", tokens["access_token"])
    assert b"viewer@acme.example" in me
    async with client.http.get(
        f"{client.sb.auth_url}/oauth/authorize",
        params={
            "client_id": client.sb.client_id,
            "redirect_uri": CALLBACK,
            "response_type": "code",
        },
        headers={"X-Sandbox-User": "globex_admin"},
        allow_redirects=False,
    ) as resp:
        location = resp.headers["Location"]
    _, tokens = await exchange(client, code_of(location))
    _, _, me = await client.get("/v1/me", tokens["access_token"])
    assert b'"account-slug":"globex"' in me


async def test_deactivated_user_is_not_approved(client: Any) -> None:
    status, headers, body = await authorize(client, sandbox_user="deactivated")
    assert status == 200
    assert "Location" not in headers
    assert "An error has occurred" in body


@pytest.mark.parametrize(
    ("method", "verifier_to_challenge"),
    [
        (
            "S256",
            lambda v: (
                base64.urlsafe_b64encode(hashlib.sha256(v.encode()).digest()).decode().rstrip("=")
            ),
        ),
        ("plain", lambda v: v),
    ],
)
async def test_pkce(client: Any, method: str, verifier_to_challenge: Any) -> None:
    verifier = "v" * 50
    public = client.sb.clients["public"].client_id
    _, headers, _ = await authorize(
        client,
        client_id=public,
        code_challenge=verifier_to_challenge(verifier),
        code_challenge_method=method,
    )
    code = code_of(headers["Location"])
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
        "client_id": public,
    }
    status, _, body = await client.token(form)
    assert (status, body) == (
        400,
        {
            "error": "invalid_request",
            "error_description": "Missing required parameter: code_verifier.",
        },
    )
    status, _, body = await client.token({**form, "code_verifier": "w" * 50})
    assert (status, body["error"]) == (400, "invalid_grant")
    status, _, body = await client.token({**form, "code_verifier": verifier})
    assert status == 200
    assert body["token_type"] == "Bearer"


async def test_no_pkce_needs_no_verifier_even_for_public_client(client: Any) -> None:
    public = client.sb.clients["public"].client_id
    _, headers, _ = await authorize(client, client_id=public)
    form = {
        "grant_type": "authorization_code",
        "code": code_of(headers["Location"]),
        "redirect_uri": CALLBACK,
        "client_id": public,
    }
    assert (await client.token(form))[0] == 200


@pytest.mark.parametrize(
    ("uri", "accepted"),
    [
        ("http://127.0.0.1:54321/callback", True),
        ("http://127.0.0.2:8765/callback", False),
        ("http://[::1]:8765/callback", False),
        ("http://localhost:8765/callback", False),
        ("http://127.0.0.1:8765/other", False),
        ("https://127.0.0.1:8765/callback", False),
    ],
)
async def test_redirect_uri_rules(client: Any, uri: str, accepted: bool) -> None:
    status, headers, body = await authorize(client, redirect_uri=uri)
    if accepted:
        assert status == 302
        assert headers["Location"].startswith(uri + "?code=")
    else:
        assert status == 200
        assert "<h1>An error has occurred</h1>" in body
        assert INVALID_REDIRECT in body


async def test_exchange_ignores_loopback_port_but_needs_redirect_uri(client: Any) -> None:
    _, headers, _ = await authorize(client, redirect_uri="http://127.0.0.1:40000/callback")
    code = code_of(headers["Location"])
    form = {"grant_type": "authorization_code", "code": code, **client.creds()}
    status, _, body = await client.token(form)
    assert (status, body["error_description"]) == (400, "Missing required parameter: redirect_uri.")
    status, _ = await exchange(client, code, redirect_uri="http://127.0.0.1:9/other")
    assert status == 400
    status, _ = await exchange(client, code)  # registered port 8765, authorized with 40000
    assert status == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"client_id": "unknown"}, "Client authentication failed due to unknown client"),
        ({"scope": "admin"}, "The requested scope is invalid, unknown, or malformed."),
        (
            {"response_type": "token"},
            "The authorization server does not support this response type.",
        ),
        ({"code_challenge": "abc"}, "The code challenge method must be plain or S256."),
    ],
)
async def test_authorize_errors_are_html_200(
    client: Any, params: dict[str, str], message: str
) -> None:
    status, headers, body = await authorize(client, **params)
    assert status == 200
    assert "Location" not in headers
    assert headers["Content-Type"].startswith("text/html")
    assert "<h1>An error has occurred</h1>" in body
    assert message in body


async def test_oob_flow(client: Any) -> None:
    oob = client.sb.clients["oob"]
    oob_uri = "urn:ietf:wg:oauth:2.0:oob"
    status, headers, _ = await authorize(
        client, client_id=oob.client_id, redirect_uri=oob_uri, state="dropped"
    )
    assert status == 302
    location = headers["Location"]
    assert location.startswith(f"{client.sb.auth_url}/oauth/authorize/native?code=")
    assert "state" not in location
    async with client.http.get(location) as resp:
        page = await resp.text()
    assert "<title>OAuth authorization required</title>" in page
    assert "<h1>Authorization code:</h1>" in page
    code = code_of(location)
    assert f'<code id="authorization_code">{code}</code>' in page
    form = {"grant_type": "authorization_code", "code": code, **client.creds("oob")}
    status, _, body = await client.token({**form, "redirect_uri": CALLBACK})
    assert (status, body["error"]) == (400, "invalid_grant")
    status, _, body = await client.token({**form, "redirect_uri": oob_uri})
    assert status == 200
