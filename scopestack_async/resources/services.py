"""The services of a project with their phases and resources, in one walk with includes
(the connector made N+1 requests per service), grouped by phase."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from ..jsonapi.document import ResourceIdentifier
from .client import TypedClient
from .models import ProjectPhase, ProjectService, ProjectServiceFields, ProjectServiceFilter

__all__ = ["PhaseGroup", "ProjectServicesClient"]

DEFAULT_INCLUDE = ("project-phase", "project-resource")


@attrs.frozen
class PhaseGroup:
    """The services of one phase (``phase`` is None for services without one), in order."""

    phase: ProjectPhase | ResourceIdentifier | None
    services: tuple[ProjectService, ...]

    @property
    def hours(self) -> Decimal:
        """The phase's total hours (``total-hours``, else ``extended-hours``)."""
        return sum(
            (s.total_hours or s.extended_hours or Decimal(0) for s in self.services), Decimal(0)
        )


def _position(phase: Any) -> tuple[int, str]:
    position = getattr(phase, "position", None)
    return (position if isinstance(position, int) else 1 << 30, str(getattr(phase, "id", "")))


def group_by_phase(services: Iterable[ProjectService]) -> list[PhaseGroup]:
    """Services grouped by phase: phases by position, services by position then id."""
    groups: dict[str, tuple[Any, list[ProjectService]]] = {}
    for service in services:
        phase = service.project_phase
        key = "" if phase is None else phase.id
        groups.setdefault(key, (phase, []))[1].append(service)
    ordered = sorted(groups.values(), key=lambda g: (g[0] is None, _position(g[0])))
    return [
        PhaseGroup(
            phase,
            tuple(
                sorted(items, key=lambda s: (s.position or 0, int(s.id) if s.id.isdigit() else 0))
            ),
        )
        for phase, items in ordered
    ]


class ProjectServicesClient(
    TypedClient[ProjectService, ProjectServiceFields, ProjectServiceFilter]
):
    """``session.project_services``: typed services plus :meth:`of_project`."""

    async def of_project(
        self,
        project: Any,
        *,
        service_type: str | Sequence[str] | None = None,
        active: bool | None = None,
        include: Iterable[str] = DEFAULT_INCLUDE,
    ) -> list[PhaseGroup]:
        """Every service of ``project`` (every page), its phase and resource included in
        the same requests, grouped by phase."""
        where: ProjectServiceFilter = {"project": project}
        if service_type is not None:
            where["service_type"] = service_type
        if active is not None:
            where["active"] = active
        services = [s async for s in self.iterate(where=where, include=include)]
        return group_by_phase(services)
