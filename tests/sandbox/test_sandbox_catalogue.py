"""Every catalogue type, over plain aiohttp: list, get, include, filters (parametrized)."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from scopestack_async.sandbox.catalogue import CATALOGUE, Filter, Rel, ResourceSpec

TYPES = sorted(CATALOGUE)
RELS = [(t, r) for t in TYPES for r in CATALOGUE[t].rels]
FILTERS = [(t, f) for t in TYPES for f in CATALOGUE[t].filters.values() if f.kind != "has"]
HAS = [(t, f) for t in TYPES for f in CATALOGUE[t].filters.values() if f.kind == "has"]


async def token(client: Any, user: str = "admin") -> str:
    return str((await client.login(user))["access_token"])


async def get_doc(client: Any, path: str, at: str, **params: str) -> dict[str, Any]:
    status, _, raw = await client.get(path, at, **params)
    assert status == 200, (path, params, raw[:300])
    return dict(orjson.loads(raw))


@pytest.mark.parametrize("type_", TYPES)
async def test_list_and_get_every_type(client: Any, type_: str) -> None:
    at = await token(client)
    spec = CATALOGUE[type_]
    doc = await get_doc(client, f"/acme/v1/{type_}", at, **{"page[size]": "3"})
    assert doc["meta"]["record-count"] >= 1, type_
    assert doc["meta"]["page-count"] == -(-doc["meta"]["record-count"] // 3)
    assert doc["meta"]["permissions"] == {"view": True, "create": True, "manage": True}
    first = doc["data"][0]
    assert first["type"] == type_
    assert isinstance(first["id"], str)
    assert set(first["attributes"]) == spec.attribute_names
    assert first["links"]["self"] == f"{client.sb.api_url}/acme/v1/{type_}/{first['id']}"
    for name, member in first.get("relationships", {}).items():
        assert member["links"]["related"].endswith(f"/{type_}/{first['id']}/{name}")
    single = await get_doc(client, f"/acme/v1/{type_}/{first['id']}", at)
    assert single["data"]["attributes"] == first["attributes"]
    assert single["meta"]["permissions"]["view"] is True


def _linked(data: Any) -> list[tuple[str, str]]:
    if data is None:
        return []
    items = data if isinstance(data, list) else [data]
    return [(d["type"], d["id"]) for d in items]


@pytest.mark.parametrize(("type_", "rel"), RELS, ids=[f"{t}.{r.name}" for t, r in RELS])
async def test_include_every_relationship(client: Any, type_: str, rel: Rel) -> None:
    at = await token(client)
    doc = await get_doc(client, f"/acme/v1/{type_}", at, include=rel.name, **{"page[size]": "60"})
    included = {(r["type"], r["id"]): r for r in doc["included"]}
    linked = [pair for d in doc["data"] for pair in _linked(d["relationships"][rel.name]["data"])]
    assert linked, f"no {type_} in the first page has a {rel.name}"
    assert {t for t, _ in linked} == {rel.target}
    assert set(linked) <= set(included)
    # The related route agrees with the linkage.
    owner = next(d for d in doc["data"] if _linked(d["relationships"][rel.name]["data"]))
    url = owner["relationships"][rel.name]["links"]["related"]
    related = await get_doc(client, url, at, **({"page[size]": "1000"} if rel.to_many else {}))
    got = related["data"] if rel.to_many else [related["data"]]
    assert {(r["type"], r["id"]) for r in got} == set(
        _linked(owner["relationships"][rel.name]["data"])
    )


def _value_for(spec: ResourceSpec, f: Filter, record: dict[str, Any]) -> str | None:
    attributes = record["attributes"]
    if f.kind == "id":
        return str(record["id"])
    if f.kind == "fk":
        data = record["relationships"][f.target]["data"]
        return data["id"] if data else None
    if f.kind == "search":
        return str(attributes[f.fields[0]])[:5]
    value = attributes.get(f.target)
    if f.kind == "bool":
        return str(value).lower() if isinstance(value, bool) else None
    if f.kind == "tags":
        return value[0] if value else None
    if f.kind == "partial":
        return str(value)[1:5].upper() if value else None
    if f.kind == "iexact":
        return str(value).upper() if value else None
    if f.kind == "date":
        return str(value) if value else None
    return None if value is None else str(value)


def _holds(f: Filter, op: str, wanted: str, record: dict[str, Any]) -> bool:
    attributes = record["attributes"]
    if f.kind == "id":
        return record["id"] == wanted
    if f.kind == "fk":
        data = record["relationships"][f.target]["data"]
        return data is not None and data["id"] == wanted
    if f.kind == "search":
        return any(wanted.lower() in str(attributes[a]).lower() for a in f.fields)
    value = attributes.get(f.target)
    if f.kind == "bool":
        return str(value).lower() == wanted
    if f.kind == "tags":
        return wanted in value
    if f.kind == "partial":
        return wanted.lower() in str(value).lower()
    if f.kind == "iexact":
        return str(value).lower() == wanted.lower()
    if f.kind == "date":
        if value is None:
            return False
        return {"after": value > wanted, "before": value < wanted}.get(
            op, value[:10] == wanted[:10]
        )
    return str(value) == wanted


@pytest.mark.parametrize(("type_", "f"), FILTERS, ids=[f"{t}[{f.name}]" for t, f in FILTERS])
async def test_every_filter(client: Any, type_: str, f: Filter) -> None:
    at = await token(client)
    spec = CATALOGUE[type_]
    include = ",".join(r.name for r in spec.rels if r.stored)
    params = {"page[size]": "200", **({"include": include} if include else {})}
    sample = await get_doc(client, f"/acme/v1/{type_}", at, **params)
    rows = sample["data"]
    pick = next((r for r in rows if _value_for(spec, f, r) is not None), None)
    assert pick is not None, f"no {type_} record gives a value for filter[{f.name}]"
    wanted = _value_for(spec, f, pick)
    assert wanted is not None
    if f.kind == "date" and not f.op:
        spellings = [(f"filter[{f.name}]", ""), (f"filter[{f.name}.after]", "after")]
        spellings.append((f"filter[{f.name}][before]", "before"))
    else:
        spellings = [(f"filter[{f.name}]", f.op)]
    for key, op in spellings:
        bound = wanted
        if op == "after":
            bound = "2024-01-01"
        elif op == "before":
            bound = "2026-01-01T00:00:00Z"
        got = await get_doc(client, f"/acme/v1/{type_}", at, **{key: bound, **params})
        assert got["meta"]["record-count"] >= 1, (key, bound)
        check = bound if op else wanted
        if f.kind == "date" and op:
            check = bound if "T" in bound else f"{bound}T00:00:00.000Z"
            check = check.replace("Z", ".000Z") if check.endswith(":00Z") else check
        assert all(_holds(f, op, check, r) for r in got["data"]), (key, bound)
        if not op:
            assert pick["id"] in {r["id"] for r in got["data"]} or got["meta"]["page-count"] > 1


@pytest.mark.parametrize(("type_", "f"), HAS, ids=[f"{t}[{f.name}]" for t, f in HAS])
async def test_filters_on_to_many_members(client: Any, type_: str, f: Filter) -> None:
    at = await token(client)
    link = f.fields[0]
    params = {"include": f"{f.target}.{link}", "page[size]": "300"}
    sample = await get_doc(client, f"/acme/v1/{type_}", at, **params)
    members = {(r["type"], r["id"]): r for r in sample["included"]}

    def targets(record: dict[str, Any]) -> set[str]:
        out = set()
        for m in record["relationships"][f.target]["data"]:
            data = members[(m["type"], m["id"])]["relationships"][link]["data"]
            if data:
                out.add(data["id"])
        return out

    wanted = next(iter(next(t for r in sample["data"] if (t := targets(r)))))
    expected = {r["id"] for r in sample["data"] if wanted in targets(r)}
    got = await get_doc(client, f"/acme/v1/{type_}", at, **{f"filter[{f.name}]": wanted, **params})
    assert {r["id"] for r in got["data"]} == expected
    assert 0 < len(expected) < len(sample["data"])
