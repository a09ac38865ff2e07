"""Fixtures of the interactive-grant tests: a small sandbox and a cookie-keeping "browser"."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest_asyncio

from scopestack_async.sandbox import Sandbox, SandboxConfig


@pytest_asyncio.fixture
async def sb() -> AsyncIterator[Sandbox]:
    """A running sandbox with little data (fast to start)."""
    async with Sandbox(SandboxConfig(records=50, document_delay=0.1)) as sandbox:
        yield sandbox


@pytest_asyncio.fixture
async def browser() -> AsyncIterator[aiohttp.ClientSession]:
    """Plays the user's browser: keeps cookies (also for IP hosts), never the SDK."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session
