"""Fixtures for the jsonapi tests: a FakeApi on a real loopback server and the seam double."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from jsonapi_fake import FakeApi, LoopbackTransport, Start


@pytest.fixture
async def start() -> AsyncIterator[Start]:
    """Serve a FakeApi (or any app) on 127.0.0.1 and return a transport to it."""
    servers: list[TestServer] = []
    sessions: list[aiohttp.ClientSession] = []

    async def run(target: FakeApi | web.Application) -> LoopbackTransport:
        app = target.app() if isinstance(target, FakeApi) else target
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        servers.append(server)
        session = aiohttp.ClientSession()
        sessions.append(session)
        return LoopbackTransport(session, server.make_url("/"))

    yield run
    for session in sessions:
        await session.close()
    for server in servers:
        await server.close()
