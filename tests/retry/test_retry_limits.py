"""ConcurrencyLimit and RateLimit: slots, ordering with retries, token-bucket arithmetic."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from retry_support import FakeTime, Recorder

from scopestack_async._core.rules import RetryPolicy
from scopestack_async.errors import ConfigurationError
from scopestack_async.limits import ConcurrencyLimit, RateLimit
from scopestack_async.retry import RetryMiddleware

Serve = Callable[..., Awaitable[TestServer]]


async def _get(session: aiohttp.ClientSession, url: object) -> int:
    async with session.get(url) as resp:  # type: ignore[arg-type]  # a yarl.URL
        await resp.read()
        return resp.status


async def test_concurrency_limit_caps_requests_in_flight(serve: Serve) -> None:
    in_server = 0
    peak = 0

    async def hold(_: int) -> None:
        nonlocal in_server, peak
        in_server += 1
        peak = max(peak, in_server)
        await asyncio.sleep(0.02)
        in_server -= 1

    rec = Recorder(hold=hold)
    server = await serve(rec)
    limit = ConcurrencyLimit(3)
    async with aiohttp.ClientSession(middlewares=(limit,)) as session:
        statuses = await asyncio.gather(
            *(_get(session, server.make_url(f"/{i}")) for i in range(20))
        )
    assert statuses == [200] * 20
    assert (peak, limit.peak, limit.in_flight) == (3, 3, 0)


async def test_a_retrying_request_keeps_its_slot(serve: Serve) -> None:
    # With one slot, A's retry must come before B's first try: the slot is held through the
    # backoff (a real 50 ms wait here), so B cannot slip in while A waits.
    rec = Recorder(script=[(503, {}, b"")])
    server = await serve(rec)
    policy = RetryPolicy(backoff_base=0.05, jitter="none")
    limit, mw = ConcurrencyLimit(1), RetryMiddleware(policy)
    async with aiohttp.ClientSession(middlewares=(limit, mw)) as session:
        first = asyncio.create_task(_get(session, server.make_url("/a")))
        await asyncio.sleep(0)  # let A take the slot first
        second = asyncio.create_task(_get(session, server.make_url("/b")))
        assert list(await asyncio.gather(first, second)) == [200, 200]
    assert [a.path_qs for a in rec.arrivals] == ["/a", "/a", "/b"]


@pytest.mark.parametrize("bad", [0, -1])
def test_concurrency_limit_rejects_nonsense(bad: int) -> None:
    with pytest.raises(ConfigurationError, match="max_concurrency must be at least 1"):
        ConcurrencyLimit(bad)


@pytest.mark.parametrize(("rate", "burst"), [(0, 1), (-5, 1), (1, 0)])
def test_rate_limit_rejects_nonsense(rate: float, burst: int) -> None:
    with pytest.raises(ConfigurationError, match="RateLimit needs"):
        RateLimit(rate, burst)


def test_rate_limit_reservations_follow_the_token_bucket(fake_time: FakeTime) -> None:
    bucket = RateLimit(10, burst=2, clock=fake_time.clock)
    assert [bucket.reserve() for _ in range(5)] == pytest.approx([0, 0, 0.1, 0.2, 0.3])
    fake_time.now += 10  # long idle: refills, but never beyond the burst
    assert [bucket.reserve() for _ in range(3)] == pytest.approx([0, 0, 0.1])


async def test_rate_limit_middleware_sleeps_each_request_into_its_slot(
    serve: Serve, fake_time: FakeTime
) -> None:
    rec = Recorder()
    server = await serve(rec)
    # The clock stands still (a burst at one instant); record what each request would wait.
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    rate = RateLimit(50, burst=1, clock=fake_time.clock, sleep=record)
    async with aiohttp.ClientSession(middlewares=(rate,)) as session:
        statuses = await asyncio.gather(
            *(_get(session, server.make_url(f"/{i}")) for i in range(5))
        )
    assert statuses == [200] * 5
    assert sorted(waits) == pytest.approx([0.02, 0.04, 0.06, 0.08])
    assert (rec.count, rate.waited) == (5, 4)


async def test_rate_limit_gives_back_a_cancelled_reservation(fake_time: FakeTime) -> None:
    never = asyncio.Event()

    async def block(_: float) -> None:
        await never.wait()

    rate = RateLimit(1, burst=1, clock=fake_time.clock, sleep=block)
    assert rate.reserve() == 0.0  # the burst token

    async def handler(_: object) -> object:
        raise AssertionError("a cancelled request must not be sent")

    waiter = asyncio.create_task(rate(None, handler))  # type: ignore[arg-type]  # never sent
    await asyncio.sleep(0)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    # The cancelled waiter's slot (1 s out) is free again, so the next one gets it.
    assert rate.reserve() == pytest.approx(1.0)
