"""Fixtures for the retry and limit middlewares: real loopback servers that record arrivals."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from retry_support import FakeTime, Recorder


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., Awaitable[TestServer]]]:
    """Start a TestServer for a Recorder (or any app); all are closed at teardown."""
    servers: list[TestServer] = []

    async def start(target: Recorder | web.Application, **kwargs: Any) -> TestServer:
        app = target.app() if isinstance(target, Recorder) else target
        server = TestServer(app, host="127.0.0.1", **kwargs)
        await server.start_server()
        servers.append(server)
        return server

    yield start
    for server in servers:
        await server.close()


@pytest.fixture
def free_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()
