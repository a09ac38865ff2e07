"""A catalogue-wide in-memory JSON:API server, for the types main's sandbox does not serve yet
(sales executives, products, CRM opportunities, project contacts and locations, variables,
surveys). It records every request with its JSON body, so tests can assert what was sent.
It neither sorts nor applies date filters (it accepts and ignores them, as the connector's
comments say the real API did)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from aiohttp import web
from aiohttp.test_utils import TestServer

import scopestack_async as ss

JSONAPI = "application/vnd.api+json"
CONTAINS = frozenset({"name", "display-name", "project-name"})


class Fake:
    """``store[type][id] = {"attributes": ..., "relationships": {name: id}}``."""

    def __init__(self) -> None:
        self.store: dict[str, dict[str, dict[str, Any]]] = {}
        self.log: list[tuple[str, str, Any]] = []
        self.next_id = 100
        self.jobs: dict[str, int] = {}  # survey id -> reads left while calculating

    def add(self, type_: str, attributes: dict[str, Any], **rels: str) -> str:
        self.next_id += 1
        rid = str(self.next_id)
        self.store.setdefault(type_, {})[rid] = {"attributes": dict(attributes), "rels": rels}
        return rid

    def writes(self, method: str | None = None) -> list[tuple[str, str, Any]]:
        return [
            e
            for e in self.log
            if e[0] != "GET" and "/oauth/" not in e[1] and (method is None or e[0] == method)
        ]

    def _object(self, type_: str, rid: str) -> dict[str, Any]:
        row = self.store[type_][rid]
        rels = {n: {"data": {"type": n + "s", "id": i}} for n, i in row["rels"].items()}
        return {"type": type_, "id": rid, "attributes": row["attributes"], "relationships": rels}

    def _match(self, row: dict[str, Any], name: str, values: list[str]) -> bool:
        if name in row["rels"]:
            return row["rels"][name] in values
        actual = row["attributes"].get(name)
        if name in CONTAINS:
            return any(v.lower() in str(actual or "").lower() for v in values)
        text = ("true" if actual else "false") if isinstance(actual, bool) else str(actual)
        return text in values

    async def collection(self, request: web.Request) -> web.Response:
        type_ = request.match_info["type"]
        if request.method == "POST":
            return self._create(type_, await request.json())
        rows = self.store.get(type_, {})
        ids = list(rows)
        for key, value in request.query.items():
            if key.startswith("filter["):
                name = key[7:-1]
                if "][" in name or "." in name:
                    continue  # date filters: accepted and ignored, as the real API was seen to
                ids = [i for i in ids if self._match(rows[i], name, value.split(","))]
        size = int(request.query.get("page[size]", "250"))
        number = int(request.query.get("page[number]", "1"))
        chunk = ids[(number - 1) * size : number * size]
        pages = max(1, -(-len(ids) // size))
        meta = {"record-count": len(ids), "page-count": pages}
        return _json({"data": [self._object(type_, i) for i in chunk], "meta": meta})

    def _create(self, type_: str, body: dict[str, Any]) -> web.Response:
        data = body["data"]
        rels = {n: v["data"]["id"] for n, v in data.get("relationships", {}).items() if v["data"]}
        rid = self.add(type_, data.get("attributes", {}), **rels)
        return _json({"data": self._object(type_, rid)}, status=201)

    async def member(self, request: web.Request) -> web.Response:
        type_, rid = request.match_info["type"], request.match_info["id"]
        if rid not in self.store.get(type_, {}):
            return _json({"errors": [{"title": "Record not found", "status": "404"}]}, status=404)
        row = self.store[type_][rid]
        if request.method == "PATCH":
            data = (await request.json())["data"]
            row["attributes"].update(data.get("attributes", {}))
            for name, value in data.get("relationships", {}).items():
                row["rels"][name] = value["data"]["id"]
        elif request.method == "DELETE":
            del self.store[type_][rid]
            return web.Response(status=204)
        if type_ == "surveys" and rid in self.jobs:
            self.jobs[rid] -= 1
            if self.jobs[rid] <= 0:
                row["attributes"]["status"] = row["attributes"].pop("next-status", "calculated")
                del self.jobs[rid]
        return _json({"data": self._object(type_, rid)})

    async def job(self, request: web.Request) -> web.Response:
        rid = request.match_info["id"]
        row = self.store["surveys"][rid]
        row["attributes"]["status"] = "calculating"
        self.jobs[rid] = 2
        return _json({"data": self._object("surveys", rid)})

    def app(self) -> web.Application:
        @web.middleware
        async def record(request: web.Request, handler: Any) -> web.StreamResponse:
            jsonish = "json" in request.content_type and "/oauth/" not in request.path
            body = await request.json() if request.can_read_body and jsonish else None
            self.log.append((request.method, str(request.rel_url), body))
            response: web.StreamResponse = await handler(request)
            return response

        app = web.Application(middlewares=[record])
        app.router.add_post("/oauth/token", _token)
        app.router.add_get("/v1/me", _me)
        app.router.add_route("*", "/acme/v1/{type}", self.collection)
        app.router.add_route("*", "/acme/v1/{type}/{id}", self.member)
        app.router.add_put("/acme/v1/surveys/{id}/{action}", self.job)
        return app


def _json(doc: Any, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(doc), status=status, content_type=JSONAPI)


async def _token(request: web.Request) -> web.Response:
    body = {"access_token": "t", "token_type": "Bearer", "expires_in": 7200, "refresh_token": "r"}
    return web.Response(body=orjson.dumps(body), content_type="application/json")


async def _me(request: web.Request) -> web.Response:
    attributes = {"name": "Ada", "email": "a@acme.example", "account-id": 1, "account-slug": "acme"}
    return _json({"data": {"type": "mes", "id": "1", "attributes": attributes}})


@asynccontextmanager
async def serve(fake: Fake) -> AsyncIterator[ss.ScopeStackSession]:
    """A session logged in to ``fake`` on 127.0.0.1."""
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    base = str(server.make_url("/"))
    session = ss.ScopeStackSession(
        client_id="fake",
        authenticator=ss.PasswordGrant(username="u", password="p"),
        auth_url=base,
        api_url=base,
        allow_insecure_http=True,
    )
    try:
        async with session:
            yield session
    finally:
        await server.close()
