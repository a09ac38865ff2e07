"""Fixtures of the core tests: the fake ScopeStack server from ``core_fake``."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestServer
from core_fake import FakeScopeStack, Running, build_app


@pytest.fixture
async def fake() -> AsyncIterator[Running]:
    state = FakeScopeStack()
    server = TestServer(build_app(state), host="127.0.0.1")
    await server.start_server()
    try:
        yield Running(state=state, server=server)
    finally:
        await server.close()


@pytest.fixture
async def other_origin() -> AsyncIterator[Running]:
    """A second server on another port: another origin that must never see credentials."""
    state = FakeScopeStack()
    server = TestServer(build_app(state), host="127.0.0.1")
    await server.start_server()
    try:
        yield Running(state=state, server=server)
    finally:
        await server.close()
