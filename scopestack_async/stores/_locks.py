"""Locks shared by the file and keyring stores.

``LoopLocks`` (in ``_loop_locks``, which every store uses) queues one process's coroutines in
the loop, so they do not each park a worker thread on the file lock.
``ProcessFileLock`` is the cross-process half: a ``filelock`` lock file, tried without blocking
in a worker thread and retried from the loop, and never leaked when the waiter is cancelled.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import filelock

from ..errors import TokenStoreError
from ._loop_locks import LoopLocks

__all__ = ["LoopLocks", "ProcessFileLock", "folder_advice", "key_digest", "make_private_dir"]

# A contended lock file is retried after these delays (doubling), waiting in the loop: a
# thread parked on a lock would starve the default executor that the loop's other work needs.
_FIRST_RETRY_SECONDS = 0.002
_MAX_RETRY_SECONDS = 0.05


def key_digest(*parts: str) -> str:
    """A short, file-name-safe digest of ``parts`` (keys may hold any character)."""
    joined = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(joined).hexdigest()[:24]


def folder_advice(folder: Path) -> str:
    """What to do when nothing can be created in ``folder``: the right advice differs when a
    path component is a file (no permission change helps) from when a folder is read-only."""
    for ancestor in (folder, *folder.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                return (
                    f"{ancestor} is a file, not a folder: move it away, or choose another location"
                )
            break
    return f"Make {folder} writable (and its file system read-write), or choose another location"


def make_private_dir(folder: Path) -> None:
    """Create ``folder`` and every missing parent 0700 (POSIX), whatever the umask; folders
    that exist, or that another process creates meanwhile, are left alone."""
    if folder.is_dir():
        return
    missing = []
    for level in (folder, *folder.parents):  # bounded by the path's depth
        if level.exists():
            break
        missing.append(level)
    for level in reversed(missing):
        try:
            level.mkdir(mode=0o700)
        except FileExistsError:
            continue
        if os.name == "posix":
            # mkdir's mode is filtered by the umask (000 would leave it 0777): set it outright.
            level.chmod(0o700)


class ProcessFileLock:
    """An exclusive lock on ``path`` shared by every process on the machine.

    Each attempt is one non-blocking try in a worker thread; between attempts the task sleeps
    in the loop. A cancelled waiter's attempt releases the lock if it won it after all; the
    release at the end of ``hold`` is synchronous, so no cancellation can skip it. ``wait``
    bounds the total wait (then ``TokenStoreError``).
    The operating system drops the lock when its holder dies, so a crash never wedges others.
    """

    def __init__(self, path: Path, *, wait: float, purpose: str) -> None:
        self.path = path
        self._wait = wait
        self._purpose = purpose
        # thread_local=False: acquire and release may run on different worker threads.
        self._lock = filelock.FileLock(str(path), thread_local=False)

    @asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        """Hold the lock for the body of the ``async with``."""
        await self._acquire()
        try:
            yield
        finally:
            # Synchronous on purpose: a release handed to asyncio.to_thread never runs if the
            # task is cancelled while the job is queued, and the lock file would stay locked
            # until this process exits. Unlocking and closing one descriptor takes microseconds.
            self._release()

    async def _acquire(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._wait
        delay = _FIRST_RETRY_SECONDS
        while not await self._attempt():
            if loop.time() >= deadline:
                raise TokenStoreError(
                    f"Timed out after {self._wait:g} s waiting for the lock file {self.path} "
                    f"({self._purpose}). Another process holds it; let it finish, or raise "
                    "lock_wait if its work is slow."
                )
            await asyncio.sleep(min(delay, max(deadline - loop.time(), 0.0)))
            delay = min(delay * 2, _MAX_RETRY_SECONDS)

    async def _attempt(self) -> bool:
        attempt = asyncio.ensure_future(asyncio.to_thread(self._try_acquire))
        try:
            return await asyncio.shield(attempt)
        except asyncio.CancelledError:
            # The thread cannot be interrupted: if it wins after all, give the lock back.
            attempt.add_done_callback(self._release_if_won)
            raise

    def _try_acquire(self) -> bool:
        try:
            make_private_dir(self.path.parent)
            self._lock.acquire(blocking=False)
        except filelock.Timeout:
            return False
        except OSError as exc:
            raise TokenStoreError(
                f"Could not open the lock file {self.path} ({self._purpose}): {exc.strerror}. "
                f"{folder_advice(self.path.parent)}."
            ) from exc
        return True

    def _release_if_won(self, attempt: asyncio.Future[bool]) -> None:
        if not attempt.cancelled() and attempt.exception() is None and attempt.result():
            self._release()

    def _release(self) -> None:
        self._lock.release()
