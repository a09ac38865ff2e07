"""The JSON:API layer: documents, queries, pagination, resource clients and typed models."""

from __future__ import annotations

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
from .models import Me, Privilege, structure_resource
from .query import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, build_query, parse_query
from .resources import JsonApiTransport, Page, ResourceClient

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
