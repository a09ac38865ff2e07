"""Any token store's failures as ``TokenStoreError``: users' own stores may raise anything."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager

from .._core.tokens import Token
from ..errors import ScopeStackError, TokenStoreError
from ._base import TokenStore

__all__ = ["GuardedStore"]


def _failed(store: TokenStore, operation: str, exc: Exception) -> TokenStoreError:
    return TokenStoreError(
        f"The token store {type(store).__name__} failed to {operation} "
        f"({type(exc).__name__}: {exc}). Check the store's backing service or file, or use "
        "another store."
    )


class GuardedStore:
    """Wraps a :class:`TokenStore` so that anything but a ``ScopeStackError`` it raises
    becomes a ``TokenStoreError`` naming the store and the operation."""

    def __init__(self, store: TokenStore) -> None:
        self.store = store

    def __repr__(self) -> str:
        return f"GuardedStore({self.store!r})"

    async def get(self, key: str) -> Token | None:
        """The store's ``get``."""
        try:
            return await self.store.get(key)
        except ScopeStackError:
            raise
        except Exception as exc:
            raise _failed(self.store, "read a token", exc) from exc

    async def set(self, key: str, token: Token) -> None:
        """The store's ``set``."""
        try:
            await self.store.set(key, token)
        except ScopeStackError:
            raise
        except Exception as exc:
            raise _failed(self.store, "save a token", exc) from exc

    async def delete(self, key: str) -> None:
        """The store's ``delete``."""
        try:
            await self.store.delete(key)
        except ScopeStackError:
            raise
        except Exception as exc:
            raise _failed(self.store, "delete a token", exc) from exc

    def lock(self, key: str) -> AbstractAsyncContextManager[None]:
        """The store's ``lock``; failures to take or release it become TokenStoreError."""
        return self._lock(key)

    @asynccontextmanager
    async def _lock(self, key: str) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            try:
                await stack.enter_async_context(self.store.lock(key))
            except ScopeStackError:
                raise
            except Exception as exc:
                raise _failed(self.store, "take its refresh lock", exc) from exc
            yield
