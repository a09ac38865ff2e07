"""JSON:API documents as frozen values, and the one pure parser.

Structuring is hand-written, not a generated cattrs hook: it must keep unknown members,
tell an absent relationship ``data`` from a ``null`` one, and name the member that is wrong;
and it is several times faster (``benchmarks/jsonapi_parse.py``). Two choices keep a
100-resource page close to the cost of ``orjson.loads`` alone:

* attribute, link and meta objects are kept as the parsed dicts (dash-case keys exactly as
  the server sent them), never copied key by key;
* relationship objects are validated and structured on first access (a ScopeStack project
  carries some forty relationships; most callers read none of them);
* a parsed document checks every member at once but builds its ``Resource`` values (``data``,
  ``included``) and ``extra`` when one of them is first read: a caller that only looks at
  ``meta`` or ``links``, or discards the answer of a write, pays for the checks alone.

A bad *relationship* member therefore raises :class:`ResponseFormatError` when it is first
read, not at parse time; everything else is checked by :func:`parse_document`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs
import orjson

from ..errors import RelationshipNotLoadedError, ResponseFormatError

__all__ = [
    "MISSING",
    "Document",
    "Linkage",
    "Missing",
    "Relationship",
    "Resource",
    "ResourceIdentifier",
    "link_href",
    "parse_document",
    "unstructure_document",
    "unstructure_resource",
]

_EMPTY: Final[Mapping[str, Any]] = MappingProxyType({})


class Missing(enum.Enum):
    """The type of :data:`MISSING`: a relationship whose ``data`` member is absent."""

    MISSING = "MISSING"

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = Missing.MISSING


@attrs.frozen
class ResourceIdentifier:
    """A resource linkage ``{"type": ..., "id": ...}``; hashable by type and id."""

    type: str
    id: str
    meta: Mapping[str, Any] = attrs.field(default=_EMPTY, hash=False)

    def to_json(self) -> dict[str, Any]:
        """The identifier as a JSON:API object (what a relationship payload sends)."""
        out: dict[str, Any] = {"type": self.type, "id": self.id}
        if self.meta:
            out["meta"] = dict(self.meta)
        return out


Linkage: TypeAlias = "ResourceIdentifier | list[ResourceIdentifier] | None"


@attrs.frozen(unsafe_hash=False)
class Relationship:
    """A relationship object.

    ``data`` is :data:`MISSING` when the server sent no linkage (ScopeStack's default unless the
    relationship was included), ``None`` for an empty to-one, a list for a to-many.
    """

    data: Linkage | Missing = MISSING
    links: Mapping[str, Any] = _EMPTY
    meta: Mapping[str, Any] = _EMPTY
    extra: Mapping[str, Any] = _EMPTY

    @property
    def related_url(self) -> str | None:
        """The ``links.related`` URL, if the server sent one."""
        return link_href(self.links, "related")

    def to_json(self) -> dict[str, Any]:
        """The relationship as a JSON:API object."""
        out: dict[str, Any] = {}
        if isinstance(self.data, ResourceIdentifier):
            out["data"] = self.data.to_json()
        elif isinstance(self.data, list):
            out["data"] = [ident.to_json() for ident in self.data]
        elif self.data is None:
            out["data"] = None
        _put_members(out, self.links, self.meta, self.extra)
        return out


# (type, id) -> the raw resource object. Raw dicts, not Resource values: a Resource that
# pointed at an index of Resources would make every page cyclic garbage, and freeing that
# through the cycle collector costs as much again as parsing (benchmarks/jsonapi_parse.py).
_IncludedIndex = Mapping[tuple[str, str], dict[str, Any]]


@attrs.frozen(unsafe_hash=False)
class Resource:
    """A resource object: ``type``, ``id``, ``attributes`` (dash-case keys, as sent), ...

    :meth:`related` resolves a relationship from the ``included`` resources of the document the
    resource came from; it never makes a request (see ``ResourceClient.fetch_related``).
    """

    type: str
    id: str
    attributes: Mapping[str, Any] = _EMPTY
    relationships: Mapping[str, Relationship] = _EMPTY
    links: Mapping[str, Any] = _EMPTY
    meta: Mapping[str, Any] = _EMPTY
    extra: Mapping[str, Any] = _EMPTY
    # The (type, id) index of the parsing document's data and included resources.
    _included: _IncludedIndex = attrs.field(
        default=_EMPTY, eq=False, repr=False, kw_only=True, alias="_included"
    )

    @property
    def identifier(self) -> ResourceIdentifier:
        """This resource's ``ResourceIdentifier``."""
        return ResourceIdentifier(self.type, self.id)

    @property
    def self_url(self) -> str | None:
        """The ``links.self`` URL, if the server sent one."""
        return link_href(self.links, "self")

    def related(self, name: str) -> Resource | list[Resource] | None:
        """The related resource(s) of relationship ``name``, taken from the document's ``included``.

        Returns ``None`` for an empty to-one and a list for a to-many. Raises ``RelationshipNotLoadedError`` (a ``LookupError``)
        when the relationship is unknown, carries no linkage, or its targets were not included:
        ask for ``include=[name]`` or ``await client.fetch_related(resource, name)`` (one
        request per resource).
        """
        data = self._relationship(name).data
        if data is MISSING:
            raise RelationshipNotLoadedError(
                self._not_loaded(name, "the server sent no linkage data")
            )
        if data is None:
            return None
        if isinstance(data, list):
            return [self._resolve(name, ident) for ident in data]
        return self._resolve(name, data)

    def _relationship(self, name: str) -> Relationship:
        try:
            return self.relationships[name]
        except KeyError:
            known = ", ".join(sorted(self.relationships)) or "none"
            raise RelationshipNotLoadedError(
                f"{self.type}/{self.id} has no relationship {name!r} in this document "
                f"(relationships present: {known}). Check the name (dash-case) and any "
                "sparse fieldset that left it out."
            ) from None

    def _resolve(self, name: str, ident: ResourceIdentifier) -> Resource:
        found = self._included.get((ident.type, ident.id))
        if found is None:
            why = f"{ident.type}/{ident.id} is not in the document's included resources"
            raise RelationshipNotLoadedError(self._not_loaded(name, why))
        return _build_resource(found, self._included)  # the index holds checked objects only

    def _not_loaded(self, name: str, why: str) -> str:
        return (
            f"Cannot resolve relationship {name!r} of {self.type}/{self.id}: {why}. "
            f"Request it with include=[{name!r}], or call "
            f"`await client.fetch_related(resource, {name!r})` (one request per resource)."
        )


