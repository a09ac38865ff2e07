"""Every error the SDK raises, in one tree.

::

    ScopeStackError
     ├── ConfigurationError        the session was set up wrongly (bad URL, missing client id)
     ├── TokenStoreError           a token store could not read, write or lock
     ├── TransportError            the request failed on the wire (.sent says whether it left)
     ├── ResponseFormatError       the answer was not what the API promises (not JSON, not JSON:API)
     ├── RelationshipNotLoadedError  related() found no linkage or no included target (a LookupError)
     ├── JobTimeoutError           a polled job did not finish in time (a TimeoutError)
 ├── JobFailedError            a server job ended in error (.error_text: the server's reason)
 ├── AmbiguousMatchError       a find-one or upsert matched several resources (.matches)
     ├── AuthenticationError       no valid token: log in again
     │    └── OAuthError           the token endpoint said no (.error, .description: RFC 6749 §5.2)
     └── APIError                  the API answered with an error status (.status, .request_id, .errors)
          ├── PermissionDeniedError   403 that survived a refresh: the user's role lacks a privilege
          ├── NotFoundError           404
          ├── ConflictError           409
          ├── ValidationError         422, with each error's pointer and detail
          ├── RateLimitedError        429 after every retry (.retry_after)
          └── ServerError             5xx after every retry

Every message says what happened and what to do next. No message, repr or attribute
ever holds an access token, a refresh token, a client secret or a password.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "APIError",
    "AuthenticationError",
    "ConfigurationError",
    "ConflictError",
    "AmbiguousMatchError",
    "JobFailedError",
    "JobTimeoutError",
    "NotFoundError",
    "OAuthError",
    "PermissionDeniedError",
    "RateLimitedError",
    "RelationshipNotLoadedError",
    "ResponseFormatError",
    "ScopeStackError",
    "ServerError",
    "TokenStoreError",
    "TransportError",
    "ValidationError",
]


class ScopeStackError(Exception):
    """Base of every error this SDK raises."""


class ConfigurationError(ScopeStackError):
    """The session or a component was configured wrongly; fix the arguments."""


class TokenStoreError(ScopeStackError):
    """A token store failed to read, write, delete or lock a token."""


class TransportError(ScopeStackError):
    """The HTTP exchange failed below the HTTP layer (DNS, connect, reset, timeout).

    ``sent`` is True when the request may have reached the server, so a non-idempotent
    write may have been applied; False when it certainly never left.
    """

    def __init__(self, message: str, *, sent: bool) -> None:
        super().__init__(message)
        self.sent = sent


class ResponseFormatError(ScopeStackError):
    """The server's answer could not be understood (HTML from a proxy, not JSON:API, ...)."""


class RelationshipNotLoadedError(ScopeStackError, LookupError):
    """The relationship has no linkage or its target was not included.

    Ask for it with ``include=[name]``, or fetch it with ``fetch_related()`` (one request).
    """


class JobTimeoutError(ScopeStackError, TimeoutError):
    """A polled job did not reach the wanted state in time; raise the timeout or check the
    job in ScopeStack."""


class JobFailedError(ScopeStackError):
    """A server-side job (a document, a survey calculation) ended with status ``error``.

    ``error_text`` is the server's reason (``error-text``), ``resource`` the job's final state.
    """

    def __init__(self, message: str, *, error_text: str | None, resource: Any = None) -> None:
        super().__init__(message)
        self.error_text = error_text
        self.resource = resource


class AmbiguousMatchError(ScopeStackError, LookupError):
    """A natural key matched several resources; ``matches`` lists them (type, id, label).

    Narrow the key (an exact name, a domain, an id), or clean up the duplicates.
    """

    def __init__(self, message: str, *, matches: Sequence[tuple[str, str, str]]) -> None:
        super().__init__(message)
        self.matches = tuple(matches)


class AuthenticationError(ScopeStackError):
    """No valid access token could be had or the API rejected it after a refresh."""


class OAuthError(AuthenticationError):
    """The OAuth token endpoint refused to issue a token (RFC 6749 §5.2).

    ``error`` is the machine code (``invalid_grant``, ``invalid_client``, ...), ``description``
    the server's text, ``status`` the HTTP status of the answer.
    """

    def __init__(
        self, message: str, *, error: str, description: str | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.error = error
        self.description = description
        self.status = status


class APIError(ScopeStackError):
    """The API answered with an error status.

    ``status`` is the HTTP status, ``request_id`` the server's request id when it sent one,
    ``errors`` the parsed JSON:API ``errors`` array (possibly empty), ``method`` and ``url``
    the request (the URL never carries a secret: the SDK never puts one there).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        method: str = "",
        url: str = "",
        request_id: str | None = None,
        errors: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.method = method
        self.url = url
        self.request_id = request_id
        self.errors: tuple[Mapping[str, Any], ...] = tuple(errors)


class PermissionDeniedError(APIError):
    """403 that a token refresh did not cure: the user's role lacks the privilege."""


class NotFoundError(APIError):
    """404: the resource, the account slug or the route does not exist for this user."""


class ConflictError(APIError):
    """409: the write conflicts with the resource's current state."""


class ValidationError(APIError):
    """422: the server refused the document; ``errors`` holds each pointer and detail."""


class RateLimitedError(APIError):
    """429 after every retry; ``retry_after`` is the server's last hint in seconds, if any."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """5xx after every retry: the server failed; try again later."""
