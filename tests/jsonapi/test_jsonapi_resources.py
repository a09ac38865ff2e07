"""ResourceClient against a real loopback JSON:API server (through the JsonApiTransport seam)."""

from __future__ import annotations

from contextlib import aclosing
from decimal import Decimal

import attrs
import pytest
import yarl
from jsonapi_fake import SLUG, FakeApi, Start

from scopestack_async.errors import (
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
    ResponseFormatError,
    ValidationError,
)
from scopestack_async.jsonapi import (
    Page,
    Relationship,
    Resource,
    ResourceClient,
    ResourceIdentifier,
)


async def test_iterate_2500_with_include_fields_and_sort_yields_each_once_in_order(
    start: Start,
) -> None:
    api = FakeApi()
    api.seed(2500)
    transport = await start(api)
    projects = ResourceClient(transport, "projects")
    seen: list[Resource] = []
    async for project in projects.iterate(
        page_size=100,
        include=["client"],
        fields={"projects": ["project-name", "position"], "clients": ["name"]},
        sort=["-position"],
    ):
        seen.append(project)
    assert [p.id for p in seen] == [str(i) for i in range(2499, -1, -1)]
    assert len({p.id for p in seen}) == 2500
    assert all(set(p.attributes) == {"project-name", "position"} for p in seen)
    client = seen[0].related("client")
    assert isinstance(client, Resource)
    assert (client.id, dict(client.attributes)) == (str(2499 % 7), {"name": f"Client {2499 % 7}"})
    pages = [u for m, u in api.log if u.startswith(f"/{SLUG}/v1/projects")]
    assert len(pages) == 25
    assert transport.me_calls == 1
    first = yarl.URL(pages[0]).query
    assert first["include"] == "client"
    assert first["fields[projects]"] == "project-name,position"
    assert (first["sort"], first["page[size]"], first["page[number]"]) == ("-position", "100", "1")


async def test_list_returns_a_page_with_counts_filter_and_included(start: Start) -> None:
    api = FakeApi()
    api.seed(30)
    projects = ResourceClient(await start(api), "projects")
    page = await projects.list(
        page=2, page_size=5, filter={"status": ["won", "lost"]}, include=["client"], sort="position"
    )
    assert isinstance(page, Page)
    assert [p.attributes["position"] for p in page.data] == [8, 10, 11, 13, 14]
    assert (page.record_count, page.page_count) == (20, 4)
    assert {c.id for c in page.included} == {"0", "1", "3", "4", "6"}
    assert "page%5Bnumber%5D=3" in page.links["next"]
    sent = yarl.URL(api.log[-1][1]).query
    assert sent["filter[status]"] == "won,lost"


async def test_write_round_trip_create_get_update_delete(start: Start) -> None:
    api = FakeApi()
    clients = ResourceClient(await start(api), "clients")
    account = ResourceIdentifier("accounts", "123")
    new = await clients.create(
        {"name": "Acme", "msa-date": None}, relationships={"account": account}
    )
    assert new.type == "clients"
    assert new.attributes == {"name": "Acme", "msa-date": None}
    assert new.relationships["account"].data == account
    got = await clients.get(new.id)
    assert got == new
    updated = await clients.update(new.id, {"name": "Acme Corp"})
    assert updated.attributes == {"name": "Acme Corp", "msa-date": None}
    assert (await clients.get(new.id)).attributes["name"] == "Acme Corp"
    await clients.delete(new.id)
    with pytest.raises(NotFoundError, match="Check the id, the resource type and the account slug"):
        await clients.get(new.id)
    assert [m for m, _ in api.log if m != "GET"] == ["POST", "PATCH", "DELETE"]


async def test_update_sends_only_what_was_given(start: Start) -> None:
    bodies: list[dict[str, object]] = []
    api = FakeApi()
    api.seed(1)
    transport = await start(api)
    original = transport.request

    async def spy(method: str, url: object, **kwargs: object) -> object:
        if kwargs.get("json") is not None:
            bodies.append(kwargs["json"])  # type: ignore[arg-type]
        return await original(method, url, **kwargs)  # type: ignore[arg-type]

    transport.request = spy  # type: ignore[method-assign]
    await ResourceClient(transport, "projects").update("0", {"status": "won"})
    assert bodies == [{"data": {"type": "projects", "id": "0", "attributes": {"status": "won"}}}]


