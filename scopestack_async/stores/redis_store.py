"""A token store in Redis (``redis.asyncio``), shared by every worker of a fleet.

Keys: the token under ``<prefix>token:<key>`` (JSON), its refresh lock under
``<prefix>lock:<key>``. The lock is redis-py's token-owned lock (``SET NX PX`` to take it, a Lua
script that deletes it only for its owner): it expires after ``lock_expiry`` seconds unless its
holder, while alive, keeps extending it, so a worker killed mid-refresh blocks the others for
at most ``lock_expiry`` seconds.

``redis`` is imported on first use (install the ``scopestack-async[redis]`` extra).
"""

from __future__ import annotations

import asyncio
import logging
import re
import types
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .._core.tokens import Token
from ..errors import ConfigurationError, TokenStoreError
from ._codec import decode_token, encode_token

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.asyncio.lock import Lock

__all__ = ["RedisTokenStore", "check_url", "redact_url"]

_T = TypeVar("_T")
_log = logging.getLogger("scopestack_async.stores")

# How often a live holder renews its lock, as a fraction of the expiry.
_RENEW_FRACTION = 1 / 3
# A holder renews for at most this long; past it the lock lapses as if the holder had died.
_MAX_HOLD_SECONDS = 600.0
_POLL_SECONDS = 0.02


# Without socket timeouts (redis-py < 8 has none) a stopped server hangs every call forever.
_DEFAULT_TIMEOUT = 5.0
_SCHEMES = ("redis", "rediss", "unix")
_DB_PATH = re.compile(r"/?\d*")
# What a message says about a URL that cannot be used: never any part of it.
_MALFORMED = "<a malformed Redis URL>"


def _url_problem(url: str) -> str | None:
    """Why redis-py could not use ``url`` as meant (None when it can), naming no part of it."""
    try:
        parts = urlsplit(url)
        _ = parts.port, parts.hostname  # a bad port or IPv6 host raises only when read
    except ValueError:
        return "it cannot be parsed (a malformed host or port)"
    if parts.scheme not in _SCHEMES:
        return "it must start with redis://, rediss:// or unix://"
    # An unencoded '/', '#' or '@' in a password moves the rest of it into the path/fragment.
    if parts.fragment or "@" in parts.path:
        return "part of it lies after the host (a password with an unencoded '/', '#' or '@'?)"
    if parts.scheme != "unix" and not _DB_PATH.fullmatch(parts.path):
        return "its path must be a database number such as /0"
    return None


def check_url(url: str) -> None:
    """ConfigurationError, quoting none of ``url`` (it may hold a password), if it is unusable."""
    problem = _url_problem(url)
    if problem is not None:
        raise ConfigurationError(
            f"The Redis URL given to RedisTokenStore cannot be used: {problem}. Write it as "
            "redis://[user:password@]host[:port][/db] (or rediss://, or "
            "unix:///path/to/redis.sock?db=0), percent-encoding '/', '#', '@' and ':' in the "
            "password (%2F, %23, %40, %3A)."
        )


