"""Pure HTTP rules: the ``Retry-After`` parser, the one retry decision and the auth
middleware's replay decision (401/403), side by side, each tested as a table. The
``WWW-Authenticate`` parser is :mod:`scopestack_async._core.challenges` (loaded with the first
401 or 403; its names are still reachable here).

No aiohttp, no asyncio, no I/O and no clock reads: every time comes in through arguments, every
random draw through ``rand``. The async shell that acts on these decisions is
``scopestack_async.retry``.
"""

from __future__ import annotations

import email.utils
import enum
import math
import re
from collections.abc import Iterable
from datetime import timezone
from typing import TYPE_CHECKING, Literal

import attrs

from .._lazy import lazy_attributes, names_in

if TYPE_CHECKING:
    from .challenges import Challenge, parse_challenges, parse_www_authenticate

__all__ = [
    "DEFAULT_IDEMPOTENT_METHODS",
    "DEFAULT_RETRY_STATUSES",
    "MAX_RETRY_AFTER",
    "Challenge",
    "MAX_401_REPLAYS",
    "FailureKind",
    "Jitter",
    "ReplayAction",
    "ReplayDecision",
    "RetryDecision",
    "RetryPolicy",
    "backoff_delay",
    "decide_replay",
    "decide_retry",
    "parse_challenges",
    "parse_retry_after",
    "parse_www_authenticate",
]

# The WWW-Authenticate parser's names, loaded on first use (a module, not a package: so the
# absolute name).
_CHALLENGES = names_in(
    "scopestack_async._core.challenges", "Challenge", "parse_challenges", "parse_www_authenticate"
)
__getattr__, __dir__ = lazy_attributes(__name__, _CHALLENGES, globals())

# --------------------------------------------------------------------------------------------
# Retry-After (RFC 9110 §10.2.3)
# --------------------------------------------------------------------------------------------

# A Retry-After longer than an hour is a misconfigured proxy or a skewed clock, not a plan:
# obeying it would park every task of the session for days. Clamped, the retry decision still
# refuses to wait past the policy deadline, so the caller gets the 429 with the hint instead.
MAX_RETRY_AFTER = 3600.0

# An IMF-fixdate is 29 characters and the obsolete forms are shorter than 40; anything much
# longer is garbage, and refusing it early keeps the date parser's cost bounded.
_MAX_RETRY_AFTER_LEN = 64
# Ten digits already exceed MAX_RETRY_AFTER by far; never hand int() a megabyte of digits.
_MAX_DELTA_DIGITS = 10
_DELTA_RE = re.compile(r"([0-9]+)(?:\.([0-9]+))?")


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Seconds to wait according to a ``Retry-After`` value, or None when absent or invalid.

    Accepts delta-seconds (``"120"``, and leniently ``"1.5"``) and HTTP-dates in all three
    RFC 9110 forms. ``now`` is the current epoch time, used for dates; a date in the past means
    "retry now" (0.0). The result is clamped to ``MAX_RETRY_AFTER``. Negative numbers and
    garbage give None. Constant work for any input length.
    """
    if value is None:
        return None
    text = value.strip()
    if not text or len(text) > _MAX_RETRY_AFTER_LEN:
        return None
    match = _DELTA_RE.fullmatch(text)
    if match is not None:
        return _delta_seconds(match.group(1), match.group(2))
    return _date_delay(text, now)


def _delta_seconds(whole: str, fraction: str | None) -> float:
    digits = whole.lstrip("0")
    if len(digits) > _MAX_DELTA_DIGITS:
        return MAX_RETRY_AFTER
    seconds = float(f"{digits or '0'}.{fraction[:_MAX_DELTA_DIGITS] if fraction else '0'}")
    return min(seconds, MAX_RETRY_AFTER)


def _date_delay(text: str, now: float) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        # The asctime form carries no zone; RFC 9110 dates are always GMT.
        when = when.replace(tzinfo=timezone.utc)
    delay = when.timestamp() - now
    if math.isnan(delay):
        return None
    return min(max(delay, 0.0), MAX_RETRY_AFTER)


# --------------------------------------------------------------------------------------------
# The retry decision
# --------------------------------------------------------------------------------------------

# RFC 9110 §9.2.2: repeating these has the same effect as sending them once, so a request that
# reached the server may be sent again. POST and PATCH are not idempotent.
DEFAULT_IDEMPOTENT_METHODS: frozenset[str] = frozenset(
    {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"}
)
# 500 is included because ScopeStack's own clients retry it: the Rails API answers 500 for
# transient database and deadlock errors, and for idempotent methods a bounded retry is cheap.
DEFAULT_RETRY_STATUSES: frozenset[int] = frozenset({500, 502, 503, 504})
_TOO_MANY_REQUESTS = 429
# 2.0 ** 1100 overflows a float; the cap is reached long before this exponent anyway.
_MAX_EXPONENT = 64

Jitter = Literal["full", "equal", "none"]


class FailureKind(enum.Enum):
    """How a request failed below HTTP; the shell maps aiohttp exceptions onto these."""

    CONNECT = "could not connect"
    """No connection was made (DNS, refused, connect timeout): the request never left."""
    TLS = "TLS handshake or certificate failed"
    """Retrying cannot fix a bad certificate; never retried."""
    TIMEOUT = "timed out waiting for the server"
    """The request was sent and no answer came in time (a per-read timeout)."""
    TOTAL_TIMEOUT = "the request's total timeout expired"
    """The caller's overall time budget is spent; it covers every attempt, so never retried."""
    DISCONNECTED = "the server closed the connection"
    """The connection dropped after the request was (maybe) sent."""
    OTHER = "the connection failed"
    """Any other socket or protocol error."""


