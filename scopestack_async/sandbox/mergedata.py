"""``GET projects/{id}/merge-data``: the plain JSON a document template is merged with.

Not JSON:API: snake_case keys, one object per project. ``version=2`` (``filter[version]=2``)
nests the project's parts under ``data`` the way the v2 templates read them.
"""

from __future__ import annotations

from typing import Any

from .data import Record
from .store import World

__all__ = ["merge_data_document"]


def _snake(attributes: dict[str, Any]) -> dict[str, Any]:
    return {k.replace("-", "_").rstrip("?"): v for k, v in attributes.items()}


def _one(world: World, record: Record, rel: str, target: str) -> dict[str, Any] | None:
    fk = record.links.get(rel)
    linked = world.get(target, fk) if fk is not None else None
    return {"id": linked.id, **_snake(linked.attributes)} if linked else None


def _parts(world: World, project: Record, type_: str) -> list[dict[str, Any]]:
    return [
        {"id": r.id, **_snake(r.attributes)}
        for r in world.related_many(type_, "project", project.id)
    ]


def merge_data_document(world: World, project: Record, version: int) -> dict[str, Any]:
    """The merge data of one project."""
    variables = {v["name"]: v["value"] for v in project.attributes.get("project-variables") or []}
    services = _parts(world, project, "project-services")
    phases = _parts(world, project, "project-phases")
    by_phase: dict[int | None, list[dict[str, Any]]] = {}
    records = world.related_many("project-services", "project", project.id)
    for service, record in zip(services, records, strict=True):
        by_phase.setdefault(record.links.get("project-phase"), []).append(service)
    body = {
        "project": {"id": project.id, **_snake(project.attributes)},
        "client": _one(world, project, "client", "clients"),
        "sales_executive": _one(world, project, "sales-executive", "sales-executives"),
        "presales_engineer": _one(world, project, "presales-engineer", "presales-engineers"),
        "payment_term": _one(world, project, "payment-term", "payment-terms"),
        "locations": _parts(world, project, "project-locations"),
        "contacts": _parts(world, project, "project-contacts"),
        "phases": [{**p, "services": by_phase.get(p["id"], [])} for p in phases],
        "products": _parts(world, project, "project-products"),
        "variables": variables,
    }
    if version == 1:
        return body
    return {"version": 2, "data": {**body, "project_services": services}}
