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
from .jobs import advance, start
from .media import check_accept, check_content_type
from .mergedata import merge_data_document
from .query import TOKEN_PARAMS, Query, apply, parse_query
from .runtime import RUNTIME, Runtime
from .writes import Checked, check_document, new_attributes, now_iso, refresh_mirrors, validate

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


_OPS = {"create": "create", "manage": "update", "purge": "delete"}


def _no_route(request: web.Request) -> JsonApiError:
    detail = f"No route matches [{request.method}] {request.path}"
    return JsonApiError.one(404, "Not found", detail, "404")


def _context(
    request: web.Request, level: str, *, body: bool = False
) -> tuple[Runtime, ResourceSpec, SandboxUser, Account]:
    # 406 comes before the token check (jsonapi-resources runs it first); 415 too.
    check_accept(request.headers.get("Accept"))
    if body:
        check_content_type(request.headers.get("Content-Type"))
    rt = request.app[RUNTIME]
    if rt.jobs:
        rt.jobs = advance(rt.world, rt.jobs, rt.clock(), rt.api_url)
    spec = _spec(request)
    if level in _OPS and _OPS[level] not in spec.ops:
        raise _no_route(request)
    _, user = principal(request, rt, write=level != "view")
    account = account_for(rt, request.match_info["slug"], user)
    require_level(user, spec, level)
    return rt, spec, user, account


# -- /v1/me ---------------------------------------------------------------------------------


async def me(request: web.Request) -> web.Response:
    """``GET /v1/me``: the token's user, type ``mes``."""
    check_accept(request.headers.get("Accept"))
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
    # These knobs change at runtime (sb.config = attrs.evolve(...)) and shape the answer.
    c = rt.config
    shape = (c.default_page_size, c.max_page_size, c.relationship_links, c.date_filters)
    return (request.host, request.path_qs, user.role, rt.world.version, shape)


async def list_resources(request: web.Request) -> web.Response:
    """``GET /{slug}/v1/{type}``: filtered, sorted, paginated collection."""
    rt, spec, user, account = _context(request, "view")
    key = _cache_key(request, user, rt)
    cached = rt.cache.get(key) if key else None
    if cached is not None:
        return _json(cached)
    query = _parse(request, rt, spec)
    rows = apply(
        _candidates(rt, spec, query, account),
        spec,
        query,
        rt.config.date_filters,
        rt.world.related_many,
    )
    doc = _page_document(request, rt, rows, query, account, permissions(user, spec))
    body = orjson.dumps(doc)
    if key:
        rt.cache.put(key, body)
    return _json(body)


def _candidates(rt: Runtime, spec: ResourceSpec, query: Query, account: Account) -> list[Record]:
    """The rows a listing filters: a part of a project filtered by its parent is derived
    from the parents named, instead of building every part of every project."""
    derived = spec.derived
    if derived is not None:
        for use in query.filters:
            if use.filter.kind == "fk" and use.filter.target == derived.fk:
                rows: dict[int, Record] = {}
                for value in use.values:
                    if value.isdigit():
                        for r in rt.world.related_many(spec.type, derived.fk, int(value)):
                            rows.setdefault(r.id, r)
                return sorted(
                    (r for r in rows.values() if r.account_id == account.id), key=lambda r: r.id
                )
    return rt.world.listing(spec.type, account.id)


def _parse(
    request: web.Request, rt: Runtime, spec: ResourceSpec, *, collection: bool = True
) -> Query:
    return parse_query(
        request.query.items(),
        spec,
        default_size=rt.config.default_page_size,
        max_size=rt.config.max_page_size,
        collection=collection,
        dates=rt.config.date_filters,
    )


