"""Survey jobs, date-filter knob, relationship-links knob, merge-data, seeded links."""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
import orjson
import pytest

from scopestack_async.sandbox.catalogue import CATALOGUE

JSONAPI = "application/vnd.api+json"


async def token(client: Any, user: str = "admin") -> str:
    return str((await client.login(user))["access_token"])


async def doc_of(client: Any, path: str, at: str, **params: str) -> dict[str, Any]:
    status, _, raw = await client.get(path, at, **params)
    assert status == 200, raw[:300]
    return dict(orjson.loads(raw))


async def poll(client: Any, path: str, at: str, running: str) -> list[str]:
    statuses = []
    for _ in range(40):  # bounded: 40 x 50 ms, the delay is 0.2 s
        status = (await doc_of(client, path, at))["data"]["attributes"]["status"]
        statuses.append(status)
        if status != running:
            break
        await asyncio.sleep(0.05)
    return statuses


async def test_survey_calculate_then_apply(client: Any) -> None:
    client.sb.config = attrs.evolve(client.sb.config, survey_delay=0.2)
    at = await token(client)
    survey = (await doc_of(client, "/acme/v1/surveys", at, **{"page[size]": "1"}))["data"][0]
    path = f"/acme/v1/surveys/{survey['id']}"
    project = (await doc_of(client, f"{path}/relationships/project", at))["data"]["id"]
    before = (await doc_of(client, f"/acme/v1/projects/{project}/project-services", at))["meta"]
    status, _, body = await client.send("PUT", f"{path}/apply", at)
    assert (status, body["errors"][0]["source"]) == (422, {"pointer": "/data/attributes/status"})
    status, _, body = await client.send("PUT", f"{path}/calculate", at)
    assert (status, body["data"]["attributes"]["status"]) == (200, "calculating")
    assert (await client.send("PUT", f"{path}/calculate", at))[0] == 422  # busy
    statuses = await poll(client, path, at, "calculating")
    assert (statuses[0], statuses[-1]) == ("calculating", "calculated")
    calculated = (await doc_of(client, path, at))["data"]["attributes"]
    recommendations = calculated["recommendations"]
    assert len(recommendations) == 2  # both seeded answers are numbers
    assert set(recommendations[0]) >= {"target_type", "target_id", "quantity", "status"}
    assert isinstance(recommendations[0]["quantity"], str)
    assert [c["value"] for c in calculated["calculations"]] == [
        r["answer"] for r in survey["attributes"]["responses"]
    ]
    status, _, body = await client.send("PUT", f"{path}/apply", at)
    assert (status, body["data"]["attributes"]["status"]) == (200, "applying")
    statuses = await poll(client, path, at, "applying")
    assert statuses[-1] == "applied"
    after = (await doc_of(client, f"/acme/v1/projects/{project}/project-services", at))["meta"]
    assert after["record-count"] == before["record-count"] + 2
    viewer = await token(client, "readonly")
    assert (await client.send("PUT", f"{path}/calculate", viewer))[0] == 403
    assert (await client.send("PUT", f"{path}/nope", at))[0] == 404


async def test_document_job_names_its_template(client: Any) -> None:
    client.sb.config = attrs.evolve(client.sb.config, document_delay=0.0)
    at = await token(client)
    doc = {
        "data": {
            "type": "project-documents",
            "attributes": {"template-id": "2", "document-type": "sow", "generate-pdf": True},
            "relationships": {"project": {"data": {"type": "projects", "id": "1"}}},
        }
    }
    status, _, body = await client.send("POST", "/acme/v1/project-documents", at, doc)
    assert status == 201
    got = (await doc_of(client, f"/acme/v1/project-documents/{body['data']['id']}", at))["data"]
    assert got["attributes"]["status"] == "finished"
    assert got["attributes"]["template-name"] == "Managed Services SOW"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("apply", {"before": True, "after": False}),
        ("day", {"before": False, "after": False}),
        ("ignore", {"before": True, "after": True}),
    ],
)
async def test_date_filter_knob(client: Any, mode: str, expected: dict[str, bool]) -> None:
    client.sb.config = attrs.evolve(client.sb.config, date_filters=mode)
    at = await token(client)
    project = (await doc_of(client, "/acme/v1/projects/1", at))["data"]["attributes"]
    stamp = project["updated-at"]  # e.g. 2024-05-02T09:30:00.000Z
    later_same_day = stamp[:10] + "T23:00:00Z"
    total = (await doc_of(client, "/acme/v1/projects", at))["meta"]["record-count"]
    for op, key in (
        ("before", "filter[updated-at][before]"),
        ("after", "filter[updated-at.after]"),
    ):
        got = await doc_of(
            client, "/acme/v1/projects", at, **{key: later_same_day, "page[size]": "1000"}
        )
        assert ("1" in {d["id"] for d in got["data"]}) is expected[op], (mode, op)
        if mode == "ignore":
            assert got["meta"]["record-count"] == total
        else:
            assert got["meta"]["record-count"] < total
    status, _, raw = await client.get(
        "/acme/v1/projects", at, **{"filter[updated-at.after]": "May 1st"}
    )
    assert (status, orjson.loads(raw)["errors"][0]["code"]) == (400, "107")
    status, _, raw = await client.get(
        "/acme/v1/projects", at, **{"filter[project-name.after]": "x"}
    )
    assert (status, orjson.loads(raw)["errors"][0]["code"]) == (400, "102")