_NEVER_RETRIED = frozenset({FailureKind.TLS, FailureKind.TOTAL_TIMEOUT})


def _to_methods(methods: Iterable[str]) -> frozenset[str]:
    return frozenset(m.upper() for m in methods)


def _to_statuses(statuses: Iterable[int]) -> frozenset[int]:
    return frozenset(statuses)


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0:
        raise ValueError(f"RetryPolicy.{attribute.name} must be > 0, got {value!r}")


@attrs.frozen
class RetryPolicy:
    """The SDK's one retry policy (see docs/retries.md for the table).

    ``max_attempts`` counts the first try (1 disables retries). ``deadline`` bounds the total
    time from the first send: no retry is scheduled whose wait would end past it. The backoff
    before retry *n* (1-based) is ``min(backoff_cap, backoff_base * backoff_multiplier**(n-1))``,
    jittered: ``full`` draws uniformly in [0, delay], ``equal`` in [delay/2, delay].
    """

    max_attempts: int = attrs.field(default=4, validator=attrs.validators.ge(1))
    deadline: float = attrs.field(default=60.0, validator=_positive)
    backoff_base: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    backoff_multiplier: float = attrs.field(default=2.0, validator=attrs.validators.ge(1))
    backoff_cap: float = attrs.field(default=8.0, validator=attrs.validators.ge(0))
    jitter: Jitter = attrs.field(
        default="equal", validator=attrs.validators.in_(("full", "equal", "none"))
    )
    retry_statuses: frozenset[int] = attrs.field(
        default=DEFAULT_RETRY_STATUSES, converter=_to_statuses
    )
    retry_rate_limited: bool = True
    idempotent_methods: frozenset[str] = attrs.field(
        default=DEFAULT_IDEMPOTENT_METHODS, converter=_to_methods
    )

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """A policy that never retries: every request is tried exactly once."""
        return cls(max_attempts=1)

    def is_idempotent(self, method: str) -> bool:
        """True when ``method`` may be repeated after it reached the server."""
        return method.upper() in self.idempotent_methods


@attrs.frozen
class RetryDecision:
    """What to do after one attempt: retry after ``wait`` seconds, or stop.

    ``pause`` is True when the wait is imposed by the server (a 429 with ``Retry-After``): the
    shell then holds back *every* request of the session, not just this one. ``exhausted`` is
    True when the outcome was retryable but the attempts or the deadline ran out. ``reason`` is
    a short phrase for log lines.
    """

    retry: bool
    wait: float = 0.0
    pause: bool = False
    exhausted: bool = False
    reason: str = ""

    @classmethod
    def stop(cls, reason: str, *, exhausted: bool = False) -> RetryDecision:
        """Do not retry; hand the last response or error to the caller."""
        return cls(retry=False, exhausted=exhausted, reason=reason)

    @classmethod
    def after(cls, wait: float, *, reason: str, pause: bool = False) -> RetryDecision:
        """Retry once ``wait`` seconds have passed."""
        return cls(retry=True, wait=wait, pause=pause, reason=reason)


def backoff_delay(policy: RetryPolicy, retry_number: int, rand: float) -> float:
    """The jittered wait before retry number ``retry_number`` (1-based); ``rand`` in [0, 1)."""
    exponent = min(max(retry_number - 1, 0), _MAX_EXPONENT)
    delay = min(policy.backoff_cap, policy.backoff_base * policy.backoff_multiplier**exponent)
    rand = min(max(rand, 0.0), 1.0)
    if policy.jitter == "full":
        return delay * rand
    if policy.jitter == "equal":
        return delay / 2 + delay / 2 * rand
    return delay


