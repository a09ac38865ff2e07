"""The retry middleware reads a JSON body that is still arriving inside its loop (a cut-off
body is retried like a reset before the headers); one that came whole with the headers is left
for the caller, and the session's bounded read still applies to it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

import scopestack_async as ss
from scopestack_async._body import body_limit

DOC = orjson.dumps({"data": {"type": "clients", "id": "1", "attributes": {"name": "Acme"}}})


class Server:
    def __init__(self) -> None:
        self.cut_next = 0  # how many of the next answers stop halfway through the body
        self.slow = False  # send the body in two parts, the second after a pause
        self.chunked = False  # no Content-Length: the body comes in chunked encoding
        self.gets = 0
        self.stalled = asyncio.Event()  # a file answer sent its headers and stopped
        self.server = TestServer(self.app(), host="127.0.0.1")

    def app(self) -> web.Application:
        async def token(request: web.Request) -> web.Response:
            body = {"access_token": "a" * 43, "token_type": "Bearer", "expires_in": 7200}
            return web.json_response(body)

        async def client(request: web.Request) -> web.StreamResponse:
            self.gets += 1
            headers = {"Content-Type": "application/vnd.api+json"}
            if not self.cut_next and not self.slow:
                return web.Response(body=DOC, headers=headers)
            resp = web.StreamResponse(headers=headers)
            if self.chunked:
                resp.enable_chunked_encoding()
            else:
                resp.content_length = len(DOC)
            await resp.prepare(request)
            await resp.write(DOC[:10])
            if self.cut_next:
                self.cut_next -= 1
                assert request.transport is not None
                request.transport.close()  # the connection drops mid-body
                return resp
            await asyncio.sleep(0.05)
            await resp.write(DOC[10:])
            await resp.write_eof()
            return resp

        async def file(request: web.Request) -> web.StreamResponse:
            resp = web.StreamResponse(headers={"Content-Type": "text/plain"})
            resp.content_length = 1000
            await resp.prepare(request)
            await resp.write(b"x" * 10)
            self.stalled.set()
            await asyncio.sleep(30)  # the client gives up first
            return resp

        app = web.Application()
        app.router.add_get("/acme/v1/files/1", file)
        app.router.add_post("/oauth/token", token)
        app.router.add_get("/acme/v1/clients/1", client)
        return app

    def session(self, **options: Any) -> ss.ScopeStackSession:
        url = str(self.server.make_url("")).rstrip("/")
        return ss.ScopeStackSession(
            client_id="c",
            client_secret="s",
            authenticator=ss.PasswordGrant(username="u@example.com", password="p"),
            auth_url=url,
            api_url=url,
            allow_insecure_http=True,
            **options,
        )


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    running = Server()
    await running.server.start_server()
    try:
        yield running
    finally:
        await running.server.close()


@pytest.mark.usefixtures("no_waits")
async def test_a_body_cut_off_midway_is_retried(server: Server) -> None:
    server.cut_next = 1
    async with server.session() as session:
        doc = await session.request("GET", "/acme/v1/clients/1")
        assert session.retries == 1
    assert server.gets == 2
    assert doc.data is not None
    assert doc.data.attributes["name"] == "Acme"


@pytest.mark.usefixtures("no_waits")
async def test_a_chunked_body_cut_off_midway_is_retried(server: Server) -> None:
    server.cut_next, server.chunked = 1, True
    async with server.session() as session:
        doc = await session.request("GET", "/acme/v1/clients/1")
        assert session.retries == 1
    assert server.gets == 2
    assert doc.data is not None


@pytest.mark.usefixtures("no_waits")
async def test_a_body_cut_off_midway_is_retried_on_session_http_too(server: Server) -> None:
    server.cut_next = 1
    async with server.session() as session:
        async with session.http.get("/acme/v1/clients/1") as resp:
            assert resp.status == 200
            assert await resp.read() == DOC
        assert session.retries == 1
    assert server.gets == 2


async def test_a_body_still_arriving_is_read_whole_before_the_caller_sees_it(
    server: Server,
) -> None:
    server.slow = True
    async with server.session() as session:
        async with session.http.get("/acme/v1/clients/1") as resp:
            assert resp.content.is_eof()  # read inside the retry loop
            assert await resp.read() == DOC
        assert session.retries == 0


async def test_a_whole_small_body_is_still_bounded_by_the_sessions_read(server: Server) -> None:
    async with server.session() as session:
        with body_limit(len(DOC) - 1), pytest.raises(ss.ResponseFormatError, match="limit"):
            await session.request("GET", "/acme/v1/clients/1")
        doc = await session.request("GET", "/acme/v1/clients/1")  # the connection is usable
    assert doc.data is not None
    assert doc.data.id == "1"
    assert server.gets == 2


async def test_a_request_cancelled_while_its_body_arrives_gives_the_connection_back(
    server: Server,
) -> None:
    # One connection: a request that kept it would hold the next one up until its timeout.
    async with server.session(limits=ss.Limits(connections=1)) as session:
        reading = asyncio.ensure_future(session.request("GET", "/acme/v1/files/1"))
        await asyncio.wait_for(server.stalled.wait(), timeout=10)
        await asyncio.sleep(0.05)  # the headers are in; the body read is waiting
        reading.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reading
        doc = await asyncio.wait_for(session.request("GET", "/acme/v1/clients/1"), timeout=10)
        connector = session.http.connector
        assert connector is not None
        assert connector._acquired == set()  # type: ignore[attr-defined]  # none held
    assert doc.data is not None
