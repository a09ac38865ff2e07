"""scopestack-async: the asyncio-first SDK for the ScopeStack API.

Only re-exports live here; ``tests/test_public_api.py`` pins the list. Every name loads its
module on first use, so ``import scopestack_async`` (and the ``scopestack`` CLI's ``--help``,
which imports this package first) pays for nothing, and a program pays only for what it uses:
the interactive grants, the persistent stores, the export engine and the typed models load when
first named (``tests/test_public_api.py`` pins that).
"""

from typing import TYPE_CHECKING

from ._lazy import lazy_attributes

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


def _from(module: str, *names: str) -> dict[str, str]:
    return dict.fromkeys(names, module)


# name -> the module that defines it, imported when the name is first used.
_WHERE = {
    **_from("._core.tokens", "RefreshWindows", "Token", "TokenKey"),
    **_from(".auth", "Authenticator", "ClientCredentialsGrant", "PasswordGrant"),
    **_from(".auth", "RefreshTokenGrant"),
    **_from(".auth.interactive", "AuthorizationCodeGrant", "OutOfBandGrant"),
    **_from(".auth.interactive", "PendingAuthorization"),
    **_from(".errors", "AmbiguousMatchError", "APIError", "AuthenticationError"),
    **_from(".errors", "ConfigurationError", "JobFailedError"),
    **_from(".errors", "ConflictError", "JobTimeoutError", "NotFoundError", "OAuthError"),
    **_from(".errors", "PermissionDeniedError", "RateLimitedError", "ResponseFormatError"),
    **_from(".errors", "RelationshipNotLoadedError", "ScopeStackError", "ServerError"),
    **_from(".errors", "TokenStoreError", "TransportError", "ValidationError"),
    **_from(".events", "EventCounter", "EventHook", "SessionEvent"),
    **_from(".export", "ExportProgress", "ExportResult", "Shard", "iterate_export"),
    **_from(".jsonapi.document", "MISSING", "Document", "Relationship", "Resource"),
    **_from(".jsonapi.document", "ResourceIdentifier"),
    **_from(".jsonapi.jobs", "status_in", "wait_until"),
    **_from(".jsonapi.me", "Me", "Privilege"),
    **_from(".jsonapi.query", "build_query"),
    **_from(".jsonapi.resources", "Page", "ResourceClient"),
    **_from(".limits", "ConcurrencyLimit", "RateLimit"),
    **_from(".options", "Limits", "Timeouts"),
    **_from(".retry", "InProcessPauseGate", "PauseGate", "RetryMiddleware", "RetryPolicy"),
    **_from(".session", "ScopeStackSession"),
    **_from(".stores", "MemoryTokenStore", "TokenStore"),
    **_from(".stores.file", "FileTokenStore"),
    **_from(".stores.keyring_store", "KeyringTokenStore"),
    **_from(".stores.redis_store", "RedisTokenStore"),
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
