"""The example web apps are safe to deploy: two people, Alice and Mallory, each with their own
browser (cookie jar), against the sandbox, on both apps.

Mallory cannot pick Alice's app user (there is no ``?user=`` to pick with), cannot log Alice
out (logout needs the session's identity and its CSRF token), and cannot cancel Alice's login
with a stray callback; abandoned logins are bounded; the cookies are HttpOnly, SameSite and
Secure over https.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest
import pytest_asyncio
from aiohttp.test_utils import TestServer
from test_interactive_examples import REGISTERED, free_port, live_tokens, load_example
from yarl import URL

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox

ALICE = "admin"  # Alice approves as admin@acme
MALLORY = "globex_admin"  # Mallory has her own ScopeStack account, admin@globex


class App:
    """One example app being served, and browsers for it."""

    def __init__(self, kind: str, base: str, logins: Any, transport: Any) -> None:
        self.kind, self.base, self.logins = kind, base, logins
        self._transport = transport

    def browser(self, sandbox_user: str) -> httpx.AsyncClient:
        """A browser of its own (cookie jar); ``sandbox_user`` approves on the authorize page."""
        mounts = {self.base: self._transport} if self._transport is not None else {}
        return httpx.AsyncClient(
            mounts=mounts, follow_redirects=True, headers={"X-Sandbox-User": sandbox_user}
        )

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


AppFactory = Callable[..., Any]


@pytest_asyncio.fixture(params=["aiohttp", "fastapi"])
async def start_app(
    request: pytest.FixtureRequest, sb: Sandbox
) -> AsyncIterator[Callable[..., Any]]:
    """Start the example app (``**settings`` override its Settings); stopped afterwards."""
    kind = request.param
    stops: list[Any] = []

    async def start(*, https: bool = False, **overrides: Any) -> App:
        if kind == "aiohttp":
            example = load_example("aiohttp_login")
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            # Behind a TLS proxy the app serves http, but its callback URL is https.
            callback = "https://app.example/callback" if https else f"{base}/callback"
            settings = example.Settings(
                sb.client_id, sb.client_secret, callback, sb.auth_url, sb.api_url, **overrides
            )
            aio = example.create_app(settings)
            server = TestServer(aio, host="127.0.0.1", port=port)
            await server.start_server()
            stops.append(server.close)
            return App(kind, base, aio[example.LOGINS], None)
        example = load_example("fastapi_login")
        base = "https://app.example" if https else REGISTERED
        settings = example.Settings(
            sb.client_id, sb.client_secret, f"{base}/callback", sb.auth_url, sb.api_url,
            **overrides,
        )  # fmt: skip
        app = example.create_app(settings)
        lifespan = app.router.lifespan_context(app)
        await lifespan.__aenter__()
        stops.append(lambda: lifespan.__aexit__(None, None, None))
        return App(kind, base, app.state.logins, httpx.ASGITransport(app=app))

    yield start
    for stop in reversed(stops):
        await stop()


async def log_in(app: App, browser: httpx.AsyncClient, **params: str) -> dict[str, Any]:
    resp = await browser.get(app.url("/login"), params=params)
    assert resp.status_code == 200, resp.text
    assert URL(str(resp.url)).path == "/me"
    found: dict[str, Any] = resp.json()
    return found


def key_of(sb: Sandbox, app_user: str) -> str:
    return str(ss.TokenKey(str(URL(sb.auth_url).origin()), sb.client_id, app_user))


async def test_a_query_parameter_cannot_pick_or_take_over_another_users_session(
    sb: Sandbox, start_app: AppFactory
) -> None:
    app = await start_app()
    async with app.browser(ALICE) as alice_browser, app.browser(MALLORY) as mallory_browser:
        alice = await log_in(app, alice_browser)
        assert (alice["email"], alice["account"]) == (sb.users[ALICE].username, "acme")
        # Mallory, with no session, names Alice's app user: nothing is shown.
        peek = await mallory_browser.get(app.url("/me"), params={"user": alice["app_user"]})
        assert peek.status_code == 401
        # Mallory logs in naming Alice: she gets her own identity, and Alice keeps hers.
        mallory = await log_in(app, mallory_browser, user=alice["app_user"])
        assert mallory["app_user"] != alice["app_user"]
        assert (mallory["email"], mallory["account"]) == (sb.users[MALLORY].username, "globex")
        again = (await alice_browser.get(app.url("/me"))).json()
        assert (again["app_user"], again["email"], again["account"]) == (
            alice["app_user"],
            sb.users[ALICE].username,
            "acme",
        )
        # A cookie Mallory makes up is no session either.
        mallory_browser.cookies.set("sid", "made-up")
        assert (await mallory_browser.get(app.url("/me"))).status_code == 401
    store = app.logins.settings.token_store
    alice_token = await store.get(key_of(sb, alice["app_user"]))
    mallory_token = await store.get(key_of(sb, mallory["app_user"]))
    assert alice_token is not None
    assert mallory_token is not None
    assert alice_token.access_token != mallory_token.access_token


async def test_logout_needs_the_sessions_identity_and_its_csrf_token(
    sb: Sandbox, start_app: AppFactory
) -> None:
    app = await start_app()
    async with (
        app.browser(ALICE) as alice_browser,
        app.browser(MALLORY) as mallory_browser,
        app.browser(MALLORY) as anonymous,
    ):
        alice = await log_in(app, alice_browser)
        mallory = await log_in(app, mallory_browser)
        store = app.logins.settings.token_store
        alice_token = await store.get(key_of(sb, alice["app_user"]))
        assert alice_token is not None
        # No session: refused.
        assert (await anonymous.post(app.url("/logout"))).status_code == 401
        # Mallory's own session with Alice's user named, and even Alice's CSRF token: it logs
        # out Mallory's session only if her own token matches; Alice's cannot be reached.
        wrong = await mallory_browser.post(
            app.url("/logout"),
            params={"user": alice["app_user"]},
            headers={"X-CSRF-Token": "guessed"},
        )
        assert wrong.status_code == 403
        # A cross-site form post from Alice's own browser (her cookie, no CSRF token).
        forged = await alice_browser.post(
            app.url("/logout"),
            headers={"Origin": "https://evil.example", "Content-Type": "text/plain"},
            content=b"csrf_token=guessed",
        )
        assert forged.status_code == 403
        assert (await alice_browser.get(app.url("/me"))).status_code == 200
        assert sb.oauth.by_access[alice_token.access_token].revoked_at is None
        # Alice, from the app's page (her CSRF token), logs out: only her tokens go.
        out = await alice_browser.post(
            app.url("/logout"), headers={"X-CSRF-Token": alice["csrf_token"]}
        )
        assert (out.status_code, out.json()) == (200, {"logged_out": True})
        assert sb.oauth.by_access[alice_token.access_token].revoked_at is not None
        assert await store.get(key_of(sb, alice["app_user"])) is None
        assert (await alice_browser.get(app.url("/me"))).status_code == 401
        still = await mallory_browser.get(app.url("/me"))
        assert (still.status_code, still.json()["app_user"]) == (200, mallory["app_user"])


async def test_a_stray_callback_does_not_cancel_the_login_in_progress(
    sb: Sandbox, start_app: AppFactory
) -> None:
    app = await start_app()
    async with app.browser(ALICE) as alice_browser, app.browser(MALLORY) as mallory_browser:
        start = await alice_browser.get(app.url("/login"), follow_redirects=False)
        assert start.status_code == 302
        authorize = start.headers["location"]
        # A stray callback in Alice's browser (a forged link, an old tab): refused...
        stray = await alice_browser.get(
            app.url("/callback"), params={"code": "x" * 43, "state": "forged"}
        )
        assert stray.status_code == 400
        # ...and one from Mallory's browser, with Alice's real state.
        state = URL(authorize).query["state"]
        other = await mallory_browser.get(
            app.url("/callback"), params={"code": "x" * 43, "state": state}
        )
        assert other.status_code == 400
        assert sb.stats.token_requests.total() == 0
        # Alice's login goes on.
        done = await alice_browser.get(authorize)
        assert done.status_code == 200, done.text
        assert done.json()["email"] == sb.users[ALICE].username
    assert sb.stats.token_requests["authorization_code"] == 1


async def test_abandoned_logins_are_bounded_in_number_and_create_no_sessions(
    sb: Sandbox, start_app: AppFactory
) -> None:
    app = await start_app(max_pending=5)
    async with app.browser(MALLORY) as mallory_browser:
        first = await mallory_browser.get(app.url("/login"), follow_redirects=False)
        first_login = first.cookies["login"]
        for _ in range(300):
            resp = await mallory_browser.get(app.url("/login"), follow_redirects=False)
            assert resp.status_code == 302
        assert len(app.logins.pending) <= 5
        assert app.logins._sessions == {}  # no ScopeStackSession per abandoned login
        # The oldest one was dropped: finishing it now is refused, with no token request.
        mallory_browser.cookies.set("login", first_login)
        late = await mallory_browser.get(first.headers["location"])
        assert late.status_code == 400
    assert sb.stats.token_requests.total() == 0
    assert live_tokens(sb) == 0


async def test_abandoned_logins_are_bounded_in_lifetime(sb: Sandbox, start_app: AppFactory) -> None:
    app = await start_app(pending_ttl=0.0)
    async with app.browser(ALICE) as alice_browser:
        resp = await alice_browser.get(app.url("/login"))
        assert resp.status_code == 400
        assert "No login in progress" in resp.text
    assert len(app.logins.pending) <= 1
    assert sb.stats.token_requests.total() == 0


def cookie_attributes(response: httpx.Response, name: str) -> dict[str, str]:
    for header in response.headers.get_list("set-cookie"):
        jar = SimpleCookie()
        jar.load(header)
        if name in jar:
            morsel = jar[name]
            return {k: str(v) for k, v in morsel.items() if v}
    raise AssertionError(f"no {name} cookie set")


async def test_cookies_are_httponly_samesite_and_secure_behind_https(
    sb: Sandbox, start_app: AppFactory
) -> None:
    plain = await start_app()
    async with plain.browser(ALICE) as browser:
        start = await browser.get(plain.url("/login"), follow_redirects=False)
        login_cookie = cookie_attributes(start, "login")
        assert login_cookie.get("httponly")
        assert login_cookie["samesite"].lower() == "lax"
        assert not login_cookie.get("secure")  # http: a Secure cookie would never come back
        approved = await browser.get(start.headers["location"], follow_redirects=False)
        done = await browser.get(approved.headers["location"], follow_redirects=False)
        assert done.status_code == 302
        sid = cookie_attributes(done, "sid")
        assert sid.get("httponly")
        assert sid["samesite"].lower() == "lax"
        assert plain.base.startswith("http://")
    secure = await start_app(https=True)
    async with secure.browser(ALICE) as browser:
        start = await browser.get(secure.url("/login"), follow_redirects=False)
        attributes = cookie_attributes(start, "login")
    assert attributes.get("secure")
    assert attributes.get("httponly")
    assert attributes["samesite"].lower() == "lax"
