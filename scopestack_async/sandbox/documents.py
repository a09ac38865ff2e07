"""JSON:API documents as jsonapi-resources writes them: resources, errors, links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from .data import SPECS, Record, ResourceSpec
from .store import World

__all__ = [
    "JSONAPI",
    "JsonApiError",
    "error_object",
    "not_found",
    "resource_object",
]

JSONAPI = "application/vnd.api+json"


def error_object(
    title: str, detail: str | None, code: str, status: int, pointer: str | None = None
) -> dict[str, Any]:
    """One JR error object; ``status`` and ``code`` are strings, as JR sends them."""
    err: dict[str, Any] = {"title": title}
    if detail is not None:
        err["detail"] = detail
    err["code"] = code
    err["status"] = str(status)
    if pointer is not None:
        err["source"] = {"pointer": pointer}
    return err


class JsonApiError(Exception):
    """An API error answer: the status and the JSON:API ``errors`` array."""

    def __init__(self, status: int, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{status}: {errors[0].get('detail') if errors else ''}")
        self.status = status
        self.errors = errors

    @classmethod
    def one(
        cls, status: int, title: str, detail: str | None, code: str, pointer: str | None = None
    ) -> JsonApiError:
        """A problem with a single error object."""
        return cls(status, [error_object(title, detail, code, status, pointer)])

    def body(self) -> bytes:
        """The encoded error document."""
        return orjson.dumps({"errors": self.errors})


def not_found(id_: object) -> JsonApiError:
    """JR's record-not-found answer."""
    return JsonApiError.one(
        404, "Record not found", f"The record identified by {id_} could not be found.", "404"
    )


def forbidden(detail: str = "You are not authorized to perform this action.") -> JsonApiError:
    """The application's 403 for a missing privilege or another account's data."""
    return JsonApiError.one(403, "Forbidden", detail, "403")


def resource_object(
    world: World,
    record: Record,
    base: str,
    slug: str,
    fields: Mapping[str, frozenset[str]],
    linkage: frozenset[str] = frozenset(),
    every: bool = False,
) -> dict[str, Any]:
    """Serialise one record; relationships named in ``linkage`` carry ``data``.

    A type lists its ``listed`` relationships, the included ones and those named in
    ``fields[type]``; ``every`` lists all of them (the ``relationship_links`` knob).
    """
    spec = SPECS[record.type]
    wanted = fields.get(record.type)
    self_url = f"{base}/{slug}/v1/{record.type}/{record.id}"
    attrs = record.attributes
    if wanted is not None:
        attrs = {k: v for k, v in attrs.items() if k in wanted}
    obj: dict[str, Any] = {"id": str(record.id), "type": record.type, "links": {"self": self_url}}
    obj["attributes"] = attrs
    rels = _relationships(world, record, spec, self_url, wanted, linkage, every)
    if rels:
        obj["relationships"] = rels
    return obj


def _relationships(
    world: World,
    record: Record,
    spec: ResourceSpec,
    self_url: str,
    wanted: frozenset[str] | None,
    linkage: frozenset[str],
    every: bool,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    listed = spec.listed_names
    for rel in spec.rels:
        name = rel.name
        if wanted is not None:
            if name not in wanted:
                continue
        elif not (every or name in listed or name in linkage):
            continue
        entry: dict[str, Any] = {
            "links": {
                "self": f"{self_url}/relationships/{rel.name}",
                "related": f"{self_url}/{rel.name}",
            }
        }
        if rel.name in linkage:
            entry["data"] = linkage_of(world, record, rel.name)
        out[rel.name] = entry
    return out


def linkage_of(world: World, record: Record, name: str) -> Any:
    """Resource identifier(s) for one relationship of a record."""
    rel = SPECS[record.type].rel(name)
    assert rel is not None
    if rel.to_many:
        return [
            {"type": rel.target, "id": str(r.id)}
            for r in world.related_many(rel.target, rel.inverse, record.id)
        ]
    if rel.inverse:  # has-one
        rows = world.related_many(rel.target, rel.inverse, record.id)
        return {"type": rel.target, "id": str(rows[0].id)} if rows else None
    fk = record.links.get(name)
    return None if fk is None else {"type": rel.target, "id": str(fk)}


def related_records(world: World, record: Record, name: str) -> list[Record]:
    """The records a relationship points at (empty for a null to-one)."""
    rel = SPECS[record.type].rel(name)
    assert rel is not None
    if rel.inverse:
        rows = world.related_many(rel.target, rel.inverse, record.id)
        return rows if rel.to_many else rows[:1]
    fk = record.links.get(name)
    target = None if fk is None else world.get(rel.target, fk)
    return [] if target is None else [target]


def collect_included(
    world: World, primary: Iterable[Record], paths: tuple[tuple[str, ...], ...]
) -> list[Record]:
    """Records reached by the include paths, deduplicated, primary records left out."""
    seen: set[tuple[str, int]] = {(r.type, r.id) for r in primary}
    out: list[Record] = []
    for path in paths:
        level = list(primary)
        for name in path:
            nxt: list[Record] = []
            for rec in level:
                nxt.extend(related_records(world, rec, name))
            for rec in nxt:
                if (rec.type, rec.id) not in seen:
                    seen.add((rec.type, rec.id))
                    out.append(rec)
            level = nxt
    return out
