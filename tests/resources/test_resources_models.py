"""Typed models: conversion, tolerance (extra, invalid, missing) and lossless round trips."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scopestack_async.errors import ConfigurationError
from scopestack_async.jsonapi import ResourceIdentifier, parse_document
from scopestack_async.resources.base import Nested, encode
from scopestack_async.resources.catalogue import NESTED, TYPES
from scopestack_async.resources.models import MODELS, Client, PaymentInfo, Project, ProjectService


def _project(**attributes: Any) -> Project:
    doc = parse_document({"data": {"type": "projects", "id": "7", "attributes": attributes}})
    return Project.from_resource(doc.one())


def test_wire_values_become_python_values() -> None:
    p = _project(
        **{
            "project-name": "Core",
            "travel-limit": "150.0",
            "msa-date": "2025-02-01",
            "created-at": "2024-03-17T22:34:56.123Z",
            "updated-at": "2024-03-17T22:34:56",
            "tag-list": ["a", "b"],
            "active": True,
            "payment-info": {"pricing-model": "fixed_fee", "include-expenses": False, "x": 1},
            "project-variables": [{"name": "po", "value": "PO-1", "select_options": []}],
        }
    )
    assert p.travel_limit == Decimal("150.0")
    assert p.msa_date == dt.date(2025, 2, 1)
    assert p.created_at == dt.datetime(2024, 3, 17, 22, 34, 56, 123000, tzinfo=dt.timezone.utc)
    assert p.updated_at is not None
    assert p.updated_at.tzinfo is dt.timezone.utc
    assert p.tag_list == ("a", "b")
    assert p.payment_info == PaymentInfo(
        pricing_model="fixed_fee", include_expenses=False, extra={"x": 1}
    )
    assert p.payment_info is not None
    assert p.payment_info.extra == {"x": 1}
    assert p.project_variables is not None
    assert p.project_variables[0].value == "PO-1"
    assert p.status is None  # missing → None


def test_unknown_attributes_are_kept_and_wrong_types_reported_once(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scopestack_async.resources import base

    monkeypatch.setattr(base, "_reported", set())  # what earlier tests reported
    caplog.set_level(logging.WARNING, "scopestack_async.resources")
    a = _project(**{"brand-new": {"k": 1}, "mrr-terms": "twelve", "active": "yes"})
    b = _project(**{"mrr-terms": "thirteen"})
    assert a.extra == {"brand-new": {"k": 1}}
    assert a.invalid == {"mrr-terms": "twelve", "active": "yes"}
    assert (a.mrr_terms, a.active, b.mrr_terms) == (None, None, None)
    assert b.invalid == {"mrr-terms": "thirteen"}
    reports = [r.getMessage() for r in caplog.records]
    # Once per type and attribute, however many models carry a bad value.
    assert sorted(reports) == [
        "projects.active: expected bool, got str; the raw value is kept in .invalid (reported once)",
        "projects.mrr-terms: expected int, got str; the raw value is kept in .invalid (reported once)",
    ]


def test_evolve_then_to_attributes_reencodes_only_what_changed() -> None:
    sent = {"project-name": "Core", "travel-limit": "150.00", "created-at": "2024-01-01T00:00:00Z"}
    p = _project(**sent, extra_one=1)
    assert p.to_attributes() == {**sent, "extra_one": 1}
    changed = p.replace({"travel_limit": Decimal("99.5")})
    assert changed.travel_limit == Decimal("99.5")
    assert p.travel_limit == Decimal("150.00")  # the original is untouched
    assert changed.changed_attributes() == {"travel-limit": "99.5"}
    assert changed.to_attributes() == {**sent, "extra_one": 1, "travel-limit": "99.5"}
    assert p.changed_attributes() == {}
    # The same decimal spelled differently is no change.
    assert p.replace({"travel_limit": Decimal("150.0")}).changed_attributes() == {}
    with pytest.raises(ConfigurationError, match="no attribute colour"):
        p.replace({"colour": "red"})  # type: ignore[typeddict-unknown-key]


def test_relationships_resolve_from_included_else_identifiers() -> None:
    doc = parse_document(
        {
            "data": {
                "type": "projects",
                "id": "1",
                "attributes": {},
                "relationships": {
                    "client": {"data": {"type": "clients", "id": "5"}},
                    "rate-table": {"data": {"type": "rate-tables", "id": "9"}},
                    "project-services": {"data": [{"type": "project-services", "id": "3"}]},
                    "payment-term": {"links": {"related": "x"}},
                    "account": {"data": None},
                },
            },
            "included": [
                {"type": "clients", "id": "5", "attributes": {"name": "Acme"}},
                {"type": "project-services", "id": "3", "attributes": {"quantity": 2}},
            ],
        }
    )
    p = Project.from_resource(doc.one())
    assert isinstance(p.client, Client)
    assert (p.client.id, p.client.name) == ("5", "Acme")
    assert p.rate_table == ResourceIdentifier("rate-tables", "9")
    services = p.project_services
    assert services is not None
    assert isinstance(services[0], ProjectService)
    assert services[0].quantity == 2
    assert (p.payment_term, p.account, p.project_contacts) == (None, None, None)


def test_every_catalogued_type_has_a_model() -> None:
    assert set(MODELS) == {t.type for t in TYPES}
    assert all(t == m.TYPE for t, m in MODELS.items())


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.floats(allow_nan=False),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
_types = st.sampled_from(TYPES)


def _nested_value(kind: str) -> st.SearchStrategy[Any]:
    """Objects shaped like the nested type (its keys, any values, some unknown keys)."""
    fields = list(NESTED[kind.strip("[]")].fields)
    one = st.dictionaries(st.sampled_from(fields) | st.text(max_size=4), _json, max_size=5)
    return st.lists(one, max_size=3) if kind.startswith("[") else one


@st.composite
def _attributes(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    spec = draw(_types)
    known = list(spec.attributes)
    keys = draw(st.lists(st.sampled_from(known) | st.text(min_size=1, max_size=6), max_size=8))
    out = {}
    for key in keys:
        kind = spec.attributes.get(key, "")
        nested = kind.strip("[]") in NESTED
        out[key] = draw(_nested_value(kind) | _json) if nested else draw(_json)
    return spec.type, out


@settings(max_examples=300, deadline=None)
@given(_attributes())
def test_any_attributes_round_trip_without_loss(case: tuple[str, dict[str, Any]]) -> None:
    type_, attributes = case
    doc = parse_document({"data": {"type": type_, "id": "1", "attributes": attributes}})
    model = MODELS[type_].from_resource(doc.one())
    values = model.values()  # decoding every field never raises
    assert model.to_attributes() == attributes
    assert model.changed_attributes() == {}
    known = model.spec().attributes
    assert model.extra == {k: v for k, v in attributes.items() if k not in known}
    for wire, raw in attributes.items():
        if wire in known:
            name = wire.rstrip("?").replace("-", "_")
            # A known attribute is decoded, or None and kept raw in invalid (never lost).
            assert (values[name] is None) == (raw is None or wire in model.invalid)
            if isinstance(values[name], (Nested, tuple)) and known[wire] not in ("strs",):
                # Nested objects give back exactly what was sent, unknown keys included.
                assert encode(known[wire], values[name]) == raw
