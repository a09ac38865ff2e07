"""The JSON:API layer: documents, queries, pagination, resource clients and typed models."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes
from .document import (
    MISSING,
    Document,
    Missing,
    Relationship,
    Resource,
    ResourceIdentifier,
    parse_document,
    unstructure_document,
)
from .errors import error_for_response
from .jobs import status_in, wait_until
from .me import Me, Privilege
from .query import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, build_query, parse_query
from .resources import JsonApiTransport, Page, ResourceClient

if TYPE_CHECKING:
    from .models import structure_resource

# The user-model converter (cattrs) loads when first used.
__getattr__, __dir__ = lazy_attributes(__name__, {"structure_resource": ".models"}, globals())

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "MISSING",
    "Document",
    "JsonApiTransport",
    "Me",
    "Missing",
    "Page",
    "Privilege",
    "Relationship",
    "Resource",
    "ResourceClient",
    "ResourceIdentifier",
    "build_query",
    "error_for_response",
    "parse_document",
    "parse_query",
    "status_in",
    "structure_resource",
    "unstructure_document",
    "wait_until",
]
