"""The JSON:API side: ``/v1/me`` and ``/{account-slug}/v1/{type}[/{id}[/...]]``."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

import orjson
from aiohttp import web

from .data import ROLES, SPECS, Account, Record, ResourceSpec, SandboxUser
from .documents import (
    JSONAPI,
    JsonApiError,
    collect_included,
    forbidden,
    linkage_of,
    not_found,
    related_records,
    resource_object,
)
from .guard import account_for, permissions, principal, require_level
from .query import TOKEN_PARAMS, Query, apply, parse_query
from .runtime import RUNTIME, Runtime
from .writes import (
    apply_update,
    attribute_errors,
    check_document,
    missing_required,
    new_attributes,
    now_iso,
    resolve_links,
)

__all__ = ["add_api_routes"]

_HEADERS = {"Content-Type": JSONAPI}


def _json(body: bytes, status: int = 200) -> web.Response:
    return web.Response(body=body, status=status, headers=_HEADERS)


def _base(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def _spec(request: web.Request) -> ResourceSpec:
    spec = SPECS.get(request.match_info["type"])
    if spec is None:
        raise JsonApiError.one(404, "Not found", f"No route matches {request.path}", "404")
    return spec


def _record(rt: Runtime, spec: ResourceSpec, raw_id: str, account: Account) -> Record:
    record = rt.world.get(spec.type, int(raw_id)) if raw_id.isdigit() else None
    if record is None:
        raise not_found(raw_id)
    if record.account_id != account.id:
        raise forbidden()
    return record


def _context(
    request: web.Request, level: str
) -> tuple[Runtime, ResourceSpec, SandboxUser, Account]:
    rt = request.app[RUNTIME]
    _advance_documents(rt)
    spec = _spec(request)
    _, user = principal(request, rt, write=level != "view")
    account = account_for(rt, request.match_info["slug"], user)
    require_level(user, spec, level)
    return rt, spec, user, account


# -- /v1/me ---------------------------------------------------------------------------------


async def me(request: web.Request) -> web.Response:
    """``GET /v1/me``: the token's user, type ``mes``."""
    rt = request.app[RUNTIME]
    _, user = principal(request, rt, write=False)
    doc = {
        "data": {
            "id": str(user.id),
            "type": "mes",
            "links": {"self": f"{_base(request)}/v1/mes"},
            "attributes": {
                "name": user.name,
                "title": "",
                "email": user.username,
                "phone": "",
                "account-id": user.account_id,
                "account-slug": user.account_slug,
                "privileges": [
                    {"privilege": p, "access-level": lvl} for p, lvl in ROLES[user.role].items()
                ],
                "uuid": user.uuid,
                "site-admin": False,
            },
        }
    }
    return _json(orjson.dumps(doc))


# -- reads ------------------------------------------------------------------------------------


def _cache_key(request: web.Request, user: SandboxUser, rt: Runtime) -> tuple[object, ...] | None:
    if any(k in request.query for k in TOKEN_PARAMS):
        return None
    # The page-size knobs change at runtime (sb.config = attrs.evolve(...)) and shape the page.
    sizes = (rt.config.default_page_size, rt.config.max_page_size)
    return (request.host, request.path_qs, user.role, rt.world.version, sizes)


async def list_resources(request: web.Request) -> web.Response:
    """``GET /{slug}/v1/{type}``: filtered, sorted, paginated collection."""
    rt, spec, user, account = _context(request, "view")
    key = _cache_key(request, user, rt)
    cached = rt.cache.get(key) if key else None
    if cached is not None:
        return _json(cached)
    query = _parse(request, rt, spec)
    rows = apply(rt.world.listing(spec.type, account.id), spec, query)
    doc = _page_document(request, rt, rows, query, account, permissions(user, spec))
    body = orjson.dumps(doc)
    if key:
        rt.cache.put(key, body)
    return _json(body)


def _parse(
    request: web.Request, rt: Runtime, spec: ResourceSpec, *, collection: bool = True
) -> Query:
    return parse_query(
        request.query.items(),
        spec,
        default_size=rt.config.default_page_size,
        max_size=rt.config.max_page_size,
        collection=collection,
    )


