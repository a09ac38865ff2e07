"""Every failure a user can hit is a typed error with a message that says what to do."""

from __future__ import annotations

import pytest
from core_fake import Running

import scopestack_async as ss


async def test_404_is_not_found_with_advice(fake: Running) -> None:
    async with fake.session() as session:
        with pytest.raises(ss.NotFoundError) as info:
            await session.request("GET", "/status/404")
    assert info.value.status == 404
    assert info.value.method == "GET"


async def test_422_lists_pointer_and_detail(fake: Running) -> None:
    async with fake.session() as session:
        with pytest.raises(ss.ValidationError) as info:
            await session.request("POST", "/status/422", json={"data": {}})
    assert "/data/attributes/name" in str(info.value)
    assert "can't be blank" in str(info.value)
    assert info.value.errors[0]["code"] == "100"


async def test_non_jsonapi_body_is_a_response_format_error(fake: Running) -> None:
    async with fake.session() as session:
        with pytest.raises(ss.ResponseFormatError):
            await session.request("GET", "/html")


async def test_wrong_password_is_an_oauth_error_with_advice(fake: Running) -> None:
    grant = ss.PasswordGrant(username="svc@example.com", password="nope")
    async with fake.session(authenticator=grant) as session:
        with pytest.raises(ss.OAuthError) as info:
            await session.me()
    assert info.value.error == "invalid_grant"
    assert info.value.status == 400
    assert "Log in again" in str(info.value)
    assert isinstance(info.value, ss.AuthenticationError)


async def test_wrong_client_secret_is_invalid_client(fake: Running) -> None:
    async with fake.session(client_secret="wrong") as session:
        with pytest.raises(ss.OAuthError, match="client_id and client_secret") as info:
            await session.me()
    assert info.value.error == "invalid_client"


async def test_client_credentials_grant_posts_its_grant_type(fake: Running) -> None:
    async with fake.session(authenticator=ss.ClientCredentialsGrant()) as session:
        with pytest.raises(ss.OAuthError) as info:
            await session.me()
    assert info.value.error == "unsupported_grant_type"
    assert fake.state.forms[-1]["grant_type"] == "client_credentials"
    assert "scope" not in fake.state.forms[-1]


async def test_unreachable_token_endpoint_is_a_transport_error(fake: Running) -> None:
    async with fake.session(auth_url="http://127.0.0.1:1") as session:
        with pytest.raises(ss.TransportError) as info:
            await session.me()
    assert info.value.sent is False


async def test_account_slug_before_me_is_a_configuration_error(fake: Running) -> None:
    session = fake.session()
    await session.close()  # closing a never-opened session is harmless
    with pytest.raises(ss.ConfigurationError, match=r"call `await session.me\(\)` first"):
        _ = session.account_slug


def test_http_session_needs_a_running_loop(fake: Running) -> None:
    with pytest.raises(ss.ConfigurationError, match="running event loop"):
        _ = fake.session().http


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("http://api.scopestack.io", "plain http"),
        ("ftp://api.scopestack.io", "absolute http(s) URL"),
        ("/v1", "absolute http(s) URL"),
        ("https://api.scopestack.io?x=1", "query or fragment"),
        ("https://bob:hunter2@api.scopestack.io", "user name or password"),
    ],
)
def test_bad_base_urls_are_refused(url: str, fragment: str) -> None:
    with pytest.raises(
        ss.ConfigurationError, match=fragment.replace("(", r"\(").replace(")", r"\)")
    ) as caught:
        ss.ScopeStackSession(
            client_id="c", authenticator=ss.PasswordGrant(username="u", password="p"), api_url=url
        )
    assert "hunter2" not in str(caught.value)


def test_plain_http_is_allowed_on_loopback_or_when_asked() -> None:
    grant = ss.PasswordGrant(username="u", password="p")
    ss.ScopeStackSession(client_id="c", authenticator=grant, api_url="http://127.0.0.1:8000")
    ss.ScopeStackSession(client_id="c", authenticator=grant, api_url="http://localhost:8000")
    session = ss.ScopeStackSession(
        client_id="c", authenticator=grant, api_url="http://10.0.0.5", allow_insecure_http=True
    )
    assert session.api_url.host == "10.0.0.5"


def test_missing_client_id_or_authenticator_is_refused() -> None:
    with pytest.raises(ss.ConfigurationError, match="client_id"):
        ss.ScopeStackSession(
            client_id="", authenticator=ss.PasswordGrant(username="u", password="p")
        )
    with pytest.raises(ss.ConfigurationError, match="authenticator"):
        ss.ScopeStackSession(client_id="c", authenticator="password")  # type: ignore[arg-type]


class _BrokenStore(ss.MemoryTokenStore):
    async def set(self, key: str, token: ss.Token) -> None:
        raise OSError("disk on fire")


async def test_a_store_that_raises_is_reported_and_the_token_kept(
    fake: Running, caplog: pytest.LogCaptureFixture
) -> None:
    # Issue 14 item 7: the token the server issued is used from memory, never discarded; the
    # failure is an event per attempt and one warning (and an error at close: lost at exit).
    counter = ss.EventCounter()
    async with fake.session(token_store=_BrokenStore(), hooks=[counter]) as session:
        assert (await session.me()).account_slug == "acme"
        assert session.tokens.unsaved
    assert counter.count("store_failure", "TokenStoreError") == 3 + 3  # the request, the close
    saved = [r for r in caplog.records if "could not be saved" in r.getMessage()]
    assert [r.levelname for r in saved] == ["WARNING", "ERROR"]
    assert "_BrokenStore failed to save a token" in saved[0].getMessage()


async def test_a_closed_session_says_so(fake: Running) -> None:
    session = fake.session()
    async with session:
        await session.me()
    with pytest.raises(ss.ConfigurationError, match="was closed"):
        await session.request("GET", "/v1/me")
    async with session:  # reopening is explicit, and works
        assert (await session.me()).account_slug == "acme"


async def test_401_without_www_authenticate_refreshes_once_then_fails(fake: Running) -> None:
    async with fake.session() as session:
        await session.ensure_token()
        with pytest.raises(ss.AuthenticationError, match="401 even after a token refresh"):
            await session.request("GET", "/bare401")
    assert fake.state.grants == {"password": 1, "refresh_token": 1}
