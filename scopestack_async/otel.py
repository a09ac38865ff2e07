"""OpenTelemetry for the token lifecycle: an event hook that records spans and counters.

Needs ``opentelemetry-api`` (``pip install 'scopestack-async[otel]'``); it is imported when an
:class:`OpenTelemetryHook` is built, never when this package is imported. Wire it like any
hook::

    from scopestack_async.otel import OpenTelemetryHook
    session = ss.ScopeStackSession(..., hooks=[OpenTelemetryHook()])

Every event adds 1 to the counter ``scopestack.events`` (attributes ``scopestack.event`` and
``scopestack.outcome``); events with a duration (refresh, authenticate, token_request,
lock_wait, retry, pause, rate_wait) also record it in the histogram
``scopestack.event.duration`` (seconds). A refused token request counts under its
``refresh``/``authenticate`` and its ``token_request`` both: filter by ``scopestack.event``. Refreshes and
authentications become spans (``scopestack.token.refresh``, ``scopestack.token.authenticate``)
covering the token request, with an error status when it failed. The global tracer and meter
providers are used unless others are passed.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

from . import errors as _errors
from ._core.redact import OAUTH_ERROR_CODES
from .errors import ConfigurationError
from .events import SessionEvent

__all__ = ["OpenTelemetryHook"]

_SCOPE = "scopestack_async"
_SDK_ERRORS = frozenset(_errors.__all__) | {"CancelledError", "TimeoutError"}
_SPANS = {"refresh": "scopestack.token.refresh", "authenticate": "scopestack.token.authenticate"}


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ConfigurationError(
            "OpenTelemetryHook needs opentelemetry-api: pip install 'scopestack-async[otel]'."
        ) from exc


class OpenTelemetryHook:
    """An :class:`~scopestack_async.events.EventHook` feeding OpenTelemetry spans and metrics."""

    def __init__(self, *, tracer_provider: Any = None, meter_provider: Any = None) -> None:
        trace = _import("opentelemetry.trace")
        metrics = _import("opentelemetry.metrics")
        self._status = trace.Status
        self._error = trace.StatusCode.ERROR
        self._tracer = trace.get_tracer(_SCOPE, tracer_provider=tracer_provider)
        meter = metrics.get_meter(_SCOPE, meter_provider=meter_provider)
        self._events = meter.create_counter(
            "scopestack.events", unit="{event}", description="Token-lifecycle and retry events"
        )
        self._durations = meter.create_histogram(
            "scopestack.event.duration", unit="s", description="Duration of timed events"
        )

    def __repr__(self) -> str:
        return "OpenTelemetryHook()"

    def __call__(self, event: SessionEvent) -> None:
        """Count ``event``, record its duration, and turn token requests into spans."""
        attributes = {"scopestack.event": event.kind, "scopestack.outcome": _outcome(event)}
        self._events.add(1, attributes)
        if event.seconds is not None:
            self._durations.record(event.seconds, attributes)
        name = _SPANS.get(event.kind)
        if name is not None:
            self._span(name, event, attributes)

    def _span(self, name: str, event: SessionEvent, attributes: dict[str, str]) -> None:
        # The event arrives when the request ended; the span is back-dated to its start.
        end = time.time_ns()
        start = end - int((event.seconds or 0.0) * 1e9)
        if event.reason:
            attributes = {**attributes, "scopestack.grant": event.reason}
        span = self._tracer.start_span(name, start_time=start, attributes=attributes)
        if not event.ok:
            span.set_status(self._status(self._error, attributes["scopestack.outcome"]))
        span.end(end_time=end)


def _outcome(event: SessionEvent) -> str:
    # Metric attributes are a closed vocabulary (cardinality, and no server text): an event
    # built by hand still gets only "ok", a registered OAuth code or an SDK class name.
    outcome = event.outcome
    if outcome == "ok" or outcome in OAUTH_ERROR_CODES or outcome in _SDK_ERRORS:
        return outcome
    return "other"
