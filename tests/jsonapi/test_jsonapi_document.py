"""parse_document: every shape, unknown members kept, related(), bad input as typed errors."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from scopestack_async.errors import ResponseFormatError
from scopestack_async.jsonapi import (
    MISSING,
    Document,
    Relationship,
    Resource,
    ResourceIdentifier,
    parse_document,
    unstructure_document,
)

# Composed from the reference's samples (/v1/me, a subservices page, a JR error).
ME = {
    "data": {
        "id": "1234",
        "type": "mes",
        "links": {"self": "https://api.scopestack.io/v1/mes"},
        "attributes": {
            "name": "Jane Doe",
            "title": "",
            "email": "jane@example.com",
            "phone": "",
            "account-id": 123,
            "account-slug": "acme",
            "privileges": [{"privilege": "projects.overview", "access-level": "purge"}],
            "uuid": "u-1",
            "site-admin": False,
        },
    }
}
SUBSERVICES = {
    "data": [
        {
            "id": "77",
            "type": "project-subservices",
            "attributes": {
                "quantity": 2,
                "override-hours": "12.5",
                "custom-hours?": True,
                "languages": {"implementation_language": "x"},
            },
            "relationships": {
                "project-phase": {"links": {"self": "s", "related": "r"}, "data": None},
                "project-service": {
                    "links": {"related": "https://api.scopestack.io/acme/v1/project-services/9"}
                },
                "resources": {
                    "data": [{"type": "resources", "id": "1"}, {"type": "resources", "id": "2"}]
                },
            },
            "links": {"self": "https://api.scopestack.io/acme/v1/project-subservices/77"},
        }
    ],
    "included": [
        {"id": "1", "type": "resources", "attributes": {"name": "Engineer"}},
        {"id": "2", "type": "resources", "attributes": {"name": "PM"}},
    ],
    "meta": {
        "record-count": 1,
        "page-count": 1,
        "permissions": {"view": True, "create": True, "manage": True},
    },
    "links": {
        "first": "https://api.scopestack.io/acme/v1/x?page%5Bnumber%5D=1",
        "last": "https://api.scopestack.io/acme/v1/x?page%5Bnumber%5D=1",
    },
}


def test_single_resource_document_keeps_dash_case_and_links() -> None:
    doc = parse_document(orjson.dumps(ME))
    me = doc.one()
    assert (me.type, me.id, me.self_url) == ("mes", "1234", "https://api.scopestack.io/v1/mes")
    assert me.attributes["account-slug"] == "acme"
    assert me.attributes["account-id"] == 123
    assert me.relationships == {}
    assert doc.included == []


def test_collection_relationship_shapes_and_related_resolution() -> None:
    doc = parse_document(orjson.dumps(SUBSERVICES).decode())
    [sub] = doc.many()
    rels = sub.relationships
    assert rels["project-phase"].data is None
    assert rels["project-service"].data is MISSING
    assert rels["project-service"].related_url.endswith("/project-services/9")  # type: ignore[union-attr]
    assert rels["resources"].data == [
        ResourceIdentifier("resources", "1"),
        ResourceIdentifier("resources", "2"),
    ]
    assert sub.related("project-phase") is None
    related = sub.related("resources")
    assert isinstance(related, list)
    assert [r.attributes["name"] for r in related] == ["Engineer", "PM"]
    assert sub.attributes["custom-hours?"] is True
    assert sub.attributes["override-hours"] == "12.5"
    assert doc.meta["permissions"] == {"view": True, "create": True, "manage": True}


def test_related_explains_what_to_do_when_not_loaded() -> None:
    [sub] = parse_document(SUBSERVICES).many()
    with pytest.raises(LookupError, match=r"include=\['project-service'\].*fetch_related"):
        sub.related("project-service")
    with pytest.raises(LookupError, match="has no relationship 'nope'"):
        sub.related("nope")
    alone = parse_document({"data": {**SUBSERVICES["data"][0]}})  # type: ignore[dict-item]
    with pytest.raises(LookupError, match="resources/1 is not in the document's included"):
        alone.one().related("resources")


def test_included_resources_can_point_back_at_primary_data() -> None:
    doc = parse_document(
        {
            "data": {"type": "projects", "id": "1"},
            "included": [
                {
                    "type": "clients",
                    "id": "2",
                    "relationships": {"projects": {"data": [{"type": "projects", "id": "1"}]}},
                }
            ],
        }
    )
    [client] = doc.included
    assert client.related("projects") == [doc.one()]


def test_unknown_members_are_kept_at_every_level() -> None:
    raw: dict[str, Any] = {
        "data": {
            "type": "a",
            "id": "1",
            "lid": "x",
            "relationships": {
                "b": {"data": {"type": "b", "id": "2", "meta": {"m": 1}}, "future": True}
            },
        },
        "jsonapi": {"version": "1.1"},
        "custom": [1, 2],
    }
    doc = parse_document(raw)
    assert doc.extra == {"custom": [1, 2]}
    assert doc.jsonapi == {"version": "1.1"}
    assert doc.one().extra == {"lid": "x"}
    assert doc.one().relationships["b"].extra == {"future": True}
    assert doc.one().relationships["b"].data == ResourceIdentifier("b", "2", {"m": 1})
    assert unstructure_document(doc) == raw


def test_null_data_empty_list_and_meta_only() -> None:
    assert parse_document(b'{"data": null}').data is None
    assert parse_document(b'{"data": []}').many() == []
    meta_only = parse_document(b'{"meta": {"record-count": 0}}')
    assert (meta_only.data, meta_only.meta) == (None, {"record-count": 0})
    with pytest.raises(ResponseFormatError, match="got null"):
        parse_document(b'{"data": null}').one()


def test_errors_document_is_refused_unless_allowed() -> None:
    body = b'{"errors": [{"title": "Invalid field", "detail": "foo is not a valid field"}]}'
    with pytest.raises(ResponseFormatError, match=r"success status.*foo is not a valid field"):
        parse_document(body)
    assert parse_document(body, allow_errors=True).errors[0]["title"] == "Invalid field"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<!DOCTYPE html><html>502</html>", "HTML or XML"),
        (b"", "an empty body"),
        (b"not json", "8 bytes that are not JSON"),
        (b"[1, 2]", "the document must be a JSON object .* got an array"),
        (b'"text"', "got a string"),
        (b'{"hello": 1}', "none of data, errors or meta"),
        (b'{"data": "x"}', "data must be a resource object, an array of resource objects or null"),
        (b'{"data": [1]}', r"data\[0\] must be a resource object, got a number"),
        (b'{"data": {"id": "1"}}', "data.type must be a non-empty string, got null"),
        (
            b'{"data": {"type": "a", "id": 1}}',
            r"data.id must be a string \(JSON:API ids are strings\)",
        ),
        (b'{"data": [], "included": {}}', "included must be an array"),
        (b'{"data": [], "included": [{"type": "a"}]}', r"included\[0\].id must be a string"),
        (
            b'{"data": {"type": "a", "id": "1", "attributes": []}}',
            "data.attributes must be an object",
        ),
        (b'{"data": {"type": "a", "id": "1", "relationships": 3}}', "data.relationships must be"),
        (b'{"data": [], "meta": "m"}', "the document.meta must be an object"),
        (b'{"errors": {"title": "x"}}', "errors must be an array of error objects"),
    ],
)
def test_bad_input_raises_response_format_error_naming_the_member(
    body: bytes, message: str
) -> None:
    with pytest.raises(ResponseFormatError, match=message):
        parse_document(body)


@pytest.mark.parametrize(
    ("relationship", "message"),
    [
        ([], "relationship 'x' of resource a/1 must be a relationship object"),
        ({"data": "1"}, r"relationship 'x' of resource a/1.data must be a resource identifier"),
        ({"data": [{"type": "b", "id": 2}]}, r"a/1.data\[0\].id must be a string"),
        ({"data": {"type": "", "id": "2"}}, "data.type must be a non-empty string"),
        ({"links": "l"}, "a/1.links must be an object"),
    ],
)
def test_bad_relationships_raise_when_read(relationship: Any, message: str) -> None:
    doc = parse_document({"data": {"type": "a", "id": "1", "relationships": {"x": relationship}}})
    with pytest.raises(ResponseFormatError, match=message):
        doc.one().relationships["x"]


def test_values_are_frozen_and_compare_by_content() -> None:
    one = parse_document(ME).one()
    assert one == parse_document(orjson.dumps(ME)).one()
    with pytest.raises(AttributeError):
        one.id = "2"  # type: ignore[misc]
    assert hash(ResourceIdentifier("a", "1", {"m": 1})) == hash(ResourceIdentifier("a", "1"))
    assert Resource("a", "1").identifier == ResourceIdentifier("a", "1")
    assert Relationship().data is MISSING
    assert repr(MISSING) == "MISSING"


def test_unstructure_omits_empty_members_and_keeps_data_null() -> None:
    assert unstructure_document(Document()) == {"data": None}
    doc = Document(errors=[{"title": "x"}])
    assert unstructure_document(doc) == {"errors": [{"title": "x"}]}
    manual = Resource(
        "a",
        "1",
        relationships={
            "b": Relationship(data=[ResourceIdentifier("b", "2")], links={"related": "r"}),
            "c": Relationship(data=None),
            "d": Relationship(meta={"n": 1}),
        },
    )
    assert unstructure_document(Document(manual)) == {
        "data": {
            "type": "a",
            "id": "1",
            "relationships": {
                "b": {"data": [{"type": "b", "id": "2"}], "links": {"related": "r"}},
                "c": {"data": None},
                "d": {"meta": {"n": 1}},
            },
        }
    }


def test_many_on_a_single_resource_explains() -> None:
    with pytest.raises(ResponseFormatError, match="names a collection"):
        parse_document(ME).many()
