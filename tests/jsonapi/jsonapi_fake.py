"""A small JR-style JSON:API server for the jsonapi tests, and a transport double of the seam.

``FakeApi`` serves ``/v1/me`` and ``/{slug}/v1/{type}[/{id}[/{name}]]`` from memory with
paging (links, page numbers only, or nothing), comma-OR filters, one sort key, ``include`` of
``client`` and sparse ``fields``; writes validate ``name`` (422) and refuse forbidden types (403).
``LoopbackTransport`` implements ``JsonApiTransport`` with a plain aiohttp.ClientSession.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import aiohttp
import orjson
import yarl
from aiohttp import web

from scopestack_async.jsonapi import Document, Me, error_for_response, parse_document

JSONAPI = "application/vnd.api+json"
SLUG = "acme"


def project(i: int, *, clients: int = 7) -> dict[str, Any]:
    """A project resource like ScopeStack's (string id, decimal strings, a `?` name)."""
    return {
        "type": "projects",
        "id": str(i),
        "attributes": {
            "project-name": f"Project {i:05d}",
            "status": ("building", "won", "lost")[i % 3],
            "position": i,
            "contract-revenue": f"{i}.50",
            "custom-hours?": i % 2 == 0,
        },
        "relationships": {
            "client": {"data": {"type": "clients", "id": str(i % clients)}},
            "project-contacts": {},
        },
    }


def client(i: int) -> dict[str, Any]:
    return {"type": "clients", "id": str(i), "attributes": {"name": f"Client {i}", "active": True}}


