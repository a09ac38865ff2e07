"""Writes on every writable catalogue type, their errors, variables, uniqueness, 406/415."""

from __future__ import annotations

from typing import Any

import aiohttp
import attrs
import orjson
import pytest

from scopestack_async.sandbox.catalogue import CATALOGUE, ResourceSpec

WRITABLE = sorted(t for t, s in CATALOGUE.items() if "create" in s.ops)
READ_ONLY = sorted(t for t, s in CATALOGUE.items() if not s.ops)
JSONAPI = "application/vnd.api+json"


async def token(client: Any, user: str = "admin") -> str:
    return str((await client.login(user))["access_token"])


async def first_id(client: Any, at: str, type_: str) -> str:
    status, _, raw = await client.get(f"/acme/v1/{type_}", at, **{"page[size]": "1"})
    assert status == 200, raw
    return str(orjson.loads(raw)["data"][0]["id"])


async def create_body(client: Any, at: str, spec: ResourceSpec, **extra: Any) -> dict[str, Any]:
    relationships = {}
    for name in spec.required_rels:
        target = spec.rel(name)
        assert target is not None
        relationships[name] = {
            "data": {"type": target.target, "id": await first_id(client, at, target.target)}
        }
    if spec.rel("account") is not None:
        relationships["account"] = {"data": {"type": "accounts", "id": "1"}}
    data: dict[str, Any] = {"type": spec.type, "attributes": {**spec.example, **extra}}
    if relationships:
        data["relationships"] = relationships
    return {"data": data}


