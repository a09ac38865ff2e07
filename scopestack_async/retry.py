"""The SDK's one retry policy, as an aiohttp client middleware.

The decision is pure (:func:`scopestack_async._core.rules.decide_retry`); this module only
sends, waits and counts. Order in the session: ``ConcurrencyLimit -> RetryMiddleware ->
RateLimit -> auth``, so every attempt goes through the auth middleware and uses the current
token, and 401/403 never reach the retry decision as something to retry.
"""

from __future__ import annotations

import asyncio
import logging
import random as _random
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

import aiohttp
from aiohttp import ClientMiddlewareType, hdrs, payload

from ._body import read_body
from ._chain import Relay, to_handler
from ._core.rules import RetryDecision, RetryPolicy, decide_retry, parse_retry_after
from ._transport import failure_kind, transport_error
from .events import EventDispatcher

__all__ = [
    "InProcessPauseGate",
    "PauseGate",
    "RetryMiddleware",
    "RetryPolicy",
    "is_testing",
    "set_testing",
]

logger = logging.getLogger("scopestack_async.retry")

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]

# Bounds the wait loop even when an injected sleep does not advance the injected clock.
_MAX_GATE_ROUNDS = 32

_testing = False


def set_testing(testing: bool) -> None:
    """Switch waiting off (True) or back on (False) for every RetryMiddleware.

    With testing on, retries still happen as many times as the policy says, but without any
    backoff or server-imposed pause, so a test suite runs at full speed and still sees the
    attempt counts. Meant for test suites only (the sandbox plugin can flip it).
    """
    global _testing  # One process-wide switch, like stamina.set_testing.
    _testing = testing


def is_testing() -> bool:
    """True when :func:`set_testing` has switched waiting off."""
    return _testing


@runtime_checkable
class PauseGate(Protocol):
    """Where a server-imposed pause (429 + Retry-After) is recorded and honoured.

    Every request waits at the gate before it is sent. The default is in-process; a gate
    backed by Redis can share the pause across a fleet. ``pause`` takes a duration, not an
    instant, because monotonic clocks are not comparable across processes.
    """

    async def wait(self) -> None:
        """Return once no pause is in force (immediately when none is)."""

    async def pause(self, seconds: float) -> None:
        """Hold back every request for ``seconds`` from now (the latest end wins)."""


