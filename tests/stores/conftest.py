"""Fixtures for the token store tests: a private redis-server and Redis stores."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from scopestack_async.stores import RedisTokenStore


@pytest.fixture
def redis_prefix() -> str:
    """A prefix no other test uses, so tests share the server without flushing it."""
    return f"test:{uuid.uuid4().hex[:12]}:"


@pytest.fixture
async def redis_store(redis_server: str, redis_prefix: str) -> AsyncIterator[RedisTokenStore]:
    """A RedisTokenStore over the test server, closed afterwards."""
    async with RedisTokenStore(redis_server, prefix=redis_prefix) as store:
        yield store
