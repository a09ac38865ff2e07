"""The loop-lag watchdog can fail: a blocking call in the loop trips the soak's criterion, and
the run-queue reading it subtracts is time spent waiting for a CPU, not time spent blocked."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import pytest
from soak_worker import LAG_LIMIT, RunQueueClock, Watchdog

linux_only = pytest.mark.skipif(not RunQueueClock().available, reason="needs /proc schedstat")


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
    assert blocked.over / blocked.samples > 0.03
    assert blocked.worst >= LAG_LIMIT
    # Sleeping in the loop is not waiting for a CPU: none of it is subtracted.
    assert blocked.own_over >= 3
    assert blocked.own_worst >= LAG_LIMIT


async def test_an_idle_loop_stays_under_the_limit() -> None:
    idle = await run_watchdog(blocking=0.0)
    assert idle.samples > 20
    assert idle.over / idle.samples < 0.03
    assert idle.own_over <= idle.over


@linux_only
def test_the_run_queue_clock_counts_waiting_for_a_cpu_not_sleeping() -> None:
    clock = RunQueueClock()
    before = clock.read()
    time.sleep(0.3)
    slept = clock.read() - before
    # Twice as many spinning processes as cores: this one must wait its turn.
    spin = "import time\nt = time.monotonic()\nwhile time.monotonic() - t < 1.5: pass"
    hogs = [
        subprocess.Popen([sys.executable, "-c", spin]) for _ in range(2 * (os.cpu_count() or 2))
    ]
    try:
        before = clock.read()
        started = time.monotonic()
        while time.monotonic() - started < 0.6:
            pass
        waited = clock.read() - before
    finally:
        for hog in hogs:
            hog.wait(timeout=30)
    assert slept < 0.05
    assert waited > 0.01
