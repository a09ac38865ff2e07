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

from .errors import ConfigurationError

__all__ = ["ConcurrencyLimit", "RateLimit"]

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


class ConcurrencyLimit:
    """Middleware letting at most ``max_concurrency`` requests through at once.

    The semaphore is created on first use, inside the running loop, so the middleware can be
    built before any loop exists.
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

    async def __call__(
        self, req: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        """Wait for a free slot, then send ``req`` holding it."""
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.max_concurrency)
        async with self._semaphore:
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            try:
                return await handler(req)
            finally:
                self.in_flight -= 1


def check_rate(owner: str, requests_per_second: float, burst: int) -> None:
    """Refuse a rate or burst no limiter can honour (shared by the local and Redis limits)."""
    if not requests_per_second > 0 or burst < 1:
        raise ConfigurationError(
            f"{owner} needs requests_per_second > 0 and burst >= 1, got "
            f"{requests_per_second!r} and {burst!r}; pass positive values."
        )


class RateLimit:
    """Token-bucket middleware: ``requests_per_second`` on average, bursts up to ``burst``.

    Each request takes a token; when none is left it reserves the next one and sleeps until it
    is due. Reservations are taken without awaiting, so waiters are served in arrival order and
    no lock is needed. ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(
        self,
        requests_per_second: float,
        burst: int = 1,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        check_rate("RateLimit", requests_per_second, burst)
        self.rate = float(requests_per_second)
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(burst)
        self._stamp: float | None = None
        self.waited = 0

    def reserve(self) -> float:
        """Take a token now and return how long to wait before using it (0.0 when free)."""
        now = self._clock()
        if self._stamp is not None:
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    async def __call__(
        self, req: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        """Wait for a token, then send ``req``."""
        delay = self.reserve()
        if delay > 0:
            self.waited += 1
            try:
                await self._sleep(delay)
            except asyncio.CancelledError:
                self._tokens += 1  # Give back the unused reservation so others don't wait for it.
                raise
        return await handler(req)
