"""Which token tasks are waiting for a person (a browser login, a pasted code).

A refresh is shielded from its callers' cancellation: abandoning it half way could lose a
rotated refresh token. A login that waits for a person is the opposite: when everyone who
waited for it has gone (Ctrl-C, a timeout), it must stop at once, close its callback server and
store nothing it might still receive. The grants mark the part of their work that waits for a
person; the token manager asks here whether a task it is about to abandon may be cancelled.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["abandon", "waiting_for_a_person"]

# Weak, like asyncio's own registry of tasks: a finished task leaves by itself.
_waiting: weakref.WeakSet[asyncio.Task[Any]] = weakref.WeakSet()
_abandoned: weakref.WeakSet[asyncio.Task[Any]] = weakref.WeakSet()


@contextmanager
def waiting_for_a_person() -> Iterator[None]:
    """Mark the current task as waiting for a person; CancelledError if it was abandoned."""
    task = asyncio.current_task()
    if task is None:  # not in a task: nothing could abandon it
        yield
        return
    if task in _abandoned:
        raise asyncio.CancelledError("nobody waits for this login any more")
    _waiting.add(task)
    try:
        yield
    finally:
        _waiting.discard(task)


def abandon(task: asyncio.Task[Any]) -> bool:
    """Nobody waits for ``task`` any more: stop it now if a person is what it waits for, and
    make sure it never starts waiting for one later (a refresh in it still runs to the end).

    True when it was cancelled (the caller may then wait for it to wind down)."""
    if task.done():
        return False
    _abandoned.add(task)
    if task in _waiting:
        return task.cancel()
    return False
