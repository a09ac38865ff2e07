"""FileTokenStore: file format, permissions, and a clear error for every broken file."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from scopestack_async.errors import TokenStoreError
from scopestack_async.stores import FileTokenStore
from scopestack_async.stores._codec import dump_token
from scopestack_async.testing import sample_token

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def contents(path: Path) -> bytes:
    """The file's bytes (a helper: the tests read files synchronously, on purpose)."""
    return path.read_bytes()


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)


@pytest.fixture
def token_path(tmp_path: Path) -> Path:
    return tmp_path / "conf" / "tokens.json"


@posix_only
async def test_created_file_is_0600_in_a_0700_folder(token_path: Path) -> None:
    await FileTokenStore(token_path).set("k", sample_token(1))
    assert (mode_of(token_path), mode_of(token_path.parent)) == (0o600, 0o700)


@posix_only
async def test_file_stays_0600_after_rewrites_under_a_loose_umask(token_path: Path) -> None:
    old = os.umask(0o000)
    try:
        store = FileTokenStore(token_path)
        for n in range(3):
            await store.set(f"k{n}", sample_token(n))
    finally:
        os.umask(old)
    assert (mode_of(token_path), mode_of(token_path.parent)) == (0o600, 0o700)


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
async def test_a_file_others_can_read_is_refused_with_the_fix(token_path: Path, mode: int) -> None:
    store = FileTokenStore(token_path)
    await store.set("k", sample_token(1))
    os.chmod(token_path, mode)
    before = contents(token_path)
    for attempt in (store.get("k"), store.set("k", sample_token(2))):
        with pytest.raises(TokenStoreError) as caught:
            await attempt
        message = str(caught.value)
        assert str(token_path) in message
        assert f"chmod 600 {token_path}" in message
        assert f"{mode:04o}" in message
    assert contents(token_path) == before


async def test_file_holds_many_keys_under_a_schema_version(token_path: Path) -> None:
    store = FileTokenStore(token_path)
    await store.set("a", sample_token(1))
    await store.set("b", sample_token(2))
    document = orjson.loads(contents(token_path))
    assert document == {
        "schema_version": 1,
        "tokens": {"a": dump_token(sample_token(1)), "b": dump_token(sample_token(2))},
    }


async def test_delete_of_a_missing_key_creates_no_file(token_path: Path) -> None:
    await FileTokenStore(token_path).delete("k")
    assert not token_path.parent.exists()


async def test_an_empty_pre_created_file_is_an_empty_store(token_path: Path) -> None:
    write_private(token_path, b"")
    store = FileTokenStore(token_path)
    assert await store.get("k") is None
    await store.set("k", sample_token(1))
    assert await FileTokenStore(token_path).get("k") == sample_token(1)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"schema_version": 1, "tokens": {"k": {"access_tok', "corrupt or truncated"),
        (b"\x00\x00\x00\x00", "corrupt or truncated"),
        (b"[1, 2, 3]", "not a scopestack-async token file"),
        (b'{"schema_version": 1}', "not a scopestack-async token file"),
        (b'{"schema_version": 2, "tokens": {}}', "schema version 2"),
        (b'{"tokens": {}}', "schema version None"),
    ],
)
async def test_a_broken_file_raises_and_is_never_overwritten(
    token_path: Path, content: bytes, expected: str
) -> None:
    write_private(token_path, content)
    store = FileTokenStore(token_path)
    for attempt in (store.get("k"), store.set("k", sample_token(1)), store.delete("k")):
        with pytest.raises(TokenStoreError) as caught:
            await attempt
        assert expected in str(caught.value)
        assert str(token_path) in str(caught.value)
    assert contents(token_path) == content


async def test_unknown_schema_version_says_to_upgrade(token_path: Path) -> None:
    write_private(token_path, b'{"schema_version": 9, "tokens": {}}')
    with pytest.raises(TokenStoreError, match="Upgrade scopestack-async"):
        await FileTokenStore(token_path).get("k")


