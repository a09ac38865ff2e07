"""Issue 14, items 8 and 9: locks are always released; a damaged keyring entry is bounded."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import filelock
import pytest
from keyrings.alt.file import PlaintextKeyring
from stores_helpers import file_keyring

from scopestack_async.errors import TokenStoreError
from scopestack_async.stores import FileTokenStore, KeyringTokenStore
from scopestack_async.stores._locks import ProcessFileLock
from scopestack_async.stores.keyring_store import MAX_PARTS, manifest_parts
from scopestack_async.testing import sample_token


def _free(path: Path) -> bool:
    """True when another holder (a new descriptor, as another process would be) can lock."""
    probe = filelock.FileLock(str(path))
    try:
        probe.acquire(blocking=False)
    except filelock.Timeout:
        return False
    probe.release()
    return True


async def _cancel_while_the_release_would_be_queued(path: Path, holder: asyncio.Task[None]) -> None:
    loop = asyncio.get_running_loop()
    gate = threading.Event()
    blocker = loop.run_in_executor(None, gate.wait)  # the one worker is busy from here on
    holder.cancel()  # the body stops: hold()'s finally starts the release
    for _ in range(5):
        await asyncio.sleep(0)
    holder.cancel()  # lands while a release handed to to_thread would still be queued
    gate.set()
    await blocker
    with pytest.raises(asyncio.CancelledError):
        await holder


async def test_a_cancelled_holder_always_releases_the_lock_file(tmp_path: Path) -> None:
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=1))
    lock = ProcessFileLock(tmp_path / "x.lock", wait=5.0, purpose="test")
    entered = asyncio.Event()

    async def hold() -> None:
        async with lock.hold():
            entered.set()
            await asyncio.sleep(3600)

    holder = asyncio.ensure_future(hold())
    await entered.wait()
    assert not _free(tmp_path / "x.lock")
    await _cancel_while_the_release_would_be_queued(tmp_path / "x.lock", holder)
    assert _free(tmp_path / "x.lock")


async def test_a_cancelled_refresh_lock_of_the_file_store_is_released(tmp_path: Path) -> None:
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=1))
    store = FileTokenStore(tmp_path / "tokens.json")
    entered = asyncio.Event()

    async def refresh() -> None:
        async with store.lock("k"):
            entered.set()
            await asyncio.sleep(3600)

    holder = asyncio.ensure_future(refresh())
    await entered.wait()
    await _cancel_while_the_release_would_be_queued(tmp_path, holder)
    other = FileTokenStore(tmp_path / "tokens.json", lock_wait=1.0)
    async with other.lock("k"):  # another process's store: the lock file is free again
        await other.set("k", sample_token(1))
    assert await other.get("k") == sample_token(1)


@pytest.mark.parametrize(
    "manifest",
    [
        {"scopestack_async_chunks": 1},
        {"scopestack_async_chunks": 1, "generation": "ab12", "parts": "many"},
        {"scopestack_async_chunks": 1, "generation": "ab12", "parts": 0},
        {"scopestack_async_chunks": 1, "generation": "ab12", "parts": 30_000},
        {"scopestack_async_chunks": 1, "generation": "ab12", "parts": 10**8},
        {"scopestack_async_chunks": 1, "generation": ["x"], "parts": 2},
        {"scopestack_async_chunks": 1, "generation": "ab12", "parts": True},
    ],
)
async def test_a_damaged_manifest_is_a_typed_error_before_any_part_is_read(
    manifest: dict[str, object], tmp_path: Path
) -> None:
    with pytest.raises(TokenStoreError, match="damaged manifest"):
        manifest_parts(manifest)
    backend = CountingKeyring(tmp_path / "keyring.cfg")
    backend.set_password("scopestack-async", "k", json.dumps(manifest))
    store = KeyringTokenStore(keyring_backend=backend, lock_dir=tmp_path / "locks")
    backend.reads = 0
    with pytest.raises(TokenStoreError, match="damaged manifest"):
        await store.get("k")
    assert backend.reads == 1  # the manifest only, never a part
    await store.set("k", sample_token(2))  # and it can be replaced
    assert await store.get("k") == sample_token(2)


class CountingKeyring(PlaintextKeyring):  # type: ignore[misc]  # keyrings.alt is untyped
    def __init__(self, path: Path, delay: float = 0.0) -> None:
        super().__init__()
        self.file_path = str(path)
        self.reads = 0
        self.delay = delay

    def get_password(self, service: str, username: str) -> str | None:
        self.reads += 1
        if "#part:" in username and self.delay:
            time.sleep(self.delay)
        return super().get_password(service, username)  # type: ignore[no-any-return]


async def test_a_timed_out_read_frees_the_keyring_for_the_next_call(tmp_path: Path) -> None:
    backend = CountingKeyring(tmp_path / "keyring.cfg", delay=0.05)
    # A whole split token of MAX_PARTS parts, each part slow to read (a wedged backend).
    store = KeyringTokenStore(keyring_backend=backend, lock_dir=tmp_path / "locks")
    await store.set("big", sample_token(1, size=MAX_PARTS * 500 - 1000))
    hurried = KeyringTokenStore(
        keyring_backend=backend, lock_dir=tmp_path / "locks", call_timeout=0.2
    )
    with pytest.raises(TokenStoreError, match=r"did not answer within 0\.2 s"):
        await hurried.get("big")
    backend.reads = 0
    # The next call, in another store of the process, gets the keyring in its own time.
    patient = KeyringTokenStore(keyring_backend=file_keyring(tmp_path / "keyring.cfg"),
                                lock_dir=tmp_path / "locks", call_timeout=2.0)  # fmt: skip
    assert await patient.get("absent") is None
    assert backend.reads < MAX_PARTS  # the timed-out reader stopped early


async def test_a_holder_cancelled_during_its_release_still_frees_the_redis_lock(
    redis_server: str, redis_prefix: str
) -> None:
    import redis.asyncio as aioredis

    from scopestack_async.stores import RedisTokenStore

    key = f"{redis_prefix}lock:k"
    started = asyncio.Event()
    async with RedisTokenStore(redis_server, prefix=redis_prefix, lock_expiry=60) as store:

        async def holder() -> None:
            async with store.lock("k"):
                started.set()
                await asyncio.sleep(60)

        task = asyncio.create_task(holder())
        await asyncio.wait_for(started.wait(), 10)
        task.cancel()  # into the lock's cleanup...
        await asyncio.sleep(0)
        task.cancel()  # ...and again while that cleanup awaits (a timeout, then Ctrl-C)
        with pytest.raises(asyncio.CancelledError):
            await task
        client = aioredis.Redis.from_url(redis_server)
        try:
            for _ in range(100):  # bounded: 2 s, against the lock's 60 s expiry
                if not await client.exists(key):
                    break
                await asyncio.sleep(0.02)
            assert not await client.exists(key), "the lock stayed held until its expiry"
        finally:
            await client.aclose()
