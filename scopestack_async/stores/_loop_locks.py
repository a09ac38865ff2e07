"""Per-loop asyncio locks, in a module of their own: the memory store (loaded by
``import scopestack_async``) needs them, and must not pull in ``filelock`` with ``_locks``."""

from __future__ import annotations

import asyncio
import weakref

__all__ = ["LoopLocks"]


class LoopLocks:
    """One ``asyncio.Lock`` per key for each running event loop.

    An ``asyncio.Lock`` belongs to the loop that first waits on it; keeping them per loop lets
    one store object serve several ``asyncio.run`` calls (or test loops) in turn.
    """

    def __init__(self) -> None:
        self._by_loop: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[str, asyncio.Lock]
        ] = weakref.WeakKeyDictionary()

    def get(self, key: str) -> asyncio.Lock:
        """The lock for ``key`` in the running loop."""
        locks = self._by_loop.setdefault(asyncio.get_running_loop(), {})
        lock = locks.get(key)
        if lock is None:
            lock = locks[key] = asyncio.Lock()
        return lock
