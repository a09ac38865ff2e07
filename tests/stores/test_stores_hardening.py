"""Token stores, hardened: Redis never hangs or leaks a password, stored values are typed
strictly, and the token file refuses what it cannot trust (other users' files, symlinks)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

import scopestack_async as ss
from scopestack_async.errors import ConfigurationError, TokenStoreError
from scopestack_async.sandbox import Sandbox, SandboxConfig
from scopestack_async.stores import FileTokenStore, RedisTokenStore
from scopestack_async.stores._codec import dump_token, load_token
from scopestack_async.testing import sample_token

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cretPw"
OTHER_UID = 65534  # "nobody"


# -- a private redis-server this test may stop ----------------------------------------------


class StoppableRedis:
    """A redis-server of our own, so SIGSTOP freezes no other test's server."""

    def __init__(self, binary: str) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        self.process = subprocess.Popen(
            [*args, "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.url = f"redis://127.0.0.1:{self.port}/0"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def stoppable_redis() -> Iterator[StoppableRedis]:
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed, and CI=true requires the Redis tests.")
        pytest.skip("redis-server is not installed")
    server = StoppableRedis(binary)
    try:
        yield server
    finally:
        server.resume()  # always: a stopped process ignores SIGTERM until continued
        server.process.terminate()
        server.process.wait(timeout=10)


# -- 3. every credential form redis-py accepts is masked --------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"redis://:{SECRET}@127.0.0.1:1/0",
        f"redis://someone:{SECRET}@127.0.0.1:1/0",
        f"redis://127.0.0.1:1/0?password={SECRET}",
        f"redis://someone@127.0.0.1:1/0?db=0&password={SECRET}",
        f"rediss://127.0.0.1:1/0?password={SECRET}",
        f"unix:///tmp/no-such-redis.sock?password={SECRET}",
        f"unix:///tmp/no-such-redis.sock?db=0&password={SECRET}&username=u",
        f"unix://:{SECRET}@/tmp/no-such-redis.sock",
    ],
)
async def test_no_password_form_reaches_the_repr_or_an_error(url: str) -> None:
    store = RedisTokenStore(url, lock_wait=2)
    try:
        assert SECRET not in repr(store)
        assert "Redis" in repr(store)
        with pytest.raises(TokenStoreError) as info:
            await asyncio.wait_for(store.get("k"), 30)
        assert "Redis" in str(info.value)
        assert SECRET not in str(info.value)
    finally:
        await store.aclose()


