"""The session's knobs, grouped in small frozen values (httpx's ``Limits``/``Timeout`` are the
model): each checks itself once, so a combination that cannot work fails where it is made.

::

    ss.ScopeStackSession(
        ...,
        limits=ss.Limits(connections=50, concurrency=8, per_second=20),
        timeouts=ss.Timeouts(total=120, token=30),
    )

The session's older keyword arguments (``connection_limit=``, ``max_concurrency=``,
``requests_per_second=``, ``rate_limiter=``, ``timeout=``, ``token_timeout=``) still work and
fill the same values; giving one of them *and* the group it belongs to is refused.
"""

from __future__ import annotations

from typing import Any

import attrs
from aiohttp import ClientMiddlewareType

from .errors import ConfigurationError

__all__ = ["Limits", "Timeouts"]


def _positive(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A positive number, or None for "no limit"."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ConfigurationError(f"{attribute.name} must be a positive number, got {value!r}.")


def _count(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A positive whole number, or None."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ConfigurationError(f"{attribute.name} must be a positive integer, got {value!r}.")


@attrs.frozen(kw_only=True)
class Limits:
    """How much load one session may put on the API.

    ``connections``: the connection pool's size (ignored, hence refused, with ``http=``: a
    shared pool has its own); ``concurrency``: requests in flight at once; ``per_second``: an
    in-process request rate; ``rate_limiter``: a shared one instead (e.g.
    :class:`~scopestack_async.fleet.RedisRateLimit`), never together with ``per_second``.
    """

    connections: int | None = attrs.field(default=None, validator=_count)
    concurrency: int | None = attrs.field(default=None, validator=_count)
    per_second: float | None = attrs.field(default=None, validator=_positive)
    rate_limiter: ClientMiddlewareType | None = None

    def __attrs_post_init__(self) -> None:
        if self.per_second is not None and self.rate_limiter is not None:
            raise ConfigurationError(
                "Pass per_second (requests_per_second: an in-process limit) or rate_limiter "
                "(e.g. a RedisRateLimit shared by a fleet), not both."
            )

    @property
    def pool_size(self) -> int:
        """The size of a pool the session makes itself (100 unless ``connections`` says)."""
        return 100 if self.connections is None else self.connections


@attrs.frozen(kw_only=True)
class Timeouts:
    """How long to wait: ``total`` seconds for each API request (every retry included),
    ``token`` seconds for each token-endpoint call."""

    total: float = attrs.field(default=60.0, validator=_positive)
    token: float = attrs.field(default=30.0, validator=_positive)
