"""GENERATED from catalogue.py by ``python -m scopestack_async.resources._codegen``; do not edit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, ClassVar, TypedDict

import attrs

from ..jsonapi.document import ResourceIdentifier
from .base import Nested, TypedModel
from .query import DateRange

__all__ = [
    "Account",
    "AccountFields",
    "AccountFilter",
    "ApprovalStep",
    "ApprovalStepFields",
    "ApprovalStepFilter",
    "BusinessUnit",
    "BusinessUnitFields",
    "BusinessUnitFilter",
    "CalculatedPricing",
    "Client",
    "ClientFields",
    "ClientFilter",
    "Contact",
    "ContactFields",
    "ContactFilter",
    "CrmOpportunity",
    "CrmOpportunityFields",
    "CrmOpportunityFilter",
    "CustomAttribute",
    "DocumentTemplate",
    "DocumentTemplateFields",
    "DocumentTemplateFilter",
    "ExternalRequest",
    "ExternalRequestFields",
    "ExternalRequestFilter",
    "Governance",
    "GovernanceFields",
    "GovernanceFilter",
    "HardwareRates",
    "LineOfBusiness",
    "LineOfBusinessFields",
    "LineOfBusinessFilter",
    "Note",
    "NoteFields",
    "NoteFilter",
    "PaymentInfo",
    "PaymentTerm",
    "PaymentTermFields",
    "PaymentTermFilter",
    "Phase",
    "PhaseFields",
    "PhaseFilter",
    "PresalesEngineer",
    "PresalesEngineerFields",
    "PresalesEngineerFilter",
    "Privilege",
    "Product",
    "ProductFields",
    "ProductFilter",
    "Project",
    "ProjectApproval",
    "ProjectApprovalFields",
    "ProjectApprovalFilter",
    "ProjectContact",
    "ProjectContactFields",
    "ProjectContactFilter",
    "ProjectDocument",
    "ProjectDocumentFields",
    "ProjectDocumentFilter",
    "ProjectFields",
    "ProjectFilter",
    "ProjectGovernance",
    "ProjectGovernanceFields",
    "ProjectGovernanceFilter",
    "ProjectLocation",
    "ProjectLocationFields",
    "ProjectLocationFilter",
    "ProjectPhase",
    "ProjectPhaseFields",
    "ProjectPhaseFilter",
    "ProjectProduct",
    "ProjectProductFields",
    "ProjectProductFilter",
    "ProjectResource",
    "ProjectResourceFields",
    "ProjectResourceFilter",
    "ProjectService",
    "ProjectServiceFields",
    "ProjectServiceFilter",
    "ProjectSubservice",
    "ProjectSubserviceFields",
    "ProjectSubserviceFilter",
    "PsaProject",
    "PsaProjectFields",
    "PsaProjectFilter",
    "Questionnaire",
    "QuestionnaireFields",
    "QuestionnaireFilter",
    "Quote",
    "QuoteFields",
    "QuoteFilter",
    "RateTable",
    "RateTableFields",
    "RateTableFilter",
    "RateTier",
    "ResourceType",
    "ResourceTypeFields",
    "ResourceTypeFilter",
    "SalesExecutive",
    "SalesExecutiveFields",
    "SalesExecutiveFilter",
    "SelectOption",
    "Service",
    "ServiceCategory",
    "ServiceCategoryFields",
    "ServiceCategoryFilter",
    "ServiceFields",
    "ServiceFilter",
    "StandardResource",
    "Subservice",
    "SubserviceFields",
    "SubserviceFilter",
    "Survey",
    "SurveyFields",
    "SurveyFilter",
    "SurveyResponse",
    "Tag",
    "TagFields",
    "TagFilter",
    "User",
    "UserFields",
    "UserFilter",
    "VariableDefinition",
    "VariableDefinitionFields",
    "VariableDefinitionFilter",
    "VariableRates",
    "VariableValue",
    "Vendor",
    "VendorFields",
    "VendorFilter",
]


@attrs.frozen(kw_only=True)
class SelectOption(Nested):
    """A nested ``SelectOption`` object."""

    NAME: ClassVar[str] = "SelectOption"

    key: str | None = None
    value: str | None = None
    default: bool | None = None


@attrs.frozen(kw_only=True)
class VariableValue(Nested):
    """A nested ``VariableValue`` object."""

    NAME: ClassVar[str] = "VariableValue"

    name: str | None = None
    label: str | None = None
    variable_type: str | None = None
    minimum: Any = None
    maximum: Any = None
    required: bool | None = None
    select_options: tuple[SelectOption, ...] | None = None
    position: int | None = None
    context: str | None = None
    uuid: str | None = None
    value: Any = None


@attrs.frozen(kw_only=True)
class PaymentInfo(Nested):
    """A nested ``PaymentInfo`` object."""

    NAME: ClassVar[str] = "PaymentInfo"

    pricing_model: str | None = None
    include_expenses: bool | None = None
    include_product: bool | None = None
    rate_type: str | None = None


@attrs.frozen(kw_only=True)
class CalculatedPricing(Nested):
    """A nested ``CalculatedPricing`` object."""

    NAME: ClassVar[str] = "CalculatedPricing"

    service_cost: Decimal | None = None
    service_revenue: Decimal | None = None
    extended_hours: Decimal | None = None
    material_cost: Decimal | None = None
    material_revenue: Decimal | None = None


@attrs.frozen(kw_only=True)
class RateTier(Nested):
    """A nested ``RateTier`` object."""

    NAME: ClassVar[str] = "RateTier"

    base_amount: Decimal | None = None
    unit_amount: Decimal | None = None
    minimum_quantity: Decimal | None = None


@attrs.frozen(kw_only=True)
class VariableRates(Nested):
    """A nested ``VariableRates`` object."""

    NAME: ClassVar[str] = "VariableRates"

    hours: tuple[RateTier, ...] | None = None


@attrs.frozen(kw_only=True)
class HardwareRates(Nested):
    """A nested ``HardwareRates`` object."""

    NAME: ClassVar[str] = "HardwareRates"

    hardware_cost: tuple[RateTier, ...] | None = None
    hardware_price: tuple[RateTier, ...] | None = None


@attrs.frozen(kw_only=True)
class CustomAttribute(Nested):
    """A nested ``CustomAttribute`` object."""

    NAME: ClassVar[str] = "CustomAttribute"

    key: str | None = None
    val: Any = None


@attrs.frozen(kw_only=True)
class StandardResource(Nested):
    """A nested ``StandardResource`` object."""

    NAME: ClassVar[str] = "StandardResource"

    resource_type: str | None = None
    resource_id: int | None = None
    name: str | None = None
    hourly_rate: Decimal | None = None
    hourly_cost: Decimal | None = None
    account_id: int | None = None
    status: int | None = None
    deleted_at: str | None = None
    external_name: str | None = None
    description: str | None = None
    default: bool | None = None


@attrs.frozen(kw_only=True)
class Privilege(Nested):
    """A nested ``Privilege`` object."""

    NAME: ClassVar[str] = "Privilege"

    privilege: str | None = None
    access_level: str | None = None


@attrs.frozen(kw_only=True)
class SurveyResponse(Nested):
    """A nested ``SurveyResponse`` object."""

    NAME: ClassVar[str] = "SurveyResponse"

    question: str | None = None
    answer: Any = None
    value_type: str | None = None
    position: int | None = None
    required: bool | None = None
    question_id: int | None = None


MODELS: dict[str, type[TypedModel]] = {}


@attrs.frozen(kw_only=True)
class Account(TypedModel):
    """``accounts``."""

    TYPE: ClassVar[str] = "accounts"

    name: str | None = None
    slug: str | None = None


class AccountFields(TypedDict, total=False):
    """What a create or update of ``accounts`` may send."""

    name: str | None
    slug: str | None


class AccountFilter(TypedDict, total=False):
    """The known filters of ``accounts``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True)
