"""Every counter next to an event is read from the event: on each rare path (a token request,
a rate-limit wait, a retry that gives up, a refused save, a wait for a token, a failed
background refresh), driven against a real local server,
the object's figure, a hook's count and a ``counting_events()`` block agree. And a successful
request builds no event and reads no context variable at all."""

from __future__ import annotations

import asyncio
import socket
import typing
import uuid
from contextvars import ContextVar
from pathlib import Path

import aiohttp
import pytest

import scopestack_async as ss
from scopestack_async import events as events_module
from scopestack_async.events import (
    EventCounter,
    EventDispatcher,
    EventKind,
    SessionEvent,
    counting_events,
)
from scopestack_async.fleet import RedisRateLimit
from scopestack_async.limits import RateLimit
from scopestack_async.retry import RetryMiddleware
from scopestack_async.sandbox import Sandbox

pytestmark = pytest.mark.usefixtures("no_waits")


def _of(counter: EventCounter, kind: str) -> list[SessionEvent]:
    return [event for event in counter.recent if event.kind == kind]


def _retry_middleware(session: ss.ScopeStackSession) -> RetryMiddleware:
    (retry,) = (m for m in session._middlewares() if isinstance(m, RetryMiddleware))
    return retry


def _rate_limit(session: ss.ScopeStackSession) -> object:
    return session._middlewares._rate


# -- the token endpoint: requests ------------------------------------------------------------


async def test_token_requests_are_the_token_request_events() -> None:
    hook = ss.EventCounter()
    async with Sandbox(records=5) as sb, sb.session("admin", hooks=[hook]) as session:
        with counting_events() as block:
            await session.me()  # the password grant
            sb.expire_tokens_now()
            await session.me(refresh=True)  # a 401, one refresh, a replay
        endpoint = session._endpoint
        server_side = sum(sb.stats.token_requests.values())
    assert endpoint.requests == hook.count("token_request") == block.count("token_request") == 2
    assert endpoint.requests == server_side == session.events.tally.count("token_request")
    sent = _of(hook, "token_request")
    assert [(e.reason, e.status, e.outcome) for e in sent] == [
        ("password", 200, "ok"),
        ("refresh_token", 200, "ok"),
    ]
    assert all(e.seconds is not None and e.seconds >= 0 for e in sent)
    # The HTTP exchange beneath each grant outcome: one of each, never counted on top.
    assert hook.count("token_request") == hook.count("authenticate") + hook.count("refresh")


async def test_a_refused_token_request_is_counted_with_its_outcome() -> None:
    hook = ss.EventCounter()
    async with Sandbox(records=5) as sb, sb.session("deactivated", hooks=[hook]) as session:
        with counting_events() as block, pytest.raises(ss.OAuthError) as caught:
            await session.me()
        refused = sb.stats.token_requests["password"]
    (event,) = _of(hook, "token_request")
    assert (event.outcome, event.status, event.reason) == (caught.value.error, 400, "password")
    assert session._endpoint.requests == block.count("token_request") == refused == 1
    assert hook.count("token_request", caught.value.error) == 1


async def test_a_token_request_that_reached_no_server_is_counted_too() -> None:
    hook = ss.EventCounter()
    port = _free_port()
    async with Sandbox(records=5) as sb:
        session = sb.session("admin", hooks=[hook], auth_url=f"http://127.0.0.1:{port}")
        async with session:
            with counting_events() as block, pytest.raises(ss.TransportError):
                await session.me()
    (event,) = _of(hook, "token_request")
    assert (event.outcome, event.status) == ("TransportError", None)
    assert session._endpoint.requests == block.count("token_request") == 1
    assert sum(sb.stats.token_requests.values()) == 0


# -- the rate limiters: waited ---------------------------------------------------------------


async def _burst(session: ss.ScopeStackSession, count: int) -> None:
    await asyncio.gather(*(session.me(refresh=True) for _ in range(count)))


