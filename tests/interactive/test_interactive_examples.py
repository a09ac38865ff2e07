"""Both example web apps, end to end against the sandbox.

"The browser" is an HTTP client that keeps cookies and follows the redirects: app /login ->
sandbox /oauth/authorize (auto-approval for the user named in X-Sandbox-User) -> app /callback
-> app /me. The aiohttp app runs on a real 127.0.0.1 port; the FastAPI app through
httpx.ASGITransport mounted at the registered origin http://127.0.0.1:8765.
"""

from __future__ import annotations

import importlib.util
import logging
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

import aiohttp
import httpx
import pytest
import pytest_asyncio
from aiohttp.test_utils import TestServer
from interactive_support import assert_no_secret
from yarl import URL

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load_example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def live_tokens(sb: Sandbox) -> int:
    return sum(1 for row in sb.oauth.by_access.values() if row.revoked_at is None)


# -- aiohttp.web ------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def aiohttp_app(sb: Sandbox) -> AsyncIterator[tuple[TestServer, Any]]:
    example = load_example("aiohttp_login")
    port = free_port()
    settings = example.Settings(
        sb.client_id,
        sb.client_secret,
        f"http://127.0.0.1:{port}/callback",
        auth_url=sb.auth_url,
        api_url=sb.api_url,
    )
    server = TestServer(example.create_app(settings), host="127.0.0.1", port=port)
    await server.start_server(access_log_class=example.PathOnlyAccessLog)
    try:
        yield server, settings
    finally:
        await server.close()


def new_browser(user: str) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True), headers={"X-Sandbox-User": user}
    )


async def browse(server: TestServer, browser: aiohttp.ClientSession) -> tuple[dict[str, Any], URL]:
    async with browser.get(server.make_url("/login")) as resp:
        assert resp.status == 200, await resp.text()
        hops = [h.url for h in resp.history]
        body = await resp.json()
    callback = next(u for u in hops if u.path == "/callback")
    return body, callback