async def send(
    client: Any, method: str, path: str, at: str, doc: Any, content_type: str = JSONAPI
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {at}", "Accept": JSONAPI, "Content-Type": content_type}
    body = orjson.dumps(doc) if doc is not None else None
    async with client.http.request(
        method, f"{client.sb.api_url}{path}", headers=headers, data=body
    ) as resp:
        raw = await resp.read()
        return resp.status, orjson.loads(raw) if raw else None


@pytest.mark.parametrize("type_", WRITABLE)
async def test_create_update_delete_every_writable_type(client: Any, type_: str) -> None:
    spec = CATALOGUE[type_]
    at = await token(client)
    body = await create_body(client, at, spec)
    status, doc = await send(client, "POST", f"/acme/v1/{type_}", at, body)
    assert status == 201, doc
    created = doc["data"]
    assert created["type"] == type_
    for name, value in spec.example.items():
        assert created["attributes"][name] == value, name
    assert set(created["attributes"]) == spec.attribute_names
    path = f"/acme/v1/{type_}/{created['id']}"
    for name, member in body["data"].get("relationships", {}).items():
        status, _, raw = await client.get(f"{path}/relationships/{name}", at)
        assert (status, orjson.loads(raw)["data"]["id"]) == (200, member["data"]["id"]), name
    kinds = {a.name: a.kind for a in spec.attributes}
    text = next(k for k, v in spec.example.items() if isinstance(v, str) and kinds[k] == "str")
    patch = {"data": {"type": type_, "id": created["id"], "attributes": {text: "Renamed"}}}
    status, doc = await send(client, "PATCH", path, at, patch)
    assert (status, doc["data"]["attributes"][text]) == (200, "Renamed")
    _, _, raw = await client.get(path, at)
    assert orjson.loads(raw)["data"]["attributes"][text] == "Renamed"
    if "delete" in spec.ops:
        assert (await send(client, "DELETE", path, at, None))[0] == 204
        assert (await client.get(path, at))[0] == 404


@pytest.mark.parametrize("type_", WRITABLE)
async def test_write_errors_every_writable_type(client: Any, type_: str) -> None:
    spec = CATALOGUE[type_]
    at = await token(client)
    url = f"/acme/v1/{type_}"
    body = await create_body(client, at, spec, colour="red")
    status, doc = await send(client, "POST", url, at, body)
    assert (status, doc["errors"]) == (
        400,
        [
            {
                "title": "Param not allowed",
                "detail": "colour is not allowed.",
                "code": "105",
                "status": "400",
            }
        ],
    )
    wrong = {"data": {"type": "widgets", "attributes": {}}}
    status, doc = await send(client, "POST", url, at, wrong)
    assert (status, doc["errors"][0]["code"], doc["errors"][0]["title"]) == (
        409,
        "116",
        "Type Mismatch",
    )
    required = spec.required[0]
    status, doc = await send(
        client, "POST", url, at, await create_body(client, at, spec, **{required: "  "})
    )
    assert status == 422
    assert {"pointer": f"/data/attributes/{required}"} in [e["source"] for e in doc["errors"]]
    assert doc["errors"][0]["code"] == "100"
    for rel in spec.required_rels:
        missing = await create_body(client, at, spec)
        del missing["data"]["relationships"][rel]
        status, doc = await send(client, "POST", url, at, missing)
        assert status == 422
        assert doc["errors"] == [
            {
                "title": "must exist",
                "detail": f"{rel} - must exist",
                "code": "100",
                "status": "422",
                "source": {"pointer": f"/data/relationships/{rel}"},
            }
        ]
    status, doc = await send(
        client, "POST", url, at, await create_body(client, at, spec), "application/json"
    )
    assert (status, doc["errors"][0]["code"]) == (415, "415")
    # The read-only user: 403 on every write, reads still fine.
    viewer = await token(client, "readonly")
    existing = await first_id(client, viewer, type_)
    forbidden = {
        "errors": [
            {
                "title": "Forbidden",
                "detail": "You are not authorized to perform this action.",
                "code": "403",
                "status": "403",
            }
        ]
    }
    assert await send(client, "POST", url, viewer, await create_body(client, at, spec)) == (
        403,
        forbidden,
    )
    patch = {"data": {"type": type_, "id": existing, "attributes": {}}}
    assert await send(client, "PATCH", f"{url}/{existing}", viewer, patch) == (403, forbidden)
    if "delete" in spec.ops:
        assert await send(client, "DELETE", f"{url}/{existing}", viewer, None) == (403, forbidden)


@pytest.mark.parametrize("type_", READ_ONLY)
async def test_types_without_writes_have_no_write_routes(client: Any, type_: str) -> None:
    at = await token(client)
    status, doc = await send(client, "POST", f"/acme/v1/{type_}", at, {"data": {"type": type_}})
    assert status == 404
    assert doc["errors"][0]["detail"] == f"No route matches [POST] /acme/v1/{type_}"


@pytest.mark.parametrize("type_", sorted(t for t in WRITABLE if CATALOGUE[t].read_only_attributes))
async def test_read_only_attributes_ignored_or_refused(client: Any, type_: str) -> None:
    spec = CATALOGUE[type_]
    name = sorted(spec.read_only_attributes)[0]
    at = await token(client)
    status, doc = await send(
        client, "POST", f"/acme/v1/{type_}", at, await create_body(client, at, spec, **{name: "x"})
    )
    assert status == 201
    assert doc["data"]["attributes"][name] != "x"
    client.sb.config = attrs.evolve(client.sb.config, read_only_attributes="refuse")
    status, doc = await send(
        client, "POST", f"/acme/v1/{type_}", at, await create_body(client, at, spec, **{name: "x"})
    )
    assert (status, doc["errors"][0]["detail"]) == (400, f"{name} is not allowed.")


@pytest.mark.parametrize("linkage", [1, "1", "acme"])
async def test_account_linkage_as_number_string_or_slug(client: Any, linkage: Any) -> None:
    at = await token(client)
    for type_ in ("vendors", "sales-executives", "products", "crm-opportunities", "clients"):
        body = await create_body(client, at, CATALOGUE[type_], name=f"Linked {linkage!r}")
        body["data"]["relationships"]["account"]["data"]["id"] = linkage
        if "email" in body["data"]["attributes"]:
            body["data"]["attributes"]["email"] = f"x{linkage}@acme.example"
        body["data"]["attributes"].pop("sku", None)
        status, doc = await send(client, "POST", f"/acme/v1/{type_}", at, body)
        assert status == 201, (type_, doc)
    body = await create_body(client, at, CATALOGUE["vendors"])
    body["data"]["relationships"]["account"]["data"]["id"] = 2
    status, doc = await send(client, "POST", "/acme/v1/vendors", at, body)
    assert (status, doc["errors"][0]["source"]) == (422, {"pointer": "/data/relationships/account"})


async def test_location_names_are_unique_per_project(client: Any) -> None:
    at = await token(client)

    def location(project: str, name: str) -> dict[str, Any]:
        return {
            "data": {
                "type": "project-locations",
                "attributes": {"name": name, "street": "1 Main St", "city": "Austin"},
                "relationships": {"project": {"data": {"type": "projects", "id": project}}},
            }
        }

    assert (await send(client, "POST", "/acme/v1/project-locations", at, location("4", "Annex")))[
        0
    ] == 201
    status, doc = await send(
        client, "POST", "/acme/v1/project-locations", at, location("4", " annex")
    )
    assert status == 422
    assert doc["errors"] == [
        {
            "title": "has already been taken",
            "detail": "name - has already been taken",
            "code": "100",
            "status": "422",
            "source": {"pointer": "/data/attributes/name"},
        }
    ]
    # Seeded locations count too; another project may reuse the name.
    status, doc = await send(
        client, "POST", "/acme/v1/project-locations", at, location("4", "Headquarters")
    )
    assert status == 422
    assert (await send(client, "POST", "/acme/v1/project-locations", at, location("5", "Annex")))[
        0
    ] == 201
    _, _, raw = await client.get("/acme/v1/project-locations", at, **{"filter[project]": "4"})
    names = [d["attributes"]["name"] for d in orjson.loads(raw)["data"]]
    assert names.count("Annex") == 1
    assert "Headquarters" in names


async def test_variables_typed_by_their_definitions(client: Any) -> None:
    at = await token(client)
    _, _, raw = await client.get(
        "/acme/v1/project-variables", at, **{"filter[variable-context]": "project,service_location"}
    )
    defs = orjson.loads(raw)["data"]
    assert {d["attributes"]["variable-context"] for d in defs} == {"project", "service_location"}
    region = next(d for d in defs if d["attributes"]["name"] == "region")["attributes"]
    assert region["variable-type"] == "select"
    assert region["select-options"][0] == {"key": "EMEA", "value": "emea", "default": True}

    async def write(values: list[dict[str, Any]]) -> tuple[int, Any]:
        patch = {
            "data": {"type": "projects", "id": "3", "attributes": {"project-variables": values}}
        }
        return await send(client, "PATCH", "/acme/v1/projects/3", at, patch)

    for bad, message in [
        ({"name": "seats", "value": "many"}, "seats is not a number"),
        ({"name": "seats", "value": "0"}, "seats must be between 1.0 and 100000.0"),
        ({"name": "go_live", "value": "2025-13-01"}, "go_live is not a valid date"),
        ({"name": "region", "value": "EMEA"}, "region is not one of emea, amer"),
        ({"name": "industry", "value": "retail"}, "industry is not a project variable"),
    ]:
        status, doc = await write([bad])
        assert status == 422, bad
        assert doc["errors"][0]["detail"] == f"project-variables - {message}"
        assert doc["errors"][0]["source"] == {"pointer": "/data/attributes/project-variables"}
    status, doc = await write(
        [
            {"name": "seats", "value": 250},
            {"name": "region", "value": "amer"},
            {"name": "go_live", "value": "2025-03-01"},
        ]
    )
    assert status == 200
    values = {v["name"]: v for v in doc["data"]["attributes"]["project-variables"]}
    assert {k: v["value"] for k, v in values.items()} == {
        "seats": "250",
        "region": "amer",
        "go_live": "2025-03-01",
    }
    assert set(values["region"]) == {
        "name",
        "label",
        "variable_type",
        "minimum",
        "maximum",
        "required",
        "select_options",
        "position",
        "context",
        "uuid",
        "value",
    }
    assert values["region"]["context"] == "project"
    client_patch = {
        "data": {
            "type": "clients",
            "id": "1",
            "attributes": {"user-defined-fields": [{"name": "employee_count", "value": "12"}]},
        }
    }
    status, doc = await send(client, "PATCH", "/acme/v1/clients/1", at, client_patch)
    assert status == 200
    assert doc["data"]["attributes"]["user-defined-fields"][0]["variable_type"] == "number"


async def test_to_many_linkage_and_repeated_members(client: Any) -> None:
    at = await token(client)
    _, _, raw = await client.get("/acme/v1/crm-opportunities", at, **{"page[size]": "1"})
    opp = orjson.loads(raw)["data"][0]["id"]

    def link(ids: list[str]) -> dict[str, Any]:
        members = [{"type": "projects", "id": i} for i in ids]
        return {
            "data": {
                "type": "crm-opportunities",
                "id": opp,
                "relationships": {"projects": {"data": members}},
            }
        }

    status, doc = await send(
        client, "PATCH", f"/acme/v1/crm-opportunities/{opp}", at, link(["7", "7"])
    )
    assert (status, doc["errors"][0]["code"], doc["errors"][0]["detail"]) == (
        400,
        "113",
        "The relation to 7 already exists.",
    )
    assert (await send(client, "PATCH", f"/acme/v1/crm-opportunities/{opp}", at, link(["7", "9"])))[
        0
    ] == 200
    _, _, raw = await client.get(f"/acme/v1/crm-opportunities/{opp}/projects", at)
    assert {d["id"] for d in orjson.loads(raw)["data"]} == {"7", "9"}
    _, _, raw = await client.get("/acme/v1/projects/9/relationships/crm-opportunity", at)
    assert orjson.loads(raw)["data"] == {"type": "crm-opportunities", "id": opp}


async def test_deleting_a_project_removes_its_parts(client: Any) -> None:
    at = await token(client)
    _, _, raw = await client.get("/acme/v1/projects/6/project-contacts", at)
    contacts = [d["id"] for d in orjson.loads(raw)["data"]]
    assert contacts
    assert (await send(client, "DELETE", "/acme/v1/projects/6", at, None))[0] == 204
    for cid in contacts:
        assert (await client.get(f"/acme/v1/project-contacts/{cid}", at))[0] == 404


# -- media types -------------------------------------------------------------------------------


async def raw_get(client: Any, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    async with client.http.get(
        f"{client.sb.api_url}{path}", headers=headers, skip_auto_headers=["Accept"]
    ) as resp:
        return resp.status, await resp.read()


@pytest.mark.parametrize("type_", sorted(CATALOGUE))
async def test_406_before_the_token_check_on_every_type(client: Any, type_: str) -> None:
    at = await token(client)
    path = f"/acme/v1/{type_}"
    for accept in (None, "text/html", "application/json", f"{JSONAPI}; charset=utf-8"):
        for auth in ({}, {"Authorization": f"Bearer {at}"}, {"Authorization": "Bearer nope"}):
            headers = {**auth, **({"Accept": accept} if accept else {})}
            status, raw = await raw_get(client, path, headers)
            assert status == 406, (accept, auth)
            err = orjson.loads(raw)["errors"][0]
            assert (err["code"], err["title"]) == ("406", "Not acceptable")
    for accept in (JSONAPI, "*/*", "application/*", f"text/html, {JSONAPI};q=0.9"):
        status, _ = await raw_get(client, path, {"Accept": accept, "Authorization": f"Bearer {at}"})
        assert status == 200, accept


async def test_406_on_me_but_not_on_oauth_or_the_document_download(client: Any) -> None:
    at = await token(client)
    assert (await raw_get(client, "/v1/me", {"Authorization": f"Bearer {at}"}))[0] == 406
    u = client.sb.users["admin"]
    form = {
        "grant_type": "password",
        "username": u.username,
        "password": u.password,
        **client.creds(),
    }
    async with client.http.post(
        f"{client.sb.auth_url}/oauth/token", data=form, headers={"Accept": "application/json"}
    ) as resp:
        assert resp.status == 200


async def test_415_for_writes_without_the_jsonapi_content_type(client: Any) -> None:
    at = await token(client)
    body = await create_body(client, at, CATALOGUE["clients"])
    for content_type in ("application/json", "text/plain", ""):
        status, doc = await send(client, "POST", "/acme/v1/clients", at, body, content_type)
        assert (status, doc["errors"][0]["title"]) == (415, "Unsupported media type"), content_type
    patch = {"data": {"type": "clients", "id": "1", "attributes": {"name": "X"}}}
    assert (await send(client, "PATCH", "/acme/v1/clients/1", at, patch, "application/json"))[
        0
    ] == 415
    # The SDK's plain-JSON writes are rewritten by its middleware; aiohttp's json= sends
    # application/json, which is refused here like on the real API.
    async with client.http.post(
        f"{client.sb.api_url}/acme/v1/clients",
        json=body,
        headers={"Authorization": f"Bearer {at}", "Accept": JSONAPI},
    ) as resp:
        assert resp.status == 415


def test_catalogue_examples_are_valid_attribute_names() -> None:
    for spec in CATALOGUE.values():
        assert set(spec.example) <= spec.writable, spec.type
        assert bool(spec.example) == ("create" in spec.ops), spec.type


async def test_aiohttp_default_accept_is_fine(http: aiohttp.ClientSession, client: Any) -> None:
    at = await token(client)
    async with http.get(
        f"{client.sb.api_url}/acme/v1/projects", headers={"Authorization": f"Bearer {at}"}
    ) as resp:
        assert resp.status == 200  # aiohttp sends Accept: */*
