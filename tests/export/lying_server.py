"""A tiny ScopeStack on 127.0.0.1 whose collection pages say whatever a test wants.

The sandbox always tells the truth; these tests need a server that lies in ``meta`` and
``links``, sends HTML with a 200, a malformed record or a gzip bomb. ``Page`` describes one
answer; ``pages(number, size)`` returns it. Token endpoint and ``/v1/me`` are honest.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import attrs
import orjson
from aiohttp import web

import scopestack_async as ss


@attrs.define
class Page:
    """One answer: a JSON document (``doc``) or raw ``body`` bytes, with headers."""

    doc: Any = None
    body: bytes | None = None
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = attrs.Factory(dict)


Pages = Callable[[int, int], Page]


@attrs.define
class LyingServer:
    """The running server: ``base`` URL, and ``requests`` counts collection GETs."""

    base: str
    requests: int = 0
    pages: Pages | None = None

    def session(self) -> ss.ScopeStackSession:
        """A session logged in (password grant) to this server."""
        return ss.ScopeStackSession(
            client_id="cid",
            client_secret="secret",
            authenticator=ss.PasswordGrant(username="ada", password="pw"),
            auth_url=self.base,
            api_url=self.base,
            allow_insecure_http=True,
        )


def collection(
    records: list[dict[str, Any]], *, meta: Callable[[int, int], dict[str, Any]] | None = None
) -> Pages:
    """Honest pages of ``records`` (``meta``/``links`` from the callable when given)."""

    def answer(number: int, size: int) -> Page:
        chunk = records[(number - 1) * size : number * size]
        count = -(-len(records) // size)
        doc: dict[str, Any] = {"data": chunk, "meta": {"record-count": len(records)}}
        doc["meta"]["page-count"] = count
        if meta is not None:
            doc.update(meta(number, size))
        return Page(doc=doc)

    return answer


def project(n: int | str) -> dict[str, Any]:
    """A minimal project record."""
    return {"type": "projects", "id": str(n), "attributes": {"project-name": f"p{n}"}}


def _me() -> bytes:
    attributes = {"name": "Ada", "email": "ada@acme.example", "account-id": 1}
    attributes["account-slug"] = "acme"
    return orjson.dumps({"data": {"id": "1", "type": "mes", "attributes": attributes}})


@asynccontextmanager
async def lying_server(pages: Pages | None = None) -> AsyncIterator[LyingServer]:
    """Serve ``pages`` at ``/acme/v1/{anything}`` until the block ends."""
    server = LyingServer(base="", pages=pages)

    async def token(_: web.Request) -> web.Response:
        body = {"access_token": "tok", "token_type": "Bearer", "expires_in": 7200}
        body.update(refresh_token="ref", created_at=int(time.time()))
        return web.json_response(body)

    async def me(_: web.Request) -> web.Response:
        return web.Response(body=_me(), content_type="application/vnd.api+json")

    async def listing(request: web.Request) -> web.StreamResponse:
        server.requests += 1
        number = int(request.query.get("page[number]", "1"))
        size = int(request.query.get("page[size]", "250"))
        assert server.pages is not None
        page = server.pages(number, size)
        if page.delay:
            await asyncio.sleep(page.delay)
        body = page.body if page.body is not None else orjson.dumps(page.doc)
        headers = {"Content-Type": "application/vnd.api+json", **page.headers}
        return web.Response(body=body, status=page.status, headers=headers)

    app = web.Application()
    app.router.add_post("/oauth/token", token)
    app.router.add_get("/v1/me", me)
    app.router.add_get("/acme/v1/{resource}", listing)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # started
    server.base = f"http://127.0.0.1:{port}"
    try:
        yield server
    finally:
        await runner.cleanup()
