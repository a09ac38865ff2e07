"""An aiohttp.web app that logs its users in to ScopeStack (authorization code + PKCE) and
calls ``/v1/me`` for each of them.

    python examples/aiohttp_login.py          # against the embedded sandbox, on 127.0.0.1:8765
    python examples/aiohttp_login.py --once   # log one user in with a scripted browser, stop

Routes: ``/login?user=<app user id>`` starts the login (a real app takes the user id from
its own login), ``/callback`` finishes it, ``/me`` shows the ScopeStack user, ``POST /logout``
revokes the tokens. Each app user has their own ScopeStack session and token, stored under
the app's user id (the grant's ``subject``) in one shared token store.

What the browser keeps is only a random session id cookie: the state and the PKCE verifier
stay server-side, and are removed when the callback arrives (single use).
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

import scopestack_async as ss

COOKIE = "sid"


@dataclass(frozen=True)
class Settings:
    """What the app needs; ``redirect_uri`` is the callback URL registered for the client."""

    client_id: str
    client_secret: str | None
    redirect_uri: str
    auth_url: str = "https://app.scopestack.io"
    api_url: str = "https://api.scopestack.io"
    token_store: ss.TokenStore = field(default_factory=ss.MemoryTokenStore)


class Logins:
    """One ScopeStack session per app user, sharing one connection pool and token store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool: aiohttp.ClientSession | None = None
        self._sessions: dict[str, ss.ScopeStackSession] = {}
        #: Browser session id -> {"user": app user id, "pending": PendingAuthorization dict}.
        self.browsers: dict[str, dict[str, Any]] = {}

    def session_for(self, user_id: str) -> ss.ScopeStackSession:
        """The ScopeStack session of one app user (created on first use)."""
        if user_id not in self._sessions:
            self._sessions[user_id] = ss.ScopeStackSession(
                client_id=self.settings.client_id,
                client_secret=self.settings.client_secret,
                # loopback=False: a server never opens a browser; a missing token is an error.
                authenticator=ss.AuthorizationCodeGrant(
                    redirect_uri=self.settings.redirect_uri, subject=user_id, loopback=False
                ),
                token_store=self.settings.token_store,
                auth_url=self.settings.auth_url,
                api_url=self.settings.api_url,
                http=self._pool,
            )
        return self._sessions[user_id]

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


def _browser(request: web.Request) -> tuple[str, dict[str, Any]] | None:
    sid = request.cookies.get(COOKIE, "")
    entry = request.app[LOGINS].browsers.get(sid)
    return (sid, entry) if entry is not None else None


async def login(request: web.Request) -> web.Response:
    """Start the ScopeStack login of the app user ``?user=``."""
    user_id = request.query.get("user", "")
    if not user_id:
        raise web.HTTPBadRequest(text="Say which app user logs in: /login?user=alice")
    logins = request.app[LOGINS]
    pending = logins.session_for(user_id).begin_authorization()
    sid = secrets.token_urlsafe(32)
    logins.browsers[sid] = {"user": user_id, "pending": pending.to_dict()}
    response = web.HTTPFound(pending.authorize_url)
    # SameSite=Lax: the cookie comes back on the top-level redirect from ScopeStack.
    response.set_cookie(COOKIE, sid, httponly=True, samesite="Lax")
    raise response


async def callback(request: web.Request) -> web.Response:
    """Finish the login: the pending data is taken out first, so it works once."""
    found = _browser(request)
    pending = found[1].pop("pending", None) if found else None
    if found is None or pending is None:
        raise web.HTTPBadRequest(text="No login in progress in this browser: start at /login.")
    session = request.app[LOGINS].session_for(found[1]["user"])
    try:
        await session.complete_authorization(
            request.query, ss.PendingAuthorization.from_dict(pending)
        )
    except ss.AuthenticationError as exc:
        raise web.HTTPBadRequest(text=f"Login failed: {exc}") from exc
    raise web.HTTPFound("/me")


async def me(request: web.Request) -> web.Response:
    """The ScopeStack user and account of this browser's app user."""
    found = _browser(request)
    if found is None:
        raise web.HTTPUnauthorized(text="Log in first: /login?user=…")
    user_id = found[1]["user"]
    try:
        who = await request.app[LOGINS].session_for(user_id).me()
    except ss.AuthenticationError as exc:
        return web.json_response({"error": str(exc), "login": f"/login?user={user_id}"}, status=401)
    return web.json_response(
        {"app_user": user_id, "email": who.email, "name": who.name, "account": who.account_slug}
    )


async def logout(request: web.Request) -> web.Response:
    """Revoke this app user's ScopeStack tokens and forget them."""
    found = _browser(request)
    if found is None:
        raise web.HTTPUnauthorized(text="Not logged in.")
    await request.app[LOGINS].session_for(found[1]["user"]).logout()
    request.app[LOGINS].browsers.pop(found[0], None)
    return web.json_response({"logged_out": True})


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
        async with browser.get(f"http://127.0.0.1:{port}/login", params={"user": "alice"}) as resp:
            resp.raise_for_status()
            found: dict[str, Any] = await resp.json()
    print(f"alice logged in as {found['email']} in account {found['account']}")
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
            print(f"Open http://127.0.0.1:{args.port}/login?user=alice (Ctrl+C to stop)")
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
    return None


if __name__ == "__main__":
    asyncio.run(main())
