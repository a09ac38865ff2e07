"""The common operations, each against the sandbox."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import attrs
import pytest

import scopestack_async as ss
from scopestack_async.resources import Watermark
from scopestack_async.resources.find import normalise_domain
from scopestack_async.resources.models import Client, PaymentTerm, Project
from scopestack_async.sandbox import Sandbox


@pytest.mark.parametrize(
    ("raw", "domain"),
    [
        ("https://www.Acme.com:8443/about?x=1", "acme.com"),
        ("acme.com", "acme.com"),
        ("HTTP://sub.acme.com/", "sub.acme.com"),
        ("www.acme.co.uk", "acme.co.uk"),
    ],
)
def test_domains_are_normalised(raw: str, domain: str) -> None:
    assert normalise_domain(raw) == domain


def test_a_domain_with_spaces_is_refused() -> None:
    with pytest.raises(ss.ConfigurationError, match="not a domain"):
        normalise_domain("acme com")


async def test_find_one_prefers_exact_then_single_partial(session: ss.ScopeStackSession) -> None:
    await session.clients.create({"name": "Acme, Inc."})
    await session.clients.create({"name": "Acme, Inc. Europe"})
    exact = await session.clients.find_one(name="acme, inc.")  # comma: searched as "Inc." part
    assert exact.name == "Acme, Inc."
    partial = await session.clients.find_one(name="inc. europe")
    assert partial.name == "Acme, Inc. Europe"
    with pytest.raises(ss.NotFoundError, match="No clients with name 'Nobody'"):
        await session.clients.find_one(name="Nobody")


async def test_several_equal_matches_raise_listing_them(session: ss.ScopeStackSession) -> None:
    a = await session.clients.create({"name": "Twin Ltd"})
    b = await session.clients.create({"name": "Twin Ltd"})
    with pytest.raises(ss.AmbiguousMatchError, match="2 clients match name 'Twin Ltd'") as info:
        await session.clients.find_one(name="Twin Ltd")
    assert {m[1] for m in info.value.matches} == {a.id, b.id}
    with pytest.raises(ss.AmbiguousMatchError):
        await session.clients.upsert({"name": "Twin Ltd"})


async def test_client_upsert_by_domain_is_idempotent_and_dry_runs(
    sb: Sandbox, session: ss.ScopeStackSession
) -> None:
    dry = await session.clients.upsert(
        {"name": "Globex Parts", "domain": "https://www.globexparts.example/"}, dry_run=True
    )
    assert (dry.action, dry.model, dry.dry_run) == ("created", None, True)
    assert dry.changes == {"name": "Globex Parts", "domain": "globexparts.example"}
    with pytest.raises(ss.NotFoundError):
        await session.clients.find_one(domain="globexparts.example")
    first = await session.clients.upsert({"name": "Globex Parts", "domain": "globexparts.example"})
    assert first.action == "created"
    assert isinstance(first.model, Client)
    before = sb.stats.api_total
    second = await session.clients.upsert(
        {"name": "Globex Parts", "domain": "http://globexparts.example:80/x"}
    )
    assert (second.action, second.changes, second.matched_by) == ("unchanged", {}, "domain")
    assert second.model is not None
    assert second.model.id == first.model.id
    # Only reads the second time (the candidates page), never a write.
    assert sb.stats.api_total - before == 1


async def test_client_upsert_reactivates_an_inactive_match(session: ss.ScopeStackSession) -> None:
    gone = await session.clients.create({"name": "Sleepy Co", "domain": "sleepy.example"})
    await session.clients.update(gone, {"active": False})
    dry = await session.clients.upsert(
        {"name": "Sleepy Co", "domain": "sleepy.example"}, dry_run=True
    )
    assert (dry.action, dry.changes) == ("reactivated", {"active": True})
    done = await session.clients.upsert({"name": "Sleepy Co", "domain": "sleepy.example"})
    assert done.action == "reactivated"
    assert done.model is not None
    assert done.model.active is True
    again = await session.clients.upsert({"name": "Sleepy Co", "domain": "sleepy.example"})
    assert again.action == "unchanged"


async def test_project_create_or_update_keeps_what_was_not_mentioned(
    session: ss.ScopeStackSession,
) -> None:
    default = (await session.payment_terms.list(where={"default": True})).data[0]
    saved = await session.projects.create_or_update(
        project_name="Core refresh",
        client={"name": "Initech Typed", "domain": "initech-typed.example"},
        tags=["network", "q3"],
        variables={"po_number": "PO-88"},
    )
    assert saved.action == "created"
    assert saved.client is not None
    assert saved.client.action == "created"
    project = await session.projects.get(saved.project.id, include=["payment-term", "client"])
    assert isinstance(project.payment_term, PaymentTerm)
    assert project.payment_term.id == default.id
    assert isinstance(project.client, Client)
    assert project.client.domain == "initech-typed.example"
    assert project.tag_list == ("network", "q3")
    # Move it to another term, then update only the name: the term must stay (connector bug).
    other = next(t for t in (await session.payment_terms.list()).data if t.id != default.id)
    await session.projects.update(project, {"payment_term": other})
    renamed = await session.projects.create_or_update(id=project.id, project_name="Core refresh 2")
    assert renamed.action == "updated"
    after = await session.projects.get(project.id, include=["payment-term"])
    assert after.project_name == "Core refresh 2"
    assert isinstance(after.payment_term, PaymentTerm)
    assert after.payment_term.id == other.id
    assert after.tag_list == ("network", "q3")
    same = await session.projects.create_or_update(id=project.id, project_name="Core refresh 2")
    assert same.action == "unchanged"


async def test_generate_document_waits_downloads_and_raises_error_text(
    session: ss.ScopeStackSession, tmp_path: Path
) -> None:
    project = (await session.projects.list(page_size=1)).data[0]
    done = await session.project_documents.generate(
        project, document_type="pricing", interval=0.02, download_to=tmp_path / "p.pdf"
    )
    assert done.document.status == "finished"
    assert done.url.endswith(".pdf")
    assert done.path is not None
    assert done.path.read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "p.pdf.part").exists()
    with pytest.raises(ss.JobFailedError, match="could not be merged") as info:
        await session.project_documents.generate(project, template="broken", interval=0.02)
    assert info.value.error_text == "The template could not be merged."
    with pytest.raises(ss.ConfigurationError, match="needs template"):
        await session.project_documents.generate(project)
    small = tmp_path / "small.pdf"
    with pytest.raises(ss.ResponseFormatError, match="larger than max_bytes=4"):
        await session.project_documents.generate(
            project, document_type="pricing", interval=0.02, download_to=small, max_bytes=4
        )
    assert sorted(os.listdir(tmp_path)) == ["p.pdf"]  # no partial file left


async def test_generate_document_times_out_clearly(
    sb: Sandbox, session: ss.ScopeStackSession
) -> None:
    sb.config = attrs.evolve(sb.config, document_delay=60)
    project = (await session.projects.list(page_size=1)).data[0]
    with pytest.raises(ss.JobTimeoutError, match="did not finish within"):
        await session.project_documents.generate(
            project, document_type="breakdown", timeout=0.2, interval=0.05
        )


async def test_changes_since_walks_every_page_and_resumes(
    sb: Sandbox, session: ss.ScopeStackSession
) -> None:
    sb.config = attrs.evolve(sb.config, date_filters="refuse")  # the fallback path
    every = [p async for p in session.projects.iterate()]
    stamps = sorted({p.updated_at for p in every if p.updated_at})
    since = stamps[len(stamps) // 2]
    expected = {p.id for p in every if p.updated_at and p.updated_at > since}
    feed = session.projects.changes(since=since, page_size=5)  # many pages
    seen = [p.id async for p in feed]
    assert set(seen) == expected
    assert len(seen) == len(expected)
    # The sandbox refuses the date filter (400): the feed read everything and filtered here.
    assert feed.server_filter_refused
    mark = feed.watermark
    assert mark.at == max(p.updated_at for p in every if p.updated_at)
    assert Watermark.parse(str(mark)) == mark
    before = sb.stats.api_total
    nothing = [p async for p in session.projects.changes(since=mark)]
    assert nothing == []
    assert sb.stats.api_total - before == 1  # one page; the refused filter is not asked again
    touched = await session.projects.update(every[0], {"project_name": "Touched"})
    again = [p.id async for p in session.projects.changes(since=mark)]
    assert again == [touched.id]


async def test_changes_by_approval_and_dedup_at_the_same_moment(
    session: ss.ScopeStackSession,
) -> None:
    approved = [p async for p in session.projects.iterate(where={"status": ["approved", "won"]})]
    moment = min(p.approved_at for p in approved if p.approved_at)
    first_at = [p for p in approved if p.approved_at == moment]
    partial = Watermark(moment, frozenset({f"{first_at[0].id}@{moment.isoformat()}"}))
    got = {p.id async for p in session.projects.changes(since=partial, field="approved-at")}
    assert first_at[0].id not in got
    assert {p.id for p in first_at[1:]} <= got
    assert all(isinstance(p, Project) for p in approved)


async def test_services_of_a_project_in_one_walk_grouped_by_phase(
    sb: Sandbox, session: ss.ScopeStackSession
) -> None:
    services = [s async for s in session.project_services.iterate(include=["project"])]
    project_id = max(
        {s.project.id for s in services if s.project},
        key=lambda pid: sum(1 for s in services if s.project and s.project.id == pid),
    )
    before = sb.stats.api_total
    # The sandbox has no project-phase relationship yet; include what it has.
    groups = await session.project_services.of_project(project_id, include=["service"])
    assert sb.stats.api_total - before == 1  # one request, not one per service
    assert len(groups) == 1
    assert groups[0].phase is None
    positions = [s.position or 0 for s in groups[0].services]
    assert positions == sorted(positions)
    assert groups[0].hours == sum(s.total_hours or 0 for s in groups[0].services)
    _ = dt
