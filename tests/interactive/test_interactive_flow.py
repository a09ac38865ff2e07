"""The web-app code flow, the out-of-band flow and logout against the sandbox."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from html.parser import HTMLParser

import aiohttp
import attrs
import pytest
from interactive_support import approve, assert_no_secret, code_session
from yarl import URL

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox


async def login(
    sb: Sandbox, browser: aiohttp.ClientSession, session: ss.ScopeStackSession
) -> ss.Token:
    pending = session.begin_authorization()
    # The app keeps it serialised (cookie or server-side session) until the callback.
    kept = pending.to_json()
    location = await approve(browser, pending.authorize_url)
    return await session.complete_authorization(
        dict(location.query), ss.PendingAuthorization.from_json(kept)
    )


async def test_code_flow_logs_in_and_stores_the_token(
    sb: Sandbox, browser: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    store = ss.MemoryTokenStore()
    session = ss.ScopeStackSession(
        client_id=sb.client_id,
        client_secret=sb.client_secret,
        authenticator=ss.AuthorizationCodeGrant(
            redirect_uri=sb.redirect_uri, subject="app-user-7", loopback=False
        ),
        token_store=store,
        auth_url=sb.auth_url,
        api_url=sb.api_url,
    )
    async with session:
        pending = session.begin_authorization()
        query = URL(pending.authorize_url).query
        assert query["redirect_uri"] == sb.redirect_uri
        assert query["code_challenge_method"] == "S256"
        location = await approve(browser, pending.authorize_url)
        token = await session.complete_authorization(dict(location.query), pending)
        me = await session.me()
        assert me.email == sb.users["admin"].username
        assert await store.get(session.token_key) == token
        assert session.token_key.endswith("|app-user-7")
        assert sb.stats.token_requests["authorization_code"] == 1
        assert session.tokens.stats.authentications == 1
        secrets = [
            location.query["code"],
            pending.state,
            pending.code_verifier,
            token.access_token,
            token.refresh_token,
        ]
    assert_no_secret(caplog.text, secrets)
    assert_no_secret(repr(session) + repr(token) + repr(pending), secrets)


@pytest.mark.parametrize("state", ["wrong", None, ""])
async def test_wrong_or_missing_state_is_refused_before_any_token_request(
    sb: Sandbox, browser: aiohttp.ClientSession, state: str | None
) -> None:
    async with code_session(sb) as session:
        pending = session.begin_authorization()
        location = await approve(browser, pending.authorize_url)
        query = {"code": location.query["code"]}
        if state is not None:
            query["state"] = state
        with pytest.raises(ss.AuthenticationError, match="state does not match") as info:
            await session.complete_authorization(query, pending)
        assert sb.stats.token_requests.total() == 0
        assert location.query["code"] not in str(info.value)
        assert pending.state not in str(info.value)
        # The code is still good: the refused callback did not spend it.
        token = await session.complete_authorization(dict(location.query), pending)
        assert token.access_token


async def test_replayed_callback_is_refused_before_any_token_request(
    sb: Sandbox, browser: aiohttp.ClientSession
) -> None:
    async with code_session(sb) as session:
        pending = session.begin_authorization()
        location = await approve(browser, pending.authorize_url)
        await session.complete_authorization(dict(location.query), pending)
        assert sb.stats.token_requests["authorization_code"] == 1
        with pytest.raises(ss.AuthenticationError, match="already used"):
            await session.complete_authorization(dict(location.query), pending)
        restored = ss.PendingAuthorization.from_dict(pending.to_dict())
        with pytest.raises(ss.AuthenticationError, match="already used"):
            await session.complete_authorization(dict(location.query), restored)
        assert sb.stats.token_requests.total() == 1


async def test_expired_or_foreign_pending_is_refused_without_token_request(
    sb: Sandbox, browser: aiohttp.ClientSession
) -> None:
    async with code_session(sb) as session:
        pending = session.begin_authorization()
        location = await approve(browser, pending.authorize_url)
        old = attrs.evolve(pending, expires_at=pending.created_at - 1)
        with pytest.raises(ss.AuthenticationError, match="too old"):
            await session.complete_authorization(dict(location.query), old)
        other = attrs.evolve(pending, client_id="someone-else")
        with pytest.raises(ss.AuthenticationError, match="another client"):
            await session.complete_authorization(dict(location.query), other)
        assert sb.stats.token_requests.total() == 0


async def test_wrong_pkce_verifier_is_refused_by_the_server_with_a_clear_error(
    sb: Sandbox, browser: aiohttp.ClientSession
) -> None:
    async with code_session(sb) as session:
        pending = session.begin_authorization()
        location = await approve(browser, pending.authorize_url)
        forged = attrs.evolve(pending, code_verifier=ss.AuthorizationCodeGrant.__name__ * 3)
        with pytest.raises(ss.OAuthError) as info:
            await session.complete_authorization(dict(location.query), forged)
        assert info.value.error == "invalid_grant"
        assert "PKCE code_verifier does not match" in str(info.value)
        assert forged.code_verifier not in str(info.value)
        assert sb.stats.token_errors["invalid_grant"] == 1
        assert session.tokens.token is None


async def test_redirect_uri_mismatch_at_exchange_names_the_support_request(
    sb: Sandbox, browser: aiohttp.ClientSession
) -> None:
    async with code_session(sb) as session:
        pending = session.begin_authorization()
        location = await approve(browser, pending.authorize_url)
        moved = attrs.evolve(pending, redirect_uri="http://127.0.0.1:8765/elsewhere")
        with pytest.raises(ss.OAuthError, match="ask ScopeStack support to register") as info:
            await session.complete_authorization(dict(location.query), moved)
        assert sb.redirect_uri in str(info.value)
        assert sb.stats.token_errors["invalid_grant"] == 1


async def test_redirect_uri_mismatch_at_authorize_is_the_servers_error_page(
    sb: Sandbox, browser: aiohttp.ClientSession
) -> None:
    # Doorkeeper does not redirect: the browser shows the page (see the loopback timeout text).
    async with code_session(sb, redirect_uri="http://localhost:8765/callback") as session:
        pending = session.begin_authorization()
        async with browser.get(pending.authorize_url, allow_redirects=False) as resp:
            assert resp.status == 200
            assert "doesn&#x27;t match client redirect URI" in await resp.text()


async def test_user_denial_is_an_oauth_error_without_token_request(sb: Sandbox) -> None:
    async with code_session(sb) as session:
        pending = session.begin_authorization()
        query = {"error": "access_denied", "state": pending.state or ""}
        with pytest.raises(ss.OAuthError, match="declined") as info:
            await session.complete_authorization(query, pending)
        assert info.value.error == "access_denied"
        assert sb.stats.token_requests.total() == 0


async def test_web_grant_never_opens_a_browser_when_no_token_exists(sb: Sandbox) -> None:
    opened: list[str] = []
    async with code_session(sb, subject="u9", opener=opened.append) as session:
        with pytest.raises(ss.AuthenticationError, match="begin_authorization"):
            await session.me()
    assert opened == []
    assert sb.stats.token_requests.total() == 0


async def test_two_step_api_needs_a_code_grant(sb: Sandbox) -> None:
    async with sb.session() as session:
        with pytest.raises(ss.ConfigurationError, match="AuthorizationCodeGrant"):
            session.begin_authorization()


# -- out of band -----------------------------------------------------------------------------


class _CodePage(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.code = ""
        self._inside = False

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "code" and ("id", "authorization_code") in attrs_

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.code += data


def oob_user(
    browser: aiohttp.ClientSession, shown: list[str], paste: Callable[[str], str] = lambda c: c
) -> Callable[[], Awaitable[str]]:
    """The person: opens the shown URL, reads the code off the native page, pastes it."""

    async def provide() -> str:
        async with browser.get(shown[-1]) as resp:
            assert resp.url.path == "/oauth/authorize/native"
            page = _CodePage()
            page.feed(await resp.text())
        return paste(page.code)

    return provide


def oob_session(sb: Sandbox, grant: ss.OutOfBandGrant) -> ss.ScopeStackSession:
    client = sb.clients["oob"]
    return ss.ScopeStackSession(
        client_id=client.client_id,
        client_secret=client.client_secret,
        authenticator=grant,
        auth_url=sb.auth_url,
        api_url=sb.api_url,
    )


async def test_oob_flow_logs_in_with_the_pasted_code(
    sb: Sandbox, browser: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    pasted: list[str] = []

    def paste(code: str) -> str:
        pasted.append(code)
        return f"  {code}\n"

    grant = ss.OutOfBandGrant(code_provider=oob_user(browser, shown, paste), show_url=shown.append)
    async with oob_session(sb, grant) as session:
        me = await session.me()
        token = session.tokens.token
    assert me.email == sb.users["admin"].username
    query = URL(shown[0]).query
    assert query["redirect_uri"] == "urn:ietf:wg:oauth:2.0:oob"
    assert query["code_challenge_method"] == "S256"
    assert "state" not in query  # Doorkeeper does not return it for OOB: PKCE binds the code.
    assert sb.stats.token_requests["authorization_code"] == 1
    assert token is not None
    assert len(pasted) == 1
    assert_no_secret(caplog.text, [pasted[0], token.access_token, token.refresh_token])


async def test_oob_garbage_paste_is_refused_before_any_token_request(
    sb: Sandbox, browser: aiohttp.ClientSession
) -> None:
    shown: list[str] = []
    grant = ss.OutOfBandGrant(
        code_provider=oob_user(browser, shown, lambda _c: "I could not find it"),
        show_url=shown.append,
    )
    async with oob_session(sb, grant) as session:
        with pytest.raises(ss.AuthenticationError, match="not an authorization code"):
            await session.me()
    assert sb.stats.token_requests.total() == 0


async def test_oob_code_provider_timeout(sb: Sandbox) -> None:
    async def never() -> str:
        await asyncio.Event().wait()
        return ""

    grant = ss.OutOfBandGrant(code_provider=never, show_url=lambda _u: None, timeout=0.05)
    async with oob_session(sb, grant) as session:
        with pytest.raises(ss.AuthenticationError, match="No authorization code was pasted"):
            await session.ensure_token()
    assert sb.stats.token_requests.total() == 0


# -- logout ----------------------------------------------------------------------------------


async def test_logout_revokes_both_tokens_and_empties_the_store(
    sb: Sandbox, browser: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with code_session(sb) as session:
        token = await login(sb, browser, session)
        assert (await session.me()).email
        await session.logout()
        assert await session.token_store.get(session.token_key) is None
        assert session.tokens.token is None
        await session.logout()  # safe twice: nothing left to revoke
        # The server rejects the old tokens.
        async with browser.get(
            f"{sb.api_url}/v1/me",
            headers={
                "Authorization": f"Bearer {token.access_token}",
                "Accept": "application/vnd.api+json",
            },
        ) as resp:
            assert resp.status == 401
            assert "was revoked" in resp.headers["WWW-Authenticate"]
        assert token.refresh_token is not None
        async with browser.post(
            f"{sb.auth_url}/oauth/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": token.refresh_token,
                "client_id": sb.client_id,
                "client_secret": sb.client_secret,
            },
        ) as resp:
            assert resp.status == 400
            assert (await resp.json())["error"] == "invalid_grant"
        # After logout a web grant asks for a new login instead of using anything stale.
        with pytest.raises(ss.AuthenticationError, match="must log in"):
            await session.me(refresh=True)
    assert_no_secret(caplog.text, [token.access_token, token.refresh_token])


async def test_logout_deletes_locally_even_when_the_server_refuses(
    sb: Sandbox, browser: aiohttp.ClientSession
) -> None:
    store = ss.MemoryTokenStore()
    grant = ss.AuthorizationCodeGrant(redirect_uri=sb.redirect_uri, loopback=False, subject="u1")
    common = {
        "client_id": sb.client_id,
        "authenticator": grant,
        "token_store": store,
        "auth_url": sb.auth_url,
        "api_url": sb.api_url,
    }
    async with ss.ScopeStackSession(client_secret=sb.client_secret, **common) as good:  # type: ignore[arg-type]
        token = await login(sb, browser, good)
    async with ss.ScopeStackSession(client_secret="wrong", **common) as bad:  # type: ignore[arg-type]
        with pytest.raises(ss.OAuthError, match="unauthorized_client") as info:
            await bad.logout()
        assert info.value.status == 403
        assert token.access_token not in str(info.value)
        assert await store.get(bad.token_key) is None
    row = sb.oauth.by_access[token.access_token]
    assert row.revoked_at is None  # the server refused, as Doorkeeper does for a wrong secret
