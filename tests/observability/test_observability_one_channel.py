"""The session's figures come from its events: one channel for session.retries, the export's
retry count and any hook's counts."""

from __future__ import annotations

from pathlib import Path

import pytest

import scopestack_async as ss
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