class Client(TypedModel):
    """``clients``."""

    TYPE: ClassVar[str] = "clients"

    name: str | None = None
    active: bool | None = None
    domain: str | None = None
    msa_date: dt.date | None = None
    user_defined_fields: tuple[VariableValue, ...] | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)

    @property
    def rate_table(self) -> RateTable | ResourceIdentifier | None:
        """``rate-table``."""
        return self._one("rate-table", RateTable)

    @property
    def contacts(self) -> tuple[Contact | ResourceIdentifier, ...] | None:
        """``contacts``."""
        return self._many("contacts", Contact)

    @property
    def projects(self) -> tuple[Project | ResourceIdentifier, ...] | None:
        """``projects``."""
        return self._many("projects", Project)


class ClientFields(TypedDict, total=False):
    """What a create or update of ``clients`` may send."""

    name: str | None
    active: bool | None
    domain: str | None
    msa_date: dt.date | None
    user_defined_fields: Sequence[VariableValue | Mapping[str, Any]] | None
    account: Account | ResourceIdentifier | str | int | None
    rate_table: RateTable | ResourceIdentifier | str | int | None


class ClientFilter(TypedDict, total=False):
    """The known filters of ``clients``."""

    id: str | int | Sequence[str | int]
    name: str | int
    domain: str | int
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class Contact(TypedModel):
    """``contacts``."""

    TYPE: ClassVar[str] = "contacts"

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    title: str | None = None

    @property
    def client(self) -> Client | ResourceIdentifier | None:
        """``client``."""
        return self._one("client", Client)


class ContactFields(TypedDict, total=False):
    """What a create or update of ``contacts`` may send."""

    name: str | None
    email: str | None
    phone: str | None
    title: str | None
    client: Client | ResourceIdentifier | str | int | None


class ContactFilter(TypedDict, total=False):
    """The known filters of ``contacts``."""

    id: str | int | Sequence[str | int]
    name: str | int
    email: str | int
    client: (
        str | int | Client | ResourceIdentifier | Sequence[str | int | Client | ResourceIdentifier]
    )


@attrs.frozen(kw_only=True)
class Project(TypedModel):
    """``projects``."""

    TYPE: ClassVar[str] = "projects"

    project_name: str | None = None
    executive_summary: str | None = None
    key_objectives: str | None = None
    our_responsibilities: str | None = None
    client_responsibilities: str | None = None
    solution_summary: str | None = None
    out_of_scope: str | None = None
    one_time_adjustment: Decimal | None = None
    mrr_adjustment: Decimal | None = None
    mrr_terms: int | None = None
    cola: Decimal | None = None
    recurring_billing_frequency: str | None = None
    include_ps_revenue_in_mrr: bool | None = None
    service_start_date: dt.date | None = None
    msa_date: dt.date | None = None
    travel_limit: Decimal | None = None
    status: str | None = None
    submitted_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    active: bool | None = None
    tag_list: tuple[str, ...] | None = None
    project_variables: tuple[VariableValue, ...] | None = None
    field_labels: Any = None
    payment_info: PaymentInfo | None = None
    client_name: str | None = None
    presales_engineer_name: str | None = None
    sales_executive_name: str | None = None
    contract_revenue: Decimal | None = None
    contract_cost: Decimal | None = None
    contract_margin: Decimal | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)

    @property
    def business_unit(self) -> BusinessUnit | ResourceIdentifier | None:
        """``business-unit``."""
        return self._one("business-unit", BusinessUnit)

    @property
    def client(self) -> Client | ResourceIdentifier | None:
        """``client``."""
        return self._one("client", Client)

    @property
    def creator(self) -> User | ResourceIdentifier | None:
        """``creator``."""
        return self._one("creator", User)

    @property
    def sales_executive(self) -> SalesExecutive | ResourceIdentifier | None:
        """``sales-executive``."""
        return self._one("sales-executive", SalesExecutive)

    @property
    def presales_engineer(self) -> PresalesEngineer | ResourceIdentifier | None:
        """``presales-engineer``."""
        return self._one("presales-engineer", PresalesEngineer)

    @property
    def document_template(self) -> DocumentTemplate | ResourceIdentifier | None:
        """``document-template``."""
        return self._one("document-template", DocumentTemplate)

    @property
    def external_request(self) -> ExternalRequest | ResourceIdentifier | None:
        """``external-request``."""
        return self._one("external-request", ExternalRequest)

    @property
    def psa_project(self) -> PsaProject | ResourceIdentifier | None:
        """``psa-project``."""
        return self._one("psa-project", PsaProject)

    @property
    def crm_opportunity(self) -> CrmOpportunity | ResourceIdentifier | None:
        """``crm-opportunity``."""
        return self._one("crm-opportunity", CrmOpportunity)

    @property
    def payment_term(self) -> PaymentTerm | ResourceIdentifier | None:
        """``payment-term``."""
        return self._one("payment-term", PaymentTerm)

    @property
    def rate_table(self) -> RateTable | ResourceIdentifier | None:
        """``rate-table``."""
        return self._one("rate-table", RateTable)

    @property
    def project_services(self) -> tuple[ProjectService | ResourceIdentifier, ...] | None:
        """``project-services``."""
        return self._many("project-services", ProjectService)

    @property
    def project_documents(self) -> tuple[ProjectDocument | ResourceIdentifier, ...] | None:
        """``project-documents``."""
        return self._many("project-documents", ProjectDocument)

    @property
    def project_contacts(self) -> tuple[ProjectContact | ResourceIdentifier, ...] | None:
        """``project-contacts``."""
        return self._many("project-contacts", ProjectContact)

    @property
    def project_locations(self) -> tuple[ProjectLocation | ResourceIdentifier, ...] | None:
        """``project-locations``."""
        return self._many("project-locations", ProjectLocation)

    @property
    def project_phases(self) -> tuple[ProjectPhase | ResourceIdentifier, ...] | None:
        """``project-phases``."""
        return self._many("project-phases", ProjectPhase)

    @property
    def project_resources(self) -> tuple[ProjectResource | ResourceIdentifier, ...] | None:
        """``project-resources``."""
        return self._many("project-resources", ProjectResource)

    @property
    def project_governances(self) -> tuple[ProjectGovernance | ResourceIdentifier, ...] | None:
        """``project-governances``."""
        return self._many("project-governances", ProjectGovernance)

    @property
    def project_products(self) -> tuple[ProjectProduct | ResourceIdentifier, ...] | None:
        """``project-products``."""
        return self._many("project-products", ProjectProduct)

    @property
    def project_approvals(self) -> tuple[ProjectApproval | ResourceIdentifier, ...] | None:
        """``project-approvals``."""
        return self._many("project-approvals", ProjectApproval)

    @property
    def notes(self) -> tuple[Note | ResourceIdentifier, ...] | None:
        """``notes``."""
        return self._many("notes", Note)

    @property
    def quotes(self) -> tuple[Quote | ResourceIdentifier, ...] | None:
        """``quotes``."""
        return self._many("quotes", Quote)


