"""TokenStats reads the session's events: its figures and any hook's counts are one channel."""

from __future__ import annotations

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox


async def test_token_stats_agree_with_a_hook_through_logins_refreshes_and_adoptions() -> None:
    counter = ss.EventCounter()
    async with Sandbox(records=5) as sb:
        store = ss.MemoryTokenStore()
        async with sb.session("admin", hooks=[counter], token_store=store) as session:
            await session.me()
            sb.expire_tokens_now()
            await session.me(refresh=True)
            stats = session.tokens.stats
            assert (stats.authentications, stats.refreshes) == (1, 1)
            assert stats.refreshes == counter.count("refresh", "ok")
            assert stats.authentications == counter.count("authenticate", "ok")
            assert stats.adopted_from_store == counter.count("adopt")
            assert "refreshes=1" in repr(stats)


async def test_token_stats_follow_the_event_channel() -> None:
    async with Sandbox(records=5) as sb, sb.session("admin") as session:
        stats = session.tokens.stats
        before = stats.refreshes
        session.events.emit("refresh")  # the figure is the channel's, not a side counter
        session.events.emit("refresh", outcome="invalid_grant")  # a failed one is not counted
        assert stats.refreshes == before + 1
