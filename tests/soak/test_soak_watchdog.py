"""The loop-lag watchdog can fail: a blocking call in the loop trips the soak's criterion."""

from __future__ import annotations

import asyncio
import time

from soak_worker import LAG_LIMIT, Watchdog


async def run_watchdog(blocking: float, seconds: float = 0.6) -> Watchdog:
    watchdog, stop = Watchdog(), asyncio.Event()
    task = asyncio.create_task(watchdog.run(stop))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        if blocking:
            time.sleep(blocking)  # noqa: ASYNC251 - the blocking call the watchdog must catch
    stop.set()
    await task
    return watchdog


async def test_a_blocking_call_in_the_loop_is_caught() -> None:
    blocked = await run_watchdog(blocking=LAG_LIMIT + 0.02)
    assert blocked.samples > 3
    assert blocked.over / blocked.samples > 0.03  # far above the soak's bound of 1%
    assert blocked.worst >= LAG_LIMIT


async def test_an_idle_loop_stays_under_the_limit() -> None:
    idle = await run_watchdog(blocking=0.0)
    assert idle.samples > 20
    assert idle.over / idle.samples < 0.03
