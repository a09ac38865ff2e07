"""The engine's one seam to a session: send a request through its chain, get the answer.

The engine depends on :class:`ExportTransport` (four members), not on ``ScopeStackSession``:
no import cycle, and a test can drive the engine with any object that answers requests.
:class:`SessionTransport` adapts a session (anything shaped like :class:`SessionLike`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import aiohttp
import attrs
import yarl

from .._body import body_limit, read_body
from .._core.urls import account_path
from ..errors import ScopeStackError

__all__ = ["Answer", "ExportTransport", "SessionLike", "SessionTransport", "as_transport"]


@attrs.frozen
class Answer:
    """One HTTP answer: ``status``, ``headers`` and the whole (size-bounded) ``body``."""

    status: int
    headers: Mapping[str, str]
    body: bytes


@runtime_checkable
class ExportTransport(Protocol):
    """What the export engine needs from a session."""

    @property
    def api_url(self) -> yarl.URL:
        """The API origin: ``links.next`` is followed only there."""
        ...

    async def collection_url(self, resource: str) -> yarl.URL:
        """The URL of ``resource`` in the session's account (``/{slug}/v1/{resource}``)."""
        ...

    async def send(self, method: str, url: yarl.URL, *, max_bytes: int) -> Answer:
        """Send through the session's middleware chain (auth, retries); at most
        ``max_bytes`` of decoded body, else ResponseFormatError."""
        ...

    async def error_for(
        self, method: str, url: yarl.URL, status: int, headers: Mapping[str, str], body: bytes
    ) -> ScopeStackError:
        """The typed error the session raises for this error answer."""
        ...


class _Me(Protocol):
    @property
    def account_slug(self) -> str: ...


class SessionLike(Protocol):
    """The parts of ``ScopeStackSession`` the adapter uses."""

    @property
    def api_url(self) -> yarl.URL: ...

    @property
    def http(self) -> aiohttp.ClientSession: ...

    def url(self, path: str | yarl.URL) -> yarl.URL: ...

    async def me(self, *, refresh: bool = False) -> Any: ...

    async def error_for(
        self, method: str, url: yarl.URL, status: int, headers: Mapping[str, str], body: bytes
    ) -> ScopeStackError: ...


class SessionTransport:
    """A session seen through :class:`ExportTransport`."""

    def __init__(self, session: SessionLike) -> None:
        self._session = session

    @property
    def api_url(self) -> yarl.URL:
        """The session's API base URL."""
        return self._session.api_url

    async def collection_url(self, resource: str) -> yarl.URL:
        """``/{account-slug}/v1/{resource}`` for the account ``/v1/me`` names (cached)."""
        me = await self._session.me()
        return self._session.url(account_path(me.account_slug, resource))

    async def send(self, method: str, url: yarl.URL, *, max_bytes: int) -> Answer:
        """Send through the session's chain; the body read whole, bounded by ``max_bytes``."""
        with body_limit(max_bytes):
            async with self._session.http.request(method, url) as resp:
                return Answer(resp.status, resp.headers, await read_body(resp))

    async def error_for(
        self, method: str, url: yarl.URL, status: int, headers: Mapping[str, str], body: bytes
    ) -> ScopeStackError:
        """The session's typed error for this answer."""
        return await self._session.error_for(method, url, status, headers, body)


def as_transport(source: ExportTransport | SessionLike) -> ExportTransport:
    """``source`` itself when it is a transport, else a :class:`SessionTransport` of it."""
    if isinstance(source, ExportTransport):
        return source
    return SessionTransport(source)