async def test_validation_error_lists_pointer_and_detail(start: Start) -> None:
    clients = ResourceClient(await start(FakeApi()), "clients")
    with pytest.raises(ValidationError) as caught:
        await clients.create({"name": ""})
    assert caught.value.status == 422
    assert "/data/attributes/name: name - can't be blank" in str(caught.value)
    assert "Fix the listed attributes" in str(caught.value)
    assert caught.value.errors[0]["source"] == {"pointer": "/data/attributes/name"}


async def test_permission_denied_on_write_says_what_to_do(start: Start) -> None:
    clients = ResourceClient(await start(FakeApi(forbidden=["clients"])), "clients")
    with pytest.raises(PermissionDeniedError) as caught:
        await clients.create({"name": "Acme"})
    message = str(caught.value)
    assert caught.value.status == 403
    assert "POST http://127.0.0.1" in message
    assert "/acme/v1/clients" in message
    assert "Forbidden: You are not allowed to modify clients." in message
    assert "lacks the privilege" in message


async def test_related_route_and_its_iteration(start: Start) -> None:
    api = FakeApi()
    api.seed(1)
    api.contacts["0"] = [
        {"type": "project-contacts", "id": str(i), "attributes": {"name": f"C{i}"}}
        for i in range(7)
    ]
    projects = ResourceClient(await start(api), "projects")
    page = await projects.related("0", "project-contacts", page_size=5)
    assert [c.id for c in page.data] == ["0", "1", "2", "3", "4"]
    assert page.page_count == 2
    every = [c.id async for c in projects.iterate_related("0", "project-contacts", page_size=3)]
    assert every == [str(i) for i in range(7)]
    assert (
        "GET",
        "/acme/v1/projects/0/project-contacts?page%5Bnumber%5D=1&page%5Bsize%5D=3",
    ) in api.log


async def test_fetch_related_follows_the_related_link_once_per_call(start: Start) -> None:
    api = FakeApi()
    api.seed(3)
    transport = await start(api)
    projects = ResourceClient(transport, "projects")
    related = str(transport.api_url.join(yarl.URL(f"/{SLUG}/v1/clients/0")))
    linked = Resource(
        "projects", "0", relationships={"client": Relationship(links={"related": related})}
    )
    fetched = await projects.fetch_related(linked, "client")
    assert isinstance(fetched, Resource)
    assert fetched.attributes["name"] == "Client 0"
    assert api.log == [("GET", f"/{SLUG}/v1/clients/0")]  # one request, no /v1/me needed
    unlinked = (await projects.list(page_size=1)).data[0]
    with pytest.raises(ResponseFormatError, match="no related link for 'client'"):
        await projects.fetch_related(unlinked, "client")


async def test_fetch_related_refuses_another_origin(start: Start) -> None:
    api = FakeApi()
    transport = await start(api)
    evil = Relationship(links={"related": "https://evil.example/acme/v1/clients/1"})
    foreign = Resource("projects", "1", relationships={"client": evil})
    with pytest.raises(ResponseFormatError, match="another origin"):
        await ResourceClient(transport, "projects").fetch_related(foreign, "client")
    assert api.log == []


@attrs.frozen
class Project:
    id: str
    project_name: str
    contract_revenue: Decimal
    custom_hours: bool
    status: str = "unknown"


async def test_model_client_structures_into_user_classes(start: Start) -> None:
    api = FakeApi()
    api.seed(4)
    projects = ResourceClient(await start(api), "projects", model=Project)
    got = await projects.get("3")
    assert got == Project("3", "Project 00003", Decimal("3.50"), False, "building")
    listed = [p async for p in projects.iterate(page_size=2)]
    assert [p.contract_revenue for p in listed] == [Decimal(f"{i}.50") for i in range(4)]
    assert repr(projects) == "ResourceClient('projects', model=Project)"


async def test_iterate_with_limit_stops_early_and_closes(start: Start) -> None:
    api = FakeApi()
    api.seed(50)
    projects = ResourceClient(await start(api), "projects")
    async with aclosing(projects.iterate(page_size=10, limit=15)) as items:
        ids = [p.id async for p in items]
    assert ids == [str(i) for i in range(15)]
    assert len([u for _, u in api.log if "/projects" in u]) == 2


@pytest.mark.parametrize("bad", ["", "a/b", "..", None])
async def test_bad_ids_are_refused_before_any_request(start: Start, bad: object) -> None:
    api = FakeApi()
    projects = ResourceClient(await start(api), "projects")
    with pytest.raises(ConfigurationError, match="non-empty string without '/'"):
        await projects.get(bad)  # type: ignore[arg-type]
    assert [u for _, u in api.log if "/projects" in u] == []
