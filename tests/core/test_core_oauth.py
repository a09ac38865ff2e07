"""Pure token-endpoint parsing (RFC 6749 §5.1/§5.2) and the Token value."""

from __future__ import annotations

import aiohttp
import orjson
import pytest
from aioresponses import aioresponses
from yarl import URL

import scopestack_async as ss
from scopestack_async._core.oauth import parse_token_response
from scopestack_async.auth.endpoint import TokenEndpoint
from scopestack_async.stores._codec import decode_token, encode_token

NOW = 1_795_888_817.4
GOOD = {
    "access_token": "oWJ55kp-2aZdcaT7KJlMN1ev0xLPGE4htTEjvwtpLoQ",
    "token_type": "Bearer",
    "expires_in": 7200,
    "refresh_token": "DYrsUT2Jug4c32ajSc5pxZEWp1dGxDBcugTpae_b0pE",
    "scope": "read",
    "created_at": 1795888817,
}


def parse(status: int, body: object, ctype: str = "application/json") -> ss.Token:
    raw = body if isinstance(body, bytes) else orjson.dumps(body)
    return parse_token_response(status, ctype, raw, received_at=NOW)


def test_doorkeeper_response_becomes_a_token() -> None:
    token = parse(200, GOOD)
    assert token.access_token == GOOD["access_token"]
    assert token.refresh_token == GOOD["refresh_token"]
    assert token.expires_in == 7200
    assert token.scope == "read"
    # Whole-second created_at: minted within that second, and no later than received.
    assert 1795888817 <= token.created_at <= NOW
    assert token.expires_at == pytest.approx(NOW + 7200, abs=1)


def test_missing_expires_in_defaults_to_7200_and_created_at_to_receipt() -> None:
    token = parse(200, {"access_token": "a"})
    assert token.expires_in == 7200
    assert token.created_at == NOW
    assert token.refresh_token is None


def test_skewed_server_clock_is_ignored() -> None:
    token = parse(200, GOOD | {"created_at": NOW - 3600})
    assert token.created_at == NOW


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"token_type": "Bearer"}, "access_token is missing"),
        ({"access_token": 5}, "access_token is missing"),
        ({"access_token": "a", "expires_in": "soon"}, "expires_in is not a positive number"),
        ({"access_token": "a", "expires_in": -1}, "expires_in is not a positive number"),
        ({"access_token": "a", "expires_in": True}, "expires_in is not a positive number"),
        ({"access_token": "a", "refresh_token": 1}, "refresh_token is not a string"),
        ({"access_token": "a", "token_type": "mac"}, "only speaks Bearer"),
    ],
)
def test_malformed_token_responses_are_oauth_errors(body: object, problem: str) -> None:
    with pytest.raises(ss.OAuthError, match=problem) as info:
        parse(200, body)
    assert info.value.error == "invalid_response"


@pytest.mark.parametrize(
    ("status", "code", "advice"),
    [
        (400, "invalid_grant", "Log in again"),
        (401, "invalid_client", "client_id and client_secret"),
        (400, "unauthorized_client", "may not use this grant"),
        (400, "unsupported_grant_type", "does not support this grant"),
        (400, "invalid_request", "malformed"),
        (400, "invalid_scope", "remove the scope"),
        (400, "something_new", "refused to issue a token"),
    ],
)
def test_rfc6749_errors_are_oauth_errors(status: int, code: str, advice: str) -> None:
    with pytest.raises(ss.OAuthError, match=advice) as info:
        parse(status, {"error": code, "error_description": "described"})
    assert (info.value.error, info.value.status, info.value.description) == (
        code,
        status,
        "described",
    )
    assert "described" in str(info.value)


def test_html_from_a_proxy_names_status_and_content_type() -> None:
    with pytest.raises(ss.OAuthError, match=r"HTTP 200 with text/html") as info:
        parse(200, b"<html>login</html>", "text/html")
    assert info.value.error == "invalid_response"


def test_502_is_a_server_error() -> None:
    with pytest.raises(ss.OAuthError, match="Try again later") as info:
        parse(502, b"Bad gateway", "text/plain")
    assert info.value.error == "server_error"


def test_token_repr_and_codec_never_lose_or_show_secrets() -> None:
    token = parse(200, GOOD)
    assert GOOD["access_token"] not in repr(token)
    assert GOOD["refresh_token"] not in repr(token)
    assert "***" in repr(token)
    assert decode_token(encode_token(token), where="test") == token


def test_token_expiry_math() -> None:
    token = ss.Token(access_token="a", expires_in=100, created_at=1000.0)
    assert token.expires_at == 1100.0
    assert not token.is_expired(now=1050.0)
    assert token.is_expired(skew=60, now=1050.0)
    assert token.is_expired(now=1100.0)
    assert token.remaining(now=1090.0) == 10.0


def test_unrotated_refresh_token_is_kept() -> None:
    old = ss.Token(access_token="a", refresh_token="r1")
    new = ss.Token(access_token="b").with_refresh_token_from(old)
    assert new.refresh_token == "r1"
    rotated = ss.Token(access_token="c", refresh_token="r2").with_refresh_token_from(old)
    assert rotated.refresh_token == "r2"


async def test_token_endpoint_posts_form_with_client_credentials_in_the_body() -> None:
    async with aiohttp.ClientSession() as http:
        endpoint = TokenEndpoint(
            auth_url=URL("https://app.scopestack.io"),
            client_id="cid",
            client_secret="sec",
            http=http,
        )
        with aioresponses() as mocked:
            mocked.post("https://app.scopestack.io/oauth/token", payload=GOOD)
            token = await ss.PasswordGrant(username="u@x", password="pw").authenticate(endpoint)
            (call,) = mocked.requests[("POST", URL("https://app.scopestack.io/oauth/token"))]
    assert token.access_token == GOOD["access_token"]
    assert call.kwargs["data"] == {
        "client_id": "cid",
        "client_secret": "sec",
        "grant_type": "password",
        "username": "u@x",
        "password": "pw",
    }
    assert "sec" not in repr(endpoint)
    assert endpoint.requests == 1
