"""A FastAPI app that logs its users in to ScopeStack (authorization code + PKCE) and calls
``/v1/me`` for each of them.

    pip install fastapi uvicorn
    uvicorn --factory examples.fastapi_login:app_from_env --host 127.0.0.1 --port 8765
    python examples/fastapi_login.py --once   # against the embedded sandbox, no server needed

Settings come from SCOPESTACK_CLIENT_ID, SCOPESTACK_CLIENT_SECRET, SCOPESTACK_REDIRECT_URI
(the callback URL registered for your client, ending in /callback) and optionally
SCOPESTACK_AUTH_URL / SCOPESTACK_API_URL. Tests call ``create_app(Settings(...))``.

Routes and design are those of ``aiohttp_login.py``: ``/login?user=<app user id>``,
``/callback``, ``/me``, ``POST /logout``; one ScopeStack session and token per app user,
keyed by the app's user id; the state and PKCE verifier stay server-side and are used once.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse

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


class Logins:
    """One ScopeStack session per app user, sharing one connection pool and token store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool: aiohttp.ClientSession | None = None
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
                http=self.pool,
            )
        return self._sessions[user_id]

    def browser(self, request: Request) -> tuple[str, dict[str, Any]]:
        """This browser's session id and entry; 401 when it has none."""
        sid = request.cookies.get(COOKIE, "")
        entry = self.browsers.get(sid)
        if entry is None:
            raise HTTPException(401, "Log in first: /login?user=…")
        return sid, entry

    async def close(self) -> None:
        """Close every user's session, then the pool."""
        for session in self._sessions.values():
            await session.close()
        if self.pool is not None:
            await self.pool.close()


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

    @app.get("/login")
    async def login(user: str) -> RedirectResponse:
        pending = logins.session_for(user).begin_authorization()
        sid = secrets.token_urlsafe(32)
        logins.browsers[sid] = {"user": user, "pending": pending.to_dict()}
        response = RedirectResponse(pending.authorize_url, status_code=302)
        # SameSite=Lax: the cookie comes back on the top-level redirect from ScopeStack.
        response.set_cookie(COOKIE, sid, httponly=True, samesite="lax")
        return response

    @app.get("/callback")
    async def callback(request: Request) -> RedirectResponse:
        _sid, entry = logins.browser(request)
        pending = entry.pop("pending", None)  # taken out first: a callback works once
        if pending is None:
            raise HTTPException(400, "No login in progress in this browser: start at /login.")
        session = logins.session_for(entry["user"])
        try:
            await session.complete_authorization(
                dict(request.query_params), ss.PendingAuthorization.from_dict(pending)
            )
        except ss.AuthenticationError as exc:
            raise HTTPException(400, f"Login failed: {exc}") from exc
        return RedirectResponse("/me", status_code=302)

    @app.get("/me")
    async def me(request: Request) -> JSONResponse:
        _sid, entry = logins.browser(request)
        user_id = entry["user"]
        try:
            who = await logins.session_for(user_id).me()
        except ss.AuthenticationError as exc:
            body = {"error": str(exc), "login": f"/login?user={user_id}"}
            return JSONResponse(body, status_code=401)
        return JSONResponse(
            {"app_user": user_id, "email": who.email, "name": who.name, "account": who.account_slug}
        )

    @app.post("/logout")
    async def logout(request: Request) -> JSONResponse:
        sid, entry = logins.browser(request)
        await logins.session_for(entry["user"]).logout()
        logins.browsers.pop(sid, None)
        return JSONResponse({"logged_out": True})

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
            resp = await browser.get(f"{origin}/login", params={"user": "alice"})
            resp.raise_for_status()
            found: dict[str, Any] = resp.json()
    print(f"alice logged in as {found['email']} in account {found['account']}")
    return found


if __name__ == "__main__":
    import asyncio

    asyncio.run(main())
