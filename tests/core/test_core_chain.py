"""The session's middlewares reach aiohttp composed (``_chain.compose``): fewer aiohttp layers,
the same order, the same behaviour, and nothing shared is mutated."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from typing import Any

import aiohttp
import pytest
from aiohttp import ClientHandlerType, ClientMiddlewareType, ClientRequest, ClientResponse
from aiohttp.client_middlewares import build_client_middlewares
from core_fake import Running
from yarl import URL

import scopestack_async as ss
from scopestack_async._chain import Relay, compose
from scopestack_async.errors import ServerError


class Recording(Relay):
    """A relay that notes when a request passes it, on the way in and out."""

    def __init__(self, name: str, seen: list[str]) -> None:
        self.name, self.seen = name, seen

    async def send(
        self, req: ClientRequest, handler: ClientHandlerType, inner: ClientMiddlewareType
    ) -> ClientResponse:
        self.seen.append(f"{self.name} in")
        resp = await inner(req, handler)
        self.seen.append(f"{self.name} out")
        return resp


def plain(name: str, seen: list[str]) -> ClientMiddlewareType:
    """An ordinary aiohttp middleware: no relay, so it keeps an aiohttp layer of its own."""

    async def middleware(req: ClientRequest, handler: ClientHandlerType) -> ClientResponse:
        seen.append(f"{name} in")
        resp = await handler(req)
        seen.append(f"{name} out")
        return resp

    return middleware


async def _run(layers: tuple[ClientMiddlewareType, ...], seen: list[str]) -> Any:
    async def handler(req: ClientRequest) -> ClientResponse:
        seen.append("sent")
        return "answer"  # type: ignore[return-value]  # the chain only passes it on

    req = ClientRequest("GET", URL("http://127.0.0.1/x"), loop=asyncio.get_running_loop())
    return await build_client_middlewares(handler, layers)(req)


@pytest.mark.parametrize(
    ("shape", "layer_count"),
    [("RRR", 1), ("RPR", 2), ("PRR", 2), ("RRP", 1), ("PP", 2), ("R", 1), ("RPRP", 2)],
)
async def test_composing_keeps_the_order_in_fewer_layers(shape: str, layer_count: int) -> None:
    seen: list[str] = []
    names = [f"{kind}{i}" for i, kind in enumerate(shape)]
    chain = [Recording(n, seen) if n[0] == "R" else plain(n, seen) for n in names]

    layers = compose(chain)

    assert len(layers) == layer_count  # each relay absorbed the middleware after it
    assert await _run(layers, seen) == "answer"
    assert seen == [f"{n} in" for n in names] + ["sent"] + [f"{n} out" for n in reversed(names)]


async def test_a_relay_shared_by_two_chains_reaches_each_chains_own_inner() -> None:
    seen: list[str] = []
    shared = Recording("shared", seen)  # a rate limiter in Limits, given to two sessions
    first = compose([shared, Recording("first", seen)])
    second = compose([shared, Recording("second", seen)])

    await _run(first, seen)
    await _run(second, seen)
    await _run(first, seen)

    assert seen == [
        *("shared in", "first in", "sent", "first out", "shared out"),
        *("shared in", "second in", "sent", "second out", "shared out"),
        *("shared in", "first in", "sent", "first out", "shared out"),
    ]


async def test_a_relay_alone_is_a_plain_aiohttp_middleware() -> None:
    seen: list[str] = []
    assert await _run((Recording("alone", seen),), seen) == "answer"
    assert seen == ["alone in", "sent", "alone out"]


async def test_the_session_gives_aiohttp_one_middleware_for_its_whole_chain(
    fake: Running,
) -> None:
    limits = ss.Limits(concurrency=4, per_second=1000)
    async with fake.session(limits=limits) as session:
        installed = session.http._middlewares
        doc = await session.request("GET", "/echo")

    assert len(installed) == 1  # concurrency -> retry -> rate -> auth, all relays
    parts = session._middlewares()
    assert [type(p).__name__ for p in parts] == [
        "ConcurrencyLimit", "RetryMiddleware", "RateLimit", "AuthMiddleware",
    ]  # fmt: skip
    assert doc.meta["accept"] == "application/vnd.api+json"
    assert fake.state.seen_auth[-1] is not None
    assert fake.state.seen_auth[-1].startswith("Bearer ")


@pytest.mark.usefixtures("no_waits")
async def test_a_foreign_rate_limiter_keeps_its_layer_and_sees_every_attempt(
    fake: Running,
) -> None:
    calls: list[str] = []

    async def counting(req: ClientRequest, handler: ClientHandlerType) -> ClientResponse:
        calls.append(req.url.path)
        return await handler(req)

    limits = ss.Limits(rate_limiter=counting)
    async with fake.session(limits=limits, retry=ss.RetryPolicy(max_attempts=3)) as session:
        layers = session.http._middlewares
        with pytest.raises(ServerError):
            await session.request("GET", "/status/503")
        doc = await session.request("GET", "/echo")

    # retry composed with the foreign limiter, then auth in a layer of its own
    assert len(layers) == 2
    assert calls == ["/status/503"] * 3 + ["/echo"]  # inside the retry: every attempt
    assert session.retries == 2
    assert doc.data is not None


async def test_requests_give_their_connection_back_on_success_and_on_error(
    fake: Running,
) -> None:
    # One connection in the pool: a request that kept it would hold up the next until timeout.
    async with fake.session(limits=ss.Limits(connections=1)) as session:
        for path in ("/echo", "/status/404", "/echo", "/status/422", "/html", "/echo"):
            await asyncio.wait_for(_swallow(session.request("GET", path)), timeout=10)
        connector = session.http.connector
        assert connector is not None
        assert connector._acquired == set()  # type: ignore[attr-defined]  # none held


async def _swallow(request: Awaitable[object]) -> None:
    with contextlib.suppress(ss.ScopeStackError):
        await request


async def test_a_request_cancelled_mid_flight_gives_its_connection_back(fake: Running) -> None:
    async with fake.session(limits=ss.Limits(connections=1)) as session:
        await session.request("GET", "/echo")  # a token first
        slow = asyncio.ensure_future(session.request("GET", "/status/504"))
        await asyncio.sleep(0)
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        doc = await asyncio.wait_for(session.request("GET", "/echo"), timeout=10)
        assert doc.data is not None


async def test_a_plain_aiohttp_session_can_install_the_middlewares_themselves(
    fake: Running,
) -> None:
    retry = ss.RetryMiddleware()
    async with aiohttp.ClientSession(middlewares=(retry,)) as http:
        async with http.get(f"{fake.url}/html") as resp:
            assert resp.status == 200
            assert await resp.text() == "<html>proxy error</html>"
    assert retry.attempts == 1
