"""Upserts of the types main's sandbox does not serve yet, against a recording fake server:
sales executives, products, CRM opportunities, project contacts and locations, surveys."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
import pytest_asyncio
from resources_fake import Fake, serve

import scopestack_async as ss
from scopestack_async.resources import VariableError


@pytest.fixture
def fake() -> Fake:
    return Fake()


@pytest_asyncio.fixture
async def session(fake: Fake) -> AsyncIterator[ss.ScopeStackSession]:
    async with serve(fake) as s:
        yield s


async def test_sales_executives_by_email_then_name_with_the_account(
    fake: Fake, session: ss.ScopeStackSession
) -> None:
    sam = fake.add("sales-executives", {"name": "Sam Seller", "email": "sam@acme.example"})
    made = await session.sales_executives.upsert({"name": "Nia New", "email": "nia@acme.example"})
    assert made.action == "created"
    ((_, _, body),) = fake.writes("POST")
    assert body["data"]["relationships"]["account"] == {"data": {"type": "accounts", "id": "1"}}
    by_email = await session.sales_executives.upsert(
        {"name": "Samuel Seller", "email": "SAM@acme.example"}
    )
    assert (by_email.action, by_email.matched_by) == ("updated", "email")
    assert by_email.model is not None
    assert by_email.model.id == sam
    by_name = await session.sales_executives.upsert({"name": "samuel seller", "title": "VP"})
    assert (by_name.matched_by, by_name.changes) == ("name", {"title": "VP"})


async def test_products_by_sku_then_product_id_then_mpn_then_name(
    fake: Fake, session: ss.ScopeStackSession
) -> None:
    a = fake.add("products", {"name": "Switch", "sku": "SW-1", "product-id": "P1"})
    b = fake.add("products", {"name": "Router", "manufacturer-part-number": "MPN-9"})
    up = await session.products.upsert({"sku": "SW-1", "name": "Switch 48", "unit_price": "99.5"})
    assert (up.matched_by, up.model.id if up.model else None) == ("sku", a)
    assert up.changes == {"name": "Switch 48", "unit-price": "99.5"}
    up = await session.products.upsert({"manufacturer_part_number": "MPN-9", "name": "Router"})
    assert (up.action, up.matched_by, up.model.id if up.model else None) == (
        "unchanged",
        "manufacturer-part-number",
        b,
    )
    fake.add("products", {"name": "Cable"})
    fake.add("products", {"name": "cable"})
    with pytest.raises(ss.AmbiguousMatchError, match="2 products match name 'Cable'"):
        await session.products.upsert({"name": "Cable"})
    product = await session.products.get(a)
    assert product.unit_price == Decimal("99.5")


async def test_crm_opportunities_open_first_and_custom_attributes_merged(
    fake: Fake, session: ss.ScopeStackSession
) -> None:
    closed = fake.add("crm-opportunities", {"opportunity-id": "006A", "is-closed": True})
    open_ = fake.add(
        "crm-opportunities",
        {
            "opportunity-id": "006A",
            "is-closed": False,
            "custom-attributes": [{"key": "a", "val": 1}],
        },
    )
    up = await session.crm_opportunities.upsert(
        {"opportunity_id": "006A", "name": "Renewal", "custom_attributes": [{"key": "b", "val": 2}]}
    )
    assert up.model is not None
    assert up.model.id == open_
    assert up.model.custom_attributes == [{"key": "a", "val": 1}, {"key": "b", "val": 2}]
    fake.store["crm-opportunities"][open_]["attributes"]["is-closed"] = True
    with pytest.raises(ss.AmbiguousMatchError) as info:
        await session.crm_opportunities.upsert({"opportunity_id": "006A"})
    assert {m[1] for m in info.value.matches} == {open_, closed}
    new = await session.crm_opportunities.upsert(
        {"opportunity_id": "006B", "name": "New", "amount": Decimal("10000.00")}
    )
    assert new.action == "created"
    assert fake.writes("POST")[-1][2]["data"]["attributes"]["amount"] == "10000.00"


async def test_contacts_and_locations_upsert_by_name_within_a_project(
    fake: Fake, session: ss.ScopeStackSession
) -> None:
    p1, p2 = (
        fake.add("projects", {"project-name": "One"}),
        fake.add("projects", {"project-name": "Two"}),
    )
    fake.add("project-contacts", {"name": "Jo Buyer"}, project=p2)
    first = await session.project_contacts.upsert(
        {"name": "Jo Buyer", "email": "jo@client.example", "contact_type": "customer_contact"},
        within=p1,
    )
    assert first.action == "created"  # the namesake in project Two is not a match
    assert fake.writes("POST")[-1][2]["data"]["relationships"]["project"]["data"]["id"] == p1
    writes = len(fake.writes())
    again = await session.project_contacts.upsert(
        {"name": "jo buyer", "email": "jo@client.example", "contact_type": "customer_contact"},
        within=p1,
    )
    assert again.action == "unchanged"
    assert len(fake.writes()) == writes
    loc = await session.project_locations.upsert(
        {"name": "HQ", "city": "Leeds", "remote": False}, within=p1
    )
    moved = await session.project_locations.upsert({"name": "hq", "city": "York"}, within=p1)
    assert (moved.action, moved.changes) == ("updated", {"city": "York"})
    assert moved.model is not None
    assert loc.model is not None
    assert moved.model.id == loc.model.id
    patch = fake.writes("PATCH")[-1][2]["data"]
    assert patch["attributes"] == {"city": "York"}  # only what changed
    assert "relationships" not in patch


async def test_surveys_calculate_as_a_job(fake: Fake, session: ss.ScopeStackSession) -> None:
    sid = fake.add("surveys", {"name": "Site survey", "status": "completed"})
    done = await session.surveys.calculate(sid, timeout=5)
    assert done.status == "calculated"
    assert ("PUT", f"/acme/v1/surveys/{sid}/calculate", None) in fake.log
    fake.store["surveys"][sid]["attributes"]["next-status"] = "error"
    with pytest.raises(ss.JobFailedError, match="apply failed"):
        await session.surveys.apply(sid, timeout=5)


async def test_matching_on_too_many_candidates_is_refused_not_truncated(
    fake: Fake, session: ss.ScopeStackSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scopestack_async.resources import client

    monkeypatch.setattr(client, "_SCAN_LIMIT", 2)
    project = fake.add("projects", {"project-name": "Big"})
    for name in ("A", "B", "C"):
        fake.add("project-contacts", {"name": name}, project=project)
    with pytest.raises(ss.ConfigurationError, match="more than 2 candidates"):
        await session.project_contacts.upsert({"name": "D"}, within=project)
    assert fake.writes() == []


async def test_changes_are_right_when_the_server_ignores_the_date_filter_and_the_sort(
    fake: Fake, session: ss.ScopeStackSession
) -> None:
    stamps = ["2024-05-03T10:00:00Z", "2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z"] * 5
    ids = [
        fake.add("projects", {"updated-at": s, "project-name": f"P{i}"})
        for i, s in enumerate(stamps)
    ]
    since = dt.datetime(2024, 5, 1, 12, tzinfo=dt.timezone.utc)
    feed = session.projects.changes(since=since, page_size=4)  # 4 pages, unsorted
    got = [p.id async for p in feed]
    expected = [i for i, s in zip(ids, stamps, strict=True) if s > "2024-05-01T12"]
    assert got == expected  # in server order, each once, older ones dropped here
    assert not feed.server_filter_refused
    asked = [url for method, url, _ in fake.log if "/projects" in url]
    assert all("filter%5Bupdated-at%5D%5Bafter%5D=2024-05-01T11:59:59" in url for url in asked)
    assert feed.watermark.at == dt.datetime(2024, 5, 3, 10, tzinfo=dt.timezone.utc)
    assert len(feed.watermark.seen) == 5  # five projects share the newest timestamp
    assert [p.id async for p in session.projects.changes(since=feed.watermark)] == []


async def test_create_or_update_project_with_people_variables_and_a_location(
    fake: Fake, session: ss.ScopeStackSession
) -> None:
    fake.add("payment-terms", {"name": "Net 30", "default": True})
    engineer = fake.add("presales-engineers", {"name": "Pat", "email": "pat@acme.example"})
    fake.add(
        "project-variables",
        {"name": "seats", "variable-context": "project", "variable-type": "number", "maximum": "9"},
    )
    saved = await session.projects.create_or_update(
        project_name="Core",
        client={"name": "Initech", "domain": "initech.example"},
        sales_executive={"name": "Sam", "email": "sam@acme.example"},
        presales_engineer={"email": "PAT@acme.example"},
        variables={"seats": "4"},
        location={"name": "HQ", "city": "Leeds"},
    )
    assert saved.action == "created"
    assert saved.sales_executive is not None
    assert saved.sales_executive.action == "created"
    assert saved.location is not None
    assert saved.location.action == "created"
    posts = {url.split("/")[-1]: body["data"] for method, url, body in fake.writes("POST")}
    project = posts["projects"]
    assert project["attributes"]["project-variables"] == [{"name": "seats", "value": 4}]
    rels = {name: value["data"]["id"] for name, value in project["relationships"].items()}
    assert rels["presales-engineer"] == engineer
    assert set(rels) == {
        "account", "client", "sales-executive", "presales-engineer", "payment-term",
    }  # fmt: skip
    assert posts["project-locations"]["relationships"]["project"]["data"]["id"] == saved.project.id
    with pytest.raises(VariableError, match="outside its maximum 9"):
        await session.projects.create_or_update(id=saved.project.id, variables={"seats": 12})
    assert len(fake.writes("PATCH")) == 0  # refused before anything was sent
