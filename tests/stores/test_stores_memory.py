"""MemoryTokenStore: one store object serves several event loops in turn."""

from __future__ import annotations

import asyncio

from scopestack_async.stores import MemoryTokenStore


async def contend(store: MemoryTokenStore, key: str, holders: int) -> list[str]:
    """Run ``holders`` tasks through ``store.lock(key)`` at once; the order they held it."""
    order: list[str] = []

    async def hold(name: str) -> None:
        async with store.lock(key):
            order.append(f"{name}:in")
            # Yield while holding, so every other task waits on the lock (and binds it to
            # this loop, which is what broke a second asyncio.run).
            await asyncio.sleep(0)
            order.append(f"{name}:out")

    await asyncio.gather(*(hold(f"t{index}") for index in range(holders)))
    return order


def test_a_contended_lock_works_again_under_a_second_asyncio_run() -> None:
    store = MemoryTokenStore()
    first = asyncio.run(contend(store, "client:a", 3))
    second = asyncio.run(contend(store, "client:a", 3))
    expected = [f"t{index}:{step}" for index in range(3) for step in ("in", "out")]
    # Each holder leaves before the next enters: the lock still excludes in both loops.
    assert first == expected
    assert second == expected
