"""Fleet-shared limits through a real redis-server: a pause and a request rate for everyone."""

from __future__ import annotations

import threading
import types
import uuid
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer

from scopestack_async import fleet
from scopestack_async.errors import ConfigurationError, TokenStoreError
from scopestack_async.export.fleet import RedisPauseGate, RedisRateLimit
from scopestack_async.retry import RetryMiddleware, RetryPolicy


@pytest.fixture
def fleet_redis(redis_server: str) -> str:
    """The run's private redis-server (tests/conftest.py); keys here are unique per test."""
    return redis_server


@pytest_asyncio.fixture
async def key() -> AsyncIterator[str]:
    yield f"test:{uuid.uuid4().hex}"


class _Sleeps:
    """Records requested sleeps instead of sleeping (the waits are the assertion)."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


async def test_a_pause_by_one_worker_holds_back_another(fleet_redis: str, key: str) -> None:
    sleeps = _Sleeps()
    one = RedisPauseGate(fleet_redis, key=key)
    other = RedisPauseGate(fleet_redis, key=key, sleep=sleeps, check_every=0)
    try:
        assert await other.remaining() == 0
        await other.wait()
        assert sleeps.calls == []
        await one.pause(30)
        await one.pause(5)  # A shorter pause never cuts a longer one.
        left = await other.remaining()
        assert 29 < left <= 30
        # Sleeping does not end a pause here (no time passes), so wait() stops at its bound.
        await other.wait()
        assert len(sleeps.calls) == 32
        assert all(29 < s <= 30 for s in sleeps.calls)
    finally:
        await one.aclose()
        await other.aclose()


async def test_rate_is_shared_across_workers(fleet_redis: str, key: str) -> None:
    a = RedisRateLimit(10, fleet_redis, key=key)
    b = RedisRateLimit(10, fleet_redis, key=key)
    try:
        waits = [await (a if i % 2 else b).reserve() for i in range(6)]
    finally:
        await a.aclose()
        await b.aclose()
    assert waits[0] == 0
    # Six reservations at 10/s from two workers: the n-th waits about n/10 s.
    for n, wait in enumerate(waits[1:], start=1):
        assert n / 10 - 0.05 < wait <= n / 10 + 1e-6


async def test_retry_middleware_shares_a_429_pause_through_redis(
    fleet_redis: str, key: str
) -> None:
    hits = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal hits
        hits += 1
        if hits == 1:
            return web.Response(status=429, headers={"Retry-After": "7"})
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/", handler)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    sleeps_a, sleeps_b = _Sleeps(), _Sleeps()
    gate_a = RedisPauseGate(fleet_redis, key=key, sleep=sleeps_a)
    gate_b = RedisPauseGate(fleet_redis, key=key, sleep=sleeps_b)
    policy = RetryPolicy(max_attempts=2, deadline=60)
    try:
        async with aiohttp.ClientSession(
            middlewares=(RetryMiddleware(policy, gate=gate_a),)
        ) as worker_a:
            async with worker_a.get(server.make_url("/")) as resp:
                assert resp.status == 200
        assert hits == 2
        assert sleeps_a.calls
        assert 6 < sleeps_a.calls[0] <= 7
        # Another worker (its own session and gate) now waits for the same pause.
        assert 6 < await gate_b.remaining() <= 7
    finally:
        await server.close()
        await gate_a.aclose()
        await gate_b.aclose()


async def test_redis_is_imported_in_a_worker_thread_once(
    fleet_redis: str, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real_import = fleet._import_redis

    def spying_import() -> types.ModuleType:
        threads.append(threading.current_thread())
        return real_import()

    monkeypatch.setattr(fleet, "_import_redis", spying_import)
    gate = RedisPauseGate(fleet_redis, key=key, check_every=0)
    try:
        assert await gate.remaining() == 0
        assert await gate.remaining() == 0
    finally:
        await gate.aclose()
    # The first use imports off the loop's thread; later uses reuse the client.
    assert len(threads) == 1
    assert threads[0] is not threading.current_thread()


async def test_a_missing_redis_package_says_what_to_install(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> types.ModuleType:
        raise TokenStoreError("RedisTokenStore needs the redis package.")

    monkeypatch.setattr(fleet, "_import_redis", missing)
    limit = RedisRateLimit(5, "redis://127.0.0.1:1/0", key=key)
    with pytest.raises(ConfigurationError, match=r"scopestack-async\[redis\]"):
        await limit.reserve()
    await limit.aclose()
