"""Parse and check JSON:API query parameters the way jsonapi-resources does (pure)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timezone
from typing import Any, Literal

import attrs

from .catalogue import Filter
from .data import SPECS, Record, ResourceSpec
from .documents import JsonApiError

__all__ = ["TOKEN_PARAMS", "DateMode", "FilterUse", "Query", "apply", "parse_query"]

# Bearer tokens may ride in the query; they are never echoed into links.
TOKEN_PARAMS = frozenset({"access_token", "bearer_token"})


DateMode = Literal["apply", "day", "ignore", "refuse"]


@attrs.frozen
class FilterUse:
    """One ``filter[...]`` of a request: the catalogue filter, its operator, its values."""

    filter: Filter
    op: str
    values: tuple[str, ...]


@attrs.frozen
class Query:
    """A checked query: include paths, sparse fields, filters, sort and page."""

    include: tuple[tuple[str, ...], ...] = ()
    fields: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    filters: tuple[FilterUse, ...] = ()
    sort: tuple[tuple[str, bool], ...] = ()
    number: int = 1
    size: int = 250
    echo: tuple[tuple[str, str], ...] = ()


def _bad(title: str, detail: str, code: str) -> JsonApiError:
    return JsonApiError.one(400, title, detail, code)


def parse_query(
    params: Iterable[tuple[str, str]],
    spec: ResourceSpec,
    *,
    default_size: int,
    max_size: int,
    collection: bool = True,
    dates: DateMode = "apply",
) -> Query:
    """Check every parameter against ``spec``; raise JsonApiError (400) as JR would."""
    include: tuple[tuple[str, ...], ...] = ()
    fields: dict[str, frozenset[str]] = {}
    filters: list[FilterUse] = []
    sort: tuple[tuple[str, bool], ...] = ()
    page: dict[str, str] = {}
    echo: list[tuple[str, str]] = []
    for key, value in params:
        if key in TOKEN_PARAMS:
            continue
        if key == "include":
            include = _include(spec, value)
        elif key.startswith("fields[") and key.endswith("]"):
            fields[key[7:-1]] = _fields(key[7:-1], value)
        elif key.startswith("filter[") and key.endswith("]") and collection:
            filters.append(_filter(spec, key[7:-1], value, dates))
        elif key == "sort" and collection:
            sort = _sort(spec, value)
        elif key in ("page[number]", "page[size]") and collection:
            page[key[5:-1]] = value
            continue
        else:
            raise _bad("Param not allowed", f"{key} is not allowed.", "105")
        echo.append((key, value))
    number, size = _page(page, default_size, max_size)
    return Query(include, fields, tuple(filters), sort, number, size, tuple(echo))


def _include(spec: ResourceSpec, value: str) -> tuple[tuple[str, ...], ...]:
    paths: list[tuple[str, ...]] = []
    if not value.strip():
        return ()  # the connector's trigger sends a bare include=
    for raw in value.split(","):
        path = tuple(raw.strip().split("."))
        current = spec
        for name in path:
            rel = current.rel(name)
            if rel is None:
                raise _bad(
                    "Invalid field",
                    f"{name} is not a valid relationship of {current.type}",
                    "112",
                )
            current = SPECS[rel.target]
        paths.append(path)
    return tuple(paths)


def _fields(type_: str, value: str) -> frozenset[str]:
    spec = SPECS.get(type_)
    if spec is None:
        raise _bad("Invalid resource", f"{type_} is not a valid resource.", "101")
    names = frozenset(n.strip() for n in value.split(",") if n.strip())
    known = _attribute_names(spec) | {r.name for r in spec.rels}
    for name in sorted(names):
        if name not in known:
            raise _bad("Invalid field", f"{name} is not a valid field for {type_}.", "104")
    return names


def _attribute_names(spec: ResourceSpec) -> frozenset[str]:
    return spec.attribute_names


def _split_op(name: str) -> tuple[str, str]:
    # Both spellings the connector sends: filter[updated-at.after] and filter[updated-at][after].
    for sep in ("][", "."):
        base, found, op = name.rpartition(sep)
        if found and op in ("after", "before"):
            return base, op
    return name, ""


def _filter(spec: ResourceSpec, name: str, value: str, dates: DateMode) -> FilterUse:
    base, op = _split_op(name)
    found = spec.filter(base)
    refused = found is not None and found.kind == "date" and dates == "refuse"
    if found is None or refused or (op and (found.kind != "date" or found.op)):
        raise _bad("Filter not allowed", f"{name} is not allowed.", "102")
    values = tuple(v.strip() for v in value.split(","))
    if found.kind == "bool" and not set(values) <= {"true", "false"}:
        raise _bad("Invalid filter value", f"{value} is not a valid value for {name}.", "107")
    if found.kind == "date":
        try:
            values = tuple(_instant(v) for v in values)
        except ValueError:
            detail = f"{value} is not a valid value for {name}."
            raise _bad("Invalid filter value", detail, "107") from None
    return FilterUse(found, op or found.op, values)


def _instant(value: str) -> str:
    """A date or ISO timestamp as the seeded timestamps spell it (UTC, milliseconds, Z)."""
    if len(value) == 10:
        return date.fromisoformat(value).isoformat() + "T00:00:00.000Z"
    moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "+"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _sort(spec: ResourceSpec, value: str) -> tuple[tuple[str, bool], ...]:
    keys = []
    allowed = _attribute_names(spec) | {"id"}
    for raw in value.split(","):
        desc = raw.startswith("-")
        name = raw[1:] if desc else raw
        if name not in allowed:
            raise _bad(
                "Invalid sort criteria",
                f"{name} is not a valid sort criteria for {spec.type}",
                "114",
            )
        keys.append((name, desc))
    return tuple(keys)


def _to_int(value: str | None, default: int) -> int:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        return 0  # Ruby's to_i: JR then rejects it as below 1


def _page(page: Mapping[str, str], default_size: int, max_size: int) -> tuple[int, int]:
    size = _to_int(page.get("size"), default_size)
    number = _to_int(page.get("number"), 1)
    if size < 1:
        raise _bad(
            "Invalid page value", f"{size} is not a valid value for size page parameter.", "118"
        )
    if size > max_size:
        raise _bad("Invalid page value", f"size exceeds maximum page size of {max_size}.", "118")
    if number < 1:
        raise _bad(
            "Invalid page value", f"{number} is not a valid value for number page parameter.", "118"
        )
    return number, size


# -- applying a query to records (pure) ----------------------------------------------------


Related = Callable[[str, str, int], list[Record]]


def _matches(record: Record, use: FilterUse, dates: DateMode, related: Related | None) -> bool:
    f, values = use.filter, use.values
    kind = f.kind
    if kind == "id":
        return str(record.id) in values
    if kind == "fk":
        return str(record.links.get(f.target)) in values
    if kind == "search":
        text = " ".join(str(record.attributes.get(a) or "") for a in f.fields).lower()
        return any(v.lower() in text for v in values)
    if kind == "has":
        rel = SPECS[record.type].rel(f.target)
        assert rel is not None
        assert related is not None
        link = f.fields[0]
        return any(
            str(r.links.get(link)) in values for r in related(rel.target, rel.inverse, record.id)
        )
    actual = record.attributes.get(f.target)
    if kind == "partial":
        text = str(actual or "").lower()
        return any(v.lower() in text for v in values)
    if kind == "iexact":
        return str(actual or "").lower() in {v.lower() for v in values}
    if kind == "date":
        return dates == "ignore" or _date_match(actual, use.op, values, dates == "day")
    return _scalar_match(actual, values)


def _date_match(actual: Any, op: str, values: tuple[str, ...], by_day: bool) -> bool:
    if not isinstance(actual, str):
        return False
    width = 10 if by_day or not op else len(actual)
    mine = actual[:width]
    if op == "after":
        return any(mine > v[:width] for v in values)
    if op == "before":
        return any(mine < v[:width] for v in values)
    return any(mine == v[:width] for v in values)


def _scalar_match(actual: Any, values: tuple[str, ...]) -> bool:
    if isinstance(actual, bool):
        return ("true" if actual else "false") in values
    if isinstance(actual, list):
        return any(str(a) in values for a in actual)
    return str(actual) in values


def _sort_key(name: str) -> Any:
    def key(record: Record) -> tuple[bool, Any]:
        value = record.id if name == "id" else record.attributes.get(name)
        if isinstance(value, (dict, list)):
            value = str(value)
        # None sorts first, like SQL NULLS FIRST on ascending order in Postgres' reverse.
        return (value is not None, value if value is not None else 0)

    return key


def apply(
    records: list[Record],
    spec: ResourceSpec,
    query: Query,
    dates: DateMode = "apply",
    related: Related | None = None,
) -> list[Record]:
    """Filter then sort (stable, so ids break ties).

    ``dates`` is the date-filter knob; ``related`` (the world's ``related_many``) serves the
    filters on a to-many relationship's members.
    """
    rows = records
    for use in query.filters:
        rows = [r for r in rows if _matches(r, use, dates, related)]
    for name, desc in reversed(query.sort):
        rows = sorted(rows, key=_sort_key(name), reverse=desc)
    return rows
