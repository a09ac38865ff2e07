"""Property tests: documents survive parse ↔ unstructure; queries survive build → URL → parse."""

from __future__ import annotations

from typing import Any

import orjson
import yarl
from hypothesis import given, settings
from hypothesis import strategies as st

from scopestack_async.jsonapi import parse_document, unstructure_document
from scopestack_async.jsonapi.query import build_query, parse_query, url_with_query

# ------------------------------------------------------------------ documents

_word = st.sampled_from(["project", "name", "custom", "hours", "rate", "x1"])
_name = st.tuples(st.lists(_word, min_size=1, max_size=3), st.sampled_from(["", "?"])).map(
    lambda parts: "-".join(parts[0]) + parts[1]
)
_scalar = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=8)
_json = st.recursive(
    _scalar,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
_object = st.dictionaries(_name, _json, min_size=1, max_size=4)
_id = st.text(min_size=0, max_size=6)
_type = st.text(min_size=1, max_size=8)
_identifier = st.fixed_dictionaries({"type": _type, "id": _id}, optional={"meta": _object})
_relationship = st.fixed_dictionaries(
    {},
    optional={
        "data": st.none() | _identifier | st.lists(_identifier, max_size=3),
        "links": _object,
        "meta": _object,
        "x-extension": _json,
    },
)


def _resource() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"type": _type, "id": _id},
        optional={
            "attributes": _object,
            "relationships": st.dictionaries(_name, _relationship, min_size=1, max_size=3),
            "links": _object,
            "meta": _object,
            "lid": st.text(max_size=4),
        },
    )


_data_document = st.fixed_dictionaries(
    {"data": st.none() | _resource() | st.lists(_resource(), max_size=4)},
    optional={
        "included": st.lists(_resource(), min_size=1, max_size=3),
        "meta": _object,
        "links": _object,
        "jsonapi": _object,
        "x-top": _json,
    },
)
_error_document = st.fixed_dictionaries(
    {"errors": st.lists(_object, min_size=1, max_size=3)}, optional={"meta": _object}
)


@settings(max_examples=150, deadline=None)
@given(_data_document | _error_document)
def test_documents_round_trip_through_parse_and_unstructure(raw: dict[str, Any]) -> None:
    doc = parse_document(orjson.dumps(raw), allow_errors=True)
    assert unstructure_document(doc) == raw
    again = parse_document(unstructure_document(doc), allow_errors=True)
    assert again == doc


@settings(max_examples=100, deadline=None)
@given(_data_document)
def test_each_relationship_structures_to_what_was_sent(raw: dict[str, Any]) -> None:
    doc = parse_document(raw)
    data = raw["data"]
    raws = (data if isinstance(data, list) else [data] if data else []) + raw.get("included", [])
    resources = (
        [*doc.many(), *doc.included]
        if isinstance(data, list)
        else [*([doc.one()] if data else []), *doc.included]
    )
    assert len(resources) == len(raws)
    for resource, raw_resource in zip(resources, raws, strict=True):
        sent = raw_resource.get("relationships", {})
        assert {n: r.to_json() for n, r in resource.relationships.items()} == sent


# -------------------------------------------------------------------- queries

_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="[],")
_qname = st.text(_chars, min_size=1, max_size=10).filter(lambda s: s.strip() != "")
_value = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=","), max_size=10
)
_segment = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="[],."),
    min_size=1,
    max_size=6,
).filter(lambda s: s.strip() != "")
_path = st.lists(_segment, min_size=1, max_size=3).map(".".join)
_sort = st.tuples(st.sampled_from(["", "-"]), _qname.filter(lambda s: not s.startswith("-"))).map(
    "".join
)
_query_kwargs = st.fixed_dictionaries(
    {},
    optional={
        "filter": st.dictionaries(
            _qname, st.lists(_value, min_size=1, max_size=3), min_size=1, max_size=3
        ),
        "include": st.lists(_path, min_size=1, max_size=3),
        "fields": st.dictionaries(_qname, st.lists(_qname, max_size=3), min_size=1, max_size=2),
        "sort": st.lists(_sort, min_size=1, max_size=3),
        "page": st.integers(1, 10**6),
        "page_size": st.integers(1, 1000),
    },
)


@settings(max_examples=300, deadline=None)
@given(_query_kwargs)
def test_query_builder_output_parses_back_to_its_input(kwargs: dict[str, Any]) -> None:
    params = build_query(**kwargs)
    assert parse_query(params) == kwargs
    url = url_with_query(yarl.URL("https://api.scopestack.io/acme/v1/projects"), params)
    assert "[" not in url.raw_query_string
    assert parse_query(url.raw_query_string) == kwargs
    assert build_query(**parse_query(url.raw_query_string)) == params
