"""The one reader of a response body that bounds its decoded size.

A server (or a proxy) decides how large a body is, and ``Content-Encoding: gzip`` lets a
250 KB answer inflate to 250 MB. :func:`read_body` reads at most the current limit of
*decoded* bytes and raises :class:`~scopestack_async.errors.ResponseFormatError` past it.
The limit is a context variable, so a caller (the export engine) can set its own around its
requests while every other request keeps the generous default.

The common answer (a ``Content-Length`` within the limit and no content encoding) is read
with ``resp.read()`` exactly as before: the hot path costs one header lookup more.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

import aiohttp
from aiohttp import hdrs

from ._core.urls import redacted
from .errors import ConfigurationError, ResponseFormatError

__all__ = ["DEFAULT_MAX_BODY_BYTES", "body_limit", "buffered", "read_body"]

#: Decoded bytes one response may have unless a caller says otherwise (generous: a page of
#: 1,000 ScopeStack projects is about 2 MB).
DEFAULT_MAX_BODY_BYTES: Final = 256 << 20

_CHUNK: Final = 1 << 16
_limit: ContextVar[int] = ContextVar("scopestack_max_body_bytes", default=DEFAULT_MAX_BODY_BYTES)


@contextmanager
def body_limit(max_bytes: int | object) -> Iterator[None]:
    """Bound the decoded size of every body :func:`read_body` reads inside the block.

    ``max_bytes`` is checked as anything: it arrives from callers untyped at run time."""
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ConfigurationError(f"max_response_bytes must be a positive int, got {max_bytes!r}.")
    token = _limit.set(max_bytes)
    try:
        yield
    finally:
        _limit.reset(token)


def _too_large(resp: aiohttp.ClientResponse, limit: int) -> ResponseFormatError:
    return ResponseFormatError(
        f"{resp.method} {redacted(resp.url)} answered with a body larger than the limit of "
        f"{limit:,} bytes (decoded; Content-Encoding "
        f"{resp.headers.get(hdrs.CONTENT_ENCODING) or 'none'}). Ask for smaller pages, or "
        "raise max_response_bytes if such a large answer is expected."
    )


def buffered(resp: aiohttp.ClientResponse) -> bytes | None:
    """The body of ``resp`` if it has been read already (by the retry middleware), else None."""
    return resp._body


def read_body(resp: aiohttp.ClientResponse) -> Awaitable[bytes]:
    """The whole body of ``resp``, at most the current limit of decoded bytes (await it).

    Past the limit the response is closed (the rest is never read or inflated) and
    ResponseFormatError names the URL and the limit; a read that fails (a reset, a
    cancellation) closes it too, since half a body cannot be read again. A plain function, not a coroutine: the
    common answer hands back ``resp.read()`` itself, one coroutine fewer on every request.
    """
    if resp._body is None:
        limit = _limit.get()
        length = resp.content_length
        if length is not None and hdrs.CONTENT_ENCODING not in resp.headers:
            if length > limit:
                resp.close()
                raise _too_large(resp, limit)
            return resp.read()  # aiohttp closes the response if this read fails
    return _read_bounded(resp)


async def _read_bounded(resp: aiohttp.ClientResponse) -> bytes:
    if resp._body is not None:  # Already read (by the retry middleware, say).
        return resp._body
    limit = _limit.get()
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in resp.content.iter_chunked(_CHUNK):
            size += len(chunk)
            if size > limit:
                break
            chunks.append(chunk)
    except BaseException:
        resp.close()
        raise
    if size > limit:
        resp.close()
        raise _too_large(resp, limit)
    body = b"".join(chunks)
    resp._body = body  # What resp.read() returns from now on.
    return body
