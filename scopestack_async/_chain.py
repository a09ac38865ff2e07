"""How the session's middlewares reach aiohttp: as few aiohttp layers as the chain allows.

Each concern (concurrency, retry, rate, auth) stays one middleware class, usable on its own
as an aiohttp middleware. aiohttp, though, wraps every layer of a session's chain in two
coroutines and a closure made afresh for each request: measured by instruction count
(``benchmarks/request_instructions.py``), two no-op layers cost 4.4% of a small GET. So a
middleware of the SDK also offers :meth:`Relay.send`, "do this concern, then hand the request
to ``inner``", and :func:`compose` joins consecutive relays into one aiohttp middleware that
calls each directly: no closure per request, and one coroutine per concern.

Nothing is mutated: a relay shared by several sessions (a rate limiter in ``Limits``) is
composed into each chain by reference, and a middleware that is not a relay keeps its own
aiohttp layer where it stands.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Sequence

from aiohttp import ClientHandlerType, ClientMiddlewareType, ClientRequest, ClientResponse

__all__ = ["Relay", "compose", "to_handler"]


def to_handler(req: ClientRequest, handler: ClientHandlerType) -> Awaitable[ClientResponse]:
    """The innermost step of every chain: aiohttp's own handler (which sends)."""
    return handler(req)


class Relay(ABC):
    """Base of the SDK's middlewares: each can pass its request to a given inner middleware
    instead of to aiohttp's handler. Subclasses implement :meth:`send`; calling the object is
    the plain aiohttp middleware."""

    __slots__ = ()

    @abstractmethod
    def send(
        self, req: ClientRequest, handler: ClientHandlerType, inner: ClientMiddlewareType
    ) -> Awaitable[ClientResponse]:
        """Do this middleware's work, sending through ``inner(req, handler)``."""

    def __call__(self, req: ClientRequest, handler: ClientHandlerType) -> Awaitable[ClientResponse]:
        """Use as a plain aiohttp middleware."""
        return self.send(req, handler, to_handler)


class _Composed:
    """``outer`` relaying to ``inner``, as one aiohttp middleware."""

    __slots__ = ("_inner", "_outer", "_send")

    def __init__(self, outer: Relay, inner: ClientMiddlewareType) -> None:
        self._outer = outer
        self._send = outer.send  # bound once, not on every request
        self._inner = inner

    def __call__(self, req: ClientRequest, handler: ClientHandlerType) -> Awaitable[ClientResponse]:
        # A plain call returning the outer's coroutine: no frame of its own.
        return self._send(req, handler, self._inner)

    def __repr__(self) -> str:
        return f"compose({self._outer!r} -> {self._inner!r})"


def compose(middlewares: Sequence[ClientMiddlewareType]) -> tuple[ClientMiddlewareType, ...]:
    """``middlewares`` (outermost first) as the fewest aiohttp middlewares that run them in
    the same order: each relay absorbs the middleware after it."""
    layers: list[ClientMiddlewareType] = []
    for middleware in reversed(middlewares):
        if layers and isinstance(middleware, Relay):
            layers[-1] = _Composed(middleware, layers[-1])
        else:
            layers.append(middleware)
    return tuple(reversed(layers))