class FakeApi:
    """In-memory JSON:API resources with JR-like behaviour; ``log`` records each request."""

    def __init__(self, *, paging: str = "links", forbidden: Sequence[str] = ()) -> None:
        self.paging = paging  # "links" | "numbers" | "short"
        self.forbidden = set(forbidden)
        self.store: dict[str, dict[str, dict[str, Any]]] = {"projects": {}, "clients": {}}
        self.contacts: dict[str, list[dict[str, Any]]] = {}
        self.log: list[tuple[str, str]] = []
        self.next_id = 10_000

    def seed(self, projects: int, clients: int = 7) -> None:
        for i in range(clients):
            self.store["clients"][str(i)] = client(i)
        for i in range(projects):
            self.store["projects"][str(i)] = project(i, clients=clients)

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/v1/me", self._me)
        app.router.add_route("*", "/{slug}/v1/{type}", self._collection)
        app.router.add_route("*", "/{slug}/v1/{type}/{id}", self._member)
        app.router.add_get("/{slug}/v1/{type}/{id}/{name}", self._related)
        return app

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.log.append((request.method, str(request.rel_url)))
        response: web.StreamResponse = await handler(request)
        return response

    # ------------------------------------------------------------------ reads

    async def _me(self, request: web.Request) -> web.Response:
        attributes = {
            "name": "Jane",
            "email": "jane@example.com",
            "account-id": 123,
            "account-slug": SLUG,
            "privileges": [],
            "site-admin": False,
        }
        return _doc({"data": {"type": "mes", "id": "1", "attributes": attributes}})

    async def _collection(self, request: web.Request) -> web.Response:
        if request.method == "POST":
            return await self._create(request)
        rows = self._filtered(request)
        number = int(request.query.get("page[number]", "1"))
        size = int(request.query.get("page[size]", "250"))
        chunk = rows[(number - 1) * size : number * size]
        body: dict[str, Any] = {"data": [self._shaped(r, request) for r in chunk]}
        self._add_included(body, chunk, request)
        self._add_paging(body, request.url, number, size, len(rows))
        return _doc(body)

    def _filtered(self, request: web.Request) -> list[dict[str, Any]]:
        rows = list(self.store[request.match_info["type"]].values())
        status = request.query.get("filter[status]")
        if status is not None:
            rows = [r for r in rows if r["attributes"].get("status") in status.split(",")]
        sort = request.query.get("sort")
        if sort:
            key = sort.lstrip("-")
            rows.sort(key=lambda r: r["attributes"].get(key), reverse=sort.startswith("-"))
        return rows

    def _shaped(self, row: dict[str, Any], request: web.Request) -> dict[str, Any]:
        wanted = request.query.get(f"fields[{row['type']}]")
        if wanted is None:
            return row
        names = set(wanted.split(","))
        return {**row, "attributes": {k: v for k, v in row["attributes"].items() if k in names}}

    def _add_included(self, body: dict[str, Any], rows: list[Any], request: web.Request) -> None:
        if "client" not in request.query.get("include", "").split(","):
            return
        ids = sorted({r["relationships"]["client"]["data"]["id"] for r in rows}, key=int)
        body["included"] = [self._shaped(self.store["clients"][i], request) for i in ids]

    def _add_paging(
        self, body: dict[str, Any], url: yarl.URL, number: int, size: int, total: int
    ) -> None:
        pages = max(1, -(-total // size))
        if self.paging in ("links", "numbers"):
            body["meta"] = {"record-count": total, "page-count": pages}
        if self.paging != "links":
            return
        links = {
            "first": str(url.update_query({"page[number]": "1"})),
            "last": str(url.update_query({"page[number]": str(pages)})),
        }
        if number < pages:
            links["next"] = str(url.update_query({"page[number]": str(number + 1)}))
        body["links"] = links

    async def _member(self, request: web.Request) -> web.Response:
        rtype, rid = request.match_info["type"], request.match_info["id"]
        row = self.store.get(rtype, {}).get(rid)
        if row is None:
            return _errors(
                404,
                [
                    {
                        "title": "Record not found",
                        "detail": f"The record identified by {rid} could not be found.",
                        "code": "404",
                        "status": "404",
                    }
                ],
            )
        if request.method == "PATCH":
            return await self._update(request, row)
        if request.method == "DELETE":
            return await self._delete(request, rtype, rid)
        body: dict[str, Any] = {"data": self._shaped(row, request)}
        self._add_included(body, [row], request)
        return _doc(body)

    async def _related(self, request: web.Request) -> web.Response:
        rows = self.contacts.get(request.match_info["id"], [])
        number = int(request.query.get("page[number]", "1"))
        size = int(request.query.get("page[size]", "250"))
        body: dict[str, Any] = {"data": rows[(number - 1) * size : number * size]}
        self._add_paging(body, request.url, number, size, len(rows))
        return _doc(body)

    # ----------------------------------------------------------------- writes

    def _refused(self, rtype: str) -> web.Response | None:
        if rtype not in self.forbidden:
            return None
        return _errors(
            403,
            [
                {
                    "title": "Forbidden",
                    "status": "403",
                    "detail": f"You are not allowed to modify {rtype}.",
                }
            ],
        )

    async def _create(self, request: web.Request) -> web.Response:
        rtype = request.match_info["type"]
        data = (await request.json())["data"]
        invalid = self._refused(rtype) or _invalid(data)
        if invalid is not None:
            return invalid
        self.next_id += 1
        row = {
            "type": rtype,
            "id": str(self.next_id),
            "attributes": data.get("attributes", {}),
            "relationships": data.get("relationships", {}),
        }
        self.store.setdefault(rtype, {})[row["id"]] = row
        return _doc({"data": row}, status=201)

    async def _update(self, request: web.Request, row: dict[str, Any]) -> web.Response:
        data = (await request.json())["data"]
        invalid = self._refused(row["type"]) or _invalid(data)
        if invalid is not None:
            return invalid
        row["attributes"].update(data.get("attributes", {}))
        row["relationships"].update(data.get("relationships", {}))
        return _doc({"data": row})

    async def _delete(self, request: web.Request, rtype: str, rid: str) -> web.Response:
        refused = self._refused(rtype)
        if refused is not None:
            return refused
        del self.store[rtype][rid]
        return web.Response(status=204)


def _invalid(data: Mapping[str, Any]) -> web.Response | None:
    name = data.get("attributes", {}).get("name", "kept")
    if name:
        return None
    return _errors(
        422,
        [
            {
                "title": "can't be blank",
                "detail": "name - can't be blank",
                "code": "100",
                "status": "422",
                "source": {"pointer": "/data/attributes/name"},
            }
        ],
    )


def _doc(body: Mapping[str, Any], status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(body), status=status, content_type=JSONAPI)


def _errors(status: int, errors: list[dict[str, Any]]) -> web.Response:
    return _doc({"errors": errors}, status=status)


class LoopbackTransport:
    """JsonApiTransport over a plain aiohttp.ClientSession: a test double of the seam."""

    def __init__(self, session: aiohttp.ClientSession, api_url: yarl.URL) -> None:
        self._session = session
        self._api_url = api_url
        self._slug: str | None = None
        self.me_calls = 0

    @property
    def api_url(self) -> yarl.URL:
        return self._api_url

    async def request(
        self,
        method: str,
        url: str | yarl.URL,
        *,
        params: Sequence[tuple[str, str]] | None = None,
        json: Mapping[str, Any] | None = None,
    ) -> Document:
        target = self._api_url.join(yarl.URL(url)) if isinstance(url, str) else url
        headers = {"Accept": JSONAPI}
        data = None
        if json is not None:
            headers["Content-Type"] = JSONAPI
            data = orjson.dumps(json)
        async with self._session.request(
            method, target, params=params, data=data, headers=headers
        ) as response:
            body = await response.read()
            if response.status >= 400:
                raise error_for_response(
                    response.status,
                    body,
                    method=method,
                    url=str(response.url),
                    request_id=None,
                    content_type=response.content_type,
                )
            return Document() if response.status == 204 else parse_document(body)

    async def account_slug(self) -> str:
        if self._slug is None:
            self.me_calls += 1
            self._slug = Me.from_document(await self.request("GET", "/v1/me")).account_slug
        return self._slug


#: The ``start`` fixture: serve a FakeApi (or an app) on loopback, get a transport to it.
Start = Callable[[FakeApi | web.Application], Awaitable[LoopbackTransport]]
