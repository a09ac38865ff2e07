"""scopestack-async: the asyncio-first SDK for the ScopeStack API.

Only re-exports live here; ``tests/test_public_api.py`` pins the list.
"""

from ._core.tokens import RefreshWindows, Token, TokenKey
from .auth import (
    Authenticator,
    ClientCredentialsGrant,
    PasswordGrant,
    RefreshTokenGrant,
)
from .errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    NotFoundError,
    OAuthError,
    PermissionDeniedError,
    RateLimitedError,
    ResponseFormatError,
    ScopeStackError,
    ServerError,
    TokenStoreError,
    TransportError,
    ValidationError,
)
from .jsonapi.document import Document, Resource, ResourceIdentifier
from .jsonapi.models import Me
from .retry import RetryPolicy
from .session import ScopeStackSession
from .stores._base import TokenStore
from .stores.memory import MemoryTokenStore

__all__ = [
    "APIError",
    "AuthenticationError",
    "Authenticator",
    "ClientCredentialsGrant",
    "ConfigurationError",
    "ConflictError",
    "Document",
    "Me",
    "MemoryTokenStore",
    "NotFoundError",
    "OAuthError",
    "PasswordGrant",
    "PermissionDeniedError",
    "RateLimitedError",
    "RefreshTokenGrant",
    "RefreshWindows",
    "Resource",
    "ResourceIdentifier",
    "ResponseFormatError",
    "RetryPolicy",
    "ScopeStackError",
    "ScopeStackSession",
    "ServerError",
    "Token",
    "TokenKey",
    "TokenStore",
    "TokenStoreError",
    "TransportError",
    "ValidationError",
]
