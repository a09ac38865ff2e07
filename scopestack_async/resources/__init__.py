"""Typed ScopeStack resources and the common operations (docs/resources-*.md).

Everything here loads on first use: ``import scopestack_async`` does not import the models.
``session.projects``, ``session.clients``, ... are the typed clients; the model classes are
in :mod:`scopestack_async.resources.models` (generated from ``catalogue.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes

if TYPE_CHECKING:
    from .changes import Changes, Watermark
    from .client import TypedClient
    from .documents import GeneratedDocument
    from .find import Upserted, normalise_domain
    from .projects import ProjectSaved
    from .query import DateRange
    from .services import PhaseGroup
    from .variables import VariableError, encode_values, read_value

_LAZY = {
    "Changes": ".changes",
    "Watermark": ".changes",
    "TypedClient": ".client",
    "GeneratedDocument": ".documents",
    "Upserted": ".find",
    "normalise_domain": ".find",
    "ProjectSaved": ".projects",
    "DateRange": ".query",
    "PhaseGroup": ".services",
    "VariableError": ".variables",
    "encode_values": ".variables",
    "read_value": ".variables",
}

__all__ = [
    "Changes",
    "DateRange",
    "GeneratedDocument",
    "PhaseGroup",
    "ProjectSaved",
    "TypedClient",
    "Upserted",
    "VariableError",
    "Watermark",
    "encode_values",
    "normalise_domain",
    "read_value",
]


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, globals())
