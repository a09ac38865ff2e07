"""Create and update: checking a JSON:API document against the catalogue (pure).

The order follows jsonapi-resources and Rails: the document's shape first (400, or 409 for
a type that is not the endpoint's), then unknown or read-only names (400, code 105), then
the model's validations, all reported together (422, code 100, with ``source.pointer``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timezone
from typing import Any, Literal

from .catalogue import CATALOGUE, Attr, ResourceSpec
from .data import Record
from .documents import JsonApiError, error_object
from .seeding import variable_entry
from .store import World

__all__ = [
    "Checked",
    "ReadOnlyPolicy",
    "check_document",
    "new_attributes",
    "now_iso",
    "refresh_mirrors",
    "validate",
    "variables_of",
]

ReadOnlyPolicy = Literal["ignore", "refuse"]
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def now_iso(epoch: float) -> str:
    """A Rails-style UTC timestamp."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _bad_format(detail: str) -> JsonApiError:
    return JsonApiError.one(400, "Invalid data format", detail, "122")


def check_document(
    body: Any, spec: ResourceSpec, url_id: str | None, read_only: ReadOnlyPolicy
) -> dict[str, Any]:
    """The ``data`` member after the shape checks; read-only attributes dropped or refused."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        raise _bad_format("Data must be a hash.")
    if "type" not in data:
        raise JsonApiError.one(
            400, "Missing Parameter", "The required parameter, type, is missing.", "106"
        )
    if data.get("type") != spec.type:
        # JSON:API: a type that is not the endpoint's is a conflict.
        detail = f"{data.get('type')} is not a valid type for this operation."
        raise JsonApiError.one(409, "Type Mismatch", detail, "116")
    if url_id is not None and str(data.get("id")) != url_id:
        detail = f"The URL does not support the key {data.get('id')}"
        raise JsonApiError.one(400, "Key is not included in URL", detail, "110")
    attributes = data.get("attributes", {})
    relationships = data.get("relationships", {})
    if not isinstance(attributes, dict) or not isinstance(relationships, dict):
        raise _bad_format("Data is not a valid hash.")
    ignored = spec.read_only_attributes if read_only == "ignore" else frozenset()
    _check_names(attributes, spec.writable | ignored)
    _check_names(relationships, spec.writable_rels)
    kept = {k: v for k, v in attributes.items() if k not in ignored}
    return {**data, "attributes": kept, "relationships": relationships}


def _check_names(members: dict[str, Any], allowed: frozenset[str]) -> None:
    errors = [
        error_object("Param not allowed", f"{name} is not allowed.", "105", 400)
        for name in members
        if name not in allowed
    ]
    if errors:
        raise JsonApiError(400, errors)


def _invalid(name: str, message: str, rel: bool = False) -> dict[str, Any]:
    where = "relationships" if rel else "attributes"
    return error_object(message, f"{name} - {message}", "100", 422, f"/data/{where}/{name}")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list)) and not str(value).strip())


# -- attribute kinds -------------------------------------------------------------------------


Cast = tuple[Any, str | None]  # the stored value, or None and a 422 message


def _text(attr: Attr, value: Any) -> Cast:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None, "is invalid"
    text = str(value)
    if attr.kind == "enum" and text not in attr.choices:
        return None, "is not included in the list"
    return text, None


def _bool(_attr: Attr, value: Any) -> Cast:
    if isinstance(value, bool):
        return value, None
    if value in ("true", "false"):
        return value == "true", None
    return None, "is not included in the list"


def _int(_attr: Attr, value: Any) -> Cast:
    if isinstance(value, int) and not isinstance(value, bool):
        return value, None
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value), None
    return None, "is not a number"


def _decimal(_attr: Attr, value: Any) -> Cast:
    if value == "":
        return None, None  # the connector clears unused price fields with ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{float(value):.1f}" if float(value).is_integer() else str(value), None
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        return value.strip(), None
    return None, "is not a number"


def _strings(_attr: Attr, value: Any) -> Cast:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value, None
    return None, "must be a list of strings"


def _object(_attr: Attr, value: Any) -> Cast:
    return (value, None) if isinstance(value, dict) else (None, "must be an object")


_CASTS: dict[str, Callable[[Attr, Any], Cast]] = {
    "str": _text,
    "enum": _text,
    "bool": _bool,
    "int": _int,
    "dec": _decimal,
    "date": lambda _a, v: _date(v),
    "time": lambda _a, v: _time(v),
    "list": _strings,
    "obj": _object,
}


def _cast(attr: Attr, value: Any) -> Cast:
    """Rails-style casting by kind; ``json`` and ``vars`` pass (variables are checked apart)."""
    if value is None:
        return None, None
    cast = _CASTS.get(attr.kind)
    return cast(attr, value) if cast else (value, None)


def _date(value: Any) -> Cast:
    if value == "":
        return None, None
    try:
        return date.fromisoformat(str(value)).isoformat(), None
    except ValueError:
        return None, "is not a valid date"


def _time(value: Any) -> Cast:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None, "is not a valid date"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return now_iso(moment.timestamp()), None


# -- variables ---------------------------------------------------------------------------------


def _definitions(world: World, account_id: int, context: str) -> dict[str, dict[str, Any]]:
    return {
        r.attributes["name"]: r.attributes
        for r in world.listing("project-variables", account_id)
        if r.attributes.get("variable-context") == context and r.attributes.get("active")
    }


def _variable_value(definition: dict[str, Any], value: Any) -> tuple[Any, str | None]:
    vtype = definition["variable-type"]
    if value is None or value == "":
        if definition.get("required"):
            return None, "can't be blank"
        return "", None
    if vtype == "number":
        text = str(value).strip()
        if isinstance(value, bool) or not _NUMBER.match(text):
            return None, "is not a number"
        low, high = definition.get("minimum"), definition.get("maximum")
        if (low is not None and float(text) < float(low)) or (
            high is not None and float(text) > float(high)
        ):
            return None, f"must be between {low} and {high}"
        return text, None
    if vtype == "date":
        return _date(value)
    text = str(value)
    if vtype == "select":
        allowed = [o["value"] for o in definition.get("select-options", [])]
        if text not in allowed:
            return None, f"is not one of {', '.join(allowed)}"
    return text, None


def variables_of(
    world: World, spec: ResourceSpec, account_id: int, given: Any
) -> tuple[list[dict[str, Any]] | None, list[dict[str, Any]]]:
    """Written ``[{name, value}]`` as stored (definition fields + value), or 422 errors."""
    name = spec.variables_attr
    if not isinstance(given, list) or not all(isinstance(v, dict) and "name" in v for v in given):
        return None, [_invalid(name, "must be a list of {name, value} objects")]
    definitions = _definitions(world, account_id, spec.variables)
    out, errors = [], []
    for item in given:
        definition = definitions.get(str(item["name"]))
        if definition is None:
            errors.append(_invalid(name, f"{item['name']} is not a {spec.variables} variable"))
            continue
        value, problem = _variable_value(definition, item.get("value"))
        if problem:
            errors.append(_invalid(name, f"{item['name']} {problem}"))
        else:
            out.append(variable_entry(definition, value))
    return out, errors


# -- relationships ---------------------------------------------------------------------------


def _target(world: World, target: str, linkage: Any, account_id: int) -> int | None:
    if not isinstance(linkage, dict) or linkage.get("type") != target:
        return None
    raw = str(linkage.get("id", ""))
    if target == "accounts":
        # Writes send the numeric account id (a string or a number); one read sample shows
        # the slug. Accept all three, but only the account in the URL.
        account = world.accounts.get(account_id)
        ok = account is not None and raw in (str(account.id), account.slug)
        return account_id if ok else None
    record = world.get(target, int(raw)) if raw.isdigit() else None
    if record is None or record.account_id != account_id:
        return None
    return record.id


class Checked:
    """A write's resolved values: attributes, to-one links, to-many links, and the 422s."""

    def __init__(self) -> None:
        self.attributes: dict[str, Any] = {}
        self.links: dict[str, int | None] = {}
        self.many: dict[str, list[int]] = {}
        self.errors: list[dict[str, Any]] = []


