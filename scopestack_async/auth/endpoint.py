"""The only caller of ``/oauth/token``: a thin async shell around ``_core.oauth``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping

import aiohttp
from yarl import URL

from .._core.oauth import client_form, parse_token_response, revoke_refusal
from .._core.redact import Redactor
from .._core.tokens import Token
from .._core.urls import resolve
from .._transport import transport_error
from ..errors import ConfigurationError
from ..events import EventDispatcher, outcome_of

__all__ = ["TokenEndpoint"]

log = logging.getLogger("scopestack_async.auth")

# Form fields that carry a secret: credentials last, codes and tokens pass.
_LASTING_FIELDS = ("password", "client_secret")
_PASSING_FIELDS = ("refresh_token", "code", "code_verifier", "token", "assertion")


class TokenEndpoint:
    """Posts form-encoded grants to ``{auth_url}/oauth/token`` with the client's credentials.

    Calls bypass the session's middlewares (``middlewares=()``): the token endpoint is not the
    API, must never be retried blindly (a refresh token may be single-use) and must not recurse
    into the auth middleware.

    Each POST to ``/oauth/token`` is a ``token_request`` event of ``events`` (the session's
    dispatcher in a session; one of its own otherwise), and :attr:`requests` counts those.
    """

    def __init__(
        self,
        *,
        auth_url: URL,
        client_id: str,
        client_secret: str | None,
        http: aiohttp.ClientSession | Callable[[], aiohttp.ClientSession | None] | None = None,
        timeout: float = 30.0,
        events: EventDispatcher | None = None,
    ) -> None:
        self.auth_url = auth_url
        self.client_id = client_id
        self._token_url = resolve(auth_url, "/oauth/token")
        self._revoke_url = resolve(auth_url, "/oauth/revoke")
        self._client_secret = client_secret
        # The pool to post with, or how to find the owner's current one at each call (the
        # session opens and reopens its pool; nobody assigns it from outside).
        self._pool = http if callable(http) else (lambda: http)
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._events = events if events is not None else EventDispatcher()
        #: Every secret this endpoint has sent or received (see ``_core.redact``); replaced,
        #: never mutated, each time it learns one.
        self.redactor = Redactor().with_lasting(client_secret)

    @property
    def requests(self) -> int:
        """POSTs made to ``/oauth/token`` so far, failed ones included (its ``token_request``
        events)."""
        return self._events.tally.count("token_request")

    @property
    def http(self) -> aiohttp.ClientSession | None:
        """The aiohttp session the next call posts with (None while the owner is closed)."""
        return self._pool()

    def __repr__(self) -> str:
        return f"TokenEndpoint(auth_url={str(self.auth_url)!r}, client_id={self.client_id!r})"

    @property
    def token_url(self) -> URL:
        """``{auth_url}/oauth/token``."""
        return self._token_url

    async def request_token(self, fields: Mapping[str, str]) -> Token:
        """Exchange a grant's form fields for a token; raises OAuthError or TransportError."""
        grant = fields.get("grant_type", "?")
        self.learn_fields(fields)
        http = self._open_pool("token endpoint")
        log.debug("token request: grant_type=%s url=%s", grant, self.token_url)
        started = time.monotonic()
        status: int | None = None
        try:
            status, ctype, body = await self._post(http, self.token_url, fields, "token endpoint")
            log.debug("token response: grant_type=%s status=%s", grant, status)
            token = parse_token_response(
                status, ctype, body, received_at=time.time(), redactor=self.redactor
            )
        except BaseException as exc:
            # Cancelled too: the POST may have reached the server (it counts there).
            self._sent(grant, started, status, outcome_of(exc))
            raise
        self._sent(grant, started, status, "ok")
        self.learn(token)
        return token

    def _sent(self, grant: str, started: float, status: int | None, outcome: str) -> None:
        self._events.emit(
            "token_request",
            outcome=outcome,
            seconds=time.monotonic() - started,
            status=status,
            reason=grant,
        )

    def learn(self, token: Token) -> None:
        """Mask ``token``'s access and refresh tokens in every later server text."""
        self.redactor = self.redactor.with_passing(token.access_token, token.refresh_token)

    def learn_fields(self, fields: Mapping[str, str]) -> None:
        """Mask the secrets among a form's ``fields`` (password, code, verifier, token)."""
        self.redactor = self.redactor.with_lasting(
            *(fields.get(name) for name in _LASTING_FIELDS)
        ).with_passing(*(fields.get(name) for name in _PASSING_FIELDS))

    async def revoke(self, token: str) -> None:
        """Revoke an access or refresh token (RFC 7009) at ``{auth_url}/oauth/revoke``.

        ``200 {}`` is success, also for unknown or already revoked tokens; a refusal (403
        ``unauthorized_client``: another client's token or a wrong secret) raises OAuthError.
        """
        self.learn_fields({"token": token})
        http = self._open_pool("revocation endpoint")
        status, _, body = await self._post(
            http, self._revoke_url, {"token": token}, "revocation endpoint"
        )
        log.debug("revoke response: status=%s", status)
        if status != 200:
            raise revoke_refusal(status, body, self.redactor)

    def _open_pool(self, what: str) -> aiohttp.ClientSession:
        http = self.http
        if http is None or http.closed:
            raise ConfigurationError(
                f"The session is closed; open it again (`async with session:`) before "
                f"calling the {what}."
            )
        return http

    async def _post(
        self, http: aiohttp.ClientSession, url: URL, fields: Mapping[str, str], what: str
    ) -> tuple[int, str | None, bytes]:
        """POST the form with the client's credentials, bypassing the session's middlewares
        (no auth recursion, no blind retry of a single-use grant)."""
        form = client_form(self.client_id, self._client_secret, fields)
        try:
            async with http.post(
                url,
                data=form,
                headers={"Accept": "application/json"},
                middlewares=(),
                timeout=self._timeout,
                allow_redirects=False,
            ) as resp:
                return resp.status, resp.content_type, await resp.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise transport_error(
                exc,
                method="POST",
                url=url,
                what=f"Could not reach the {what}:",
                write=False,
                advice="check auth_url and the network, then try again",
            ) from exc

    async def refresh(self, refresh_token: str) -> Token:
        """Use a refresh token (RFC 6749 §6)."""
        return await self.request_token(
            {"grant_type": "refresh_token", "refresh_token": refresh_token}
        )
