"""The one builder of :class:`~scopestack_async.errors.TransportError`.

Every transport failure (the API, the token endpoint, a document download, a fleet limit's
Redis) becomes an error here, from the exception and one ``sent`` value: whether the request may
have reached the server. The sentence that says so is rendered from that same value, so the
text and ``TransportError.sent`` cannot disagree; a write that may have been applied says so
and how to check (:func:`~scopestack_async._core.rules.write_may_have_applied`).
"""

from __future__ import annotations

import asyncio

import aiohttp
from yarl import URL

from ._core.rules import FailureKind, write_may_have_applied
from ._core.urls import redacted
from .errors import TransportError

__all__ = ["failure_kind", "transport_error"]

_ADVICE = {
    FailureKind.CONNECT: "check the network and the URL, then try again",
    FailureKind.TLS: "check the server certificate and the system CA store; retrying won't help",
    FailureKind.TIMEOUT: "try again later or raise the read timeout",
    FailureKind.TOTAL_TIMEOUT: "try again later or raise the session's total timeout",
    FailureKind.DISCONNECTED: "try again later",
    FailureKind.OTHER: "try again later",
}


def failure_kind(exc: BaseException) -> tuple[FailureKind, bool]:
    """Map an aiohttp/asyncio failure to (kind, whether the request may have been sent).

    The one place that decides ``TransportError.sent``. Order matters: subclasses first."""
    if isinstance(exc, (aiohttp.ClientSSLError, aiohttp.ServerFingerprintMismatch)):
        return FailureKind.TLS, False
    if isinstance(exc, (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)):
        return FailureKind.CONNECT, False
    if isinstance(exc, aiohttp.ServerTimeoutError):
        return FailureKind.TIMEOUT, True
    if isinstance(exc, asyncio.TimeoutError):
        # A bare TimeoutError is aiohttp's total timeout: its one timer covers every attempt,
        # so each retry would fail at once (checked on aiohttp 3.14). Whether the request left
        # is unknown; assume it did.
        return FailureKind.TOTAL_TIMEOUT, True
    if isinstance(exc, (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError)):
        return FailureKind.DISCONNECTED, True
    return FailureKind.OTHER, True  # Unknown: assume it left, the safe side for writes.


def _reason(exc: BaseException) -> str:
    """What went wrong, without ``str(exc)``: aiohttp's texts carry the full URL and query
    (``TooManyRedirects``), and a server's reason phrase is its own free text."""
    name = type(exc).__name__
    if isinstance(exc, aiohttp.ClientResponseError):
        return f"{name} (HTTP {exc.status})"
    os_error = getattr(exc, "os_error", exc)
    if isinstance(os_error, OSError) and os_error.strerror:
        return f"{name}: {os_error.strerror}"
    return name


def transport_error(
    exc: BaseException,
    *,
    method: str,
    url: URL | str | None,
    what: str | None = None,
    attempts: int | None = None,
    sent: bool | None = None,
    advice: str | None = None,
    write: bool = True,
) -> TransportError:
    """The error for ``exc`` raised by ``method url`` (``url`` is redacted here).

    ``attempts`` (when given) is how many times it was tried; ``what`` names the exchange when it is not a plain API request ("the token endpoint");
    ``sent`` overrides what the exception says (a fleet limit failing before the request);
    ``advice`` replaces the default next step; ``write=False`` for a POST that creates nothing
    a reader could look up (a token request).
    """
    kind, maybe_sent = failure_kind(exc)
    sent = maybe_sent if sent is None else sent
    where = redacted(url) if isinstance(url, URL) else url
    subject = " ".join(part for part in (what, method.upper() if url else None, where) if part)
    tries = "" if attempts is None else f" after {attempts} attempt{'s' if attempts > 1 else ''}"
    if sent:
        left = "the request may have reached the server"
        applied = write_may_have_applied(method) if write else None
        if applied:
            left = f"{left}, so {applied}"
    else:
        left = "the request was never sent, so nothing was changed"
    step = advice or _ADVICE[kind]
    return TransportError(
        f"{subject} failed: {kind.value} ({_reason(exc)}){tries}; {left}; {step}.",
        sent=sent,
    )
