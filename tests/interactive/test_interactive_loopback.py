"""The CLI loopback helper: success, denial, timeout, port in use, stray callbacks, cancel.

Each case ends with nothing listening on the callback port and no task left behind. "The
browser" is an httpx client run in the opener's thread, as ``webbrowser.open`` would be.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from typing import Any

import attrs
import httpx
import pytest
import pytest_asyncio
from interactive_support import assert_no_secret, port_is_free, sdk_log_text, tasks_settle
from yarl import URL

import scopestack_async as ss
from scopestack_async.auth import TokenEndpoint
from scopestack_async.sandbox import Sandbox


@attrs.define
class FakeBrowser:
    """Records what it was asked to open and what the callback page said."""

    user: str = "admin"
    act: str = "approve"  # approve | deny | ignore | stray-then-approve
    opened: list[str] = attrs.field(factory=list)
    pages: list[tuple[int, str]] = attrs.field(factory=list)

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        if self.act == "ignore":
            return True
        with httpx.Client(follow_redirects=True, timeout=10) as client:
            if self.act in ("deny", "stray-then-approve"):
                query = URL(url).query
                state = query["state"] if self.act == "deny" else "forged-state"
                callback = URL(query["redirect_uri"]).with_query(error="access_denied", state=state)
                self._record(client.get(str(callback)))
            if self.act in ("approve", "stray-then-approve"):
                self._record(client.get(url, headers={"X-Sandbox-User": self.user}))
        return True

    def _record(self, resp: httpx.Response) -> None:
        self.pages.append((resp.status_code, resp.text))

    @property
    def callback_port(self) -> int:
        port = URL(URL(self.opened[0]).query["redirect_uri"]).port
        assert port is not None
        return port


@pytest_asyncio.fixture
async def endpoint(sb: Sandbox) -> AsyncIterator[TokenEndpoint]:
    async with ss.ScopeStackSession(
        client_id=sb.client_id,
        client_secret=sb.client_secret,
        authenticator=ss.AuthorizationCodeGrant(redirect_uri=sb.redirect_uri),
        auth_url=sb.auth_url,
        api_url=sb.api_url,
    ) as session:
        yield session._endpoint


def grant(sb: Sandbox, browser: FakeBrowser, **extra: Any) -> ss.AuthorizationCodeGrant:
    shown: list[str] = []
    options: dict[str, Any] = {
        "redirect_uri": sb.redirect_uri,
        "opener": browser,
        "show_url": shown.append,
        "timeout": 10.0,
    }
    options.update(extra)
    return ss.AuthorizationCodeGrant(**options)


async def test_success_through_the_session(sb: Sandbox, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    baseline = set(asyncio.all_tasks())
    browser = FakeBrowser()
    shown: list[str] = []
    async with ss.ScopeStackSession(
        client_id=sb.client_id,
        client_secret=sb.client_secret,
        authenticator=grant(sb, browser, show_url=shown.append),
        auth_url=sb.auth_url,
        api_url=sb.api_url,
    ) as session:
        me = await session.me()  # no token yet: the token manager runs the CLI login
        token = session.tokens.token
    assert me.email == sb.users["admin"].username
    assert shown == browser.opened
    assert len(shown) == 1
    port = browser.callback_port
    assert port != 8765  # any free port on the registered 127.0.0.1 URI
    assert browser.pages[-1][0] == 200
    assert "Login received" in browser.pages[-1][1]
    assert sb.stats.token_requests["authorization_code"] == 1
    assert port_is_free(port)
    assert await tasks_settle(baseline) == set()
    assert token is not None
    assert_no_secret(
        sdk_log_text(caplog.records),
        [token.access_token, token.refresh_token, URL(shown[0]).query["state"]],
    )


async def test_user_denies(sb: Sandbox, endpoint: TokenEndpoint) -> None:
    baseline = set(asyncio.all_tasks())
    browser = FakeBrowser(act="deny")
    with pytest.raises(ss.OAuthError, match="declined") as info:
        await grant(sb, browser).authenticate(endpoint)
    assert info.value.error == "access_denied"
    assert [status for status, _ in browser.pages] == [200]
    assert "Login failed" in browser.pages[0][1]
    assert sb.stats.token_requests.total() == 0
    assert port_is_free(browser.callback_port)
    assert await tasks_settle(baseline) == set()


async def test_timeout(sb: Sandbox, endpoint: TokenEndpoint) -> None:
    baseline = set(asyncio.all_tasks())
    browser = FakeBrowser(act="ignore")
    with pytest.raises(ss.AuthenticationError, match="No login callback arrived") as info:
        await grant(sb, browser, timeout=0.2).authenticate(endpoint)
    assert "doesn't match client redirect URI" in str(info.value)
    assert "ask ScopeStack support to register" in str(info.value)
    assert port_is_free(browser.callback_port)
    assert await tasks_settle(baseline) == set()
    assert sb.stats.token_requests.total() == 0


@pytest.mark.parametrize("how", ["localhost", "forced-port"])
async def test_port_in_use(sb: Sandbox, endpoint: TokenEndpoint, how: str) -> None:
    baseline = set(asyncio.all_tasks())
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        browser = FakeBrowser()
        if how == "localhost":
            # localhost is not loopback for Doorkeeper: the registered port must be used.
            g = grant(sb, browser, redirect_uri=f"http://localhost:{port}/callback")
        else:
            g = grant(sb, browser, port=port)
        with pytest.raises(
            ss.ConfigurationError, match=f"Port {port} on 127.0.0.1 is already in use"
        ):
            await g.authenticate(endpoint)
    assert browser.opened == []
    assert port_is_free(port)
    assert await tasks_settle(baseline) == set()


async def test_stray_callback_is_refused_and_the_login_goes_on(
    sb: Sandbox, endpoint: TokenEndpoint
) -> None:
    browser = FakeBrowser(act="stray-then-approve")
    token = await grant(sb, browser).authenticate(endpoint)
    assert token.access_token
    assert browser.pages[0][0] == 400
    assert "does not belong" in browser.pages[0][1]
    assert browser.pages[1][0] == 200
    assert "Login received" in browser.pages[1][1]
    assert port_is_free(browser.callback_port)


async def test_cancel_shuts_the_server_down(sb: Sandbox, endpoint: TokenEndpoint) -> None:
    baseline = set(asyncio.all_tasks())
    browser = FakeBrowser(act="ignore")
    task = asyncio.create_task(grant(sb, browser, timeout=30).authenticate(endpoint))
    for _ in range(200):
        if browser.opened:
            break
        await asyncio.sleep(0.01)
    port = browser.callback_port
    assert not port_is_free(port)  # it is listening while the login waits
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert port_is_free(port)
    assert await tasks_settle(baseline) == set()


async def test_no_browser_still_shows_the_url(sb: Sandbox, endpoint: TokenEndpoint) -> None:
    browser = FakeBrowser(act="ignore")
    shown: list[str] = []
    with pytest.raises(ss.AuthenticationError):
        await grant(
            sb, browser, open_browser=False, show_url=shown.append, timeout=0.05
        ).authenticate(endpoint)
    assert browser.opened == []
    assert len(shown) == 1
    assert URL(shown[0]).path == "/oauth/authorize"


async def test_a_failing_opener_is_not_fatal(sb: Sandbox, endpoint: TokenEndpoint) -> None:
    def broken(_url: str) -> bool:
        raise OSError("no display")

    shown: list[str] = []
    with pytest.raises(ss.AuthenticationError, match="No login callback"):
        await grant(
            sb, FakeBrowser(), opener=broken, show_url=shown.append, timeout=0.2
        ).authenticate(endpoint)
    assert len(shown) == 1