@attrs.frozen(unsafe_hash=False)
class Document:
    """A top-level JSON:API document.

    ``data`` is one resource, a list, or ``None`` (also for a document without ``data``).
    Unknown top-level members are kept in ``extra``.
    """

    data: Resource | list[Resource] | None = None
    included: list[Resource] = attrs.field(factory=list)
    meta: Mapping[str, Any] = _EMPTY
    links: Mapping[str, Any] = _EMPTY
    errors: list[Mapping[str, Any]] = attrs.field(factory=list)
    jsonapi: Mapping[str, Any] = _EMPTY
    extra: Mapping[str, Any] = _EMPTY
    # A parsed document's raw object: its data, included and extra slots stay unset until
    # first read (parse_document has checked them already), then are built once.
    _raw: Mapping[str, Any] | None = attrs.field(
        default=None, eq=False, repr=False, kw_only=True, alias="_raw"
    )

    if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt attribute is still caught

        def __getattr__(self, name: str) -> Any:
            # Reached only when a slot is unset: the members a parsed document builds lazily.
            raw = object.__getattribute__(self, "_raw") if name in _LAZY_MEMBERS else None
            if raw is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            _build_members(self, raw)
            return object.__getattribute__(self, name)

    def one(self) -> Resource:
        """The single primary resource; ResponseFormatError when ``data`` is not one resource."""
        if isinstance(self.data, Resource):
            return self.data
        raise ResponseFormatError(
            "Expected the document's data to be one resource object, "
            f"got {_kind_of_data(self.data)}. "
            "Check that the URL names a single resource (…/{type}/{id})."
        )

    def many(self) -> list[Resource]:
        """The primary resources as a list; ResponseFormatError when ``data`` is a single object."""
        if isinstance(self.data, list):
            return self.data
        if self.data is None:
            return []
        raise ResponseFormatError(
            "Expected the document's data to be an array of resources, got one resource object. "
            "Check that the URL names a collection (…/{type})."
        )


