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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Account(TypedModel):
    """``accounts``."""

    TYPE: ClassVar[str] = "accounts"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def slug(self) -> str | None:
        """``slug``."""
        value: str | None = self._get("slug")
        return value

    def replace(self, changes: AccountFields) -> Account:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)


class AccountFields(TypedDict, total=False):
    """What a create or update of ``accounts`` may send."""

    name: str | None
    slug: str | None


class AccountFilter(TypedDict, total=False):
    """The known filters of ``accounts``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Client(TypedModel):
    """``clients``."""

    TYPE: ClassVar[str] = "clients"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    @property
    def domain(self) -> str | None:
        """``domain``."""
        value: str | None = self._get("domain")
        return value

    @property
    def msa_date(self) -> dt.date | None:
        """``msa-date``."""
        value: dt.date | None = self._get("msa_date")
        return value

    @property
    def user_defined_fields(self) -> tuple[VariableValue, ...] | None:
        """``user-defined-fields``."""
        value: tuple[VariableValue, ...] | None = self._get("user_defined_fields")
        return value

    def replace(self, changes: ClientFields) -> Client:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Contact(TypedModel):
    """``contacts``."""

    TYPE: ClassVar[str] = "contacts"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def email(self) -> str | None:
        """``email``."""
        value: str | None = self._get("email")
        return value

    @property
    def phone(self) -> str | None:
        """``phone``."""
        value: str | None = self._get("phone")
        return value

    @property
    def title(self) -> str | None:
        """``title``."""
        value: str | None = self._get("title")
        return value

    def replace(self, changes: ContactFields) -> Contact:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Project(TypedModel):
    """``projects``."""

    TYPE: ClassVar[str] = "projects"

    @property
    def project_name(self) -> str | None:
        """``project-name``."""
        value: str | None = self._get("project_name")
        return value

    @property
    def executive_summary(self) -> str | None:
        """``executive-summary``."""
        value: str | None = self._get("executive_summary")
        return value

    @property
    def key_objectives(self) -> str | None:
        """``key-objectives``."""
        value: str | None = self._get("key_objectives")
        return value

    @property
    def our_responsibilities(self) -> str | None:
        """``our-responsibilities``."""
        value: str | None = self._get("our_responsibilities")
        return value

    @property
    def client_responsibilities(self) -> str | None:
        """``client-responsibilities``."""
        value: str | None = self._get("client_responsibilities")
        return value

    @property
    def solution_summary(self) -> str | None:
        """``solution-summary``."""
        value: str | None = self._get("solution_summary")
        return value

    @property
    def out_of_scope(self) -> str | None:
        """``out-of-scope``."""
        value: str | None = self._get("out_of_scope")
        return value

    @property
    def one_time_adjustment(self) -> Decimal | None:
        """``one-time-adjustment``."""
        value: Decimal | None = self._get("one_time_adjustment")
        return value

    @property
    def mrr_adjustment(self) -> Decimal | None:
        """``mrr-adjustment``."""
        value: Decimal | None = self._get("mrr_adjustment")
        return value

    @property
    def mrr_terms(self) -> int | None:
        """``mrr-terms``."""
        value: int | None = self._get("mrr_terms")
        return value

    @property
    def cola(self) -> Decimal | None:
        """``cola``."""
        value: Decimal | None = self._get("cola")
        return value

    @property
    def recurring_billing_frequency(self) -> str | None:
        """``recurring-billing-frequency``."""
        value: str | None = self._get("recurring_billing_frequency")
        return value

    @property
    def include_ps_revenue_in_mrr(self) -> bool | None:
        """``include-ps-revenue-in-mrr``."""
        value: bool | None = self._get("include_ps_revenue_in_mrr")
        return value

    @property
    def service_start_date(self) -> dt.date | None:
        """``service-start-date``."""
        value: dt.date | None = self._get("service_start_date")
        return value

    @property
    def msa_date(self) -> dt.date | None:
        """``msa-date``."""
        value: dt.date | None = self._get("msa_date")
        return value

    @property
    def travel_limit(self) -> Decimal | None:
        """``travel-limit``."""
        value: Decimal | None = self._get("travel_limit")
        return value

    @property
    def status(self) -> str | None:
        """``status``."""
        value: str | None = self._get("status")
        return value

    @property
    def submitted_at(self) -> dt.datetime | None:
        """``submitted-at``."""
        value: dt.datetime | None = self._get("submitted_at")
        return value

    @property
    def approved_at(self) -> dt.datetime | None:
        """``approved-at``."""
        value: dt.datetime | None = self._get("approved_at")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    @property
    def tag_list(self) -> tuple[str, ...] | None:
        """``tag-list``."""
        value: tuple[str, ...] | None = self._get("tag_list")
        return value

    @property
    def project_variables(self) -> tuple[VariableValue, ...] | None:
        """``project-variables``."""
        value: tuple[VariableValue, ...] | None = self._get("project_variables")
        return value

    @property
    def field_labels(self) -> Any:
        """``field-labels``."""
        value: Any = self._get("field_labels")
        return value

    @property
    def payment_info(self) -> PaymentInfo | None:
        """``payment-info``."""
        value: PaymentInfo | None = self._get("payment_info")
        return value

    @property
    def client_name(self) -> str | None:
        """``client-name``."""
        value: str | None = self._get("client_name")
        return value

    @property
    def presales_engineer_name(self) -> str | None:
        """``presales-engineer-name``."""
        value: str | None = self._get("presales_engineer_name")
        return value

    @property
    def sales_executive_name(self) -> str | None:
        """``sales-executive-name``."""
        value: str | None = self._get("sales_executive_name")
        return value

    @property
    def contract_revenue(self) -> Decimal | None:
        """``contract-revenue``."""
        value: Decimal | None = self._get("contract_revenue")
        return value

    @property
    def contract_cost(self) -> Decimal | None:
        """``contract-cost``."""
        value: Decimal | None = self._get("contract_cost")
        return value

    @property
    def contract_margin(self) -> Decimal | None:
        """``contract-margin``."""
        value: Decimal | None = self._get("contract_margin")
        return value

    @property
    def created_at(self) -> dt.datetime | None:
        """``created-at``."""
        value: dt.datetime | None = self._get("created_at")
        return value

    @property
    def updated_at(self) -> dt.datetime | None:
        """``updated-at``."""
        value: dt.datetime | None = self._get("updated_at")
        return value

    def replace(self, changes: ProjectFields) -> Project:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ProjectService(TypedModel):
    """``project-services``."""

    TYPE: ClassVar[str] = "project-services"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def quantity(self) -> int | None:
        """``quantity``."""
        value: int | None = self._get("quantity")
        return value

    @property
    def override_hours(self) -> Decimal | None:
        """``override-hours``."""
        value: Decimal | None = self._get("override_hours")
        return value

    @property
    def actual_hours(self) -> Decimal | None:
        """``actual-hours``."""
        value: Decimal | None = self._get("actual_hours")
        return value

    @property
    def extended_hours(self) -> Decimal | None:
        """``extended-hours``."""
        value: Decimal | None = self._get("extended_hours")
        return value

    @property
    def total_hours(self) -> Decimal | None:
        """``total-hours``."""
        value: Decimal | None = self._get("total_hours")
        return value

    @property
    def position(self) -> int | None:
        """``position``."""
        value: int | None = self._get("position")
        return value

    @property
    def service_type(self) -> str | None:
        """``service-type``."""
        value: str | None = self._get("service_type")
        return value

    @property
    def lob_id(self) -> int | None:
        """``lob-id``."""
        value: int | None = self._get("lob_id")
        return value

    @property
    def payment_frequency(self) -> str | None:
        """``payment-frequency``."""
        value: str | None = self._get("payment_frequency")
        return value

    @property
    def task_source(self) -> str | None:
        """``task-source``."""
        value: str | None = self._get("task_source")
        return value

    @property
    def payment_method(self) -> str | None:
        """``payment-method``."""
        value: str | None = self._get("payment_method")
        return value

    @property
    def custom_hours(self) -> bool | None:
        """``custom-hours?``."""
        value: bool | None = self._get("custom_hours")
        return value

    @property
    def languages(self) -> Any:
        """``languages``."""
        value: Any = self._get("languages")
        return value

    @property
    def variable_rates(self) -> VariableRates | None:
        """``variable-rates``."""
        value: VariableRates | None = self._get("variable_rates")
        return value

    @property
    def calculated_pricing(self) -> CalculatedPricing | None:
        """``calculated-pricing``."""
        value: CalculatedPricing | None = self._get("calculated_pricing")
        return value

    @property
    def external_resource_name(self) -> str | None:
        """``external-resource-name``."""
        value: str | None = self._get("external_resource_name")
        return value

    @property
    def sku(self) -> str | None:
        """``sku``."""
        value: str | None = self._get("sku")
        return value

    @property
    def service_description(self) -> str | None:
        """``service-description``."""
        value: str | None = self._get("service_description")
        return value

    @property
    def target_margin(self) -> Decimal | None:
        """``target-margin``."""
        value: Decimal | None = self._get("target_margin")
        return value

    @property
    def resource_rate_id(self) -> int | None:
        """``resource-rate-id``."""
        value: int | None = self._get("resource_rate_id")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: ProjectServiceFields) -> ProjectService:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ProjectSubservice(TypedModel):
    """``project-subservices``."""

    TYPE: ClassVar[str] = "project-subservices"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def quantity(self) -> int | None:
        """``quantity``."""
        value: int | None = self._get("quantity")
        return value

    @property
    def override_hours(self) -> Decimal | None:
        """``override-hours``."""
        value: Decimal | None = self._get("override_hours")
        return value

    @property
    def actual_hours(self) -> Decimal | None:
        """``actual-hours``."""
        value: Decimal | None = self._get("actual_hours")
        return value

    @property
    def extended_hours(self) -> Decimal | None:
        """``extended-hours``."""
        value: Decimal | None = self._get("extended_hours")
        return value

    @property
    def total_hours(self) -> Decimal | None:
        """``total-hours``."""
        value: Decimal | None = self._get("total_hours")
        return value

    @property
    def position(self) -> int | None:
        """``position``."""
        value: int | None = self._get("position")
        return value

    @property
    def service_type(self) -> str | None:
        """``service-type``."""
        value: str | None = self._get("service_type")
        return value

    @property
    def payment_frequency(self) -> str | None:
        """``payment-frequency``."""
        value: str | None = self._get("payment_frequency")
        return value

    @property
    def task_source(self) -> str | None:
        """``task-source``."""
        value: str | None = self._get("task_source")
        return value

    @property
    def payment_method(self) -> str | None:
        """``payment-method``."""
        value: str | None = self._get("payment_method")
        return value

    @property
    def custom_hours(self) -> bool | None:
        """``custom-hours?``."""
        value: bool | None = self._get("custom_hours")
        return value

    @property
    def languages(self) -> Any:
        """``languages``."""
        value: Any = self._get("languages")
        return value

    @property
    def variable_rates(self) -> VariableRates | None:
        """``variable-rates``."""
        value: VariableRates | None = self._get("variable_rates")
        return value

    @property
    def calculated_pricing(self) -> CalculatedPricing | None:
        """``calculated-pricing``."""
        value: CalculatedPricing | None = self._get("calculated_pricing")
        return value

    @property
    def service_description(self) -> str | None:
        """``service-description``."""
        value: str | None = self._get("service_description")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: ProjectSubserviceFields) -> ProjectSubservice:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Service(TypedModel):
    """``services``."""

    TYPE: ClassVar[str] = "services"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def description(self) -> str | None:
        """``description``."""
        value: str | None = self._get("description")
        return value

    @property
    def base_hours(self) -> Decimal | None:
        """``base-hours``."""
        value: Decimal | None = self._get("base_hours")
        return value

    @property
    def service_type(self) -> str | None:
        """``service-type``."""
        value: str | None = self._get("service_type")
        return value

    @property
    def tag_list(self) -> tuple[str, ...] | None:
        """``tag-list``."""
        value: tuple[str, ...] | None = self._get("tag_list")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    @property
    def published(self) -> bool | None:
        """``published``."""
        value: bool | None = self._get("published")
        return value

    def replace(self, changes: ServiceFields) -> Service:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Subservice(TypedModel):
    """``subservices``."""

    TYPE: ClassVar[str] = "subservices"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def position(self) -> int | None:
        """``position``."""
        value: int | None = self._get("position")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: SubserviceFields) -> Subservice:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Phase(TypedModel):
    """``phases``."""

    TYPE: ClassVar[str] = "phases"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def position(self) -> int | None:
        """``position``."""
        value: int | None = self._get("position")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: PhaseFields) -> Phase:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)


class PhaseFields(TypedDict, total=False):
    """What a create or update of ``phases`` may send."""

    name: str | None
    position: int | None
    active: bool | None


class PhaseFilter(TypedDict, total=False):
    """The known filters of ``phases``."""

    id: str | int | Sequence[str | int]
    active: bool | Sequence[bool]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class LineOfBusiness(TypedModel):
    """``line-of-businesses``."""

    TYPE: ClassVar[str] = "line-of-businesses"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: LineOfBusinessFields) -> LineOfBusiness:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)


class LineOfBusinessFields(TypedDict, total=False):
    """What a create or update of ``line-of-businesses`` may send."""

    name: str | None
    active: bool | None


class LineOfBusinessFilter(TypedDict, total=False):
    """The known filters of ``line-of-businesses``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ServiceCategory(TypedModel):
    """``service-categories``."""

    TYPE: ClassVar[str] = "service-categories"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def nested_name(self) -> str | None:
        """``nested-name``."""
        value: str | None = self._get("nested_name")
        return value

    @property
    def position(self) -> int | None:
        """``position``."""
        value: int | None = self._get("position")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: ServiceCategoryFields) -> ServiceCategory:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)