@pytest.mark.parametrize(
    "url",
    [
        f"redis://:ab/{SECRET}@db.example:6379/0",  # an unencoded / in the password
        f"redis://:ab#{SECRET}@db.example:6379/0",  # an unencoded #
        f"redis://:12/{SECRET}@db.example/0",  # parses, but the "path" holds the password
        f"redis://user:{SECRET}@db.example:99999/0",  # port out of range
        f"redis://:{SECRET}@[::1/0",  # a broken IPv6 host
        f"http://:{SECRET}@db.example/0",  # not a Redis scheme
    ],
)
def test_an_unusable_url_is_a_configuration_error_quoting_none_of_it(url: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        RedisTokenStore(url)
    message = str(info.value)
    assert SECRET not in message
    assert "db.example" not in message
    assert "Redis" in message


# -- 4. timeouts: a stopped Redis fails fast with an error naming Redis ------------------------


async def test_a_stopped_redis_fails_every_call_with_a_store_error(
    stoppable_redis: StoppableRedis,
) -> None:
    async with RedisTokenStore(stoppable_redis.url, lock_wait=1.0, prefix="t:") as store:
        await store.set("k", sample_token(1))
        stoppable_redis.stop()
        try:
            for call in (lambda: store.get("k"), lambda: store.set("k", sample_token(2))):
                with pytest.raises(TokenStoreError, match="Redis"):
                    await asyncio.wait_for(call(), 30)

            async def take_lock() -> None:
                async with store.lock("k"):
                    pass

            with pytest.raises(TokenStoreError, match="Redis"):
                await asyncio.wait_for(take_lock(), 30)
        finally:
            stoppable_redis.resume()
        assert await store.get("k") == sample_token(1)  # the store recovers with the server


async def test_a_new_connection_to_a_stopped_redis_times_out(
    stoppable_redis: StoppableRedis,
) -> None:
    stoppable_redis.stop()
    try:
        async with RedisTokenStore(stoppable_redis.url, lock_wait=1.0) as store:
            with pytest.raises(TokenStoreError, match="Redis"):
                await asyncio.wait_for(store.get("k"), 30)
    finally:
        stoppable_redis.resume()


async def test_rediss_to_a_plaintext_server_fails_with_a_store_error(
    stoppable_redis: StoppableRedis,
) -> None:
    url = f"rediss://127.0.0.1:{stoppable_redis.port}/0"
    async with RedisTokenStore(url, lock_wait=1.0) as store:
        with pytest.raises(TokenStoreError, match="Redis"):
            await asyncio.wait_for(store.get("k"), 30)


async def test_socket_timeouts_are_configurable(stoppable_redis: StoppableRedis) -> None:
    store = RedisTokenStore(stoppable_redis.url, connect_timeout=0.25, socket_timeout=0.5)
    async with store:
        await store.get("k")
        kwargs: dict[str, Any] = store._client.connection_pool.connection_kwargs  # type: ignore[union-attr]
    assert kwargs["socket_connect_timeout"] == 0.25
    assert kwargs["socket_timeout"] == 0.5
    with pytest.raises(ConfigurationError):
        RedisTokenStore(stoppable_redis.url, socket_timeout=0)
    # By default both are set (never left to the redis-py version: before 8 it had none).
    async with RedisTokenStore(stoppable_redis.url, lock_wait=2.0) as default:
        await default.get("k")
        kwargs = default._client.connection_pool.connection_kwargs  # type: ignore[union-attr]
    assert (kwargs["socket_connect_timeout"], kwargs["socket_timeout"]) == (2.0, 2.0)


def redis_session(sb: Sandbox, store: RedisTokenStore, **options: Any) -> ss.ScopeStackSession:
    admin = sb.users["admin"]
    return ss.ScopeStackSession(
        client_id=sb.client_id,
        client_secret=sb.client_secret,
        authenticator=ss.PasswordGrant(username=admin.username, password=admin.password),
        token_store=store,
        auth_url=sb.auth_url,
        api_url=sb.api_url,
        **options,
    )


async def test_through_a_session_a_stopped_redis_is_a_store_error_not_a_network_one(
    stoppable_redis: StoppableRedis,
) -> None:
    async with Sandbox(SandboxConfig(records=10)) as sb:
        store = RedisTokenStore(stoppable_redis.url, lock_wait=1.0, prefix="s:")
        async with store, redis_session(sb, store) as session:
            stoppable_redis.stop()
            try:
                with pytest.raises(TokenStoreError, match="Redis"):
                    await asyncio.wait_for(session.me(), 30)
                # The failed refresh task is not left parked: the next call fails the same way.
                with pytest.raises(TokenStoreError, match="Redis"):
                    await asyncio.wait_for(session.me(), 30)
            finally:
                stoppable_redis.resume()
            assert (await session.me()).account_slug == "acme"


async def test_a_stuck_store_never_blocks_requests_that_have_a_valid_token(
    stoppable_redis: StoppableRedis,
) -> None:
    # Every token is in the late window at once (requests wait for a refresh) but still valid.
    windows = ss.RefreshWindows(early=7200, late=7200, max_fraction_early=1, max_fraction_late=1)
    async with Sandbox(SandboxConfig(records=10)) as sb:
        store = RedisTokenStore(stoppable_redis.url, lock_wait=1.0, prefix="v:")
        async with store, redis_session(sb, store, refresh_windows=windows) as session:
            token = await session.ensure_token()
            stoppable_redis.stop()
            try:
                me = await asyncio.wait_for(session.me(), 30)
                again = await asyncio.wait_for(session.ensure_token(), 30)
            finally:
                stoppable_redis.resume()
    assert me.account_slug == "acme"
    assert again.access_token == token.access_token


# -- 7. stored values of the wrong JSON type are refused ------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("access_token", None),
        ("access_token", {"nested": "object"}),
        ("access_token", ["a"]),
        ("access_token", 42),
        ("refresh_token", {"x": 1}),
        ("refresh_token", 7),
        ("token_type", None),
        ("scope", ["read"]),
        ("expires_in", "7200"),
        ("expires_in", True),
        ("created_at", None),
    ],
)
def test_a_stored_value_of_the_wrong_type_is_a_store_error(field: str, value: object) -> None:
    data = dump_token(sample_token(1)) | {field: value}
    with pytest.raises(TokenStoreError, match="malformed"):
        load_token(data, where="test")


