"""An aiohttp.web app that logs its users in to ScopeStack (authorization code + PKCE) and
calls ``/v1/me`` for each of them.

    python examples/aiohttp_login.py          # against the embedded sandbox, on 127.0.0.1:8765
    python examples/aiohttp_login.py --once   # log one user in with a scripted browser, stop

Routes: ``/login`` starts a login, ``/callback`` finishes it, ``/me`` shows the ScopeStack user,
``POST /logout`` (with the CSRF token ``/me`` gave, in ``X-CSRF-Token`` or a form field
``csrf_token``) revokes the tokens.

Who the app user is comes only from the login itself: the callback exchanges the code in a
throw-away session, asks ScopeStack ``/v1/me`` who the token belongs to, and files the token
under that ScopeStack user (the grant's ``subject``) in one shared token store. Nothing a
visitor sends (a query parameter, a cookie they set) picks the user. An app with its own
accounts would use its own user id instead, taken from its own authentication, never from the
request. The browser keeps only random ids in ``HttpOnly``, ``SameSite=Lax`` cookies (also
``Secure`` when the callback URL is https); the state and the PKCE verifier stay server-side,
are used once, and pending logins are bounded in number and lifetime.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import aiohttp
from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from yarl import URL

import scopestack_async as ss

SESSION_COOKIE = "sid"  # a signed-in browser
LOGIN_COOKIE = "login"  # a browser with a login in progress
V = TypeVar("V")


@dataclass(frozen=True)
class Settings:
    """What the app needs; ``redirect_uri`` is the callback URL registered for the client."""

    client_id: str
    client_secret: str | None
    redirect_uri: str
    auth_url: str = "https://app.scopestack.io"
    api_url: str = "https://api.scopestack.io"
    token_store: ss.TokenStore = field(default_factory=ss.MemoryTokenStore)
    max_pending: int = 1_000  # logins started and not finished, at most
    pending_ttl: float = 600.0  # seconds a started login may take (the code lives 10 minutes)
    max_browsers: int = 10_000  # signed-in browsers kept, at most
    browser_ttl: float = 8 * 3600.0


class Expiring(Generic[V]):
    """A dict bounded in size (oldest out first) and in age: abandoned entries cannot pile up."""

    def __init__(self, max_items: int, ttl: float) -> None:
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._max, self._ttl = max_items, ttl

    def __len__(self) -> int:
        return len(self._items)

    def add(self, value: V) -> str:
        """Keep ``value`` under a new random id, and return the id."""
        now = time.monotonic()
        while self._items and next(iter(self._items.values()))[0] <= now:
            self._items.popitem(last=False)  # expired (all entries share one ttl)
        while len(self._items) >= self._max:
            self._items.popitem(last=False)
        key = secrets.token_urlsafe(32)
        self._items[key] = (now + self._ttl, value)
        return key

    def get(self, key: str | None) -> V | None:
        """The live value under ``key``, or None."""
        found = self._items.get(key or "")
        if found is None or found[0] <= time.monotonic():
            return None
        return found[1]

    def pop(self, key: str | None) -> V | None:
        """Remove and return the live value under ``key``."""
        value = self.get(key)
        self._items.pop(key or "", None)
        return value


@dataclass
class Browser:
    """A signed-in browser: whose it is (set by a finished login only) and its CSRF token."""

    user: str
    csrf_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))


class Logins:
    """One ScopeStack session per signed-in user, sharing one connection pool and token store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool: aiohttp.ClientSession | None = None
        self._sessions: dict[str, ss.ScopeStackSession] = {}
        # One grant for every login: it remembers spent states, so a replay fails early. Its
        # token only ever sits in the throw-away store of one callback, hence one subject.
        self.grant = ss.AuthorizationCodeGrant(
            redirect_uri=settings.redirect_uri,
            subject="login-in-progress",
            loopback=False,
            pending_ttl=settings.pending_ttl,
        )
        self.pending: Expiring[ss.PendingAuthorization] = Expiring(
            settings.max_pending, settings.pending_ttl
        )
        self.browsers: Expiring[Browser] = Expiring(settings.max_browsers, settings.browser_ttl)

    def _session(
        self, grant: ss.AuthorizationCodeGrant, store: ss.TokenStore
    ) -> ss.ScopeStackSession:
        return ss.ScopeStackSession(
            client_id=self.settings.client_id,
            client_secret=self.settings.client_secret,
            authenticator=grant,
            token_store=store,
            auth_url=self.settings.auth_url,
            api_url=self.settings.api_url,
            http=self._pool,
        )

    def session_for(self, user: str) -> ss.ScopeStackSession:
        """The ScopeStack session of a signed-in user (created on first use)."""
        if user not in self._sessions:
            # loopback=False: a server never opens a browser; a missing token is an error.
            grant = ss.AuthorizationCodeGrant(
                redirect_uri=self.settings.redirect_uri, subject=user, loopback=False
            )
            self._sessions[user] = self._session(grant, self.settings.token_store)
        return self._sessions[user]

    def begin(self) -> ss.PendingAuthorization:
        """A new login attempt (no session is created until a login finishes)."""
        return self.grant.begin(URL(self.settings.auth_url), self.settings.client_id)

    async def finish(self, query: Any, pending: ss.PendingAuthorization) -> str:
        """Exchange the code, learn from ScopeStack whose token it is, file it under them."""
        # A throw-away session with a store of its own: nothing is filed under anyone yet.
        async with self._session(self.grant, ss.MemoryTokenStore()) as login:
            token = await login.complete_authorization(query, pending)
            who = await login.me()
        user = f"scopestack-user-{who.user_id}"
        await self.session_for(user).tokens.adopt(token)
        return user

    async def start(self) -> None:
        """Open the shared connection pool."""
        self._pool = aiohttp.ClientSession()

    async def close(self) -> None:
        """Close every user's session, then the pool."""
        for session in self._sessions.values():
            await session.close()
        if self._pool is not None:
            await self._pool.close()