class InProcessPauseGate:
    """A :class:`PauseGate` for one process: a shared "paused until" instant."""

    def __init__(self, *, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._until = 0.0

    @property
    def paused_until(self) -> float:
        """The clock reading at which the current pause ends (in the past when none)."""
        return self._until

    async def wait(self) -> None:
        """Sleep until the pause ends, following any extension made meanwhile."""
        for _ in range(_MAX_GATE_ROUNDS):
            remaining = self._until - self._clock()
            if remaining <= 0:
                return
            await self._sleep(remaining)

    async def pause(self, seconds: float) -> None:
        """Extend the pause to ``seconds`` from now unless it already lasts longer."""
        self._until = max(self._until, self._clock() + seconds)


# What this middleware converts. A total-timeout cancellation arrives as CancelledError and
# passes through untouched. ClientPayloadError comes from reading a JSON body inside the loop.
_TRANSPORT_ERRORS = (
    aiohttp.ClientConnectionError,
    aiohttp.ClientPayloadError,
    asyncio.TimeoutError,
)


async def _send_and_buffer(
    req: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType, inner: ClientMiddlewareType
) -> aiohttp.ClientResponse:
    """Send through ``inner``, and read a JSON answer's body here, inside the retry loop.

    Every consumer reads a JSON:API document whole anyway; reading it here means a connection
    reset mid-body is retried like a reset before the headers. Other bodies (file downloads)
    stay streamed for the caller. The first attempt does the same inline (see ``send``).
    """
    resp = await inner(req, handler)
    if _buffers(req, resp):
        await read_body(resp)  # bounded (a gzip bomb stops at the limit); closes if it fails
    return resp


def _buffers(req: aiohttp.ClientRequest, resp: aiohttp.ClientResponse) -> bool:
    """True for a JSON answer whose body is still arriving. One already whole in memory (most
    answers: it came with the headers) cannot be cut off, so its caller reads it as usual;
    reading it here too cost ~2% of a small request."""
    if resp.content.is_eof():
        return False
    # The raw header, not resp.content_type: its full MIME parse cost ~5% of a local request.
    return "json" in resp.headers.get(hdrs.CONTENT_TYPE, "").lower() and req.method != "HEAD"


def body_consumed(req: aiohttp.ClientRequest) -> bool:
    """True once a streamed (async-iterable) body was sent: aiohttp would replay it as b""."""
    return isinstance(req.body, payload.Payload) and req.body.consumed


class RetryMiddleware(Relay):
    """aiohttp client middleware applying a :class:`RetryPolicy` to every request.

    ``sleep``, ``random`` and ``clock`` are injectable for tests; ``gate`` is where 429 pauses
    are shared (default: one :class:`InProcessPauseGate` per middleware, hence per session).
    Counters for reporting: ``attempts`` (requests sent), ``retries`` (re-sends), ``pauses``
    (server-imposed pauses started) and ``exhausted`` (requests that failed retryably but got no
    further attempt: out of attempts, past the deadline, or a streamed body already sent).
    ``retries``, ``pauses`` and ``exhausted`` are read from the ``retry``, ``pause`` and
    ``gave_up`` events of ``events`` (the session's dispatcher in a session), the one channel
    every other figure comes from. ``attempts`` is a plain counter: it grows on every request,
    and the success path builds no events.
    """

    def __init__(
        self,
        policy: RetryPolicy | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
        random: Callable[[], float] = _random.random,
        clock: Clock = time.monotonic,
        wall_clock: Clock = time.time,
        gate: PauseGate | None = None,
        events: EventDispatcher | None = None,
    ) -> None:
        self.policy = policy if policy is not None else RetryPolicy()
        self._events = events if events is not None else EventDispatcher()
        self._sleep = sleep
        self._random = random
        self._clock = clock
        self._wall_clock = wall_clock
        self.gate: PauseGate = (
            gate if gate is not None else InProcessPauseGate(clock=clock, sleep=sleep)
        )
        # The default gate is checked without a coroutine on the hot path.
        self._local_gate = self.gate if isinstance(self.gate, InProcessPauseGate) else None
        #: Requests sent, first attempts included (a plain counter: see the class docstring).
        self.attempts = 0

    @property
    def retries(self) -> int:
        """Re-sends so far (the ``retry`` events of this middleware's dispatcher)."""
        return self._events.tally.count("retry")

    @property
    def pauses(self) -> int:
        """Server-imposed pauses started so far (the ``pause`` events)."""
        return self._events.tally.count("pause")

    @property
    def exhausted(self) -> int:
        """Requests that failed retryably with no attempt left (the ``gave_up`` events)."""
        return self._events.tally.count("gave_up")

    async def send(
        self,
        req: aiohttp.ClientRequest,
        handler: aiohttp.ClientHandlerType,
        inner: ClientMiddlewareType = to_handler,
    ) -> aiohttp.ClientResponse:
        """Send ``req`` through ``inner`` (aiohttp's ``handler`` when alone), retrying as the
        policy says."""
        # The first attempt is written out flat, _send_and_buffer included: most requests
        # succeed at once, and every coroutine layer saved here is saved on every request.
        start = self._clock()
        local = self._local_gate
        if local is None or (local.paused_until > start and not _testing):
            await self._gate_wait()
        self.attempts += 1
        try:
            resp = await inner(req, handler)
            if _buffers(req, resp):
                await read_body(resp)
        except _TRANSPORT_ERRORS as exc:
            await self._after_failure(req, exc, 1, start)
            return await self._retry(req, handler, inner, start)
        if resp.status < 400 or not await self._after_response(req, resp, 1, start):
            return resp
        return await self._retry(req, handler, inner, start)

    async def _retry(
        self,
        req: aiohttp.ClientRequest,
        handler: aiohttp.ClientHandlerType,
        inner: ClientMiddlewareType,
        start: float,
    ) -> aiohttp.ClientResponse:
        """Attempts 2 and later, after the first one asked for a retry (and waited)."""
        for attempt in range(2, self.policy.max_attempts + 1):
            await self._gate_wait()
            self.attempts += 1
            try:
                resp = await _send_and_buffer(req, handler, inner)
            except _TRANSPORT_ERRORS as exc:
                await self._after_failure(req, exc, attempt, start)
                continue
            if not await self._after_response(req, resp, attempt, start):
                return resp
        raise AssertionError("unreachable: the last attempt always returns or raises")

    async def _after_response(
        self, req: aiohttp.ClientRequest, resp: aiohttp.ClientResponse, attempt: int, start: float
    ) -> bool:
        """True when ``resp`` was released and another attempt should follow."""
        if resp.status < 400:
            return False  # The hot path: a success is never retried, so decide nothing.
        retry_after = parse_retry_after(resp.headers.get(hdrs.RETRY_AFTER), now=self._wall_clock())
        decision = decide_retry(
            self.policy,
            method=req.method,
            attempt=attempt,
            elapsed=self._clock() - start,
            status=resp.status,
            retry_after=retry_after,
            replayable=not body_consumed(req),
            rand=self._random(),
        )
        if not decision.retry:
            self._note_stop(req, resp.status, decision, attempt)
            return False
        resp.release()  # Free the connection before waiting; see the middleware notes.
        await self._wait(req, str(resp.status), decision, attempt, resp.status)
        return True

    async def _after_failure(
        self, req: aiohttp.ClientRequest, exc: BaseException, attempt: int, start: float
    ) -> None:
        """Return to retry after waiting, or raise TransportError."""
        kind, sent = failure_kind(exc)
        decision = decide_retry(
            self.policy,
            method=req.method,
            attempt=attempt,
            elapsed=self._clock() - start,
            failure=kind,
            sent=sent,
            replayable=not body_consumed(req),
            rand=self._random(),
        )
        if not decision.retry:
            self._note_stop(req, type(exc).__name__, decision, attempt)
            raise transport_error(exc, method=req.method, url=req.url, attempts=attempt) from exc
        await self._wait(req, type(exc).__name__, decision, attempt)

    async def _wait(
        self,
        req: aiohttp.ClientRequest,
        what: str,
        decision: RetryDecision,
        attempt: int,
        status: int | None = None,
    ) -> None:
        wait = 0.0 if _testing else decision.wait
        # Every figure of retries (this middleware's, session.retries, an export's count, a
        # hook's) is read from this event: one channel.
        self._emit(req, decision, attempt, status, wait)
        logger.info(
            "retrying %s %s after %s (%s), attempt %d of %d, in %.2fs%s",
            req.method,
            req.url.path,
            what,
            decision.reason,
            attempt,
            self.policy.max_attempts,
            wait,
            " (server-imposed pause for all requests)" if decision.pause else "",
        )
        if decision.pause:
            await self.gate.pause(wait)  # The next loop round waits at the gate with the rest.
        elif wait > 0:
            await self._sleep(wait)

    def _emit(
        self,
        req: aiohttp.ClientRequest,
        decision: RetryDecision,
        attempt: int,
        status: int | None,
        wait: float,
    ) -> None:
        self._events.emit(
            "retry",
            reason=decision.reason,
            status=status,
            method=req.method,
            attempt=attempt,
            seconds=wait,
        )
        if decision.pause:
            self._events.emit("pause", seconds=wait, status=status, method=req.method)

    async def _gate_wait(self) -> None:
        if not _testing:
            await self.gate.wait()

    def _note_stop(
        self, req: aiohttp.ClientRequest, what: int | str, decision: RetryDecision, attempt: int
    ) -> None:
        """``what`` stopped the request: its status, or the exception's class name."""
        if not decision.exhausted:
            return  # A success or a final answer: nothing worth an event or a log line.
        status = what if isinstance(what, int) else None
        self._events.emit(
            "gave_up", reason=decision.reason, status=status, method=req.method, attempt=attempt
        )
        logger.debug(
            "giving up on %s %s after %s on attempt %d: %s",
            req.method,
            req.url.path,
            what,
            attempt,
            decision.reason,
        )
