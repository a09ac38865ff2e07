"""The common operations on the types the sandbox catalogue serves (people, catalog, CRM,
project parts, variables, surveys), against the sandbox."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

import scopestack_async as ss
from scopestack_async.resources import VariableError, read_value
from scopestack_async.resources.models import ProjectPhase, ProjectResource
from scopestack_async.sandbox import Sandbox


async def test_sales_executive_upsert_by_email_then_name(session: ss.ScopeStackSession) -> None:
    known = (await session.sales_executives.list(page_size=1)).data[0]
    assert known.email is not None
    same = await session.sales_executives.upsert({"email": known.email.upper(), "name": known.name})
    assert (same.action, same.matched_by) == ("unchanged", "email")
    made = await session.sales_executives.upsert({"name": "Nia New", "email": "nia@acme.example"})
    assert made.action == "created"
    assert made.model is not None
    again = await session.sales_executives.get(made.model.id, include=["account"])
    assert again.account is not None
    assert again.account.id == str((await session.me()).account_id)


async def test_product_upsert_by_sku_is_idempotent(session: ss.ScopeStackSession) -> None:
    product = (await session.products.list(page_size=1)).data[0]
    up = await session.products.upsert(
        {"sku": product.sku, "name": product.name, "unit_price": Decimal("199.5")}
    )
    assert (up.action, up.matched_by, up.changes) == ("updated", "sku", {"unit-price": "199.5"})
    again = await session.products.upsert(
        {"sku": product.sku, "name": product.name, "unit_price": Decimal("199.50")}
    )
    assert again.action == "unchanged"


async def test_crm_opportunity_upsert_prefers_the_open_one(session: ss.ScopeStackSession) -> None:
    opened = await session.crm_opportunities.create(
        {"opportunity_id": "006TYPED", "name": "Open", "is_closed": False, "account_name": "A"}
    )
    await session.crm_opportunities.create(
        {"opportunity_id": "006TYPED", "name": "Closed", "is_closed": True, "account_name": "A"}
    )
    up = await session.crm_opportunities.upsert(
        {"opportunity_id": "006TYPED", "stage": "Negotiation"}
    )
    assert up.model is not None
    assert (up.model.id, up.model.stage) == (opened.id, "Negotiation")
    projects = await session.crm_opportunities.related(up.model, "projects")
    assert projects.data == []


async def test_contacts_and_locations_upsert_within_their_project(
    session: ss.ScopeStackSession,
) -> None:
    project = (await session.projects.list(page_size=1)).data[0]
    made = await session.project_locations.upsert(
        {"name": "Typed site", "street": "1 Main St", "city": "Leeds", "state": "WY",
         "postal_code": "12345"}, within=project)  # fmt: skip
    assert made.action == "created"
    again = await session.project_locations.upsert(
        {"name": "typed SITE", "city": "York"}, within=project
    )
    assert (again.action, again.changes) == ("updated", {"city": "York"})
    contact = await session.project_contacts.upsert(
        {"name": "Jo Typed", "email": "jo@typed.example", "contact_type": "customer_contact"},
        within=project,
    )
    assert contact.action == "created"
    listed = await session.projects.related(project, "project-contacts")
    assert contact.model is not None
    assert contact.model.id in {c.id for c in listed.data}


async def test_variables_are_typed_from_the_sandbox_definitions(
    session: ss.ScopeStackSession,
) -> None:
    names = {d.name for d in await session.project_variables.definitions("project")}
    assert {"po_number", "seats"} <= names
    with pytest.raises(VariableError, match="colour is not a variable"):
        await session.project_variables.encode("project", {"colour": "red"})
    client = (await session.clients.list(page_size=1)).data[0]
    saved = await session.projects.create_or_update(
        project_name="Typed variables", client=client, variables={"po_number": "PO-1", "seats": 12}
    )
    project = await session.projects.get(saved.project.id)
    assert read_value(project.project_variables, "po_number") == "PO-1"
    assert read_value(project.project_variables, "seats") == Decimal(12)


async def test_services_of_a_project_with_phases_and_resources_in_one_request(
    sb: Sandbox, session: ss.ScopeStackSession
) -> None:
    project = (await session.projects.list(page_size=1)).data[0]
    before = sb.stats.api_total
    groups = await session.project_services.of_project(project)
    assert sb.stats.api_total - before == 1
    assert groups
    assert all(isinstance(g.phase, ProjectPhase) for g in groups)
    positions = [g.phase.position for g in groups if isinstance(g.phase, ProjectPhase)]
    assert positions == sorted(positions)
    for group in groups:
        for service in group.services:
            assert isinstance(service.project_resource, ProjectResource | type(None))


@pytest.mark.parametrize("date_filters", ["apply", "day", "ignore", "refuse"])
async def test_changes_are_the_same_whatever_the_server_does_with_the_date_filter(
    sb: Sandbox, session: ss.ScopeStackSession, date_filters: str
) -> None:
    sb.config = attrs.evolve(sb.config, date_filters=date_filters)
    every = [p async for p in session.projects.iterate()]
    stamps = sorted({p.updated_at for p in every if p.updated_at})
    since = stamps[len(stamps) // 3]  # mid-day timestamps: "day" filtering over-returns
    expected = {p.id for p in every if p.updated_at and p.updated_at > since}
    feed = session.projects.changes(since=since, page_size=5)
    got = [p.id async for p in feed]
    assert sorted(got) == sorted(expected)  # each once
    assert feed.server_filter_refused == (date_filters == "refuse")
    assert [p async for p in session.projects.changes(since=feed.watermark)] == []


async def test_survey_calculate_and_apply_are_jobs(session: ss.ScopeStackSession) -> None:
    survey = (await session.surveys.list(page_size=1)).data[0]
    done = await session.surveys.calculate(survey, timeout=30, interval=0.05)
    assert done.status == "calculated"
    assert done.calculations
    applied = await session.surveys.apply(done, timeout=30, interval=0.05)
    assert applied.status == "applied"
    assert applied.recommendations
