"""Fixtures: one small sandbox and an admin session on it per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox, SandboxConfig


@pytest_asyncio.fixture
async def sb() -> AsyncIterator[Sandbox]:
    """A sandbox with 60 projects (documents and survey jobs finish after 0.05 s)."""
    async with Sandbox(
        SandboxConfig(records=60, document_delay=0.05, survey_delay=0.05)
    ) as sandbox:
        yield sandbox


@pytest_asyncio.fixture
async def session(sb: Sandbox) -> AsyncIterator[ss.ScopeStackSession]:
    """The sandbox's admin, logged in."""
    async with sb.session() as s:
        yield s
