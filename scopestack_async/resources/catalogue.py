"""The one declarative description of every known ScopeStack type (pure data, no I/O).

Everything typed comes from this table: the frozen models and their write/filter shapes in
``models.py`` (generated from it by ``python -m scopestack_async.resources._codegen``), the
conversion plans, the checked includes, filters and sorts, and the write rules (read-only
attributes, account linkage). Sources: ``scopestack-api.md`` §4 and the Workato connector map.

Attribute kinds: ``str`` (default), ``int``, ``bool``, ``dec`` (ScopeStack's decimal strings →
``Decimal``), ``date``, ``ts`` (ISO 8601 → aware ``datetime``), ``strs`` (string array),
``json`` (kept as sent), a nested type name (``PaymentInfo``), or ``[Nested]`` for an array.
Filter kinds: ``text`` (one value), ``strs`` (comma-OR list), ``bools``, ``fk`` (ids or
models of a related type), ``ids``, ``dates`` (a :class:`~.query.DateRange`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import attrs

__all__ = [
    "NESTED",
    "SPECIAL",
    "TYPES",
    "NestedSpec",
    "RelSpec",
    "TypeSpec",
    "python_name",
    "rel_name",
    "spec_for",
]


def python_name(wire: str) -> str:
    """``custom-hours?`` → ``custom_hours``; ``project-name`` → ``project_name``."""
    return wire.rstrip("?").replace("-", "_")


@attrs.frozen
class RelSpec:
    """One relationship: its wire name, target type and arity."""

    name: str
    target: str
    to_many: bool


@attrs.frozen
class NestedSpec:
    """A nested object inside an attribute; ``dash`` says how its keys are spelled on write."""

    name: str
    fields: Mapping[str, str]
    dash: bool = False


@attrs.frozen
class TypeSpec:
    """What is known of one JSON:API type; ``keys``, ``prefer``, ``reactivate`` and ``scope``
    drive find-one and upsert (natural keys in order; the preferred group of matches; set
    ``active`` back on a match outside it; the relationship that scopes a search)."""

    type: str
    cls: str
    attributes: Mapping[str, str]
    read_only: frozenset[str]
    rels: tuple[RelSpec, ...]
    filters: Mapping[str, str]
    writable_rels: frozenset[str]
    account: bool
    keys: tuple[str, ...]
    prefer: tuple[str, bool] | None = None
    reactivate: bool = False
    scope: str | None = None

    def rel(self, name: str) -> RelSpec | None:
        """The relationship called ``name`` (wire spelling), or None."""
        return next((r for r in self.rels if r.name == name), None)


def _pairs(text: str, default: str) -> dict[str, str]:
    out = {}
    for item in text.split():
        name, _, kind = item.partition(":")
        out[name] = kind or default
    return out


def _rels(text: str, to_many: bool) -> tuple[RelSpec, ...]:
    out = []
    for item in text.split():
        name, _, target = item.partition(":")
        out.append(RelSpec(name, target or (name if to_many else name + "s"), to_many))
    return tuple(out)


def row(
    type_: str,
    cls: str,
    attributes: str,
    *,
    ro: str = "",
    one: str = "",
    many: str = "",
    filters: str = "id:ids",
    writable_rels: str | None = None,
    account: bool = False,
    keys: str = "",
    prefer: tuple[str, bool] | None = None,
    reactivate: bool = False,
    scope: str | None = None,
) -> TypeSpec:
    """One row: space-separated ``name:kind`` lists (see the module docstring)."""
    rels = _rels(one, False) + _rels(many, True)
    ro_names = frozenset(ro.split()) | {"created-at", "updated-at"}
    attributes_map = _pairs(attributes, "str")
    if writable_rels is None:
        writable = frozenset(r.name for r in rels if not r.to_many)
    else:
        writable = frozenset(writable_rels.split())
    return TypeSpec(
        type_,
        cls,
        attributes_map,
        ro_names & attributes_map.keys(),
        rels,
        _pairs(filters, "text"),
        writable,
        account,
        tuple(keys.split()),
        prefer,
        reactivate,
        scope,
    )


_TS = "created-at:ts updated-at:ts"
_ADDRESS = "street street2 city state postal-code country"
_PEOPLE = "name email title phone active:bool"

NESTED: dict[str, NestedSpec] = {
    n.name: n
    for n in (
        NestedSpec("SelectOption", {"key": "str", "value": "str", "default": "bool"}),
        NestedSpec(
            "VariableValue",
            _pairs(
                "name label variable_type minimum:json maximum:json required:bool "
                "select_options:[SelectOption] position:int context uuid value:json",
                "str",
            ),
        ),
        NestedSpec(
            "PaymentInfo",
            _pairs("pricing-model include-expenses:bool include-product:bool rate-type", "str"),
            dash=True,
        ),
        NestedSpec(
            "CalculatedPricing",
            _pairs(
                "service_cost:dec service_revenue:dec extended_hours:dec material_cost:dec "
                "material_revenue:dec",
                "str",
            ),
        ),
        NestedSpec(
            "RateTier",
            _pairs("base_amount:dec unit_amount:dec minimum_quantity:dec", "str"),
        ),
        NestedSpec("VariableRates", _pairs("hours:[RateTier]", "str")),
        NestedSpec(
            "HardwareRates", _pairs("hardware_cost:[RateTier] hardware_price:[RateTier]", "str")
        ),
        NestedSpec("CustomAttribute", {"key": "str", "val": "json"}),
        NestedSpec(
            "StandardResource",
            _pairs(
                "resource_type resource_id:int name hourly_rate:dec hourly_cost:dec "
                "account_id:int status:int deleted_at external_name description default:bool",
                "str",
            ),
        ),
        NestedSpec("Privilege", _pairs("privilege access-level", "str"), dash=True),
        NestedSpec(
            "SurveyResponse",
            _pairs(
                "question answer:json value-type position:int required:bool question-id:int", "str"
            ),
            dash=True,
        ),
    )
}

TYPES: tuple[TypeSpec, ...] = (
    row("accounts", "Account", "name slug", filters="id:ids"),
    row(
        "clients",
        "Client",
        "name active:bool domain msa-date:date user-defined-fields:[VariableValue]",
        one="account rate-table",
        many="contacts projects",
        filters="id:ids name:text domain:text active:bools",
        account=True,
        keys="domain name",
        prefer=("active", True),
        reactivate=True,
    ),
    row(
        "contacts",
        "Contact",
        "name email phone title",
        one="client",
        filters="id:ids name:text email:text client:fk",
        keys="email name",
    ),
    row(
        "projects",
        "Project",
        "project-name executive-summary key-objectives our-responsibilities "
        "client-responsibilities solution-summary out-of-scope one-time-adjustment:dec "
        "mrr-adjustment:dec mrr-terms:int cola:dec recurring-billing-frequency "
        "include-ps-revenue-in-mrr:bool service-start-date:date msa-date:date travel-limit:dec "
        "status submitted-at:ts approved-at:ts active:bool tag-list:strs "
        "project-variables:[VariableValue] field-labels:json payment-info:PaymentInfo "
        "client-name presales-engineer-name sales-executive-name contract-revenue:dec "
        "contract-cost:dec contract-margin:dec " + _TS,
        ro="client-name presales-engineer-name sales-executive-name contract-revenue "
        "contract-cost contract-margin submitted-at approved-at",
        one="account business-unit client creator:users sales-executive presales-engineer "
        "document-template external-request:external-requests psa-project:psa-projects "
        "crm-opportunity:crm-opportunities payment-term rate-table",
        many="project-services project-documents project-contacts project-locations "
        "project-phases project-resources project-governances project-products "
        "project-approvals notes quotes",
        filters="id:ids project-name:text status:strs active:bools search:text client:fk "
        "tags:strs updated-at:dates created-at:dates approved-at:dates",
        account=True,
        keys="project-name",
    ),
    row(
        "project-services",
        "ProjectService",
        "name quantity:int override-hours:dec actual-hours:dec extended-hours:dec "
        "total-hours:dec position:int service-type lob-id:int payment-frequency task-source "
        "payment-method custom-hours?:bool languages:json variable-rates:VariableRates "
        "calculated-pricing:CalculatedPricing external-resource-name sku service-description "
        "target-margin:dec resource-rate-id:int active:bool",
        ro="extended-hours total-hours calculated-pricing",
        one="project service project-phase project-location project-resource resource "
        "lob:line-of-businesses service-category:service-categories",
        many="project-subservices",
        filters="id:ids name:text project:fk service-type:strs active:bools",
    ),
    row(
        "project-subservices",
        "ProjectSubservice",
        "name quantity:int override-hours:dec actual-hours:dec extended-hours:dec "
        "total-hours:dec position:int service-type payment-frequency task-source "
        "payment-method custom-hours?:bool languages:json variable-rates:VariableRates "
        "calculated-pricing:CalculatedPricing service-description active:bool",
        ro="extended-hours total-hours calculated-pricing",
        one="account project project-service project-location project-resource resource "
        "lob:line-of-businesses phase subservice",
        filters="id:ids project:fk project-service:fk active:bools",
    ),
    row(
        "services",
        "Service",
        "name description base-hours:dec service-type tag-list:strs active:bool published:bool",
        one="account phase resource service-category:service-categories",
        many="subservices",
        filters="id:ids name:text active:bools published:bools service-type:strs",
        account=True,
        keys="name",
    ),
    row("subservices", "Subservice", "name position:int active:bool", one="service resource"),
    row("phases", "Phase", "name position:int active:bool", filters="id:ids active:bools"),
    row("line-of-businesses", "LineOfBusiness", "name active:bool"),
    row("service-categories", "ServiceCategory", "name nested-name position:int active:bool"),
    row(
        "project-phases",
        "ProjectPhase",
        "name sow-language position:int active:bool",
        one="project phase",
        filters="id:ids project:fk active:bools",
    ),
    row(
        "resources",
        "ResourceType",
        "name external-name description hourly-rate:dec hourly-cost:dec active:bool",
        one="account",
        filters="id:ids active:bools",
    ),
    row(
        "project-resources",
        "ProjectResource",
        "name external-name extended-name description total-hours:dec hourly-rate:dec "
        "hourly-cost:dec expense-rate:dec code resource:StandardResource active:bool",
        ro="total-hours",
        one="project resource line-of-business:line-of-businesses",
        filters="id:ids project:fk active:bools",
    ),
    row(
        "project-governances",
        "ProjectGovernance",
        "description rate:dec fixed-hours:dec hours:dec calculation-type allocation-method "
        "assign-effort-to-service filter-type filter-id position:int active:bool "
        "project-variables:[VariableValue]",
        one="project project-phase governance project-resource resource "
        "service-category:service-categories",
        filters="id:ids project:fk active:bools",
    ),
    row("governances", "Governance", "name description rate:dec active:bool"),
    row(
        "rate-tables",
        "RateTable",
        "name default:bool active:bool",
        one="account",
        filters="id:ids name:text active:bools default:bools",
        account=True,
        keys="name",
    ),
    row(
        "payment-terms",
        "PaymentTerm",
        "name active:bool pricing-model slug position:int rounding default:bool "
        "include-expense-in-cost:bool include-expense-in-revenue:bool travel-limit:dec "
        "include-materials:bool",
        one="account",
        filters="id:ids name:text active:bools default:bools pricing-model:strs",
        account=True,
        keys="name",
    ),
    row(
        "document-templates",
        "DocumentTemplate",
        "name active:bool format merge-template-filename merge-template filename-format:strs "
        "template-format include-formatting:bool",
        one="account",
        filters="id:ids name:text active:bools",
        account=True,
        keys="name",
    ),
    row(
        "project-documents",
        "ProjectDocument",
        "template-id document-type force-regeneration:bool generate-pdf:bool status "
        "document-url error-text template-name " + _TS,
        ro="status document-url error-text template-name",
        one="project",
        filters="id:ids project:fk status:strs document-type:strs",
    ),
    row(
        "questionnaires",
        "Questionnaire",
        "name active:bool published:bool slug introduction thank-you completion-url "
        "questions:json sections:json tag-list:strs " + _TS,
        filters="id:ids active:bools published:bools",
    ),
    row(
        "surveys",
        "Survey",
        "name contact-name contact-email responses:[SurveyResponse] recommendations:json "
        "status emails:json sender sent-at:ts calculations:json user-id:int completed-by " + _TS,
        ro="status recommendations calculations",
        one="account questionnaire project",
        account=True,
    ),
    row(
        "project-variables",
        "VariableDefinition",
        "name label variable-type variable-context minimum:json maximum:json required:bool "
        "position:int select-options:[SelectOption] description active:bool",
        one="account",
        filters="id:ids name:text active:bools variable-context:strs",
        keys="name",
    ),
    row(
        "project-contacts",
        "ProjectContact",  # upserted by name within a project
        "name title email phone contact-type active:bool project-variables:[VariableValue]",
        one="project",
        filters="id:ids project:fk",
        keys="name",
        scope="project",
    ),
    row(
        "project-locations",
        "ProjectLocation",  # upserted by name within a project
        "name " + _ADDRESS + " remote:bool project-variables:[VariableValue]",
        one="project",
        filters="id:ids project:fk",
        keys="name",
        scope="project",
    ),
    row(
        "sales-executives",
        "SalesExecutive",
        _PEOPLE,
        one="account",
        filters="id:ids name:text email:text active:bools",
        account=True,
        keys="email name",
    ),
    row(
        "presales-engineers",
        "PresalesEngineer",
        _PEOPLE,
        filters="id:ids name:text email:text active:bools",
        keys="email name",
    ),
    row(
        "users",
        "User",
        "name email phone title privileges:json preferred-rate-table:json "
        "guided-onboarding:bool view-only:bool",
        one="account rate-table",
        filters="id:ids email:text",
        keys="email",
    ),
    row(
        "vendors",
        "Vendor",
        "name active:bool street-address street2 city state postal-code country project-count:int",
        ro="project-count",
        one="account",
        filters="id:ids name:text active:bools",
        account=True,
        keys="name",
    ),
    row(
        "products",
        "Product",
        "name active:bool description sku product-id manufacturer-part-number "
        "unit-of-measure category subcategory billing-frequency unit-cost:dec unit-price:dec "
        "list-price:dec markup:dec vendor-discount:dec vendor-rebate:dec "
        "custom-hardware-price?:bool custom-hardware-cost?:bool "
        "project-variables:[VariableValue] variable-rates:HardwareRates",
        one="account",
        many="services",
        filters="id:ids name:text category:text subcategory:text sku:text product-id:text "
        "manufacturer-name:text manufacturer-part-number:text vendor-name:text active:bools",
        account=True,
        keys="sku product-id manufacturer-part-number name",
    ),
    row(
        "crm-opportunities",
        "CrmOpportunity",
        "opportunity-id name display-name amount:dec stage is-closed:bool owner-id owner-name "
        "account-id account-name location-name street city state postal-code country "
        "custom-attributes:json " + _TS,
        one="account",
        many="projects",
        filters="id:ids opportunity-id:text is-closed:bools display-name:text",
        account=True,
        keys="opportunity-id",
        prefer=("is-closed", False),
    ),
    row(
        "project-approvals",
        "ProjectApproval",
        "status role comment reason completed-at:ts approver-name lob-ids:json " + _TS,
        one="project user approval-step",
        filters="id:ids project:fk status:strs",
    ),
    row(
        "business-units",
        "BusinessUnit",
        "name external-name street-address street2 city state postal-code country",
        one="account",
    ),
    row("tags", "Tag", "name", one="account", filters="id:ids name:text", keys="name"),
    row(
        "project-products",
        "ProjectProduct",
        "name quantity:int unit-price:dec unit-cost:dec active:bool",
        one="project product",
        filters="id:ids project:fk",
    ),
    row("notes", "Note", "content " + _TS, one="project user"),
    row("quotes", "Quote", "name status amount:dec " + _TS, one="project vendor"),
    row("approval-steps", "ApprovalStep", "name position:int", one="project"),
    row("external-requests", "ExternalRequest", "status " + _TS, one="project"),
    row("psa-projects", "PsaProject", "name status", one="project"),
)


#: Types whose client adds common operations (module, class); the rest get TypedClient.
SPECIAL = {
    "projects": ("projects", "ProjectsClient"),
    "project-documents": ("documents", "ProjectDocumentsClient"),
    "project-services": ("services", "ProjectServicesClient"),
    "project-variables": ("variables", "VariablesClient"),
    "surveys": ("surveys", "SurveysClient"),
}


def rel_name(spec: TypeSpec, wire: str) -> str:
    """The Python name of a relationship (``_rel`` added when an attribute has the name)."""
    name = python_name(wire)
    taken = {python_name(a) for a in spec.attributes} | {
        "id",
        "type",
        "extra",
        "invalid",
        "source",
        "identifier",
    }
    return name + "_rel" if name in taken else name


@functools.cache
def _by_type() -> dict[str, TypeSpec]:
    return {spec.type: spec for spec in TYPES}


def spec_for(type_: str) -> TypeSpec:
    """The spec of ``type_`` (KeyError when it is not modelled: use ``session.resource``)."""
    return _by_type()[type_]
