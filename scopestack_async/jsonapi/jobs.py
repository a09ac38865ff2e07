"""Wait for a server-side job: re-read a resource until a predicate holds.

ScopeStack renders project documents and calculates surveys in the background; clients poll
the resource until ``status`` says it is done::

    doc = await wait_until(lambda: documents.get(new.id), status_in("finished", "error"),
                           timeout=300)

The wait is bounded by ``timeout``; cancelling the awaiting task stops it at once.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from ..errors import ConfigurationError, JobTimeoutError
from .document import Resource

__all__ = ["status_in", "wait_until"]

T = TypeVar("T")


def status_in(*values: str) -> Callable[[Any], bool]:
    """A predicate: the resource's ``status`` attribute (or field) is one of ``values``."""
    wanted = frozenset(values)

    def predicate(resource: Any) -> bool:
        return _status(resource) in wanted

    return predicate


def _status(resource: Any) -> Any:
    if isinstance(resource, Resource):
        return resource.attributes.get("status")
    return getattr(resource, "status", None)


def _describe(resource: Any) -> str:
    if isinstance(resource, Resource):
        return f"{resource.type}/{resource.id} has status {_status(resource)!r}"
    return f"last status {_status(resource)!r}"


def _check(timeout: float, interval: float, backoff: float, max_interval: float) -> None:
    if timeout <= 0 or interval <= 0 or max_interval < interval or backoff < 1:
        raise ConfigurationError(
            "wait_until needs timeout > 0, interval > 0, backoff >= 1 and "
            f"max_interval >= interval; got timeout={timeout}, interval={interval}, "
            f"backoff={backoff}, max_interval={max_interval}."
        )


async def wait_until(
    fetch: Callable[[], Awaitable[T]],
    predicate: Callable[[T], bool],
    *,
    timeout: float,
    interval: float = 2.0,
    backoff: float = 1.5,
    max_interval: float = 15.0,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    max_reads: int | None = None,
) -> T:
    """Call ``fetch`` until ``predicate`` holds for its result, and return that result.

    Waits ``interval`` seconds after the first read, growing by ``backoff`` up to
    ``max_interval``. Raises ``JobTimeoutError`` (a ``TimeoutError``) when ``timeout`` seconds
    pass first, or after ``max_reads`` reads (default: the most the timeout allows at
    ``interval``, so the loop ends even if the clock or the sleep misbehaves). ``sleep`` and
    ``clock`` are for tests.
    """
    _check(timeout, interval, backoff, max_interval)
    rounds = max_reads if max_reads is not None else math.ceil(timeout / interval) + 1
    deadline = clock() + timeout
    for reads in range(1, max(rounds, 1) + 1):
        result = await fetch()
        if predicate(result):
            return result
        remaining = deadline - clock()
        if remaining <= 0 or reads >= rounds:
            raise JobTimeoutError(
                f"The job did not finish within {timeout:g} s ({reads} reads); "
                f"{_describe(result)}. Wait longer (timeout=...) or check it in ScopeStack."
            )
        await sleep(min(interval, remaining))
        interval = min(interval * backoff, max_interval)
    raise AssertionError("unreachable: the loop returns or raises on its last round")
