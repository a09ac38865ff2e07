"""Variables: definitions by context, typed values, validation before anything is sent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from resources_fake import Fake, serve

from scopestack_async.jsonapi import parse_document
from scopestack_async.resources import VariableError, encode_values, read_value
from scopestack_async.resources.models import Project, VariableDefinition


def _definition(**attributes: object) -> VariableDefinition:
    doc = parse_document(
        {"data": {"type": "project-variables", "id": "1", "attributes": attributes}}
    )
    return VariableDefinition.from_resource(doc.one())


DEFS = [
    _definition(name="po_number", **{"variable-type": "text", "required": True}),
    _definition(name="seats", minimum="1", maximum="500", **{"variable-type": "number"}),
    _definition(name="go_live", **{"variable-type": "date"}),
    _definition(
        name="tier",
        **{
            "variable-type": "text",
            "select-options": [
                {"key": "Gold", "value": "1", "default": False},
                {"key": "Silver", "value": "2", "default": True},
            ],
        },
    ),
]


def test_values_are_typed_from_their_definitions() -> None:
    out = encode_values(
        DEFS, {"po_number": "PO-88", "seats": "12", "go_live": dt.date(2025, 3, 1), "tier": "Gold"}
    )
    assert out == [
        {"name": "po_number", "value": "PO-88"},
        {"name": "seats", "value": 12},
        {"name": "go_live", "value": "2025-03-01"},
        {"name": "tier", "value": "1"},  # the key users see → the stored value
    ]
    assert encode_values(DEFS, {"seats": Decimal("2.5")}) == [{"name": "seats", "value": "2.5"}]


def test_every_problem_is_reported_before_sending() -> None:
    with pytest.raises(VariableError) as info:
        encode_values(
            DEFS,
            {"seats": 900, "go_live": "soon", "tier": "Bronze", "colour": "red"},
            creating=True,
        )
    assert info.value.problems == (
        "colour is not a variable of this context",
        "seats = 900 is outside its maximum 500",
        "go_live must be a date (YYYY-MM-DD), got 'soon'",
        "tier must be one of 'Gold', 'Silver', got 'Bronze'",
        "po_number is required",
    )


def test_values_read_back_typed() -> None:
    doc = parse_document(
        {
            "data": {
                "type": "projects",
                "id": "1",
                "attributes": {
                    "project-variables": [
                        {"name": "seats", "variable_type": "number", "value": "12"},
                        {"name": "go_live", "variable_type": "date", "value": "2025-03-01"},
                        {
                            "name": "tier",
                            "variable_type": "text",
                            "value": "1",
                            "select_options": [{"key": "Gold", "value": "1"}],
                        },
                        {"name": "empty", "variable_type": "text", "value": ""},
                    ]
                },
            }
        }
    )
    values = Project.from_resource(doc.one()).project_variables
    assert read_value(values, "seats") == Decimal(12)
    assert read_value(values, "go_live") == dt.date(2025, 3, 1)
    assert read_value(values, "tier") == "Gold"
    assert read_value(values, "empty") is None
    assert read_value(values, "missing") is None


async def test_definitions_by_context_and_encoding_in_one_call() -> None:
    fake = Fake()
    fake.add(
        "project-variables", {"name": "po", "variable-context": "project", "variable-type": "text"}
    )
    fake.add(
        "project-variables",
        {"name": "size", "variable-context": "client", "variable-type": "number"},
    )
    fake.add(
        "project-variables",
        {"name": "old", "variable-context": "project", "variable-type": "text", "active": False},
    )
    async with serve(fake) as session:
        names = [d.name for d in await session.project_variables.definitions("project")]
        assert names == ["po"]
        assert [
            d.name for d in await session.project_variables.definitions("project", "client")
        ] == [
            "po",
            "size",
        ]
        with pytest.raises(VariableError, match="size is not a variable of this context"):
            await session.project_variables.encode("project", {"size": 3})
    queries = [url for method, url, _ in fake.log if "project-variables" in url]
    assert "filter%5Bvariable-context%5D=project,client" in queries[1]