def _relationships(
    world: World, spec: ResourceSpec, data: dict[str, Any], account_id: int, out: Checked
) -> None:
    for name, member in data["relationships"].items():
        rel = spec.rel(name)
        assert rel is not None
        linkage = member.get("data") if isinstance(member, dict) else None
        if rel.to_many:
            _to_many(world, rel.target, name, linkage, account_id, out)
        elif linkage is None and not rel.required and isinstance(member, dict):
            out.links[name] = None  # clearing an optional to-one
        else:
            target = _target(world, rel.target, linkage, account_id)
            if target is None:
                out.errors.append(_invalid(name, "must exist", rel=True))
            else:
                out.links[name] = target


def _to_many(
    world: World, target: str, name: str, linkage: Any, account_id: int, out: Checked
) -> None:
    if not isinstance(linkage, list):
        out.errors.append(_invalid(name, "must be an array of resource identifiers", rel=True))
        return
    ids: list[int] = []
    for item in linkage:
        found = _target(world, target, item, account_id)
        if found is None:
            out.errors.append(_invalid(name, "must exist", rel=True))
        elif found in ids:
            detail = f"The relation to {found} already exists."
            raise JsonApiError.one(400, "Relation exists", detail, "113")
        else:
            ids.append(found)
    out.many[name] = ids


