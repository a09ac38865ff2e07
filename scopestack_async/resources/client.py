"""``TypedClient``: today's ResourceClient calls, returning frozen models, plus find-one,
upsert and changes-since for every catalogued type."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import AsyncGenerator, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..errors import ConfigurationError, NotFoundError
from ..jsonapi.document import MISSING, Resource, ResourceIdentifier
from ..jsonapi.query import FilterName, FilterValue
from ..jsonapi.resources import Page, RelationshipValue, ResourceClient
from .base import TypedModel, decode, encode
from .catalogue import SPECIAL, TypeSpec, python_name, rel_name, spec_for
from .find import Upserted, choose, normalise, normalise_domain, search_text
from .models import MODELS
from .query import check_include, check_sort, where_filters

if TYPE_CHECKING:
    from ..session import ScopeStackSession
    from .changes import Changes, Watermark

__all__ = ["TypedClient", "typed_client"]

M = TypeVar("M", bound=TypedModel)
W = TypeVar("W", bound=Mapping[str, Any])
F = TypeVar("F", bound=Mapping[str, Any])
_SCAN_LIMIT = 10_000  # candidates read at most when a key has no server-side filter


def _wire_value(kind: str, value: Any, name: str) -> Any:
    if kind == "dec" and not isinstance(value, Decimal) and value is not None:
        try:
            value = decode("dec", value)
        except ValueError:
            raise ConfigurationError(f"{name} must be a decimal, got {value!r}.") from None
    if kind == "strs" and value is not None:
        return list(value)
    if kind.startswith("[") and value is not None:
        return [v if isinstance(v, Mapping) else encode(kind, v) for v in value]
    return encode(kind, value)


class TypedClient(Generic[M, W, F]):
    """The resources of one catalogued type as frozen models (``session.projects``, ...)."""

    def __init__(self, session: ScopeStackSession, spec: TypeSpec, model: type[M]) -> None:
        self._session = session
        self.spec = spec
        self.model = model
        #: The untyped client of the same type (``session.resource(type)``).
        self.raw: ResourceClient[Resource] = session.resource(spec.type)
        self._attrs = {python_name(w): (w, k) for w, k in spec.attributes.items()}
        self._rels = {rel_name(spec, r.name): r for r in spec.rels}
        #: Filters this server refused (400) for changes(); not asked for again.
        self.refused_filters: set[str] = set()

    def __repr__(self) -> str:
        return f"TypedClient({self.spec.type!r}, model={self.model.__name__})"

    def _convert(self, resource: Resource) -> M:
        return self.model.from_resource(resource)

    def _filters(
        self, where: F | None, filter: Mapping[FilterName, FilterValue] | None
    ) -> dict[FilterName, FilterValue]:
        out = where_filters(self.spec, where) if where else {}
        out.update(filter or {})
        return out

    # -- reads ---------------------------------------------------------------------------

    async def get(self, id: str | int, *, include: Iterable[str] | None = None) -> M:
        """The resource with ``id`` (NotFoundError when it does not exist in this account)."""
        return self._convert(await self.raw.get(id, include=check_include(self.spec, include)))

    async def list(
        self,
        *,
        where: F | None = None,
        filter: Mapping[FilterName, FilterValue] | None = None,
        include: Iterable[str] | None = None,
        sort: str | Iterable[str] | None = None,
        page: int = 1,
        page_size: int | None = None,
    ) -> Page[M]:
        """One page. ``where`` takes the type's known filters (snake_case, typed); ``filter``
        any other, sent as is (nested names as tuples: ``{("updated-at", "after"): t}``)."""
        raw = await self.raw.list(
            page=page,
            page_size=page_size,
            filter=self._filters(where, filter),
            include=check_include(self.spec, include),
            sort=check_sort(self.spec, sort),
        )
        return Page([self._convert(r) for r in raw.data], raw.included, raw.meta, raw.links)

    async def iterate(
        self,
        *,
        where: F | None = None,
        filter: Mapping[FilterName, FilterValue] | None = None,
        include: Iterable[str] | None = None,
        sort: str | Iterable[str] | None = None,
        page_size: int = 100,
        limit: int | None = None,
        max_pages: int | None = None,
        prefetch: bool = True,
    ) -> AsyncGenerator[M, None]:
        """Every resource, page after page (see ``ResourceClient.iterate``)."""
        async for resource in self.raw.iterate(
            page_size=page_size,
            filter=self._filters(where, filter),
            include=check_include(self.spec, include),
            sort=check_sort(self.spec, sort),
            limit=limit,
            max_pages=max_pages,
            prefetch=prefetch,
        ):
            yield self._convert(resource)

    async def related(
        self, target: M | str | int, name: str, *, page_size: int | None = None
    ) -> Page[TypedModel]:
        """One page of a related route (``projects/{id}/project-contacts``), typed."""
        rel = self.spec.rel(name) or self._rels.get(name)
        if rel is None:
            known = ", ".join(r.name for r in self.spec.rels)
            raise ConfigurationError(f"{self.spec.type} has no relationship {name!r} ({known}).")
        raw = await self.raw.related(_id(target), rel.name, page_size=page_size)
        model = MODELS[rel.target]
        return Page([model.from_resource(r) for r in raw.data], raw.included, raw.meta, raw.links)

    # -- writes --------------------------------------------------------------------------

    def _split(
        self, fields: Mapping[str, Any]
    ) -> tuple[dict[str, Any], dict[str, RelationshipValue]]:
        attributes: dict[str, Any] = {}
        relationships: dict[str, RelationshipValue] = {}
        for name, value in fields.items():
            if name in self._attrs:
                wire, kind = self._attrs[name]
                if wire in self.spec.read_only:
                    raise ConfigurationError(
                        f"{self.spec.type}.{name} is read-only (ScopeStack computes it); "
                        "leave it out of the write."
                    )
                attributes[wire] = _wire_value(kind, value, name)
            elif name in self._rels and self._rels[name].name in self.spec.writable_rels:
                rel = self._rels[name]
                relationships[rel.name] = _linkage(rel.target, value)
            else:
                known = ", ".join(sorted(self._writable()))
                raise ConfigurationError(
                    f"{self.spec.type} has no writable field {name!r} (known: {known}); "
                    "send other attributes with extra_attributes={'dash-name': value}."
                )
        return attributes, relationships

    def _writable(self) -> builtins.list[str]:
        attributes = [n for n, (w, _) in self._attrs.items() if w not in self.spec.read_only]
        rels = [n for n, r in self._rels.items() if r.name in self.spec.writable_rels]
        return attributes + rels

    async def _account(self) -> ResourceIdentifier:
        me = await self._session.me()
        return ResourceIdentifier("accounts", str(me.account_id))

    async def create(self, fields: W, *, extra_attributes: Mapping[str, Any] | None = None) -> M:
        """POST a new resource from snake_case ``fields``; the account relationship is added
        from ``/v1/me`` where the type carries one. Read-only fields are refused."""
        attributes, relationships = self._split(fields)
        attributes.update(extra_attributes or {})
        if self.spec.account and "account" not in relationships:
            relationships["account"] = await self._account()
        return self._convert(await self.raw.create(attributes, relationships or None))

    async def update(
        self,
        target: M | str | int,
        fields: W,
        *,
        extra_attributes: Mapping[str, Any] | None = None,
    ) -> M:
        """PATCH ``fields``. Given a model, only the fields that differ from it are sent, and
        nothing at all (no request) when none do."""
        attributes, relationships = self._split(fields)
        attributes.update(extra_attributes or {})
        if isinstance(target, TypedModel):
            attributes, relationships = _changed(target, attributes, relationships)
            if not attributes and not relationships:
                return target
        result = await self.raw.update(_id(target), attributes or None, relationships or None)
        return self._convert(result)

    async def save(self, model: M) -> M:
        """PATCH what changed in ``model`` (made with ``attrs.evolve``) since it was read."""
        changes = model.changed_attributes()
        read_only = sorted(k for k in changes if k in self.spec.read_only)
        if read_only:
            raise ConfigurationError(
                f"{self.spec.type}: {', '.join(read_only)} are read-only; do not change them."
            )
        if not changes:
            return model
        return self._convert(await self.raw.update(model.id, changes))

    async def delete(self, target: M | str | int) -> None:
        """DELETE the resource (NotFoundError when it is already gone)."""
        await self.raw.delete(_id(target))

    # -- common operations ---------------------------------------------------------------

    async def _candidates(self, key: str, value: Any, within: Any) -> builtins.list[M]:
        kind = self.spec.filters.get(key)
        filters: dict[FilterName, FilterValue] = {}
        if within is not None:
            if self.spec.scope is None:
                raise ConfigurationError(f"{self.spec.type} is not searched within a parent.")
            filters[self.spec.scope] = _id(within)
        if kind == "text":
            text = _search_value(key, value)
            if text:
                filters[key] = text
        if self.spec.prefer is not None and self.spec.prefer[0] in self.spec.filters:
            filters[self.spec.prefer[0]] = [True, False]
        found = [m async for m in self.iterate(filter=filters, limit=_SCAN_LIMIT + 1)]
        if len(found) > _SCAN_LIMIT:
            # Matching on a truncated list could create a duplicate: refuse instead.
            raise ConfigurationError(
                f"Matching {self.spec.type} by {key} would read more than {_SCAN_LIMIT} "
                "candidates; pass within= (a project) or match on a key the server filters."
            )
        return found

    async def find_one(self, *, within: M | TypedModel | str | int | None = None, **key: Any) -> M:
        """The one resource whose natural key (``name=``, ``domain=``, ``email=``, ``sku=``,
        ...) matches: an exact (case-insensitive) match first, else a single partial one.

        NotFoundError when none matches; AmbiguousMatchError (listing them) when several do.
        ``within`` scopes the search (e.g. a project, for project contacts and locations).
        """
        if len(key) != 1:
            raise ConfigurationError("find_one takes exactly one key, e.g. name='Acme'.")
        ((name, value),) = key.items()
        wire = name.replace("_", "-")
        if wire not in self.spec.attributes and wire not in self.spec.filters:
            raise ConfigurationError(f"{self.spec.type} has no attribute {name!r} to match on.")
        candidates = await self._candidates(wire, value, within)
        found = choose(self.spec, wire, value, candidates, partial=True)
        if found is None:
            raise NotFoundError(
                f"No {self.spec.type} with {name} {value!r} (searched {len(candidates)} "
                "candidates). Check the spelling, or create it (upsert does both).",
                status=404,
            )
        return found

    async def _match(self, fields: Mapping[str, Any], within: Any) -> tuple[M | None, str | None]:
        for key in self.spec.keys:
            value = fields.get(python_name(key))
            if value is None or value == "":
                continue
            candidates = await self._candidates(key, value, within)
            found = choose(self.spec, key, value, candidates, partial=False)
            if found is not None:
                return found, key
        return None, None

    async def upsert(
        self,
        fields: W,
        *,
        within: TypedModel | str | int | None = None,
        dry_run: bool = False,
    ) -> Upserted[M]:
        """Update the resource that matches ``fields`` by its natural keys (in catalogue
        order, e.g. clients by domain then name), or create it. Safe to retry: a second run
        changes nothing. ``dry_run`` says what would happen and writes nothing."""
        fields = self._upsert_fields(fields, within)
        match, key = await self._match(fields, within)
        if match is None:
            attributes, relationships = self._split(fields)
            changes = {**attributes, **dict(relationships.items())}
            if dry_run:
                return Upserted("created", None, changes, True)
            return Upserted("created", await self.create(fields), changes)
        return await self._update_match(match, fields, key, dry_run)

    def _upsert_fields(self, fields: W, within: Any) -> W:
        out: dict[str, Any] = dict(fields)
        if "domain" in self.spec.keys and out.get("domain"):
            # Stored and matched normalised, as the connector does (scheme, www., path, port).
            out["domain"] = normalise_domain(str(out["domain"]))
        if within is not None and self.spec.scope is not None:
            out[python_name(self.spec.scope)] = within
        return out  # type: ignore[return-value]  # W is a TypedDict of these keys

    async def _update_match(
        self, match: M, fields: Mapping[str, Any], key: str | None, dry_run: bool
    ) -> Upserted[M]:
        attributes, relationships = self._split(fields)
        if self.spec.scope in relationships:
            del relationships[self.spec.scope]
        if "custom-attributes" in attributes:
            # The connector merges a CRM opportunity's custom attributes rather than replace them.
            sent = match.source.attributes.get("custom-attributes")
            attributes["custom-attributes"] = _merge_keyed(sent, attributes["custom-attributes"])
        # The key matched (case-insensitively, domains normalised): no churn on it.
        if key is not None and key in attributes and _same_key(match, key, attributes[key]):
            del attributes[key]
        attributes, relationships = _changed(match, attributes, relationships)
        action: Any = "updated"
        if self.spec.reactivate and getattr(match, "active", None) is False:
            if "active" not in attributes and fields.get("active") is not False:
                attributes["active"] = True
            action = "reactivated"
        changes = {**attributes, **relationships}
        if not changes:
            return Upserted("unchanged", match, {}, dry_run, key)
        if dry_run:
            return Upserted(action, match, changes, True, key)
        updated = await self.raw.update(match.id, attributes or None, relationships or None)
        return Upserted(action, self._convert(updated), changes, False, key)

    def changes(
        self,
        *,
        since: dt.datetime | Watermark | None = None,
        field: str = "updated-at",
        where: F | None = None,
        include: Iterable[str] | None = None,
        page_size: int = 100,
    ) -> Changes[M]:
        """An async iterator of resources whose ``field`` (``updated-at``, ``approved-at``,
        ``created-at``) is after ``since``, every page, each ``id@timestamp`` once; its
        ``watermark`` afterwards is what to pass as ``since`` next time (see changes.py)."""
        from .changes import Changes

        return Changes(self, since, field, where, include, page_size)


def _search_value(key: str, value: Any) -> str:
    """What a natural-key search sends: a normalised domain, a lower-case e-mail address
    (how they are stored), else the longest comma-free part of the text."""
    if key == "domain":
        return normalise_domain(str(value))
    if key == "email":
        return str(value).strip().lower()
    return search_text(str(value))


def _id(target: Any) -> str:
    if isinstance(target, TypedModel):
        return target.id
    if isinstance(target, ResourceIdentifier):
        return target.id
    return str(target)


def _linkage(target: str, value: Any) -> RelationshipValue:
    if value is None:
        return None
    if isinstance(value, ResourceIdentifier):
        return value
    if isinstance(value, TypedModel):
        return value.identifier
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return ResourceIdentifier(target, str(value))
    raise ConfigurationError(
        f"a {target} relationship takes a model, a ResourceIdentifier or an id, got {value!r}."
    )


def _changed(
    model: TypedModel, attributes: dict[str, Any], relationships: dict[str, RelationshipValue]
) -> tuple[dict[str, Any], dict[str, RelationshipValue]]:
    """Only what differs from ``model`` as the server sent it."""
    sent = model.source.attributes
    attrs_out = {k: v for k, v in attributes.items() if k not in sent or not _same(sent[k], v)}
    rels_out: dict[str, RelationshipValue] = {}
    for name, value in relationships.items():
        rel = model.source.relationships.get(name)
        if rel is None or rel.data is MISSING or rel.data != value:
            rels_out[name] = value
    return attrs_out, rels_out


def _same_key(match: TypedModel, key: str, value: Any) -> bool:
    return normalise(key, getattr(match, python_name(key))) == normalise(key, value)


def _merge_keyed(old: Any, new: Any) -> Any:
    """``[{key, val}]`` lists merged by key (new wins), old order first."""
    if not isinstance(old, list) or not isinstance(new, list):
        return new
    merged = {item.get("key"): item for item in old if isinstance(item, Mapping)}
    merged.update({item.get("key"): item for item in new if isinstance(item, Mapping)})
    return list(merged.values())


def _same(sent: Any, value: Any) -> bool:
    if sent == value and type(sent) is type(value):
        return True
    try:  # "150.0" and "150.00" are the same decimal
        return isinstance(sent, str) and isinstance(value, str) and Decimal(sent) == Decimal(value)
    except ArithmeticError:
        return False


def typed_client(session: Any, type_: str) -> Any:
    """The session's typed client of ``type_`` (made once per session)."""
    cache: dict[str, Any] = session.__dict__.setdefault("_typed_clients", {})
    client = cache.get(type_)
    if client is None:
        cls: type[TypedClient[Any, Any, Any]] = TypedClient
        if type_ in SPECIAL:
            import importlib

            module, name = SPECIAL[type_]
            cls = getattr(importlib.import_module(f".{module}", __package__), name)
        client = cache[type_] = cls(session, spec_for(type_), MODELS[type_])
    return client
