"""A 429 with Retry-After pauses the whole session: nothing is sent until the pause ends.

This is the one test in the suite that really waits (about 2 s), because the point is what
the server sees in wall time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import aiohttp
from aiohttp.test_utils import TestServer
from retry_support import Recorder

from scopestack_async import retry
from scopestack_async.limits import ConcurrencyLimit
from scopestack_async.retry import RetryMiddleware

Serve = Callable[..., Awaitable[TestServer]]

REQUESTS = 50
SLOTS = 5
PAUSE = 2.0


async def test_one_429_pauses_all_fifty_requests(serve: Serve) -> None:
    assert retry.is_testing() is False  # real waits: this test is about wall time
    answered_429 = asyncio.Event()
    t429: list[float] = []
    rec = Recorder()

    async def hold(index: int) -> None:
        if index == 0:
            # Answer the 429 only once every slot is in flight, so the in-flight set is exactly
            # the arrivals before the 429 (bounded: give up waiting after 2 s).
            for _ in range(200):
                if rec.count >= SLOTS:
                    break
                await asyncio.sleep(0.01)
            rec.script.insert(0, (429, {"Retry-After": str(int(PAUSE))}, b"slow down"))
            t429.append(time.monotonic())
            answered_429.set()
        elif index < SLOTS:
            # In flight when the 429 went out: answer a little after it, freeing slots while
            # the pause is in force.
            await answered_429.wait()
            await asyncio.sleep(0.3)

    rec.hold = hold
    server = await serve(rec)
    limit, mw = ConcurrencyLimit(SLOTS), RetryMiddleware()
    async with aiohttp.ClientSession(middlewares=(limit, mw)) as session:
        statuses = await asyncio.gather(
            *(_get(session, server.make_url(f"/item/{i}")) for i in range(REQUESTS))
        )

    assert statuses == [200] * REQUESTS
    assert rec.count == REQUESTS + 1  # the 429'd request was sent twice
    assert (mw.pauses, mw.retries) == (1, 1)
    pause_start = t429[0]
    in_flight = [a for a in rec.arrivals if a.at <= pause_start]
    later = [a for a in rec.arrivals if a.at > pause_start]
    assert len(in_flight) == SLOTS
    # Nothing reached the server inside the pause window; everything after it came after.
    assert [a.path_qs for a in later if a.at < pause_start + PAUSE] == []
    assert len(later) == REQUESTS + 1 - SLOTS
    # The rejected request itself was retried after the pause, too.
    first_path = rec.arrivals[0].path_qs
    assert [a.path_qs for a in later].count(first_path) == 1


async def _get(session: aiohttp.ClientSession, url: object) -> int:
    async with session.get(url) as resp:  # type: ignore[arg-type]  # a yarl.URL
        await resp.read()
        return resp.status