def _serialise(
    request: web.Request, rt: Runtime, records: list[Record], query: Query, account: Account
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    base = _base(request)
    first = frozenset(p[0] for p in query.include)
    deeper = frozenset(name for p in query.include for name in p[1:])
    data = [resource_object(rt.world, r, base, account.slug, query.fields, first) for r in records]
    included = [
        resource_object(rt.world, r, base, account.slug, query.fields, deeper)
        for r in collect_included(rt.world, records, query.include)
    ]
    return data, included


def _page_document(
    request: web.Request,
    rt: Runtime,
    rows: list[Record],
    query: Query,
    account: Account,
    perms: dict[str, bool],
) -> dict[str, Any]:
    total = len(rows)
    pages = math.ceil(total / query.size)
    start = (query.number - 1) * query.size
    data, included = _serialise(request, rt, rows[start : start + query.size], query, account)
    doc: dict[str, Any] = {"data": data}
    if query.include:
        doc["included"] = included
    doc["meta"] = {"record-count": total, "page-count": pages, "permissions": perms}
    doc["links"] = _page_links(f"{_base(request)}{request.path}", query, pages)
    return doc


def _page_links(url: str, query: Query, pages: int) -> dict[str, str]:
    def link(number: int) -> str:
        params = [*query.echo, ("page[number]", str(number)), ("page[size]", str(query.size))]
        return f"{url}?{urlencode(params)}"

    links = {"first": link(1)}
    if query.number > 1:
        links["prev"] = link(query.number - 1)
    if query.number < pages:
        links["next"] = link(query.number + 1)
    links["last"] = link(max(pages, 1))
    return links


async def get_resource(request: web.Request) -> web.Response:
    """``GET /{slug}/v1/{type}/{id}``."""
    rt, spec, user, account = _context(request, "view")
    key = _cache_key(request, user, rt)
    cached = rt.cache.get(key) if key else None
    if cached is not None:
        return _json(cached)
    record = _record(rt, spec, request.match_info["id"], account)
    query = _parse(request, rt, spec, collection=False)
    body = orjson.dumps(_single(request, rt, record, query, account, permissions(user, spec)))
    if key:
        rt.cache.put(key, body)
    return _json(body)


def _single(
    request: web.Request,
    rt: Runtime,
    record: Record,
    query: Query,
    account: Account,
    perms: dict[str, bool],
) -> dict[str, Any]:
    data, included = _serialise(request, rt, [record], query, account)
    doc: dict[str, Any] = {"data": data[0]}
    if query.include:
        doc["included"] = included
    doc["meta"] = {"permissions": perms}
    return doc


async def get_related(request: web.Request) -> web.Response:
    """``GET /{slug}/v1/{type}/{id}/{relationship}``: the related resource(s)."""
    rt, spec, user, account = _context(request, "view")
    record = _record(rt, spec, request.match_info["id"], account)
    rel = spec.rel(request.match_info["rel"])
    if rel is None:
        raise JsonApiError.one(404, "Not found", f"No route matches {request.path}", "404")
    target = SPECS[rel.target]
    require_level(user, target, "view")
    rows = related_records(rt.world, record, rel.name)
    if not rel.to_many:
        query = _parse(request, rt, target, collection=False)
        if not rows:
            return _json(orjson.dumps({"data": None}))
        return _json(
            orjson.dumps(_single(request, rt, rows[0], query, account, permissions(user, target)))
        )
    query = _parse(request, rt, target)
    rows = apply(rows, target, query)
    doc = _page_document(request, rt, rows, query, account, permissions(user, target))
    return _json(orjson.dumps(doc))


async def get_relationship(request: web.Request) -> web.Response:
    """``GET /{slug}/v1/{type}/{id}/relationships/{relationship}``: linkage only."""
    rt, spec, _user, account = _context(request, "view")
    record = _record(rt, spec, request.match_info["id"], account)
    name = request.match_info["rel"]
    if spec.rel(name) is None:
        raise JsonApiError.one(404, "Not found", f"No route matches {request.path}", "404")
    self_url = f"{_base(request)}/{account.slug}/v1/{spec.type}/{record.id}"
    doc = {
        "links": {"self": f"{self_url}/relationships/{name}", "related": f"{self_url}/{name}"},
        "data": linkage_of(rt.world, record, name),
    }
    return _json(orjson.dumps(doc))


# -- writes ---------------------------------------------------------------------------------


async def _body(request: web.Request) -> Any:
    try:
        return orjson.loads(await request.read())
    except orjson.JSONDecodeError:
        raise JsonApiError.one(
            400, "Bad Request", "The request body is not valid JSON.", "400"
        ) from None


async def create_resource(request: web.Request) -> web.Response:
    """``POST /{slug}/v1/{type}``: 201 with the new resource, or 400/422."""
    rt, spec, user, account = _context(request, "create")
    data = check_document(await _body(request), spec, None)
    given = data.get("attributes", {})
    links, errors = resolve_links(rt.world, spec, data, account.id, creating=True)
    errors += attribute_errors(spec, given)
    errors += missing_required(spec, given)
    if errors:
        raise JsonApiError(422, errors)
    if spec.rel("account") is not None:
        links.setdefault("account", account.id)
    now = rt.clock()
    attributes = new_attributes(spec, given, links, rt.world, now_iso(now))
    record = rt.world.insert(spec.type, account.id, attributes, _all_links(spec, links))
    record.created = now
    if spec.type == "project-documents":
        rt.pending_documents.append(record.id)
    doc = _single(request, rt, record, Query(), account, permissions(user, spec))
    return _json(orjson.dumps(doc), status=201)


def _all_links(spec: ResourceSpec, links: dict[str, int | None]) -> dict[str, int | None]:
    return {rel.name: links.get(rel.name) for rel in spec.rels if not rel.to_many}


async def update_resource(request: web.Request) -> web.Response:
    """``PATCH /{slug}/v1/{type}/{id}``: partial update."""
    rt, spec, user, account = _context(request, "manage")
    record = _record(rt, spec, request.match_info["id"], account)
    data = check_document(await _body(request), spec, request.match_info["id"])
    given = data.get("attributes", {})
    links, errors = resolve_links(rt.world, spec, data, account.id, creating=False)
    errors += attribute_errors(spec, given)
    if errors:
        raise JsonApiError(422, errors)
    apply_update(record, given, links, now_iso(rt.clock()))
    rt.world.touch()
    doc = _single(request, rt, record, Query(), account, permissions(user, spec))
    return _json(orjson.dumps(doc))


async def delete_resource(request: web.Request) -> web.Response:
    """``DELETE /{slug}/v1/{type}/{id}``: 204."""
    rt, spec, _user, account = _context(request, "purge")
    record = _record(rt, spec, request.match_info["id"], account)
    rt.world.delete(record)
    return web.Response(status=204)


# -- project documents (asynchronous job) ------------------------------------------------------


def _advance_documents(rt: Runtime) -> None:
    if not rt.pending_documents:
        return
    now = rt.clock()
    still: list[int] = []
    for doc_id in rt.pending_documents:
        record = rt.world.get("project-documents", doc_id)
        if record is None:
            continue
        if now - record.created < rt.config.document_delay:
            still.append(doc_id)
            continue
        _finish_document(rt, record, now)
    rt.pending_documents = still


def _finish_document(rt: Runtime, record: Record, now: float) -> None:
    attrs = record.attributes
    if str(attrs.get("template-id")) == "broken":
        attrs.update({"status": "error", "error-text": "The template could not be merged."})
    else:
        url = f"{rt.api_url}/documents/{record.id}.pdf"
        attrs.update({"status": "finished", "document-url": url})
    attrs["updated-at"] = now_iso(now)
    rt.world.touch()


async def document_file(request: web.Request) -> web.Response:
    """The generated document: fetched without auth, like a pre-signed URL."""
    rt = request.app[RUNTIME]
    raw = request.match_info["id"]
    record = rt.world.get("project-documents", int(raw)) if raw.isdigit() else None
    if record is None or record.attributes.get("status") != "finished":
        return web.Response(status=404, text="Not found")
    return web.Response(body=b"%PDF-1.4\n% sandbox document\n", content_type="application/pdf")


def add_api_routes(app: web.Application) -> None:
    """Register every API route on ``app``."""
    r = app.router
    r.add_get("/v1/me", me)
    r.add_get("/v1/mes", me)
    r.add_get("/documents/{id}.pdf", document_file)
    r.add_get("/{slug}/v1/{type}", list_resources)
    r.add_post("/{slug}/v1/{type}", create_resource)
    r.add_get("/{slug}/v1/{type}/{id}", get_resource)
    r.add_patch("/{slug}/v1/{type}/{id}", update_resource)
    r.add_delete("/{slug}/v1/{type}/{id}", delete_resource)
    r.add_get("/{slug}/v1/{type}/{id}/relationships/{rel}", get_relationship)
    r.add_get("/{slug}/v1/{type}/{id}/{rel}", get_related)
