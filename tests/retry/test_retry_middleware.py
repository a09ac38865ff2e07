"""RetryMiddleware against real loopback servers: what is retried, how often, what is raised."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from retry_support import FakeTime, Recorder

from scopestack_async import retry
from scopestack_async._core.rules import FailureKind, RetryPolicy
from scopestack_async.errors import TransportError
from scopestack_async.limits import ConcurrencyLimit, RateLimit
from scopestack_async.retry import InProcessPauseGate, PauseGate, RetryMiddleware, failure_kind

Serve = Callable[..., Awaitable[TestServer]]

pytestmark = pytest.mark.usefixtures("no_waits")


def session_with(mw: RetryMiddleware, **kwargs: object) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(middlewares=(mw,), **kwargs)  # type: ignore[arg-type]  # test kwargs


def reply(
    status: int, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    return (status, headers or {}, body)


async def test_get_503_twice_then_200_is_retried(serve: Serve) -> None:
    rec = Recorder(script=[reply(503), reply(503)])
    server = await serve(rec)
    mw = RetryMiddleware()
    async with session_with(mw) as session, session.get(server.make_url("/items")) as resp:
        assert resp.status == 200
        assert await resp.text() == "ok"
    assert rec.count == 3
    assert (mw.attempts, mw.retries, mw.exhausted) == (3, 2, 0)


async def test_get_503_forever_returns_the_last_503_after_max_attempts(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    rec = Recorder(default=reply(503, body=b"down"))
    server = await serve(rec)
    mw = RetryMiddleware(RetryPolicy(max_attempts=3))
    caplog.set_level(logging.DEBUG, logger="scopestack_async.retry")
    async with session_with(mw) as session, session.get(server.make_url("/x")) as resp:
        assert resp.status == 503
        assert await resp.read() == b"down"
    assert rec.count == 3
    assert (mw.retries, mw.exhausted) == (2, 1)
    assert caplog.messages[-1] == (
        "giving up on GET /x after 503 on attempt 3: status 503; no attempts left"
    )


async def test_post_503_is_not_retried(serve: Serve) -> None:
    rec = Recorder(default=reply(503))
    server = await serve(rec)
    mw = RetryMiddleware()
    async with (
        session_with(mw) as session,
        session.post(server.make_url("/x"), json={"a": 1}) as resp,
    ):
        assert resp.status == 503
    assert rec.count == 1
    assert (mw.retries, mw.exhausted) == (0, 0)


@pytest.mark.parametrize("status", [401, 403, 404, 422])
async def test_client_errors_are_never_retried(serve: Serve, status: int) -> None:
    rec = Recorder(default=reply(status))
    server = await serve(rec)
    mw = RetryMiddleware()
    async with session_with(mw) as session, session.get(server.make_url("/x")) as resp:
        assert resp.status == status
    assert rec.count == 1


async def test_post_429_is_retried_with_the_same_body(serve: Serve) -> None:
    rec = Recorder(script=[reply(429, {"Retry-After": "0"})])
    server = await serve(rec)
    mw = RetryMiddleware()
    async with (
        session_with(mw) as session,
        session.post(server.make_url("/x"), json={"n": 7}) as resp,
    ):
        assert resp.status == 200
    assert [a.body for a in rec.arrivals] == [b'{"n": 7}', b'{"n": 7}']
    assert mw.pauses == 1


async def test_post_is_retried_after_a_connect_error(serve: Serve, free_port: int) -> None:
    # Nothing listens on the port for the first attempt; the "sleep" before the retry starts
    # the server there, so the retry connects. A POST may be repeated: it never left.
    rec = Recorder()
    started: list[TestServer] = []

    async def start_server_then_continue(_: float) -> None:
        if not started:
            started.append(await serve(rec, port=free_port))

    retry.set_testing(False)  # this test needs its sleep called; it never really waits
    mw = RetryMiddleware(sleep=start_server_then_continue)
    url = f"http://127.0.0.1:{free_port}/orders"
    async with session_with(mw) as session, session.post(url, data=b"payload") as resp:
        assert resp.status == 200
    assert [a.body for a in rec.arrivals] == [b"payload"]
    assert (mw.attempts, mw.retries) == (2, 1)


async def test_connect_error_every_time_raises_transport_error_not_sent(free_port: int) -> None:
    mw = RetryMiddleware(RetryPolicy(max_attempts=3))
    url = f"http://127.0.0.1:{free_port}/v1/projects?page=2"
    async with session_with(mw) as session:
        with pytest.raises(TransportError) as info:
            await session.post(url, data=b"x")
    assert info.value.sent is False
    message = str(info.value)
    assert f"POST http://127.0.0.1:{free_port}/v1/projects failed: could not connect" in message
    assert "after 3 attempts; the request was never sent" in message
    assert "page" not in message  # never the query
    assert isinstance(info.value.__cause__, aiohttp.ClientConnectorError)
    assert (mw.attempts, mw.retries, mw.exhausted) == (3, 2, 1)


async def _hang_up_server(counter: list[bytes]) -> asyncio.Server:
    """A raw TCP server that reads a request head and hangs up without answering."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        counter.append(await reader.readuntil(b"\r\n\r\n"))
        writer.close()
        await writer.wait_closed()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


