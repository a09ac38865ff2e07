"""Queries: nested filter names through list()/iterate(), comma values, typed filters."""

from __future__ import annotations

import datetime as dt

import pytest

from scopestack_async.errors import ConfigurationError
from scopestack_async.jsonapi.query import build_query, parse_query


def test_nested_filter_names_are_sent_as_brackets() -> None:
    after = dt.datetime(2024, 5, 1, 12, tzinfo=dt.timezone.utc)
    params = build_query(
        filter={("updated-at", "after"): after, "approved-at[before]": dt.date(2024, 6, 1)}
    )
    assert params == [
        ("filter[updated-at][after]", "2024-05-01T12:00:00+00:00"),
        ("filter[approved-at][before]", "2024-06-01"),
    ]
    assert parse_query(params)["filter"] == {
        ("updated-at", "after"): ["2024-05-01T12:00:00+00:00"],
        ("approved-at", "before"): ["2024-06-01"],
    }


@pytest.mark.parametrize("name", ["a[", "a[]", "a]b", "[a]", ("a", ""), ("a", "b,c"), ()])
def test_malformed_nested_names_are_refused(name: object) -> None:
    with pytest.raises(ConfigurationError, match="filter"):
        build_query(filter={name: "x"})  # type: ignore[dict-item]


def test_a_value_with_a_comma_is_refused_with_the_reason() -> None:
    with pytest.raises(ConfigurationError, match=r"comma.*OR"):
        build_query(filter={"name": "Acme, Inc."})


async def test_list_and_iterate_send_nested_filter_names() -> None:
    import scopestack_async as ss
    from scopestack_async.sandbox import Sandbox

    async with Sandbox(records=20) as sb, sb.session() as session:
        assert isinstance(session, ss.ScopeStackSession)
        projects = session.resource("projects")
        # The sandbox (like JR) refuses a filter it does not know with a 400 naming it,
        # which proves the nested name reached the server intact.
        with pytest.raises(ss.APIError, match=r"colour\]\[after|colour.*after"):
            await projects.list(filter={("colour", "after"): "2024-01-01"})
