"""Issue 14, item 10: a failed refresh is logged once, at the level that fits who is told."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from core_fake import Running

import scopestack_async as ss
from scopestack_async.events import counting_events


class LockOutage(ss.MemoryTokenStore):
    """A store whose refresh lock fails while ``down`` (a Redis outage), after the first token."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        if self.down:
            raise ConnectionError("redis is down")
        async with super().lock(key):
            yield


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("scopestack_async") and r.levelno >= logging.WARNING
    ]


async def test_awaited_refresh_failures_are_not_also_warnings(
    fake: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="scopestack_async")
    store = LockOutage()
    fake.state.ttl = 0.3
    async with fake.session(token_store=store) as session:
        await session.ensure_token()
        store.down = True
        await asyncio.sleep(0.35)  # expired: each request awaits the refresh, and is told
        for _ in range(5):
            with pytest.raises(ss.TokenStoreError, match="refresh lock"):
                await session.request("GET", "/echo")
        store.down = False
    assert _warnings(caplog) == []
    told = [r for r in caplog.records if "raised to its caller" in r.getMessage()]
    assert len(told) == 5
    assert {r.levelname for r in told} == {"DEBUG"}


async def test_background_refresh_failures_warn_once_per_outage(
    fake: Running, caplog: pytest.LogCaptureFixture
) -> None:
    store = LockOutage()
    # Every token is in its early window at once: each request starts a background refresh.
    windows = ss.RefreshWindows(early=10_000.0, late=1.0, max_fraction_early=1.0)
    hook = ss.EventCounter()
    session = fake.session(token_store=store, refresh_windows=windows, hooks=[hook])
    async with session:
        await session.ensure_token()
        store.down = True
        with counting_events() as block:
            for _ in range(5):
                await session.request("GET", "/echo")  # the valid token still serves it
                for _ in range(20):
                    await asyncio.sleep(0)
        # The figure is the background_failure events, as a hook and a block count them.
        assert session.tokens.stats.background_failures == 5 == hook.count("background_failure")
        assert block.count("background_failure", "TokenStoreError") == 5
        store.down = False
        await session.request("GET", "/echo")
        for _ in range(20):
            await asyncio.sleep(0)
    warned = _warnings(caplog)
    assert len(warned) == 1
    assert "background token refresh failed" in warned[0]


async def test_a_store_outage_under_a_valid_token_warns_once(
    fake: Running, caplog: pytest.LogCaptureFixture
) -> None:
    store = LockOutage()
    # Every token is in its late window: each request awaits a refresh, which fails; the
    # request goes on with the still valid token, and nobody else is told: one warning.
    windows = ss.RefreshWindows(early=10_000.0, late=10_000.0, max_fraction_early=1.0,
                                max_fraction_late=1.0)  # fmt: skip
    async with fake.session(token_store=store, refresh_windows=windows) as session:
        await session.ensure_token()
        store.down = True
        for _ in range(5):
            await session.request("GET", "/echo")
        store.down = False
    warned = _warnings(caplog)
    assert len(warned) == 1
    assert "using the still valid token" in warned[0]
