"""scopestack-async: the asyncio-first SDK for the ScopeStack API.

Only re-exports live here; ``tests/test_public_api.py`` pins the list. Every name loads its
module on first use, so ``import scopestack_async`` (and the ``scopestack`` CLI's ``--help``,
which imports this package first) pays for nothing, and a program pays only for what it uses:
the interactive grants, the persistent stores, the export engine and the typed models load when
first named (``tests/test_public_api.py`` pins that).
"""

from typing import TYPE_CHECKING

from ._lazy import lazy_attributes, names_in

if TYPE_CHECKING:
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
    from .export import ExportProgress, ExportResult, Shard, iterate_export
    from .jsonapi.document import MISSING, Document, Relationship, Resource, ResourceIdentifier
    from .jsonapi.jobs import status_in, wait_until
    from .jsonapi.me import Me, Privilege
    from .jsonapi.query import build_query
    from .jsonapi.resources import Page, ResourceClient
    from .limits import ConcurrencyLimit, RateLimit
    from .options import Limits, Timeouts
    from .retry import InProcessPauseGate, PauseGate, RetryMiddleware, RetryPolicy
    from .session import ScopeStackSession
    from .stores import MemoryTokenStore, TokenStore
    from .stores.file import FileTokenStore
    from .stores.keyring_store import KeyringTokenStore
    from .stores.redis_store import RedisTokenStore


# name -> the module that defines it, imported when the name is first used.
_WHERE = {
    **names_in("._core.tokens", "RefreshWindows", "Token", "TokenKey"),
    **names_in(".auth", "Authenticator", "ClientCredentialsGrant", "PasswordGrant"),
    **names_in(".auth", "RefreshTokenGrant"),
    **names_in(".auth.interactive", "AuthorizationCodeGrant", "OutOfBandGrant"),
    **names_in(".auth.interactive", "PendingAuthorization"),
    **names_in(".errors", "AmbiguousMatchError", "APIError", "AuthenticationError"),
    **names_in(".errors", "ConfigurationError", "JobFailedError"),
    **names_in(".errors", "ConflictError", "JobTimeoutError", "NotFoundError", "OAuthError"),
    **names_in(".errors", "PermissionDeniedError", "RateLimitedError", "ResponseFormatError"),
    **names_in(".errors", "RelationshipNotLoadedError", "ScopeStackError", "ServerError"),
    **names_in(".errors", "TokenStoreError", "TransportError", "ValidationError"),
    **names_in(".events", "EventCounter", "EventHook", "SessionEvent"),
    **names_in(".export", "ExportProgress", "ExportResult", "Shard", "iterate_export"),
    **names_in(".jsonapi.document", "MISSING", "Document", "Relationship", "Resource"),
    **names_in(".jsonapi.document", "ResourceIdentifier"),
    **names_in(".jsonapi.jobs", "status_in", "wait_until"),
    **names_in(".jsonapi.me", "Me", "Privilege"),
    **names_in(".jsonapi.query", "build_query"),
    **names_in(".jsonapi.resources", "Page", "ResourceClient"),
    **names_in(".limits", "ConcurrencyLimit", "RateLimit"),
    **names_in(".options", "Limits", "Timeouts"),
    **names_in(".retry", "InProcessPauseGate", "PauseGate", "RetryMiddleware", "RetryPolicy"),
    **names_in(".session", "ScopeStackSession"),
    **names_in(".stores", "MemoryTokenStore", "TokenStore"),
    **names_in(".stores.file", "FileTokenStore"),
    **names_in(".stores.keyring_store", "KeyringTokenStore"),
    **names_in(".stores.redis_store", "RedisTokenStore"),
}

__getattr__, __dir__ = lazy_attributes(__name__, _WHERE, globals())

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
    "Limits",
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
    "Timeouts",
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
