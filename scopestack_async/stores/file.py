"""A token store in one private JSON file, shared safely by every process on the machine.

The file holds many keys under a schema version::

    {"schema_version": 1, "tokens": {"<key>": {"access_token": ..., ...}}}

Writes are atomic (temp file in the same folder, fsync, ``os.replace``, fsync of the folder),
so a reader or a crash never sees half a file. Two kinds of sibling lock files coordinate
processes: ``<name>.lock`` guards each read-modify-write of the file (held for milliseconds),
and ``<name>.<digest>.lock`` is the refresh lock of one key (held while a token is refreshed).
"""

from __future__ import annotations

import asyncio
import errno
import os
import stat
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import orjson
import platformdirs

from .._atomic import write_atomically
from .._core.tokens import Token
from ..errors import TokenStoreError
from ._codec import dump_token, load_token
from ._locks import LoopLocks, ProcessFileLock, folder_advice, key_digest, make_private_dir

__all__ = ["SCHEMA_VERSION", "FileTokenStore"]

SCHEMA_VERSION = 1
APP_NAME = "scopestack-async"
_WRITE_LOCK_KEY = "\0write"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # 0 on Windows


def _fix_hint(path: Path) -> str:
    return (
        f"Move {path} aside (or delete it) and log in again, "
        "or pass another path to FileTokenStore."
    )


def check_private(mode: int, path: Path) -> None:
    """Refuse a token file that group or others may read or write (POSIX only)."""
    if os.name != "posix" or not mode & 0o077:
        return
    raise TokenStoreError(
        f"The token file {path} is accessible by group or others (mode {stat.S_IMODE(mode):04o}), "
        f"so its tokens may have leaked; refusing to use it. Run `chmod 600 {path}` (and consider "
        "revoking the tokens), then try again."
    )


def _trusted_owners() -> tuple[int, ...]:
    # Root may own the folders above a token file (/tmp, /home); only we may own the file.
    return (os.geteuid(), 0)


def check_owner(uid: int, path: Path, *, folder: bool = False) -> None:
    """Refuse a token file (or its folder) owned by another user, even as root (POSIX only):
    its owner can read the tokens, or replace them with their own."""
    if os.name != "posix" or uid in (_trusted_owners() if folder else (os.geteuid(),)):
        return
    what = f"The folder {path} of the token file" if folder else f"The token file {path}"
    raise TokenStoreError(
        f"{what} is owned by another user (uid {uid}), not by this user (uid {os.geteuid()}), "
        "so they could read or replace its tokens; refusing to use it. Pass FileTokenStore a "
        "path in a folder of your own (the default is in your config folder), or chown it "
        "if it really is yours."
    )


def _symlink_error(path: Path) -> TokenStoreError:
    real = os.path.realpath(path)
    return TokenStoreError(
        f"The token file path {path} is a symbolic link (to {real}). FileTokenStore does not "
        "follow links: every write replaces the file, which would replace the link with a "
        f"regular file and leave {real} stale. Pass the real path instead: "
        f"FileTokenStore({real!r})."
    )


def _check_folder(path: Path) -> None:
    try:
        folder = os.stat(path.parent)
    except FileNotFoundError:
        return  # created, by us and private, on the first write
    check_owner(folder.st_uid, path.parent, folder=True)


def _open_token_file(path: Path) -> int:
    """A descriptor of the token file itself, never of a link's target."""
    if _NOFOLLOW == 0 and path.is_symlink():  # no O_NOFOLLOW (Windows): check first
        raise _symlink_error(path)
    try:
        return os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and path.is_symlink()):
            raise _symlink_error(path) from exc
        raise


def parse_document(raw: bytes, path: Path) -> dict[str, Any]:
    """The ``tokens`` mapping of a token file's bytes; an empty file is an empty store."""
    if not raw.strip():
        return {}
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise TokenStoreError(
            f"The token file {path} is corrupt or truncated (not valid JSON); it was left "
            f"unchanged. {_fix_hint(path)}"
        ) from exc
    if not isinstance(document, dict) or not isinstance(document.get("tokens"), dict):
        raise TokenStoreError(
            f"The token file {path} is not a scopestack-async token file (no 'tokens' object); "
            f"it was left unchanged. {_fix_hint(path)}"
        )
    return _checked_version(document, path)


def _checked_version(document: dict[str, Any], path: Path) -> dict[str, Any]:
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        raise TokenStoreError(
            f"The token file {path} has schema version {version!r}, but this version of "
            f"scopestack-async reads only version {SCHEMA_VERSION}; it was left unchanged. "
            "Upgrade scopestack-async, or pass another path to FileTokenStore."
        )
    tokens: dict[str, Any] = document["tokens"]
    return tokens


def render_document(tokens: dict[str, Any]) -> bytes:
    """A token file's bytes for the ``tokens`` mapping."""
    document = {"schema_version": SCHEMA_VERSION, "tokens": tokens}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)


