"""GENERATED from catalogue.py by ``python -m scopestack_async.resources._codegen``; do not edit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from .client import TypedClient
    from .documents import ProjectDocumentsClient
    from .models import (
        Account,
        AccountFields,
        AccountFilter,
        ApprovalStep,
        ApprovalStepFields,
        ApprovalStepFilter,
        BusinessUnit,
        BusinessUnitFields,
        BusinessUnitFilter,
        Client,
        ClientFields,
        ClientFilter,
        Contact,
        ContactFields,
        ContactFilter,
        CrmOpportunity,
        CrmOpportunityFields,
        CrmOpportunityFilter,
        DocumentTemplate,
        DocumentTemplateFields,
        DocumentTemplateFilter,
        ExternalRequest,
        ExternalRequestFields,
        ExternalRequestFilter,
        Governance,
        GovernanceFields,
        GovernanceFilter,
        LineOfBusiness,
        LineOfBusinessFields,
        LineOfBusinessFilter,
        Note,
        NoteFields,
        NoteFilter,
        PaymentTerm,
        PaymentTermFields,
        PaymentTermFilter,
        Phase,
        PhaseFields,
        PhaseFilter,
        PresalesEngineer,
        PresalesEngineerFields,
        PresalesEngineerFilter,
        Product,
        ProductFields,
        ProductFilter,
        ProjectApproval,
        ProjectApprovalFields,
        ProjectApprovalFilter,
        ProjectContact,
        ProjectContactFields,
        ProjectContactFilter,
        ProjectGovernance,
        ProjectGovernanceFields,
        ProjectGovernanceFilter,
        ProjectLocation,
        ProjectLocationFields,
        ProjectLocationFilter,
        ProjectPhase,
        ProjectPhaseFields,
        ProjectPhaseFilter,
        ProjectProduct,
        ProjectProductFields,
        ProjectProductFilter,
        ProjectResource,
        ProjectResourceFields,
        ProjectResourceFilter,
        ProjectSubservice,
        ProjectSubserviceFields,
        ProjectSubserviceFilter,
        PsaProject,
        PsaProjectFields,
        PsaProjectFilter,
        Questionnaire,
        QuestionnaireFields,
        QuestionnaireFilter,
        Quote,
        QuoteFields,
        QuoteFilter,
        RateTable,
        RateTableFields,
        RateTableFilter,
        ResourceType,
        ResourceTypeFields,
        ResourceTypeFilter,
        SalesExecutive,
        SalesExecutiveFields,
        SalesExecutiveFilter,
        Service,
        ServiceCategory,
        ServiceCategoryFields,
        ServiceCategoryFilter,
        ServiceFields,
        ServiceFilter,
        Subservice,
        SubserviceFields,
        SubserviceFilter,
        Tag,
        TagFields,
        TagFilter,
        User,
        UserFields,
        UserFilter,
        Vendor,
        VendorFields,
        VendorFilter,
    )
    from .projects import ProjectsClient
    from .services import ProjectServicesClient
    from .surveys import SurveysClient
    from .variables import VariablesClient

__all__ = ["TypedResources"]


class TypedResources:
    """One typed client per known type: ``session.projects``, ``session.clients``, ...

    Each loads its models on first use (``import scopestack_async`` stays cheap).
    """

    def _typed_client(self, type_: str) -> Any:
        from .client import typed_client

        return typed_client(self, type_)

    @property
    def accounts(self) -> TypedClient[Account, AccountFields, AccountFilter]:
        """``accounts`` as :class:`~scopestack_async.resources.models.Account`."""
        return cast(
            "TypedClient[Account, AccountFields, AccountFilter]", self._typed_client("accounts")
        )

    @property
    def clients(self) -> TypedClient[Client, ClientFields, ClientFilter]:
        """``clients`` as :class:`~scopestack_async.resources.models.Client`."""
        return cast(
            "TypedClient[Client, ClientFields, ClientFilter]", self._typed_client("clients")
        )

    @property
    def contacts(self) -> TypedClient[Contact, ContactFields, ContactFilter]:
        """``contacts`` as :class:`~scopestack_async.resources.models.Contact`."""
        return cast(
            "TypedClient[Contact, ContactFields, ContactFilter]", self._typed_client("contacts")
        )

    @property
    def projects(self) -> ProjectsClient:
        """``projects`` as :class:`~scopestack_async.resources.models.Project`."""
        return cast("ProjectsClient", self._typed_client("projects"))

    @property
    def project_services(self) -> ProjectServicesClient:
        """``project-services`` as :class:`~scopestack_async.resources.models.ProjectService`."""
        return cast("ProjectServicesClient", self._typed_client("project-services"))

    @property
    def project_subservices(
        self,
    ) -> TypedClient[ProjectSubservice, ProjectSubserviceFields, ProjectSubserviceFilter]:
        """``project-subservices`` as :class:`~scopestack_async.resources.models.ProjectSubservice`."""
        return cast(
            "TypedClient[ProjectSubservice, ProjectSubserviceFields, ProjectSubserviceFilter]",
            self._typed_client("project-subservices"),
        )

    @property
    def services(self) -> TypedClient[Service, ServiceFields, ServiceFilter]:
        """``services`` as :class:`~scopestack_async.resources.models.Service`."""
        return cast(
            "TypedClient[Service, ServiceFields, ServiceFilter]", self._typed_client("services")
        )

    @property
    def subservices(self) -> TypedClient[Subservice, SubserviceFields, SubserviceFilter]:
        """``subservices`` as :class:`~scopestack_async.resources.models.Subservice`."""
        return cast(
            "TypedClient[Subservice, SubserviceFields, SubserviceFilter]",
            self._typed_client("subservices"),
        )

    @property
    def phases(self) -> TypedClient[Phase, PhaseFields, PhaseFilter]:
        """``phases`` as :class:`~scopestack_async.resources.models.Phase`."""
        return cast("TypedClient[Phase, PhaseFields, PhaseFilter]", self._typed_client("phases"))

    @property
    def line_of_businesses(
        self,
    ) -> TypedClient[LineOfBusiness, LineOfBusinessFields, LineOfBusinessFilter]:
        """``line-of-businesses`` as :class:`~scopestack_async.resources.models.LineOfBusiness`."""
        return cast(
            "TypedClient[LineOfBusiness, LineOfBusinessFields, LineOfBusinessFilter]",
            self._typed_client("line-of-businesses"),
        )

    @property
    def service_categories(
        self,
    ) -> TypedClient[ServiceCategory, ServiceCategoryFields, ServiceCategoryFilter]:
        """``service-categories`` as :class:`~scopestack_async.resources.models.ServiceCategory`."""
        return cast(
            "TypedClient[ServiceCategory, ServiceCategoryFields, ServiceCategoryFilter]",
            self._typed_client("service-categories"),
        )

    @property
    def project_phases(self) -> TypedClient[ProjectPhase, ProjectPhaseFields, ProjectPhaseFilter]:
        """``project-phases`` as :class:`~scopestack_async.resources.models.ProjectPhase`."""
        return cast(
            "TypedClient[ProjectPhase, ProjectPhaseFields, ProjectPhaseFilter]",
            self._typed_client("project-phases"),
        )

    @property
    def resources(self) -> TypedClient[ResourceType, ResourceTypeFields, ResourceTypeFilter]:
        """``resources`` as :class:`~scopestack_async.resources.models.ResourceType`."""
        return cast(
            "TypedClient[ResourceType, ResourceTypeFields, ResourceTypeFilter]",
            self._typed_client("resources"),
        )

    @property
    def project_resources(
        self,
    ) -> TypedClient[ProjectResource, ProjectResourceFields, ProjectResourceFilter]:
        """``project-resources`` as :class:`~scopestack_async.resources.models.ProjectResource`."""
        return cast(
            "TypedClient[ProjectResource, ProjectResourceFields, ProjectResourceFilter]",
            self._typed_client("project-resources"),
        )

    @property
    def project_governances(
        self,
    ) -> TypedClient[ProjectGovernance, ProjectGovernanceFields, ProjectGovernanceFilter]:
        """``project-governances`` as :class:`~scopestack_async.resources.models.ProjectGovernance`."""
        return cast(
            "TypedClient[ProjectGovernance, ProjectGovernanceFields, ProjectGovernanceFilter]",
            self._typed_client("project-governances"),
        )

    @property
    def governances(self) -> TypedClient[Governance, GovernanceFields, GovernanceFilter]:
        """``governances`` as :class:`~scopestack_async.resources.models.Governance`."""
        return cast(
            "TypedClient[Governance, GovernanceFields, GovernanceFilter]",
            self._typed_client("governances"),
        )

    @property
    def rate_tables(self) -> TypedClient[RateTable, RateTableFields, RateTableFilter]:
        """``rate-tables`` as :class:`~scopestack_async.resources.models.RateTable`."""
        return cast(
            "TypedClient[RateTable, RateTableFields, RateTableFilter]",
            self._typed_client("rate-tables"),
        )

    @property
    def payment_terms(self) -> TypedClient[PaymentTerm, PaymentTermFields, PaymentTermFilter]:
        """``payment-terms`` as :class:`~scopestack_async.resources.models.PaymentTerm`."""
        return cast(
            "TypedClient[PaymentTerm, PaymentTermFields, PaymentTermFilter]",
            self._typed_client("payment-terms"),
        )

    @property
    def document_templates(
        self,
    ) -> TypedClient[DocumentTemplate, DocumentTemplateFields, DocumentTemplateFilter]:
        """``document-templates`` as :class:`~scopestack_async.resources.models.DocumentTemplate`."""
        return cast(
            "TypedClient[DocumentTemplate, DocumentTemplateFields, DocumentTemplateFilter]",
            self._typed_client("document-templates"),
        )

    @property
    def project_documents(self) -> ProjectDocumentsClient:
        """``project-documents`` as :class:`~scopestack_async.resources.models.ProjectDocument`."""
        return cast("ProjectDocumentsClient", self._typed_client("project-documents"))

    @property
    def questionnaires(
        self,
    ) -> TypedClient[Questionnaire, QuestionnaireFields, QuestionnaireFilter]:
        """``questionnaires`` as :class:`~scopestack_async.resources.models.Questionnaire`."""
        return cast(
            "TypedClient[Questionnaire, QuestionnaireFields, QuestionnaireFilter]",
            self._typed_client("questionnaires"),
        )

    @property
    def surveys(self) -> SurveysClient:
        """``surveys`` as :class:`~scopestack_async.resources.models.Survey`."""
        return cast("SurveysClient", self._typed_client("surveys"))

    @property
    def project_variables(self) -> VariablesClient:
        """``project-variables`` as :class:`~scopestack_async.resources.models.VariableDefinition`."""
        return cast("VariablesClient", self._typed_client("project-variables"))

    @property
    def project_contacts(
        self,
    ) -> TypedClient[ProjectContact, ProjectContactFields, ProjectContactFilter]:
        """``project-contacts`` as :class:`~scopestack_async.resources.models.ProjectContact`."""
        return cast(
            "TypedClient[ProjectContact, ProjectContactFields, ProjectContactFilter]",
            self._typed_client("project-contacts"),
        )

    @property
    def project_locations(
        self,
    ) -> TypedClient[ProjectLocation, ProjectLocationFields, ProjectLocationFilter]:
        """``project-locations`` as :class:`~scopestack_async.resources.models.ProjectLocation`."""
        return cast(
            "TypedClient[ProjectLocation, ProjectLocationFields, ProjectLocationFilter]",
            self._typed_client("project-locations"),
        )

    @property
    def sales_executives(
        self,
    ) -> TypedClient[SalesExecutive, SalesExecutiveFields, SalesExecutiveFilter]:
        """``sales-executives`` as :class:`~scopestack_async.resources.models.SalesExecutive`."""
        return cast(
            "TypedClient[SalesExecutive, SalesExecutiveFields, SalesExecutiveFilter]",
            self._typed_client("sales-executives"),
        )

    @property
    def presales_engineers(
        self,
    ) -> TypedClient[PresalesEngineer, PresalesEngineerFields, PresalesEngineerFilter]:
        """``presales-engineers`` as :class:`~scopestack_async.resources.models.PresalesEngineer`."""
        return cast(
            "TypedClient[PresalesEngineer, PresalesEngineerFields, PresalesEngineerFilter]",
            self._typed_client("presales-engineers"),
        )

    @property
    def users(self) -> TypedClient[User, UserFields, UserFilter]:
        """``users`` as :class:`~scopestack_async.resources.models.User`."""
        return cast("TypedClient[User, UserFields, UserFilter]", self._typed_client("users"))

    @property
    def vendors(self) -> TypedClient[Vendor, VendorFields, VendorFilter]:
        """``vendors`` as :class:`~scopestack_async.resources.models.Vendor`."""
        return cast(
            "TypedClient[Vendor, VendorFields, VendorFilter]", self._typed_client("vendors")
        )

    @property
    def products(self) -> TypedClient[Product, ProductFields, ProductFilter]:
        """``products`` as :class:`~scopestack_async.resources.models.Product`."""
        return cast(
            "TypedClient[Product, ProductFields, ProductFilter]", self._typed_client("products")
        )

    @property
    def crm_opportunities(
        self,
    ) -> TypedClient[CrmOpportunity, CrmOpportunityFields, CrmOpportunityFilter]:
        """``crm-opportunities`` as :class:`~scopestack_async.resources.models.CrmOpportunity`."""
        return cast(
            "TypedClient[CrmOpportunity, CrmOpportunityFields, CrmOpportunityFilter]",
            self._typed_client("crm-opportunities"),
        )

    @property
    def project_approvals(
        self,
    ) -> TypedClient[ProjectApproval, ProjectApprovalFields, ProjectApprovalFilter]:
        """``project-approvals`` as :class:`~scopestack_async.resources.models.ProjectApproval`."""
        return cast(
            "TypedClient[ProjectApproval, ProjectApprovalFields, ProjectApprovalFilter]",
            self._typed_client("project-approvals"),
        )

    @property
    def business_units(self) -> TypedClient[BusinessUnit, BusinessUnitFields, BusinessUnitFilter]:
        """``business-units`` as :class:`~scopestack_async.resources.models.BusinessUnit`."""
        return cast(
            "TypedClient[BusinessUnit, BusinessUnitFields, BusinessUnitFilter]",
            self._typed_client("business-units"),
        )

    @property
    def tags(self) -> TypedClient[Tag, TagFields, TagFilter]:
        """``tags`` as :class:`~scopestack_async.resources.models.Tag`."""
        return cast("TypedClient[Tag, TagFields, TagFilter]", self._typed_client("tags"))

    @property
    def project_products(
        self,
    ) -> TypedClient[ProjectProduct, ProjectProductFields, ProjectProductFilter]:
        """``project-products`` as :class:`~scopestack_async.resources.models.ProjectProduct`."""
        return cast(
            "TypedClient[ProjectProduct, ProjectProductFields, ProjectProductFilter]",
            self._typed_client("project-products"),
        )

    @property
    def notes(self) -> TypedClient[Note, NoteFields, NoteFilter]:
        """``notes`` as :class:`~scopestack_async.resources.models.Note`."""
        return cast("TypedClient[Note, NoteFields, NoteFilter]", self._typed_client("notes"))

    @property
    def quotes(self) -> TypedClient[Quote, QuoteFields, QuoteFilter]:
        """``quotes`` as :class:`~scopestack_async.resources.models.Quote`."""
        return cast("TypedClient[Quote, QuoteFields, QuoteFilter]", self._typed_client("quotes"))

    @property
    def approval_steps(self) -> TypedClient[ApprovalStep, ApprovalStepFields, ApprovalStepFilter]:
        """``approval-steps`` as :class:`~scopestack_async.resources.models.ApprovalStep`."""
        return cast(
            "TypedClient[ApprovalStep, ApprovalStepFields, ApprovalStepFilter]",
            self._typed_client("approval-steps"),
        )

    @property
    def external_requests(
        self,
    ) -> TypedClient[ExternalRequest, ExternalRequestFields, ExternalRequestFilter]:
        """``external-requests`` as :class:`~scopestack_async.resources.models.ExternalRequest`."""
        return cast(
            "TypedClient[ExternalRequest, ExternalRequestFields, ExternalRequestFilter]",
            self._typed_client("external-requests"),
        )

    @property
    def psa_projects(self) -> TypedClient[PsaProject, PsaProjectFields, PsaProjectFilter]:
        """``psa-projects`` as :class:`~scopestack_async.resources.models.PsaProject`."""
        return cast(
            "TypedClient[PsaProject, PsaProjectFields, PsaProjectFilter]",
            self._typed_client("psa-projects"),
        )