def _serialise(
    request: web.Request, rt: Runtime, records: list[Record], query: Query, account: Account
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    base = _base(request)
    first = frozenset(p[0] for p in query.include)
    deeper = frozenset(name for p in query.include for name in p[1:])
    every = rt.config.relationship_links == "all"
    world, slug, fields = rt.world, account.slug, query.fields
    data = [resource_object(world, r, base, slug, fields, first, every) for r in records]
    included = [
        resource_object(world, r, base, slug, fields, deeper, every)
        for r in collect_included(world, records, query.include)
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
    rows = apply(rows, target, query, rt.config.date_filters, rt.world.related_many)
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
    """``POST /{slug}/v1/{type}``: 201 with the new resource, or 400/409/422."""
    rt, spec, user, account = _context(request, "create", body=True)
    data = check_document(await _body(request), spec, None, rt.config.read_only_attributes)
    checked = validate(rt.world, spec, data, account.id, None)
    if checked.errors:
        raise JsonApiError(422, checked.errors)
    if spec.rel("account") is not None:
        checked.links.setdefault("account", account.id)
    now = rt.clock()
    attributes = new_attributes(spec, checked.attributes, now_iso(now))
    links = {rel.name: checked.links.get(rel.name) for rel in spec.rels if rel.stored}
    record = rt.world.insert(spec.type, account.id, attributes, links)
    record.created = now
    _after_write(rt, record, checked)
    if spec.type == "project-documents":
        start(rt.jobs, record, "document", now, rt.config.document_delay)
    doc = _single(request, rt, record, Query(), account, permissions(user, spec))
    return _json(orjson.dumps(doc), status=201)


def _after_write(rt: Runtime, record: Record, checked: Checked) -> None:
    """To-many linkage (the targets' to-one is set) and read-only mirrors."""
    spec = SPECS[record.type]
    for name, ids in checked.many.items():
        rel = spec.rel(name)
        assert rel is not None
        for old in list(rt.world.related_many(rel.target, rel.inverse, record.id)):
            if old.id not in ids:
                rt.world.relink(old, {rel.inverse: None})
        for id_ in ids:
            target = rt.world.get(rel.target, id_)
            if target is not None:
                rt.world.relink(target, {rel.inverse: record.id})
    refresh_mirrors(rt.world, record)
    rt.world.touch()


async def update_resource(request: web.Request) -> web.Response:
    """``PATCH /{slug}/v1/{type}/{id}``: partial update."""
    rt, spec, user, account = _context(request, "manage", body=True)
    record = _record(rt, spec, request.match_info["id"], account)
    data = check_document(
        await _body(request), spec, request.match_info["id"], rt.config.read_only_attributes
    )
    checked = validate(rt.world, spec, data, account.id, record)
    if checked.errors:
        raise JsonApiError(422, checked.errors)
    record.attributes.update(checked.attributes)
    if checked.links:
        rt.world.relink(record, checked.links)
    if "updated-at" in record.attributes:
        record.attributes["updated-at"] = now_iso(rt.clock())
    _after_write(rt, record, checked)
    doc = _single(request, rt, record, Query(), account, permissions(user, spec))
    return _json(orjson.dumps(doc))


async def delete_resource(request: web.Request) -> web.Response:
    """``DELETE /{slug}/v1/{type}/{id}``: 204 (a project's derived parts go with it)."""
    rt, spec, _user, account = _context(request, "purge")
    record = _record(rt, spec, request.match_info["id"], account)
    rt.world.delete(record)
    return web.Response(status=204)


# -- jobs and other member routes --------------------------------------------------------------


async def survey_action(request: web.Request) -> web.Response:
    """``PUT /{slug}/v1/surveys/{id}/calculate`` or ``/apply``: start the job (200)."""
    rt, spec, user, account = _context(request, "manage")
    action = request.match_info["action"]
    if spec.type != "surveys" or action not in ("calculate", "apply"):
        raise _no_route(request)
    record = _record(rt, spec, request.match_info["id"], account)
    status = record.attributes.get("status")
    if status in ("calculating", "applying"):
        raise _unprocessable("status", f"is busy ({status})")
    if action == "apply" and status != "calculated":
        raise _unprocessable("status", "must be calculated before it can be applied")
    if action == "apply" and record.links.get("project") is None:
        raise _unprocessable("project", "must exist", rel=True)
    start(rt.jobs, record, action, rt.clock(), rt.config.survey_delay)
    rt.world.touch()
    doc = _single(request, rt, record, Query(), account, permissions(user, spec))
    return _json(orjson.dumps(doc))


def _unprocessable(name: str, message: str, rel: bool = False) -> JsonApiError:
    where = "relationships" if rel else "attributes"
    return JsonApiError.one(422, message, f"{name} - {message}", "100", f"/data/{where}/{name}")


async def merge_data(request: web.Request) -> web.Response:
    """``GET /{slug}/v1/projects/{id}/merge-data``: plain merge-data JSON (``filter[version]``)."""
    rt, spec, _user, account = _context(request, "view")
    record = _record(rt, spec, request.match_info["id"], account)
    version = request.query.get("filter[version]", "1")
    if version not in ("1", "2"):
        raise JsonApiError.one(
            400, "Invalid filter value", f"{version} is not a valid value for version.", "107"
        )
    body = merge_data_document(rt.world, record, int(version))
    return web.Response(body=orjson.dumps(body), content_type="application/json")


# -- the generated document ------------------------------------------------------------------


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
    r.add_get("/{slug}/v1/{type:projects}/{id}/merge-data", merge_data)
    r.add_put("/{slug}/v1/{type}/{id}/{action}", survey_action)
    r.add_get("/{slug}/v1/{type}/{id}/{rel}", get_related)
