"""Typed clients against the sandbox: reads, checked queries, writes that know the account."""

from __future__ import annotations

import pytest

import scopestack_async as ss
from scopestack_async.errors import ConfigurationError
from scopestack_async.jsonapi import Resource, ResourceIdentifier
from scopestack_async.resources.models import Client, Project, RateTable
from scopestack_async.sandbox import Sandbox


async def test_list_iterate_get_return_models(session: ss.ScopeStackSession) -> None:
    page = await session.projects.list(where={"status": ["won", "lost"]}, page_size=5)
    assert page.record_count == 20
    assert len(page.data) == 5
    assert all(isinstance(p, Project) and p.status in ("won", "lost") for p in page.data)
    every = [p async for p in session.projects.iterate(page_size=7)]
    assert len(every) == 60
    assert len({p.id for p in every}) == 60
    one = await session.projects.get(every[3].id, include=["client"])
    assert isinstance(one.client, Client)
    assert one.client_name == one.client.name


async def test_foreign_key_and_boolean_filters_take_models(session: ss.ScopeStackSession) -> None:
    first = (await session.projects.list(include=["client"], page_size=1)).data[0]
    client = first.client
    assert isinstance(client, Client)
    mine = [p async for p in session.projects.iterate(where={"client": client, "active": True})]
    assert mine
    assert all(p.active for p in mine)
    assert all(isinstance(p.client, ResourceIdentifier) or p.client is None for p in mine)


async def test_includes_and_sorts_are_checked_before_any_request(
    sb: Sandbox, session: ss.ScopeStackSession
) -> None:
    await session.me()
    before = sb.stats.api_total
    with pytest.raises(ConfigurationError, match=r"no relationship 'clientz'.*client"):
        await session.projects.list(include=["clientz"])
    with pytest.raises(ConfigurationError, match="no attribute 'nope'"):
        await session.projects.list(sort="-nope")
    with pytest.raises(ConfigurationError, match="no known filter 'colour'"):
        await session.projects.list(where={"colour": "red"})  # type: ignore[typeddict-unknown-key]
    assert sb.stats.api_total == before
    newest = await session.projects.list(sort="-updated_at", page_size=3)
    stamps = [p.updated_at for p in newest.data]
    assert stamps == sorted(stamps, reverse=True)  # type: ignore[type-var]


async def test_create_fills_the_account_and_refuses_read_only(
    session: ss.ScopeStackSession,
) -> None:
    table = await session.rate_tables.create({"name": "Typed table", "default": False})
    assert isinstance(table, RateTable)
    again = await session.rate_tables.get(table.id, include=["account"])
    me = await session.me()
    assert again.account is not None
    assert again.account.id == str(me.account_id)
    with pytest.raises(ConfigurationError, match="read-only"):
        await session.projects.create({"project_name": "x", "client_name": "y"})  # type: ignore[typeddict-unknown-key]
    with pytest.raises(ConfigurationError, match="no writable field 'colour'"):
        await session.clients.create({"name": "x", "colour": "red"})  # type: ignore[typeddict-unknown-key]


async def test_update_sends_only_changes_and_nothing_when_unchanged(
    sb: Sandbox, session: ss.ScopeStackSession
) -> None:
    client = await session.clients.create({"name": "Same Co", "domain": "same.example"})
    before = sb.stats.api_total
    same = await session.clients.update(client, {"name": "Same Co", "domain": "same.example"})
    assert same is client
    assert sb.stats.api_total == before
    attributes, _ = session.clients._split({"name": "Same Co", "active": False})
    from scopestack_async.resources.client import _changed

    assert _changed(client, attributes, {}) == ({"active": False}, {})
    renamed = await session.clients.save(client.replace({"name": "Renamed Co"}))
    assert renamed.name == "Renamed Co"
    assert sb.stats.api_total == before + 1


async def test_related_is_typed_and_the_generic_client_still_works(
    session: ss.ScopeStackSession,
) -> None:
    first = (await session.clients.list(page_size=1)).data[0]
    contacts = await session.clients.related(first, "contacts")
    assert contacts.data
    assert all(c.type == "contacts" for c in contacts.data)
    raw = await session.resource("clients").get(first.id)
    assert isinstance(raw, Resource)
    assert raw.attributes["name"] == first.name
    await session.project_services.delete((await session.project_services.list()).data[0])