def redact_url(url: str) -> str:
    """``url`` without any password (userinfo or ``?password=``), for messages and reprs."""
    if _url_problem(url) is not None:
        return _MALFORMED
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user, has_password, _password = userinfo.partition(":")
        netloc = f"{user}:***@{host}" if has_password else f"{user}@{host}"
    query = [
        (name, "***" if name.lower() == "password" else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(netloc=netloc, query=urlencode(query, safe="*")))


def _timeout(value: float | None, lock_wait: float, name: str) -> float:
    chosen = min(_DEFAULT_TIMEOUT, lock_wait) if value is None else value
    if not chosen > 0:
        raise ConfigurationError(f"RedisTokenStore's {name} must be a positive number of seconds.")
    return chosen


def _import_redis() -> types.ModuleType:
    try:
        import redis.asyncio
    except ImportError as exc:
        raise TokenStoreError(
            "RedisTokenStore needs the redis package. Install it with "
            "`pip install 'scopestack-async[redis]'`."
        ) from exc
    return redis.asyncio


class RedisTokenStore:
    """Tokens in Redis, with a distributed refresh lock; for fleets on many machines.

    ``url_or_client`` is a Redis URL (the store then creates its client lazily, in the running
    loop, and closes it in :meth:`aclose`) or a ``redis.asyncio.Redis`` you own (never closed
    here). ``lock_expiry`` bounds how long a dead holder blocks others; ``lock_wait`` how long
    :meth:`lock` waits before ``TokenStoreError``; ``max_connections`` bounds the pool of a
    URL-built client. ``connect_timeout`` and ``socket_timeout`` (seconds; default the smaller
    of 5 and ``lock_wait``) bound each connection attempt and each reply, so a Redis that
    accepts connections but never answers (stopped, or TLS spoken to a plaintext port) fails
    with ``TokenStoreError`` instead of hanging; every call is also bounded as a whole. A
    client you pass in keeps its own socket timeouts. A URL that cannot be parsed is a
    ``ConfigurationError`` quoting none of it; reprs and errors never show a password.
    """

    def __init__(
        self,
        url_or_client: str | Redis = "redis://127.0.0.1:6379/0",
        *,
        prefix: str = "scopestack:",
        lock_expiry: float = 15.0,
        lock_wait: float = 60.0,
        max_connections: int = 8,
        connect_timeout: float | None = None,
        socket_timeout: float | None = None,
    ) -> None:
        if isinstance(url_or_client, str):
            check_url(url_or_client)
        self._connect_timeout = _timeout(connect_timeout, lock_wait, "connect_timeout")
        self._socket_timeout = _timeout(socket_timeout, lock_wait, "socket_timeout")
        self._url = url_or_client if isinstance(url_or_client, str) else None
        self._client: Redis | None = None if isinstance(url_or_client, str) else url_or_client
        self._client_loop: asyncio.AbstractEventLoop | None = None
        self.prefix = prefix
        self._lock_expiry = lock_expiry
        self._lock_wait = lock_wait
        self._max_connections = max_connections

    def __repr__(self) -> str:
        where = redact_url(self._url) if self._url is not None else "client"
        return f"RedisTokenStore({where!r}, prefix={self.prefix!r})"

    async def __aenter__(self) -> RedisTokenStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client this store created from a URL (a passed-in client stays open)."""
        if self._url is None or self._client is None:
            return
        client, self._client = self._client, None
        await client.aclose()

    async def get(self, key: str) -> Token | None:
        """The token under ``key``, or None."""
        name = self._token_name(key)
        raw = await self._call("read a token", lambda client: client.get(name))
        return None if raw is None else decode_token(raw, where=self._where(name))

    async def set(self, key: str, token: Token) -> None:
        """Store ``token`` under ``key``."""
        name, value = self._token_name(key), encode_token(token)
        await self._call("store a token", lambda client: client.set(name, value))

    async def delete(self, key: str) -> None:
        """Remove the token under ``key``."""
        name = self._token_name(key)
        await self._call("delete a token", lambda client: client.delete(name))

    @asynccontextmanager
    async def lock(self, key: str) -> AsyncIterator[None]:
        """Hold ``key``'s refresh lock against every worker that shares this Redis."""
        name = f"{self.prefix}lock:{key}"
        lock = (await self._client_now()).lock(
            name, timeout=self._lock_expiry, sleep=_POLL_SECONDS, blocking_timeout=self._lock_wait
        )
        await self._acquire(lock, name)
        renewer = asyncio.create_task(self._keep_renewing(lock, name))
        try:
            yield
        finally:
            renewer.cancel()
            # Shielded: a caller cancelled here (a timeout, a dropped request) still frees the
            # lock, instead of leaving every other worker waiting out its expiry.
            await asyncio.shield(self._stop_and_release(renewer, lock, name))

    async def _stop_and_release(self, renewer: asyncio.Task[None], lock: Lock, name: str) -> None:
        await asyncio.wait([renewer])
        await self._release(lock, name)

    def _token_name(self, key: str) -> str:
        return f"{self.prefix}token:{key}"

    def _where(self, name: str) -> str:
        where = redact_url(self._url) if self._url is not None else "the given Redis client"
        return f"Redis key {name!r} ({where})"

    async def _client_now(self) -> Redis:
        """The client for the running loop; URL-built clients are made in (and for) that loop."""
        if self._url is None:
            assert self._client is not None
            return self._client
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop:
            # The first import of redis takes ~0.2 s: too long to stall the loop for.
            module = await asyncio.to_thread(_import_redis)
            # Several first callers may have waited on the import; only one makes the client.
            if self._client is None or self._client_loop is not loop:
                self._client = self._new_client(module)
                self._client_loop = loop
        return self._client

    def _new_client(self, module: types.ModuleType) -> Redis:
        # A bounded pool: token traffic is tiny, and a burst of first requests must not open
        # (and handshake) one connection per waiting task in a single loop iteration.
        pool = module.BlockingConnectionPool.from_url(
            self._url,
            max_connections=self._max_connections,
            timeout=self._lock_wait,
            socket_connect_timeout=self._connect_timeout,
            socket_timeout=self._socket_timeout,
        )
        client: Redis = module.Redis.from_pool(pool)
        return client

    async def _call(self, doing: str, operation: Callable[[Redis], Awaitable[_T]]) -> _T:
        client = await self._client_now()
        from redis.exceptions import RedisError

        # The whole call is bounded too (a passed-in client may have no socket timeouts): the
        # lock's own wait, plus one connection and one reply.
        bound = self._lock_wait + self._connect_timeout + self._socket_timeout
        try:
            return await asyncio.wait_for(operation(client), bound)
        except asyncio.TimeoutError as exc:  # not an OSError on Python 3.10
            raise self._error(doing, exc, f"no answer within {bound:g} s") from exc
        except (RedisError, OSError) as exc:
            raise self._error(doing, exc) from exc

    def _error(self, doing: str, exc: BaseException, what: str | None = None) -> TokenStoreError:
        where = redact_url(self._url) if self._url is not None else "the given Redis client"
        return TokenStoreError(
            f"Could not {doing} in Redis at {where} ({what or f'{type(exc).__name__}: {exc}'})."
            " Check that Redis is running, answering and reachable (a rediss:// URL needs a TLS "
            "port) and that the URL and credentials are right."
        )

    async def _acquire(self, lock: Lock, name: str) -> None:
        acquired: Any = await self._call("take the refresh lock", lambda _: lock.acquire())
        if not acquired:
            raise TokenStoreError(
                f"Timed out after {self._lock_wait:g} s waiting for the Redis lock {name!r}: "
                f"another worker holds it. A dead holder's lock expires within "
                f"{self._lock_expiry:g} s; raise lock_wait if refreshes are slow."
            )

    async def _keep_renewing(self, lock: Lock, name: str) -> None:
        from redis.exceptions import RedisError

        period = self._lock_expiry * _RENEW_FRACTION
        for _ in range(int(_MAX_HOLD_SECONDS / period)):
            await asyncio.sleep(period)
            try:
                await lock.reacquire()
            except (RedisError, OSError) as exc:
                _log.warning("Could not renew the Redis lock %r (%s); it may lapse.", name, exc)
                return

    async def _release(self, lock: Lock, name: str) -> None:
        from redis.exceptions import LockError, RedisError

        try:
            await lock.release()
        except LockError:
            _log.warning(
                "The Redis lock %r had expired before its release; another worker may have "
                "refreshed concurrently. Raise lock_expiry if refreshes take that long.",
                name,
            )
        except (RedisError, OSError) as exc:
            _log.warning(
                "Could not release the Redis lock %r (%s); it expires by itself.", name, exc
            )