@pytest.fixture
async def hang_up() -> AsyncIterator[tuple[str, list[bytes]]]:
    heads: list[bytes] = []
    server = await _hang_up_server(heads)
    port = server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", heads
    server.close()
    await server.wait_closed()


@pytest.mark.parametrize(("method", "expected_sends"), [("GET", 4), ("DELETE", 4), ("POST", 1)])
async def test_disconnect_after_send_raises_transport_error_sent(
    hang_up: tuple[str, list[bytes]], method: str, expected_sends: int
) -> None:
    base, heads = hang_up
    mw = RetryMiddleware()
    async with session_with(mw) as session:
        with pytest.raises(TransportError) as info:
            await session.request(method, f"{base}/v1/tasks?filter=x", data=b"")
    assert info.value.sent is True
    assert len(heads) == expected_sends
    assert "the server closed the connection" in str(info.value)
    assert "the request may have reached the server" in str(info.value)
    assert "filter" not in str(info.value)


async def test_read_timeout_on_get_is_retried(serve: Serve) -> None:
    async def slow_first(index: int) -> None:
        if index == 0:
            await asyncio.sleep(1.0)

    rec = Recorder(hold=slow_first)
    server = await serve(rec)
    mw = RetryMiddleware()
    timeout = aiohttp.ClientTimeout(sock_read=0.1)
    async with (
        session_with(mw, timeout=timeout) as session,
        session.get(server.make_url("/x")) as resp,
    ):
        assert resp.status == 200
    assert rec.count == 2
    assert mw.retries == 1


async def test_total_timeout_is_not_retried(serve: Serve) -> None:
    # aiohttp's total timeout is one timer for every attempt: once it fired, a retry would
    # fail at once (or worse, send again), so the middleware stops and says so.
    async def slow(_: int) -> None:
        await asyncio.sleep(1.0)

    rec = Recorder(hold=slow)
    server = await serve(rec)
    mw = RetryMiddleware()
    timeout = aiohttp.ClientTimeout(total=0.1)
    async with session_with(mw, timeout=timeout) as session:
        with pytest.raises(TransportError) as info:
            await session.get(server.make_url("/x"))
    assert "the request's total timeout expired (TimeoutError) after 1 attempt" in str(info.value)
    assert info.value.sent is True
    assert (rec.count, mw.attempts, mw.retries) == (1, 1, 0)


async def test_rejected_responses_are_released_before_the_retry(serve: Serve) -> None:
    # One connection only and a 4 MiB error body: the retry can only get a connection if the
    # middleware released the rejected response without reading it.
    big = b"x" * (4 * 1024 * 1024)
    rec = Recorder(script=[reply(503, body=big), reply(503, body=big)])
    server = await serve(rec)
    mw = RetryMiddleware()
    connector = aiohttp.TCPConnector(limit=1)
    timeout = aiohttp.ClientTimeout(total=5)
    async with (
        session_with(mw, connector=connector, timeout=timeout) as session,
        session.get(server.make_url("/big")) as resp,
    ):
        assert resp.status == 200
    assert rec.count == 3


