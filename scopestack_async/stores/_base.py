"""The ``TokenStore`` protocol: where tokens live, and the lock that makes refresh exclusive."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol, runtime_checkable

from .._core.tokens import Token

__all__ = ["TokenStore"]


@runtime_checkable
class TokenStore(Protocol):
    """Keeps tokens by key and serialises refreshes of one key.

    ``lock(key)`` must be exclusive across every party that shares the store: coroutines for
    the in-memory store, processes for the file and keyring stores, machines for Redis. The
    refresh engine re-reads the token after taking the lock, so a peer's refresh is adopted
    rather than repeated.
    """

    async def get(self, key: str) -> Token | None:
        """The token stored under ``key``, or None."""
        ...

    async def set(self, key: str, token: Token) -> None:
        """Store ``token`` under ``key``, replacing any previous one."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the token under ``key``; no error if there is none."""
        ...

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        """An async context manager held while refreshing the token under ``key``."""
        ...