# -- the whole write ---------------------------------------------------------------------------


def validate(
    world: World,
    spec: ResourceSpec,
    data: dict[str, Any],
    account_id: int,
    existing: Record | None,
) -> Checked:
    """Cast attributes, resolve relationships and run the model validations."""
    out = Checked()
    _relationships(world, spec, data, account_id, out)
    for name, raw in data["attributes"].items():
        attr = spec.attr(name)
        assert attr is not None
        if attr.kind == "vars" and raw is not None:
            value, errors = variables_of(world, spec, account_id, raw)
            out.errors.extend(errors)
        else:
            value, problem = _cast(attr, raw)
            if problem:
                out.errors.append(_invalid(name, problem))
                continue
        out.attributes[name] = value
    given = out.attributes
    for name in spec.required:
        current = (
            given[name] if name in given else (existing.attributes.get(name) if existing else None)
        )
        if _blank(current) and not any(
            e["source"]["pointer"].endswith(f"/{name}") for e in out.errors
        ):
            out.errors.append(_invalid(name, "can't be blank"))
    if existing is None:
        out.errors.extend(
            _invalid(name, "must exist", rel=True)
            for name in spec.required_rels
            if name not in out.links
            and not any(e["source"]["pointer"].endswith(f"/{name}") for e in out.errors)
        )
    out.errors.extend(_uniqueness(world, spec, account_id, out, existing))
    return out


def _uniqueness(
    world: World, spec: ResourceSpec, account_id: int, out: Checked, existing: Record | None
) -> Iterable[dict[str, Any]]:
    for rule in spec.unique:
        touched = rule.attr in out.attributes or (rule.scope and rule.scope in out.links)
        if existing is not None and not touched:
            continue
        value = out.attributes.get(
            rule.attr, existing.attributes.get(rule.attr) if existing else None
        )
        if _blank(value):
            continue
        if rule.scope:
            owner = out.links.get(rule.scope, existing.links.get(rule.scope) if existing else None)
            if owner is None:
                continue
            others = world.related_many(spec.type, rule.scope, owner)
        else:
            others = world.listing(spec.type, account_id)

        wanted = _norm(value, rule.ignore_case)
        if any(
            _norm(o.attributes.get(rule.attr), rule.ignore_case) == wanted
            for o in others
            if existing is None or o.id != existing.id
        ):
            yield _invalid(rule.attr, "has already been taken")


def _norm(value: Any, ignore_case: bool) -> str:
    return str(value).strip().lower() if ignore_case else str(value)


# -- new records -------------------------------------------------------------------------------

_STATUS = {"projects": "building", "project-documents": "queued", "surveys": "completed"}
_ONE = frozenset({"quantity", "position"})
# Read-only names the server keeps in step with a linked record.
_MIRRORS = {
    "projects": {
        "client-name": "client",
        "sales-executive-name": "sales-executive",
        "presales-engineer-name": "presales-engineer",
    }
}


def _default(spec: ResourceSpec, attr: Attr) -> Any:
    if attr.kind in ("list", "vars"):
        return []
    if attr.name == "active":
        return True
    if attr.kind == "bool":
        return False
    if attr.name in _ONE:
        return 1
    if attr.name == "status":
        return _STATUS.get(spec.type)
    return None


def new_attributes(spec: ResourceSpec, given: dict[str, Any], now: str) -> dict[str, Any]:
    """Full attributes of a new record: defaults, then the given values, then timestamps."""
    attributes = {a.name: _default(spec, a) for a in spec.attributes}
    attributes.update(given)
    for stamp in ("created-at", "updated-at"):
        if stamp in attributes:
            attributes[stamp] = now
    return attributes


def refresh_mirrors(world: World, record: Record) -> None:
    """Copy linked names into read-only mirrors (``client-name`` of a project…)."""
    for attr, rel in _MIRRORS.get(record.type, {}).items():
        fk = record.links.get(rel)
        target_type = CATALOGUE[record.type].rel(rel)
        linked = world.get(target_type.target, fk) if fk is not None and target_type else None
        record.attributes[attr] = linked.attributes.get("name") if linked else None
