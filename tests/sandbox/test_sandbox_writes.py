"""Create, update, delete, validation, privileges, and the project-documents job."""

from __future__ import annotations

import asyncio
from typing import Any

import attrs
import orjson


def project_doc(**attributes: Any) -> dict[str, Any]:
    return {
        "data": {
            "type": "projects",
            "attributes": {"project-name": "Network refresh", **attributes},
            "relationships": {
                "client": {"data": {"type": "clients", "id": "1"}},
                "account": {"data": {"type": "accounts", "id": "1"}},
            },
        }
    }


async def test_create_update_delete(client: Any) -> None:
    at = (await client.login())["access_token"]
    before = client.sb.project_count()
    status, headers, body = await client.send(
        "POST", "/acme/v1/projects", at, project_doc(**{"tag-list": ["a"]})
    )
    assert status == 201
    assert headers["Content-Type"] == "application/vnd.api+json"
    data = body["data"]
    assert data["type"] == "projects"
    assert isinstance(data["id"], str)
    assert data["attributes"]["project-name"] == "Network refresh"
    assert data["attributes"]["tag-list"] == ["a"]
    assert data["attributes"]["client-name"] == "Initech 1"
    assert data["links"]["self"] == f"{client.sb.api_url}/acme/v1/projects/{data['id']}"
    assert client.sb.project_count() == before + 1
    path = f"/acme/v1/projects/{data['id']}"
    patch = {"data": {"type": "projects", "id": data["id"], "attributes": {"status": "approved"}}}
    status, _, body = await client.send("PATCH", path, at, patch)
    assert status == 200
    assert body["data"]["attributes"]["status"] == "approved"
    assert body["data"]["attributes"]["project-name"] == "Network refresh"  # partial update
    _, _, raw = await client.get(path, at)
    assert orjson.loads(raw)["data"]["attributes"]["status"] == "approved"
    status, _, body = await client.send("DELETE", path, at)
    assert (status, body) == (204, None)
    assert (await client.get(path, at))[0] == 404
    assert client.sb.project_count() == before


async def test_create_accepts_account_slug_and_numeric_ids(client: Any) -> None:
    at = (await client.login())["access_token"]
    doc = project_doc()
    doc["data"]["relationships"]["account"]["data"]["id"] = "acme"
    doc["data"]["relationships"]["client"]["data"]["id"] = 1
    assert (await client.send("POST", "/acme/v1/projects", at, doc))[0] == 201


async def test_validation_422_with_pointers(client: Any) -> None:
    at = (await client.login())["access_token"]
    doc = project_doc(**{"project-name": "  "})
    del doc["data"]["relationships"]["client"]
    status, _, body = await client.send("POST", "/acme/v1/projects", at, doc)
    assert status == 422
    assert sorted(body["errors"], key=lambda e: e["source"]["pointer"]) == [
        {
            "title": "can't be blank",
            "detail": "project-name - can't be blank",
            "code": "100",
            "status": "422",
            "source": {"pointer": "/data/attributes/project-name"},
        },
        {
            "title": "must exist",
            "detail": "client - must exist",
            "code": "100",
            "status": "422",
            "source": {"pointer": "/data/relationships/client"},
        },
    ]
    other = project_doc()
    other["data"]["relationships"]["account"]["data"]["id"] = "2"
    status, _, body = await client.send("POST", "/acme/v1/projects", at, other)
    assert status == 422
    assert body["errors"][0]["source"] == {"pointer": "/data/relationships/account"}
    patch = {"data": {"type": "project-services", "id": "1", "attributes": {"quantity": "x"}}}
    status, _, body = await client.send("PATCH", "/acme/v1/project-services/1", at, patch)
    assert status == 422
    assert body["errors"][0]["source"] == {"pointer": "/data/attributes/quantity"}


async def test_bad_documents_are_400(client: Any) -> None:
    at = (await client.login())["access_token"]
    status, _, body = await client.send("POST", "/acme/v1/projects", at, project_doc(colour="red"))
    assert status == 400
    assert body["errors"][0]["code"] == "105"
    assert body["errors"][0]["detail"] == "colour is not allowed."
    status, _, body = await client.send(
        "POST", "/acme/v1/projects", at, {"data": {"type": "clients"}}
    )
    assert (status, body["errors"][0]["code"]) == (409, "116")
    patch = {"data": {"type": "projects", "id": "2", "attributes": {}}}
    status, _, body = await client.send("PATCH", "/acme/v1/projects/1", at, patch)
    assert (status, body["errors"][0]["code"]) == (400, "110")