LOGINS = web.AppKey("logins", Logins)


class PathOnlyAccessLog(AbstractAccessLogger):
    """An access log without query strings: the callback's query carries the code and state."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        """One line per request: method, path, status, duration."""
        self.logger.info("%s %s %s %.3fs", request.method, request.path, response.status, time)


def _set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str) -> None:
    # HttpOnly: no script reads it. SameSite=Lax: it comes back on the top-level redirect from
    # ScopeStack, never on a cross-site POST. Secure whenever the app is served over https.
    secure = URL(request.app[LOGINS].settings.redirect_uri).scheme == "https"
    response.set_cookie(name, value, httponly=True, samesite="Lax", secure=secure, path="/")


async def login(request: web.Request) -> web.Response:
    """Start a ScopeStack login in this browser."""
    logins = request.app[LOGINS]
    pending = logins.begin()
    response = web.HTTPFound(pending.authorize_url)
    _set_cookie(request, response, LOGIN_COOKIE, logins.pending.add(pending))
    raise response


async def callback(request: web.Request) -> web.Response:
    """Finish this browser's login; the user is whoever ScopeStack says the token is for."""
    logins = request.app[LOGINS]
    login_id = request.cookies.get(LOGIN_COOKIE)
    pending = logins.pending.get(login_id)
    if pending is None:
        raise web.HTTPBadRequest(text="No login in progress in this browser: start at /login.")
    # A stray or forged callback (wrong state) must not cancel the login in progress: check
    # the state first, and only then use the pending login up (single use).
    if pending.state is None or not hmac.compare_digest(
        pending.state.encode(), request.query.get("state", "").encode()
    ):
        raise web.HTTPBadRequest(text="Login failed: the callback's state does not match.")
    logins.pending.pop(login_id)
    try:
        user = await logins.finish(request.query, pending)
    except ss.ScopeStackError as exc:
        raise web.HTTPBadRequest(text=f"Login failed: {exc}") from exc
    response = web.HTTPFound("/me")
    # A new id after login (never one the browser had before: no session fixation).
    _set_cookie(request, response, SESSION_COOKIE, logins.browsers.add(Browser(user)))
    response.del_cookie(LOGIN_COOKIE, path="/")
    raise response