class ProjectFields(TypedDict, total=False):
    """What a create or update of ``projects`` may send."""

    project_name: str | None
    executive_summary: str | None
    key_objectives: str | None
    our_responsibilities: str | None
    client_responsibilities: str | None
    solution_summary: str | None
    out_of_scope: str | None
    one_time_adjustment: Decimal | int | str | None
    mrr_adjustment: Decimal | int | str | None
    mrr_terms: int | None
    cola: Decimal | int | str | None
    recurring_billing_frequency: str | None
    include_ps_revenue_in_mrr: bool | None
    service_start_date: dt.date | None
    msa_date: dt.date | None
    travel_limit: Decimal | int | str | None
    status: str | None
    active: bool | None
    tag_list: Sequence[str] | None
    project_variables: Sequence[VariableValue | Mapping[str, Any]] | None
    field_labels: Any | None
    payment_info: PaymentInfo | Mapping[str, Any] | None
    account: Account | ResourceIdentifier | str | int | None
    business_unit: BusinessUnit | ResourceIdentifier | str | int | None
    client: Client | ResourceIdentifier | str | int | None
    creator: User | ResourceIdentifier | str | int | None
    sales_executive: SalesExecutive | ResourceIdentifier | str | int | None
    presales_engineer: PresalesEngineer | ResourceIdentifier | str | int | None
    document_template: DocumentTemplate | ResourceIdentifier | str | int | None
    external_request: ExternalRequest | ResourceIdentifier | str | int | None
    psa_project: PsaProject | ResourceIdentifier | str | int | None
    crm_opportunity: CrmOpportunity | ResourceIdentifier | str | int | None
    payment_term: PaymentTerm | ResourceIdentifier | str | int | None
    rate_table: RateTable | ResourceIdentifier | str | int | None


class ProjectFilter(TypedDict, total=False):
    """The known filters of ``projects``."""

    id: str | int | Sequence[str | int]
    project_name: str | int
    status: str | Sequence[str]
    active: bool | Sequence[bool]
    search: str | int
    client: (
        str | int | Client | ResourceIdentifier | Sequence[str | int | Client | ResourceIdentifier]
    )
    tags: str | Sequence[str]
    updated_at: DateRange
    created_at: DateRange
    approved_at: DateRange


@attrs.frozen(kw_only=True)
class ProjectService(TypedModel):
    """``project-services``."""

    TYPE: ClassVar[str] = "project-services"

    name: str | None = None
    quantity: int | None = None
    override_hours: Decimal | None = None
    actual_hours: Decimal | None = None
    extended_hours: Decimal | None = None
    total_hours: Decimal | None = None
    position: int | None = None
    service_type: str | None = None
    lob_id: int | None = None
    payment_frequency: str | None = None
    task_source: str | None = None
    payment_method: str | None = None
    custom_hours: bool | None = None
    languages: Any = None
    variable_rates: VariableRates | None = None
    calculated_pricing: CalculatedPricing | None = None
    external_resource_name: str | None = None
    sku: str | None = None
    service_description: str | None = None
    target_margin: Decimal | None = None
    resource_rate_id: int | None = None
    active: bool | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)

    @property
    def service(self) -> Service | ResourceIdentifier | None:
        """``service``."""
        return self._one("service", Service)

    @property
    def project_phase(self) -> ProjectPhase | ResourceIdentifier | None:
        """``project-phase``."""
        return self._one("project-phase", ProjectPhase)

    @property
    def project_location(self) -> ProjectLocation | ResourceIdentifier | None:
        """``project-location``."""
        return self._one("project-location", ProjectLocation)

    @property
    def project_resource(self) -> ProjectResource | ResourceIdentifier | None:
        """``project-resource``."""
        return self._one("project-resource", ProjectResource)

    @property
    def resource(self) -> ResourceType | ResourceIdentifier | None:
        """``resource``."""
        return self._one("resource", ResourceType)

    @property
    def lob(self) -> LineOfBusiness | ResourceIdentifier | None:
        """``lob``."""
        return self._one("lob", LineOfBusiness)

    @property
    def service_category(self) -> ServiceCategory | ResourceIdentifier | None:
        """``service-category``."""
        return self._one("service-category", ServiceCategory)

    @property
    def project_subservices(self) -> tuple[ProjectSubservice | ResourceIdentifier, ...] | None:
        """``project-subservices``."""
        return self._many("project-subservices", ProjectSubservice)


class ProjectServiceFields(TypedDict, total=False):
    """What a create or update of ``project-services`` may send."""

    name: str | None
    quantity: int | None
    override_hours: Decimal | int | str | None
    actual_hours: Decimal | int | str | None
    position: int | None
    service_type: str | None
    lob_id: int | None
    payment_frequency: str | None
    task_source: str | None
    payment_method: str | None
    custom_hours: bool | None
    languages: Any | None
    variable_rates: VariableRates | Mapping[str, Any] | None
    external_resource_name: str | None
    sku: str | None
    service_description: str | None
    target_margin: Decimal | int | str | None
    resource_rate_id: int | None
    active: bool | None
    project: Project | ResourceIdentifier | str | int | None
    service: Service | ResourceIdentifier | str | int | None
    project_phase: ProjectPhase | ResourceIdentifier | str | int | None
    project_location: ProjectLocation | ResourceIdentifier | str | int | None
    project_resource: ProjectResource | ResourceIdentifier | str | int | None
    resource: ResourceType | ResourceIdentifier | str | int | None
    lob: LineOfBusiness | ResourceIdentifier | str | int | None
    service_category: ServiceCategory | ResourceIdentifier | str | int | None


