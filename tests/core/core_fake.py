"""A small, precisely controllable OAuth + API server on 127.0.0.1 for the core tests.

It behaves like Doorkeeper where the core cares (form-encoded /oauth/token, refresh-token
rotation, 401 with an empty body and WWW-Authenticate) and counts everything it sees.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import Counter
from typing import Any

import attrs
import orjson
from aiohttp import web
from aiohttp.test_utils import TestServer

import scopestack_async as ss

CLIENT_ID = "client-id-123"
CLIENT_SECRET = "client-secret-SHOULD-NEVER-LEAK"
USERNAME = "svc@example.com"
PASSWORD = "password-SHOULD-NEVER-LEAK"


@attrs.define
class Issued:
    access: str
    refresh: str
    expires_at: float
    revoked: bool = False


@attrs.define
class FakeScopeStack:
    """Server state and knobs; tests flip the knobs and read the counters."""

    ttl: float = 7200.0
    token_delay: float = 0.0
    rotate_revokes_old: bool = True
    deny_writes: bool = False
    expired_status: int = 401
    dead_on_arrival: bool = False
    born_expired: int = 0  # how many of the next minted tokens are already expired
    issued: dict[str, Issued] = attrs.field(factory=dict)
    by_refresh: dict[str, Issued] = attrs.field(factory=dict)
    grants: Counter[str] = attrs.field(factory=Counter)
    token_errors: Counter[str] = attrs.field(factory=Counter)
    api_statuses: Counter[int] = attrs.field(factory=Counter)
    seen_auth: list[str | None] = attrs.field(factory=list)
    seen_bodies: list[bytes] = attrs.field(factory=list)
    events: list[tuple[str, float]] = attrs.field(factory=list)
    forms: list[dict[str, str]] = attrs.field(factory=list)

    def mint(self) -> dict[str, Any]:
        issued = Issued(
            secrets.token_urlsafe(32), secrets.token_urlsafe(32), time.time() + self.ttl
        )
        issued.revoked = self.dead_on_arrival
        if self.born_expired > 0:
            self.born_expired -= 1
            issued.expires_at = 0.0
        self.issued[issued.access] = issued
        self.by_refresh[issued.refresh] = issued
        return {
            "access_token": issued.access,
            "token_type": "Bearer",
            "expires_in": self.ttl,
            "refresh_token": issued.refresh,
            "scope": "",
            "created_at": int(time.time()),
        }

    def expire_all(self) -> None:
        for issued in self.issued.values():
            issued.expires_at = 0.0

    def authorized(self, request: web.Request) -> str | None:
        """None when the bearer token is good, else the error description."""
        header = request.headers.get("Authorization", "")
        issued = self.issued.get(header.removeprefix("Bearer "))
        if issued is None:
            return "The access token is invalid"
        if issued.revoked:
            return "The access token was revoked"
        if issued.expires_at <= time.time():
            return "The access token expired"
        return None


def _oauth_error(status: int, code: str) -> web.Response:
    return web.Response(
        status=status,
        body=orjson.dumps({"error": code, "error_description": f"{code} happened"}),
        content_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


def _unauthorized(state: FakeScopeStack, why: str) -> web.Response:
    status = state.expired_status if "expired" in why else 401
    state.api_statuses[status] += 1
    return web.Response(
        status=status,
        content_type="text/html",
        headers={
            "WWW-Authenticate": (
                f'Bearer realm="Doorkeeper", error="invalid_token", error_description="{why}"'
            )
        },
    )


def build_app(state: FakeScopeStack) -> web.Application:
    async def token(request: web.Request) -> web.Response:
        form = dict(await request.post())
        state.forms.append({k: str(v) for k, v in form.items()})
        grant = str(form.get("grant_type", ""))
        state.grants[grant] += 1
        state.events.append(("token-start", time.monotonic()))
        if state.token_delay:
            await asyncio.sleep(state.token_delay)
        state.events.append(("token-end", time.monotonic()))
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            state.token_errors["invalid_client"] += 1
            return _oauth_error(401, "invalid_client")
        if grant == "password":
            if form.get("username") != USERNAME or form.get("password") != PASSWORD:
                state.token_errors["invalid_grant"] += 1
                return _oauth_error(400, "invalid_grant")
            return web.Response(body=orjson.dumps(state.mint()), content_type="application/json")
        if grant == "refresh_token":
            old = state.by_refresh.pop(str(form.get("refresh_token")), None)
            if old is None:
                state.token_errors["invalid_grant"] += 1
                return _oauth_error(400, "invalid_grant")
            if state.rotate_revokes_old:
                old.revoked = True
            return web.Response(body=orjson.dumps(state.mint()), content_type="application/json")
        state.token_errors["unsupported_grant_type"] += 1
        return _oauth_error(400, "unsupported_grant_type")

    async def me(request: web.Request) -> web.Response:
        why = state.authorized(request)
        if why is not None:
            return _unauthorized(state, why)
        state.api_statuses[200] += 1
        doc = {
            "data": {
                "id": "1234",
                "type": "mes",
                "links": {"self": "https://api.scopestack.io/v1/mes"},
                "attributes": {
                    "name": "Jane Doe",
                    "title": "",
                    "email": USERNAME,
                    "phone": "",
                    "account-id": 123,
                    "account-slug": "acme",
                    "privileges": [{"privilege": "projects.overview", "access-level": "manage"}],
                    "uuid": "u-1",
                    "site-admin": False,
                },
            }
        }
        return web.Response(body=orjson.dumps(doc), content_type="application/vnd.api+json")

    async def echo(request: web.Request) -> web.Response:
        state.seen_auth.append(request.headers.get("Authorization"))
        body = await request.read()
        state.seen_bodies.append(body)
        state.events.append(("api", time.monotonic()))
        why = state.authorized(request)
        if why is not None:
            return _unauthorized(state, why)
        if request.method != "GET" and state.deny_writes:
            state.api_statuses[403] += 1
            return web.Response(status=403, content_type="text/html")
        state.api_statuses[200] += 1
        doc = {
            "data": {"type": "echoes", "id": "1", "attributes": {"body": body.decode() or None}},
            "meta": {
                "accept": request.headers.get("Accept"),
                "content-type": request.headers.get("Content-Type"),
            },
        }
        return web.Response(body=orjson.dumps(doc), content_type="application/vnd.api+json")

    async def status(request: web.Request) -> web.Response:
        why = state.authorized(request)
        if why is not None:
            return _unauthorized(state, why)
        code = int(request.match_info["code"])
        errors = {
            "errors": [
                {
                    "title": "bad",
                    "detail": "name - can't be blank",
                    "code": "100",
                    "status": str(code),
                    "source": {"pointer": "/data/attributes/name"},
                }
            ]
        }
        return web.Response(
            status=code, body=orjson.dumps(errors), content_type="application/vnd.api+json"
        )

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    async def bare401(request: web.Request) -> web.Response:
        return web.Response(status=401, content_type="text/html")

    async def html(request: web.Request) -> web.Response:
        return web.Response(text="<html>proxy error</html>", content_type="text/html")

    app = web.Application()
    app.router.add_post("/oauth/token", token)
    app.router.add_get("/v1/me", me)
    app.router.add_route("*", "/echo", echo)
    app.router.add_route("*", "/status/{code}", status)
    app.router.add_get("/redirect", redirect)
    app.router.add_get("/html", html)
    app.router.add_get("/bare401", bare401)
    return app


@attrs.define
class Running:
    state: FakeScopeStack
    server: TestServer

    @property
    def url(self) -> str:
        return str(self.server.make_url("")).rstrip("/")

    def session(self, **overrides: Any) -> ss.ScopeStackSession:
        options: dict[str, Any] = {
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "authenticator": ss.PasswordGrant(username=USERNAME, password=PASSWORD),
            "auth_url": self.url,
            "api_url": self.url,
        }
        options.update(overrides)
        return ss.ScopeStackSession(**options)
