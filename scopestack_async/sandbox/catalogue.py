"""The catalogue: one declarative row per resource type the sandbox serves (pure data).

Each :class:`ResourceSpec` says what the API allows on a type: attributes with their kinds
(and which are read-only or required), relationships (to-one, to-many, has-one), filters,
natural keys that must be unique, the operations routed, the variable context of its
``project-variables``, and, for the parts of a project, how their records derive from the
parent. The generic handlers in ``api.py``, ``query.py`` and ``writes.py`` read only this
table; nothing there is written for one type. Sources: the reference notes
``scopestack-api.md`` §4 and ``workato-connector-map.md`` §3-§4.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

__all__ = [
    "CATALOGUE",
    "KINDS",
    "VARIABLE_CONTEXTS",
    "Attr",
    "Derived",
    "Filter",
    "FilterKind",
    "Rel",
    "ResourceSpec",
    "Unique",
]

Kind = Literal["str", "bool", "int", "dec", "date", "time", "list", "obj", "json", "vars", "enum"]
KINDS: tuple[Kind, ...] = (
    "str",
    "bool",
    "int",
    "dec",
    "date",
    "time",
    "list",
    "obj",
    "json",
    "vars",
    "enum",
)
FilterKind = Literal[
    "id", "exact", "iexact", "partial", "bool", "fk", "tags", "date", "search", "has"
]
Op = Literal["create", "update", "delete"]

# variable-context value -> the type whose records carry those values (guide §4.2).
VARIABLE_CONTEXTS: Mapping[str, str] = {
    "project": "projects",
    "client": "clients",
    "service_location": "project-locations",
    "project_contact": "project-contacts",
    "product": "products",
    "crm_opportunity": "crm-opportunities",
    "governance": "project-governances",
}


@attrs.frozen
class Attr:
    """An attribute: its JSON kind, whether a write may set it, whether create needs it."""

    name: str
    kind: Kind = "str"
    read_only: bool = False
    required: bool = False
    choices: tuple[str, ...] = ()


@attrs.frozen
class Rel:
    """A relationship.

    To-one relationships are stored on the record (``links``); a to-many one is the
    inverse of the target's to-one ``inverse``; a has-one (``to_many=False`` with an
    ``inverse``) is the first record of such an inverse.
    """

    name: str
    target: str
    to_many: bool = False
    inverse: str = ""
    writable: bool = False
    required: bool = False

    @property
    def stored(self) -> bool:
        """Whether the id lives on the record (a plain to-one)."""
        return not self.to_many and not self.inverse


@attrs.frozen
class Filter:
    """A ``filter[name]``: how it matches and on which attribute or relationship."""

    name: str
    kind: FilterKind
    field: str = ""
    op: Literal["", "after", "before"] = ""
    fields: tuple[str, ...] = ()

    @property
    def target(self) -> str:
        """The attribute or relationship the filter reads."""
        return self.field or self.name


@attrs.frozen
class Unique:
    """A natural key: ``attr`` is unique within the account or within one ``scope`` link."""

    attr: str
    scope: str = ""
    ignore_case: bool = True


@attrs.frozen
class Derived:
    """Records generated on demand from a parent: ids ``(parent_id - 1) * most + j + 1``."""

    parent: str
    fk: str
    low: int
    high: int

    @property
    def most(self) -> int:
        """Id slots reserved per parent."""
        return self.high


@attrs.frozen
class ResourceSpec:
    """What the API allows on one resource type (see the module docstring)."""

    type: str
    privilege: str
    attributes: tuple[Attr, ...] = ()
    rels: tuple[Rel, ...] = ()
    filter_list: tuple[Filter, ...] = ()
    unique: tuple[Unique, ...] = ()
    ops: frozenset[Op] = frozenset()
    listed: tuple[str, ...] | None = None
    variables: str = ""
    variables_attr: str = "project-variables"
    derived: Derived | None = None
    example: Mapping[str, Any] = attrs.field(factory=dict)
    _attr_index: dict[str, Attr] = attrs.field(init=False, repr=False, eq=False)
    _rel_index: dict[str, Rel] = attrs.field(init=False, repr=False, eq=False)
    _filter_index: dict[str, Filter] = attrs.field(init=False, repr=False, eq=False)
    listed_names: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        names = [r.name for r in self.rels] if self.listed is None else self.listed
        object.__setattr__(self, "listed_names", frozenset(names))
        object.__setattr__(self, "_attr_index", {a.name: a for a in self.attributes})
        object.__setattr__(self, "_rel_index", {r.name: r for r in self.rels})
        auto = [Filter("id", "id")] + [Filter(r.name, "fk") for r in self.rels if r.stored]
        index = {f.name: f for f in auto}
        index.update({f.name: f for f in self.filter_list})
        object.__setattr__(self, "_filter_index", index)

    # -- lookups --------------------------------------------------------------------------

    def rel(self, name: str) -> Rel | None:
        """The relationship called ``name``, or None."""
        return self._rel_index.get(name)

    def attr(self, name: str) -> Attr | None:
        """The attribute called ``name``, or None."""
        return self._attr_index.get(name)

    def filter(self, name: str) -> Filter | None:
        """The filter called ``name``, or None."""
        return self._filter_index.get(name)

    @property
    def filters(self) -> Mapping[str, Filter]:
        """Every filter by name (``id`` and one per stored to-one come for free)."""
        return self._filter_index

    @property
    def attribute_names(self) -> frozenset[str]:
        """Every attribute name."""
        return frozenset(self._attr_index)

    @property
    def writable(self) -> frozenset[str]:
        """Attributes a write may set."""
        return frozenset(a.name for a in self.attributes if not a.read_only)

    @property
    def read_only_attributes(self) -> frozenset[str]:
        """Attributes the server computes (ignored or refused on write, see the knob)."""
        return frozenset(a.name for a in self.attributes if a.read_only)

    @property
    def required(self) -> tuple[str, ...]:
        """Attributes a create must carry."""
        return tuple(a.name for a in self.attributes if a.required)

    @property
    def writable_rels(self) -> frozenset[str]:
        """Relationships a write may set."""
        return frozenset(r.name for r in self.rels if r.writable)

    @property
    def required_rels(self) -> tuple[str, ...]:
        """Relationships a create must carry."""
        return tuple(r.name for r in self.rels if r.required)

    @property
    def read_only(self) -> bool:
        """True when no write is routed."""
        return not self.ops


# -- a compact notation for the table ------------------------------------------------------


def _attrs(text: str, choices: Mapping[str, Iterable[str]] | None = None) -> tuple[Attr, ...]:
    """``"name:kind[:ro|:req] ..."``; the kind defaults to ``str``."""
    out = []
    for token in text.split():
        name, *rest = token.split(":")
        kind: Kind = "str"
        for k in KINDS:
            if rest and rest[0] == k:
                kind, rest = k, rest[1:]
        picked = tuple((choices or {}).get(name, ()))
        flags = set(rest)
        out.append(Attr(name, "enum" if picked else kind, "ro" in flags, "req" in flags, picked))
    return tuple(out)


def _filters(text: str) -> tuple[Filter, ...]:
    """``"name:kind[:field]"`` entries."""
    out = []
    for token in text.split():
        name, kind, *field = token.split(":")
        out.append(Filter(name, kind, field[0] if field else ""))  # type: ignore[arg-type]  # the table's kinds are FilterKind names
    return tuple(out)


def _dates(*fields: str) -> tuple[Filter, ...]:
    return tuple(Filter(f, "date") for f in fields)


def _acct() -> Rel:
    return Rel("account", "accounts", writable=True)


def _project(required: bool = True) -> Rel:
    return Rel("project", "projects", writable=True, required=required)


def _many(name: str, inverse: str, target: str | None = None) -> Rel:
    return Rel(name, target or name, to_many=True, inverse=inverse)


ALL: frozenset[Op] = frozenset({"create", "update", "delete"})
UPSERT: frozenset[Op] = frozenset({"create", "update"})
ADDRESS = "street-address street2 city state postal-code country"
LOCATION = "street street2 city state postal-code country"
STATUSES = (
    "building",
    "technical_approval",
    "sales_approval",
    "business_approval",
    "approved",
    "won",
    "lost",
    "canceled",
)
_SERVICE_LIKE = (
    "name:str:req quantity:int override-hours:dec actual-hours:dec position:int "
    "service-type payment-frequency task-source payment-method languages:obj "
    "variable-rates:obj calculated-pricing:obj:ro extended-hours:dec:ro total-hours:dec:ro "
    "external-resource-name sku service-description custom-hours?:bool:ro active:bool"
)
_SERVICE_CHOICES = {
    "service-type": ("professional_services", "managed_services"),
    "payment-frequency": ("one_time", "monthly", "quarterly", "annually"),
    "task-source": ("custom", "service", "standard"),
}

# Projects' to-many parts: (relationship/type name, inverse). Each is a type of its own.
PROJECT_PARTS = (
    "project-attachments",
    "project-collaborators",
    "project-contacts",
    "project-conditions",
    "project-credits",
    "project-documents",
    "project-expenses",
    "project-governances",
    "project-locations",
    "project-materials",
    "project-phases",
    "project-products",
    "project-resources",
    "project-versions",
    "project-services",
    "project-approvals",
    "resource-plans",
    "resource-rates",
    "pricing-adjustments",
    "approval-steps",
    "notes",
    "quotes",
    "partner-requests",
    "audit-logs",
    "customer-successes",
)


def _part(
    type_: str,
    attributes: str,
    *,
    low: int,
    high: int,
    rels: tuple[Rel, ...] = (),
    privilege: str = "projects.overview",
    filters: str = "",
    choices: Mapping[str, Iterable[str]] | None = None,
) -> ResourceSpec:
    """A minor read-only part of a project, derived from it (0..``high`` per project)."""
    return ResourceSpec(
        type_,
        privilege,
        _attrs(attributes + " created-at:time:ro updated-at:time:ro", choices),
        (_project(), *rels),
        _filters(filters) + _dates("created-at", "updated-at"),
        derived=Derived("projects", "project", low, high),
    )


_SPECS: tuple[ResourceSpec, ...] = (
    # -- account, people ------------------------------------------------------------------
    ResourceSpec(
        "accounts",
        "settings.account",
        _attrs("name:str:ro slug:str:ro"),
        filter_list=_filters("name:partial slug:exact"),
    ),
    ResourceSpec(
        "users",
        "settings.users",
        _attrs(
            "name email phone title privileges:obj:ro preferred-rate-table:obj:ro "
            "guided-onboarding:bool view-only:bool active:bool user-type:ro "
            "created-at:time:ro updated-at:time:ro"
        ),
        (_acct(), Rel("rate-table", "rate-tables")),
        _filters("name:partial email:iexact active:bool") + _dates("created-at", "updated-at"),
    ),
    ResourceSpec(
        "sales-executives",
        "settings.sales_executives",
        _attrs("name:str:req email title phone active:bool created-at:time:ro updated-at:time:ro"),
        (_acct(), _many("projects", "sales-executive")),
        _filters("name:partial email:iexact active:bool") + _dates("created-at", "updated-at"),
        (Unique("email"),),
        ALL,
        example={"name": "Sam Seller", "email": "sam.seller@acme.example", "title": "AE"},
    ),
    ResourceSpec(
        "presales-engineers",
        "settings.presales_engineers",
        _attrs("name email title phone active:bool created-at:time:ro updated-at:time:ro"),
        (_acct(), _many("projects", "presales-engineer")),
        _filters("name:partial email:iexact active:bool"),
    ),
    ResourceSpec(
        "business-units",
        "settings.business_units",
        _attrs(f"name external-name {ADDRESS} active:bool"),
        (_acct(), _many("projects", "business-unit")),
        _filters("name:partial active:bool"),
    ),
    ResourceSpec(
        "tags",
        "settings.tags",
        _attrs("name:str:req"),
        (_acct(),),
        _filters("name:partial"),
        (Unique("name"),),
        ALL,
        example={"name": "priority"},
    ),
    # -- CRM --------------------------------------------------------------------------------
    ResourceSpec(
        "clients",
        "crm.clients",
        _attrs(
            "name:str:req active:bool domain msa-date:date user-defined-fields:vars "
            "created-at:time:ro updated-at:time:ro"
        ),
        (
            _acct(),
            Rel("rate-table", "rate-tables", writable=True),
            _many("contacts", "client"),
            _many("projects", "client"),
        ),
        _filters("name:partial domain:iexact active:bool") + _dates("created-at", "updated-at"),
        ops=ALL,
        listed=("account", "rate-table", "contacts"),
        variables="client",
        variables_attr="user-defined-fields",
        example={"name": "Northwind Traders", "domain": "northwind.example"},
    ),
    ResourceSpec(
        "contacts",
        "crm.contacts",
        _attrs("name:str:req email phone title"),
        (Rel("client", "clients", writable=True, required=True),),
        _filters("name:partial email:iexact"),
        ops=ALL,
        example={"name": "Casey Contact", "email": "casey@client.example"},
    ),
    ResourceSpec(
        "crm-opportunities",
        "crm.opportunities",
        _attrs(
            "opportunity-id:str:req name:str:req display-name amount:dec stage is-closed:bool "
            "owner-id owner-name account-id account-name location-name "
            f"{LOCATION} custom-attributes:json project-variables:vars "
            "created-at:time:ro updated-at:time:ro"
        ),
        (
            _acct(),
            Rel("projects", "projects", to_many=True, inverse="crm-opportunity", writable=True),
        ),
        _filters(
            "opportunity-id:exact name:partial display-name:partial is-closed:bool stage:exact "
            "account-id:exact"
        )
        + _dates("created-at", "updated-at"),
        ops=ALL,
        variables="crm_opportunity",
        example={
            "opportunity-id": "006TEST000001",
            "name": "Core refresh",
            "account-id": "001TEST",
            "account-name": "Northwind Traders",
            "amount": "10000.00",
            "is-closed": False,
        },
    ),
    # -- catalog --------------------------------------------------------------------------
    ResourceSpec(
        "vendors",
        "settings.vendors",
        _attrs(f"name:str:req active:bool {ADDRESS} project-count:int:ro"),
        (_acct(), _many("quotes", "vendor")),
        _filters("name:partial active:bool"),
        ops=ALL,
        example={"name": "Contoso Supply", "city": "Austin"},
    ),
    ResourceSpec(
        "products",
        "settings.products",
        _attrs(
            "name:str:req description sku product-id manufacturer-name manufacturer-part-number "
            "vendor-name unit-of-measure category subcategory billing-frequency unit-cost:dec "
            "unit-price:dec list-price:dec markup:dec vendor-discount:dec vendor-rebate:dec "
            "custom-hardware-price?:bool:ro custom-hardware-cost?:bool:ro project-variables:vars "
            "variable-rates:obj active:bool"
        ),
        (_acct(),),
        _filters(
            "name:partial category:exact subcategory:exact sku:exact product-id:exact "
            "manufacturer-name:partial manufacturer-part-number:exact vendor-name:partial "
            "active:bool"
        ),
        ops=ALL,
        variables="product",
        example={"name": "Edge switch 48p", "sku": "SKU-TEST-1", "unit-price": "1200.0"},
    ),
    ResourceSpec(
        "services",
        "settings.services",
        _attrs(
            "name:str:req description base-hours:dec service-type tag-list:list active:bool "
            "published:bool",
            {"service-type": _SERVICE_CHOICES["service-type"]},
        ),
        (
            _acct(),
            Rel("phase", "phases", writable=True),
            Rel("resource", "resources", writable=True),
            Rel("service-category", "service-categories", writable=True),
            _many("subservices", "service"),
        ),
        _filters("name:partial active:bool published:bool service-type:exact tag-list:tags"),
        ops=ALL,
        listed=("account",),
        example={"name": "Firewall install", "service-type": "professional_services"},
    ),
    ResourceSpec(
        "subservices",
        "settings.services",
        _attrs("name position:int quantity:int base-hours:dec service-type active:bool"),
        (Rel("service", "services"), Rel("resource", "resources"), Rel("phase", "phases")),
        _filters("name:partial active:bool"),
    ),
    ResourceSpec(
        "phases",
        "settings.phases",
        _attrs("name position:int sow-language active:bool"),
        (_acct(),),
        _filters("name:partial active:bool"),
    ),
    ResourceSpec(
        "line-of-businesses",
        "settings.lines_of_business",
        _attrs("name position:int active:bool"),
        (_acct(),),
        _filters("name:partial active:bool"),
    ),
    ResourceSpec(
        "service-categories",
        "settings.service_categories",
        _attrs("name nested-name position:int active:bool"),
        (_acct(), Rel("line-of-business", "line-of-businesses")),
        _filters("name:partial active:bool"),
    ),
    ResourceSpec(
        "resources",
        "settings.resources",
        _attrs("name external-name description hourly-rate:dec hourly-cost:dec active:bool"),
        (
            _acct(),
            _many("governances", "resource"),
            _many("project-resources", "resource"),
            _many("project-governances", "resource"),
        ),
        _filters("name:partial active:bool"),
    ),
    ResourceSpec(
        "governances",
        "settings.governances",
        _attrs(
            "name description rate:dec calculation-type allocation-method active:bool position:int"
        ),
        (_acct(), Rel("resource", "resources"), Rel("service-category", "service-categories")),
        _filters("name:partial active:bool"),
    ),
    ResourceSpec(
        "language-fields",
        "settings.language_fields",
        _attrs("name label sow-language position:int active:bool"),
        (_acct(),),
        _filters("name:partial active:bool"),
    ),
    ResourceSpec(
        "rate-tables",
        "settings.rate_tables",
        _attrs("name:str:req active:bool default:bool"),
        (_acct(),),
        _filters("name:partial active:bool default:bool"),
        ops=ALL,
        example={"name": "Night shift"},
    ),
    ResourceSpec(
        "payment-terms",
        "settings.payment_terms",
        _attrs(
            "name:str:req active:bool pricing-model slug position:int rounding default:bool "
            "include-expense-in-cost:bool include-expense-in-revenue:bool travel-limit:dec "
            "include-materials:bool"
        ),
        (_acct(),),
        _filters("name:partial active:bool default:bool pricing-model:exact"),
        ops=ALL,
        example={"name": "Net 45", "pricing-model": "fixed_fee"},
    ),
    ResourceSpec(
        "project-variables",
        "settings.project_variables",
        _attrs(
            "name label variable-type minimum:dec maximum:dec required:bool position:int "
            "variable-context select-options:json description active:bool uuid:str:ro",
            {
                "variable-type": ("text", "number", "date", "select"),
                "variable-context": tuple(VARIABLE_CONTEXTS),
            },
        ),
        (_acct(),),
        _filters("name:exact label:partial variable-context:exact variable-type:exact active:bool"),
    ),
    ResourceSpec(
        "document-templates",
        "settings.document_templates",
        _attrs(
            "name:str:req format merge-template-filename merge-template:str:ro "
            "filename-format:list template-format include-formatting:bool teams:list "
            "active:bool",
            {"format": ("word_template", "tag_template"), "template-format": ("v1", "v2")},
        ),
        (_acct(),),
        _filters("name:exact active:bool format:exact"),
        (Unique("name", ignore_case=False),),
        UPSERT,
        example={"name": "SOW (test)", "format": "word_template", "template-format": "v2"},
    ),
    ResourceSpec(
        "questionnaires",
        "settings.questionnaires",
        _attrs(
            "name:str:req active:bool published:bool slug introduction thank-you completion-url "
            "tag-list:list teams:list sections:json questions:json created-at:time:ro"
        ),
        (_acct(), _many("surveys", "questionnaire")),
        _filters("name:partial active:bool published:bool tag-list:tags"),
        ops=UPSERT,
        example={"name": "Network assessment (test)", "published": True},
    ),
    ResourceSpec(
        "surveys",
        "projects.surveys",
        _attrs(
            "name:str:req contact-name contact-email responses:json recommendations:json:ro "
            "status:str:ro emails:list sender sent-at:time:ro calculations:json:ro user-id:int:ro "
            "completed-by created-at:time:ro updated-at:time:ro"
        ),
        (
            _acct(),
            Rel("questionnaire", "questionnaires", writable=True, required=True),
            Rel("project", "projects", writable=True),
        ),
        _filters("name:partial status:exact") + _dates("created-at", "updated-at"),
        ops=UPSERT,
        example={"name": "Survey (test)", "contact-name": "Pat", "responses": []},
    ),
    # -- projects -------------------------------------------------------------------------
    ResourceSpec(
        "projects",
        "projects.overview",
        _attrs(
            "project-name:str:req executive-summary key-objectives our-responsibilities "
            "client-responsibilities solution-summary out-of-scope one-time-adjustment:dec "
            "mrr-adjustment:dec mrr-terms:int cola:dec recurring-billing-frequency "
            "include-ps-revenue-in-mrr:bool service-start-date:date travel-limit:dec status "
            "submitted-at:time:ro approved-at:time:ro msa-date:date created-at:time:ro "
            "updated-at:time:ro active:bool tag-list:list project-variables:vars field-labels:obj "
            "payment-info:obj client-name:str:ro presales-engineer-name:str:ro "
            "sales-executive-name:str:ro contract-revenue:dec:ro contract-cost:dec:ro "
            "contract-margin:dec:ro",
            {"status": STATUSES},
        ),
        (
            _acct(),
            Rel("business-unit", "business-units", writable=True),
            Rel("client", "clients", writable=True, required=True),
            Rel("creator", "users"),
            Rel("user", "users"),
            Rel("document-template", "document-templates", writable=True),
            Rel("external-request", "external-requests", inverse="project"),
            Rel("sales-executive", "sales-executives", writable=True),
            Rel("presales-engineer", "presales-engineers", writable=True),
            Rel("psa-project", "psa-projects", inverse="project"),
            Rel("crm-opportunity", "crm-opportunities", writable=True),
            Rel("payment-term", "payment-terms", writable=True),
            Rel("rate-table", "rate-tables", writable=True),
            *(_many(name, "project") for name in PROJECT_PARTS),
        ),
        (
            *_filters(
                "project-name:partial status:exact active:bool tags:tags:tag-list "
                "client_id:fk:client creator_id:fk:creator presales_engineer_id:fk:presales-engineer "
                "sales_executive_id:fk:sales-executive rate_table_id:fk:rate-table "
                "client_name:partial:client-name presales_engineer_name:partial:presales-engineer-name "
                "sales_executive_name:partial:sales-executive-name"
            ),
            Filter("search", "search", fields=("project-name", "client-name")),
            # A member of a to-many relationship links to the id given.
            Filter("service_id", "has", "project-services", fields=("service",)),
            Filter("collaborator_id", "has", "project-collaborators", fields=("user",)),
            *_dates("created-at", "updated-at", "approved-at", "submitted-at"),
            Filter("created_after", "date", "created-at", "after"),
            Filter("created_before", "date", "created-at", "before"),
            Filter("updated_after", "date", "updated-at", "after"),
            Filter("updated_before", "date", "updated-at", "before"),
        ),
        ops=ALL,
        # What a project lists without include= (the rest appear when included or named in
        # fields[projects]; relationship_links="all" lists all 38). Kept short on purpose: a
        # page of 100 projects stays the size it was (docs/sandbox.md, "Choices").
        listed=("client", "sales-executive", "presales-engineer", "crm-opportunity"),
        variables="project",
        example={"project-name": "Core refresh", "tag-list": ["network"]},
    ),
    ResourceSpec(
        "project-documents",
        "projects.documents",
        _attrs(
            "template-id document-type:str:req force-regeneration:bool generate-pdf:bool "
            "status:str:ro document-url:str:ro error-text:str:ro template-name:str:ro "
            "created-at:time:ro updated-at:time:ro",
            {"document-type": ("sow", "pricing", "breakdown")},
        ),
        (_project(),),
        _filters("status:exact document-type:exact"),
        ops=ALL,
        example={"template-id": "pricing", "document-type": "pricing", "generate-pdf": True},
    ),
    ResourceSpec(
        "project-contacts",
        "projects.contacts",
        _attrs(
            "name:str:req title email phone contact-type project-variables:vars active:bool "
            "created-at:time:ro updated-at:time:ro",
            {"contact-type": ("primary_customer_contact", "customer_contact")},
        ),
        (_project(),),
        _filters("name:partial email:iexact contact-type:exact active:bool"),
        ops=ALL,
        variables="project_contact",
        derived=Derived("projects", "project", 1, 3),
        example={"name": "Jordan Lee", "contact-type": "customer_contact"},
    ),
    ResourceSpec(
        "project-locations",
        "projects.locations",
        _attrs(
            f"name:str:req {LOCATION} remote:bool project-variables:vars active:bool "
            "created-at:time:ro updated-at:time:ro"
        ),
        (_project(), _many("project-services", "project-location")),
        _filters("name:partial city:exact remote:bool active:bool"),
        (Unique("name", "project"),),
        ALL,
        variables="service_location",
        derived=Derived("projects", "project", 1, 2),
        example={"name": "Branch office", "street": "1 Main St", "city": "Austin"},
    ),
    ResourceSpec(
        "project-phases",
        "projects.phases",
        _attrs("name sow-language position:int active:bool"),
        (_project(), Rel("phase", "phases"), _many("project-services", "project-phase")),
        _filters("name:partial active:bool"),
        derived=Derived("projects", "project", 2, 4),
    ),
    ResourceSpec(
        "project-resources",
        "projects.resources",
        _attrs(
            "name external-name extended-name description total-hours:dec:ro hourly-rate:dec "
            "hourly-cost:dec expense-rate:dec code resource:obj:ro active:bool"
        ),
        (
            _project(),
            Rel("resource", "resources"),
            Rel("line-of-business", "line-of-businesses"),
        ),
        _filters("name:partial active:bool"),
        derived=Derived("projects", "project", 1, 3),
    ),
    ResourceSpec(
        "project-services",
        "projects.services",
        _attrs(
            _SERVICE_LIKE + " lob-id:int target-margin:dec resource-rate-id:int notes",
            _SERVICE_CHOICES,
        ),
        (
            _project(),
            Rel("project-phase", "project-phases", writable=True),
            Rel("project-location", "project-locations", writable=True),
            Rel("project-resource", "project-resources", writable=True),
            Rel("resource", "resources", writable=True),
            Rel("service", "services", writable=True),
            Rel("lob", "line-of-businesses", writable=True),
            Rel("service-category", "service-categories", writable=True),
            _many("project-subservices", "project-service"),
        ),
        _filters("name:partial service-type:exact active:bool"),
        ops=ALL,
        listed=("project", "project-phase", "project-resource", "service"),
        derived=Derived("projects", "project", 1, 3),
        example={
            "name": "Firewall install",
            "quantity": 2,
            "service-type": "professional_services",
        },
    ),
    ResourceSpec(
        "project-subservices",
        "projects.services",
        _attrs(_SERVICE_LIKE, _SERVICE_CHOICES),
        (
            Rel("project-service", "project-services", writable=True, required=True),
            Rel("project", "projects", writable=True),
            Rel("project-location", "project-locations", writable=True),
            Rel("lob", "line-of-businesses"),
            Rel("phase", "phases"),
            Rel("project-resource", "project-resources", writable=True),
            Rel("resource", "resources", writable=True),
            Rel("service-category", "service-categories"),
            Rel("subservice", "subservices", writable=True),
        ),
        _filters("name:partial service-type:exact active:bool"),
        ops=ALL,
        listed=("project", "project-service", "project-resource"),
        derived=Derived("project-services", "project-service", 0, 3),
        example={"name": "Rule review", "quantity": 1},
    ),
    ResourceSpec(
        "project-governances",
        "projects.governances",
        _attrs(
            "description rate:dec fixed-hours:dec hours:dec calculation-type allocation-method "
            "assign-effort-to-service:bool filter-type filter-id position:int "
            "project-variables:vars active:bool"
        ),
        (
            _project(),
            Rel("project-phase", "project-phases"),
            Rel("governance", "governances"),
            Rel("project-resource", "project-resources"),
            Rel("resource", "resources"),
            Rel("resource-rate", "resource-rates"),
            Rel("service-category", "service-categories"),
        ),
        _filters("active:bool calculation-type:exact"),
        variables="governance",
        derived=Derived("projects", "project", 0, 2),
    ),
    ResourceSpec(
        "project-approvals",
        "projects.approvals",
        _attrs(
            "status role comment reason completed-at:time:ro approver-name lob-ids:list "
            "created-at:time:ro updated-at:time:ro",
            {"status": ("optional", "approved", "declined", "rescope")},
        ),
        (_project(), Rel("user", "users"), Rel("approval-step", "approval-steps")),
        _filters("status:exact role:exact") + _dates("completed-at", "created-at", "updated-at"),
        derived=Derived("projects", "project", 0, 3),
    ),
    ResourceSpec(
        "project-products",
        "projects.products",
        _attrs(
            "name quantity:int unit-price:dec unit-cost:dec extended-price:dec:ro "
            "billing-frequency sku active:bool"
        ),
        (_project(), Rel("product", "products")),
        _filters("name:partial sku:exact active:bool"),
        derived=Derived("projects", "project", 0, 2),
    ),
    _part("notes", "content", low=0, high=2, rels=(Rel("user", "users"),)),
    _part(
        "quotes",
        "description quantity:int unit-price:dec unit-cost:dec status",
        low=0,
        high=1,
        rels=(Rel("vendor", "vendors"),),
    ),
    _part(
        "audit-logs", "action changed-attributes:json", low=1, high=3, rels=(Rel("user", "users"),)
    ),
    _part("project-versions", "name comment", low=1, high=2),
    _part("project-credits", "name amount:dec", low=0, high=1),
    _part("project-expenses", "description quantity:int rate:dec", low=0, high=2),
    _part("pricing-adjustments", "name amount:dec adjustment-type", low=0, high=1),
    _part("project-attachments", "name filename content-type", low=0, high=1),
    _part("project-collaborators", "role", low=0, high=2, rels=(Rel("user", "users"),)),
    _part("project-conditions", "name description", low=0, high=1),
    _part("project-materials", "name quantity:int unit-price:dec", low=0, high=1),
    _part("approval-steps", "name position:int role", low=1, high=3),
    _part("customer-successes", "name status", low=0, high=1),
    _part("partner-requests", "status partner-name", low=0, high=1),
    _part("resource-plans", "name hours:dec", low=0, high=1),
    _part(
        "resource-rates",
        "name hourly-rate:dec",
        low=1,
        high=2,
        rels=(Rel("resource", "resources"),),
    ),
    _part("psa-projects", "external-id psa-type", low=0, high=1),
    _part("external-requests", "status request-type", low=0, high=1),
)

CATALOGUE: Mapping[str, ResourceSpec] = {s.type: s for s in _SPECS}