class ProjectServiceFilter(TypedDict, total=False):
    """The known filters of ``project-services``."""

    id: str | int | Sequence[str | int]
    name: str | int
    project: (
        str
        | int
        | Project
        | ResourceIdentifier
        | Sequence[str | int | Project | ResourceIdentifier]
    )
    service_type: str | Sequence[str]
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class ProjectSubservice(TypedModel):
    """``project-subservices``."""

    TYPE: ClassVar[str] = "project-subservices"

    name: str | None = None
    quantity: int | None = None
    override_hours: Decimal | None = None
    actual_hours: Decimal | None = None
    extended_hours: Decimal | None = None
    total_hours: Decimal | None = None
    position: int | None = None
    service_type: str | None = None
    payment_frequency: str | None = None
    task_source: str | None = None
    payment_method: str | None = None
    custom_hours: bool | None = None
    languages: Any = None
    variable_rates: VariableRates | None = None
    calculated_pricing: CalculatedPricing | None = None
    service_description: str | None = None
    active: bool | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)

    @property
    def project_service(self) -> ProjectService | ResourceIdentifier | None:
        """``project-service``."""
        return self._one("project-service", ProjectService)

    @property
    def project_location(self) -> ProjectLocation | ResourceIdentifier | None:
        """``project-location``."""
        return self._one("project-location", ProjectLocation)

    @property
    def project_resource(self) -> ProjectResource | ResourceIdentifier | None:
        """``project-resource``."""
        return self._one("project-resource", ProjectResource)

    @property
    def resource(self) -> ResourceType | ResourceIdentifier | None:
        """``resource``."""
        return self._one("resource", ResourceType)

    @property
    def lob(self) -> LineOfBusiness | ResourceIdentifier | None:
        """``lob``."""
        return self._one("lob", LineOfBusiness)

    @property
    def phase(self) -> Phase | ResourceIdentifier | None:
        """``phase``."""
        return self._one("phase", Phase)

    @property
    def subservice(self) -> Subservice | ResourceIdentifier | None:
        """``subservice``."""
        return self._one("subservice", Subservice)


class ProjectSubserviceFields(TypedDict, total=False):
    """What a create or update of ``project-subservices`` may send."""

    name: str | None
    quantity: int | None
    override_hours: Decimal | int | str | None
    actual_hours: Decimal | int | str | None
    position: int | None
    service_type: str | None
    payment_frequency: str | None
    task_source: str | None
    payment_method: str | None
    custom_hours: bool | None
    languages: Any | None
    variable_rates: VariableRates | Mapping[str, Any] | None
    service_description: str | None
    active: bool | None
    account: Account | ResourceIdentifier | str | int | None
    project: Project | ResourceIdentifier | str | int | None
    project_service: ProjectService | ResourceIdentifier | str | int | None
    project_location: ProjectLocation | ResourceIdentifier | str | int | None
    project_resource: ProjectResource | ResourceIdentifier | str | int | None
    resource: ResourceType | ResourceIdentifier | str | int | None
    lob: LineOfBusiness | ResourceIdentifier | str | int | None
    phase: Phase | ResourceIdentifier | str | int | None
    subservice: Subservice | ResourceIdentifier | str | int | None


class ProjectSubserviceFilter(TypedDict, total=False):
    """The known filters of ``project-subservices``."""

    id: str | int | Sequence[str | int]
    project: (
        str
        | int
        | Project
        | ResourceIdentifier
        | Sequence[str | int | Project | ResourceIdentifier]
    )
    project_service: (
        str
        | int
        | ProjectService
        | ResourceIdentifier
        | Sequence[str | int | ProjectService | ResourceIdentifier]
    )
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class Service(TypedModel):
    """``services``."""

    TYPE: ClassVar[str] = "services"

    name: str | None = None
    description: str | None = None
    base_hours: Decimal | None = None
    service_type: str | None = None
    tag_list: tuple[str, ...] | None = None
    active: bool | None = None
    published: bool | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)

    @property
    def phase(self) -> Phase | ResourceIdentifier | None:
        """``phase``."""
        return self._one("phase", Phase)

    @property
    def resource(self) -> ResourceType | ResourceIdentifier | None:
        """``resource``."""
        return self._one("resource", ResourceType)

    @property
    def service_category(self) -> ServiceCategory | ResourceIdentifier | None:
        """``service-category``."""
        return self._one("service-category", ServiceCategory)

    @property
    def subservices(self) -> tuple[Subservice | ResourceIdentifier, ...] | None:
        """``subservices``."""
        return self._many("subservices", Subservice)


class ServiceFields(TypedDict, total=False):
    """What a create or update of ``services`` may send."""

    name: str | None
    description: str | None
    base_hours: Decimal | int | str | None
    service_type: str | None
    tag_list: Sequence[str] | None
    active: bool | None
    published: bool | None
    account: Account | ResourceIdentifier | str | int | None
    phase: Phase | ResourceIdentifier | str | int | None
    resource: ResourceType | ResourceIdentifier | str | int | None
    service_category: ServiceCategory | ResourceIdentifier | str | int | None


class ServiceFilter(TypedDict, total=False):
    """The known filters of ``services``."""

    id: str | int | Sequence[str | int]
    name: str | int
    active: bool | Sequence[bool]
    published: bool | Sequence[bool]
    service_type: str | Sequence[str]


@attrs.frozen(kw_only=True)
class Subservice(TypedModel):
    """``subservices``."""

    TYPE: ClassVar[str] = "subservices"

    name: str | None = None
    position: int | None = None
    active: bool | None = None

    @property
    def service(self) -> Service | ResourceIdentifier | None:
        """``service``."""
        return self._one("service", Service)

    @property
    def resource(self) -> ResourceType | ResourceIdentifier | None:
        """``resource``."""
        return self._one("resource", ResourceType)


class SubserviceFields(TypedDict, total=False):
    """What a create or update of ``subservices`` may send."""

    name: str | None
    position: int | None
    active: bool | None
    service: Service | ResourceIdentifier | str | int | None
    resource: ResourceType | ResourceIdentifier | str | int | None


class SubserviceFilter(TypedDict, total=False):
    """The known filters of ``subservices``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True)
class Phase(TypedModel):
    """``phases``."""

    TYPE: ClassVar[str] = "phases"

    name: str | None = None
    position: int | None = None
    active: bool | None = None


class PhaseFields(TypedDict, total=False):
    """What a create or update of ``phases`` may send."""

    name: str | None
    position: int | None
    active: bool | None


class PhaseFilter(TypedDict, total=False):
    """The known filters of ``phases``."""

    id: str | int | Sequence[str | int]
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class LineOfBusiness(TypedModel):
    """``line-of-businesses``."""

    TYPE: ClassVar[str] = "line-of-businesses"

    name: str | None = None
    active: bool | None = None


class LineOfBusinessFields(TypedDict, total=False):
    """What a create or update of ``line-of-businesses`` may send."""

    name: str | None
    active: bool | None


class LineOfBusinessFilter(TypedDict, total=False):
    """The known filters of ``line-of-businesses``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True)
class ServiceCategory(TypedModel):
    """``service-categories``."""

    TYPE: ClassVar[str] = "service-categories"

    name: str | None = None
    nested_name: str | None = None
    position: int | None = None
    active: bool | None = None


class ServiceCategoryFields(TypedDict, total=False):
    """What a create or update of ``service-categories`` may send."""

    name: str | None
    nested_name: str | None
    position: int | None
    active: bool | None