async def test_a_malformed_entry_fails_alone_without_leaking_it(token_path: Path) -> None:
    good = dump_token(sample_token(1))
    bad = {"access_token": "secret-access-value", "expires_in": "soon"}
    write_private(token_path, orjson.dumps({"schema_version": 1, "tokens": {"a": good, "b": bad}}))
    store = FileTokenStore(token_path)
    assert await store.get("a") == sample_token(1)
    with pytest.raises(TokenStoreError) as caught:
        await store.get("b")
    assert str(token_path) in str(caught.value)
    assert "secret-access-value" not in str(caught.value)


async def test_a_folder_as_path_is_refused_with_a_file_suggestion(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path)
    for attempt in (store.get("k"), store.set("k", sample_token(1))):
        with pytest.raises(TokenStoreError) as caught:
            await attempt
        assert f"{tmp_path} is a folder" in str(caught.value)
        assert str(tmp_path / "tokens.json") in str(caught.value)
    assert names_in(tmp_path) == []


@pytest.fixture(params=[False, True], ids=["fresh", "with-lock-file"])
def read_only_folder(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A folder this process cannot write into (chmod, or chattr +i when running as root)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    write_private(folder / "tokens.json", orjson.dumps({"schema_version": 1, "tokens": {}}))
    if request.param:  # a lock file left by an earlier run: then the write itself fails
        write_private(folder / "tokens.json.lock", b"")
    if os.geteuid() != 0:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)], check=False).returncode:
        if os.environ.get("CI") == "true":
            pytest.fail("cannot make a read-only folder as root (chattr +i failed)")
        pytest.skip("cannot make a read-only folder as root without chattr")
    try:
        yield folder
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


@posix_only
async def test_a_read_only_location_raises_naming_path_and_fix(read_only_folder: Path) -> None:
    path = read_only_folder / "tokens.json"
    before = path.read_bytes()
    store = FileTokenStore(path)
    assert await store.get("k") is None
    with pytest.raises(TokenStoreError) as caught:
        await store.set("k", sample_token(1))
    message = str(caught.value)
    assert str(path) in message
    assert f"Make {read_only_folder} writable" in message
    assert path.read_bytes() == before


async def test_temp_files_of_dead_writers_are_removed_by_the_next_write(token_path: Path) -> None:
    store = FileTokenStore(token_path)
    await store.set("k", sample_token(1))
    for n in range(3):
        (token_path.parent / f".tokens.json.dead{n}.tmp").write_bytes(b'{"schema_vers')
    await store.set("k", sample_token(2))
    assert sorted(p.name for p in token_path.parent.iterdir() if p.suffix == ".tmp") == []
    assert await store.get("k") == sample_token(2)


async def test_default_path_is_in_the_user_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.name != "posix" or os.uname().sysname == "Darwin":
        pytest.skip("XDG_CONFIG_HOME applies on Linux and BSD")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    store = FileTokenStore()
    assert store.path == tmp_path / "xdg" / "scopestack-async" / "tokens.json"
    await store.set("k", sample_token(1))
    assert await FileTokenStore(FileTokenStore.default_path()).get("k") == sample_token(1)


async def test_relative_paths_are_fixed_at_construction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = FileTokenStore("tokens.json")
    monkeypatch.chdir(tmp_path.parent)
    await store.set("k", sample_token(1))
    assert (tmp_path / "tokens.json").exists()
    assert repr(store) == f"FileTokenStore({str(tmp_path / 'tokens.json')!r})"


async def test_lock_wait_bounds_the_wait_for_another_holder(token_path: Path) -> None:
    holder, waiter = FileTokenStore(token_path), FileTokenStore(token_path, lock_wait=0.3)
    async with holder.lock("k"):
        with pytest.raises(TokenStoreError) as caught:
            async with waiter.lock("k"):
                pytest.fail("the lock was held twice")
    assert "Timed out after 0.3 s" in str(caught.value)
    assert str(token_path.parent) in str(caught.value)
    async with waiter.lock("k"):
        pass  # free again once the holder left


async def test_lock_files_are_siblings_of_the_token_file(token_path: Path) -> None:
    store = FileTokenStore(token_path)
    async with store.lock("k1"), store.lock("k2"):
        await store.set("k1", sample_token(1))
    names = sorted(p.name for p in token_path.parent.iterdir())
    assert len(names) == 4
    assert names[0] == "tokens.json"
    assert "tokens.json.lock" in names
    assert all(name.startswith("tokens.json") for name in names)