async def _stream() -> AsyncIterator[bytes]:
    for chunk in (b"chunk1-", b"chunk2"):
        yield chunk


@pytest.mark.parametrize(("method", "status"), [("PUT", 503), ("POST", 429)])
async def test_consumed_stream_is_never_replayed(serve: Serve, method: str, status: int) -> None:
    rec = Recorder(script=[reply(status, {"Retry-After": "0"})])
    server = await serve(rec)
    mw = RetryMiddleware()
    async with (
        session_with(mw) as session,
        session.request(method, server.make_url("/up"), data=_stream()) as resp,
    ):
        assert resp.status == status
    assert [a.body for a in rec.arrivals] == [b"chunk1-chunk2"]
    assert (mw.retries, mw.exhausted) == (0, 1)


async def test_deadline_stops_retries_before_the_wait_would_pass_it(
    serve: Serve, fake_time: FakeTime
) -> None:
    retry.set_testing(False)  # waits go to the fake clock
    rec = Recorder(default=reply(503))
    server = await serve(rec)
    policy = RetryPolicy(max_attempts=10, deadline=3.0, backoff_base=1.0, jitter="none")
    mw = RetryMiddleware(policy, clock=fake_time.clock, sleep=fake_time.sleep)
    async with session_with(mw) as session, session.get(server.make_url("/x")) as resp:
        assert resp.status == 503
    # waits 1 (t=1) and 2 (t=3) fit the 3 s deadline; the next (4 s) would not.
    assert fake_time.sleeps == [1.0, 2.0]
    assert rec.count == 3
    assert mw.exhausted == 1


async def test_retry_after_beyond_the_deadline_returns_the_429_at_once(
    serve: Serve, fake_time: FakeTime
) -> None:
    retry.set_testing(False)
    rec = Recorder(default=reply(429, {"Retry-After": "120"}))
    server = await serve(rec)
    mw = RetryMiddleware(clock=fake_time.clock, sleep=fake_time.sleep)
    async with session_with(mw) as session, session.get(server.make_url("/x")) as resp:
        assert resp.status == 429
        assert resp.headers["Retry-After"] == "120"
    assert rec.count == 1
    assert fake_time.sleeps == []


async def test_backoff_uses_the_injected_random(serve: Serve, fake_time: FakeTime) -> None:
    retry.set_testing(False)
    rec = Recorder(script=[reply(502), reply(502)])
    server = await serve(rec)
    mw = RetryMiddleware(
        RetryPolicy(jitter="full"), clock=fake_time.clock, sleep=fake_time.sleep, random=lambda: 0.5
    )
    async with session_with(mw) as session, session.get(server.make_url("/x")) as resp:
        assert resp.status == 200
    assert fake_time.sleeps == [0.25, 0.5]


async def test_testing_switch_skips_even_a_long_retry_after(serve: Serve) -> None:
    rec = Recorder(script=[reply(429, {"Retry-After": "30"})])
    server = await serve(rec)
    slept: list[float] = []

    async def record_sleep(seconds: float) -> None:
        slept.append(seconds)

    mw = RetryMiddleware(sleep=record_sleep)
    assert retry.is_testing() is True
    async with session_with(mw) as session, session.get(server.make_url("/x")) as resp:
        assert resp.status == 200
    assert rec.count == 2
    assert slept == []


async def test_disabled_policy_sends_once(serve: Serve) -> None:
    rec = Recorder(default=reply(503))
    server = await serve(rec)
    mw = RetryMiddleware(RetryPolicy.disabled())
    async with session_with(mw) as session, session.get(server.make_url("/x")) as resp:
        assert resp.status == 503
    assert rec.count == 1


