"""/v1/me, protected-resource answers, and JSON:API reads (paging, include, fields, filters)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs
import orjson
import pytest

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox

JSONAPI = "application/vnd.api+json"


def www_auth(description: str) -> str:
    return f'Bearer realm="Doorkeeper", error="invalid_token", error_description="{description}"'


async def test_me_shape(client: Any) -> None:
    tokens = await client.login()
    status, headers, raw = await client.get("/v1/me", tokens["access_token"])
    assert status == 200
    assert headers["Content-Type"] == JSONAPI
    assert headers["X-Request-Id"]
    data = orjson.loads(raw)["data"]
    admin = client.sb.users["admin"]
    assert data["id"] == str(admin.id)
    assert data["type"] == "mes"
    assert data["links"] == {"self": f"{client.sb.api_url}/v1/mes"}
    attrs_ = data["attributes"]
    assert attrs_["account-id"] == 1
    assert isinstance(attrs_["account-id"], int)
    assert attrs_["account-slug"] == "acme"
    assert attrs_["email"] == admin.username
    assert {"privilege": "projects.overview", "access-level": "purge"} in attrs_["privileges"]
    assert attrs_["site-admin"] is False
    assert set(attrs_) == {
        "name",
        "title",
        "email",
        "phone",
        "account-id",
        "account-slug",
        "privileges",
        "uuid",
        "site-admin",
    }


async def test_readonly_privileges_are_view(client: Any) -> None:
    tokens = await client.login("readonly")
    _, _, raw = await client.get("/v1/me", tokens["access_token"])
    levels = {p["access-level"] for p in orjson.loads(raw)["data"]["attributes"]["privileges"]}
    assert levels == {"view"}


@pytest.mark.parametrize(
    ("token", "description"),
    [(None, "The access token is invalid"), ("garbage", "The access token is invalid")],
)
async def test_401_empty_body(client: Any, token: str | None, description: str) -> None:
    status, headers, raw = await client.get("/acme/v1/projects", token)
    assert status == 401
    assert raw == b""
    assert headers["WWW-Authenticate"] == www_auth(description)
    assert headers["Cache-Control"] == "no-store"
    assert headers["Pragma"] == "no-cache"
    assert headers["Content-Type"] == "text/html"
    assert client.sb.stats.api_requests[401] == 1


async def test_expired_and_revoked_descriptions(client: Any) -> None:
    revoked = await client.login()
    assert client.sb.revoke_all_tokens() == 1
    expired = await client.login()
    assert client.sb.expire_tokens_now() == 1
    _, headers, _ = await client.get("/v1/me", expired["access_token"])
    assert headers["WWW-Authenticate"] == www_auth("The access token expired")
    _, headers, _ = await client.get("/v1/me", revoked["access_token"])
    assert headers["WWW-Authenticate"] == www_auth("The access token was revoked")


async def test_oauth_and_jsonapi_renderings(client: Any) -> None:
    client.sb.config = attrs.evolve(client.sb.config, error_rendering="oauth")
    status, headers, raw = await client.get("/v1/me", "garbage")
    assert status == 401
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert orjson.loads(raw) == {
        "error": "invalid_token",
        "error_description": "The access token is invalid",
        "state": "unauthorized",
    }
    assert "WWW-Authenticate" in headers
    read_only = await client.login(scope="read")
    status, headers, body = await client.send(
        "PATCH", "/acme/v1/projects/1", read_only["access_token"], {}
    )
    assert status == 403
    assert body == {
        "error": "invalid_scope",
        "error_description": "Write access",
        "state": "forbidden",
    }
    client.sb.config = attrs.evolve(client.sb.config, error_rendering="jsonapi")
    status, headers, raw = await client.get("/v1/me", "garbage")
    assert headers["Content-Type"] == JSONAPI
    assert orjson.loads(raw) == {
        "errors": [
            {
                "title": "Unauthorized",
                "detail": "The access token is invalid",
                "code": "401",
                "status": "401",
            }
        ]
    }


async def test_missing_scope_is_bare_403(client: Any) -> None:
    read_only = await client.login(scope="read")
    status, headers, body = await client.send(
        "POST", "/acme/v1/clients", read_only["access_token"], {}
    )
    assert (status, body) == (403, None)
    assert "WWW-Authenticate" not in headers
    assert headers["Cache-Control"] == "no-store"
    write_only = await client.login(scope="write")
    status, headers, raw = await client.get("/v1/me", write_only["access_token"])
    assert (status, raw) == (403, b"")


async def test_expired_status_403_knob(client: Any) -> None:
    client.sb.config = attrs.evolve(client.sb.config, expired_status=403)
    tokens = await client.login()
    client.sb.expire_tokens_now()
    status, headers, raw = await client.get("/v1/me", tokens["access_token"])
    assert (status, raw) == (403, b"")
    assert "WWW-Authenticate" not in headers
    status, _, _ = await client.get("/v1/me", "garbage")
    assert status == 401  # only expiry changes


async def test_token_sources(client: Any) -> None:
    tokens = await client.login()
    headers = {"Authorization": f"bEaReR {tokens['access_token']}"}
    async with client.http.get(f"{client.sb.api_url}/v1/me", headers=headers) as resp:
        assert resp.status == 200
    for name in ("access_token", "bearer_token"):
        status, _, raw = await client.get(
            "/acme/v1/clients", None, **{name: tokens["access_token"]}
        )
        assert status == 200
        assert tokens["access_token"].encode() not in raw  # never echoed into links


async def test_pagination_meta_and_links(client: Any) -> None:
    tokens = await client.login()
    status, _, raw = await client.get(
        "/acme/v1/projects",
        tokens["access_token"],
        **{"filter[active]": "true", "page[number]": "2", "page[size]": "50"},
    )
    assert status == 200
    doc = orjson.loads(raw)
    assert len(doc["data"]) == 50
    active = sum(1 for i in range(300) if i % 17 != 0)
    assert doc["meta"]["record-count"] == active
    assert doc["meta"]["page-count"] == -(-active // 50)
    assert doc["meta"]["permissions"] == {"view": True, "create": True, "manage": True}
    base = f"{client.sb.api_url}/acme/v1/projects?filter%5Bactive%5D=true&page%5Bnumber%5D="
    assert doc["links"] == {
        "first": base + "1&page%5Bsize%5D=50",
        "prev": base + "1&page%5Bsize%5D=50",
        "next": base + "3&page%5Bsize%5D=50",
        "last": base + f"{-(-active // 50)}&page%5Bsize%5D=50",
    }
    assert all(d["attributes"]["active"] is True for d in doc["data"])
    ids = [int(d["id"]) for d in doc["data"]]
    assert ids == sorted(ids)
    assert all(isinstance(d["id"], str) for d in doc["data"])


async def test_walking_next_links_sees_every_record_once(client: Any) -> None:
    tokens = await client.login()
    url: str | None = f"{client.sb.api_url}/acme/v1/clients?page%5Bsize%5D=4"
    seen: list[str] = []
    for _ in range(100):
        if url is None:
            break
        _, _, raw = await client.get(url, tokens["access_token"])
        doc = orjson.loads(raw)
        seen += [d["id"] for d in doc["data"]]
        url = doc["links"].get("next")
    assert url is None
    assert len(seen) == len(set(seen)) == doc["meta"]["record-count"] == 6


async def test_default_and_maximum_page_size(client: Any) -> None:
    tokens = await client.login()
    _, _, raw = await client.get("/acme/v1/projects", tokens["access_token"])
    doc = orjson.loads(raw)
    assert len(doc["data"]) == 250
    assert "page%5Bsize%5D=250" in doc["links"]["last"]
    status, headers, raw = await client.get(
        "/acme/v1/projects", tokens["access_token"], **{"page[size]": "1001"}
    )
    assert status == 400
    assert headers["Content-Type"] == JSONAPI
    assert orjson.loads(raw) == {
        "errors": [
            {
                "title": "Invalid page value",
                "detail": "size exceeds maximum page size of 1000.",
                "code": "118",
                "status": "400",
            }
        ]
    }
    status, _, raw = await client.get(
        "/acme/v1/projects", tokens["access_token"], **{"page[number]": "abc"}
    )
    assert status == 400
    assert orjson.loads(raw)["errors"][0]["detail"] == (
        "0 is not a valid value for number page parameter."
    )


async def test_empty_result_links(client: Any) -> None:
    tokens = await client.login()
    _, _, raw = await client.get(
        "/acme/v1/projects", tokens["access_token"], **{"filter[project-name]": "no such project"}
    )
    doc = orjson.loads(raw)
    assert doc["data"] == []
    assert doc["meta"]["record-count"] == 0
    assert doc["meta"]["page-count"] == 0
    assert set(doc["links"]) == {"first", "last"}


async def test_filters(client: Any) -> None:
    tokens = await client.login()
    at = tokens["access_token"]
    _, _, raw = await client.get(
        "/acme/v1/projects", at, **{"filter[status]": "won,lost", "page[size]": "1000"}
    )
    doc = orjson.loads(raw)
    assert {d["attributes"]["status"] for d in doc["data"]} == {"won", "lost"}
    assert doc["meta"]["record-count"] == 100
    _, _, raw = await client.get("/acme/v1/projects", at, **{"filter[project-name]": "CLOUD mig"})
    names = [d["attributes"]["project-name"] for d in orjson.loads(raw)["data"]]
    assert names
    assert all("Cloud migration" in n for n in names)
    _, _, raw = await client.get("/acme/v1/clients", at, **{"filter[name]": "hooli"})
    assert [d["attributes"]["name"] for d in orjson.loads(raw)["data"]] == ["Hooli 3"]
    _, _, raw = await client.get("/acme/v1/project-services", at, **{"filter[project]": "7,8"})
    rels = list(orjson.loads(raw)["data"])
    assert rels
    svc_ids = {d["id"] for d in rels}
    _, _, raw = await client.get("/acme/v1/projects/7/project-services", at)
    _, _, raw8 = await client.get("/acme/v1/projects/8/project-services", at)
    related = {d["id"] for d in orjson.loads(raw)["data"] + orjson.loads(raw8)["data"]}
    assert related == svc_ids


async def test_sort(client: Any) -> None:
    at = (await client.login())["access_token"]
    _, _, raw = await client.get(
        "/acme/v1/projects", at, sort="-created-at,id", **{"page[size]": "1000"}
    )
    rows = orjson.loads(raw)["data"]
    keys = [(r["attributes"]["created-at"], -int(r["id"])) for r in rows]
    assert keys == sorted(keys, reverse=True)


@pytest.mark.parametrize(
    ("params", "title", "detail", "code"),
    [
        ({"filter[colour]": "red"}, "Filter not allowed", "colour is not allowed.", "102"),
        (
            {"include": "client.nope"},
            "Invalid field",
            "nope is not a valid relationship of clients",
            "112",
        ),
        (
            {"sort": "-colour"},
            "Invalid sort criteria",
            "colour is not a valid sort criteria for projects",
            "114",
        ),
        (
            {"fields[projects]": "colour"},
            "Invalid field",
            "colour is not a valid field for projects.",
            "104",
        ),
        ({"fields[widgets]": "a"}, "Invalid resource", "widgets is not a valid resource.", "101"),
        ({"limit": "1"}, "Param not allowed", "limit is not allowed.", "105"),
    ],
)
async def test_bad_query_400(
    client: Any, params: dict[str, str], title: str, detail: str, code: str
) -> None:
    at = (await client.login())["access_token"]
    status, _, raw = await client.get("/acme/v1/projects", at, **params)
    assert status == 400
    assert orjson.loads(raw) == {
        "errors": [{"title": title, "detail": detail, "code": code, "status": "400"}]
    }


async def test_include_dotted_paths_and_fields(client: Any) -> None:
    at = (await client.login())["access_token"]
    status, _, raw = await client.get(
        "/acme/v1/projects",
        at,
        include="client.contacts,project-services",
        **{
            "page[size]": "3",
            "fields[projects]": "project-name,client",
            "fields[contacts]": "email",
        },
    )
    assert status == 200
    doc = orjson.loads(raw)
    project = doc["data"][0]
    assert set(project["attributes"]) == {"project-name"}
    assert set(project["relationships"]) == {"client"}
    client_link = project["relationships"]["client"]["data"]
    assert client_link["type"] == "clients"
    included = {(r["type"], r["id"]): r for r in doc["included"]}
    assert ("clients", client_link["id"]) in included
    inc_client = included[("clients", client_link["id"])]
    contact_ids = [c["id"] for c in inc_client["relationships"]["contacts"]["data"]]
    assert len(contact_ids) == 2
    for cid in contact_ids:
        assert set(included[("contacts", cid)]["attributes"]) == {"email"}
    assert any(t == "project-services" for t, _ in included)
    assert len(included) == len(doc["included"])  # no duplicates


async def test_single_resource_and_relationship_routes(client: Any) -> None:
    at = (await client.login())["access_token"]
    status, _, raw = await client.get("/acme/v1/projects/3", at, include="client")
    doc = orjson.loads(raw)
    assert status == 200
    data = doc["data"]
    assert data["links"]["self"] == f"{client.sb.api_url}/acme/v1/projects/3"
    rel = data["relationships"]["client"]
    assert rel["links"] == {
        "self": f"{client.sb.api_url}/acme/v1/projects/3/relationships/client",
        "related": f"{client.sb.api_url}/acme/v1/projects/3/client",
    }
    assert doc["included"][0]["id"] == rel["data"]["id"]
    assert isinstance(data["attributes"]["contract-revenue"], str)
    _, _, raw = await client.get(rel["links"]["self"], at)
    assert orjson.loads(raw)["data"] == rel["data"]
    _, _, raw = await client.get(rel["links"]["related"], at)
    assert orjson.loads(raw)["data"]["id"] == rel["data"]["id"]


async def test_not_found_documents(client: Any) -> None:
    at = (await client.login())["access_token"]
    status, headers, raw = await client.get("/acme/v1/projects/999999", at)
    assert status == 404
    assert headers["Content-Type"] == JSONAPI
    assert orjson.loads(raw) == {
        "errors": [
            {
                "title": "Record not found",
                "detail": "The record identified by 999999 could not be found.",
                "code": "404",
                "status": "404",
            }
        ]
    }
    for path in ("/nope/v1/projects", "/acme/v1/widgets", "/acme/v2/projects"):
        status, headers, raw = await client.get(path, at)
        assert status == 404, path
        assert orjson.loads(raw)["errors"][0]["status"] == "404"


async def test_other_accounts_data_is_403(client: Any) -> None:
    at = (await client.login())["access_token"]
    status, _, raw = await client.get("/globex/v1/projects", at)
    assert status == 403
    assert orjson.loads(raw)["errors"][0]["title"] == "Forbidden"
    globex_at = (await client.login("globex_admin"))["access_token"]
    _, _, raw = await client.get("/globex/v1/projects", globex_at)
    globex_project = orjson.loads(raw)["data"][0]["id"]
    status, _, _ = await client.get(f"/acme/v1/projects/{globex_project}", at)
    assert status == 403


async def test_read_only_role_gets_collections(client: Any) -> None:
    at = (await client.login("readonly"))["access_token"]
    status, _, raw = await client.get("/acme/v1/services", at, **{"filter[active]": "true,false"})
    doc = orjson.loads(raw)
    assert status == 200
    assert doc["meta"]["record-count"] == 40
    assert doc["meta"]["permissions"] == {"view": True, "create": False, "manage": False}


async def test_every_catalogue_type_is_served(client: Any) -> None:
    at = (await client.login())["access_token"]
    for type_ in (
        "clients",
        "contacts",
        "projects",
        "project-services",
        "services",
        "rate-tables",
        "payment-terms",
        "project-documents",
    ):
        status, _, raw = await client.get(f"/acme/v1/{type_}", at, **{"page[size]": "1"})
        assert status == 200, type_
        assert orjson.loads(raw)["data"][0]["type"] == type_


async def test_cached_pages_follow_writes(client: Any) -> None:
    at = (await client.login())["access_token"]
    _, _, before = await client.get("/acme/v1/rate-tables", at)
    _, _, again = await client.get("/acme/v1/rate-tables", at)
    assert before == again
    doc = {"data": {"type": "rate-tables", "attributes": {"name": "Night shift"}}}
    status, _, _ = await client.send("POST", "/acme/v1/rate-tables", at, doc)
    assert status == 201
    _, _, after = await client.get("/acme/v1/rate-tables", at)
    assert orjson.loads(after)["meta"]["record-count"] == 4


async def test_page_size_knobs_changed_at_runtime_reach_the_next_list(client: Any) -> None:
    at = (await client.login())["access_token"]
    _, _, raw = await client.get("/acme/v1/projects", at)
    assert len(orjson.loads(raw)["data"]) == 250
    client.sb.config = attrs.evolve(client.sb.config, default_page_size=7)
    _, _, raw = await client.get("/acme/v1/projects", at)
    assert len(orjson.loads(raw)["data"]) == 7
    _, _, raw = await client.get("/acme/v1/projects", at, **{"page[size]": "20"})
    assert len(orjson.loads(raw)["data"]) == 20
    client.sb.config = attrs.evolve(client.sb.config, max_page_size=10)
    status, _, raw = await client.get("/acme/v1/projects", at, **{"page[size]": "20"})
    assert status == 400
    assert orjson.loads(raw)["errors"][0]["detail"] == "size exceeds maximum page size of 10."


async def test_page_links_keep_the_request_host(client: Any) -> None:
    at = (await client.login())["access_token"]
    _, _, raw = await client.get("/acme/v1/clients", at, **{"page[size]": "2"})
    nxt = orjson.loads(raw)["links"]["next"]
    parts = urlsplit(nxt)
    assert f"{parts.scheme}://{parts.netloc}" == client.sb.api_url
    assert parse_qs(parts.query) == {"page[number]": ["2"], "page[size]": ["2"]}


async def test_sandbox_session_logs_in_as_the_user_asked_with_options_passed_on(
    sb: Sandbox,
) -> None:
    store = ss.MemoryTokenStore()
    async with sb.session("readonly", token_store=store) as session:
        me = await session.me()
    assert me.email == sb.users["readonly"].username == "viewer@acme.example"
    assert sb.stats.token_requests["password"] == 1
    assert await store.get(session.token_key) is not None  # the option reached the session