async def test_aiohttp_example_logs_two_users_in_and_out(
    sb: Sandbox, aiohttp_app: tuple[TestServer, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server, settings = aiohttp_app
    async with new_browser("admin") as alice_browser, new_browser("globex_admin") as bob_browser:
        alice, callback = await browse(server, alice_browser)
        bob, _ = await browse(server, bob_browser)
        csrf = alice.pop("csrf_token")
        assert alice == {
            "app_user": alice["app_user"],  # the ScopeStack user the login established
            "email": sb.users["admin"].username,
            "name": sb.users["admin"].name,
            "account": "acme",
        }
        assert alice["app_user"] != bob["app_user"]
        assert bob["email"] == sb.users["globex_admin"].username
        assert bob["account"] == "globex"
        assert sb.stats.token_requests["authorization_code"] == 2
        assert callback.query["state"]
        assert callback.query["code"]
        # Per-user tokens, keyed by the user the login established.
        store = settings.token_store
        keys = {
            name: str(ss.TokenKey(str(URL(sb.auth_url).origin()), sb.client_id, who["app_user"]))
            for name, who in (("alice", alice), ("bob", bob))
        }
        alice_token = await store.get(keys["alice"])
        assert alice_token is not None
        assert await store.get(keys["bob"]) is not None
        # Replaying the callback: the pending data was used up; no token request.
        async with alice_browser.get(callback, allow_redirects=False) as resp:
            assert resp.status == 400
            assert "No login in progress" in await resp.text()
        assert sb.stats.token_requests["authorization_code"] == 2
        # Logout revokes alice's tokens only.
        logout_url = server.make_url("/logout")
        async with alice_browser.post(logout_url, headers={"X-CSRF-Token": csrf}) as resp:
            assert (resp.status, await resp.json()) == (200, {"logged_out": True})
        assert await store.get(keys["alice"]) is None
        assert sb.oauth.by_access[alice_token.access_token].revoked_at is not None
        async with bob_browser.get(server.make_url("/me")) as resp:
            assert resp.status == 200
            assert (await resp.json())["app_user"] == bob["app_user"]
        async with alice_browser.get(server.make_url("/me")) as resp:
            assert resp.status == 401
    assert_no_secret(
        caplog.text,
        [
            callback.query["code"],
            callback.query["state"],
            alice_token.access_token,
            alice_token.refresh_token,
        ],
    )


async def test_aiohttp_example_refuses_a_forged_callback(
    sb: Sandbox, aiohttp_app: tuple[TestServer, Any]
) -> None:
    server, _ = aiohttp_app
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        async with browser.get(server.make_url("/login"), allow_redirects=False) as resp:
            assert resp.status == 302
            authorize = URL(resp.headers["Location"])
        async with browser.get(
            server.make_url("/callback"), params={"code": "x" * 43, "state": "forged"}
        ) as resp:
            assert resp.status == 400
            assert "state does not match" in await resp.text()
    assert authorize.path == "/oauth/authorize"
    assert sb.stats.token_requests.total() == 0


# -- FastAPI ----------------------------------------------------------------------------------

REGISTERED = "http://127.0.0.1:8765"


@pytest_asyncio.fixture
async def fastapi_app(sb: Sandbox) -> AsyncIterator[tuple[Any, Any]]:
    example = load_example("fastapi_login")
    settings = example.Settings(
        sb.client_id,
        sb.client_secret,
        f"{REGISTERED}/callback",
        auth_url=sb.auth_url,
        api_url=sb.api_url,
    )
    app = example.create_app(settings)
    async with app.router.lifespan_context(app):
        yield app, settings


def fastapi_client(app: Any, user: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        mounts={REGISTERED: httpx.ASGITransport(app=app)},
        follow_redirects=True,
        headers={"X-Sandbox-User": user},
    )


async def test_fastapi_example_logs_a_user_in_and_out(
    sb: Sandbox, fastapi_app: tuple[Any, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app, settings = fastapi_app
    async with fastapi_client(app, "readonly") as browser:
        resp = await browser.get(f"{REGISTERED}/login")
        assert resp.status_code == 200, resp.text
        assert resp.json()["email"] == sb.users["readonly"].username
        carol, csrf = resp.json()["app_user"], resp.json()["csrf_token"]
        hops = [URL(str(h.url)) for h in resp.history]
        assert [h.path for h in hops] == ["/login", "/oauth/authorize", "/callback"]
        assert sb.stats.token_requests["authorization_code"] == 1
        key = str(ss.TokenKey(str(URL(sb.auth_url).origin()), sb.client_id, carol))
        token = await settings.token_store.get(key)
        assert token is not None
        replay = await browser.get(str(hops[2]), follow_redirects=False)
        assert replay.status_code == 400
        assert sb.stats.token_requests["authorization_code"] == 1
        out = await browser.post(f"{REGISTERED}/logout", headers={"X-CSRF-Token": csrf})
        assert out.json() == {"logged_out": True}
        assert await settings.token_store.get(key) is None
        assert sb.oauth.by_access[token.access_token].revoked_at is not None
        assert (await browser.get(f"{REGISTERED}/me")).status_code == 401
    logs = "\n".join(
        r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))
    )
    assert_no_secret(
        logs,
        [hops[2].query["code"], hops[2].query["state"], token.access_token, token.refresh_token],
    )


async def test_fastapi_example_reports_a_denied_login(
    sb: Sandbox, fastapi_app: tuple[Any, Any]
) -> None:
    app, _ = fastapi_app
    async with fastapi_client(app, "admin") as browser:
        start = await browser.get(f"{REGISTERED}/login", follow_redirects=False)
        state = URL(start.headers["location"]).query["state"]
        denied = await browser.get(
            f"{REGISTERED}/callback", params={"error": "access_denied", "state": state}
        )
        assert denied.status_code == 400
        assert "declined" in denied.json()["detail"]
    assert sb.stats.token_requests.total() == 0
    assert live_tokens(sb) == 0
