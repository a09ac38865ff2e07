"""A token store in the operating system's keyring (macOS Keychain, Windows Credential Manager,
Secret Service), through the ``keyring`` library.

``keyring`` is imported on first use, never at import time: its backend discovery can hang on
a headless machine. Every keyring call runs in a worker thread, one at a time, because common
backends lose concurrent writes.

Windows Credential Manager keeps at most 2,560 bytes per entry (UTF-16), so a token larger
than :data:`PART_CHARS` characters is split: its parts go under ``<key>#part:<generation>:<i>``
first, then the entry ``<key>`` is switched to a small manifest naming that generation, then the
previous generation's parts are deleted. A reader so sees one whole token, old or new.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
import platformdirs

from .._core.tokens import Token
from ..errors import TokenStoreError
from ._codec import dump_token, load_token
from ._locks import LoopLocks, ProcessFileLock, key_digest

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

__all__ = ["PART_CHARS", "KeyringTokenStore"]

_T = TypeVar("_T")

# ASCII characters per keyring entry: 2,000 bytes in UTF-16, under Windows' 2,560-byte limit.
PART_CHARS = 1000
_MANIFEST = "scopestack_async_chunks"
# A reader that finds a part gone (a writer replaced the generation) re-reads this many times.
_READ_ATTEMPTS = 3
# A manifest names at most this many parts (64,000 characters: far above any real token), so
# a damaged one cannot send a reader through millions of keyring calls.
MAX_PARTS = 64
# Keyring backends are process-wide resources: serialise calls from every store and loop.
_CALLS = threading.Lock()
# The deadline of the call running in this worker thread: past it, the caller has been told of
# a timeout, so the thread stops between keyring calls and frees _CALLS for the next caller.
_DEADLINE = threading.local()
_CALLS_KEY = "\0calls"

_NO_BACKEND = (
    "No usable keyring backend is available on this machine (common on headless Linux "
    "servers and containers). Use FileTokenStore (a private file) or RedisTokenStore instead, "
    "or install and configure a keyring backend (e.g. a Secret Service daemon, or the "
    "keyrings.alt package) and pass it as keyring_backend=."
)


def encode_value(token: Token) -> str:
    """The token as ASCII-only JSON (so its UTF-16 size is exactly twice its length)."""
    return json.dumps(dump_token(token), ensure_ascii=True, separators=(",", ":"))


def split_value(value: str, generation: str) -> tuple[str, list[str]]:
    """The manifest and the parts that store ``value`` in pieces of at most PART_CHARS."""
    parts = [value[i : i + PART_CHARS] for i in range(0, len(value), PART_CHARS)]
    manifest = json.dumps({_MANIFEST: 1, "generation": generation, "parts": len(parts)})
    return manifest, parts


def part_name(key: str, generation: str, index: int) -> str:
    """The keyring user name of one part of a split token."""
    return f"{key}#part:{generation}:{index}"


def parse_entry(raw: str, where: str) -> dict[str, Any]:
    """The JSON object stored in a keyring entry (a token or a manifest)."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise TokenStoreError(
            f"The keyring entry {where} is not valid JSON. Delete it (or log in again) to "
            "replace it."
        ) from exc
    if not isinstance(data, dict):
        raise TokenStoreError(f"The keyring entry {where} is not a token. Delete it to replace it.")
    return data


def manifest_parts(entry: dict[str, Any], where: str = "") -> tuple[str, int] | None:
    """(generation, part count) when ``entry`` is a manifest, else None.

    A damaged manifest (no generation, a count that is not 1..MAX_PARTS) is a TokenStoreError,
    raised before any part is read."""
    if _MANIFEST not in entry:
        return None
    generation, count = entry.get("generation"), entry.get("parts")
    if not isinstance(generation, str) or not generation.isalnum() or len(generation) > 64:
        raise _damaged(where, "its generation is missing or malformed")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_PARTS:
        raise _damaged(where, f"its part count is not a whole number from 1 to {MAX_PARTS}")
    return generation, count


def _damaged(where: str, why: str) -> TokenStoreError:
    return TokenStoreError(
        f"The keyring entry {where or '(a split token)'} is a damaged manifest: {why}. Delete it "
        "(or log in again) to replace it."
    )


def _check_deadline() -> None:
    deadline = getattr(_DEADLINE, "at", None)
    if deadline is not None and time.monotonic() > deadline:
        raise TokenStoreError("The keyring call ran past its caller's timeout; it was stopped.")


def default_lock_dir() -> Path:
    """Where the keyring store keeps its cross-process lock files."""
    return platformdirs.user_cache_path("scopestack-async", appauthor=False) / "keyring-locks"


