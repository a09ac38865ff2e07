"""A token store in this process's memory: the default, and the one for tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from .._core.tokens import Token
from ._loop_locks import LoopLocks

__all__ = ["MemoryTokenStore"]


class MemoryTokenStore:
    """Tokens in a dict; the lock is one ``asyncio.Lock`` per key and per running loop.

    Locks are created lazily inside the running loop, so the store can be built before any
    loop exists and reused by several ``asyncio.run`` calls or test loops in turn.
    """

    def __init__(self) -> None:
        self._tokens: dict[str, Token] = {}
        self._locks = LoopLocks()

    def __repr__(self) -> str:
        return f"MemoryTokenStore(keys={len(self._tokens)})"

    async def get(self, key: str) -> Token | None:
        """The token under ``key``, or None."""
        return self._tokens.get(key)

    async def set(self, key: str, token: Token) -> None:
        """Store ``token`` under ``key``."""
        self._tokens[key] = token

    async def delete(self, key: str) -> None:
        """Forget the token under ``key``."""
        self._tokens.pop(key, None)

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        """Hold the per-key lock."""
        async with self._locks.get(key):
            yield