class ServiceCategoryFilter(TypedDict, total=False):
    """The known filters of ``service-categories``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True)
class ProjectPhase(TypedModel):
    """``project-phases``."""

    TYPE: ClassVar[str] = "project-phases"

    name: str | None = None
    sow_language: str | None = None
    position: int | None = None
    active: bool | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)

    @property
    def phase(self) -> Phase | ResourceIdentifier | None:
        """``phase``."""
        return self._one("phase", Phase)


class ProjectPhaseFields(TypedDict, total=False):
    """What a create or update of ``project-phases`` may send."""

    name: str | None
    sow_language: str | None
    position: int | None
    active: bool | None
    project: Project | ResourceIdentifier | str | int | None
    phase: Phase | ResourceIdentifier | str | int | None


class ProjectPhaseFilter(TypedDict, total=False):
    """The known filters of ``project-phases``."""

    id: str | int | Sequence[str | int]
    project: (
        str
        | int
        | Project
        | ResourceIdentifier
        | Sequence[str | int | Project | ResourceIdentifier]
    )
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class ResourceType(TypedModel):
    """``resources``."""

    TYPE: ClassVar[str] = "resources"

    name: str | None = None
    external_name: str | None = None
    description: str | None = None
    hourly_rate: Decimal | None = None
    hourly_cost: Decimal | None = None
    active: bool | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)


class ResourceTypeFields(TypedDict, total=False):
    """What a create or update of ``resources`` may send."""

    name: str | None
    external_name: str | None
    description: str | None
    hourly_rate: Decimal | int | str | None
    hourly_cost: Decimal | int | str | None
    active: bool | None
    account: Account | ResourceIdentifier | str | int | None


class ResourceTypeFilter(TypedDict, total=False):
    """The known filters of ``resources``."""

    id: str | int | Sequence[str | int]
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class ProjectResource(TypedModel):
    """``project-resources``."""

    TYPE: ClassVar[str] = "project-resources"

    name: str | None = None
    external_name: str | None = None
    extended_name: str | None = None
    description: str | None = None
    total_hours: Decimal | None = None
    hourly_rate: Decimal | None = None
    hourly_cost: Decimal | None = None
    expense_rate: Decimal | None = None
    code: str | None = None
    resource: StandardResource | None = None
    active: bool | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)

    @property
    def resource_rel(self) -> ResourceType | ResourceIdentifier | None:
        """``resource``."""
        return self._one("resource", ResourceType)

    @property
    def line_of_business(self) -> LineOfBusiness | ResourceIdentifier | None:
        """``line-of-business``."""
        return self._one("line-of-business", LineOfBusiness)


class ProjectResourceFields(TypedDict, total=False):
    """What a create or update of ``project-resources`` may send."""

    name: str | None
    external_name: str | None
    extended_name: str | None
    description: str | None
    hourly_rate: Decimal | int | str | None
    hourly_cost: Decimal | int | str | None
    expense_rate: Decimal | int | str | None
    code: str | None
    resource: StandardResource | Mapping[str, Any] | None
    active: bool | None
    project: Project | ResourceIdentifier | str | int | None
    resource_rel: ResourceType | ResourceIdentifier | str | int | None
    line_of_business: LineOfBusiness | ResourceIdentifier | str | int | None


class ProjectResourceFilter(TypedDict, total=False):
    """The known filters of ``project-resources``."""

    id: str | int | Sequence[str | int]
    project: (
        str
        | int
        | Project
        | ResourceIdentifier
        | Sequence[str | int | Project | ResourceIdentifier]
    )
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class ProjectGovernance(TypedModel):
    """``project-governances``."""

    TYPE: ClassVar[str] = "project-governances"

    description: str | None = None
    rate: Decimal | None = None
    fixed_hours: Decimal | None = None
    hours: Decimal | None = None
    calculation_type: str | None = None
    allocation_method: str | None = None
    assign_effort_to_service: str | None = None
    filter_type: str | None = None
    filter_id: str | None = None
    position: int | None = None
    active: bool | None = None
    project_variables: tuple[VariableValue, ...] | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)

    @property
    def project_phase(self) -> ProjectPhase | ResourceIdentifier | None:
        """``project-phase``."""
        return self._one("project-phase", ProjectPhase)

    @property
    def governance(self) -> Governance | ResourceIdentifier | None:
        """``governance``."""
        return self._one("governance", Governance)

    @property
    def project_resource(self) -> ProjectResource | ResourceIdentifier | None:
        """``project-resource``."""
        return self._one("project-resource", ProjectResource)

    @property
    def resource(self) -> ResourceType | ResourceIdentifier | None:
        """``resource``."""
        return self._one("resource", ResourceType)

    @property
    def service_category(self) -> ServiceCategory | ResourceIdentifier | None:
        """``service-category``."""
        return self._one("service-category", ServiceCategory)


class ProjectGovernanceFields(TypedDict, total=False):
    """What a create or update of ``project-governances`` may send."""

    description: str | None
    rate: Decimal | int | str | None
    fixed_hours: Decimal | int | str | None
    hours: Decimal | int | str | None
    calculation_type: str | None
    allocation_method: str | None
    assign_effort_to_service: str | None
    filter_type: str | None
    filter_id: str | None
    position: int | None
    active: bool | None
    project_variables: Sequence[VariableValue | Mapping[str, Any]] | None
    project: Project | ResourceIdentifier | str | int | None
    project_phase: ProjectPhase | ResourceIdentifier | str | int | None
    governance: Governance | ResourceIdentifier | str | int | None
    project_resource: ProjectResource | ResourceIdentifier | str | int | None
    resource: ResourceType | ResourceIdentifier | str | int | None
    service_category: ServiceCategory | ResourceIdentifier | str | int | None


class ProjectGovernanceFilter(TypedDict, total=False):
    """The known filters of ``project-governances``."""

    id: str | int | Sequence[str | int]
    project: (
        str
        | int
        | Project
        | ResourceIdentifier
        | Sequence[str | int | Project | ResourceIdentifier]
    )
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class Governance(TypedModel):
    """``governances``."""

    TYPE: ClassVar[str] = "governances"

    name: str | None = None
    description: str | None = None
    rate: Decimal | None = None
    active: bool | None = None


class GovernanceFields(TypedDict, total=False):
    """What a create or update of ``governances`` may send."""

    name: str | None
    description: str | None
    rate: Decimal | int | str | None
    active: bool | None


class GovernanceFilter(TypedDict, total=False):
    """The known filters of ``governances``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True)
class RateTable(TypedModel):
    """``rate-tables``."""

    TYPE: ClassVar[str] = "rate-tables"

    name: str | None = None
    default: bool | None = None
    active: bool | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)


class RateTableFields(TypedDict, total=False):
    """What a create or update of ``rate-tables`` may send."""

    name: str | None
    default: bool | None
    active: bool | None
    account: Account | ResourceIdentifier | str | int | None


class RateTableFilter(TypedDict, total=False):
    """The known filters of ``rate-tables``."""

    id: str | int | Sequence[str | int]
    name: str | int
    active: bool | Sequence[bool]
    default: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class PaymentTerm(TypedModel):
    """``payment-terms``."""

    TYPE: ClassVar[str] = "payment-terms"

    name: str | None = None
    active: bool | None = None
    pricing_model: str | None = None
    slug: str | None = None
    position: int | None = None
    rounding: str | None = None
    default: bool | None = None
    include_expense_in_cost: bool | None = None
    include_expense_in_revenue: bool | None = None
    travel_limit: Decimal | None = None
    include_materials: bool | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)


