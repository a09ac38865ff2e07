"""Every action and trigger of ScopeStack's Workato connector, walked against the sandbox.

One function per entry of the reference map (../shared/reference/workato-connector-map.md
§2-§3), performing the calls listed there with plain aiohttp, in the connector's order,
with its filter names, includes and bodies, and checking what the connector reads back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import attrs
import orjson
import pytest

from scopestack_async.sandbox import Sandbox

JSONAPI = "application/vnd.api+json"


class Walk:
    """The connector's view: a token, the account from /v1/me, and its request helpers."""

    def __init__(self, sb: Sandbox, http: aiohttp.ClientSession, token: str) -> None:
        self.sb, self.http, self.token = sb, http, token
        self.slug = ""
        self.account_id = 0
        self.calls = 0

    def url(self, path: str) -> str:
        if path.startswith("http"):
            return path
        if path.startswith("/"):
            return f"{self.sb.api_url}{path}"
        return f"{self.sb.api_url}/{self.slug}/v1/{path}"

    async def call(
        self, method: str, path: str, body: Any = None, expect: int = 200, **params: str
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": JSONAPI}
        data = None
        if body is not None:
            headers["Content-Type"] = JSONAPI  # the connector sets it on writes itself
            data = orjson.dumps(body)
        self.calls += 1
        async with self.http.request(
            method, self.url(path), headers=headers, params=params or None, data=data
        ) as resp:
            raw = await resp.read()
            assert resp.status == expect, (method, path, params, raw[:400])
            return orjson.loads(raw) if raw else None

    async def get(self, path: str, **params: str) -> Any:
        return await self.call("GET", path, **params)

    async def pages(self, path: str, **params: str) -> list[dict[str, Any]]:
        """page[number] until meta.page-count, as nine list actions do."""
        rows: list[dict[str, Any]] = []
        for number in range(1, 1000):
            doc = await self.get(path, **params, **{"page[number]": str(number)})
            rows.extend(doc["data"])
            if number >= doc["meta"]["page-count"]:
                return rows
        raise AssertionError("more than 1000 pages")

    def account(self, as_number: bool = False) -> dict[str, Any]:
        return {
            "data": {
                "type": "accounts",
                "id": self.account_id if as_number else str(self.account_id),
            }
        }


Step = Callable[[Walk], Awaitable[None]]
ACTIONS: dict[str, Step] = {}
TRIGGERS: dict[str, Step] = {}


def action(fn: Step) -> Step:
    ACTIONS[fn.__name__] = fn
    return fn


def trigger(fn: Step) -> Step:
    TRIGGERS[fn.__name__] = fn
    return fn


def doc(type_: str, attributes: dict[str, Any], id_: str | None = None, **rels: Any) -> Any:
    data: dict[str, Any] = {"type": type_, "attributes": attributes}
    if id_ is not None:
        data["id"] = id_
    if rels:
        data["relationships"] = {k.replace("_", "-"): v for k, v in rels.items()}
    return {"data": data}


def ident(type_: str, id_: Any) -> dict[str, Any]:
    return {"data": {"type": type_, "id": str(id_)}}


async def variables(w: Walk, context: str) -> dict[str, dict[str, Any]]:
    got = await w.get("project-variables", **{"filter[variable-context]": context})
    defs = {d["attributes"]["name"]: d["attributes"] for d in got["data"]}
    assert defs, context
    assert {d["variable-context"] for d in defs.values()} <= set(context.split(","))
    return defs


# -- 3.1 account, users, people --------------------------------------------------------------


@action
async def get_current_user(w: Walk) -> None:
    me = await w.get("/v1/me")
    assert me["data"]["type"] == "mes"
    assert isinstance(me["data"]["attributes"]["account-id"], int)


@action
async def create_or_update_sales_executive(w: Walk) -> None:
    email = "new.seller@acme.example"
    assert (await w.get("sales-executives", **{"filter[email]": email}))["data"] == []
    users = await w.get("users", **{"filter[email]": "viewer@acme.example"})
    assert len(users["data"]) == 1  # a user has that email: the connector refuses
    assert (await w.get("users", **{"filter[email]": email}))["data"] == []
    assert (await w.get("sales-executives", **{"filter[name]": "New Seller"}))["data"] == []
    body = doc(
        "sales-executives",
        {"name": "New Seller", "email": email, "title": "AE"},
        account=w.account(),
    )
    created = (await w.call("POST", "sales-executives", body, 201))["data"]
    found = (await w.get("sales-executives", **{"filter[email]": email}))["data"]
    assert [f["id"] for f in found] == [created["id"]]
    await w.get(f"sales-executives/{created['id']}")
    patch = doc("sales-executives", {"phone": "+1 555 0100"}, created["id"])
    updated = await w.call("PATCH", f"sales-executives/{created['id']}", patch)
    assert updated["data"]["attributes"]["phone"] == "+1 555 0100"
    assert updated["data"]["attributes"]["name"] == "New Seller"


@action
async def find_sales_executive(w: Walk) -> None:
    first = (await w.get("sales-executives", **{"page[size]": "1"}))["data"][0]["attributes"]
    got = await w.get(
        "sales-executives", **{"filter[name]": first["name"], "filter[email]": first["email"]}
    )
    assert len(got["data"]) == 1


@action
async def get_presales_engineer(w: Walk) -> None:
    first = (await w.get("presales-engineers", **{"page[size]": "1"}))["data"][0]
    await w.get(f"presales-engineers/{first['id']}")
    got = await w.get("presales-engineers", **{"filter[email]": first["attributes"]["email"]})
    assert got["data"][0]["id"] == first["id"]


# -- 3.2 clients -------------------------------------------------------------------------------


@action
async def get_client(w: Walk) -> None:
    await w.get("clients/1")
    got = await w.get("clients", **{"filter[name]": "hooli", "filter[domain]": "client3.example"})
    assert [c["attributes"]["name"] for c in got["data"]] == ["Hooli 3"]


@action
async def create_or_update_client(w: Walk) -> None:
    defs = await variables(w, "client")
    assert defs["industry"]["variable-type"] == "select"
    both = {"filter[active]": "true,false"}
    assert (await w.get("clients", **{"filter[domain]": "northwind.example", **both}))["data"] == []
    assert (await w.get("clients", **{"filter[name]": "Northwind", **both}))["data"] == []
    assert (await w.get("clients", **{"filter[name]": "Northwind", **both}))["data"] == []
    udf = [{"name": "industry", "value": "retail"}, {"name": "employee_count", "value": 120}]
    body = doc(
        "clients",
        {
            "name": "Northwind",
            "domain": "northwind.example",
            "msa-date": "2025-02-01",
            "user-defined-fields": udf,
        },
    )
    created = (await w.call("POST", "clients", body, 201))["data"]
    values = {v["name"]: v["value"] for v in created["attributes"]["user-defined-fields"]}
    assert values == {"industry": "retail", "employee_count": "120"}
    match = await w.get("clients", **{"filter[domain]": "northwind.example", **both})
    assert [c["id"] for c in match["data"]] == [created["id"]]
    await w.get(f"clients/{created['id']}")
    patch = doc("clients", {"msa-date": "2025-03-01"}, created["id"])
    assert (await w.call("PATCH", f"clients/{created['id']}", patch))["data"]["attributes"][
        "msa-date"
    ] == "2025-03-01"


@action
async def update_client_active_status(w: Walk) -> None:
    await w.get("clients/2")
    done = await w.call("PATCH", "clients/2", doc("clients", {"active": False}, "2"))
    assert done["data"]["attributes"]["active"] is False


@action
async def list_clients(w: Walk) -> None:
    rows = await w.pages(
        "clients",
        include="account,rate-table,contacts",
        **{"page[size]": "100", "filter[name]": "o", "filter[active]": "true"},
    )
    assert rows
    assert all(r["attributes"]["active"] and "o" in r["attributes"]["name"].lower() for r in rows)
    assert all(len(r["relationships"]["contacts"]["data"]) == 2 for r in rows)


# -- 3.3 vendors and products --------------------------------------------------------------------


@action
async def get_vendor(w: Walk) -> None:
    await w.get("vendors/1")
    got = await w.get("vendors", **{"filter[name]": "Cisco"})
    assert [v["attributes"]["name"] for v in got["data"]] == ["Cisco"]


@action
async def list_vendors(w: Walk) -> None:
    rows = await w.pages(
        "vendors", **{"filter[active]": "true", "filter[name]": "a", "page[size]": "100"}
    )
    assert rows
    assert all(r["attributes"]["active"] for r in rows)


@action
async def create_or_update_vendor(w: Walk) -> None:
    assert (await w.get("vendors", **{"filter[name]": "Tailspin Toys"}))["data"] == []
    body = doc(
        "vendors",
        {
            "name": "Tailspin Toys",
            "street-address": "1 Air Rd",
            "street2": "",
            "city": "Austin",
            "state": "TX",
            "postal-code": "78701",
            "country": "US",
            "active": True,
        },
        account=w.account(as_number=True),
    )
    created = (await w.call("POST", "vendors", body, 201))["data"]
    found = (await w.get("vendors", **{"filter[name]": "Tailspin Toys"}))["data"]
    assert [f["id"] for f in found] == [created["id"]]
    await w.get(f"vendors/{created['id']}")
    await w.call(
        "PATCH", f"vendors/{created['id']}", doc("vendors", {"city": "Dallas"}, created["id"])
    )


@action
async def list_products(w: Walk) -> None:
    filters = {
        "filter[name]": "switch",
        "filter[category]": "Network",
        "filter[subcategory]": "Access",
        "filter[manufacturer-name]": "Cisco",
        "filter[vendor-name]": "Cisco",
        "filter[active]": "true",
    }
    rows = await w.pages("products", **filters, **{"page[size]": "100"})
    assert rows
    sku = rows[0]["attributes"]["sku"]
    for key in ("sku", "product-id", "manufacturer-part-number"):
        value = rows[0]["attributes"][key]
        got = await w.pages("products", **{f"filter[{key}]": value, "page[size]": "100"})
        assert [r["attributes"]["sku"] for r in got] == [sku]


@action
async def create_or_update_product(w: Walk) -> None:
    await variables(w, "product")
    assert (await w.get("products", **{"filter[sku]": "SKU-NEW-1"}))["data"] == []
    attributes = {
        "name": "Edge router",
        "description": "",
        "sku": "SKU-NEW-1",
        "product-id": "",
        "manufacturer-part-number": "MPN-NEW",
        "unit-of-measure": "each",
        "category": "Network",
        "subcategory": "Edge",
        "billing-frequency": "one_time",
        "unit-price": "1200.0",
        "unit-cost": "800.0",
        "list-price": "",
        "markup": "",
        "vendor-discount": "",
        "vendor-rebate": "",
        "active": True,
        "project-variables": [{"name": "warranty_years", "value": 3}],
    }
    created = (
        await w.call("POST", "products", doc("products", attributes, account=w.account()), 201)
    )["data"]
    assert created["attributes"]["list-price"] is None  # "" clears a decimal, as Rails casts it
    found = (await w.get("products", **{"filter[sku]": "SKU-NEW-1"}))["data"]
    assert [f["id"] for f in found] == [created["id"]]
    await w.get(f"products/{created['id']}")
    patch = {
        "unit-price": "",
        "unit-cost": "",
        "list-price": "1500.0",
        "markup": "10.0",
        "vendor-discount": "0.0",
        "vendor-rebate": "0.0",
    }
    done = await w.call("PATCH", f"products/{created['id']}", doc("products", patch, created["id"]))
    assert (done["data"]["attributes"]["list-price"], done["data"]["attributes"]["unit-price"]) == (
        "1500.0",
        None,
    )


# -- 3.4 CRM opportunities --------------------------------------------------------------------------


@action
async def create_or_update_crm_opportunity(w: Walk) -> None:
    await variables(w, "crm_opportunity")
    foreign = "006NEW0000001"
    for closed in ("false", "true"):
        got = await w.get(
            "crm-opportunities", **{"filter[opportunity-id]": foreign, "filter[is-closed]": closed}
        )
        assert got["data"] == []
    attributes = {
        "opportunity-id": foreign,
        "name": "Core refresh",
        "display-name": "Northwind / Core refresh / 006NEW0000001",
        "amount": "25000.0",
        "stage": "Proposal",
        "is-closed": False,
        "owner-id": "005X",
        "owner-name": "Owner",
        "account-id": "001X",
        "account-name": "Northwind",
        "custom-attributes": [{"key": "lead", "val": "web"}],
    }
    created = (
        await w.call(
            "POST",
            "crm-opportunities",
            doc("crm-opportunities", attributes, account=w.account()),
            201,
        )
    )["data"]
    again = await w.get(
        "crm-opportunities", **{"filter[opportunity-id]": foreign, "filter[is-closed]": "false"}
    )
    existing = again["data"][0]
    assert existing["id"] == created["id"]
    patch = doc(
        "crm-opportunities",
        {
            "stage": "Negotiation",
            "custom-attributes": [{"key": "lead", "val": "web"}, {"key": "q", "val": "3"}],
        },
        existing["id"],
        account=w.account(),
    )
    done = await w.call("PATCH", f"crm-opportunities/{existing['id']}", patch)
    assert done["data"]["attributes"]["stage"] == "Negotiation"


@action
async def list_crm_opportunities(w: Walk) -> None:
    got = await w.get(
        "crm-opportunities", **{"filter[is-closed]": "false", "filter[display-name]": "opportunity"}
    )
    assert got["data"]
    assert all(not o["attributes"]["is-closed"] for o in got["data"])
    one = got["data"][0]["attributes"]["opportunity-id"]
    assert len((await w.get("crm-opportunities", **{"filter[opportunity-id]": one}))["data"]) == 1


@action
async def delete_crm_opportunity(w: Walk) -> None:
    target = (await w.get("crm-opportunities", **{"page[size]": "1"}))["data"][0]
    foreign = target["attributes"]["opportunity-id"]
    for match in (await w.get("crm-opportunities", **{"filter[opportunity-id]": foreign}))["data"]:
        await w.call("DELETE", f"crm-opportunities/{match['id']}", expect=204)
    assert (await w.get("crm-opportunities", **{"filter[opportunity-id]": foreign}))["data"] == []


@action
async def list_projects_by_crm_opportunity(w: Walk) -> None:
    opp = (await w.get("crm-opportunities", **{"page[size]": "1", "page[number]": "2"}))["data"][0]
    found = await w.get(
        "crm-opportunities", **{"filter[opportunity-id]": opp["attributes"]["opportunity-id"]}
    )
    projects = await w.get(f"crm-opportunities/{found['data'][0]['id']}/projects")
    assert projects["data"]
    for p in projects["data"]:
        link = await w.get(f"projects/{p['id']}/relationships/crm-opportunity")
        assert link["data"]["id"] == opp["id"]


# -- 3.5 projects ------------------------------------------------------------------------------------

PROJECT_INCLUDES = (
    "account,business-unit,client,creator,sales-executive,presales-engineer,psa-project,"
    "project-phases,project-versions,project-resources,resource-plans,resource-rates,"
    "payment-term,rate-table,project-credits,project-expenses,pricing-adjustments,"
    "document-template,project-documents,project-attachments,project-collaborators,"
    "project-contacts,project-conditions,project-governances,project-locations,"
    "project-products,project-services,external-request,crm-opportunity,approval-steps,"
    "customer-successes,notes,quotes,audit-logs,partner-requests"
)


@action
async def create_or_update_project(w: Walk) -> None:
    clients = await w.get("clients", **{"filter[name]": "Umbrella"})
    client_id = clients["data"][0]["id"]
    defs = await variables(w, "project,service_location")
    seller = await w.get("sales-executives", **{"filter[name]": "Dana", "filter[active]": "true"})
    seller = (
        seller if seller["data"] else await w.get("sales-executives", **{"filter[active]": "true"})
    )
    engineer = (await w.get("presales-engineers", **{"page[size]": "1"}))["data"][0]
    by_email = await w.get(
        "presales-engineers", **{"filter[email]": engineer["attributes"]["email"]}
    )
    terms = await w.get("payment-terms")
    default = next(t for t in terms["data"] if t["attributes"]["default"])
    region_key = next(o for o in defs["region"]["select-options"] if o["key"] == "EMEA")
    body = doc(
        "projects",
        {
            "project-name": "Core refresh",
            "msa-date": "2025-02-01",
            "tag-list": ["network", "q3"],
            "project-variables": [
                {"name": "po_number", "value": "PO-88"},
                {"name": "region", "value": region_key["value"]},
                {"name": "seats", "value": 40},
            ],
        },
        account=w.account(),
        client=ident("clients", client_id),
        sales_executive=ident("sales-executives", seller["data"][0]["id"]),
        presales_engineer=ident("presales-engineers", by_email["data"][0]["id"]),
        payment_term=ident("payment-terms", default["id"]),
        rate_table=ident("rate-tables", 2),
    )
    created = (await w.call("POST", "projects", body, 201))["data"]
    attributes = created["attributes"]
    assert attributes["status"] == "building"
    assert attributes["client-name"] == clients["data"][0]["attributes"]["name"]
    assert attributes["sales-executive-name"] == seller["data"][0]["attributes"]["name"]
    location = doc(
        "project-locations",
        {
            "name": "HQ",
            "street": "1 Main St",
            "street2": "",
            "city": "Austin",
            "state": "TX",
            "postal-code": "78701",
            "country": "US",
            "remote": False,
            "project-variables": [{"name": "site_code", "value": "AUS-1"}],
        },
        project=ident("projects", created["id"]),
    )
    await w.call("POST", "project-locations", location, 201)
    # The update path: read, then PATCH with the default term and an empty variable list.
    await w.get(f"projects/{created['id']}")
    patch = doc(
        "projects",
        {"project-name": "Core refresh v2", "project-variables": []},
        created["id"],
        payment_term=ident("payment-terms", default["id"]),
    )
    updated = (await w.call("PATCH", f"projects/{created['id']}", patch))["data"]["attributes"]
    assert (updated["project-name"], updated["project-variables"]) == ("Core refresh v2", [])


@action
async def get_project(w: Walk) -> None:
    got = await w.get("projects/5", include=PROJECT_INCLUDES)
    rels = got["data"]["relationships"]
    assert len(PROJECT_INCLUDES.split(",")) == 35
    assert set(PROJECT_INCLUDES.split(",")) <= set(rels)
    included = {(r["type"], r["id"]) for r in got["included"]}
    for name in PROJECT_INCLUDES.split(","):
        data = rels[name]["data"]
        for item in data if isinstance(data, list) else [data] if data else []:
            assert (item["type"], item["id"]) in included, name


@action
async def list_projects(w: Walk) -> None:
    user = (await w.get("users", **{"page[size]": "1"}))["data"][0]["id"]
    service = (await w.get("project-services/1/service"))["data"]["id"]
    filters = {
        "filter[project-name]": "refresh",
        "filter[status]": "building,won",
        "filter[tags]": "network",
        "filter[active]": "true",
        "filter[creator_id]": user,
        "filter[client_name]": "a",
        "filter[created_after]": "2024-02-01",
        "filter[created_before]": "2025-12-31",
        "filter[updated_after]": "2024-02-01",
        "filter[updated_before]": "2026-01-01",
        "filter[rate_table_id]": "1",
    }
    got = await w.get(
        "projects",
        include="client,sales-executive",
        **filters,
        **{"page[size]": "100", "page[number]": "1"},
    )
    assert got["data"]
    for p in got["data"]:
        assert p["attributes"]["status"] in ("building", "won")
        assert "network" in p["attributes"]["tag-list"]
    for key, value in (
        ("filter[client_id]", "1"),
        ("filter[presales_engineer_id]", "2"),
        ("filter[sales_executive_id]", "3"),
        ("filter[presales_engineer_name]", "a"),
        ("filter[sales_executive_name]", "a"),
        ("filter[service_id]", service),
        ("filter[collaborator_id]", user),
    ):
        await w.get("projects", **{key: value, "page[size]": "100"})
    # "both": two calls without includes.
    for active in ("true", "false"):
        rows = (await w.get("projects", **{"filter[active]": active}))["data"]
        assert rows
        assert all(str(r["attributes"]["active"]).lower() == active for r in rows)


CONTEXT_ROUTES = {
    "project": "projects",
    "service_location": "project-locations",
    "project_contact": "project-contacts",
    "product": "products",
    "crm_opportunity": "crm-opportunities",
    "governance": "project-governances",
    "client": "clients",
}


@action
async def get_entity_variable(w: Walk) -> None:
    every = await w.get("project-variables")
    contexts = {d["attributes"]["variable-context"] for d in every["data"]}
    assert contexts == set(CONTEXT_ROUTES)
    for context, route in CONTEXT_ROUTES.items():
        attr = "user-defined-fields" if route == "clients" else "project-variables"
        rows = (await w.get(route, **{"page[size]": "200"}))["data"]
        if route == "products":  # seeded products carry no values: write one, read it back
            pid = rows[0]["id"]
            await w.call(
                "PATCH",
                f"products/{pid}",
                doc(
                    "products", {"project-variables": [{"name": "warranty_years", "value": 2}]}, pid
                ),
            )
            rows = [(await w.get(f"products/{pid}"))["data"]]
        entity = next(r for r in rows if r["attributes"][attr])
        value = entity["attributes"][attr][0]
        assert value["context"] == context
        assert {"name", "label", "variable_type", "required", "select_options", "value"} <= set(
            value
        )
        await w.get(f"{route}/{entity['id']}")


# -- 3.6 locations, contacts, documents, templates -----------------------------------------------


@action
async def get_service_location(w: Walk) -> None:
    got = await w.get("project-locations/1", include="project")
    assert got["included"][0]["type"] == "projects"


@action
async def create_or_update_service_location(w: Walk) -> None:
    await variables(w, "service_location")
    await w.get("projects/8")
    existing = (await w.get("project-locations", **{"filter[project]": "8"}))["data"]
    names = {e["attributes"]["name"].lower(): e["id"] for e in existing}
    assert "headquarters" in names
    patch = doc(
        "project-locations", {"street": "2 Main St", "city": "Austin"}, names["headquarters"]
    )
    await w.call("PATCH", f"project-locations/{names['headquarters']}", patch)
    body = doc(
        "project-locations",
        {
            "name": "Warehouse",
            "street": "9 Dock Rd",
            "city": "Austin",
            "state": "TX",
            "postal-code": "78701",
            "remote": False,
        },
        project=ident("projects", 8),
    )
    await w.call("POST", "project-locations", body, 201)
    again = await w.call("POST", "project-locations", body, 422)
    assert again["errors"][0]["detail"] == "name - has already been taken"


@action
async def list_project_service_locations(w: Walk) -> None:
    rows = (await w.get("project-locations", **{"filter[project]": "8"}))["data"]
    assert rows
    for r in rows:
        assert (await w.get(f"project-locations/{r['id']}/project"))["data"]["id"] == "8"


@action
async def list_project_contacts(w: Walk) -> None:
    rows = (await w.get("projects/9/project-contacts", **{"page[size]": "200"}))["data"]
    assert rows
    assert rows[0]["attributes"]["contact-type"] == "primary_customer_contact"


@action
async def create_or_update_project_contact(w: Walk) -> None:
    await variables(w, "project_contact")
    existing = (await w.get("project-contacts", **{"filter[project]": "9"}))["data"]
    first = existing[0]
    patch = doc("project-contacts", {"title": "CTO"}, first["id"])
    assert (await w.call("PATCH", f"project-contacts/{first['id']}", patch))["data"]["attributes"][
        "title"
    ] == "CTO"
    body = doc(
        "project-contacts",
        {
            "name": "Morgan Vale",
            "title": "PM",
            "email": "morgan@x.example",
            "phone": "",
            "contact-type": "customer_contact",
            "project-variables": [{"name": "preferred_channel", "value": "phone"}],
        },
        project=ident("projects", 9),
    )
    await w.call("POST", "project-contacts", body, 201)


@action
async def get_document_template(w: Walk) -> None:
    got = await w.get("document-templates", **{"filter[name]": "Standard SOW"})
    assert [t["attributes"]["name"] for t in got["data"]] == ["Standard SOW"]
    assert (await w.get("document-templates", **{"filter[name]": "standard sow"}))["data"] == []


@action
async def create_project_document(w: Walk) -> None:
    w.sb.config = attrs.evolve(w.sb.config, document_delay=0.0)
    template = (await w.get("document-templates", **{"filter[name]": "Standard SOW"}))["data"][0]
    body = doc(
        "project-documents",
        {
            "template-id": template["id"],
            "document-type": "sow",
            "generate-pdf": True,
            "force-regeneration": True,
        },
        project=ident("projects", 3),
    )
    created = (await w.call("POST", "project-documents", body, 201))["data"]
    assert created["attributes"]["status"] == "queued"
    done = (await w.get(f"project-documents/{created['id']}"))["data"]["attributes"]
    assert done["status"] == "finished"
    async with w.http.get(done["document-url"]) as resp:
        assert resp.status == 200


# -- 3.7 services, phases, resources, governance ---------------------------------------------------


@action
async def list_project_phases(w: Walk) -> None:
    rows = await w.pages(
        "project-phases", **{"filter[active]": "true", "filter[project]": "10", "page[size]": "100"}
    )
    positions = [r["attributes"]["position"] for r in rows]
    assert positions == sorted(positions)
    assert len(rows) >= 2


@action
async def list_project_services(w: Walk) -> None:
    phases = (await w.get("project-phases", **{"filter[active]": "true", "filter[project]": "10"}))[
        "data"
    ]
    phase_ids = {p["id"] for p in phases}
    rows = await w.pages(
        "project-services",
        include="project-phase,project-location,lob,project-subservices",
        **{
            "filter[project]": "10",
            "filter[service-type]": "professional_services,managed_services",
            "page[size]": "100",
        },
    )
    assert rows
    for service in rows:
        rels = service["relationships"]
        assert rels["project-phase"]["data"]["id"] in phase_ids
        resource = rels["project-resource"]["links"]["related"]
        pr = (await w.get(resource))["data"]
        await w.get(f"project-resources/{pr['id']}")
        std = pr["attributes"]["resource"]["resource_id"]
        assert isinstance(std, int)
        await w.get(f"resources/{std}", include="account,governances")
        subs = await w.get(
            f"project-services/{service['id']}/project-subservices", **{"filter[active]": "true"}
        )
        assert {s["id"] for s in subs["data"]} == {
            s["id"] for s in rels["project-subservices"]["data"]
        }
        assert isinstance(service["attributes"]["calculated-pricing"]["service_cost"], str)


@action
async def list_project_subservices(w: Walk) -> None:
    services = (await w.get("project-services", **{"filter[project]": "11"}))["data"]
    with_subs = None
    for s in services:
        got = await w.get(
            f"project-services/{s['id']}/project-subservices", **{"filter[active]": "true"}
        )
        if got["data"]:
            with_subs = (s, got)
            break
    assert with_subs is not None
    parent, subs = with_subs
    assert "first" in subs["links"]
    assert "record-count" in subs["meta"]
    await w.get(f"project-services/{parent['id']}")
    for sub in subs["data"]:
        pr = await w.get(sub["relationships"]["project-resource"]["links"]["related"])
        if pr["data"] is None:  # inherits the parent service's project resource
            pr = await w.get(f"project-services/{parent['id']}/project-resource")
        await w.get(f"project-resources/{pr['data']['id']}")


@action
async def list_project_resources(w: Walk) -> None:
    rows = await w.pages(
        "projects/12/project-resources",
        include="project",
        **{"page[size]": "100", "filter[active]": "true"},
    )
    assert rows
    assert all(r["relationships"]["project"]["data"]["id"] == "12" for r in rows)


@action
async def list_standard_resources_for_project(w: Walk) -> None:
    rows = await w.pages("projects/12/project-resources", **{"page[size]": "100"})
    standard = {r["attributes"]["resource"]["resource_id"] for r in rows}
    for rid in standard:
        got = await w.get(f"resources/{rid}", include="account,governances")
        assert got["data"]["id"] == str(rid)


@action
async def list_resources(w: Walk) -> None:
    rows = await w.pages(
        "resources",
        include="account,governances",
        **{"page[size]": "250", "filter[active]": "true"},
    )
    assert rows
    assert all(r["attributes"]["active"] for r in rows)


@action
async def get_resource(w: Walk) -> None:
    got = await w.get("resources/1", include="account,governances")
    assert {i["type"] for i in got["included"]} == {"accounts", "governances"}


@action
async def list_project_governances(w: Walk) -> None:
    project = 0
    for candidate in range(13, 60):  # bounded: the first project with governances
        if (await w.get("project-governances", **{"filter[project]": str(candidate)}))["data"]:
            project = candidate
            break
    assert project
    include = "resource,project-phase,project-resource,project,service-category"
    rows = await w.pages(
        "project-governances",
        include=include,
        **{"filter[project]": str(project), "filter[active]": "true", "page[size]": "100"},
    )
    assert rows
    for g in rows:
        pr = g["relationships"]["project-resource"]["data"]
        await w.get(f"project-resources/{pr['id']}")
        await w.get(f"resources/{g['relationships']['resource']['data']['id']}")


@action
async def get_project_governance(w: Walk) -> None:
    first = (await w.get("project-governances", **{"page[size]": "1"}))["data"][0]
    got = await w.get(
        f"project-governances/{first['id']}",
        include="resource,project-phase,project-resource,project,service-category",
    )
    assert {i["type"] for i in got["included"]} >= {"resources", "projects"}


# -- 2. triggers -----------------------------------------------------------------------------------


@trigger
async def updated_projects(w: Walk) -> None:
    got = await w.get("projects", include="", **{"filter[updated-at.after]": "2025-06-01"})
    assert got["data"]
    assert all(p["attributes"]["updated-at"] > "2025-06-01" for p in got["data"])


@trigger
async def project_crm_opportunity_changes(w: Walk) -> None:
    window = {
        "filter[updated-at][after]": "2024-06-01T00:00:00Z",
        "filter[updated-at][before]": "2025-06-01T00:00:00Z",
    }
    got = await w.get("projects", **window)
    assert got["data"]
    for p in got["data"][:10]:
        related = p["relationships"]["crm-opportunity"]["links"]["related"]
        first = await w.get(related)
        second = await w.get(related)
        assert first == second
        await w.get(f"projects/{p['id']}")
        if first["data"]:
            await w.get(f"crm-opportunities/{first['data']['id']}")


@trigger
async def project_approval_notifications(w: Walk) -> None:
    page = await w.get("project-approvals", **{"page[number]": "1", "page[size]": "100"})
    assert len(page["data"]) == 100  # a full page: the trigger polls more
    assert {a["attributes"]["status"] for a in page["data"]} <= {
        "optional",
        "approved",
        "declined",
        "rescope",
    }
    for approval in page["data"][:5]:
        rels = approval["relationships"]
        project = await w.get(
            rels["project"]["links"]["related"],
            include="client,sales-executive,presales-engineer,business-unit,project-phases,project-products,project-services",
        )
        assert project["data"]["type"] == "projects"
        user = await w.get(rels["user"]["links"]["related"])
        assert user["data"]["attributes"]["email"]


@trigger
async def approved_projects(w: Walk) -> None:
    got = await w.get(
        "projects",
        include="client,sales-executive,presales-engineer,business-unit",
        **{"filter[approved-at.after]": "2024-06-01"},
    )
    assert got["data"]
    assert all(p["attributes"]["approved-at"] > "2024-06-01" for p in got["data"])
    defs = await variables(w, "project")
    assert any(o["key"] for d in defs.values() for o in d["select-options"])


# -- the walk ----------------------------------------------------------------------------------------


@pytest.fixture
async def walk(sb: Sandbox, http: aiohttp.ClientSession, client: Any) -> Walk:
    tokens = await client.login()
    w = Walk(sb, http, tokens["access_token"])
    me = await w.get("/v1/me")
    w.slug, w.account_id = (
        me["data"]["attributes"]["account-slug"],
        me["data"]["attributes"]["account-id"],
    )
    return w


@pytest.mark.parametrize("name", sorted(ACTIONS))
async def test_connector_action(walk: Walk, name: str) -> None:
    await ACTIONS[name](walk)
    assert walk.calls >= 2  # /v1/me and at least one call of the action


@pytest.mark.parametrize("name", sorted(TRIGGERS))
async def test_connector_trigger(walk: Walk, name: str) -> None:
    await TRIGGERS[name](walk)
    assert walk.calls >= 2


def test_every_action_and_trigger_of_the_map_is_walked() -> None:
    assert (len(ACTIONS), len(TRIGGERS)) == (37, 4)