async def test_rate_waits_of_the_sessions_limiter_are_the_rate_wait_events() -> None:
    hook = ss.EventCounter()
    limits = ss.Limits(per_second=100)
    async with Sandbox(records=5) as sb, sb.session("admin", hooks=[hook], limits=limits) as s:
        await s.me()
        rate = _rate_limit(s)
        assert isinstance(rate, RateLimit)
        before = rate.waited
        with counting_events() as block:
            await _burst(s, 6)  # one token a 10 ms: most of the six are held back
    assert rate.waited == hook.count("rate_wait") == s.events.tally.count("rate_wait")
    assert block.count("rate_wait") == rate.waited - before >= 4
    assert hook.seconds["rate_wait"] > 0
    assert rate.events is s.events


async def test_a_limiter_given_in_limits_reports_to_the_first_session_installing_it() -> None:
    hook = ss.EventCounter()
    limiter = RateLimit(100)
    limits = ss.Limits(rate_limiter=limiter)
    async with Sandbox(records=5) as sb:
        first = sb.session("admin", hooks=[hook], limits=limits)
        second = sb.session("admin", limits=limits)  # the same object: it stays with the first
        async with first, second:
            await first.me()
            await second.me()
            before = limiter.waited
            with counting_events() as block:
                await asyncio.gather(_burst(first, 4), _burst(second, 4))
    assert limiter.events is first.events
    assert limiter.waited == hook.count("rate_wait") == first.events.tally.count("rate_wait")
    assert block.count("rate_wait") == limiter.waited - before >= 5  # both sessions' waits
    assert second.events.tally.count("rate_wait") == 0


async def test_a_standalone_limiter_counts_into_its_own_dispatcher() -> None:
    seen = ss.EventCounter()
    limiter = RateLimit(100)
    limiter.events.add(seen)
    async with Sandbox(records=5) as sb, aiohttp.ClientSession(middlewares=(limiter,)) as http:

        async def get() -> int:
            async with http.get(sb.api_url) as resp:
                return resp.status

        with counting_events() as block:
            await asyncio.gather(*(get() for _ in range(4)))
    assert limiter.waited == seen.count("rate_wait") == block.count("rate_wait") == 3


async def test_redis_rate_waits_are_the_rate_wait_events(redis_server: str) -> None:
    hook = ss.EventCounter()
    limiter = RedisRateLimit(100, redis_server, key=f"test:{uuid.uuid4().hex}")
    limits = ss.Limits(rate_limiter=limiter)
    try:
        async with Sandbox(records=5) as sb, sb.session("admin", hooks=[hook], limits=limits) as s:
            await s.me()
            before = limiter.waited
            with counting_events() as block:
                await _burst(s, 6)
    finally:
        await limiter.aclose()
    assert limiter.waited == hook.count("rate_wait") == s.events.tally.count("rate_wait")
    assert block.count("rate_wait") == limiter.waited - before >= 4
    assert limiter.events is s.events


# -- the retry middleware: exhausted ---------------------------------------------------------


async def test_retries_given_up_are_the_gave_up_events() -> None:
    hook = ss.EventCounter()
    policy = ss.RetryPolicy(max_attempts=3, backoff_base=0.0)
    async with Sandbox(records=5) as sb, sb.session("admin", hooks=[hook], retry=policy) as s:
        await s.me()
        with pytest.raises(ss.NotFoundError):
            await s.request("GET", "/v1/no-such-thing")  # a final answer: nothing given up
        sb.set_faults(fault_rate=1.0, fault_statuses=(503,))
        with counting_events() as block:
            for _ in range(3):
                with pytest.raises(ss.ServerError):
                    await s.me(refresh=True)
        sb.set_faults()
    retry = _retry_middleware(s)
    assert retry.exhausted == hook.count("gave_up") == block.count("gave_up") == 3
    assert retry.exhausted == s.events.tally.count("gave_up")
    assert {(e.status, e.method, e.attempt) for e in _of(hook, "gave_up")} == {(503, "GET", 3)}
    assert all("no attempts left" in (e.reason or "") for e in _of(hook, "gave_up"))
    assert retry.retries == hook.count("retry") == 6  # two re-sends each before giving up


async def test_a_transport_failure_given_up_is_a_gave_up_event() -> None:
    hook = ss.EventCounter()
    mw = RetryMiddleware(ss.RetryPolicy(max_attempts=2), events=EventDispatcher([hook]))
    async with aiohttp.ClientSession(middlewares=(mw,)) as http:
        with counting_events() as block, pytest.raises(ss.TransportError):
            await http.get(f"http://127.0.0.1:{_free_port()}/x")
    (event,) = _of(hook, "gave_up")
    assert (event.status, event.method, event.attempt) == (None, "GET", 2)
    assert mw.exhausted == block.count("gave_up") == 1
    assert mw.attempts == 2  # a plain counter: it grows on the success path too


