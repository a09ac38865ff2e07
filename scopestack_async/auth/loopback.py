"""The CLI's loopback callback server (RFC 8252 §7.3): one login, then it is gone.

It listens on 127.0.0.1 (never ``localhost``, which Doorkeeper does not treat as loopback),
takes the first callback whose ``state`` matches, answers the browser with a short page and
shuts down, whatever happened: success, an error from the server, a timeout or a cancel.
"""

from __future__ import annotations

import asyncio
import errno
import logging
from collections.abc import Mapping
from types import TracebackType

from aiohttp import web
from yarl import URL

from .._core.pkce import loopback_bind, parse_callback, states_match
from ..errors import AuthenticationError, ConfigurationError

__all__ = ["LoopbackServer"]

log = logging.getLogger("scopestack_async.auth")

_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
    "<body style='font-family:sans-serif;margin:3em'><h1>{title}</h1><p>{text}</p></body></html>"
)
_SUCCESS = ("Login received", "You can close this tab and return to the application.")
_DENIED = (
    "Login failed",
    "The authorization was not granted. Return to the application for details.",
)
_STRAY = ("Unexpected request", "This callback does not belong to the login in progress.")


def _page(title: str, text: str, status: int) -> web.Response:
    # Connection: close so no idle keep-alive connection holds the shutdown up.
    return web.Response(
        text=_PAGE.format(title=title, text=text),
        status=status,
        content_type="text/html",
        headers={"Connection": "close", "Cache-Control": "no-store"},
    )


class LoopbackServer:
    """An aiohttp.web server on a loopback address that waits for one OAuth callback.

    ``redirect_uri`` is the registered URI; ``port`` forces a port (default: any free port when
    the registered host is a loopback IP literal, the registered port for ``localhost``).
    After :meth:`start`, :attr:`redirect_uri` is the URI to send in the authorize request.
    """

    def __init__(self, redirect_uri: str, state: str, *, port: int | None = None) -> None:
        self._registered = URL(redirect_uri)
        self._host, self._port, self._any_port = loopback_bind(self._registered, port)
        self._state = state
        self._runner: web.AppRunner | None = None
        self._result: asyncio.Future[Mapping[str, str]] | None = None
        self.redirect_uri = redirect_uri
        #: Callbacks refused because their state did not match (another tab, another program).

    def __repr__(self) -> str:
        return f"LoopbackServer(redirect_uri={self.redirect_uri!r})"

    async def __aenter__(self) -> LoopbackServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def start(self) -> None:
        """Bind and listen; a port in use is a ConfigurationError that says what to do."""
        self._result = asyncio.get_running_loop().create_future()
        app = web.Application()
        app.router.add_get(self._registered.path or "/", self._callback)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0, handle_signals=False)
        await runner.setup()
        self._runner = runner
        try:
            await web.TCPSite(runner, self._host, self._port, reuse_address=False).start()
        except OSError as exc:
            await self.close()
            raise self._bind_error(exc) from exc
        port = runner.addresses[0][1]
        self.redirect_uri = (
            str(self._registered.with_port(port)) if self._any_port else str(self._registered)
        )
        log.debug("loopback callback server listening on %s:%s", self._host, port)

    def _bind_error(self, exc: OSError) -> ConfigurationError:
        where = f"{self._host}:{self._port}"
        if exc.errno == errno.EADDRINUSE:
            return ConfigurationError(
                f"Port {self._port} on {self._host} is already in use, so the login callback "
                f"server cannot listen for {self._registered}. Stop the program using it (or a "
                "login already in progress) and try again; or ask ScopeStack support to register "
                "a http://127.0.0.1 callback URL, on which any free port is accepted."
            )
        return ConfigurationError(
            f"Could not listen on {where} for the login callback ({exc.strerror or exc}). "
            "Use a callback URL on 127.0.0.1 with a port above 1024."
        )

    async def wait(self, timeout: float) -> Mapping[str, str]:
        """The query of the callback whose state matches; AuthenticationError on timeout."""
        if self._result is None:
            raise ConfigurationError("Start the loopback server before waiting on it.")
        try:
            return await asyncio.wait_for(self._result, timeout)
        except asyncio.TimeoutError:
            raise AuthenticationError(
                f"No login callback arrived within {timeout:g} s. Open the login URL again and "
                'approve the request. If the browser showed "The requested redirect uri is '
                "malformed or doesn't match client redirect URI.\", the callback URL "
                f"{self._registered} is not the one registered for this client: ask ScopeStack "
                "support to register it."
            ) from None

    async def close(self) -> None:
        """Stop listening (idempotent); a waiter still pending is cancelled."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        if self._result is not None and not self._result.done():
            self._result.cancel()

    async def _callback(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        callback = parse_callback(query)
        if not states_match(self._state, callback.state):
            log.warning("loopback callback refused: state missing or not the expected one")
            return _page(*_STRAY, status=400)
        result = self._result
        if result is None or result.done():
            return _page(*_STRAY, status=409)
        result.set_result(query)
        if callback.code is None:
            return _page(*_DENIED, status=200)
        return _page(*_SUCCESS, status=200)
