"""Observability: token-lifecycle and retry events as small values, for metrics and tests.

Pass hooks to the session, ``ScopeStackSession(..., hooks=[counter, my_hook])``; each hook is
called with a :class:`SessionEvent` every time one of these happens:

==================  ====================================================  ========================
kind                when                                                  fields
==================  ====================================================  ========================
authenticate        the grant asked the token endpoint for a first token  seconds, outcome, reason
                                                                          (grant)
refresh             the refresh-token grant ran                           seconds, outcome
background_failure  a refresh nobody awaited failed while the token       outcome, reason
                    still worked (the late window tries again)
token_wait          a request waited for a token (reason: none yet,       reason
                    expiring, or rejected by the API)
token_request       one POST to ``/oauth/token`` (the HTTP exchange       seconds, outcome,
                    beneath an authenticate or a refresh: count one or    status, reason (grant
                    the other)                                            type)
rotation            a refresh returned a new refresh token                -
adopt               a token a peer (process or task) stored was taken     reason (where from)
                    over
lock_wait           the store's lock was acquired for a refresh           seconds (time waited)
replay              a request rejected with 401/403 was sent again        status, method, reason
retry               the retry policy re-sent a request                    reason, status, method,
                                                                          attempt, seconds
pause               a 429 paused every request of the session             seconds
gave_up             a retryable failure got no further attempt (none      reason, status, method,
                    left, past the deadline, or a streamed body already   attempt
                    sent)
rate_wait           the rate limiter held a request back                  seconds
store_failure       the token store refused to save a new token (it is    outcome, reason, attempt
                    kept in memory and retried)
==================  ====================================================  ========================

``outcome`` is ``"ok"`` or what went wrong: a registered OAuth error code (``invalid_grant``;
any other code the server sent becomes ``"other"``, since a server may echo a secret as a code)
or the SDK exception's class name. A refused token request has its outcome on its
``token_request``, on the ``refresh``/``authenticate`` above it and, when nobody awaited that
refresh, on a ``background_failure``: count outcomes of one kind. No event holds a token, a
secret, server text or a query string.

Hooks run synchronously in the event loop: keep them fast (count, enqueue). A hook that
raises never breaks a request; the first failure of each hook is logged, the rest are not.
Every dispatcher also feeds its own internal ``EventCounter`` (its ``tally``), from which the
session's figures are read (``session.retries``, ``session.tokens.stats``, the retry
middleware's ``retries``/``pauses``/``exhausted``, the token endpoint's ``requests``, the rate
limiter's ``waited``), and the counters of the :func:`counting_events` blocks the event happens
in (an export's ``retries`` is one): one channel.

Events are built only on the rare paths above, never on a successful request: no event, no
context-variable lookup. So the gauges of the success path are not events, because an event
there would be work on every request: the retry middleware's ``attempts`` (requests sent) and
the concurrency limit's ``in_flight``/``peak`` stay plain counters on their objects.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal, Protocol, runtime_checkable

import attrs

from ._core.redact import oauth_code

__all__ = [
    "EventCounter",
    "EventDispatcher",
    "EventHook",
    "EventKind",
    "SessionEvent",
    "counting_events",
]

log = logging.getLogger("scopestack_async.events")

EventKind = Literal[
    "authenticate",
    "refresh",
    "background_failure",
    "token_wait",
    "token_request",
    "rotation",
    "adopt",
    "lock_wait",
    "replay",
    "retry",
    "pause",
    "gave_up",
    "rate_wait",
    "store_failure",
]


@attrs.frozen
class SessionEvent:
    """One thing that happened to a session's token or requests (see the module table)."""

    kind: EventKind
    outcome: str = "ok"
    seconds: float | None = None
    reason: str | None = None
    status: int | None = None
    method: str | None = None
    attempt: int | None = None
    at: float = attrs.field(factory=time.time)

    @property
    def ok(self) -> bool:
        """True when the outcome is ``"ok"``."""
        return self.outcome == "ok"


@runtime_checkable
class EventHook(Protocol):
    """Anything callable with a :class:`SessionEvent`; its return value is ignored."""

    def __call__(self, event: SessionEvent) -> None:
        """Record ``event`` (quickly: it runs in the event loop)."""


