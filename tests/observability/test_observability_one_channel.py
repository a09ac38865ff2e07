"""The session's figures come from its events: one channel for session.retries, the export's
retry count and any hook's counts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import scopestack_async as ss
from scopestack_async.events import EventCounter, EventDispatcher, SessionEvent, counting_events
from scopestack_async.sandbox import Sandbox

pytestmark = pytest.mark.usefixtures("no_waits")


async def test_retries_hooks_and_the_export_agree(tmp_path: Path) -> None:
    counter = ss.EventCounter()
    async with Sandbox(records=300) as sb, sb.session("admin", hooks=[counter]) as session:
        await session.me()
        sb.set_faults(fault_rate=0.3)
        result = await session.export("projects", tmp_path / "p.jsonl", page_size=10)
        sb.set_faults()
        assert result.records == 300
        assert session.retries == counter.count("retry") == result.retries > 0
        assert session.retries == sb.stats.api_requests.get(503, 0) + sb.stats.api_requests.get(
            500, 0
        ) + sb.stats.api_requests.get(502, 0)


async def test_the_session_counts_from_the_event_channel_even_without_hooks() -> None:
    async with Sandbox(records=5) as sb, sb.session("admin") as session:
        assert session.events.hooks == ()
        before = session.retries
        session.events.emit("retry", reason="test", attempt=1)
        assert session.retries == before + 1  # the figure is the channel's, not a side counter


def test_a_counting_block_counts_the_events_emitted_inside_it_and_blocks_nest() -> None:
    events = EventDispatcher()
    events.emit("retry")  # outside any block: the dispatcher's tally only
    with counting_events() as outer:
        events.emit("retry")
        with counting_events() as inner:
            events.emit("retry")
            events.emit("refresh", outcome="invalid_grant")
        events.emit("pause", seconds=2.0)
    events.emit("retry")
    assert (outer.count("retry"), outer.count("pause"), outer.count("refresh")) == (2, 1, 1)
    assert (inner.count("retry"), inner.count("pause")) == (1, 0)
    assert inner.count("refresh", "invalid_grant") == 1
    assert outer.seconds == {"pause": 2.0}
    assert events.tally.count("retry") == 4
    assert list(inner.recent) == []  # keeps counts, not events


async def test_concurrent_blocks_count_only_their_own_tasks_events() -> None:
    events = EventDispatcher()

    async def work(retries: int) -> EventCounter:
        with counting_events() as counter:
            for _ in range(retries):
                await asyncio.sleep(0)  # interleave with the other block
                events.emit("retry")
            # A task started inside the block counts into it too.
            await asyncio.create_task(_emit_later(events))
        return counter

    a, b = await asyncio.gather(work(3), work(5))
    assert (a.count("retry"), b.count("retry")) == (4, 6)
    assert events.tally.count("retry") == 10


async def _emit_later(events: EventDispatcher) -> None:
    await asyncio.sleep(0)
    events.emit("retry")


async def test_requests_on_one_session_are_counted_per_block_from_the_same_events() -> None:
    # Which task each retry event was emitted in, as a hook sees it: each block's count must
    # be exactly its own task's, and together they are the session's.
    seen: list[str] = []

    def where(event: SessionEvent) -> None:
        if event.kind == "retry":
            task = asyncio.current_task()
            seen.append(task.get_name() if task is not None else "?")

    async def reads(session: ss.ScopeStackSession, count: int) -> EventCounter:
        with counting_events() as counter:
            for _ in range(count):
                await session.me(refresh=True)
        return counter

    policy = ss.RetryPolicy(max_attempts=30, backoff_base=0.0)
    async with Sandbox(records=5) as sb, sb.session("admin", retry=policy, hooks=[where]) as s:
        await s.me()
        sb.set_faults(fault_rate=0.5, fault_statuses=(503,))
        one = asyncio.create_task(reads(s, 20), name="one")
        two = asyncio.create_task(reads(s, 30), name="two")
        a, b = await one, await two
        sb.set_faults()
    assert a.count("retry") == seen.count("one") > 0
    assert b.count("retry") == seen.count("two") > 0
    assert a.count("retry") + b.count("retry") == s.retries == len(seen)


async def test_an_export_inside_a_block_counts_there_too(tmp_path: Path) -> None:
    async with Sandbox(records=200) as sb, sb.session("admin") as session:
        await session.me()
        sb.set_faults(fault_rate=0.3, fault_statuses=(503,))
        with counting_events() as mine:
            result = await session.export("projects", tmp_path / "p.jsonl", page_size=10)
        sb.set_faults()
    assert result.records == 200
    assert result.retries == mine.count("retry") == session.retries > 0


async def test_the_retry_middlewares_figures_are_its_events() -> None:
    policy = ss.RetryPolicy(max_attempts=30, backoff_base=0.0)
    async with Sandbox(records=5) as sb, sb.session("admin", retry=policy) as session:
        await session.me()
        sb.set_faults(rate_limit_rate=0.3, retry_after=1)
        for _ in range(40):
            await session.me(refresh=True)
        sb.set_faults()
    retry = session._middlewares()[0]
    assert isinstance(retry, ss.RetryMiddleware)
    tally = session.events.tally
    assert retry.retries == tally.count("retry") == session.retries > 0
    assert retry.pauses == tally.count("pause") == sb.stats.api_requests[429]
