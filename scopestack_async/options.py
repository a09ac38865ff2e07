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
fill the same values, with a ``DeprecationWarning`` naming the replacement
(:data:`MOVED_KEYWORDS`); giving one of them *and* the group it belongs to is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict, TypeVar

import attrs
from aiohttp import ClientMiddlewareType

from .errors import ConfigurationError

__all__ = ["MOVED_KEYWORDS", "Limits", "MovedKeywords", "Timeouts", "from_keywords"]


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


class MovedKeywords(TypedDict, total=False):
    """The session's older keyword arguments (deprecated): each is one field of
    ``limits=`` or ``timeouts=`` now (:data:`MOVED_KEYWORDS` says which)."""

    connection_limit: int | None
    max_concurrency: int | None
    requests_per_second: float | None
    rate_limiter: ClientMiddlewareType | None
    timeout: float | None
    token_timeout: float | None


#: Each older keyword argument of the session: the group it moved to and the field it fills.
MOVED_KEYWORDS: Mapping[str, tuple[str, str]] = {
    "connection_limit": ("limits", "connections"),
    "max_concurrency": ("limits", "concurrency"),
    "requests_per_second": ("limits", "per_second"),
    "rate_limiter": ("limits", "rate_limiter"),
    "timeout": ("timeouts", "total"),
    "token_timeout": ("timeouts", "token"),
}

G = TypeVar("G", Limits, Timeouts)


def from_keywords(
    limits: Limits | None, timeouts: Timeouts | None, moved: Mapping[str, Any]
) -> tuple[Limits, Timeouts, tuple[str, ...]]:
    """The values in force, from the groups and the older keyword arguments ``moved``, and
    one deprecation notice per older keyword given (pure: the caller warns, at its caller).

    A knob given both ways is refused, so nothing given is silently dropped; an unknown
    keyword is the ``TypeError`` a signature would raise."""
    for name in moved:
        if name not in MOVED_KEYWORDS:
            raise TypeError(f"ScopeStackSession() got an unexpected keyword argument {name!r}")
    return (
        _grouped(Limits, limits, "limits", moved),
        _grouped(Timeouts, timeouts, "timeouts", moved),
        tuple(_notice(name, value) for name, value in moved.items()),
    )


def _grouped(cls: type[G], given: G | None, group: str, moved: Mapping[str, Any]) -> G:
    """``given``, or the value the older keywords of ``group`` build; both is refused."""
    mine = {
        name: value
        for name, value in moved.items()
        if MOVED_KEYWORDS[name][0] == group and value is not None
    }
    if given is None:
        return cls(**{MOVED_KEYWORDS[name][1]: value for name, value in mine.items()})
    if mine:
        spelled = ", ".join(f"{name}=" for name in mine)
        raise ConfigurationError(
            f"Pass {group}= or {spelled}, not both: {spelled} set a field of "
            f"{cls.__name__}, which {group}= already gives in full."
        )
    return given


def _notice(name: str, value: object) -> str:
    group, field = MOVED_KEYWORDS[name]
    cls = "Limits" if group == "limits" else "Timeouts"
    shown = repr(value) if value is None or isinstance(value, (int, float)) else "..."
    return f"{name}= is deprecated; pass {group}=ss.{cls}({field}={shown}) instead."
