"""Fleet coordination: pause-on-429 and requests per second shared through Redis.

Session settings for workers in several processes
(``ScopeStackSession(..., pause_gate=..., limits=Limits(rate_limiter=...))``); documented in
docs/workers.md. (``scopestack_async.export.fleet``, their old home, still imports them.)

Several processes (on several machines) exporting from one ScopeStack account share one
budget. :class:`RedisPauseGate` is a :class:`~scopestack_async.retry.PauseGate`: when any
worker gets a 429 with ``Retry-After``, every worker holds back until the pause ends.
:class:`RedisRateLimit` is a shared token bucket (GCRA) with the same middleware shape as
:class:`~scopestack_async.limits.RateLimit`. Both read the Redis server's clock (``TIME``),
never the workers' clocks, which are not comparable across machines.

``redis`` is imported on first use (install the ``scopestack-async[redis]`` extra).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Final

import aiohttp

from ._chain import Relay, to_handler
from ._transport import transport_error
from .errors import ConfigurationError, TokenStoreError
from .events import EventDispatcher
from .limits import WaitEvents, check_rate
from .stores.redis_store import _import_redis, redact_url

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["RedisPauseGate", "RedisRateLimit"]

Sleep = Callable[[float], Awaitable[None]]

# Bounds the wait loop even when pauses keep being extended.
_MAX_ROUNDS: Final = 32

# KEYS[1]: the pause key; ARGV[1]: pause length in ms. The latest end wins; the key expires
# with the pause so a stale one never lingers. Returns the pause still in force, in ms.
_PAUSE: Final = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local want = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if want > current then
  redis.call('SET', KEYS[1], want, 'PX', tonumber(ARGV[1]) + 1000)
  current = want
end
return current - now
"""