class PaymentTermFields(TypedDict, total=False):
    """What a create or update of ``payment-terms`` may send."""

    name: str | None
    active: bool | None
    pricing_model: str | None
    slug: str | None
    position: int | None
    rounding: str | None
    default: bool | None
    include_expense_in_cost: bool | None
    include_expense_in_revenue: bool | None
    travel_limit: Decimal | int | str | None
    include_materials: bool | None
    account: Account | ResourceIdentifier | str | int | None


class PaymentTermFilter(TypedDict, total=False):
    """The known filters of ``payment-terms``."""

    id: str | int | Sequence[str | int]
    name: str | int
    active: bool | Sequence[bool]
    default: bool | Sequence[bool]
    pricing_model: str | Sequence[str]


@attrs.frozen(kw_only=True)
class DocumentTemplate(TypedModel):
    """``document-templates``."""

    TYPE: ClassVar[str] = "document-templates"

    name: str | None = None
    active: bool | None = None
    format: str | None = None
    merge_template_filename: str | None = None
    merge_template: str | None = None
    filename_format: tuple[str, ...] | None = None
    template_format: str | None = None
    include_formatting: bool | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)


class DocumentTemplateFields(TypedDict, total=False):
    """What a create or update of ``document-templates`` may send."""

    name: str | None
    active: bool | None
    format: str | None
    merge_template_filename: str | None
    merge_template: str | None
    filename_format: Sequence[str] | None
    template_format: str | None
    include_formatting: bool | None
    account: Account | ResourceIdentifier | str | int | None


class DocumentTemplateFilter(TypedDict, total=False):
    """The known filters of ``document-templates``."""

    id: str | int | Sequence[str | int]
    name: str | int
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class ProjectDocument(TypedModel):
    """``project-documents``."""

    TYPE: ClassVar[str] = "project-documents"

    template_id: str | None = None
    document_type: str | None = None
    force_regeneration: bool | None = None
    generate_pdf: bool | None = None
    status: str | None = None
    document_url: str | None = None
    error_text: str | None = None
    template_name: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)


class ProjectDocumentFields(TypedDict, total=False):
    """What a create or update of ``project-documents`` may send."""

    template_id: str | None
    document_type: str | None
    force_regeneration: bool | None
    generate_pdf: bool | None
    project: Project | ResourceIdentifier | str | int | None


class ProjectDocumentFilter(TypedDict, total=False):
    """The known filters of ``project-documents``."""

    id: str | int | Sequence[str | int]
    project: (
        str
        | int
        | Project
        | ResourceIdentifier
        | Sequence[str | int | Project | ResourceIdentifier]
    )
    status: str | Sequence[str]
    document_type: str | Sequence[str]


@attrs.frozen(kw_only=True)
class Questionnaire(TypedModel):
    """``questionnaires``."""

    TYPE: ClassVar[str] = "questionnaires"

    name: str | None = None
    active: bool | None = None
    published: bool | None = None
    slug: str | None = None
    introduction: str | None = None
    thank_you: str | None = None
    completion_url: str | None = None
    questions: Any = None
    sections: Any = None
    tag_list: tuple[str, ...] | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class QuestionnaireFields(TypedDict, total=False):
    """What a create or update of ``questionnaires`` may send."""

    name: str | None
    active: bool | None
    published: bool | None
    slug: str | None
    introduction: str | None
    thank_you: str | None
    completion_url: str | None
    questions: Any | None
    sections: Any | None
    tag_list: Sequence[str] | None


class QuestionnaireFilter(TypedDict, total=False):
    """The known filters of ``questionnaires``."""

    id: str | int | Sequence[str | int]
    active: bool | Sequence[bool]
    published: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class Survey(TypedModel):
    """``surveys``."""

    TYPE: ClassVar[str] = "surveys"

    name: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    responses: tuple[SurveyResponse, ...] | None = None
    recommendations: Any = None
    status: str | None = None
    emails: Any = None
    sender: str | None = None
    sent_at: dt.datetime | None = None
    calculations: Any = None
    user_id: int | None = None
    completed_by: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)

    @property
    def questionnaire(self) -> Questionnaire | ResourceIdentifier | None:
        """``questionnaire``."""
        return self._one("questionnaire", Questionnaire)

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)


class SurveyFields(TypedDict, total=False):
    """What a create or update of ``surveys`` may send."""

    name: str | None
    contact_name: str | None
    contact_email: str | None
    responses: Sequence[SurveyResponse | Mapping[str, Any]] | None
    emails: Any | None
    sender: str | None
    sent_at: dt.datetime | None
    user_id: int | None
    completed_by: str | None
    account: Account | ResourceIdentifier | str | int | None
    questionnaire: Questionnaire | ResourceIdentifier | str | int | None
    project: Project | ResourceIdentifier | str | int | None


