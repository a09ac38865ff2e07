"""The OpenTelemetry hook: spans for token requests, counters that agree with EventCounter."""

from __future__ import annotations

from typing import Any

import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from scopestack_async.errors import ConfigurationError
from scopestack_async.events import EventCounter
from scopestack_async.otel import OpenTelemetryHook
from scopestack_async.sandbox import Sandbox


def counter_points(reader: InMemoryMetricReader, name: str) -> dict[tuple[str, str], Any]:
    data = reader.get_metrics_data()
    points: dict[tuple[str, str], Any] = {}
    for resource in data.resource_metrics:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                if metric.name != name:
                    continue
                for point in metric.data.data_points:
                    attrs = point.attributes
                    points[(attrs["scopestack.event"], attrs["scopestack.outcome"])] = point
    return points


async def test_spans_and_counters_follow_the_events() -> None:
    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    hook = OpenTelemetryHook(tracer_provider=tracer_provider, meter_provider=meter_provider)
    counter = EventCounter()
    async with Sandbox(records=20) as sb:
        session = sb.session(hooks=[hook, counter])
        async with session:
            await session.me()
            sb.expire_tokens_now()
            await session.me(refresh=True)
            sb.revoke_all_tokens()
            await session.me(refresh=True)
    names = sorted(s.name for s in spans.get_finished_spans())
    assert names == [
        "scopestack.token.authenticate",
        "scopestack.token.authenticate",
        "scopestack.token.refresh",
        "scopestack.token.refresh",
    ]
    failed = [s for s in spans.get_finished_spans() if not s.status.is_ok]
    assert [(s.name, s.status.description) for s in failed] == [
        ("scopestack.token.refresh", "invalid_grant")
    ]
    assert all(s.end_time >= s.start_time for s in spans.get_finished_spans())
    points = counter_points(reader, "scopestack.events")
    assert {key: p.value for key, p in points.items()} == dict(counter.by_outcome)
    durations = counter_points(reader, "scopestack.event.duration")
    assert durations[("refresh", "ok")].count == counter.count("refresh", "ok") == 1


def test_without_opentelemetry_the_hook_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "opentelemetry.trace", None)
    with pytest.raises(ConfigurationError, match=r"pip install 'scopestack-async\[otel\]'"):
        OpenTelemetryHook()