def default_token_path() -> Path:
    """``tokens.json`` in the user's config folder (e.g. ``~/.config/scopestack-async``)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "tokens.json"


def read_tokens(path: Path) -> dict[str, Any]:
    """The ``tokens`` mapping stored at ``path`` ({} when there is no file yet)."""
    _check_folder(path)
    try:
        with os.fdopen(_open_token_file(path), "rb") as handle:
            status = os.fstat(handle.fileno())
            check_owner(status.st_uid, path)
            check_private(status.st_mode, path)
            raw = handle.read()
    except FileNotFoundError:
        return {}
    except IsADirectoryError as exc:
        raise TokenStoreError(
            f"The token file path {path} is a folder. Pass the path of a file instead, "
            f"e.g. FileTokenStore({str(path / 'tokens.json')!r})."
        ) from exc
    except OSError as exc:
        raise TokenStoreError(
            f"Could not read the token file {path}: {exc.strerror}. Check that this user may "
            "read it, or pass another path to FileTokenStore."
        ) from exc
    return parse_document(raw, path)


def remove_stale_temp_files(path: Path) -> int:
    """Delete temp files left by our writers that died mid-write (only this user's: in a shared
    sticky folder others' files are theirs); call only under the write lock."""
    removed = 0
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            status = leftover.lstat()
        except FileNotFoundError:
            continue
        if os.name == "posix" and (
            status.st_uid != os.geteuid() or not stat.S_ISREG(status.st_mode)
        ):
            continue
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed


def update_tokens(path: Path, change: Callable[[dict[str, Any]], bool]) -> None:
    """Read, ``change`` in place and write back the tokens; ``change`` returns False for no-op."""
    tokens = read_tokens(path)
    if not change(tokens):
        return
    try:
        make_private_dir(path.parent)
        remove_stale_temp_files(path)
        write_atomically(path, render_document(tokens))
    except OSError as exc:
        raise TokenStoreError(
            f"Could not write the token file {path}: {exc.strerror}. "
            f"{folder_advice(path.parent)} (another path to FileTokenStore)."
        ) from exc


class FileTokenStore:
    """Tokens in one JSON file (0600, folder 0700), safe to share between processes.

    ``path`` defaults to ``tokens.json`` in the user's config folder. ``lock_wait`` bounds how
    long :meth:`lock` (and each write) waits for another process before ``TokenStoreError``.
    All file I/O runs in worker threads.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, lock_wait: float = 60.0):
        self.path = (Path(path) if path is not None else default_token_path()).expanduser()
        self.path = self.path.absolute()
        self._lock_wait = lock_wait
        self._loop_locks = LoopLocks()
        self._file_locks: dict[str, ProcessFileLock] = {}

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"

    @staticmethod
    def default_path() -> Path:
        """Where ``FileTokenStore()`` keeps its tokens on this machine."""
        return default_token_path()

    async def get(self, key: str) -> Token | None:
        """The token under ``key``, or None."""
        tokens = await asyncio.to_thread(read_tokens, self.path)
        data = tokens.get(key)
        return None if data is None else load_token(data, where=f"{self.path} (key {key!r})")

    async def set(self, key: str, token: Token) -> None:
        """Store ``token`` under ``key`` (an atomic rewrite of the file)."""
        data = dump_token(token)

        def change(tokens: dict[str, Any]) -> bool:
            tokens[key] = data
            return True

        await self._update(change)

    async def delete(self, key: str) -> None:
        """Remove the token under ``key``; no error (and no write) if there is none."""
        if key not in await asyncio.to_thread(read_tokens, self.path):
            return  # nothing to do, so take no lock and create nothing

        def change(tokens: dict[str, Any]) -> bool:
            return tokens.pop(key, None) is not None

        await self._update(change)

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        """Hold ``key``'s refresh lock against every coroutine and process sharing the file."""
        async with self._loop_locks.get(key), self._file_lock(key, "refresh lock").hold():
            yield

    async def _update(self, change: Callable[[dict[str, Any]], bool]) -> None:
        lock = self._file_lock(_WRITE_LOCK_KEY, "write lock")
        async with self._loop_locks.get(_WRITE_LOCK_KEY), lock.hold():
            await asyncio.to_thread(update_tokens, self.path, change)

    def _file_lock(self, key: str, purpose: str) -> ProcessFileLock:
        lock = self._file_locks.get(key)
        if lock is None:
            suffix = "lock" if key == _WRITE_LOCK_KEY else f"{key_digest(key)}.lock"
            lock_path = self.path.with_name(f"{self.path.name}.{suffix}")
            lock = self._file_locks[key] = ProcessFileLock(
                lock_path, wait=self._lock_wait, purpose=f"{purpose} of {self.path}"
            )
        return lock