class SurveyFilter(TypedDict, total=False):
    """The known filters of ``surveys``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True)
class VariableDefinition(TypedModel):
    """``project-variables``."""

    TYPE: ClassVar[str] = "project-variables"

    name: str | None = None
    label: str | None = None
    variable_type: str | None = None
    variable_context: str | None = None
    minimum: Any = None
    maximum: Any = None
    required: bool | None = None
    position: int | None = None
    select_options: tuple[SelectOption, ...] | None = None
    description: str | None = None
    active: bool | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)


class VariableDefinitionFields(TypedDict, total=False):
    """What a create or update of ``project-variables`` may send."""

    name: str | None
    label: str | None
    variable_type: str | None
    variable_context: str | None
    minimum: Any | None
    maximum: Any | None
    required: bool | None
    position: int | None
    select_options: Sequence[SelectOption | Mapping[str, Any]] | None
    description: str | None
    active: bool | None
    account: Account | ResourceIdentifier | str | int | None


class VariableDefinitionFilter(TypedDict, total=False):
    """The known filters of ``project-variables``."""

    id: str | int | Sequence[str | int]
    name: str | int
    active: bool | Sequence[bool]
    variable_context: str | Sequence[str]


@attrs.frozen(kw_only=True)
class ProjectContact(TypedModel):
    """``project-contacts``."""

    TYPE: ClassVar[str] = "project-contacts"

    name: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    contact_type: str | None = None
    active: bool | None = None
    project_variables: tuple[VariableValue, ...] | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)


class ProjectContactFields(TypedDict, total=False):
    """What a create or update of ``project-contacts`` may send."""

    name: str | None
    title: str | None
    email: str | None
    phone: str | None
    contact_type: str | None
    active: bool | None
    project_variables: Sequence[VariableValue | Mapping[str, Any]] | None
    project: Project | ResourceIdentifier | str | int | None


class ProjectContactFilter(TypedDict, total=False):
    """The known filters of ``project-contacts``."""

    id: str | int | Sequence[str | int]
    project: (
        str
        | int
        | Project
        | ResourceIdentifier
        | Sequence[str | int | Project | ResourceIdentifier]
    )


@attrs.frozen(kw_only=True)
class ProjectLocation(TypedModel):
    """``project-locations``."""

    TYPE: ClassVar[str] = "project-locations"

    name: str | None = None
    street: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    remote: bool | None = None
    project_variables: tuple[VariableValue, ...] | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)


class ProjectLocationFields(TypedDict, total=False):
    """What a create or update of ``project-locations`` may send."""

    name: str | None
    street: str | None
    street2: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None
    remote: bool | None
    project_variables: Sequence[VariableValue | Mapping[str, Any]] | None
    project: Project | ResourceIdentifier | str | int | None


class ProjectLocationFilter(TypedDict, total=False):
    """The known filters of ``project-locations``."""

    id: str | int | Sequence[str | int]
    project: (
        str
        | int
        | Project
        | ResourceIdentifier
        | Sequence[str | int | Project | ResourceIdentifier]
    )


@attrs.frozen(kw_only=True)
class SalesExecutive(TypedModel):
    """``sales-executives``."""

    TYPE: ClassVar[str] = "sales-executives"

    name: str | None = None
    email: str | None = None
    title: str | None = None
    phone: str | None = None
    active: bool | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)


class SalesExecutiveFields(TypedDict, total=False):
    """What a create or update of ``sales-executives`` may send."""

    name: str | None
    email: str | None
    title: str | None
    phone: str | None
    active: bool | None
    account: Account | ResourceIdentifier | str | int | None


class SalesExecutiveFilter(TypedDict, total=False):
    """The known filters of ``sales-executives``."""

    id: str | int | Sequence[str | int]
    name: str | int
    email: str | int
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class PresalesEngineer(TypedModel):
    """``presales-engineers``."""

    TYPE: ClassVar[str] = "presales-engineers"

    name: str | None = None
    email: str | None = None
    title: str | None = None
    phone: str | None = None
    active: bool | None = None


class PresalesEngineerFields(TypedDict, total=False):
    """What a create or update of ``presales-engineers`` may send."""

    name: str | None
    email: str | None
    title: str | None
    phone: str | None
    active: bool | None


class PresalesEngineerFilter(TypedDict, total=False):
    """The known filters of ``presales-engineers``."""

    id: str | int | Sequence[str | int]
    name: str | int
    email: str | int
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class User(TypedModel):
    """``users``."""

    TYPE: ClassVar[str] = "users"

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    title: str | None = None
    privileges: Any = None
    preferred_rate_table: Any = None
    guided_onboarding: bool | None = None
    view_only: bool | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)

    @property
    def rate_table(self) -> RateTable | ResourceIdentifier | None:
        """``rate-table``."""
        return self._one("rate-table", RateTable)


class UserFields(TypedDict, total=False):
    """What a create or update of ``users`` may send."""

    name: str | None
    email: str | None
    phone: str | None
    title: str | None
    privileges: Any | None
    preferred_rate_table: Any | None
    guided_onboarding: bool | None
    view_only: bool | None
    account: Account | ResourceIdentifier | str | int | None
    rate_table: RateTable | ResourceIdentifier | str | int | None


class UserFilter(TypedDict, total=False):
    """The known filters of ``users``."""

    id: str | int | Sequence[str | int]
    email: str | int


@attrs.frozen(kw_only=True)
class Vendor(TypedModel):
    """``vendors``."""

    TYPE: ClassVar[str] = "vendors"

    name: str | None = None
    active: bool | None = None
    street_address: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    project_count: int | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)


class VendorFields(TypedDict, total=False):
    """What a create or update of ``vendors`` may send."""

    name: str | None
    active: bool | None
    street_address: str | None
    street2: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None
    account: Account | ResourceIdentifier | str | int | None


class VendorFilter(TypedDict, total=False):
    """The known filters of ``vendors``."""

    id: str | int | Sequence[str | int]
    name: str | int
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class Product(TypedModel):
    """``products``."""

    TYPE: ClassVar[str] = "products"

    name: str | None = None
    active: bool | None = None
    description: str | None = None
    sku: str | None = None
    product_id: str | None = None
    manufacturer_part_number: str | None = None
    unit_of_measure: str | None = None
    category: str | None = None
    subcategory: str | None = None
    billing_frequency: str | None = None
    unit_cost: Decimal | None = None
    unit_price: Decimal | None = None
    list_price: Decimal | None = None
    markup: Decimal | None = None
    vendor_discount: Decimal | None = None
    vendor_rebate: Decimal | None = None
    custom_hardware_price: bool | None = None
    custom_hardware_cost: bool | None = None
    project_variables: tuple[VariableValue, ...] | None = None
    variable_rates: HardwareRates | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)

    @property
    def services(self) -> tuple[Service | ResourceIdentifier, ...] | None:
        """``services``."""
        return self._many("services", Service)


class ProductFields(TypedDict, total=False):
    """What a create or update of ``products`` may send."""

    name: str | None
    active: bool | None
    description: str | None
    sku: str | None
    product_id: str | None
    manufacturer_part_number: str | None
    unit_of_measure: str | None
    category: str | None
    subcategory: str | None
    billing_frequency: str | None
    unit_cost: Decimal | int | str | None
    unit_price: Decimal | int | str | None
    list_price: Decimal | int | str | None
    markup: Decimal | int | str | None
    vendor_discount: Decimal | int | str | None
    vendor_rebate: Decimal | int | str | None
    custom_hardware_price: bool | None
    custom_hardware_cost: bool | None
    project_variables: Sequence[VariableValue | Mapping[str, Any]] | None
    variable_rates: HardwareRates | Mapping[str, Any] | None
    account: Account | ResourceIdentifier | str | int | None


class ProductFilter(TypedDict, total=False):
    """The known filters of ``products``."""

    id: str | int | Sequence[str | int]
    name: str | int
    category: str | int
    subcategory: str | int
    sku: str | int
    product_id: str | int
    manufacturer_name: str | int
    manufacturer_part_number: str | int
    vendor_name: str | int
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True)
class CrmOpportunity(TypedModel):
    """``crm-opportunities``."""

    TYPE: ClassVar[str] = "crm-opportunities"

    opportunity_id: str | None = None
    name: str | None = None
    display_name: str | None = None
    amount: Decimal | None = None
    stage: str | None = None
    is_closed: bool | None = None
    owner_id: str | None = None
    owner_name: str | None = None
    account_id: str | None = None
    account_name: str | None = None
    location_name: str | None = None
    street: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None
    custom_attributes: Any = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)

    @property
    def projects(self) -> tuple[Project | ResourceIdentifier, ...] | None:
        """``projects``."""
        return self._many("projects", Project)


class CrmOpportunityFields(TypedDict, total=False):
    """What a create or update of ``crm-opportunities`` may send."""

    opportunity_id: str | None
    name: str | None
    display_name: str | None
    amount: Decimal | int | str | None
    stage: str | None
    is_closed: bool | None
    owner_id: str | None
    owner_name: str | None
    account_id: str | None
    account_name: str | None
    location_name: str | None
    street: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None
    custom_attributes: Any | None
    account: Account | ResourceIdentifier | str | int | None


class CrmOpportunityFilter(TypedDict, total=False):
    """The known filters of ``crm-opportunities``."""

    id: str | int | Sequence[str | int]
    opportunity_id: str | int
    is_closed: bool | Sequence[bool]
    display_name: str | int


@attrs.frozen(kw_only=True)
class ProjectApproval(TypedModel):
    """``project-approvals``."""

    TYPE: ClassVar[str] = "project-approvals"

    status: str | None = None
    role: str | None = None
    comment: str | None = None
    reason: str | None = None
    completed_at: dt.datetime | None = None
    approver_name: str | None = None
    lob_ids: Any = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)

    @property
    def user(self) -> User | ResourceIdentifier | None:
        """``user``."""
        return self._one("user", User)

    @property
    def approval_step(self) -> ApprovalStep | ResourceIdentifier | None:
        """``approval-step``."""
        return self._one("approval-step", ApprovalStep)


class ProjectApprovalFields(TypedDict, total=False):
    """What a create or update of ``project-approvals`` may send."""

    status: str | None
    role: str | None
    comment: str | None
    reason: str | None
    completed_at: dt.datetime | None
    approver_name: str | None
    lob_ids: Any | None
    project: Project | ResourceIdentifier | str | int | None
    user: User | ResourceIdentifier | str | int | None
    approval_step: ApprovalStep | ResourceIdentifier | str | int | None


class ProjectApprovalFilter(TypedDict, total=False):
    """The known filters of ``project-approvals``."""

    id: str | int | Sequence[str | int]
    project: (
        str
        | int
        | Project
        | ResourceIdentifier
        | Sequence[str | int | Project | ResourceIdentifier]
    )
    status: str | Sequence[str]


@attrs.frozen(kw_only=True)
class BusinessUnit(TypedModel):
    """``business-units``."""

    TYPE: ClassVar[str] = "business-units"

    name: str | None = None
    external_name: str | None = None
    street_address: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)


class BusinessUnitFields(TypedDict, total=False):
    """What a create or update of ``business-units`` may send."""

    name: str | None
    external_name: str | None
    street_address: str | None
    street2: str | None
    city: str | None
    state: str | None
    postal_code: str | None
    country: str | None
    account: Account | ResourceIdentifier | str | int | None


class BusinessUnitFilter(TypedDict, total=False):
    """The known filters of ``business-units``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True)
