"""RedisTokenStore against a real redis-server: layout, expiring owned locks, clear errors."""

from __future__ import annotations

import asyncio
import logging

import orjson
import pytest
import redis.asyncio
from stores_helpers import free_port

from scopestack_async.errors import TokenStoreError
from scopestack_async.stores import RedisTokenStore
from scopestack_async.stores._codec import dump_token
from scopestack_async.testing import sample_token


@pytest.fixture
async def client(redis_server: str) -> redis.asyncio.Redis:
    client = redis.asyncio.Redis.from_url(redis_server)
    yield client
    await client.aclose()


async def test_tokens_are_json_under_the_prefix(
    redis_store: RedisTokenStore, client: redis.asyncio.Redis, redis_prefix: str
) -> None:
    await redis_store.set("k", sample_token(1))
    assert await client.keys(f"{redis_prefix}*") == [f"{redis_prefix}token:k".encode()]
    raw = await client.get(f"{redis_prefix}token:k")
    assert orjson.loads(raw) == dump_token(sample_token(1))


async def test_a_held_lock_is_an_expiring_key_gone_after_release(
    redis_store: RedisTokenStore, client: redis.asyncio.Redis, redis_prefix: str
) -> None:
    name = f"{redis_prefix}lock:k"
    async with redis_store.lock("k"):
        owner = await client.get(name)
        ttl = await client.pttl(name)
    assert owner is not None
    assert 0 < ttl <= 15_000
    assert await client.exists(name) == 0


async def test_a_dead_holders_lock_blocks_only_until_it_expires(
    redis_server: str, redis_prefix: str, client: redis.asyncio.Redis
) -> None:
    # What a worker killed mid-refresh leaves behind: an owned lock with an expiry.
    await client.set(f"{redis_prefix}lock:k", b"dead-worker", px=700)
    async with RedisTokenStore(redis_server, prefix=redis_prefix, lock_wait=0.2) as impatient:
        with pytest.raises(TokenStoreError) as caught:
            async with impatient.lock("k"):
                pytest.fail("took a lock another owner holds")
    assert "expires within 15 s" in str(caught.value)
    async with RedisTokenStore(redis_server, prefix=redis_prefix, lock_wait=10) as patient:
        async with patient.lock("k"):
            assert await client.get(f"{redis_prefix}lock:k") != b"dead-worker"


async def test_a_live_holder_keeps_renewing_its_lock(redis_server: str, redis_prefix: str) -> None:
    async with (
        RedisTokenStore(redis_server, prefix=redis_prefix, lock_expiry=0.3) as holder,
        RedisTokenStore(redis_server, prefix=redis_prefix, lock_wait=1.0) as other,
    ):
        async with holder.lock("k"):
            with pytest.raises(TokenStoreError, match="Timed out after 1 s"):
                async with other.lock("k"):
                    pytest.fail("took a lock whose live holder renews it")
        async with other.lock("k"):
            pass  # released by the holder, free at once


async def test_a_lock_lost_before_release_is_logged_not_raised(
    redis_store: RedisTokenStore,
    client: redis.asyncio.Redis,
    redis_prefix: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="scopestack_async.stores"):
        async with redis_store.lock("k"):
            await client.delete(f"{redis_prefix}lock:k")  # as if it had expired
    assert [r.getMessage() for r in caplog.records] == [
        f"The Redis lock '{redis_prefix}lock:k' had expired before its release; another worker "
        "may have refreshed concurrently. Raise lock_expiry if refreshes take that long."
    ]


async def test_a_client_passed_in_is_not_closed(
    client: redis.asyncio.Redis, redis_prefix: str
) -> None:
    async with RedisTokenStore(client, prefix=redis_prefix) as store:
        await store.set("k", sample_token(1))
    assert await client.ping() is True
    assert repr(store) == f"RedisTokenStore('client', prefix={redis_prefix!r})"


async def test_a_url_store_can_be_reused_after_aclose(redis_server: str, redis_prefix: str) -> None:
    store = RedisTokenStore(redis_server, prefix=redis_prefix)
    await store.set("k", sample_token(1))
    await store.aclose()
    assert await store.get("k") == sample_token(1)
    await store.aclose()


def test_one_store_serves_successive_event_loops(redis_server: str, redis_prefix: str) -> None:
    store = RedisTokenStore(redis_server, prefix=redis_prefix)

    async def write_then_close() -> None:
        await store.set("k", sample_token(1))
        await store.aclose()

    async def read_then_close() -> object:
        try:
            return await store.get("k")
        finally:
            await store.aclose()

    asyncio.run(write_then_close())
    assert asyncio.run(read_then_close()) == sample_token(1)


async def test_an_unreachable_server_is_a_clear_error_without_the_password() -> None:
    url = f"redis://worker:s3cret-pw@127.0.0.1:{free_port()}/0"
    async with RedisTokenStore(url) as store:
        for attempt in (store.get("k"), store.set("k", sample_token(1))):
            with pytest.raises(TokenStoreError) as caught:
                await attempt
            message = str(caught.value)
            assert "Check that Redis is running" in message
            assert "redis://worker:***@127.0.0.1:" in message
            assert "s3cret-pw" not in message
        with pytest.raises(TokenStoreError, match="take the refresh lock"):
            async with store.lock("k"):
                pytest.fail("locked without a server")
    assert "s3cret-pw" not in repr(store)


async def test_a_garbage_value_is_a_clear_error(
    redis_store: RedisTokenStore, client: redis.asyncio.Redis, redis_prefix: str
) -> None:
    await client.set(f"{redis_prefix}token:k", b"not json")
    with pytest.raises(TokenStoreError, match=f"Redis key '{redis_prefix}token:k'"):
        await redis_store.get("k")
