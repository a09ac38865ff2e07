"""KeyringTokenStore: no-backend errors, splitting for Windows' size limit, serialised calls."""

from __future__ import annotations

import asyncio
import configparser
import time
from pathlib import Path

import keyring.backends.fail
import keyring.backends.null
import keyring.core
import keyring.errors
import pytest
from keyrings.alt.escape import escape, unescape
from keyrings.alt.file import PlaintextKeyring
from stores_helpers import WINDOWS_BLOB_LIMIT, LimitedPlaintextKeyring, file_keyring

from scopestack_async.errors import TokenStoreError
from scopestack_async.stores import KeyringTokenStore
from scopestack_async.stores.keyring_store import PART_CHARS
from scopestack_async.testing import sample_token


def entries(backend: PlaintextKeyring, service: str) -> dict[str, str]:
    """Every (user name -> encoded value) stored for ``service`` in a keyrings.alt file."""
    config = configparser.RawConfigParser()
    config.read(backend.file_path, encoding="utf-8")
    section = escape(service)
    if not config.has_section(section):
        return {}
    return {unescape(name): value for name, value in config.items(section)}


def store_on(backend: object, tmp_path: Path, **kwargs: object) -> KeyringTokenStore:
    return KeyringTokenStore(keyring_backend=backend, lock_dir=tmp_path / "locks", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "backend", [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()]
)
async def test_no_usable_backend_says_so_and_names_alternatives(
    backend: object, tmp_path: Path
) -> None:
    store = store_on(backend, tmp_path)
    for attempt in (store.get("k"), store.set("k", sample_token(1)), store.delete("k")):
        with pytest.raises(TokenStoreError) as caught:
            await attempt
        message = str(caught.value)
        assert "No usable keyring backend" in message
        assert "FileTokenStore" in message
        assert "RedisTokenStore" in message


async def test_the_default_backend_is_checked_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.backends.fail.Keyring())
    store = KeyringTokenStore(lock_dir=tmp_path / "locks")
    with pytest.raises(TokenStoreError, match="No usable keyring backend"):
        await store.get("k")


async def test_the_default_backend_is_used_when_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = file_keyring(tmp_path / "keyring.cfg")
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    await KeyringTokenStore("svc", lock_dir=tmp_path / "locks").set("k", sample_token(1))
    assert list(entries(backend, "svc")) == ["k"]


async def test_a_small_token_is_one_entry_of_json(tmp_path: Path) -> None:
    backend = file_keyring(tmp_path / "keyring.cfg")
    await store_on(backend, tmp_path).set("k", sample_token(1))
    stored = entries(backend, "scopestack-async")
    assert list(stored) == ["k"]
    assert backend.get_password("scopestack-async", "k").startswith('{"access_token":"a-1-')


async def test_a_large_token_is_split_under_the_windows_limit(tmp_path: Path) -> None:
    backend = file_keyring(tmp_path / "keyring.cfg", limited=True)
    assert isinstance(backend, LimitedPlaintextKeyring)
    token = sample_token(5, size=9000, scope="🔑" * 500)
    store = store_on(backend, tmp_path)
    await store.set("k", token)
    assert await store_on(file_keyring(tmp_path / "keyring.cfg"), tmp_path).get("k") == token
    parts = [name for name in entries(backend, "scopestack-async") if "#part:" in name]
    assert len(parts) >= 18  # ~18,000 characters of tokens at PART_CHARS each
    assert 0 < backend.largest <= WINDOWS_BLOB_LIMIT
    assert backend.largest >= 2 * PART_CHARS  # the parts are full, not needlessly small


async def test_replacing_and_deleting_a_split_token_leaves_no_parts(tmp_path: Path) -> None:
    backend = file_keyring(tmp_path / "keyring.cfg", limited=True)
    store = store_on(backend, tmp_path)
    await store.set("k", sample_token(1, size=5000))
    first = set(entries(backend, "scopestack-async"))
    await store.set("k", sample_token(2, size=5000))
    second = set(entries(backend, "scopestack-async"))
    assert len(first) == len(second) == 12  # manifest + 11 parts of 1,000 characters
    assert first & second == {"k"}  # a new generation of parts, the old one removed
    await store.set("k", sample_token(3))
    assert set(entries(backend, "scopestack-async")) == {"k"}
    await store.delete("k")
    assert entries(backend, "scopestack-async") == {}


async def test_missing_parts_raise_a_clear_error(tmp_path: Path) -> None:
    backend = file_keyring(tmp_path / "keyring.cfg")
    store = store_on(backend, tmp_path)
    await store.set("k", sample_token(1, size=3000))
    part = next(name for name in entries(backend, "scopestack-async") if "#part:" in name)
    backend.delete_password("scopestack-async", part)
    with pytest.raises(TokenStoreError, match="parts are missing"):
        await store.get("k")


async def test_fifty_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    backend = file_keyring(tmp_path / "keyring.cfg")
    stores = [
        store_on(backend, tmp_path),
        store_on(file_keyring(tmp_path / "keyring.cfg"), tmp_path),
    ]
    await asyncio.gather(*(stores[n % 2].set(f"k{n}", sample_token(n)) for n in range(50)))
    assert len(entries(backend, "scopestack-async")) == 50
    assert [await stores[0].get(f"k{n}") for n in range(50)] == [sample_token(n) for n in range(50)]


class SlowKeyring(PlaintextKeyring):  # type: ignore[misc]  # keyrings.alt is untyped
    def get_password(self, service: str, username: str) -> str | None:
        time.sleep(0.5)
        return None


async def test_a_keyring_that_hangs_times_out_with_advice(tmp_path: Path) -> None:
    store = store_on(SlowKeyring(), tmp_path, call_timeout=0.1)
    with pytest.raises(TokenStoreError) as caught:
        await store.get("k")
    assert "did not answer within 0.1 s" in str(caught.value)
    assert "FileTokenStore" in str(caught.value)


class LockedKeyring(PlaintextKeyring):  # type: ignore[misc]  # keyrings.alt is untyped
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the collection is locked")


async def test_backend_errors_become_token_store_errors(tmp_path: Path) -> None:
    with pytest.raises(TokenStoreError) as caught:
        await store_on(LockedKeyring(), tmp_path).get("k")
    assert "KeyringLocked: the collection is locked" in str(caught.value)
    assert isinstance(caught.value.__cause__, keyring.errors.KeyringLocked)


async def test_refresh_locks_are_files_named_by_a_hash(tmp_path: Path) -> None:
    store = store_on(file_keyring(tmp_path / "keyring.cfg"), tmp_path)
    async with store.lock("https://app.scopestack.io|client|user@example.com"):
        pass
    names = [p.name for p in (tmp_path / "locks").iterdir()]
    assert len(names) == 1
    assert names[0].endswith(".lock")
    assert "scopestack" not in names[0]


async def test_default_lock_dir_is_in_the_user_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    store = KeyringTokenStore(keyring_backend=file_keyring(tmp_path / "keyring.cfg"))
    async with store.lock("k"):
        pass
    locks = list((tmp_path / "cache" / "scopestack-async" / "keyring-locks").iterdir())
    assert len(locks) == 1