def _browser(request: web.Request) -> Browser:
    found = request.app[LOGINS].browsers.get(request.cookies.get(SESSION_COOKIE))
    if found is None:
        raise web.HTTPUnauthorized(text="Log in first: /login")
    return found


async def me(request: web.Request) -> web.Response:
    """The ScopeStack user and account of this browser's user, and its CSRF token."""
    browser = _browser(request)
    try:
        who = await request.app[LOGINS].session_for(browser.user).me()
    except ss.AuthenticationError as exc:
        return web.json_response({"error": str(exc), "login": "/login"}, status=401)
    return web.json_response(
        {
            "app_user": browser.user,
            "email": who.email,
            "name": who.name,
            "account": who.account_slug,
            "csrf_token": browser.csrf_token,  # a real app renders it into its logout form
        }
    )


async def logout(request: web.Request) -> web.Response:
    """Revoke this browser's user's ScopeStack tokens and forget them (CSRF-checked)."""
    browser = _browser(request)
    given = request.headers.get("X-CSRF-Token")
    if given is None and request.content_type == "application/x-www-form-urlencoded":
        given = str((await request.post()).get("csrf_token", ""))
    if not hmac.compare_digest((given or "").encode(), browser.csrf_token.encode()):
        raise web.HTTPForbidden(text="Missing or wrong CSRF token: log out from the app's page.")
    logins = request.app[LOGINS]
    await logins.session_for(browser.user).logout()
    logins.browsers.pop(request.cookies.get(SESSION_COOKIE))
    response = web.json_response({"logged_out": True})
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


def create_app(settings: Settings) -> web.Application:
    """The app, for ``web.run_app`` or a test server (pass ``access_log_class=PathOnlyAccessLog``)."""
    app = web.Application()
    logins = Logins(settings)
    app[LOGINS] = logins

    async def lifecycle(_app: web.Application) -> Any:
        await logins.start()
        yield
        await logins.close()

    app.cleanup_ctx.append(lifecycle)
    app.router.add_get("/login", login)
    app.router.add_get("/callback", callback)
    app.router.add_get("/me", me)
    app.router.add_post("/logout", logout)
    return app


async def log_in_once(port: int, user: str = "admin") -> dict[str, Any]:
    """Play the browser once: /login -> sandbox authorize (auto-approved) -> /callback -> /me."""
    jar = aiohttp.CookieJar(unsafe=True)  # keep cookies for the 127.0.0.1 host
    # X-Sandbox-User tells the sandbox's authorize page which seeded user approves.
    async with aiohttp.ClientSession(cookie_jar=jar, headers={"X-Sandbox-User": user}) as browser:
        async with browser.get(f"http://127.0.0.1:{port}/login") as resp:
            resp.raise_for_status()
            found: dict[str, Any] = await resp.json()
    print(f"logged in as {found['email']} in account {found['account']}")
    return found


async def main(argv: list[str] | None = None) -> dict[str, Any] | None:
    """Serve the app against the embedded sandbox (its client accepts http://127.0.0.1:*/callback).

    With ``--once`` a scripted browser logs one user in, the answer of ``/me`` is returned and
    the app stops.
    """
    import argparse

    from scopestack_async.sandbox import Sandbox

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--once", action="store_true", help="log one user in, then stop")
    args = parser.parse_args(argv)
    async with Sandbox(records=100) as sb:
        settings = Settings(
            sb.client_id,
            sb.client_secret,
            f"http://127.0.0.1:{args.port}/callback",
            auth_url=sb.auth_url,
            api_url=sb.api_url,
        )
        runner = web.AppRunner(create_app(settings), access_log_class=PathOnlyAccessLog)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", args.port).start()
        try:
            if args.once:
                return await log_in_once(args.port)
            print(f"Open http://127.0.0.1:{args.port}/login (Ctrl+C to stop)")
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
    return None


if __name__ == "__main__":
    asyncio.run(main())
