"""build_query: encoding of each parameter family and validation with clear messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import yarl

from scopestack_async.errors import ConfigurationError
from scopestack_async.jsonapi.query import build_query, parse_query, url_with_query


def test_every_family_in_a_stable_order() -> None:
    params = build_query(
        filter={"status": ["won", "lost"], "active": True, "project": 42, "skip": None},
        include=["client", "client.contacts"],
        fields={"projects": ["project-name", "status"]},
        sort=["-updated-at", "name"],
        page=2,
        page_size=25,
        extra={"limit": "1"},
    )
    assert params == [
        ("filter[status]", "won,lost"),
        ("filter[active]", "true"),
        ("filter[project]", "42"),
        ("include", "client,client.contacts"),
        ("fields[projects]", "project-name,status"),
        ("sort", "-updated-at,name"),
        ("page[number]", "2"),
        ("page[size]", "25"),
        ("limit", "1"),
    ]


def test_scalars_dates_decimals_and_sets() -> None:
    params = build_query(
        filter={
            "updated-at.after": dt.date(2024, 5, 1),
            "rate": Decimal("1.5"),
            "variable-context": {"project", "client"},
        }
    )
    assert params == [
        ("filter[updated-at.after]", "2024-05-01"),
        ("filter[rate]", "1.5"),
        ("filter[variable-context]", "client,project"),
    ]
    assert build_query(include="client", sort="-created-at") == [
        ("include", "client"),
        ("sort", "-created-at"),
    ]


def test_special_characters_are_percent_encoded_in_urls() -> None:
    url = url_with_query(
        yarl.URL("https://api.scopestack.io/acme/v1/clients"),
        build_query(filter={"name": "A&B +1/é"}, page_size=5),
    )
    assert url.raw_query_string == "filter%5Bname%5D=A%26B+%2B1/%C3%A9&page%5Bsize%5D=5"
    assert url.query["filter[name]"] == "A&B +1/é"
    assert parse_query(url.raw_query_string) == {"filter": {"name": ["A&B +1/é"]}, "page_size": 5}


def test_parse_query_puts_unknown_parameters_in_extra() -> None:
    assert parse_query([("limit", "1"), ("fields[a]", "")]) == {
        "extra": [("limit", "1")],
        "fields": {"a": []},
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"page_size": 0}, "page_size must be between 1 and 1000, got 0"),
        ({"page_size": 1001}, "page_size must be between 1 and 1000, got 1001"),
        ({"page_size": True}, "page_size must be an integer"),
        ({"page": 0}, "page must be at least 1"),
        ({"filter": {"": "x"}}, "filter names must be non-empty strings"),
        ({"filter": {"a[b": "x"}}, "must not contain"),
        ({"filter": {"name": "Acme, Inc"}}, "contains a comma, which the server reads as OR"),
        ({"filter": {"status": []}}, "empty list"),
        ({"filter": {"x": object()}}, "use str, int, bool or a list"),
        ({"include": ["client..contacts"]}, "empty segment"),
        ({"include": ["a,b"]}, "must not contain"),
        ({"sort": ["-"]}, "is not a field name"),
        ({"sort": [" "]}, "sort names must be non-empty"),
        ({"fields": {"projects": ["", "x"]}}, "field names must be non-empty"),
        ({"extra": [("", "v")]}, "extra query parameters"),
    ],
)
def test_bad_arguments_raise_configuration_error(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        build_query(**kwargs)


def test_max_page_size_is_configurable() -> None:
    assert build_query(page_size=5000, max_page_size=5000) == [("page[size]", "5000")]
    with pytest.raises(ConfigurationError, match="between 1 and 100,"):
        build_query(page_size=101, max_page_size=100)