def _kind_of_data(data: object) -> str:
    if data is None:
        return "null"
    return "an array" if isinstance(data, list) else "one resource object"


def link_href(links: Mapping[str, Any], name: str) -> str | None:
    """The URL of link ``name``: JSON:API links are strings or ``{"href": ...}`` objects."""
    value = links.get(name)
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("href"), str):
        return value["href"]  # type: ignore[no-any-return]  # checked to be str just above
    return None


# ---------------------------------------------------------------- parsing


def _bad(where: str, expected: str, got: object) -> ResponseFormatError:
    return ResponseFormatError(
        f"The response is not a valid JSON:API document: {where} must be {expected}, "
        f"got {_json_kind(got)}. The server (or a proxy in front of it) sent something "
        "unexpected; check the URL and retry, and report it if it persists."
    )


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    names = {bool: "a boolean", str: "a string", int: "a number", float: "a number"}
    names.update({list: "an array", dict: "an object"})
    return names.get(type(value), type(value).__name__)


def _at(base: str, index: int | None) -> str:
    return base if index is None else f"{base}[{index}]"


def _object(raw: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    """Member ``key`` of ``raw``: a JSON object, or the empty mapping when absent."""
    value = raw.get(key)
    if value is None:
        return _EMPTY
    if isinstance(value, dict):
        return value
    raise _bad(f"{where}.{key}", "an object", value)


_RESOURCE_KEYS: Final = frozenset({"type", "id", "attributes", "relationships", "links", "meta"})
_RELATIONSHIP_KEYS: Final = frozenset({"data", "links", "meta"})
_DOCUMENT_KEYS: Final = frozenset({"data", "included", "meta", "links", "errors", "jsonapi"})


def _extra(raw: Mapping[str, Any], known: frozenset[str]) -> Mapping[str, Any]:
    if raw.keys() <= known:  # the usual case, answered without building a set
        return _EMPTY
    return {key: raw[key] for key in raw.keys() - known}


def _identifier(raw: object, where: str) -> ResourceIdentifier:
    if not isinstance(raw, dict):
        raise _bad(where, "a resource identifier object {type, id}", raw)
    rtype, rid = raw.get("type"), raw.get("id")
    if not isinstance(rtype, str) or not rtype:
        raise _bad(f"{where}.type", "a non-empty string", rtype)
    if not isinstance(rid, str):
        raise _bad(f"{where}.id", "a string (JSON:API ids are strings)", rid)
    meta = raw.get("meta")
    if meta is None:
        return ResourceIdentifier(rtype, rid)
    if not isinstance(meta, dict):
        raise _bad(f"{where}.meta", "an object", meta)
    return ResourceIdentifier(rtype, rid, meta)


def _linkage(raw: Mapping[str, Any], where: str) -> Linkage | Missing:
    if "data" not in raw:
        return MISSING
    data = raw["data"]
    if data is None:
        return None
    if isinstance(data, list):
        return [_identifier(item, f"{where}.data[{i}]") for i, item in enumerate(data)]
    return _identifier(data, f"{where}.data")


def _relationship(raw: object, where: str) -> Relationship:
    if not isinstance(raw, dict):
        raise _bad(where, "a relationship object", raw)
    return Relationship(
        _linkage(raw, where),
        _object(raw, "links", where),
        _object(raw, "meta", where),
        _extra(raw, _RELATIONSHIP_KEYS),
    )


class _LazyRelationships(Mapping[str, Relationship]):
    """A resource's relationships, each structured (and validated) when first read."""

    __slots__ = ("_cache", "_owner", "_raw")

    def __init__(self, raw: dict[str, Any], owner: str) -> None:
        self._raw = raw
        self._owner = owner
        self._cache: dict[str, Relationship] = {}

    def __getitem__(self, name: str) -> Relationship:
        found = self._cache.get(name)
        if found is None:
            where = f"relationship {name!r} of resource {self._owner}"
            found = self._cache[name] = _relationship(self._raw[name], where)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"<relationships {', '.join(self._raw)}>"

    def raw(self) -> dict[str, Any]:
        """The relationship objects as the server sent them."""
        return self._raw


def _check_resource(raw: object, base: str, index: int | None) -> dict[str, Any]:
    """``raw`` if it is a valid resource object (relationship objects are checked when read)."""
    if not isinstance(raw, dict):
        raise _bad(_at(base, index), "a resource object", raw)
    rtype, rid = raw.get("type"), raw.get("id")
    if not isinstance(rtype, str) or not rtype:
        raise _bad(f"{_at(base, index)}.type", "a non-empty string", rtype)
    if not isinstance(rid, str):
        raise _bad(f"{_at(base, index)}.id", "a string (JSON:API ids are strings)", rid)
    for key in ("relationships", "attributes", "links", "meta"):
        value = raw.get(key)
        if value is not None and not isinstance(value, dict):
            raise _bad(f"{_at(base, index)}.{key}", "an object", value)
    return raw


def _member(raw: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = raw.get(key)
    return _EMPTY if value is None else value  # _check_resource made sure it is a dict


def _build_resource(raw: dict[str, Any], included: _IncludedIndex) -> Resource:
    """The ``Resource`` of a resource object that :func:`_check_resource` accepted."""
    rels = raw.get("relationships")
    rtype, rid = raw["type"], raw["id"]
    return Resource(
        rtype,
        rid,
        _member(raw, "attributes"),
        _LazyRelationships(rels, f"{rtype}/{rid}") if rels else _EMPTY,
        _member(raw, "links"),
        _member(raw, "meta"),
        _extra(raw, _RESOURCE_KEYS),
        _included=included,
    )


def _resource(raw: object, base: str, index: int | None, included: _IncludedIndex) -> Resource:
    return _build_resource(_check_resource(raw, base, index), included)


def _load(body: bytes | bytearray | memoryview | str | Mapping[str, Any]) -> Any:
    if isinstance(body, dict):
        return body
    # The ABC check is slow: only for what is not plainly text or bytes.
    if not isinstance(body, (bytes, str, bytearray, memoryview)) and isinstance(body, Mapping):
        return dict(body)
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        raise ResponseFormatError(_not_json_message(body)) from None


def _not_json_message(body: bytes | bytearray | memoryview | str) -> str:
    text = bytes(body[:64]) if not isinstance(body, str) else body[:64].encode()
    stripped = text.lstrip()
    if not stripped:
        what = "an empty body"
    elif stripped[:1] == b"<":
        what = "HTML or XML (an error page from a proxy, a load balancer or the web app?)"
    else:
        what = f"{len(body)} bytes that are not JSON"
    return (
        f"The response is not a JSON:API document: it is {what}. Check the API base URL "
        "(https://api.scopestack.io) and retry; if it persists the service may be down."
    )


def _errors(raw: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    errors = raw.get("errors")
    if errors is None:
        return []
    if not isinstance(errors, list) or not all(isinstance(e, dict) for e in errors):
        raise _bad("errors", "an array of error objects", errors)
    return errors


def _check_resources(raw: Mapping[str, Any]) -> None:
    """Check ``data`` and ``included``: every resource object in them, none built."""
    data = raw.get("data")
    if isinstance(data, list):
        for i, item in enumerate(data):
            _check_resource(item, "data", i)
    elif isinstance(data, dict):
        _check_resource(data, "data", None)
    elif data is not None:
        raise _bad("data", "a resource object, an array of resource objects or null", data)
    included = raw.get("included")
    if included is not None and not isinstance(included, list):
        raise _bad("included", "an array of resource objects", included)
    for i, item in enumerate(included or ()):
        _check_resource(item, "included", i)


def _index_into(index: dict[tuple[str, str], dict[str, Any]], raw: Any) -> None:
    """Index raw resource objects that parsed fine (so each has a string type and id)."""
    for item in raw if isinstance(raw, list) else (raw,) if raw else ():
        index.setdefault((item["type"], item["id"]), item)


def _summarise_errors(errors: list[Mapping[str, Any]]) -> str:
    parts = [str(e.get("detail") or e.get("title") or e.get("code") or "?") for e in errors[:3]]
    return "; ".join(parts)


def parse_document(
    body: bytes | bytearray | memoryview | str | Mapping[str, Any], *, allow_errors: bool = False
) -> Document:
    """Parse a JSON:API document (raw bytes/str, or an already-decoded mapping).

    Pure and fast. Raises :class:`ResponseFormatError` naming the wrong member when the body is
    not JSON:API. A document with a non-empty ``errors`` member is refused too (it arrived with
    a success status) unless ``allow_errors`` is true.
    """
    raw = _load(body)
    if not isinstance(raw, dict):
        raise _bad("the document", "a JSON object with data, errors or meta", raw)
    if "data" not in raw and "errors" not in raw and "meta" not in raw:
        keys = ", ".join(sorted(map(str, raw))[:5]) or "none"
        raise ResponseFormatError(
            f"The response is not a JSON:API document: it has none of data, errors or meta "
            f"(members: {keys}). Check the URL: it may not be a ScopeStack API route."
        )
    errors = _errors(raw)
    if errors and not allow_errors:
        raise ResponseFormatError(
            f"The server answered with a success status but sent a JSON:API errors document: "
            f"{_summarise_errors(errors)}. Treat the request as failed; check its parameters."
        )
    _check_resources(raw)
    meta = _object(raw, "meta", "the document")
    links = _object(raw, "links", "the document")
    jsonapi = _object(raw, "jsonapi", "the document")
    doc = object.__new__(Document)  # data, included and extra are built on first read
    _set_meta(doc, meta)
    _set_links(doc, links)
    _set_errors(doc, errors)
    _set_jsonapi(doc, jsonapi)
    _set_raw(doc, raw)
    return doc


# Document is frozen: only the parser writes its slots, through their descriptors (the
# cheapest write there is; object.__setattr__ costs about twice as much).
_LAZY_MEMBERS: Final = frozenset({"data", "included", "extra"})
_set_meta, _set_links, _set_errors, _set_jsonapi, _set_raw, _set_data, _set_included, _set_extra = (
    Document.__dict__[name].__set__
    for name in ("meta", "links", "errors", "jsonapi", "_raw", "data", "included", "extra")
)


def _build_members(doc: Document, raw: Mapping[str, Any]) -> None:
    """Build a parsed document's ``data``, ``included`` and ``extra`` (all checked already)."""
    index: dict[tuple[str, str], dict[str, Any]] = {}
    data = raw.get("data")
    included = raw.get("included") or []
    _set_included(doc, [_build_resource(item, index) for item in included])
    if isinstance(data, list):
        _set_data(doc, [_build_resource(item, index) for item in data])
    else:
        _set_data(doc, None if data is None else _build_resource(data, index))
    _set_extra(doc, _extra(raw, _DOCUMENT_KEYS))
    _index_into(index, included)
    _index_into(index, data)


# ------------------------------------------------------------ unstructuring


def _put_members(
    out: dict[str, Any], links: Mapping[str, Any], meta: Mapping[str, Any], extra: Mapping[str, Any]
) -> None:
    if links:
        out["links"] = dict(links)
    if meta:
        out["meta"] = dict(meta)
    out.update(extra)


def _unstructure_relationships(rels: Mapping[str, Relationship]) -> dict[str, Any]:
    if isinstance(rels, _LazyRelationships):
        return dict(rels.raw())
    return {name: rel.to_json() for name, rel in rels.items()}


def unstructure_resource(resource: Resource) -> dict[str, Any]:
    """The resource as a JSON-ready dict; empty members are omitted."""
    out: dict[str, Any] = {"type": resource.type, "id": resource.id}
    if resource.attributes:
        out["attributes"] = dict(resource.attributes)
    if resource.relationships:
        out["relationships"] = _unstructure_relationships(resource.relationships)
    _put_members(out, resource.links, resource.meta, resource.extra)
    return out


def unstructure_document(doc: Document) -> dict[str, Any]:
    """The document as a JSON-ready dict; ``parse_document`` of it gives an equal Document.

    Empty members are omitted; ``data`` is written (possibly ``null``) unless the document
    carries ``errors``.
    """
    out: dict[str, Any] = {}
    if isinstance(doc.data, list):
        out["data"] = [unstructure_resource(r) for r in doc.data]
    elif doc.data is not None:
        out["data"] = unstructure_resource(doc.data)
    elif not doc.errors:
        out["data"] = None
    if doc.included:
        out["included"] = [unstructure_resource(r) for r in doc.included]
    if doc.errors:
        out["errors"] = [dict(e) for e in doc.errors]
    if doc.jsonapi:
        out["jsonapi"] = dict(doc.jsonapi)
    _put_members(out, doc.links, doc.meta, doc.extra)
    return out
