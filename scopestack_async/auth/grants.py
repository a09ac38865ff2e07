"""One :class:`Authenticator` strategy per OAuth grant.

An authenticator knows how to get a first token for one user. Refreshing is not its business
(the :class:`~scopestack_async.auth.manager.TokenManager` does that for every grant the same
way); it is asked again only when a refresh is impossible, and only if it can run unattended.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import attrs

from .._core.tokens import Token
from ..errors import AuthenticationError
from .endpoint import TokenEndpoint

__all__ = ["Authenticator", "ClientCredentialsGrant", "PasswordGrant", "RefreshTokenGrant"]


@runtime_checkable
class Authenticator(Protocol):
    """A strategy that obtains a first token for one user.

    ``subject`` names the user inside the token store's key (None: not named, so the session
    refuses a token store it did not create, where two users would share one slot);
    ``unattended`` says whether ``authenticate`` can run with nobody at the keyboard (so it may
    be retried when a refresh token is dead).
    """

    @property
    def subject(self) -> str | None:
        """Who the token belongs to, as part of the store key (e.g. the username)."""
        ...

    @property
    def unattended(self) -> bool:
        """True when :meth:`authenticate` needs no human."""
        ...

    async def authenticate(self, endpoint: TokenEndpoint) -> Token:
        """Obtain a new token from the token endpoint."""
        ...


def _scope(scope: str | None) -> dict[str, str]:
    # Clients in the wild hit failures sending scope: only send it when asked to.
    return {"scope": scope} if scope else {}


def _username(grant: PasswordGrant) -> str:
    return grant.username


@attrs.frozen
class PasswordGrant:
    """Resource owner password grant: the guide's flow for service accounts (unattended).

    ``subject`` (the store key's user part) defaults to the username; the CLI passes its
    profile's slot instead, so two profiles never share a token.
    """

    username: str
    password: str = attrs.field(repr=False)
    scope: str | None = None
    subject: str = attrs.field(default=attrs.Factory(_username, takes_self=True))

    @property
    def unattended(self) -> bool:
        """Always True: the password is at hand."""
        return True

    async def authenticate(self, endpoint: TokenEndpoint) -> Token:
        """POST grant_type=password."""
        fields = {"grant_type": "password", "username": self.username, "password": self.password}
        return await endpoint.request_token(fields | _scope(self.scope))


@attrs.frozen
class ClientCredentialsGrant:
    """Client credentials grant for ScopeStack's named service-account credentials (unattended).

    The credentials identify the service user, so the client id is the subject.
    """

    scope: str | None = None
    subject: str = "client_credentials"

    @property
    def unattended(self) -> bool:
        """Always True."""
        return True

    async def authenticate(self, endpoint: TokenEndpoint) -> Token:
        """POST grant_type=client_credentials."""
        return await endpoint.request_token(
            {"grant_type": "client_credentials"} | _scope(self.scope)
        )


@attrs.frozen
class RefreshTokenGrant:
    """Start from a refresh token someone already holds (e.g. from a login elsewhere).

    It cannot re-authenticate: once the refresh token is dead, the user must log in again.
    Name the user with ``subject`` when the token store is shared (or persistent).
    """

    refresh_token: str = attrs.field(repr=False)
    subject: str | None = None

    @property
    def unattended(self) -> bool:
        """False: a dead refresh token needs a human to log in again."""
        return False

    async def authenticate(self, endpoint: TokenEndpoint) -> Token:
        """Exchange the held refresh token for a first access token."""
        if not self.refresh_token:
            raise AuthenticationError(
                "Not logged in: no token is stored for this user and no refresh token was "
                "given. Log in first (`scopestack login` on the command line), or pass the "
                "refresh token you hold as refresh_token=."
            )
        return await endpoint.refresh(self.refresh_token)
