"""scopestack-async: the asyncio-first SDK for the ScopeStack API.

Only re-exports live here; ``tests/test_public_api.py`` pins the list.
"""

import importlib
from typing import TYPE_CHECKING, Any

from ._core.tokens import RefreshWindows, Token, TokenKey
from .auth import (
    Authenticator,
    ClientCredentialsGrant,
    PasswordGrant,
    RefreshTokenGrant,
)
from .auth.interactive import AuthorizationCodeGrant, OutOfBandGrant, PendingAuthorization
from .errors import (
    AmbiguousMatchError,
    APIError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    JobFailedError,
    JobTimeoutError,
    NotFoundError,
    OAuthError,
    PermissionDeniedError,
    RateLimitedError,
    RelationshipNotLoadedError,
    ResponseFormatError,
    ScopeStackError,
    ServerError,
    TokenStoreError,
    TransportError,
    ValidationError,
)
from .events import EventCounter, EventHook, SessionEvent
from .jsonapi.document import MISSING, Document, Relationship, Resource, ResourceIdentifier
from .jsonapi.jobs import status_in, wait_until
from .jsonapi.models import Me, Privilege
from .jsonapi.query import build_query
from .jsonapi.resources import Page, ResourceClient
from .limits import ConcurrencyLimit, RateLimit
from .retry import InProcessPauseGate, PauseGate, RetryMiddleware, RetryPolicy
from .session import ScopeStackSession
from .stores import MemoryTokenStore, TokenStore

if TYPE_CHECKING:
    from .export import ExportProgress, ExportResult, Shard, iterate_export
    from .stores.file import FileTokenStore
    from .stores.keyring_store import KeyringTokenStore
    from .stores.redis_store import RedisTokenStore

# Loaded on first use, so that `import scopestack_async` pays only for what every program needs.
_LAZY = {
    "ExportProgress": ".export",
    "ExportResult": ".export",
    "Shard": ".export",
    "iterate_export": ".export",
    "FileTokenStore": ".stores.file",
    "KeyringTokenStore": ".stores.keyring_store",
    "RedisTokenStore": ".stores.redis_store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "APIError",
    "AmbiguousMatchError",
    "AuthenticationError",
    "Authenticator",
    "AuthorizationCodeGrant",
    "ClientCredentialsGrant",
    "ConcurrencyLimit",
    "ConfigurationError",
    "ConflictError",
    "Document",
    "EventCounter",
    "EventHook",
    "ExportProgress",
    "ExportResult",
    "FileTokenStore",
    "InProcessPauseGate",
    "JobFailedError",
    "JobTimeoutError",
    "KeyringTokenStore",
    "MISSING",
    "Me",
    "MemoryTokenStore",
    "NotFoundError",
    "OAuthError",
    "OutOfBandGrant",
    "Page",
    "PasswordGrant",
    "PauseGate",
    "PendingAuthorization",
    "PermissionDeniedError",
    "Privilege",
    "RateLimit",
    "RateLimitedError",
    "RedisTokenStore",
    "RefreshTokenGrant",
    "RefreshWindows",
    "Relationship",
    "RelationshipNotLoadedError",
    "Resource",
    "ResourceClient",
    "ResourceIdentifier",
    "ResponseFormatError",
    "RetryMiddleware",
    "RetryPolicy",
    "ScopeStackError",
    "ScopeStackSession",
    "ServerError",
    "SessionEvent",
    "Shard",
    "Token",
    "TokenKey",
    "TokenStore",
    "TokenStoreError",
    "TransportError",
    "ValidationError",
    "build_query",
    "iterate_export",
    "status_in",
    "wait_until",
]