class EventDispatcher:
    """Calls every hook with each event; a raising hook is logged once and otherwise ignored.

    ``tally``, an internal :class:`EventCounter` every dispatcher has, sees every event first
    and is not listed in :attr:`hooks`: the session's figures (``session.retries``,
    ``session.tokens.stats``) are read from it, so they and any hook's counts are one channel.
    """

    __slots__ = ("_all", "_failed", "_hooks", "tally")

    def __init__(
        self, hooks: Iterable[EventHook] = (), *, tally: EventCounter | None = None
    ) -> None:
        self._hooks: tuple[EventHook, ...] = tuple(hooks)
        self.tally = tally if tally is not None else EventCounter(keep=0)
        self._all: tuple[EventHook, ...] = (self.tally, *self._hooks)
        self._failed: set[int] = set()

    def __bool__(self) -> bool:
        return bool(self._all)

    def __repr__(self) -> str:
        return f"EventDispatcher(hooks={len(self._hooks)})"

    @property
    def hooks(self) -> tuple[EventHook, ...]:
        """The hooks, in the order they are called."""
        return self._hooks

    def add(self, hook: EventHook) -> None:
        """Call ``hook`` with every later event too."""
        self._hooks = (*self._hooks, hook)
        self._all = (*self._all, hook)

    def emit(
        self,
        kind: EventKind,
        *,
        outcome: str = "ok",
        seconds: float | None = None,
        reason: str | None = None,
        status: int | None = None,
        method: str | None = None,
        attempt: int | None = None,
    ) -> None:
        """Build the event and hand it to each hook, then to the counters of the
        :func:`counting_events` blocks it happens in."""
        event = SessionEvent(kind, outcome, seconds, reason, status, method, attempt)
        for hook in self._all:
            self._call(hook, event)
        for counter in _scoped.get():  # one lookup per event; () outside any block
            counter(event)

    def _call(self, hook: EventHook, event: SessionEvent) -> None:
        try:
            hook(event)
        except Exception:
            # A metrics bug must never fail a request; say so once per hook, not per event.
            if id(hook) not in self._failed:
                self._failed.add(id(hook))
                log.warning(
                    "event hook %r raised on a %s event; ignoring it (logged once per hook)",
                    hook,
                    event.kind,
                    exc_info=True,
                )


def outcome_of(exc: BaseException) -> str:
    """The ``outcome`` of an event that failed with ``exc``: a registered OAuth error code
    (else ``"other"``) when the server sent one, else the exception's class name."""
    code = getattr(exc, "error", None)
    return oauth_code(code) if isinstance(code, str) and code else type(exc).__name__


class EventCounter:
    """A hook that counts events by kind and by (kind, outcome), and sums their seconds.

    ::

        counter = EventCounter()
        async with ScopeStackSession(..., hooks=[counter]) as session: ...
        counter.count("refresh"), counter.count("refresh", "invalid_grant")
        counter.seconds["lock_wait"], counter.as_dict()

    The last ``keep`` events are kept in ``recent`` (for tests and debugging).
    """

    def __init__(self, *, keep: int = 1000) -> None:
        self.by_kind: Counter[str] = Counter()
        self.by_outcome: Counter[tuple[str, str]] = Counter()
        self.seconds: dict[str, float] = {}
        self.recent: deque[SessionEvent] = deque(maxlen=keep)

    def __call__(self, event: SessionEvent) -> None:
        """Count ``event``."""
        self.by_kind[event.kind] += 1
        self.by_outcome[(event.kind, event.outcome)] += 1
        if event.seconds is not None:
            self.seconds[event.kind] = self.seconds.get(event.kind, 0.0) + event.seconds
        self.recent.append(event)

    def __repr__(self) -> str:
        return f"EventCounter({dict(self.by_kind)!r})"

    def count(self, kind: EventKind, outcome: str | None = None) -> int:
        """How many ``kind`` events (with this ``outcome`` when given) were seen."""
        if outcome is None:
            return self.by_kind[kind]
        return self.by_outcome[(kind, outcome)]

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready snapshot: counts by kind, by ``kind:outcome``, and summed seconds."""
        return {
            "counts": dict(self.by_kind),
            "outcomes": {f"{k}:{o}": n for (k, o), n in self.by_outcome.items()},
            "seconds": {k: round(v, 6) for k, v in self.seconds.items()},
        }


# The counters of the counting_events() blocks the current task runs in, innermost last.
_scoped: ContextVar[tuple[EventCounter, ...]] = ContextVar("scopestack_counters", default=())


@contextmanager
def counting_events() -> Iterator[EventCounter]:
    """Count the events of the work done inside the block, and of the tasks it starts.

    ::

        with counting_events() as counter:
            await session.export("projects", "projects.jsonl")
        counter.count("retry")

    A context variable, so other work running at the same time on the same session (another
    export, another request) is not counted, while ``session.retries`` counts everything.
    Blocks nest: an event counts in every block it happens in. A task started inside the
    block keeps counting into it after the block ends (it runs in a copy of the context).
    """
    counter = EventCounter(keep=0)
    token = _scoped.set((*_scoped.get(), counter))
    try:
        yield counter
    finally:
        _scoped.reset(token)
