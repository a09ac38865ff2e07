"""Every shipped token store passes the contract suite users can run on their own stores."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import redis.asyncio
from stores_helpers import file_keyring

from scopestack_async.stores import (
    FileTokenStore,
    KeyringTokenStore,
    MemoryTokenStore,
    RedisTokenStore,
    TokenStore,
)
from scopestack_async.testing import StoreFactory, TokenStoreContract


class TestMemoryTokenStoreContract(TokenStoreContract):
    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        # A memory store's backing is the instance itself: the "second instance" is the same.
        store = MemoryTokenStore()
        return lambda: store


class TestFileTokenStoreContract(TokenStoreContract):
    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> StoreFactory:
        return lambda: FileTokenStore(tmp_path / "config" / "tokens.json")


class TestKeyringTokenStoreContract(TokenStoreContract):
    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> StoreFactory:
        def make() -> TokenStore:
            backend = file_keyring(tmp_path / "keyring.cfg")
            return KeyringTokenStore(keyring_backend=backend, lock_dir=tmp_path / "locks")

        return make


class TestKeyringWithWindowsSizeLimitContract(TokenStoreContract):
    """The same suite on a backend that refuses entries over 2,560 bytes, like Windows'."""

    @pytest.fixture
    def store_factory(self, tmp_path: Path) -> StoreFactory:
        def make() -> TokenStore:
            backend = file_keyring(tmp_path / "keyring.cfg", limited=True)
            return KeyringTokenStore(keyring_backend=backend, lock_dir=tmp_path / "locks")

        return make


class TestRedisTokenStoreContract(TokenStoreContract):
    @pytest.fixture
    async def store_factory(
        self, redis_server: str, redis_prefix: str
    ) -> AsyncIterator[StoreFactory]:
        made: list[RedisTokenStore] = []

        def make() -> TokenStore:
            made.append(RedisTokenStore(redis_server, prefix=redis_prefix))
            return made[-1]

        yield make
        for store in made:
            await store.aclose()


class TestRedisTokenStoreWithOwnClientContract(TokenStoreContract):
    @pytest.fixture
    async def store_factory(
        self, redis_server: str, redis_prefix: str
    ) -> AsyncIterator[StoreFactory]:
        client = redis.asyncio.Redis.from_url(redis_server, decode_responses=True)
        yield lambda: RedisTokenStore(client, prefix=redis_prefix)
        await client.aclose()
