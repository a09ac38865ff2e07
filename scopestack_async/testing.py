"""Test helpers for users of scopestack-async: the token store contract suite.

Every store shipped with the SDK passes :class:`TokenStoreContract`; check your own store by
subclassing it in a test module and giving a ``store_factory`` fixture that returns a
callable making *new instances over the same backing* (same file, same Redis, ...)::

    import pytest
    from scopestack_async.testing import TokenStoreContract

    class TestMyStore(TokenStoreContract):
        @pytest.fixture
        def store_factory(self, tmp_path):
            return lambda: MyStore(tmp_path / "backing")

The factory fixture may be async and may ``yield`` to clean up what it made. The tests are
marked for pytest-asyncio (install it), so they run in its strict and auto modes alike.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import pytest

from ._core.tokens import Token
from .stores._base import TokenStore

__all__ = ["StoreFactory", "TokenStoreContract", "sample_token"]

StoreFactory = Callable[[], TokenStore]

# Every wait in the suite is bounded, so a broken lock fails a test instead of hanging it.
_BOUND = 30.0


def sample_token(n: int = 0, *, size: int = 40, scope: str | None = "read write") -> Token:
    """A token whose fields all derive from ``n`` (so a mixed-up or torn token is detectable)."""
    pad = "x" * max(size - len(str(n)) - 2, 0)
    return Token(
        access_token=f"a-{n}-{pad}",
        refresh_token=f"r-{n}-{pad}",
        expires_in=7200.0 + n,
        created_at=1_700_000_000.5 + n,
        token_type="Bearer",
        scope=scope,
    )


async def _bounded(awaitable: Any) -> Any:
    return await asyncio.wait_for(awaitable, _BOUND)


@pytest.mark.asyncio
class TokenStoreContract:
    """The behaviour every :class:`~scopestack_async.stores.TokenStore` must have.

    Subclass it (with a name starting ``Test``) and override the ``store_factory`` fixture.
    Keys used by the suite start with ``contract:``; point the factory at an empty backing.
    """

    @pytest.fixture
    def store_factory(self) -> StoreFactory:
        """Override: return a callable that makes stores sharing one backing."""
        pytest.fail("Override the store_factory fixture in your TokenStoreContract subclass.")

    @pytest.fixture
    def store(self, store_factory: StoreFactory) -> TokenStore:
        """One store made by the factory."""
        return store_factory()

    async def test_is_a_token_store(self, store: TokenStore) -> None:
        assert isinstance(store, TokenStore)

    async def test_missing_key_reads_none(self, store: TokenStore) -> None:
        assert await _bounded(store.get("contract:missing")) is None

    async def test_set_then_get_returns_an_equal_token(self, store: TokenStore) -> None:
        token = sample_token(1)
        await _bounded(store.set("contract:k", token))
        assert await _bounded(store.get("contract:k")) == token

    async def test_optional_fields_round_trip_as_none(self, store: TokenStore) -> None:
        token = Token(access_token="only-access", expires_in=60.0, created_at=time.time())
        await _bounded(store.set("contract:bare", token))
        again = await _bounded(store.get("contract:bare"))
        assert again == token
        assert again.refresh_token is None
        assert again.scope is None

    async def test_set_replaces_the_previous_token(self, store: TokenStore) -> None:
        await _bounded(store.set("contract:k", sample_token(1)))
        await _bounded(store.set("contract:k", sample_token(2)))
        assert await _bounded(store.get("contract:k")) == sample_token(2)

    async def test_delete_removes_only_that_key(self, store: TokenStore) -> None:
        await _bounded(store.set("contract:a", sample_token(1)))
        await _bounded(store.set("contract:b", sample_token(2)))
        await _bounded(store.delete("contract:a"))
        assert await _bounded(store.get("contract:a")) is None
        assert await _bounded(store.get("contract:b")) == sample_token(2)

    async def test_delete_of_a_missing_key_is_a_no_op(self, store: TokenStore) -> None:
        await _bounded(store.delete("contract:never-set"))
        await _bounded(store.delete("contract:never-set"))
        assert await _bounded(store.get("contract:never-set")) is None

    async def test_many_keys_are_kept_apart(self, store: TokenStore) -> None:
        keys = [f"contract:many:{i}" for i in range(40)]
        for i, key in enumerate(keys):
            await _bounded(store.set(key, sample_token(i)))
        for key in keys[::2]:
            await _bounded(store.delete(key))
        found = [await _bounded(store.get(key)) for key in keys]
        assert found[::2] == [None] * 20
        assert found[1::2] == [sample_token(i) for i in range(1, 40, 2)]

    async def test_concurrent_sets_of_different_keys_all_land(self, store: TokenStore) -> None:
        keys = [f"contract:parallel:{i}" for i in range(20)]
        await _bounded(asyncio.gather(*(store.set(k, sample_token(i)) for i, k in enumerate(keys))))
        found = [await _bounded(store.get(key)) for key in keys]
        assert found == [sample_token(i) for i in range(20)]

    async def test_large_token_round_trips(self, store: TokenStore) -> None:
        # JWT access tokens with many claims reach several kilobytes.
        token = sample_token(7, size=12_000, scope=" ".join(f"scope{i}" for i in range(300)))
        await _bounded(store.set("contract:large", token))
        assert await _bounded(store.get("contract:large")) == token

    async def test_unicode_values_and_keys_round_trip(self, store: TokenStore) -> None:
        token = Token(
            access_token="tök€n-ü-😀-" + "ж" * 600,
            refresh_token="rëfresh-中文-𝄞",
            expires_in=3600.25,
            created_at=1_700_000_123.125,
            scope="lesen schreiben ü ñ",
        )
        key = "contract:https://app.scopestack.io|clïent id|usér@exämple.com 😀"
        await _bounded(store.set(key, token))
        assert await _bounded(store.get(key)) == token
        assert await _bounded(store.get("contract:https://app.scopestack.io")) is None

    async def test_a_second_instance_sees_set_and_delete(
        self, store: TokenStore, store_factory: StoreFactory
    ) -> None:
        other = store_factory()
        await _bounded(store.set("contract:shared", sample_token(3)))
        assert await _bounded(other.get("contract:shared")) == sample_token(3)
        await _bounded(other.delete("contract:shared"))
        assert await _bounded(store.get("contract:shared")) is None

    async def test_lock_admits_one_holder_at_a_time(self, store: TokenStore) -> None:
        state = {"inside": 0, "most": 0, "count": 0}

        async def increment() -> None:
            async with store.lock("contract:lock"):
                state["inside"] += 1
                state["most"] = max(state["most"], state["inside"])
                seen = state["count"]
                await asyncio.sleep(0.001)  # a peer that got in now would lose this update
                state["count"] = seen + 1
                state["inside"] -= 1

        await _bounded(asyncio.gather(*(increment() for _ in range(25))))
        assert state == {"inside": 0, "most": 1, "count": 25}

    async def test_lock_excludes_holders_in_another_instance(
        self, store: TokenStore, store_factory: StoreFactory
    ) -> None:
        stores = [store, store_factory()]
        inside: list[int] = []
        overlaps = 0

        async def hold(n: int) -> None:
            nonlocal overlaps
            async with stores[n % 2].lock("contract:shared-lock"):
                overlaps += len(inside)
                inside.append(n)
                await asyncio.sleep(0.002)
                inside.remove(n)

        await _bounded(asyncio.gather(*(hold(n) for n in range(12))))
        assert (overlaps, inside) == (0, [])

    async def test_locks_of_different_keys_are_independent(self, store: TokenStore) -> None:
        async with store.lock("contract:one"):
            # Would time out (and fail) if one key's lock blocked another's.
            await asyncio.wait_for(self._enter_and_leave(store, "contract:two"), 10.0)

    async def test_lock_is_released_when_the_body_raises(self, store: TokenStore) -> None:
        with pytest.raises(LookupError):
            async with store.lock("contract:raise"):
                raise LookupError("boom")
        await asyncio.wait_for(self._enter_and_leave(store, "contract:raise"), 10.0)

    async def test_a_cancelled_waiter_does_not_keep_the_lock(self, store: TokenStore) -> None:
        async with store.lock("contract:cancel"):
            waiter = asyncio.create_task(self._enter_and_leave(store, "contract:cancel"))
            await asyncio.sleep(0.05)
            waiter.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiter
        await asyncio.wait_for(self._enter_and_leave(store, "contract:cancel"), 10.0)

    @staticmethod
    async def _enter_and_leave(store: TokenStore, key: str) -> None:
        async with store.lock(key):
            await asyncio.sleep(0)
