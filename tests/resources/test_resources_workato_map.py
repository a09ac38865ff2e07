"""Every SDK call of docs/workato-map.md that the other tests do not already make, against the
sandbox: each answers, typed, with the seeded data (so the map cannot drift from the API)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import scopestack_async as ss
from scopestack_async.resources import DateRange
from scopestack_async.resources.base import TypedModel
from scopestack_async.resources.models import StandardResource

Call = Callable[[ss.ScopeStackSession, dict[str, Any]], Awaitable[Any]]


async def _all(it: Any) -> list[Any]:
    return [x async for x in it]


async def _context(s: ss.ScopeStackSession) -> dict[str, Any]:
    project = (await s.projects.list(page_size=1, include=["crm-opportunity"])).data[0]
    sub = (await s.project_subservices.list(page_size=1, include=["project-service"])).data[0]
    return {
        "project": project,
        "service": sub.project_service,
        "vendor": (await s.vendors.list(page_size=1)).data[0],
        "seller": (await s.sales_executives.list(page_size=1)).data[0],
        "engineer": (await s.presales_engineers.list(page_size=1)).data[0],
        "location": (await s.project_locations.list(page_size=1)).data[0],
        "template": (await s.document_templates.list(page_size=1)).data[0],
        "resource": (await s.resources.list(page_size=1)).data[0],
        "governance": (await s.project_governances.list(page_size=1)).data[0],
        "opportunity": (await s.crm_opportunities.list(page_size=1)).data[0],
    }


CALLS: dict[str, Call] = {
    "list_clients": lambda s, c: _all(s.clients.iterate(where={"active": True}, include=["account", "rate-table", "contacts"])),
    "find_sales_executive": lambda s, c: s.sales_executives.find_one(email=c["seller"].email),
    "get_presales_engineer": lambda s, c: s.presales_engineers.find_one(email=c["engineer"].email),
    "get_vendor": lambda s, c: s.vendors.find_one(name=c["vendor"].name),
    "list_vendors": lambda s, c: _all(s.vendors.iterate(where={"active": True})),
    "list_products": lambda s, c: _all(s.products.iterate(where={"category": "Network", "active": True})),
    "list_crm_opportunities": lambda s, c: _all(s.crm_opportunities.iterate(where={"is_closed": False})),
    "list_projects_by_crm_opportunity": lambda s, c: s.crm_opportunities.related(c["opportunity"], "projects"),
    "get_project": lambda s, c: s.projects.get(c["project"].id, include=["client", "sales-executive", "project-phases"]),
    "list_projects": lambda s, c: _all(s.projects.iterate(where={"active": [True, False], "updated_at": DateRange(after=dt.date(2024, 6, 1))})),
    "get_service_location": lambda s, c: s.project_locations.get(c["location"].id, include=["project"]),
    "list_project_service_locations": lambda s, c: _all(s.project_locations.iterate(where={"project": c["project"]})),
    "list_project_contacts": lambda s, c: s.projects.related(c["project"], "project-contacts"),
    "get_document_template": lambda s, c: s.document_templates.find_one(name=c["template"].name),
    "list_project_phases": lambda s, c: _all(s.project_phases.iterate(where={"project": c["project"], "active": True}, sort="position")),
    "list_project_subservices": lambda s, c: _all(s.project_subservices.iterate(where={"project_service": c["service"]})),
    "list_project_resources": lambda s, c: _all(s.project_resources.iterate(where={"project": c["project"]})),
    "list_resources": lambda s, c: _all(s.resources.iterate(where={"active": True}, include=["account"])),
    "get_resource": lambda s, c: s.resources.get(c["resource"].id, include=["account"]),
    "list_project_governances": lambda s, c: _all(s.project_governances.iterate(where={"project": c["governance"].project}, include=["project-resource", "resource"])),
    "get_project_governance": lambda s, c: s.project_governances.get(c["governance"].id, include=["project-phase"]),
    "project_approval_notifications": lambda s, c: _all(s.project_approvals.changes(since=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), include=["project", "user"])),
    "project_crm_opportunity_changes": lambda s, c: _all(s.projects.changes(since=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), include=["crm-opportunity"])),
}  # fmt: skip


@pytest.mark.parametrize("action", sorted(CALLS))
async def test_the_mapped_call_answers_with_typed_seeded_data(
    session: ss.ScopeStackSession, action: str
) -> None:
    context = await _context(session)
    result = await CALLS[action](session, context)
    items = result.data if isinstance(result, ss.Page) else result
    items = items if isinstance(items, list) else [items]
    assert items, f"{action} found nothing in the seeded sandbox"
    assert all(isinstance(item, TypedModel) for item in items)


async def test_vendor_upsert_and_crm_delete(session: ss.ScopeStackSession) -> None:
    made = await session.vendors.upsert({"name": "Typed Vendor", "city": "Leeds"})
    again = await session.vendors.upsert({"name": "typed vendor", "city": "Leeds"})
    assert (made.action, again.action) == ("created", "unchanged")
    opportunity = (await session.crm_opportunities.list(page_size=1)).data[0]
    found = await session.crm_opportunities.find_one(opportunity_id=opportunity.opportunity_id)
    await session.crm_opportunities.delete(found)
    with pytest.raises(ss.NotFoundError):
        await session.crm_opportunities.get(found.id)


async def test_standard_resources_of_a_project_are_embedded_and_typed(
    session: ss.ScopeStackSession,
) -> None:
    project = (await session.projects.list(page_size=1)).data[0]
    resources = [r async for r in session.project_resources.iterate(where={"project": project})]
    assert resources
    assert all(isinstance(r.resource, StandardResource) for r in resources)
    assert all(isinstance(r.resource.resource_id, int) for r in resources if r.resource)
