"""The JSON:API layer: documents, queries, pagination, resource clients and typed models."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_attributes, names_in

if TYPE_CHECKING:
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
    from .models import structure_resource
    from .query import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, build_query, parse_query
    from .resources import JsonApiTransport, Page, ResourceClient


# Every name loads its module on first use: a session's first request needs only the document
# parser, not the error mapping, /v1/me, the resource clients, queries, jobs or the user-model
# converter (cattrs); ``tests/test_public_api.py`` pins that.
_WHERE = {
    **names_in(".document", "MISSING", "Document", "Missing", "Relationship", "Resource"),
    **names_in(".document", "ResourceIdentifier", "parse_document", "unstructure_document"),
    **names_in(".errors", "error_for_response"),
    **names_in(".jobs", "status_in", "wait_until"),
    **names_in(".me", "Me", "Privilege"),
    **names_in(".models", "structure_resource"),
    **names_in(".query", "DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "build_query", "parse_query"),
    **names_in(".resources", "JsonApiTransport", "Page", "ResourceClient"),
}

__getattr__, __dir__ = lazy_attributes(__name__, _WHERE, globals())

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