class ServiceCategoryFields(TypedDict, total=False):
    """What a create or update of ``service-categories`` may send."""

    name: str | None
    nested_name: str | None
    position: int | None
    active: bool | None


class ServiceCategoryFilter(TypedDict, total=False):
    """The known filters of ``service-categories``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ProjectPhase(TypedModel):
    """``project-phases``."""

    TYPE: ClassVar[str] = "project-phases"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def sow_language(self) -> str | None:
        """``sow-language``."""
        value: str | None = self._get("sow_language")
        return value

    @property
    def position(self) -> int | None:
        """``position``."""
        value: int | None = self._get("position")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: ProjectPhaseFields) -> ProjectPhase:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ResourceType(TypedModel):
    """``resources``."""

    TYPE: ClassVar[str] = "resources"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def external_name(self) -> str | None:
        """``external-name``."""
        value: str | None = self._get("external_name")
        return value

    @property
    def description(self) -> str | None:
        """``description``."""
        value: str | None = self._get("description")
        return value

    @property
    def hourly_rate(self) -> Decimal | None:
        """``hourly-rate``."""
        value: Decimal | None = self._get("hourly_rate")
        return value

    @property
    def hourly_cost(self) -> Decimal | None:
        """``hourly-cost``."""
        value: Decimal | None = self._get("hourly_cost")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: ResourceTypeFields) -> ResourceType:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ProjectResource(TypedModel):
    """``project-resources``."""

    TYPE: ClassVar[str] = "project-resources"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def external_name(self) -> str | None:
        """``external-name``."""
        value: str | None = self._get("external_name")
        return value

    @property
    def extended_name(self) -> str | None:
        """``extended-name``."""
        value: str | None = self._get("extended_name")
        return value

    @property
    def description(self) -> str | None:
        """``description``."""
        value: str | None = self._get("description")
        return value

    @property
    def total_hours(self) -> Decimal | None:
        """``total-hours``."""
        value: Decimal | None = self._get("total_hours")
        return value

    @property
    def hourly_rate(self) -> Decimal | None:
        """``hourly-rate``."""
        value: Decimal | None = self._get("hourly_rate")
        return value

    @property
    def hourly_cost(self) -> Decimal | None:
        """``hourly-cost``."""
        value: Decimal | None = self._get("hourly_cost")
        return value

    @property
    def expense_rate(self) -> Decimal | None:
        """``expense-rate``."""
        value: Decimal | None = self._get("expense_rate")
        return value

    @property
    def code(self) -> str | None:
        """``code``."""
        value: str | None = self._get("code")
        return value

    @property
    def resource(self) -> StandardResource | None:
        """``resource``."""
        value: StandardResource | None = self._get("resource")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: ProjectResourceFields) -> ProjectResource:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ProjectGovernance(TypedModel):
    """``project-governances``."""

    TYPE: ClassVar[str] = "project-governances"

    @property
    def description(self) -> str | None:
        """``description``."""
        value: str | None = self._get("description")
        return value

    @property
    def rate(self) -> Decimal | None:
        """``rate``."""
        value: Decimal | None = self._get("rate")
        return value

    @property
    def fixed_hours(self) -> Decimal | None:
        """``fixed-hours``."""
        value: Decimal | None = self._get("fixed_hours")
        return value

    @property
    def hours(self) -> Decimal | None:
        """``hours``."""
        value: Decimal | None = self._get("hours")
        return value

    @property
    def calculation_type(self) -> str | None:
        """``calculation-type``."""
        value: str | None = self._get("calculation_type")
        return value

    @property
    def allocation_method(self) -> str | None:
        """``allocation-method``."""
        value: str | None = self._get("allocation_method")
        return value

    @property
    def assign_effort_to_service(self) -> str | None:
        """``assign-effort-to-service``."""
        value: str | None = self._get("assign_effort_to_service")
        return value

    @property
    def filter_type(self) -> str | None:
        """``filter-type``."""
        value: str | None = self._get("filter_type")
        return value

    @property
    def filter_id(self) -> str | None:
        """``filter-id``."""
        value: str | None = self._get("filter_id")
        return value

    @property
    def position(self) -> int | None:
        """``position``."""
        value: int | None = self._get("position")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    @property
    def project_variables(self) -> tuple[VariableValue, ...] | None:
        """``project-variables``."""
        value: tuple[VariableValue, ...] | None = self._get("project_variables")
        return value

    def replace(self, changes: ProjectGovernanceFields) -> ProjectGovernance:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Governance(TypedModel):
    """``governances``."""

    TYPE: ClassVar[str] = "governances"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def description(self) -> str | None:
        """``description``."""
        value: str | None = self._get("description")
        return value

    @property
    def rate(self) -> Decimal | None:
        """``rate``."""
        value: Decimal | None = self._get("rate")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: GovernanceFields) -> Governance:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)


class GovernanceFields(TypedDict, total=False):
    """What a create or update of ``governances`` may send."""

    name: str | None
    description: str | None
    rate: Decimal | int | str | None
    active: bool | None


class GovernanceFilter(TypedDict, total=False):
    """The known filters of ``governances``."""

    id: str | int | Sequence[str | int]


@attrs.frozen(kw_only=True, eq=False, repr=False)
class RateTable(TypedModel):
    """``rate-tables``."""

    TYPE: ClassVar[str] = "rate-tables"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def default(self) -> bool | None:
        """``default``."""
        value: bool | None = self._get("default")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: RateTableFields) -> RateTable:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class PaymentTerm(TypedModel):
    """``payment-terms``."""

    TYPE: ClassVar[str] = "payment-terms"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    @property
    def pricing_model(self) -> str | None:
        """``pricing-model``."""
        value: str | None = self._get("pricing_model")
        return value

    @property
    def slug(self) -> str | None:
        """``slug``."""
        value: str | None = self._get("slug")
        return value

    @property
    def position(self) -> int | None:
        """``position``."""
        value: int | None = self._get("position")
        return value

    @property
    def rounding(self) -> str | None:
        """``rounding``."""
        value: str | None = self._get("rounding")
        return value

    @property
    def default(self) -> bool | None:
        """``default``."""
        value: bool | None = self._get("default")
        return value

    @property
    def include_expense_in_cost(self) -> bool | None:
        """``include-expense-in-cost``."""
        value: bool | None = self._get("include_expense_in_cost")
        return value

    @property
    def include_expense_in_revenue(self) -> bool | None:
        """``include-expense-in-revenue``."""
        value: bool | None = self._get("include_expense_in_revenue")
        return value

    @property
    def travel_limit(self) -> Decimal | None:
        """``travel-limit``."""
        value: Decimal | None = self._get("travel_limit")
        return value

    @property
    def include_materials(self) -> bool | None:
        """``include-materials``."""
        value: bool | None = self._get("include_materials")
        return value

    def replace(self, changes: PaymentTermFields) -> PaymentTerm:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class DocumentTemplate(TypedModel):
    """``document-templates``."""

    TYPE: ClassVar[str] = "document-templates"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    @property
    def format(self) -> str | None:
        """``format``."""
        value: str | None = self._get("format")
        return value

    @property
    def merge_template_filename(self) -> str | None:
        """``merge-template-filename``."""
        value: str | None = self._get("merge_template_filename")
        return value

    @property
    def merge_template(self) -> str | None:
        """``merge-template``."""
        value: str | None = self._get("merge_template")
        return value

    @property
    def filename_format(self) -> tuple[str, ...] | None:
        """``filename-format``."""
        value: tuple[str, ...] | None = self._get("filename_format")
        return value

    @property
    def template_format(self) -> str | None:
        """``template-format``."""
        value: str | None = self._get("template_format")
        return value

    @property
    def include_formatting(self) -> bool | None:
        """``include-formatting``."""
        value: bool | None = self._get("include_formatting")
        return value

    def replace(self, changes: DocumentTemplateFields) -> DocumentTemplate:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ProjectDocument(TypedModel):
    """``project-documents``."""

    TYPE: ClassVar[str] = "project-documents"

    @property
    def template_id(self) -> str | None:
        """``template-id``."""
        value: str | None = self._get("template_id")
        return value

    @property
    def document_type(self) -> str | None:
        """``document-type``."""
        value: str | None = self._get("document_type")
        return value

    @property
    def force_regeneration(self) -> bool | None:
        """``force-regeneration``."""
        value: bool | None = self._get("force_regeneration")
        return value

    @property
    def generate_pdf(self) -> bool | None:
        """``generate-pdf``."""
        value: bool | None = self._get("generate_pdf")
        return value

    @property
    def status(self) -> str | None:
        """``status``."""
        value: str | None = self._get("status")
        return value

    @property
    def document_url(self) -> str | None:
        """``document-url``."""
        value: str | None = self._get("document_url")
        return value

    @property
    def error_text(self) -> str | None:
        """``error-text``."""
        value: str | None = self._get("error_text")
        return value

    @property
    def template_name(self) -> str | None:
        """``template-name``."""
        value: str | None = self._get("template_name")
        return value

    @property
    def created_at(self) -> dt.datetime | None:
        """``created-at``."""
        value: dt.datetime | None = self._get("created_at")
        return value

    @property
    def updated_at(self) -> dt.datetime | None:
        """``updated-at``."""
        value: dt.datetime | None = self._get("updated_at")
        return value

    def replace(self, changes: ProjectDocumentFields) -> ProjectDocument:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Questionnaire(TypedModel):
    """``questionnaires``."""

    TYPE: ClassVar[str] = "questionnaires"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    @property
    def published(self) -> bool | None:
        """``published``."""
        value: bool | None = self._get("published")
        return value

    @property
    def slug(self) -> str | None:
        """``slug``."""
        value: str | None = self._get("slug")
        return value

    @property
    def introduction(self) -> str | None:
        """``introduction``."""
        value: str | None = self._get("introduction")
        return value

    @property
    def thank_you(self) -> str | None:
        """``thank-you``."""
        value: str | None = self._get("thank_you")
        return value

    @property
    def completion_url(self) -> str | None:
        """``completion-url``."""
        value: str | None = self._get("completion_url")
        return value

    @property
    def questions(self) -> Any:
        """``questions``."""
        value: Any = self._get("questions")
        return value

    @property
    def sections(self) -> Any:
        """``sections``."""
        value: Any = self._get("sections")
        return value

    @property
    def tag_list(self) -> tuple[str, ...] | None:
        """``tag-list``."""
        value: tuple[str, ...] | None = self._get("tag_list")
        return value

    @property
    def created_at(self) -> dt.datetime | None:
        """``created-at``."""
        value: dt.datetime | None = self._get("created_at")
        return value

    @property
    def updated_at(self) -> dt.datetime | None:
        """``updated-at``."""
        value: dt.datetime | None = self._get("updated_at")
        return value

    def replace(self, changes: QuestionnaireFields) -> Questionnaire:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)


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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Survey(TypedModel):
    """``surveys``."""

    TYPE: ClassVar[str] = "surveys"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def contact_name(self) -> str | None:
        """``contact-name``."""
        value: str | None = self._get("contact_name")
        return value

    @property
    def contact_email(self) -> str | None:
        """``contact-email``."""
        value: str | None = self._get("contact_email")
        return value

    @property
    def responses(self) -> tuple[SurveyResponse, ...] | None:
        """``responses``."""
        value: tuple[SurveyResponse, ...] | None = self._get("responses")
        return value

    @property
    def recommendations(self) -> Any:
        """``recommendations``."""
        value: Any = self._get("recommendations")
        return value

    @property
    def status(self) -> str | None:
        """``status``."""
        value: str | None = self._get("status")
        return value

    @property
    def emails(self) -> Any:
        """``emails``."""
        value: Any = self._get("emails")
        return value

    @property
    def sender(self) -> str | None:
        """``sender``."""
        value: str | None = self._get("sender")
        return value

    @property
    def sent_at(self) -> dt.datetime | None:
        """``sent-at``."""
        value: dt.datetime | None = self._get("sent_at")
        return value

    @property
    def calculations(self) -> Any:
        """``calculations``."""
        value: Any = self._get("calculations")
        return value

    @property
    def user_id(self) -> int | None:
        """``user-id``."""
        value: int | None = self._get("user_id")
        return value

    @property
    def completed_by(self) -> str | None:
        """``completed-by``."""
        value: str | None = self._get("completed_by")
        return value

    @property
    def created_at(self) -> dt.datetime | None:
        """``created-at``."""
        value: dt.datetime | None = self._get("created_at")
        return value

    @property
    def updated_at(self) -> dt.datetime | None:
        """``updated-at``."""
        value: dt.datetime | None = self._get("updated_at")
        return value

    def replace(self, changes: SurveyFields) -> Survey:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class VariableDefinition(TypedModel):
    """``project-variables``."""

    TYPE: ClassVar[str] = "project-variables"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def label(self) -> str | None:
        """``label``."""
        value: str | None = self._get("label")
        return value

    @property
    def variable_type(self) -> str | None:
        """``variable-type``."""
        value: str | None = self._get("variable_type")
        return value

    @property
    def variable_context(self) -> str | None:
        """``variable-context``."""
        value: str | None = self._get("variable_context")
        return value

    @property
    def minimum(self) -> Any:
        """``minimum``."""
        value: Any = self._get("minimum")
        return value

    @property
    def maximum(self) -> Any:
        """``maximum``."""
        value: Any = self._get("maximum")
        return value

    @property
    def required(self) -> bool | None:
        """``required``."""
        value: bool | None = self._get("required")
        return value

    @property
    def position(self) -> int | None:
        """``position``."""
        value: int | None = self._get("position")
        return value

    @property
    def select_options(self) -> tuple[SelectOption, ...] | None:
        """``select-options``."""
        value: tuple[SelectOption, ...] | None = self._get("select_options")
        return value

    @property
    def description(self) -> str | None:
        """``description``."""
        value: str | None = self._get("description")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: VariableDefinitionFields) -> VariableDefinition:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ProjectContact(TypedModel):
    """``project-contacts``."""

    TYPE: ClassVar[str] = "project-contacts"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def title(self) -> str | None:
        """``title``."""
        value: str | None = self._get("title")
        return value

    @property
    def email(self) -> str | None:
        """``email``."""
        value: str | None = self._get("email")
        return value

    @property
    def phone(self) -> str | None:
        """``phone``."""
        value: str | None = self._get("phone")
        return value

    @property
    def contact_type(self) -> str | None:
        """``contact-type``."""
        value: str | None = self._get("contact_type")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    @property
    def project_variables(self) -> tuple[VariableValue, ...] | None:
        """``project-variables``."""
        value: tuple[VariableValue, ...] | None = self._get("project_variables")
        return value

    def replace(self, changes: ProjectContactFields) -> ProjectContact:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ProjectLocation(TypedModel):
    """``project-locations``."""

    TYPE: ClassVar[str] = "project-locations"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def street(self) -> str | None:
        """``street``."""
        value: str | None = self._get("street")
        return value

    @property
    def street2(self) -> str | None:
        """``street2``."""
        value: str | None = self._get("street2")
        return value

    @property
    def city(self) -> str | None:
        """``city``."""
        value: str | None = self._get("city")
        return value

    @property
    def state(self) -> str | None:
        """``state``."""
        value: str | None = self._get("state")
        return value

    @property
    def postal_code(self) -> str | None:
        """``postal-code``."""
        value: str | None = self._get("postal_code")
        return value

    @property
    def country(self) -> str | None:
        """``country``."""
        value: str | None = self._get("country")
        return value

    @property
    def remote(self) -> bool | None:
        """``remote``."""
        value: bool | None = self._get("remote")
        return value

    @property
    def project_variables(self) -> tuple[VariableValue, ...] | None:
        """``project-variables``."""
        value: tuple[VariableValue, ...] | None = self._get("project_variables")
        return value

    def replace(self, changes: ProjectLocationFields) -> ProjectLocation:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class SalesExecutive(TypedModel):
    """``sales-executives``."""

    TYPE: ClassVar[str] = "sales-executives"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def email(self) -> str | None:
        """``email``."""
        value: str | None = self._get("email")
        return value

    @property
    def title(self) -> str | None:
        """``title``."""
        value: str | None = self._get("title")
        return value

    @property
    def phone(self) -> str | None:
        """``phone``."""
        value: str | None = self._get("phone")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: SalesExecutiveFields) -> SalesExecutive:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class PresalesEngineer(TypedModel):
    """``presales-engineers``."""

    TYPE: ClassVar[str] = "presales-engineers"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def email(self) -> str | None:
        """``email``."""
        value: str | None = self._get("email")
        return value

    @property
    def title(self) -> str | None:
        """``title``."""
        value: str | None = self._get("title")
        return value

    @property
    def phone(self) -> str | None:
        """``phone``."""
        value: str | None = self._get("phone")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: PresalesEngineerFields) -> PresalesEngineer:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)


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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class User(TypedModel):
    """``users``."""

    TYPE: ClassVar[str] = "users"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def email(self) -> str | None:
        """``email``."""
        value: str | None = self._get("email")
        return value

    @property
    def phone(self) -> str | None:
        """``phone``."""
        value: str | None = self._get("phone")
        return value

    @property
    def title(self) -> str | None:
        """``title``."""
        value: str | None = self._get("title")
        return value

    @property
    def privileges(self) -> Any:
        """``privileges``."""
        value: Any = self._get("privileges")
        return value

    @property
    def preferred_rate_table(self) -> Any:
        """``preferred-rate-table``."""
        value: Any = self._get("preferred_rate_table")
        return value

    @property
    def guided_onboarding(self) -> bool | None:
        """``guided-onboarding``."""
        value: bool | None = self._get("guided_onboarding")
        return value

    @property
    def view_only(self) -> bool | None:
        """``view-only``."""
        value: bool | None = self._get("view_only")
        return value

    def replace(self, changes: UserFields) -> User:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Vendor(TypedModel):
    """``vendors``."""

    TYPE: ClassVar[str] = "vendors"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    @property
    def street_address(self) -> str | None:
        """``street-address``."""
        value: str | None = self._get("street_address")
        return value

    @property
    def street2(self) -> str | None:
        """``street2``."""
        value: str | None = self._get("street2")
        return value

    @property
    def city(self) -> str | None:
        """``city``."""
        value: str | None = self._get("city")
        return value

    @property
    def state(self) -> str | None:
        """``state``."""
        value: str | None = self._get("state")
        return value

    @property
    def postal_code(self) -> str | None:
        """``postal-code``."""
        value: str | None = self._get("postal_code")
        return value

    @property
    def country(self) -> str | None:
        """``country``."""
        value: str | None = self._get("country")
        return value

    @property
    def project_count(self) -> int | None:
        """``project-count``."""
        value: int | None = self._get("project_count")
        return value

    def replace(self, changes: VendorFields) -> Vendor:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Product(TypedModel):
    """``products``."""

    TYPE: ClassVar[str] = "products"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    @property
    def description(self) -> str | None:
        """``description``."""
        value: str | None = self._get("description")
        return value

    @property
    def sku(self) -> str | None:
        """``sku``."""
        value: str | None = self._get("sku")
        return value

    @property
    def product_id(self) -> str | None:
        """``product-id``."""
        value: str | None = self._get("product_id")
        return value

    @property
    def manufacturer_part_number(self) -> str | None:
        """``manufacturer-part-number``."""
        value: str | None = self._get("manufacturer_part_number")
        return value

    @property
    def unit_of_measure(self) -> str | None:
        """``unit-of-measure``."""
        value: str | None = self._get("unit_of_measure")
        return value

    @property
    def category(self) -> str | None:
        """``category``."""
        value: str | None = self._get("category")
        return value

    @property
    def subcategory(self) -> str | None:
        """``subcategory``."""
        value: str | None = self._get("subcategory")
        return value

    @property
    def billing_frequency(self) -> str | None:
        """``billing-frequency``."""
        value: str | None = self._get("billing_frequency")
        return value

    @property
    def unit_cost(self) -> Decimal | None:
        """``unit-cost``."""
        value: Decimal | None = self._get("unit_cost")
        return value

    @property
    def unit_price(self) -> Decimal | None:
        """``unit-price``."""
        value: Decimal | None = self._get("unit_price")
        return value

    @property
    def list_price(self) -> Decimal | None:
        """``list-price``."""
        value: Decimal | None = self._get("list_price")
        return value

    @property
    def markup(self) -> Decimal | None:
        """``markup``."""
        value: Decimal | None = self._get("markup")
        return value

    @property
    def vendor_discount(self) -> Decimal | None:
        """``vendor-discount``."""
        value: Decimal | None = self._get("vendor_discount")
        return value

    @property
    def vendor_rebate(self) -> Decimal | None:
        """``vendor-rebate``."""
        value: Decimal | None = self._get("vendor_rebate")
        return value

    @property
    def custom_hardware_price(self) -> bool | None:
        """``custom-hardware-price?``."""
        value: bool | None = self._get("custom_hardware_price")
        return value

    @property
    def custom_hardware_cost(self) -> bool | None:
        """``custom-hardware-cost?``."""
        value: bool | None = self._get("custom_hardware_cost")
        return value

    @property
    def project_variables(self) -> tuple[VariableValue, ...] | None:
        """``project-variables``."""
        value: tuple[VariableValue, ...] | None = self._get("project_variables")
        return value

    @property
    def variable_rates(self) -> HardwareRates | None:
        """``variable-rates``."""
        value: HardwareRates | None = self._get("variable_rates")
        return value

    def replace(self, changes: ProductFields) -> Product:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class CrmOpportunity(TypedModel):
    """``crm-opportunities``."""

    TYPE: ClassVar[str] = "crm-opportunities"

    @property
    def opportunity_id(self) -> str | None:
        """``opportunity-id``."""
        value: str | None = self._get("opportunity_id")
        return value

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def display_name(self) -> str | None:
        """``display-name``."""
        value: str | None = self._get("display_name")
        return value

    @property
    def amount(self) -> Decimal | None:
        """``amount``."""
        value: Decimal | None = self._get("amount")
        return value

    @property
    def stage(self) -> str | None:
        """``stage``."""
        value: str | None = self._get("stage")
        return value

    @property
    def is_closed(self) -> bool | None:
        """``is-closed``."""
        value: bool | None = self._get("is_closed")
        return value

    @property
    def owner_id(self) -> str | None:
        """``owner-id``."""
        value: str | None = self._get("owner_id")
        return value

    @property
    def owner_name(self) -> str | None:
        """``owner-name``."""
        value: str | None = self._get("owner_name")
        return value

    @property
    def account_id(self) -> str | None:
        """``account-id``."""
        value: str | None = self._get("account_id")
        return value

    @property
    def account_name(self) -> str | None:
        """``account-name``."""
        value: str | None = self._get("account_name")
        return value

    @property
    def location_name(self) -> str | None:
        """``location-name``."""
        value: str | None = self._get("location_name")
        return value

    @property
    def street(self) -> str | None:
        """``street``."""
        value: str | None = self._get("street")
        return value

    @property
    def city(self) -> str | None:
        """``city``."""
        value: str | None = self._get("city")
        return value

    @property
    def state(self) -> str | None:
        """``state``."""
        value: str | None = self._get("state")
        return value

    @property
    def postal_code(self) -> str | None:
        """``postal-code``."""
        value: str | None = self._get("postal_code")
        return value

    @property
    def country(self) -> str | None:
        """``country``."""
        value: str | None = self._get("country")
        return value

    @property
    def custom_attributes(self) -> Any:
        """``custom-attributes``."""
        value: Any = self._get("custom_attributes")
        return value

    @property
    def created_at(self) -> dt.datetime | None:
        """``created-at``."""
        value: dt.datetime | None = self._get("created_at")
        return value

    @property
    def updated_at(self) -> dt.datetime | None:
        """``updated-at``."""
        value: dt.datetime | None = self._get("updated_at")
        return value

    def replace(self, changes: CrmOpportunityFields) -> CrmOpportunity:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ProjectApproval(TypedModel):
    """``project-approvals``."""

    TYPE: ClassVar[str] = "project-approvals"

    @property
    def status(self) -> str | None:
        """``status``."""
        value: str | None = self._get("status")
        return value

    @property
    def role(self) -> str | None:
        """``role``."""
        value: str | None = self._get("role")
        return value

    @property
    def comment(self) -> str | None:
        """``comment``."""
        value: str | None = self._get("comment")
        return value

    @property
    def reason(self) -> str | None:
        """``reason``."""
        value: str | None = self._get("reason")
        return value

    @property
    def completed_at(self) -> dt.datetime | None:
        """``completed-at``."""
        value: dt.datetime | None = self._get("completed_at")
        return value

    @property
    def approver_name(self) -> str | None:
        """``approver-name``."""
        value: str | None = self._get("approver_name")
        return value

    @property
    def lob_ids(self) -> Any:
        """``lob-ids``."""
        value: Any = self._get("lob_ids")
        return value

    @property
    def created_at(self) -> dt.datetime | None:
        """``created-at``."""
        value: dt.datetime | None = self._get("created_at")
        return value

    @property
    def updated_at(self) -> dt.datetime | None:
        """``updated-at``."""
        value: dt.datetime | None = self._get("updated_at")
        return value

    def replace(self, changes: ProjectApprovalFields) -> ProjectApproval:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class BusinessUnit(TypedModel):
    """``business-units``."""

    TYPE: ClassVar[str] = "business-units"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def external_name(self) -> str | None:
        """``external-name``."""
        value: str | None = self._get("external_name")
        return value

    @property
    def street_address(self) -> str | None:
        """``street-address``."""
        value: str | None = self._get("street_address")
        return value

    @property
    def street2(self) -> str | None:
        """``street2``."""
        value: str | None = self._get("street2")
        return value

    @property
    def city(self) -> str | None:
        """``city``."""
        value: str | None = self._get("city")
        return value

    @property
    def state(self) -> str | None:
        """``state``."""
        value: str | None = self._get("state")
        return value

    @property
    def postal_code(self) -> str | None:
        """``postal-code``."""
        value: str | None = self._get("postal_code")
        return value

    @property
    def country(self) -> str | None:
        """``country``."""
        value: str | None = self._get("country")
        return value

    def replace(self, changes: BusinessUnitFields) -> BusinessUnit:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Tag(TypedModel):
    """``tags``."""

    TYPE: ClassVar[str] = "tags"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    def replace(self, changes: TagFields) -> Tag:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ProjectProduct(TypedModel):
    """``project-products``."""

    TYPE: ClassVar[str] = "project-products"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def quantity(self) -> int | None:
        """``quantity``."""
        value: int | None = self._get("quantity")
        return value

    @property
    def unit_price(self) -> Decimal | None:
        """``unit-price``."""
        value: Decimal | None = self._get("unit_price")
        return value

    @property
    def unit_cost(self) -> Decimal | None:
        """``unit-cost``."""
        value: Decimal | None = self._get("unit_cost")
        return value

    @property
    def active(self) -> bool | None:
        """``active``."""
        value: bool | None = self._get("active")
        return value

    def replace(self, changes: ProjectProductFields) -> ProjectProduct:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Note(TypedModel):
    """``notes``."""

    TYPE: ClassVar[str] = "notes"

    @property
    def content(self) -> str | None:
        """``content``."""
        value: str | None = self._get("content")
        return value

    @property
    def created_at(self) -> dt.datetime | None:
        """``created-at``."""
        value: dt.datetime | None = self._get("created_at")
        return value

    @property
    def updated_at(self) -> dt.datetime | None:
        """``updated-at``."""
        value: dt.datetime | None = self._get("updated_at")
        return value

    def replace(self, changes: NoteFields) -> Note:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class Quote(TypedModel):
    """``quotes``."""

    TYPE: ClassVar[str] = "quotes"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def status(self) -> str | None:
        """``status``."""
        value: str | None = self._get("status")
        return value

    @property
    def amount(self) -> Decimal | None:
        """``amount``."""
        value: Decimal | None = self._get("amount")
        return value

    @property
    def created_at(self) -> dt.datetime | None:
        """``created-at``."""
        value: dt.datetime | None = self._get("created_at")
        return value

    @property
    def updated_at(self) -> dt.datetime | None:
        """``updated-at``."""
        value: dt.datetime | None = self._get("updated_at")
        return value

    def replace(self, changes: QuoteFields) -> Quote:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ApprovalStep(TypedModel):
    """``approval-steps``."""

    TYPE: ClassVar[str] = "approval-steps"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def position(self) -> int | None:
        """``position``."""
        value: int | None = self._get("position")
        return value

    def replace(self, changes: ApprovalStepFields) -> ApprovalStep:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class ExternalRequest(TypedModel):
    """``external-requests``."""

    TYPE: ClassVar[str] = "external-requests"

    @property
    def status(self) -> str | None:
        """``status``."""
        value: str | None = self._get("status")
        return value

    @property
    def created_at(self) -> dt.datetime | None:
        """``created-at``."""
        value: dt.datetime | None = self._get("created_at")
        return value

    @property
    def updated_at(self) -> dt.datetime | None:
        """``updated-at``."""
        value: dt.datetime | None = self._get("updated_at")
        return value

    def replace(self, changes: ExternalRequestFields) -> ExternalRequest:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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


@attrs.frozen(kw_only=True, eq=False, repr=False)
class PsaProject(TypedModel):
    """``psa-projects``."""

    TYPE: ClassVar[str] = "psa-projects"

    @property
    def name(self) -> str | None:
        """``name``."""
        value: str | None = self._get("name")
        return value

    @property
    def status(self) -> str | None:
        """``status``."""
        value: str | None = self._get("status")
        return value

    def replace(self, changes: PsaProjectFields) -> PsaProject:
        """A copy with ``changes`` applied (send it with ``client.save``)."""
        return self._replace(changes)

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
