"""Fuzzing the parsers that read what the network or the disk hands us (issue 8, claim 2).

No input may raise anything but a ScopeStackError, hang, or take more than linear time. The
scaling checks time inputs of size n and 8n (best of several rounds) and require a ratio far
below the 64 of a quadratic parser; generous bounds, so a noisy CI box cannot flake them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scopestack_async._core.oauth import parse_token_response
from scopestack_async._core.rules import parse_challenges, parse_retry_after, parse_www_authenticate
from scopestack_async.errors import ScopeStackError
from scopestack_async.jsonapi.document import parse_document
from scopestack_async.jsonapi.query import build_query
from scopestack_async.stores.file import parse_document as parse_token_file

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = 1_700_000_000.0

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
token_like = st.fixed_dictionaries(
    {},
    optional={
        "access_token": json_values | st.text(min_size=1, max_size=50),
        "token_type": json_values | st.sampled_from(["Bearer", "bearer", "mac"]),
        "expires_in": json_values | st.integers(-5, 10**12) | st.floats(),
        "refresh_token": json_values | st.text(max_size=50),
        "scope": json_values | st.text(max_size=30),
        "created_at": json_values | st.integers(-(10**12), 10**12),
        "error": json_values | st.sampled_from(["invalid_grant", "invalid_client"]),
        "error_description": json_values,
    },
)
resource_like = st.fixed_dictionaries(
    {},
    optional={
        "type": json_values | st.sampled_from(["projects", "clients"]),
        "id": json_values | st.text(max_size=5),
        "attributes": json_values,
        "relationships": json_values
        | st.dictionaries(
            st.text(max_size=8), st.fixed_dictionaries({}, optional={"data": json_values})
        ),
        "links": json_values,
        "meta": json_values,
    },
)
document_like = st.fixed_dictionaries(
    {},
    optional={
        "data": json_values | resource_like | st.lists(resource_like, max_size=4),
        "included": json_values | st.lists(resource_like, max_size=4),
        "errors": json_values | st.lists(json_values, max_size=3),
        "links": json_values,
        "meta": json_values,
        "jsonapi": json_values,
    },
)


def only_sdk_errors(parse: Callable[[], object]) -> None:
    message = "parsed"
    try:
        parse()
    except ScopeStackError as exc:
        message = str(exc)
    assert message  # every error says something


@FUZZ
@given(status=st.integers(100, 599), body=st.binary(max_size=300))
def test_token_response_parser_on_any_bytes(status: int, body: bytes) -> None:
    only_sdk_errors(lambda: parse_token_response(status, "application/json", body, received_at=NOW))


@FUZZ
@given(status=st.sampled_from([200, 400, 401, 500]), data=token_like | json_values)
def test_token_response_parser_on_json_shapes(status: int, data: Any) -> None:
    body = json.dumps(data).encode()
    only_sdk_errors(lambda: parse_token_response(status, "application/json", body, received_at=NOW))


@FUZZ
@given(value=st.none() | st.text(max_size=200))
def test_www_authenticate_parser(value: str | None) -> None:
    only_sdk_errors(lambda: parse_www_authenticate(value))
    only_sdk_errors(lambda: parse_challenges(value))


@FUZZ
@given(
    value=st.text(alphabet='Bearer realm="x", error=invalid_token,\\ \t=', max_size=200)
    | st.text(max_size=100)
)
def test_www_authenticate_parser_on_near_valid_headers(value: str) -> None:
    only_sdk_errors(lambda: parse_challenges(f'Bearer realm="Doorkeeper", {value}'))


@FUZZ
@given(value=st.none() | st.text(max_size=80) | st.from_regex(r"\A-?\d{1,30}(\.\d{0,9})?\Z"))
def test_retry_after_parser(value: str | None) -> None:
    def parse() -> None:
        seconds = parse_retry_after(value, now=NOW)
        assert seconds is None or seconds >= 0

    only_sdk_errors(parse)


@FUZZ
@given(body=st.binary(max_size=300))
def test_document_parser_on_any_bytes(body: bytes) -> None:
    only_sdk_errors(lambda: parse_document(body))


@FUZZ
@given(data=document_like | json_values)
def test_document_parser_on_json_shapes(data: Any) -> None:
    def parse() -> None:
        doc = parse_document(json.dumps(data).encode())
        resources = doc.data if isinstance(doc.data, list) else [doc.data]
        for resource in resources:
            if resource is not None:
                for name in resource.relationships:  # relationships parse lazily
                    resource.relationships[name]

    only_sdk_errors(parse)


keys = st.text(max_size=12) | st.integers() | st.none() | st.booleans()
names = st.text(max_size=12) | json_values
filters = st.dictionaries(keys, json_values | st.lists(json_values, max_size=3), max_size=3)


@FUZZ
@given(
    filter=st.none() | filters,
    include=st.none() | names | st.lists(names, max_size=3),
    fields=st.none() | st.dictionaries(keys, names | st.lists(names, max_size=3), max_size=2),
    sort=st.none() | names | st.lists(names, max_size=3),
    page=st.none() | st.integers(-3, 10**6) | json_values,
    page_size=st.none() | st.integers(-3, 10**6) | json_values,
)
def test_query_builder(
    filter: Any, include: Any, fields: Any, sort: Any, page: Any, page_size: Any
) -> None:
    def build() -> None:
        params = build_query(
            filter=filter,
            include=include,
            fields=fields,
            sort=sort,
            page=page,
            page_size=page_size,
        )
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in params)

    only_sdk_errors(build)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
def test_token_file_reader(raw: bytes) -> None:
    only_sdk_errors(lambda: parse_token_file(raw, Path("/tmp/tokens.json")))


# -- linear time -------------------------------------------------------------------------------


def best_time(parse: Callable[[], object], rounds: int = 5) -> float:
    # CPU time, not wall time: on a shared machine a long run is more likely to be descheduled
    # than a short one, which made a linear parser look superlinear.
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        only_sdk_errors(parse)
        best = min(best, time.process_time() - started)
    return best


def scaling(make: Callable[[int], Any], parse: Callable[[Any], object], n: int) -> float:
    small, large = make(n), make(8 * n)
    return best_time(lambda: parse(large)) / max(best_time(lambda: parse(small)), 1e-6)


# Adversarial shapes for each parser: long runs of the characters their loops step over.
CASES: dict[str, tuple[Callable[[int], Any], Callable[[Any], object], int]] = {
    "www-authenticate params": (
        lambda n: "Bearer " + ", ".join(f'k{i}="v\\"{i}"' for i in range(n)),
        parse_challenges,
        2000,
    ),
    "www-authenticate unterminated quote": (
        lambda n: 'Bearer realm="' + "\\a" * n,
        parse_challenges,
        20000,
    ),
    "www-authenticate commas": (lambda n: "Bearer " + "," * n, parse_challenges, 20000),
    "www-authenticate many schemes": (
        lambda n: ", ".join(f"S{i} a=b" for i in range(n)),
        parse_challenges,
        2000,
    ),
    "retry-after digits": (lambda n: "9" * n, lambda v: parse_retry_after(v, now=NOW), 20000),
    "retry-after spaces": (
        lambda n: " " * n + "x",
        lambda v: parse_retry_after(v, now=NOW),
        20000,
    ),
    "token response scope": (
        lambda n: json.dumps(
            {"access_token": "a", "token_type": "Bearer", "expires_in": 60, "scope": " r" * n}
        ).encode(),
        lambda b: parse_token_response(200, "application/json", b, received_at=NOW),
        20000,
    ),
    "document with many included": (
        lambda n: json.dumps(
            {
                "data": [
                    {
                        "type": "p",
                        "id": str(i),
                        "relationships": {"c": {"data": {"type": "c", "id": str(i)}}},
                    }
                    for i in range(n)
                ],
                "included": [{"type": "c", "id": str(i)} for i in range(n)],
            }
        ).encode(),
        parse_document,
        500,
    ),
    "deeply nested attributes": (
        lambda n: (
            '{"data":{"type":"p","id":"1","attributes":{"a":' + "[" * n + "]" * n + "}}}"
        ).encode(),
        parse_document,
        50,
    ),
    "query with many filters": (
        lambda n: {f"f{i}": [str(j) for j in range(5)] for i in range(n)},
        lambda f: build_query(filter=f),
        500,
    ),
    "token file with many tokens": (
        lambda n: json.dumps(
            {"version": 1, "tokens": {f"k{i}": {"access_token": "x"} for i in range(n)}}
        ).encode(),
        lambda raw: parse_token_file(raw, Path("/tmp/tokens.json")),
        1000,
    ),
}


def test_every_parser_takes_linear_time() -> None:
    ratios = {name: scaling(make, parse, n) for name, (make, parse, n) in CASES.items()}
    print("8n/n time ratios:", {k: round(v, 1) for k, v in ratios.items()})
    # Linear work gives about 8; quadratic about 64. 30 leaves room for CI noise either way.
    slow = {name: ratio for name, ratio in ratios.items() if ratio >= 30}
    assert slow == {}


def test_a_non_iterable_sort_is_a_configuration_error() -> None:
    # Regression: found by test_query_builder; list(False) raised a bare TypeError.
    import pytest

    from scopestack_async.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="sort takes a name or a list of names"):
        build_query(sort=False)  # type: ignore[arg-type]