def test_well_typed_values_still_load() -> None:
    token = sample_token(1)
    assert load_token(dump_token(token), where="t") == token
    data = dump_token(token) | {"expires_in": 7200, "refresh_token": None, "scope": None}
    assert load_token(data, where="t").expires_in == 7200.0
    with pytest.raises(TokenStoreError):
        load_token(["not", "a", "dict"], where="t")


# -- 8. owners: other users' files are refused, their temp files left alone ----------------------

needs_root = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0, reason="chown to another user needs root"
)


@needs_root
async def test_root_refuses_a_token_file_owned_by_another_user(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    await FileTokenStore(path).set("k", sample_token(1))
    os.chown(path, OTHER_UID, OTHER_UID)
    before = path.read_bytes()
    store = FileTokenStore(path)
    with pytest.raises(TokenStoreError, match="owned by") as info:
        await store.get("k")
    assert str(path) in str(info.value)
    with pytest.raises(TokenStoreError, match="owned by"):
        await store.set("k", sample_token(2))
    assert path.read_bytes() == before


@needs_root
async def test_root_refuses_a_token_folder_owned_by_another_user(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    os.chown(folder, OTHER_UID, OTHER_UID)
    store = FileTokenStore(folder / "tokens.json")
    with pytest.raises(TokenStoreError, match="owned by"):
        await store.set("k", sample_token(1))
    with pytest.raises(TokenStoreError, match="owned by"):
        await store.get("k")
    assert not (folder / "tokens.json").exists()


@needs_root
async def test_another_users_temp_file_in_a_shared_sticky_folder_is_left_alone(
    tmp_path: Path,
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp
    path = shared / "tokens.json"
    theirs = shared / ".tokens.json.abc123.tmp"
    theirs.write_text("someone else's")
    os.chown(theirs, OTHER_UID, OTHER_UID)
    ours = shared / ".tokens.json.dead01.tmp"
    ours.write_text("a writer of ours that died")
    store = FileTokenStore(path)
    await store.set("k", sample_token(1))
    await store.set("k", sample_token(2))
    assert await store.get("k") == sample_token(2)
    assert theirs.read_text() == "someone else's"
    assert not ours.exists()


# -- 9. every created folder is 0700, whatever the umask --------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
async def test_missing_parent_folders_are_all_created_0700_under_umask_000(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a" / "b" / "c" / "tokens.json"
    old = os.umask(0)
    try:
        await FileTokenStore(path).set("k", sample_token(1))
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# -- 10. a symlinked token path is refused, clearly, and left as it is ------------------------------


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
async def test_a_symlinked_token_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    vault = tmp_path / "encrypted-volume"
    vault.mkdir(mode=0o700)
    real = vault / "tokens.json"
    await FileTokenStore(real).set("k", sample_token(1))
    link = tmp_path / "tokens.json"
    link.symlink_to(real)
    before = real.read_bytes()
    store = FileTokenStore(link)
    with pytest.raises(TokenStoreError, match="symbolic link") as info:
        await store.get("k")
    assert str(real) in str(info.value)  # says which path to pass instead
    with pytest.raises(TokenStoreError, match="symbolic link"):
        await store.set("k", sample_token(2))
    with pytest.raises(TokenStoreError, match="symbolic link"):
        await store.delete("k")
    assert link.is_symlink()
    assert real.read_bytes() == before
    assert await FileTokenStore(real).get("k") == sample_token(1)


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
async def test_a_dangling_symlink_is_refused_too(tmp_path: Path) -> None:
    link = tmp_path / "tokens.json"
    link.symlink_to(tmp_path / "elsewhere" / "tokens.json")
    with pytest.raises(TokenStoreError, match="symbolic link"):
        await FileTokenStore(link).set("k", sample_token(1))
    assert link.is_symlink()
    assert not (tmp_path / "elsewhere").exists()


# -- 11. filelock floor -----------------------------------------------------------------------------


def test_filelock_floor_excludes_cve_2025_68146() -> None:
    # (tomllib is 3.11+; the one filelock requirement line is enough.)
    (line,) = re.findall(r'^\s*"(filelock[^"]*)"', (ROOT / "pyproject.toml").read_text(), re.M)
    filelock = Requirement(line)
    assert not filelock.specifier.contains(Version("3.20.0"))
    assert filelock.specifier.contains(Version("3.20.1"))
