"""A minimal OAuth + JSON:API server for the overhead benchmark, run in its own process.

Usage: python benchmarks/_bench_server.py  (prints "PORT <n>" once listening on 127.0.0.1)
"""

from __future__ import annotations

import asyncio
import secrets

import orjson
from aiohttp import web

TOKENS: set[str] = set()
DOC = orjson.dumps(
    {
        "data": {
            "type": "clients",
            "id": "42",
            "attributes": {"name": "Acme", "active": True, "msa-date": None},
            "links": {"self": "http://127.0.0.1/acme/v1/clients/42"},
        }
    }
)


async def token(request: web.Request) -> web.Response:
    await request.post()
    access = secrets.token_urlsafe(32)
    TOKENS.add(access)
    body = {
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": 7200,
        "refresh_token": secrets.token_urlsafe(32),
    }
    return web.Response(body=orjson.dumps(body), content_type="application/json")


async def client(request: web.Request) -> web.Response:
    if request.headers.get("Authorization", "").removeprefix("Bearer ") not in TOKENS:
        return web.Response(status=401)
    return web.Response(body=DOC, content_type="application/vnd.api+json")


async def main() -> None:
    app = web.Application()
    app.router.add_post("/oauth/token", token)
    app.router.add_get("/acme/v1/clients/42", client)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    print(f"PORT {port}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
