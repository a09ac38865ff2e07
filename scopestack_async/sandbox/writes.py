"""Create and update: checking a JSON:API document against a resource spec (pure)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from .data import Record, ResourceSpec, attribute_names
from .documents import JsonApiError, error_object
from .store import World

__all__ = [
    "apply_update",
    "attribute_errors",
    "check_document",
    "missing_required",
    "new_attributes",
    "now_iso",
    "resolve_links",
]


def now_iso(epoch: float) -> str:
    """A Rails-style UTC timestamp."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _bad_format(detail: str) -> JsonApiError:
    return JsonApiError.one(400, "Invalid data format", detail, "122")


def check_document(body: Any, spec: ResourceSpec, url_id: str | None) -> dict[str, Any]:
    """The ``data`` member, after JR's shape checks (400s)."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise _bad_format("Data must be a hash.")
    if data.get("type") != spec.type:
        detail = f"{data.get('type')} is not a valid type for this operation."
        raise JsonApiError.one(400, "Type Mismatch", detail, "116")
    if url_id is not None and str(data.get("id")) != url_id:
        detail = f"The URL does not support the key {data.get('id')}"
        raise JsonApiError.one(400, "Key is not included in URL", detail, "110")
    _check_names(data.get("attributes", {}), spec.writable)
    _check_names(data.get("relationships", {}), spec.writable_rels)
    return data


def _check_names(members: Any, allowed: frozenset[str]) -> None:
    if not isinstance(members, dict):
        raise _bad_format("Data is not a valid hash.")
    errors = [
        error_object("Param not allowed", f"{name} is not allowed.", "105", 400)
        for name in members
        if name not in allowed
    ]
    if errors:
        raise JsonApiError(400, errors)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _invalid(name: str, message: str, rel: bool = False) -> dict[str, Any]:
    where = "relationships" if rel else "attributes"
    return error_object(message, f"{name} - {message}", "100", 422, f"/data/{where}/{name}")


def resolve_links(
    world: World, spec: ResourceSpec, data: dict[str, Any], account_id: int, creating: bool
) -> tuple[dict[str, int | None], list[dict[str, Any]]]:
    """Relationship ids from the document, and the 422 errors they cause."""
    links: dict[str, int | None] = {}
    errors: list[dict[str, Any]] = []
    for name, member in data.get("relationships", {}).items():
        linkage = member.get("data") if isinstance(member, dict) else None
        target = _target(world, spec, name, linkage, account_id)
        if target is None:
            errors.append(_invalid(name, "must exist", rel=True))
        else:
            links[name] = target
    if creating:
        errors.extend(
            _invalid(name, "must exist", rel=True)
            for name in spec.required_rels
            if name not in links and not any(e["source"]["pointer"].endswith(name) for e in errors)
        )
    return links, errors


def _target(
    world: World, spec: ResourceSpec, name: str, linkage: Any, account_id: int
) -> int | None:
    rel = spec.rel(name)
    if rel is None or not isinstance(linkage, dict):
        return None
    raw = str(linkage.get("id", ""))
    if rel.target == "accounts":
        # Writes send the numeric account id; one read sample shows the slug. Accept both.
        account = world.accounts.get(account_id)
        ok = account is not None and raw in (str(account.id), account.slug)
        return account_id if ok else None
    record = world.get(rel.target, int(raw)) if raw.isdigit() else None
    if record is None or record.account_id != account_id:
        return None
    return record.id


def attribute_errors(spec: ResourceSpec, attributes: dict[str, Any]) -> list[dict[str, Any]]:
    """422 errors for blank required attributes and wrongly typed ones."""
    errors = [
        _invalid(name, "can't be blank")
        for name in spec.required
        if name in attributes and _blank(attributes[name])
    ]
    for name, value in attributes.items():
        if name in ("active", "default", "published") and not isinstance(value, bool):
            errors.append(_invalid(name, "is not included in the list"))
        elif name in ("quantity", "position") and not isinstance(value, int):
            errors.append(_invalid(name, "is not a number"))
    return errors


def missing_required(spec: ResourceSpec, given: dict[str, Any]) -> list[dict[str, Any]]:
    """422 errors for required attributes left out of a create."""
    return [_invalid(name, "can't be blank") for name in spec.required if name not in given]


def new_attributes(
    spec: ResourceSpec, given: dict[str, Any], links: dict[str, int | None], world: World, now: str
) -> dict[str, Any]:
    """Full attributes of a new record: nulls, then defaults, then the given values."""
    attributes: dict[str, Any] = dict.fromkeys(sorted(attribute_names()[spec.type]))
    attributes.update({k: v for k, v in _defaults(spec.type).items() if k in attributes})
    attributes.update(given)
    if "created-at" in attributes:
        attributes["created-at"] = attributes["updated-at"] = now
    client = links.get("client")
    if spec.type == "projects" and client is not None:
        record = world.get("clients", client)
        attributes["client-name"] = record.attributes["name"] if record else None
    return attributes


def _defaults(type_: str) -> dict[str, Any]:
    return {
        "active": True,
        "tag-list": [],
        "project-variables": [],
        "user-defined-fields": [],
        "status": "queued" if type_ == "project-documents" else "building",
        "quantity": 1,
        "position": 1,
        "default": False,
        "published": False,
        "force-regeneration": False,
        "generate-pdf": False,
        "custom-hours?": False,
    }


def apply_update(
    record: Record, attributes: dict[str, Any], links: dict[str, int | None], now: str
) -> None:
    """Patch a record in place (partial semantics)."""
    record.attributes.update(attributes)
    record.links.update(links)
    if "updated-at" in record.attributes:
        record.attributes["updated-at"] = now
