"""Fixtures for the export tests: sandboxes of the sizes the tests need, retry waits off."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from scopestack_async.sandbox import Sandbox, SandboxConfig


@pytest_asyncio.fixture
async def small_sb() -> AsyncIterator[Sandbox]:
    """1,000 projects: enough pages to exercise the window, quick to start."""
    async with Sandbox(SandboxConfig(records=1_000)) as sb:
        yield sb


@pytest_asyncio.fixture
async def big_sb() -> AsyncIterator[Sandbox]:
    """20,000 projects, tokens living 2 s: the issue's proof scenario."""
    async with Sandbox(SandboxConfig(records=20_000, token_ttl=2.0)) as sb:
        yield sb
