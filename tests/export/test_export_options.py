"""ExportOptions refuses a bad format or query up front, for every entry point."""

from __future__ import annotations

from typing import Any

import pytest
from export_support import session_for

import scopestack_async as ss
from scopestack_async.errors import ConfigurationError
from scopestack_async.export import ExportOptions, iterate_export
from scopestack_async.sandbox import Sandbox


def test_options_refuse_an_unknown_format_and_a_bad_filter() -> None:
    with pytest.raises(ConfigurationError, match=r"format must be 'jsonl' or 'csv', got 'xml'"):
        ExportOptions(resource="projects", format="xml")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="comma"):
        ExportOptions(resource="projects", filter={"status": "a,b"})
    assert ExportOptions(resource="projects", format="csv").format == "csv"


async def test_a_callable_sink_with_an_unknown_format_is_refused_before_any_request(
    small_sb: Sandbox,
) -> None:
    pages: list[list[dict[str, Any]]] = []

    async def sink(records: list[dict[str, Any]]) -> None:
        pages.append(records)

    small_sb.stats.reset()
    async with session_for(small_sb) as session:
        with pytest.raises(ConfigurationError, match=r"format must be 'jsonl' or 'csv'"):
            await session.export("projects", sink, format="parquet")
    assert pages == []
    assert small_sb.stats.api_total == 0


async def test_iterate_export_refuses_a_bad_filter_before_any_request(small_sb: Sandbox) -> None:
    small_sb.stats.reset()
    async with session_for(small_sb) as session:
        stream = iterate_export(session, "projects", filter={"status": "a,b"})
        with pytest.raises(ConfigurationError, match="comma"):
            await anext(stream)
    assert small_sb.stats.api_total == 0
    assert sum(small_sb.stats.token_requests.values()) == 0


def test_session_export_offers_every_option_of_the_export_function() -> None:
    import inspect

    from scopestack_async.export import api

    def options(func: object, skip: str) -> dict[str, object]:
        params = inspect.signature(func).parameters.values()  # type: ignore[arg-type]
        return {p.name: p.default for p in params if p.name != skip}

    assert options(ss.ScopeStackSession.export, "self") == options(api.export, "session")


def test_every_export_option_is_a_parameter_of_the_export_functions() -> None:
    import inspect

    import attrs

    from scopestack_async.export import api

    names = {f.name for f in attrs.fields(ExportOptions)}
    for func in (api.export, ss.ScopeStackSession.export):
        params = set(inspect.signature(func).parameters)
        assert names <= params, names - params
