"""Test doubles for the retry suite: a recording loopback app and a fake clock."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import attrs
from aiohttp import web

Reply = tuple[int, dict[str, str], bytes]


@attrs.define
class Arrival:
    """One request as the server saw it."""

    at: float
    method: str
    path_qs: str
    body: bytes
    headers: dict[str, str]


@attrs.define
class Recorder:
    """An aiohttp.web app answering from a script of replies, recording every arrival.

    ``script`` is consumed in order; once empty every request gets ``default``.
    ``hold`` optionally delays a reply (an async callable given the arrival index).
    """

    script: list[Reply] = attrs.field(factory=list)
    default: Reply = (200, {}, b"ok")
    hold: Callable[[int], Awaitable[None]] | None = None
    arrivals: list[Arrival] = attrs.field(factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        index = len(self.arrivals)
        self.arrivals.append(
            Arrival(time.monotonic(), request.method, request.path_qs, body, dict(request.headers))
        )
        if self.hold is not None:
            await self.hold(index)
        status, headers, payload = self.script.pop(0) if self.script else self.default
        return web.Response(status=status, headers=headers, body=payload)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        return app

    @property
    def count(self) -> int:
        return len(self.arrivals)


class FakeTime:
    """A clock and a sleep that advances it, for deterministic waits."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)
