"""A FastAPI app that logs its users in to ScopeStack (authorization code + PKCE) and calls
``/v1/me`` for each of them.

    pip install fastapi uvicorn
    python examples/fastapi_login.py --once   # against the embedded sandbox, no server needed
    SCOPESTACK_CLIENT_ID=... SCOPESTACK_CLIENT_SECRET=... \\
    SCOPESTACK_REDIRECT_URI=https://app.example.com/callback \\
    uvicorn --factory examples.fastapi_login:app_from_env --host 127.0.0.1 --port 8765

Settings come from SCOPESTACK_CLIENT_ID, SCOPESTACK_CLIENT_SECRET, SCOPESTACK_REDIRECT_URI
(the callback URL registered for your client, ending in /callback) and optionally
SCOPESTACK_AUTH_URL / SCOPESTACK_API_URL. Tests call ``create_app(Settings(...))``. Behind
https (any real deployment) the cookies are ``Secure``; run several processes only with a shared
``token_store`` (Redis) and a shared store for the pending logins and browsers kept here in
memory.

Routes and design are those of ``aiohttp_login.py``: ``/login``, ``/callback``, ``/me``,
``POST /logout`` with the CSRF token from ``/me`` in ``X-CSRF-Token``. The app user is the
ScopeStack user the callback's own token belongs to (asked of ``/v1/me``), never anything the
request names; pending logins are bounded in number and lifetime, the state and PKCE verifier
stay server-side and are used once, and a stray callback does not cancel a login in progress.
"""

from __future__ import annotations

import hmac
import os
import secrets
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import aiohttp
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
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

    @classmethod
    def from_env(cls) -> Settings:
        """Read the settings from SCOPESTACK_* environment variables."""
        env = os.environ
        return cls(
            client_id=env["SCOPESTACK_CLIENT_ID"],
            client_secret=env.get("SCOPESTACK_CLIENT_SECRET"),
            redirect_uri=env["SCOPESTACK_REDIRECT_URI"],
            auth_url=env.get("SCOPESTACK_AUTH_URL", "https://app.scopestack.io"),
            api_url=env.get("SCOPESTACK_API_URL", "https://api.scopestack.io"),
        )


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
        self.pool: aiohttp.ClientSession | None = None
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
            http=self.pool,
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

    async def finish(self, query: Mapping[str, str], pending: ss.PendingAuthorization) -> str:
        """Exchange the code, learn from ScopeStack whose token it is, file it under them."""
        # A throw-away session with a store of its own: nothing is filed under anyone yet.
        async with self._session(self.grant, ss.MemoryTokenStore()) as login:
            token = await login.complete_authorization(query, pending)
            who = await login.me()
        user = f"scopestack-user-{who.user_id}"
        await self.session_for(user).tokens.adopt(token)
        return user

    async def close(self) -> None:
        """Close every user's session, then the pool."""
        for session in self._sessions.values():
            await session.close()
        if self.pool is not None:
            await self.pool.close()


def _set_cookie(settings: Settings, response: Response, name: str, value: str) -> None:
    # HttpOnly: no script reads it. SameSite=Lax: it comes back on the top-level redirect from
    # ScopeStack, never on a cross-site POST. Secure whenever the app is served over https.
    secure = URL(settings.redirect_uri).scheme == "https"
    response.set_cookie(name, value, httponly=True, samesite="lax", secure=secure, path="/")


def create_app(settings: Settings) -> FastAPI:
    """The app; its lifespan opens and closes the shared connection pool."""
    logins = Logins(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        logins.pool = aiohttp.ClientSession()
        try:
            yield
        finally:
            await logins.close()

    app = FastAPI(lifespan=lifespan)
    app.state.logins = logins

    def browser(request: Request) -> Browser:
        found = logins.browsers.get(request.cookies.get(SESSION_COOKIE))
        if found is None:
            raise HTTPException(401, "Log in first: /login")
        return found

    @app.get("/login")
    async def login() -> RedirectResponse:
        pending = logins.begin()
        response = RedirectResponse(pending.authorize_url, status_code=302)
        _set_cookie(settings, response, LOGIN_COOKIE, logins.pending.add(pending))
        return response

    @app.get("/callback")
    async def callback(request: Request) -> RedirectResponse:
        login_id = request.cookies.get(LOGIN_COOKIE)
        pending = logins.pending.get(login_id)
        if pending is None:
            raise HTTPException(400, "No login in progress in this browser: start at /login.")
        # A stray or forged callback (wrong state) must not cancel the login in progress:
        # check the state first, and only then use the pending login up (single use).
        state = request.query_params.get("state", "")
        if pending.state is None or not hmac.compare_digest(pending.state.encode(), state.encode()):
            raise HTTPException(400, "Login failed: the callback's state does not match.")
        logins.pending.pop(login_id)
        try:
            user = await logins.finish(dict(request.query_params), pending)
        except ss.ScopeStackError as exc:
            raise HTTPException(400, f"Login failed: {exc}") from exc
        response = RedirectResponse("/me", status_code=302)
        # A new id after login (never one the browser had before: no session fixation).
        _set_cookie(settings, response, SESSION_COOKIE, logins.browsers.add(Browser(user)))
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    @app.get("/me")
    async def me(request: Request) -> JSONResponse:
        signed_in = browser(request)
        try:
            who = await logins.session_for(signed_in.user).me()
        except ss.AuthenticationError as exc:
            return JSONResponse({"error": str(exc), "login": "/login"}, status_code=401)
        return JSONResponse(
            {
                "app_user": signed_in.user,
                "email": who.email,
                "name": who.name,
                "account": who.account_slug,
                "csrf_token": signed_in.csrf_token,  # a real app renders it into its pages
            }
        )

    @app.post("/logout")
    async def logout(request: Request) -> JSONResponse:
        signed_in = browser(request)
        given = request.headers.get("X-CSRF-Token", "")
        if not hmac.compare_digest(given.encode(), signed_in.csrf_token.encode()):
            raise HTTPException(403, "Missing or wrong CSRF token: log out from the app's page.")
        await logins.session_for(signed_in.user).logout()
        logins.browsers.pop(request.cookies.get(SESSION_COOKIE))
        response = JSONResponse({"logged_out": True})
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    return app


def app_from_env() -> FastAPI:
    """The app with settings from the environment (for ``uvicorn --factory``)."""
    return create_app(Settings.from_env())


async def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Log one user in through the app and the embedded sandbox, in process (httpx's ASGI
    transport plays the browser), and return the answer of ``/me``."""
    import argparse

    import httpx

    from scopestack_async.sandbox import Sandbox

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--once", action="store_true", help="accepted; this always runs once")
    parser.parse_args(argv)
    origin = "http://127.0.0.1:8765"  # the callback origin registered for the sandbox client
    async with Sandbox(records=100) as sb:
        settings = Settings(
            sb.client_id, sb.client_secret, f"{origin}/callback", sb.auth_url, sb.api_url
        )
        app = create_app(settings)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                mounts={origin: httpx.ASGITransport(app=app)},
                follow_redirects=True,
                headers={"X-Sandbox-User": "admin"},  # who approves on the sandbox's authorize page
            ) as browser,
        ):
            resp = await browser.get(f"{origin}/login")
            resp.raise_for_status()
            found: dict[str, Any] = resp.json()
    print(f"logged in as {found['email']} in account {found['account']}")
    return found


if __name__ == "__main__":
    import asyncio

    asyncio.run(main())