def decide_retry(
    policy: RetryPolicy,
    *,
    method: str,
    attempt: int,
    elapsed: float,
    status: int | None = None,
    failure: FailureKind | None = None,
    sent: bool = True,
    replayable: bool = True,
    retry_after: float | None = None,
    rand: float = 0.5,
) -> RetryDecision:
    """Decide whether attempt number ``attempt`` (1-based) of ``method`` should be retried.

    Give either the response ``status`` or the transport ``failure`` (with ``sent``: whether the
    request may have reached the server). ``elapsed`` is the time since the first attempt
    started, ``retry_after`` the parsed ``Retry-After`` in seconds. ``replayable`` is False once
    a streamed body has been sent (it cannot be sent again). 401 and 403 are never retried
    here: the auth middleware refreshes and replays those once.
    """
    why = _why_retry(policy, method, status, failure, sent)
    if why is None:
        return RetryDecision.stop("not retryable")
    if not replayable:
        return RetryDecision.stop(f"{why}; streamed body already sent", exhausted=True)
    if attempt >= policy.max_attempts:
        return RetryDecision.stop(f"{why}; no attempts left", exhausted=True)
    pause = status == _TOO_MANY_REQUESTS and retry_after is not None
    wait = retry_after if retry_after is not None else backoff_delay(policy, attempt, rand)
    if elapsed + wait > policy.deadline:
        reason = f"{why}; waiting {wait:.1f}s would pass the deadline"
        return RetryDecision.stop(reason, exhausted=True)
    return RetryDecision.after(wait, reason=why, pause=pause)


def _why_retry(
    policy: RetryPolicy, method: str, status: int | None, failure: FailureKind | None, sent: bool
) -> str | None:
    if status is not None:
        return _why_retry_status(policy, method, status)
    if failure is None or failure in _NEVER_RETRIED:
        return None
    if not sent:
        # The request never left this machine, so even a POST cannot have been applied.
        return f"{failure.value} (not sent)"
    return failure.value if policy.is_idempotent(method) else None


def _why_retry_status(policy: RetryPolicy, method: str, status: int) -> str | None:
    if status == _TOO_MANY_REQUESTS:
        # A 429 means the server refused the request before processing it, so repeating even
        # a POST cannot apply it twice.
        return "429 Too Many Requests" if policy.retry_rate_limited else None
    if status in policy.retry_statuses and policy.is_idempotent(method):
        # A 5xx may come after the server applied the request; only idempotent methods are safe.
        return f"status {status}"
    return None


# --------------------------------------------------------------------------------------------
# What a failed write means
# --------------------------------------------------------------------------------------------

_READS: frozenset[str] = frozenset({"GET", "HEAD", "OPTIONS"})


def write_may_have_applied(method: str) -> str | None:
    """For a write (``method`` not a read) that failed after it may have reached the server
    (a 5xx, a reset, a read timeout): the sentence saying so and how to check; None for reads.

    Retrying blindly could apply the write twice, so the advice is to look first.
    """
    verb = method.upper()
    if verb in _READS:
        return None
    return (
        f"the {verb} may already have been applied: read it back (GET the record, or list "
        "the collection) before sending it again"
    )


# --------------------------------------------------------------------------------------------
# The auth middleware's replay decision (401/403)
# --------------------------------------------------------------------------------------------

# Each replay after a 401 uses a different token (fetched, or a peer's); a request that four
# different tokens could not authenticate fails rather than hammering the token endpoint.
MAX_401_REPLAYS = 4

ReplayAction = Literal["pass", "replay", "replay_if_peer"]


@attrs.frozen
class ReplayDecision:
    """What the auth middleware does with one answer to a request it authenticated.

    ``pass``: hand the answer to the caller. ``replay``: refresh the token and send again.
    ``replay_if_peer``: send again only with a newer token a peer stored meanwhile, else pass.
    ``reason`` goes into the ``replay`` event.
    """

    action: ReplayAction
    reason: str = ""


_PASS = ReplayDecision("pass")


def decide_replay(
    status: int,
    *,
    replays: int,
    fetched_here: bool = False,
    says_expired: bool = False,
    may_be_stale: bool = True,
) -> ReplayDecision:
    """Decide after an answer with ``status`` to a request already replayed ``replays`` times.

    - 401: the first always earns a refresh and a replay. A later 401 earns another token (at
      most :data:`MAX_401_REPLAYS` replays in all) when the token replayed came from a peer
      (``fetched_here`` False) or the server says it *expired*; a token this process fetched
      itself, refused as revoked or invalid, is replaced only by a peer's newer one.
    - 403: one replay, and only when the token ``may_be_stale`` (a refresh happened meanwhile,
      or this token generation has not yet shown a genuine 403): a real permission 403 never
      hammers the token endpoint.
    - anything else: pass.
    """
    if status == 403:
        return ReplayDecision("replay", "refreshed") if replays == 0 and may_be_stale else _PASS
    if status != 401 or replays >= MAX_401_REPLAYS:
        return _PASS
    if replays == 0:
        return ReplayDecision("replay", "refreshed")
    if fetched_here and not says_expired:
        return ReplayDecision("replay_if_peer", "peer token")
    return ReplayDecision("replay", "refreshed again")
