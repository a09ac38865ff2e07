"""Typed models: user attrs classes from resources, and Me from /v1/me."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

from scopestack_async.errors import ResponseFormatError
from scopestack_async.jsonapi import Me, Privilege, Resource, parse_document, structure_resource


@attrs.frozen
class PaymentInfo:
    pricing_model: str
    include_expenses: bool = False


@attrs.frozen
class Service:
    id: str
    type: str
    name: str
    custom_hours: bool
    override_hours: Decimal | None
    quantity: int
    languages: dict[str, str]
    payment_info: PaymentInfo
    created_at: dt.datetime
    tag_list: tuple[str, ...] = ()
    note: str = "none"


def _service(**overrides: Any) -> Resource:
    attributes = {
        "name": "Firewall",
        "custom-hours?": True,
        "override-hours": "12.5",
        "quantity": 2,
        "languages": {"implementation_language": "x"},
        "payment-info": {"pricing-model": "fixed_fee", "include-expenses": True},
        "created-at": "2024-01-02T03:04:05Z",
        "tag-list": ["a", "b"],
        **overrides,
    }
    return Resource("project-services", "7", attributes)


def test_dash_case_question_marks_decimals_dates_and_nested_objects() -> None:
    service = structure_resource(_service(), Service)
    assert service == Service(
        id="7",
        type="project-services",
        name="Firewall",
        custom_hours=True,
        override_hours=Decimal("12.5"),
        quantity=2,
        languages={"implementation_language": "x"},
        payment_info=PaymentInfo("fixed_fee", True),
        created_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
        tag_list=("a", "b"),
    )
    assert structure_resource(_service(**{"override-hours": None}), Service).override_hours is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"custom-hours?": "yes"}, r"Service.custom_hours from attribute 'custom-hours\?' = 'yes'"),
        ({"override-hours": "lots"}, "'lots' is not a decimal number"),
        ({"quantity": True}, "expected an integer"),
        ({"name": 5}, "expected a string"),
    ],
)
def test_conversion_errors_name_the_resource_field_and_attribute(
    overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(ResponseFormatError, match=message) as caught:
        structure_resource(_service(**overrides), Service)
    assert str(caught.value).startswith("project-services/7: Cannot build Service.")


def test_a_missing_required_attribute_suggests_a_default() -> None:
    attributes = dict(_service().attributes)
    del attributes["name"]
    with pytest.raises(
        ResponseFormatError, match=r"attribute 'name' .* is absent. Give the field a default"
    ):
        structure_resource(Resource("project-services", "7", attributes), Service)


ME = {
    "data": {
        "id": "1234",
        "type": "mes",
        "attributes": {
            "name": "Jane Doe",
            "title": None,
            "email": "jane@example.com",
            "phone": "",
            "account-id": 123,
            "account-slug": "acme",
            "uuid": "u-1",
            "site-admin": False,
            "privileges": [
                {"privilege": "projects.overview", "access-level": "purge"},
                {"privilege": "projects.psa", "access-level": "manage"},
            ],
        },
    }
}


def test_me_from_the_reference_sample() -> None:
    me = Me.from_document(parse_document(ME))
    assert me == Me(
        user_id="1234",
        name="Jane Doe",
        title="",
        email="jane@example.com",
        phone="",
        account_id=123,
        account_slug="acme",
        privileges=(Privilege("projects.overview", "purge"), Privilege("projects.psa", "manage")),
        site_admin=False,
        uuid="u-1",
    )
    assert me.access_level("projects.psa") == "manage"
    assert me.access_level("clients") is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "users"}, 'data must be one resource of type "mes"'),
        (
            {"attributes": {"account-slug": "acme", "account-id": "12a"}},
            "account-id must be an integer",
        ),
        (
            {"attributes": {"account-slug": "acme", "account-id": True}},
            "account-id must be an integer",
        ),
        ({"attributes": {"account-id": 1}}, "account-slug must be a non-empty string"),
        (
            {"attributes": {"account-id": 1, "account-slug": "a", "email": 3}},
            "attributes.email must be a string",
        ),
        (
            {"attributes": {"account-id": 1, "account-slug": "a", "privileges": {}}},
            "privileges must be an array",
        ),
        ({"attributes": {"account-id": 1, "account-slug": "a", "privileges": [1]}}, "privileges"),
    ],
)
def test_malformed_me_raises_response_format_error(change: dict[str, Any], message: str) -> None:
    doc = parse_document({"data": {**ME["data"], **change}})
    with pytest.raises(ResponseFormatError, match=message):
        Me.from_document(doc)


def test_me_accepts_a_digit_string_account_id_and_a_list_document_is_refused() -> None:
    attributes = {**ME["data"]["attributes"], "account-id": "123"}  # type: ignore[dict-item]
    assert (
        Me.from_document(
            parse_document({"data": {**ME["data"], "attributes": attributes}})
        ).account_id
        == 123
    )
    with pytest.raises(ResponseFormatError):
        Me.from_document(parse_document({"data": [ME["data"]]}))
