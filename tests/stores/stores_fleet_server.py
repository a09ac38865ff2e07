"""A token server that rotates refresh tokens, for the fleet test (run as a script).

    stores_fleet_server.py        prints ``port N``, serves until stdin closes

Tokens live 1 or 2 seconds. A refresh token works once: using it issues a new pair and kills
both the old refresh token (reuse → 400 invalid_grant) and the old access token (→ 401).
``GET /stats`` returns the counters the test asserts on.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import sys
import time
from typing import Any

from aiohttp import web

CLIENT_ID, CLIENT_SECRET = "fleet-client", "fleet-secret"
USERNAME, PASSWORD = "svc@example.com", "fleet-password"


class Issuer:
    """The one live token pair, and counters."""

    def __init__(self) -> None:
        self.rng = random.Random(7)
        self.access: str | None = None
        self.refresh: str | None = None
        self.expires_at = 0.0
        self.counts = {
            "password_grants": 0,
            "refreshes": 0,
            "invalid_grant": 0,
            "invalid_client": 0,
            "ok": 0,
            "unauthorized": 0,
        }
        self.lifetimes: list[int] = []

    def issue(self) -> dict[str, Any]:
        lifetime = self.rng.choice([1, 2])
        self.access, self.refresh = secrets.token_hex(16), secrets.token_hex(16)
        self.expires_at = time.time() + lifetime
        self.lifetimes.append(lifetime)
        return {
            "access_token": self.access,
            "refresh_token": self.refresh,
            "token_type": "Bearer",
            "expires_in": lifetime,
        }


def oauth_error(status: int, error: str) -> web.Response:
    return web.json_response({"error": error, "error_description": error}, status=status)


async def token(request: web.Request) -> web.Response:
    issuer: Issuer = request.app["issuer"]
    form = await request.post()
    if not _client_ok(request, form):
        issuer.counts["invalid_client"] += 1
        return oauth_error(401, "invalid_client")
    if form.get("grant_type") == "password":
        if (form.get("username"), form.get("password")) != (USERNAME, PASSWORD):
            return oauth_error(400, "invalid_grant")
        issuer.counts["password_grants"] += 1
        return web.json_response(issuer.issue())
    if form.get("grant_type") == "refresh_token":
        if issuer.refresh is None or form.get("refresh_token") != issuer.refresh:
            issuer.counts["invalid_grant"] += 1
            return oauth_error(400, "invalid_grant")
        issuer.counts["refreshes"] += 1
        return web.json_response(issuer.issue())
    return oauth_error(400, "unsupported_grant_type")


def _client_ok(request: web.Request, form: Any) -> bool:
    return (form.get("client_id"), form.get("client_secret")) == (CLIENT_ID, CLIENT_SECRET)


async def me(request: web.Request) -> web.Response:
    issuer: Issuer = request.app["issuer"]
    sent = request.headers.get("Authorization", "")
    if sent != f"Bearer {issuer.access}" or time.time() >= issuer.expires_at:
        issuer.counts["unauthorized"] += 1
        return web.json_response(
            {"error": "invalid_token"},
            status=401,
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    issuer.counts["ok"] += 1
    return web.json_response({"data": {"id": "1", "type": "users", "attributes": {}}})


async def stats(request: web.Request) -> web.Response:
    issuer: Issuer = request.app["issuer"]
    return web.json_response({**issuer.counts, "lifetimes": issuer.lifetimes})


async def serve() -> None:
    app = web.Application()
    app["issuer"] = Issuer()
    app.add_routes(
        [web.post("/oauth/token", token), web.get("/v1/me", me), web.get("/stats", stats)]
    )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    print(f"port {port}", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(serve())