async def test_read_only_role_cannot_write(client: Any) -> None:
    at = (await client.login("readonly"))["access_token"]
    status, headers, body = await client.send("POST", "/acme/v1/projects", at, project_doc())
    assert status == 403
    assert body == {
        "errors": [
            {
                "title": "Forbidden",
                "detail": "You are not authorized to perform this action.",
                "code": "403",
                "status": "403",
            }
        ]
    }
    assert "WWW-Authenticate" not in headers
    patch = {"data": {"type": "projects", "id": "1", "attributes": {"status": "won"}}}
    assert (await client.send("PATCH", "/acme/v1/projects/1", at, patch))[0] == 403
    assert (await client.send("DELETE", "/acme/v1/projects/1", at))[0] == 403
    assert (await client.get("/acme/v1/projects/1", at))[0] == 200


async def test_service_role_can_write_but_not_delete(client: Any) -> None:
    at = (await client.login("service"))["access_token"]
    status, _, body = await client.send(
        "POST",
        "/acme/v1/clients",
        at,
        {"data": {"type": "clients", "attributes": {"name": "Bot Co"}}},
    )
    assert status == 201
    path = f"/acme/v1/clients/{body['data']['id']}"
    assert (await client.send("DELETE", path, at))[0] == 403


async def test_writes_to_another_account_are_403(client: Any) -> None:
    at = (await client.login())["access_token"]
    status, _, _ = await client.send("POST", "/globex/v1/projects", at, project_doc())
    assert status == 403
    globex_at = (await client.login("globex_admin"))["access_token"]
    _, _, raw = await client.get("/globex/v1/clients", globex_at)
    globex_client = orjson.loads(raw)["data"][0]["id"]
    patch = {"data": {"type": "clients", "id": globex_client, "attributes": {"name": "X"}}}
    assert (await client.send("PATCH", f"/acme/v1/clients/{globex_client}", at, patch))[0] == 403


async def test_project_document_job_finishes_after_delay(client: Any) -> None:
    at = (await client.login())["access_token"]
    doc = {
        "data": {
            "type": "project-documents",
            "attributes": {
                "template-id": "pricing",
                "document-type": "pricing",
                "generate-pdf": True,
            },
            "relationships": {"project": {"data": {"type": "projects", "id": "1"}}},
        }
    }
    status, _, body = await client.send("POST", "/acme/v1/project-documents", at, doc)
    assert status == 201
    assert body["data"]["attributes"]["status"] == "queued"
    assert body["data"]["attributes"]["document-url"] is None
    path = f"/acme/v1/project-documents/{body['data']['id']}"
    statuses = []
    for _ in range(40):  # bounded: 40 x 50 ms = 2 s, the delay is 0.3 s
        _, _, raw = await client.get(path, at)
        attributes = orjson.loads(raw)["data"]["attributes"]
        statuses.append(attributes["status"])
        if attributes["status"] != "queued":
            break
        await asyncio.sleep(0.05)
    assert statuses[0] == "queued"
    assert statuses[-1] == "finished"
    async with client.http.get(attributes["document-url"]) as resp:  # no auth: pre-signed
        assert resp.status == 200
        assert (await resp.read()).startswith(b"%PDF")


async def test_project_document_job_can_fail(client: Any) -> None:
    client.sb.config = attrs.evolve(client.sb.config, document_delay=0.0)
    at = (await client.login())["access_token"]
    doc = {
        "data": {
            "type": "project-documents",
            "attributes": {"template-id": "broken", "document-type": "sow"},
            "relationships": {"project": {"data": {"type": "projects", "id": "1"}}},
        }
    }
    _, _, body = await client.send("POST", "/acme/v1/project-documents", at, doc)
    _, _, raw = await client.get(f"/acme/v1/project-documents/{body['data']['id']}", at)
    attributes = orjson.loads(raw)["data"]["attributes"]
    assert attributes["status"] == "error"
    assert attributes["error-text"]