async def test_retry_logs_method_path_and_status_but_no_secrets(
    serve: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    rec = Recorder(script=[reply(503)])
    server = await serve(rec)
    mw = RetryMiddleware()
    caplog.set_level(logging.DEBUG, logger="scopestack_async")
    headers = {"Authorization": "Bearer SECRET-TOKEN"}
    async with (
        session_with(mw) as session,
        session.get(server.make_url("/v1/items?q=hidden"), headers=headers) as resp,
    ):
        assert resp.status == 200
    records = [r for r in caplog.records if r.name == "scopestack_async.retry"]
    assert [r.levelno for r in records] == [logging.INFO]  # a success logs nothing more
    assert "retrying GET /v1/items after 503" in records[0].getMessage()
    assert "attempt 1 of 4" in records[0].getMessage()
    assert "SECRET" not in caplog.text
    assert "hidden" not in caplog.text


async def test_middleware_stack_works_with_every_part(serve: Serve) -> None:
    rec = Recorder(script=[reply(503)])
    server = await serve(rec)
    limit, mw, rate = ConcurrencyLimit(2), RetryMiddleware(), RateLimit(1000, burst=10)
    async with aiohttp.ClientSession(middlewares=(limit, mw, rate)) as session:
        results = await asyncio.gather(
            *(_status(session, server.make_url(f"/{i}")) for i in range(5))
        )
    assert results == [200] * 5
    assert rec.count == 6
    assert (mw.retries, limit.peak) == (1, 2)


async def _status(session: aiohttp.ClientSession, url: object) -> int:
    async with session.get(url) as resp:  # type: ignore[arg-type]  # a yarl.URL
        return resp.status


def test_everything_can_be_built_outside_a_running_loop() -> None:
    # A session may be configured at import time; nothing asyncio may be created until used.
    limit, mw, rate = ConcurrencyLimit(1), RetryMiddleware(), RateLimit(5)

    async def use() -> int:
        async def ok(_: web.Request) -> web.Response:
            return web.Response(text="ok")

        app = web.Application()
        app.router.add_get("/", ok)
        async with (
            TestServer(app, host="127.0.0.1") as server,
            aiohttp.ClientSession(middlewares=(limit, mw, rate)) as session,
        ):
            return await _status(session, server.make_url("/"))

    assert asyncio.run(use()) == 200
    assert mw.attempts == 1


@pytest.mark.parametrize(
    ("exc", "kind", "sent"),
    [
        (aiohttp.ConnectionTimeoutError("connect"), FailureKind.CONNECT, False),
        (aiohttp.ServerTimeoutError("read"), FailureKind.TIMEOUT, True),
        (aiohttp.SocketTimeoutError("read"), FailureKind.TIMEOUT, True),
        (asyncio.TimeoutError(), FailureKind.TOTAL_TIMEOUT, True),
        (aiohttp.ServerDisconnectedError(), FailureKind.DISCONNECTED, True),
        (aiohttp.ClientOSError(104, "reset"), FailureKind.OTHER, True),
        (aiohttp.ServerFingerprintMismatch(b"a", b"b", "h", 443), FailureKind.TLS, False),
    ],
)
def test_exception_mapping(exc: BaseException, kind: FailureKind, sent: bool) -> None:
    assert failure_kind(exc) == (kind, sent)


async def test_pause_gate_keeps_the_latest_end_and_waits_for_it(fake_time: FakeTime) -> None:
    gate = InProcessPauseGate(clock=fake_time.clock, sleep=fake_time.sleep)
    assert isinstance(gate, PauseGate)
    await gate.wait()
    assert fake_time.sleeps == []
    await gate.pause(2.0)
    await gate.pause(1.0)  # shorter: does not shorten the pause
    assert gate.paused_until == 1002.0
    await gate.wait()
    assert fake_time.sleeps == [2.0]
    assert fake_time.now == 1002.0


async def test_pause_gate_wait_is_bounded_even_if_time_stands_still() -> None:
    calls: list[float] = []

    async def sleep_without_time_passing(seconds: float) -> None:
        calls.append(seconds)

    gate = InProcessPauseGate(clock=lambda: 0.0, sleep=sleep_without_time_passing)
    await gate.pause(5.0)
    await gate.wait()
    assert len(calls) == 32