class KeyringTokenStore:
    """Tokens in the system keyring under (``service``, key).

    ``keyring_backend`` picks a backend (default: ``keyring.get_keyring()``). Refresh locks are
    lock files in ``lock_dir`` (default: the user cache folder), named by a hash of service and
    key, since keyrings have no locks of their own. ``call_timeout`` bounds one keyring call.
    """

    def __init__(
        self,
        service: str = "scopestack-async",
        *,
        keyring_backend: KeyringBackend | None = None,
        lock_dir: str | Path | None = None,
        lock_wait: float = 60.0,
        call_timeout: float = 30.0,
    ) -> None:
        self.service = service
        self._backend = keyring_backend
        self._lock_dir = Path(lock_dir) if lock_dir is not None else default_lock_dir()
        self._lock_wait = lock_wait
        self._call_timeout = call_timeout
        self._loop_locks = LoopLocks()
        self._file_locks: dict[str, ProcessFileLock] = {}

    def __repr__(self) -> str:
        return f"KeyringTokenStore(service={self.service!r})"

    async def get(self, key: str) -> Token | None:
        """The token under ``key``, or None."""
        return await self._call(self._get_sync, key)

    async def set(self, key: str, token: Token) -> None:
        """Store ``token`` under ``key``, split into parts when large."""
        value = encode_value(token)
        await self._call(self._set_sync, key, value)

    async def delete(self, key: str) -> None:
        """Remove the token (and any parts) under ``key``."""
        await self._call(self._delete_sync, key)

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        """Hold ``key``'s refresh lock against every coroutine and process of this user."""
        async with self._loop_locks.get(key), self._file_lock(key).hold():
            yield

    def _file_lock(self, key: str) -> ProcessFileLock:
        lock = self._file_locks.get(key)
        if lock is None:
            path = self._lock_dir / f"{key_digest(self.service, key)}.lock"
            lock = self._file_locks[key] = ProcessFileLock(
                path, wait=self._lock_wait, purpose=f"keyring refresh lock of {self.service!r}"
            )
        return lock

    async def _call(self, function: Callable[..., _T], *args: Any) -> _T:
        async with self._loop_locks.get(_CALLS_KEY):
            deadline = time.monotonic() + self._call_timeout
            work = asyncio.to_thread(self._serialised, deadline, function, *args)
            try:
                return await asyncio.wait_for(work, self._call_timeout)
            except asyncio.TimeoutError as exc:
                raise TokenStoreError(
                    f"The keyring did not answer within {self._call_timeout:g} s (service "
                    f"{self.service!r}); it may be locked or waiting for a prompt. Unlock it, "
                    "or use FileTokenStore instead."
                ) from exc

    def _serialised(self, deadline: float, function: Callable[..., _T], *args: Any) -> _T:
        import keyring.errors

        # Never wait for the process-wide lock past the caller's timeout (it has given up).
        if not _CALLS.acquire(timeout=max(deadline - time.monotonic(), 0.0)):
            raise TokenStoreError("The keyring was busy past the caller's timeout.")
        _DEADLINE.at = deadline
        try:
            try:
                return function(self._resolve_backend(), *args)
            except keyring.errors.NoKeyringError as exc:
                raise TokenStoreError(_NO_BACKEND) from exc
            except keyring.errors.KeyringError as exc:
                raise TokenStoreError(
                    f"The keyring failed ({type(exc).__name__}: {exc}) for service "
                    f"{self.service!r}. Check that it is unlocked, or use FileTokenStore."
                ) from exc
        finally:
            _DEADLINE.at = None
            _CALLS.release()

    def _resolve_backend(self) -> KeyringBackend:
        import keyring
        import keyring.backends.fail
        import keyring.backends.null

        backend = self._backend if self._backend is not None else keyring.get_keyring()
        if isinstance(backend, (keyring.backends.fail.Keyring, keyring.backends.null.Keyring)):
            raise TokenStoreError(_NO_BACKEND)
        return backend

    def _where(self, key: str) -> str:
        return f"(service {self.service!r}, key {key!r})"

    def _get_sync(self, backend: KeyringBackend, key: str) -> Token | None:
        for _ in range(_READ_ATTEMPTS):
            raw = backend.get_password(self.service, key)
            if raw is None:
                return None
            value = self._assemble(backend, key, raw)
            if value is not None:
                return load_token(parse_entry(value, self._where(key)), where=self._where(key))
        raise TokenStoreError(
            f"The keyring entry {self._where(key)} kept changing while it was read, or its parts "
            "are missing. Delete it (or log in again) to replace it."
        )

    def _assemble(self, backend: KeyringBackend, key: str, raw: str) -> str | None:
        """The token JSON for entry ``raw``; None when a part vanished under a concurrent write."""
        split = manifest_parts(parse_entry(raw, self._where(key)), self._where(key))
        if split is None:
            return raw
        generation, count = split
        parts: list[str] = []
        for index in range(count):
            _check_deadline()
            part = backend.get_password(self.service, part_name(key, generation, index))
            if part is None:
                return None
            parts.append(part)
        return "".join(parts)

    def _set_sync(self, backend: KeyringBackend, key: str, value: str) -> None:
        old = self._old_parts(backend, key)
        if len(value) <= PART_CHARS:
            backend.set_password(self.service, key, value)
        else:
            generation = secrets.token_hex(6)
            manifest, parts = split_value(value, generation)
            for index, part in enumerate(parts):
                backend.set_password(self.service, part_name(key, generation, index), part)
            backend.set_password(self.service, key, manifest)
        self._delete_names(backend, old)

    def _delete_sync(self, backend: KeyringBackend, key: str) -> None:
        old = self._old_parts(backend, key)
        self._delete_names(backend, [key, *old])

    def _old_parts(self, backend: KeyringBackend, key: str) -> list[str]:
        raw = backend.get_password(self.service, key)
        if raw is None:
            return []
        try:
            split = manifest_parts(parse_entry(raw, self._where(key)))
        except TokenStoreError:
            return []  # an unreadable entry is about to be replaced or deleted
        if split is None:
            return []
        generation, count = split
        return [part_name(key, generation, i) for i in range(count)]

    def _delete_names(self, backend: KeyringBackend, names: list[str]) -> None:
        import keyring.errors

        for name in names:
            # Already gone is fine: deleting is idempotent.
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                backend.delete_password(self.service, name)
