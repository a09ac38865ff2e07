"""Cancellation at any await point leaves the store consistent; nothing is left pending.

The sandbox delays every answer (the token endpoint too) so a refresh is in flight for a
while; the caller is cancelled at many points of it. Rotation is ``immediate``, so a refresh
abandoned half way would burn the refresh token and show as invalid_grant or reuse.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox, SandboxConfig

LATENCY = 0.15
CANCEL_AFTER = [0.0, 0.005, 0.02, 0.05, 0.1, 0.14, 0.16, 0.2, 0.25, 0.3, 0.4]


def others() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]


async def test_cancelling_a_refresh_anywhere_keeps_the_store_whole(tmp_path: Path) -> None:
    config = SandboxConfig(records=10, rotation="immediate", faults_on_auth=True, latency=LATENCY)
    store = ss.FileTokenStore(tmp_path / "tokens.json")
    async with Sandbox(config) as sb:
        session = sb.session(token_store=store)
        cancelled = 0
        async with session:
            await session.me()
            for delay in CANCEL_AFTER:
                sb.expire_tokens_now()
                task = asyncio.create_task(session.request("GET", "/v1/me"))
                await asyncio.sleep(delay)
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    cancelled += 1
                await session.tokens.close()  # lets a shielded refresh in flight finish
                stored = await store.get(session.token_key)
                assert stored is not None
                assert stored.refresh_token is not None
                row = sb.oauth.by_access[stored.access_token]
                assert row.revoked_at is None
                assert sb.oauth.by_refresh[stored.refresh_token] is row  # a complete pair
                assert stored == session.tokens.token
                assert (await session.me(refresh=True)).account_slug == "acme"
    assert others() == []  # nothing left running once the session and the server closed
    assert cancelled >= len(CANCEL_AFTER) - 2
    assert sb.stats.refresh_reuse == 0
    assert dict(sb.stats.token_errors) == {}
    assert sb.stats.refreshes >= len(CANCEL_AFTER)
