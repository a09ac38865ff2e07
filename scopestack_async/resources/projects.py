"""Create or update a project in one call: the connector's heaviest workflow, without its
bugs (an update never resets the payment term; nothing the caller left out is sent)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from ..errors import NotFoundError
from .client import TypedClient
from .find import Upserted
from .models import (
    Client,
    ClientFields,
    PaymentTerm,
    Project,
    ProjectFields,
    ProjectFilter,
    ProjectLocation,
    ProjectLocationFields,
    RateTable,
    SalesExecutive,
    SalesExecutiveFields,
)

if TYPE_CHECKING:
    from ..session import ScopeStackSession

__all__ = ["ProjectSaved", "ProjectsClient"]

log = logging.getLogger("scopestack_async.resources")
Ref = Any  # a model, a ResourceIdentifier or an id (the relationship's target type)


@attrs.frozen
class ProjectSaved:
    """What :meth:`ProjectsClient.create_or_update` did: the project and its parts."""

    project: Project
    action: Literal["created", "updated", "unchanged"]
    client: Upserted[Client] | None = None
    sales_executive: Upserted[SalesExecutive] | None = None
    location: Upserted[ProjectLocation] | None = None


class ProjectsClient(TypedClient[Project, ProjectFields, ProjectFilter]):
    """``session.projects``: typed projects plus :meth:`create_or_update`."""

    @property
    def _s(self) -> ScopeStackSession:
        return self._session

    async def _variables(self, values: Mapping[str, Any], creating: bool) -> list[dict[str, Any]]:
        try:
            return await self._s.project_variables.encode("project", values, creating=creating)
        except NotFoundError:
            # Accounts (and the sandbox) without variable definitions: send them as given.
            log.warning("project-variables definitions unavailable; variables sent untyped")
            return [{"name": k, "value": v} for k, v in values.items()]

    async def _default_payment_term(self) -> PaymentTerm | None:
        page = await self._s.payment_terms.list(where={"default": True}, page_size=1)
        return page.data[0] if page.data else None

    async def create_or_update(
        self,
        *,
        id: str | int | None = None,
        project_name: str | None = None,
        client: Ref | ClientFields = None,
        sales_executive: Ref | SalesExecutiveFields = None,
        presales_engineer: Ref | Mapping[str, str] = None,
        payment_term: PaymentTerm | Ref = None,
        rate_table: RateTable | Ref = None,
        tags: Sequence[str] | None = None,
        variables: Mapping[str, Any] | None = None,
        fields: ProjectFields | None = None,
        location: ProjectLocationFields | None = None,
    ) -> ProjectSaved:
        """Create the project (``id`` None) or update project ``id``, in one call.

        ``client`` and ``sales_executive`` may be fields to find-or-create by their natural
        keys (``{"name": ..., "domain": ...}``), ``presales_engineer`` ``{"email": ...}`` to
        find (NotFoundError, AmbiguousMatchError); a new project gets the account's default
        payment term unless one is given; an update sends only what differs, and never
        touches the payment term, rate table, tags or variables unless given.
        ``location`` is upserted by name within the project afterwards.
        """
        existing = await self.get(id) if id is not None else None
        out: ProjectFields = dict(fields or {})  # type: ignore[assignment]  # a copy
        client_up = sales_up = None
        if isinstance(client, Mapping):
            client_up = await self._s.clients.upsert(client)  # type: ignore[arg-type]  # ClientFields
            client = client_up.model
        if isinstance(sales_executive, Mapping):
            sales_up = await self._s.sales_executives.upsert(sales_executive)  # type: ignore[arg-type]
            sales_executive = sales_up.model
        if isinstance(presales_engineer, Mapping):
            # Presales engineers are users: found (by e-mail, else name), never created.
            key = "email" if presales_engineer.get("email") else "name"
            presales_engineer = await self._s.presales_engineers.find_one(
                **{key: presales_engineer[key]}
            )
        given = {
            "project_name": project_name,
            "client": client,
            "sales_executive": sales_executive,
            "presales_engineer": presales_engineer,
            "payment_term": payment_term,
            "rate_table": rate_table,
            "tag_list": tags,
        }
        out.update({k: v for k, v in given.items() if v is not None})  # type: ignore[typeddict-item]  # keys are ProjectFields keys
        if variables:
            out["project_variables"] = await self._variables(variables, existing is None)
        if existing is None:
            if "payment_term" not in out:
                default = await self._default_payment_term()
                if default is not None:
                    out["payment_term"] = default
            project, action = await self.create(out), "created"
        else:
            project = await self.update(existing, out)
            action = "unchanged" if project is existing else "updated"
        location_up = None
        if location is not None:
            location_up = await self._s.project_locations.upsert(location, within=project)
        return ProjectSaved(project, action, client_up, sales_up, location_up)  # type: ignore[arg-type]