async def test_snake_case_project_filters(client: Any) -> None:
    at = await token(client)
    project = (await doc_of(client, "/acme/v1/projects/2", at, include="client"))["data"]
    client_id = project["relationships"]["client"]["data"]["id"]
    got = await doc_of(client, "/acme/v1/projects", at, **{"filter[client_id]": client_id})
    assert got["data"]
    same = await doc_of(client, "/acme/v1/projects", at, **{"filter[client]": client_id})
    assert [d["id"] for d in got["data"]] == [d["id"] for d in same["data"]]
    name = project["attributes"]["client-name"]
    named = await doc_of(client, "/acme/v1/projects", at, **{"filter[client_name]": name})
    assert all(d["attributes"]["client-name"] == name for d in named["data"])
    recent = await doc_of(
        client, "/acme/v1/projects", at, **{"filter[created_after]": "2025-06-01"}
    )
    assert all(d["attributes"]["created-at"] > "2025-06-01" for d in recent["data"])


async def test_relationship_links_knob(client: Any) -> None:
    at = await token(client)
    listed = (await doc_of(client, "/acme/v1/projects/1", at))["data"]["relationships"]
    assert set(listed) == set(CATALOGUE["projects"].listed or ())
    included = (await doc_of(client, "/acme/v1/projects/1", at, include="notes"))["data"]
    assert "notes" in included["relationships"]
    client.sb.config = attrs.evolve(client.sb.config, relationship_links="all")
    every = (await doc_of(client, "/acme/v1/projects/1", at))["data"]["relationships"]
    assert len(every) == len(CATALOGUE["projects"].rels) == 38
    assert all(set(m) == {"links"} for m in every.values())


async def test_merge_data(client: Any) -> None:
    at = await token(client)
    async with client.http.get(
        f"{client.sb.api_url}/acme/v1/projects/2/merge-data",
        headers={"Authorization": f"Bearer {at}", "Accept": JSONAPI},
    ) as resp:
        assert resp.status == 200
        assert resp.content_type == "application/json"
        body = orjson.loads(await resp.read())
    project = (await doc_of(client, "/acme/v1/projects/2", at))["data"]
    assert body["project"]["project_name"] == project["attributes"]["project-name"]
    assert body["client"]["name"] == project["attributes"]["client-name"]
    services = (await doc_of(client, "/acme/v1/projects/2/project-services", at))["data"]
    assert sum(len(p["services"]) for p in body["phases"]) <= len(services)
    status, _, raw = await client.get(
        "/acme/v1/projects/2/merge-data", at, **{"filter[version]": "2"}
    )
    assert orjson.loads(raw)["version"] == 2
    assert len(orjson.loads(raw)["data"]["project_services"]) == len(services)
    status, _, _ = await client.get(
        "/acme/v1/projects/2/merge-data", at, **{"filter[version]": "3"}
    )
    assert status == 400


async def test_seeded_links_are_consistent(client: Any) -> None:
    at = await token(client)
    include = (
        "client,sales-executive,presales-engineer,crm-opportunity,project-services.project-phase"
    )
    doc = await doc_of(client, "/acme/v1/projects", at, include=include, **{"page[size]": "30"})
    by_key = {(r["type"], r["id"]): r for r in doc["included"]}
    for project in doc["data"]:
        rels, attributes = project["relationships"], project["attributes"]
        client_ = by_key[("clients", rels["client"]["data"]["id"])]
        assert attributes["client-name"] == client_["attributes"]["name"]
        se = by_key[("sales-executives", rels["sales-executive"]["data"]["id"])]
        assert attributes["sales-executive-name"] == se["attributes"]["name"]
        opp = rels["crm-opportunity"]["data"]
        if opp:
            assert project["id"] in {
                p["id"]
                for p in (
                    await doc_of(client, f"/acme/v1/crm-opportunities/{opp['id']}/projects", at)
                )["data"]
            }
        for link in rels["project-services"]["data"]:
            service = by_key[("project-services", link["id"])]
            phase = service["relationships"]["project-phase"]["data"]
            assert phase is not None
            assert ("project-phases", phase["id"]) in by_key
            owner = await doc_of(client, f"/acme/v1/project-phases/{phase['id']}/project", at)
            assert owner["data"]["id"] == project["id"]


async def test_date_filter_knob_refuse(client: Any) -> None:
    client.sb.config = attrs.evolve(client.sb.config, date_filters="refuse")
    at = await token(client)
    for key in ("filter[updated-at.after]", "filter[updated-at][after]", "filter[approved-at]"):
        status, _, raw = await client.get("/acme/v1/projects", at, **{key: "2024-05-01"})
        assert status == 400, key
        assert orjson.loads(raw)["errors"][0]["code"] == "102"
    assert (await client.get("/acme/v1/projects", at, **{"filter[status]": "won"}))[0] == 200
