"""Resource clients: list, iterate, get, create, update, delete and related routes of one type.

A :class:`ResourceClient` talks to the session only through :class:`JsonApiTransport`, a
two-method protocol: the session owns authentication, retries and the status → error mapping;
this module owns URLs, queries, payloads and pagination.

Account paths are ``{api_url}/{account-slug}/v1/{type}[/{id}[/{relationship}]]``; the slug is
asked of the transport on every call (it fetches ``/v1/me`` once, on first use).
"""

from __future__ import annotations

import builtins
from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeAlias, TypeVar, overload

import attrs
import yarl

from .._core.urls import same_origin
from ..errors import ConfigurationError, ResponseFormatError
from .document import Document, Resource, ResourceIdentifier
from .paging import PagingLimits, iterate_resources
from .query import Filters, build_query, url_with_query

__all__ = ["JsonApiTransport", "Page", "RelationshipValue", "ResourceClient"]

T = TypeVar("T")
RelationshipValue: TypeAlias = ResourceIdentifier | Sequence[ResourceIdentifier] | None


class JsonApiTransport(Protocol):
    """What a resource client needs from the session (ScopeStackSession implements it)."""

    @property
    def api_url(self) -> yarl.URL:
        """The API origin and base path; links to any other origin are never followed."""
        ...

    async def request(
        self,
        method: str,
        url: str | yarl.URL,
        *,
        params: Sequence[tuple[str, str]] | None = None,
        json: Mapping[str, Any] | None = None,
    ) -> Document:
        """Send one request and parse the answer (error statuses raise APIError subclasses)."""
        ...

    async def account_slug(self) -> str:
        """The current account's slug (from ``/v1/me``, fetched on first use)."""
        ...


@attrs.frozen(unsafe_hash=False)
class Page(Generic[T]):
    """One page of a collection: ``data`` (resources or model instances), included, meta, links."""

    data: list[T]
    included: list[Resource]
    meta: Mapping[str, Any]
    links: Mapping[str, Any]

    @property
    def record_count(self) -> int | None:
        """``meta.record-count``: the number of records over all pages, when the server says."""
        return _meta_int(self.meta, "record-count")

    @property
    def page_count(self) -> int | None:
        """``meta.page-count``: the number of pages at this page size, when the server says."""
        return _meta_int(self.meta, "page-count")


def _meta_int(meta: Mapping[str, Any], key: str) -> int | None:
    value = meta.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _segment(kind: str, value: object) -> str:
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not text or "/" in text or text in (".", ".."):
        raise ConfigurationError(
            f"{kind} must be a non-empty string without '/', got {value!r}. "
            "ScopeStack ids are strings such as '42'."
        )
    return text


def _linkage_json(name: str, value: RelationshipValue | object) -> dict[str, Any]:
    # ``object``: a caller's value is checked here, whatever its static type said.
    if value is None:
        return {"data": None}
    if isinstance(value, ResourceIdentifier):
        return {"data": value.to_json()}
    if isinstance(value, Sequence) and all(isinstance(v, ResourceIdentifier) for v in value):
        return {"data": [v.to_json() for v in value]}
    raise ConfigurationError(
        f"relationship {name!r} must be a ResourceIdentifier, a list of them or None, "
        f"got {type(value).__name__}; e.g. ResourceIdentifier('clients', '42')."
    )


def resource_payload(
    rtype: str,
    rid: str | None,
    attributes: Mapping[str, Any] | None,
    relationships: Mapping[str, RelationshipValue] | None,
) -> dict[str, Any]:
    """The ``{"data": {...}}`` body of a create (no id) or an update (only what was given)."""
    data: dict[str, Any] = {"type": rtype}
    if rid is not None:
        data["id"] = rid
    if attributes:
        data["attributes"] = dict(attributes)
    if relationships:
        data["relationships"] = {n: _linkage_json(n, v) for n, v in relationships.items()}
    return {"data": data}


