"""The JSON:API layer through the real ScopeStackSession (its JsonApiTransport) on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from jsonapi_fake import FakeApi

import scopestack_async as ss
from scopestack_async.errors import NotFoundError, PermissionDeniedError, ValidationError
from scopestack_async.jsonapi import Resource, ResourceIdentifier


async def _token(request: web.Request) -> web.Response:
    form = await request.post()
    assert form["grant_type"] in ("password", "refresh_token")
    body = {
        "access_token": "at-1",
        "token_type": "Bearer",
        "expires_in": 7200,
        "refresh_token": "rt-1",
    }
    return web.Response(body=orjson.dumps(body), content_type="application/json")


@pytest.fixture
async def served() -> AsyncIterator[tuple[FakeApi, ss.ScopeStackSession]]:
    api = FakeApi(forbidden=["vendors"])
    api.seed(260)
    app = api.app()
    app.router.add_post("/oauth/token", _token)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    url = str(server.make_url("/"))
    session = ss.ScopeStackSession(
        client_id="cid",
        client_secret="secret",
        api_url=url,
        auth_url=url,
        authenticator=ss.PasswordGrant(username="jane@example.com", password="pw"),
        allow_insecure_http=True,
    )
    async with session:
        yield api, session
    await server.close()


async def test_iterate_through_the_session_reads_each_resource_once(
    served: tuple[FakeApi, ss.ScopeStackSession],
) -> None:
    api, session = served
    projects = session.resource("projects")
    ids = [p.id async for p in projects.iterate(page_size=50, include=["client"], sort="position")]
    assert ids == [str(i) for i in range(260)]
    assert len([u for _, u in api.log if u.startswith("/acme/v1/projects")]) == 6
    assert [u for _, u in api.log].count("/v1/me") == 1


async def test_write_round_trip_and_error_paths_through_the_session(
    served: tuple[FakeApi, ss.ScopeStackSession],
) -> None:
    _, session = served
    clients = session.resource("clients")
    me = await session.me()
    new = await clients.create(
        {"name": "Acme"},
        relationships={"account": ResourceIdentifier("accounts", str(me.account_id))},
    )
    assert isinstance(new, Resource)
    assert (await clients.get(new.id)).attributes == {"name": "Acme"}
    assert (await clients.update(new.id, {"name": "Acme Corp"})).attributes["name"] == "Acme Corp"
    await clients.delete(new.id)
    with pytest.raises(NotFoundError):
        await clients.get(new.id)
    with pytest.raises(ValidationError, match="/data/attributes/name: name - can't be blank"):
        await clients.create({"name": ""})
    with pytest.raises(PermissionDeniedError) as caught:
        await session.resource("vendors").create({"name": "V"})
    assert "was denied (403)" in str(caught.value)
    assert "account 'acme'" in str(caught.value)
    assert caught.value.errors[0]["detail"] == "You are not allowed to modify vendors."
