"""Authentication: grants (``Authenticator`` strategies), the token endpoint, the token manager
(one refresh at a time) and the aiohttp auth middleware."""

from .endpoint import TokenEndpoint
from .grants import Authenticator, ClientCredentialsGrant, PasswordGrant, RefreshTokenGrant
from .manager import TokenManager, TokenStats
from .middleware import AuthMiddleware

__all__ = [
    "AuthMiddleware",
    "Authenticator",
    "ClientCredentialsGrant",
    "PasswordGrant",
    "RefreshTokenGrant",
    "TokenEndpoint",
    "TokenManager",
    "TokenStats",
]
