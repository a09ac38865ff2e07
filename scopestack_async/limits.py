"""Request-limiting middlewares: how many requests at once, and how many per second.

Order in the session: ``ConcurrencyLimit -> RetryMiddleware -> RateLimit -> auth``. The
concurrency limit wraps the retry so a task keeps its slot through its retries (a retrying task
does not let a fresh one jump in and add load); the rate limit sits inside the retry so every
attempt, retries included, spends a token.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import aiohttp

from ._chain import Relay, to_handler
from .errors import ConfigurationError
from .events import EventDispatcher

__all__ = ["ConcurrencyLimit", "RateLimit", "WaitEvents", "report_waits"]

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


class ConcurrencyLimit(Relay):
    """Middleware letting at most ``max_concurrency`` requests through at once.

    The semaphore is created on first use, inside the running loop, so the middleware can be
    built before any loop exists. ``in_flight`` (requests holding a slot now) and ``peak`` (the
    most at once) are plain gauges, not events: they change on every request, and the success
    path builds no events (see :mod:`scopestack_async.events`).
    """

    def __init__(self, max_concurrency: int) -> None:
        if max_concurrency < 1:
            raise ConfigurationError(
                f"max_concurrency must be at least 1, got {max_concurrency}; pass a positive int."
            )
        self.max_concurrency = max_concurrency
        self._semaphore: asyncio.Semaphore | None = None
        self.in_flight = 0
        self.peak = 0

    async def send(
        self,
        req: aiohttp.ClientRequest,
        handler: aiohttp.ClientHandlerType,
        inner: aiohttp.ClientMiddlewareType = to_handler,
    ) -> aiohttp.ClientResponse:
        """Wait for a free slot, then send ``req`` through ``inner`` holding it."""
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.max_concurrency)
        async with self._semaphore:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            try:
                return await inner(req, handler)
            finally:
                self.in_flight -= 1


def check_rate(owner: str, requests_per_second: float, burst: int) -> None:
    """Refuse a rate or burst no limiter can honour (shared by the local and Redis limits)."""
    if not requests_per_second > 0 or burst < 1:
        raise ConfigurationError(
            f"{owner} needs requests_per_second > 0 and burst >= 1, got "
            f"{requests_per_second!r} and {burst!r}; pass positive values."
        )


class WaitEvents:
    """What a rate limiter reports: each request it holds back is a ``rate_wait`` event
    (``seconds``: the wait) of :attr:`events`, and :attr:`waited` counts those.

    A limiter reports to one dispatcher: the one given at construction (``events=``), else
    that of the first session that installs it (:meth:`bind_events`), else one of its own, made
    when first needed (standalone use still counts). A limiter shared by several sessions
    reports every wait to the first of them; pass ``events=`` to choose. A limiter of your own
    reports the same way by inheriting this class and calling ``_waiting(seconds)`` before
    each wait (only then: a request that need not wait builds no event).
    """

    _events: EventDispatcher | None = None

    @property
    def events(self) -> EventDispatcher:
        """The dispatcher this limiter's ``rate_wait`` events go to."""
        if self._events is None:
            self._events = EventDispatcher()
        return self._events

    @property
    def waited(self) -> int:
        """Requests held back so far (the ``rate_wait`` events)."""
        events = self._events
        return 0 if events is None else events.tally.count("rate_wait")

    def bind_events(self, events: EventDispatcher) -> None:
        """Report to ``events`` unless already reporting somewhere (the session calls this
        for the limiter it installs, so its hooks and figures see the waits)."""
        if self._events is None:
            self._events = events

    def _waiting(self, seconds: float) -> None:
        self.events.emit("rate_wait", seconds=seconds)


def report_waits(limiter: object, events: EventDispatcher) -> None:
    """Have ``limiter`` report its waits to ``events`` if it is a :class:`WaitEvents` that
    reports nowhere yet (the session calls this for the rate limiter it installs)."""
    if isinstance(limiter, WaitEvents):
        limiter.bind_events(events)


class RateLimit(WaitEvents, Relay):
    """Token-bucket middleware: ``requests_per_second`` on average, bursts up to ``burst``.

    Each request takes a token; when none is left it reserves the next one and sleeps until it
    is due. Reservations are taken without awaiting, so waiters are served in arrival order and
    no lock is needed. ``clock`` and ``sleep`` are injectable for tests. Each wait is a
    ``rate_wait`` event (:class:`WaitEvents`); a request that need not wait builds none.
    """

    def __init__(
        self,
        requests_per_second: float,
        burst: int = 1,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        events: EventDispatcher | None = None,
    ) -> None:
        check_rate("RateLimit", requests_per_second, burst)
        self.rate = float(requests_per_second)
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(burst)
        self._stamp: float | None = None
        self._events = events

    def reserve(self) -> float:
        """Take a token now and return how long to wait before using it (0.0 when free)."""
        now = self._clock()
        if self._stamp is not None:
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    async def send(
        self,
        req: aiohttp.ClientRequest,
        handler: aiohttp.ClientHandlerType,
        inner: aiohttp.ClientMiddlewareType = to_handler,
    ) -> aiohttp.ClientResponse:
        """Wait for a token, then send ``req`` through ``inner``."""
        delay = self.reserve()
        if delay > 0:
            self._waiting(delay)
            try:
                await self._sleep(delay)
            except asyncio.CancelledError:
                self._tokens += 1  # Give back the unused reservation so others don't wait for it.
                raise
        return await inner(req, handler)
