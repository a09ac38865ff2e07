"""A parsed document checks everything at once and builds its resources when first read."""

from __future__ import annotations

import copy
import gc

import attrs
import orjson
import pytest

from scopestack_async.errors import ResponseFormatError
from scopestack_async.jsonapi.document import Document, Resource, parse_document


def _page(n: int, included: int) -> bytes:
    return orjson.dumps(
        {
            "data": [
                {
                    "type": "projects",
                    "id": str(i),
                    "attributes": {"project-name": f"P{i}"},
                    "relationships": {"client": {"data": {"type": "clients", "id": str(i)}}},
                }
                for i in range(n)
            ],
            "included": [{"type": "clients", "id": str(i)} for i in range(included)],
            "meta": {"record-count": n},
            "links": {"next": "https://api.example/acme/v1/projects?page[number]=2"},
            "x-extra": 1,
        }
    )


def _live_resources() -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, Resource))


def test_parsing_builds_no_resource_until_data_or_included_is_read() -> None:
    before = _live_resources()
    doc = parse_document(_page(200, 50))
    assert doc.meta == {"record-count": 200}
    assert doc.links["next"].endswith("=2")
    assert doc.errors == []
    assert _live_resources() == before  # checked, not built
    assert len(doc.many()) == 200
    assert _live_resources() == before + 250  # data and included, built together once
    assert doc.data is doc.data
    assert doc.included is doc.included
    assert doc.extra == {"x-extra": 1}
    assert doc.many()[7].related("client") == doc.included[7]


def test_a_parsed_document_is_the_same_value_as_one_built_by_hand() -> None:
    raw = {
        "data": {"type": "clients", "id": "1", "attributes": {"name": "Acme"}},
        "included": [{"type": "users", "id": "2"}],
        "meta": {"m": 1},
        "jsonapi": {"version": "1.1"},
        "other": True,
    }
    by_hand = Document(
        data=Resource("clients", "1", {"name": "Acme"}),
        included=[Resource("users", "2")],
        meta={"m": 1},
        jsonapi={"version": "1.1"},
        extra={"other": True},
    )
    assert parse_document(orjson.dumps(raw)) == by_hand
    assert repr(parse_document(orjson.dumps(raw))) == repr(by_hand)
    assert by_hand == parse_document(orjson.dumps(raw))
    assert copy.copy(parse_document(orjson.dumps(raw))) == by_hand
    assert attrs.evolve(parse_document(orjson.dumps(raw)), meta={}) == attrs.evolve(
        by_hand, meta={}
    )
    assert parse_document(orjson.dumps(raw)) != attrs.evolve(by_hand, included=[])


def test_a_parsed_document_is_frozen_before_and_after_its_first_read() -> None:
    doc = parse_document(_page(2, 0))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        doc.data = None  # type: ignore[misc]  # frozen on purpose
    assert len(doc.many()) == 2
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        doc.included = []  # type: ignore[misc]  # frozen on purpose
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        getattr(doc, "nope")  # noqa: B009  # an unknown name on purpose
    assert not hasattr(doc, "nope")
    with pytest.raises(TypeError):
        hash(doc)  # unhashable, like every Document


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"data": [{"type": "p", "id": "1"}, {"type": "p", "id": 2}]}, "data[1].id"),
        ({"data": [{"type": "p", "id": "1", "attributes": []}]}, "data[0].attributes"),
        ({"data": None, "included": [{"type": "c", "id": "1"}, {"id": "2"}]}, "included[1].type"),
        ({"data": None, "included": [{"type": "c", "id": "1", "meta": 3}]}, "included[0].meta"),
        ({"data": {"type": "p", "id": "1", "links": "x"}}, "data.links"),
        ({"data": {"type": "p", "id": "1", "relationships": []}}, "data.relationships"),
    ],
)
def test_every_resource_is_still_checked_when_the_document_is_parsed(
    raw: dict[str, object], where: str
) -> None:
    with pytest.raises(ResponseFormatError, match=rf"{where.replace('[', '.').replace(']', '.')}"):
        parse_document(orjson.dumps(raw))