# -- the token store: store_failures ---------------------------------------------------------


class _RefusingStore(ss.MemoryTokenStore):
    async def set(self, key: str, token: ss.Token) -> None:
        raise OSError("read-only file system")


async def test_store_failures_are_the_store_failure_events() -> None:
    hook = ss.EventCounter()
    store = _RefusingStore()
    async with Sandbox(records=5) as sb:
        session = sb.session("admin", hooks=[hook], token_store=store)
        with counting_events() as block:
            async with session:
                await session.me()
    stats = session.tokens.stats
    assert stats.store_failures == hook.count("store_failure") == block.count("store_failure")
    assert stats.store_failures == 3 + 3  # the first save's attempts, the close's


# -- the token manager: waits --------------------------------------------------------------


async def test_token_waits_are_the_token_wait_events() -> None:
    hook = ss.EventCounter()
    async with Sandbox(records=5) as sb, sb.session("admin", hooks=[hook]) as session:
        with counting_events() as block:
            await asyncio.gather(*(session.ensure_token() for _ in range(4)))  # none yet
            await session.me()
            sb.expire_tokens_now()
            await session.me(refresh=True)  # a 401: the request waits for a new token
        stats = session.tokens.stats
    assert stats.waits == hook.count("token_wait") == block.count("token_wait") == 5
    reasons = [e.reason for e in _of(hook, "token_wait")]
    assert (reasons.count("none"), reasons.count("rejected")) == (4, 1)


# (background_failures: tests/core/test_core_logging.py, beside its store outage.)


# -- the success path ------------------------------------------------------------------------


class _CountingVar:
    """Stands in for the counting blocks' context variable, counting every read."""

    def __init__(self, var: ContextVar[tuple[EventCounter, ...]]) -> None:
        self.var, self.gets = var, 0

    def get(self) -> tuple[EventCounter, ...]:
        self.gets += 1
        return self.var.get()

    def set(self, value: tuple[EventCounter, ...]) -> object:
        return self.var.set(value)

    def reset(self, token: object) -> None:
        self.var.reset(token)  # type: ignore[arg-type]  # the token set() returned


async def test_a_successful_request_builds_no_event_and_reads_no_context_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hook = ss.EventCounter()
    limits = ss.Limits(concurrency=4, per_second=1_000_000)
    async with Sandbox(records=30) as sb, sb.session("admin", hooks=[hook], limits=limits) as s:
        await s.me()  # the login and its events come first
        seen = sum(hook.by_kind.values())
        built: list[tuple[object, ...]] = []
        monkeypatch.setattr(SessionEvent, "__init__", _recording(built, SessionEvent.__init__))
        scoped = _CountingVar(events_module._scoped)
        monkeypatch.setattr(events_module, "_scoped", scoped)
        for _ in range(10):
            await s.me(refresh=True)
        projects = await s.resource("projects").list(page_size=10)
        monkeypatch.undo()
    assert len(projects.data) == 10
    assert (built, scoped.gets, sum(hook.by_kind.values())) == ([], 0, seen)
    assert _rate_limit(s).waited == 0  # type: ignore[attr-defined]  # a RateLimit here
    assert (_retry_middleware(s).exhausted, s.retries) == (0, 0)


def _recording(built: list[tuple[object, ...]], init: object) -> object:
    def record(self: SessionEvent, *args: object, **kwargs: object) -> None:
        built.append(args)
        init(self, *args, **kwargs)  # type: ignore[operator]  # attrs' generated __init__

    return record


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_every_event_kind_is_in_the_docs_table_and_the_module_table() -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "observability.md"
    documented = {line.split("`")[1] for line in page.read_text().splitlines() if line[:3] == "| `"}
    module = events_module.__doc__ or ""
    rows = {line.split()[0] for line in module.splitlines() if line[:1].isalpha() and "  " in line}
    kinds = set(typing.get_args(EventKind))
    assert kinds - documented == set()  # every kind has a row on the observability page
    assert kinds - rows == set()  # and in the module's table