class Tag(TypedModel):
    """``tags``."""

    TYPE: ClassVar[str] = "tags"

    name: str | None = None

    @property
    def account(self) -> Account | ResourceIdentifier | None:
        """``account``."""
        return self._one("account", Account)


class TagFields(TypedDict, total=False):
    """What a create or update of ``tags`` may send."""

    name: str | None
    account: Account | ResourceIdentifier | str | int | None


class TagFilter(TypedDict, total=False):
    """The known filters of ``tags``."""

    id: str | int | Sequence[str | int]
    name: str | int


@attrs.frozen(kw_only=True)
class ProjectProduct(TypedModel):
    """``project-products``."""

    TYPE: ClassVar[str] = "project-products"

    name: str | None = None
    quantity: int | None = None
    unit_price: Decimal | None = None
    unit_cost: Decimal | None = None
    active: bool | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)

    @property
    def product(self) -> Product | ResourceIdentifier | None:
        """``product``."""
        return self._one("product", Product)


class ProjectProductFields(TypedDict, total=False):
    """What a create or update of ``project-products`` may send."""

    name: str | None
    quantity: int | None
    unit_price: Decimal | int | str | None
    unit_cost: Decimal | int | str | None
    active: bool | None
    project: Project | ResourceIdentifier | str | int | None
    product: Product | ResourceIdentifier | str | int | None


class ProjectProductFilter(TypedDict, total=False):
    """The known filters of ``project-products``."""

    id: str | int | Sequence[str | int]
    project: (
        str
        | int
        | Project
        | ResourceIdentifier
        | Sequence[str | int | Project | ResourceIdentifier]
    )


@attrs.frozen(kw_only=True)
class Note(TypedModel):
    """``notes``."""

    TYPE: ClassVar[str] = "notes"

    content: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)

    @property
    def user(self) -> User | ResourceIdentifier | None:
        """``user``."""
        return self._one("user", User)


class NoteFields(TypedDict, total=False):
    """What a create or update of ``notes`` may send."""

    content: str | None
    project: Project | ResourceIdentifier | str | int | None
    user: User | ResourceIdentifier | str | int | None


class NoteFilter(TypedDict, total=False):
    """The known filters of ``notes``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True)
class Quote(TypedModel):
    """``quotes``."""

    TYPE: ClassVar[str] = "quotes"

    name: str | None = None
    status: str | None = None
    amount: Decimal | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)

    @property
    def vendor(self) -> Vendor | ResourceIdentifier | None:
        """``vendor``."""
        return self._one("vendor", Vendor)


class QuoteFields(TypedDict, total=False):
    """What a create or update of ``quotes`` may send."""

    name: str | None
    status: str | None
    amount: Decimal | int | str | None
    project: Project | ResourceIdentifier | str | int | None
    vendor: Vendor | ResourceIdentifier | str | int | None


class QuoteFilter(TypedDict, total=False):
    """The known filters of ``quotes``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True)
class ApprovalStep(TypedModel):
    """``approval-steps``."""

    TYPE: ClassVar[str] = "approval-steps"

    name: str | None = None
    position: int | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)


class ApprovalStepFields(TypedDict, total=False):
    """What a create or update of ``approval-steps`` may send."""

    name: str | None
    position: int | None
    project: Project | ResourceIdentifier | str | int | None


class ApprovalStepFilter(TypedDict, total=False):
    """The known filters of ``approval-steps``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True)
class ExternalRequest(TypedModel):
    """``external-requests``."""

    TYPE: ClassVar[str] = "external-requests"

    status: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)


class ExternalRequestFields(TypedDict, total=False):
    """What a create or update of ``external-requests`` may send."""

    status: str | None
    project: Project | ResourceIdentifier | str | int | None


class ExternalRequestFilter(TypedDict, total=False):
    """The known filters of ``external-requests``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True)
class PsaProject(TypedModel):
    """``psa-projects``."""

    TYPE: ClassVar[str] = "psa-projects"

    name: str | None = None
    status: str | None = None

    @property
    def project(self) -> Project | ResourceIdentifier | None:
        """``project``."""
        return self._one("project", Project)


class PsaProjectFields(TypedDict, total=False):
    """What a create or update of ``psa-projects`` may send."""

    name: str | None
    status: str | None
    project: Project | ResourceIdentifier | str | int | None


class PsaProjectFilter(TypedDict, total=False):
    """The known filters of ``psa-projects``."""

    id: str | int | Sequence[str | int]


MODELS.update(
    {
        m.TYPE: m
        for m in (
            Account,
            Client,
            Contact,
            Project,
            ProjectService,
            ProjectSubservice,
            Service,
            Subservice,
            Phase,
            LineOfBusiness,
            ServiceCategory,
            ProjectPhase,
            ResourceType,
            ProjectResource,
            ProjectGovernance,
            Governance,
            RateTable,
            PaymentTerm,
            DocumentTemplate,
            ProjectDocument,
            Questionnaire,
            Survey,
            VariableDefinition,
            ProjectContact,
            ProjectLocation,
            SalesExecutive,
            PresalesEngineer,
            User,
            Vendor,
            Product,
            CrmOpportunity,
            ProjectApproval,
            BusinessUnit,
            Tag,
            ProjectProduct,
            Note,
            Quote,
            ApprovalStep,
            ExternalRequest,
            PsaProject,
        )
    }
)
