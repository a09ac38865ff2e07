"""A type-checked tour of the typed API: ``mypy --strict tests/typing`` runs in CI, so a
change that breaks users' types fails the build. Also run by test_typing_usage.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import scopestack_async as ss
from scopestack_async.jsonapi import ResourceIdentifier
from scopestack_async.resources import DateRange, GeneratedDocument, Upserted, Watermark
from scopestack_async.resources.models import (
    Client,
    CrmOpportunity,
    PaymentInfo,
    Project,
    ProjectFilter,
    ProjectService,
)
from scopestack_async.resources.services import PhaseGroup


async def tour(session: ss.ScopeStackSession, out: Path) -> Watermark:
    where: ProjectFilter = {"status": ["won", "lost"], "active": True}
    page = await session.projects.list(where=where, include=["client"], sort="-updated-at")
    project: Project = page.data[0]
    name: str | None = project.project_name
    revenue: Decimal | None = project.contract_revenue
    created: dt.datetime | None = project.created_at
    msa: dt.date | None = project.msa_date
    info: PaymentInfo | None = project.payment_info
    tags: tuple[str, ...] | None = project.tag_list
    client: Client | ResourceIdentifier | None = project.client
    if isinstance(client, Client):
        _domain: str | None = client.domain
    services: tuple[ProjectService | ResourceIdentifier, ...] | None = project.project_services
    renamed: Project = await session.projects.save(project.replace({"project_name": "New"}))

    async for p in session.projects.iterate(
        where={"updated_at": DateRange(after=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))},
        filter={("approved-at", "before"): dt.date(2025, 1, 1)},
    ):
        _id: str = p.id

    found: Client = await session.clients.find_one(name="Acme, Inc.")
    up: Upserted[Client] = await session.clients.upsert(
        {"name": "Acme, Inc.", "domain": "acme.example"}, dry_run=True
    )
    crm: Upserted[CrmOpportunity] = await session.crm_opportunities.upsert(
        {"opportunity_id": "006X", "name": "Renewal", "amount": Decimal("10000.00")}
    )
    saved = await session.projects.create_or_update(
        project_name="Core refresh", client=found, tags=["network"]
    )
    doc: GeneratedDocument = await session.project_documents.generate(
        saved.project, document_type="pricing", download_to=out
    )
    groups: list[PhaseGroup] = await session.project_services.of_project(saved.project)
    hours: Decimal = groups[0].hours if groups else Decimal(0)
    feed = session.projects.changes(since=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc))
    async for changed in feed:
        _changed: Project = changed
    del name, revenue, created, msa, info, tags, services, renamed, up, crm, doc, hours
    return feed.watermark