class ResourceClient(Generic[T]):
    """The resources of one type in the current account (``session.resource("projects")``).

    With ``model=MyClass`` (an attrs class) resources are structured into it: dash-case
    attributes fill snake_case fields, see :func:`structure_resource`.
    """

    @overload
    def __init__(
        self: ResourceClient[Resource], transport: JsonApiTransport, type: str, model: None = None
    ) -> None: ...

    @overload
    def __init__(
        self: ResourceClient[T], transport: JsonApiTransport, type: str, model: type[T]
    ) -> None: ...

    def __init__(
        self, transport: JsonApiTransport, type: str, model: type[Any] | None = None
    ) -> None:
        self._transport = transport
        self.type = _segment("resource type", type)
        self.model = model

    def __repr__(self) -> str:
        model = f", model={self.model.__name__}" if self.model else ""
        return f"ResourceClient({self.type!r}{model})"

    def _convert(self, resource: Resource) -> T:
        if self.model is None:
            return resource  # type: ignore[return-value]  # T is Resource when there is no model
        from .models import structure_resource  # cattrs loads with the first model, not before

        return structure_resource(resource, self.model)  # type: ignore[no-any-return]  # T is model

    async def _url(self, *segments: object) -> yarl.URL:
        slug = _segment("account slug", await self._transport.account_slug())
        url = self._transport.api_url / slug / "v1" / self.type
        for index, segment in enumerate(segments):
            url = url / _segment("id" if index == 0 else "relationship name", segment)
        return url

    def _page(self, doc: Document, convert: Callable[[Resource], Any]) -> Page[Any]:
        return Page([convert(r) for r in doc.many()], doc.included, doc.meta, doc.links)

    async def list(
        self,
        *,
        page: int = 1,
        page_size: int | None = None,
        filter: Filters | None = None,
        include: str | Sequence[str] | None = None,
        fields: Mapping[str, str | Sequence[str]] | None = None,
        sort: str | Sequence[str] | None = None,
    ) -> Page[T]:
        """One page of the collection (``page`` is 1-based; the server's default size is 250)."""
        params = build_query(
            filter=filter, include=include, fields=fields, sort=sort, page=page, page_size=page_size
        )
        doc = await self._transport.request("GET", await self._url(), params=params)
        return self._page(doc, self._convert)

    async def iterate(
        self,
        *,
        page_size: int = 100,
        filter: Filters | None = None,
        include: str | Sequence[str] | None = None,
        fields: Mapping[str, str | Sequence[str]] | None = None,
        sort: str | Sequence[str] | None = None,
        limit: int | None = None,
        max_pages: int | None = None,
        prefetch: bool = True,
    ) -> AsyncGenerator[T, None]:
        """Every resource of the collection, page after page, in the server's order.

        Stops after ``limit`` resources or ``max_pages`` pages. With ``prefetch`` the next page
        is fetched while the caller works on the current one; ``break`` out and close the
        iterator (``contextlib.aclosing``) to cancel it at once. Related resources named in
        ``include`` resolve with ``resource.related(name)``.
        """
        params = build_query(
            filter=filter, include=include, fields=fields, sort=sort, page=1, page_size=page_size
        )
        first = url_with_query(await self._url(), params)
        limits = PagingLimits(limit=limit, max_pages=max_pages, prefetch=prefetch)
        async for resource in iterate_resources(
            self._get_document, first, origin=self._transport.api_url, limits=limits
        ):
            yield self._convert(resource)

    async def _get_document(self, url: yarl.URL) -> Document:
        return await self._transport.request("GET", url)

    async def get(
        self,
        id: str | int,
        *,
        include: str | Sequence[str] | None = None,
        fields: Mapping[str, str | Sequence[str]] | None = None,
    ) -> T:
        """The resource with ``id`` (NotFoundError when it does not exist in this account)."""
        params = build_query(include=include, fields=fields)
        doc = await self._transport.request("GET", await self._url(id), params=params)
        return self._convert(doc.one())

    async def create(
        self,
        attributes: Mapping[str, Any],
        relationships: Mapping[str, RelationshipValue] | None = None,
    ) -> T:
        """POST a new resource; attribute names are dash-case, exactly as the API spells them.

        ``relationships={"client": ResourceIdentifier("clients", "42")}``. Returns the
        created resource (201 or 200); ValidationError (422) lists each pointer and detail.
        """
        body = resource_payload(self.type, None, attributes, relationships)
        doc = await self._transport.request("POST", await self._url(), json=body)
        return self._convert(doc.one())

    async def update(
        self,
        id: str | int,
        attributes: Mapping[str, Any] | None = None,
        relationships: Mapping[str, RelationshipValue] | None = None,
    ) -> T:
        """PATCH only the given attributes and relationships; returns the updated resource.

        If the server answers 204 No Content, the resource is re-read with one GET.
        """
        rid = _segment("id", id)
        body = resource_payload(self.type, rid, attributes, relationships)
        doc = await self._transport.request("PATCH", await self._url(rid), json=body)
        if doc.data is None:
            return await self.get(rid)
        return self._convert(doc.one())

    async def delete(self, id: str | int) -> None:
        """DELETE the resource (204); NotFoundError when it is already gone."""
        await self._transport.request("DELETE", await self._url(id))

    async def action(self, id: str | int, name: str, *, method: str = "PUT") -> Document:
        """Send a member action, e.g. ``PUT surveys/{id}/calculate``; returns its document."""
        return await self._transport.request(method, await self._url(id, name))

    async def related(
        self,
        id: str | int,
        name: str,
        *,
        page: int | None = None,
        page_size: int | None = None,
        filter: Filters | None = None,
        include: str | Sequence[str] | None = None,
        sort: str | Sequence[str] | None = None,
    ) -> Page[Resource]:
        """One page of a related route, e.g. ``projects/{id}/project-contacts``.

        ``data`` is always a list (a to-one route gives zero or one resource); items are plain
        resources, whatever this client's model.
        """
        params = build_query(
            filter=filter, include=include, sort=sort, page=page, page_size=page_size
        )
        doc = await self._transport.request("GET", await self._url(id, name), params=params)
        return Page(_as_list(doc), doc.included, doc.meta, doc.links)

    async def iterate_related(
        self,
        id: str | int,
        name: str,
        *,
        page_size: int = 100,
        filter: Filters | None = None,
        include: str | Sequence[str] | None = None,
        sort: str | Sequence[str] | None = None,
        limit: int | None = None,
        max_pages: int | None = None,
    ) -> AsyncGenerator[Resource, None]:
        """Every resource of a to-many related route, page after page."""
        params = build_query(filter=filter, include=include, sort=sort, page=1, page_size=page_size)
        first = url_with_query(await self._url(id, name), params)
        limits = PagingLimits(limit=limit, max_pages=max_pages)
        async for resource in iterate_resources(
            self._get_document, first, origin=self._transport.api_url, limits=limits
        ):
            yield resource

    async def fetch_related(
        self, resource: Resource, name: str
    ) -> Resource | builtins.list[Resource] | None:
        """GET the ``links.related`` URL of ``resource``'s relationship ``name``.

        This is ONE REQUEST PER CALL: calling it for every resource of a page is the N+1
        pattern. Prefer ``include=[name]`` and ``resource.related(name)``, which costs nothing.
        """
        url = self._related_link(resource, name)
        doc = await self._transport.request("GET", url)
        return doc.data

    def _related_link(self, resource: Resource, name: str) -> yarl.URL:
        relationship = resource.relationships.get(name)
        href = relationship.related_url if relationship is not None else None
        if href is None:
            raise ResponseFormatError(
                f"{resource.type}/{resource.id} has no related link for {name!r}; "
                f"use client.related(id, {name!r}) for the related route instead."
            )
        url = self._transport.api_url.join(yarl.URL(href))
        if not same_origin(url, self._transport.api_url):
            raise ResponseFormatError(
                f"The related link of {name!r} points to another origin ({url.origin()}); "
                "refusing to send the token there. Check the API base URL."
            )
        return url


def _as_list(doc: Document) -> list[Resource]:
    if isinstance(doc.data, Resource):
        return [doc.data]
    return doc.many()