# KEYS[1]: the pause key. Returns the pause still in force, in ms (0 when none).
_REMAINING: Final = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current > now then return current - now end
return 0
"""

# GCRA. KEYS[1]: the theoretical arrival time (µs); ARGV[1]: emission interval (µs);
# ARGV[2]: burst. Reserves one slot and returns how long to wait for it, in µs.
_RESERVE: Final = """
local t = redis.call('TIME')
local now = t[1] * 1000000 + t[2]
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - now - (tonumber(ARGV[2]) - 1) * interval
if wait < 0 then wait = 0 end
local new_tat = tat + interval
redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return wait
"""


class _RedisScripts:
    """A lazily created client (in the running loop) and the Lua scripts run on it."""

    def __init__(self, url_or_client: str | Redis) -> None:
        self._url = url_or_client if isinstance(url_or_client, str) else None
        self._client: Redis | None = None if isinstance(url_or_client, str) else url_or_client

    def where(self) -> str:
        return redact_url(self._url) if self._url is not None else "the given Redis client"

    async def _connect(self) -> Redis:
        if self._client is None:
            try:
                # Importing redis takes tens of ms: in a thread, so the loop keeps serving.
                module = await asyncio.to_thread(_import_redis)
            except TokenStoreError as exc:
                raise ConfigurationError(
                    "Fleet limits need the redis package: pip install 'scopestack-async[redis]'."
                ) from exc
            # Several first callers may have waited on the import; only one makes the client.
            if self._client is None:
                assert self._url is not None
                self._client = module.Redis.from_url(self._url)
        return self._client

    async def run(self, script: str, key: str, *args: Any) -> int:
        client = await self._connect()
        from redis.exceptions import RedisError  # already loaded by _connect's import

        try:
            return int(await client.eval(script, 1, key, *args))
        except RedisError as exc:
            raise transport_error(
                exc,
                method="",
                url=None,
                what=f"The fleet limit's Redis at {self.where()}",
                sent=False,
                advice="check that the Redis server is up and reachable, then try again",
            ) from exc

    async def aclose(self) -> None:
        if self._url is not None and self._client is not None:
            client, self._client = self._client, None
            await client.aclose()


class RedisPauseGate:
    """A :class:`~scopestack_async.retry.PauseGate` shared through Redis by every worker.

    ``key`` names the pause (one per ScopeStack account or client id, as you like).
    ``check_every`` caches a "no pause" answer for that many seconds so a busy worker does
    not ask Redis before every request; a pause is noticed at most that late.
    """

    def __init__(
        self,
        url_or_client: str | Redis = "redis://127.0.0.1:6379/0",
        *,
        key: str = "scopestack:pause",
        check_every: float = 0.05,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._redis = _RedisScripts(url_or_client)
        self.key = key
        self._check_every = check_every
        self._sleep = sleep
        self._clock = clock or (lambda: asyncio.get_running_loop().time())
        self._clear_until = float("-inf")

    def __repr__(self) -> str:
        return f"RedisPauseGate({self._redis.where()!r}, key={self.key!r})"

    async def remaining(self) -> float:
        """Seconds the fleet-wide pause still lasts (0.0 when none)."""
        return await self._redis.run(_REMAINING, self.key) / 1000

    async def wait(self) -> None:
        """Return once no pause is in force anywhere in the fleet."""
        if self._clock() < self._clear_until:
            return
        for _ in range(_MAX_ROUNDS):
            left = await self.remaining()
            if left <= 0:
                self._clear_until = self._clock() + self._check_every
                return
            await self._sleep(left)

    async def pause(self, seconds: float) -> None:
        """Hold back every worker for ``seconds`` from now (the latest end wins)."""
        self._clear_until = float("-inf")
        await self._redis.run(_PAUSE, self.key, max(1, round(seconds * 1000)))

    async def aclose(self) -> None:
        """Close the client made from a URL (a passed-in client stays open)."""
        await self._redis.aclose()


class RedisRateLimit(WaitEvents, Relay):
    """Middleware: ``requests_per_second`` for the whole fleet, bursts up to ``burst``.

    Put it where :class:`~scopestack_async.limits.RateLimit` goes (inside the retry
    middleware, so retries spend tokens too), or call :meth:`acquire` before a request.
    Each time this worker is held back is a ``rate_wait`` event, counted by :attr:`waited`
    (:class:`~scopestack_async.limits.WaitEvents` says whose dispatcher gets it).
    """

    def __init__(
        self,
        requests_per_second: float,
        url_or_client: str | Redis = "redis://127.0.0.1:6379/0",
        *,
        key: str = "scopestack:rate",
        burst: int = 1,
        sleep: Sleep = asyncio.sleep,
        events: EventDispatcher | None = None,
    ) -> None:
        check_rate("RedisRateLimit", requests_per_second, burst)
        self.rate = float(requests_per_second)
        self.burst = burst
        self.key = key
        self._redis = _RedisScripts(url_or_client)
        self._sleep = sleep
        self._interval_us = max(1, round(1_000_000 / self.rate))
        self._events = events

    def __repr__(self) -> str:
        return f"RedisRateLimit({self.rate}/s, {self._redis.where()!r}, key={self.key!r})"

    async def reserve(self) -> float:
        """Take the fleet's next slot; return how long to wait before using it."""
        return await self._redis.run(_RESERVE, self.key, self._interval_us, self.burst) / 1e6

    async def acquire(self) -> None:
        """Wait until this worker may send one request."""
        delay = await self.reserve()
        if delay > 0:
            self._waiting(delay)
            await self._sleep(delay)

    async def send(
        self,
        req: aiohttp.ClientRequest,
        handler: aiohttp.ClientHandlerType,
        inner: aiohttp.ClientMiddlewareType = to_handler,
    ) -> aiohttp.ClientResponse:
        """Wait for a fleet-wide slot, then send ``req`` through ``inner``."""
        await self.acquire()
        return await inner(req, handler)

    async def aclose(self) -> None:
        """Close the client made from a URL (a passed-in client stays open)."""
        await self._redis.aclose()
