"""The aiohttp client middleware that authenticates API requests.

- Credentials go only to the configured API origin (scheme, host, port). aiohttp runs the
  middleware chain again on every redirect hop, so a header set unconditionally would follow a
  redirect to another host.
- On 401/403 what to do is decided by the pure :func:`~scopestack_async._core.rules.decide_replay`
  (beside the retry decision): a 401 refreshes once and replays, and a further 401 earns
  another token (at most four in all) only when the one replayed came from a peer, or the
  server says it *expired*, or a peer has stored a newer one; a 403 refreshes and replays only
  when the token might be stale, at most once per token generation.
- The rejected response is released before waiting, so its connection goes back to the pool.
- A consumed streamed body cannot be re-sent: that is an error, never a silent empty replay.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import attrs
from aiohttp import ClientHandlerType, ClientMiddlewareType, ClientRequest, ClientResponse, hdrs
from yarl import URL

from .._chain import Relay, to_handler
from .._core.redact import Redactor, oauth_code
from .._core.rules import decide_replay
from .._core.tokens import Token
from .._core.urls import origin, redacted
from ..errors import AuthenticationError
from ..events import EventDispatcher
from ..retry import body_consumed
from .manager import TokenManager

if TYPE_CHECKING:
    from .._core.challenges import Challenge

__all__ = ["JSONAPI_MEDIA_TYPE", "AuthMiddleware"]

JSONAPI_MEDIA_TYPE = "application/vnd.api+json"

log = logging.getLogger("scopestack_async.auth")


class AuthMiddleware(Relay):
    """Injects ``Authorization`` and JSON:API headers into requests to the API origin."""

    def __init__(
        self, manager: TokenManager, api_url: URL, *, events: EventDispatcher | None = None
    ) -> None:
        self._manager = manager
        self._events = events if events is not None else EventDispatcher()
        self._origin = origin(api_url)  # compared on every request: computed once
        # Generations whose 403s are known to be genuine (a refreshed token got 403 too).
        self._genuine_403_generation = -1

    def __repr__(self) -> str:
        return f"AuthMiddleware(origin={self._origin!r})"

    async def send(
        self,
        req: ClientRequest,
        handler: ClientHandlerType,
        inner: ClientMiddlewareType = to_handler,
    ) -> ClientResponse:
        """Authenticate ``req`` if it goes to the API origin, sending through ``inner``
        (aiohttp's ``handler`` when alone); refresh and replay once if rejected."""
        if origin(req.url) != self._origin:
            return await inner(req, handler)
        _set_media_types(req)
        token = self._manager.fresh_token() or await self._manager.token_for_request()
        req.headers[hdrs.AUTHORIZATION] = token.authorization
        resp = await inner(req, handler)
        if resp.status == 401:
            return await self._after_401(_Send(req, handler, inner), resp, token)
        if resp.status == 403:
            decision = decide_replay(403, replays=0, may_be_stale=self._may_be_stale(token))
            if decision.action == "replay":
                return await self._after_403(_Send(req, handler, inner), resp, token)
        return resp

    async def _after_401(self, send: _Send, resp: ClientResponse, token: Token) -> ClientResponse:
        req = send.req
        decision = decide_replay(401, replays=0)
        # decide_replay passes after MAX_401_REPLAYS, so the loop ends there; its range is the
        # loop's own hard bound all the same.
        for replays in range(1, 9):
            if decision.action == "pass":
                return resp
            if decision.action == "replay_if_peer" and await self._peer_token(token) is None:
                return resp  # a token fetched here was refused: only a peer's newer one helps
            _log_rejection(req, resp, self._manager.redactor)
            self._release_for_replay(req, resp)
            token = await self._manager.refresh_after_rejection(token)
            resp = await self._replay(send, token, 401, decision.reason)
            decision = decide_replay(
                resp.status, replays=replays, fetched_here=self._manager.fetched_here(token),
                says_expired=resp.status == 401 and _says_expired(resp),
            )  # fmt: skip
        return resp

    async def _after_403(self, send: _Send, resp: ClientResponse, token: Token) -> ClientResponse:
        req = send.req
        _log_rejection(req, resp, self._manager.redactor)
        self._release_for_replay(req, resp)
        token = await self._manager.refresh_after_rejection(token)
        resp = await self._replay(send, token, 403, "refreshed")
        if resp.status == 403:
            self._genuine_403_generation = self._manager.generation
        return resp

    def _may_be_stale(self, token: Token) -> bool:
        current = self._manager.token
        if current is not None and current.access_token != token.access_token:
            return True  # a refresh happened while this request was in flight
        return self._manager.generation != self._genuine_403_generation

    async def _peer_token(self, rejected: Token) -> Token | None:
        current = await self._manager.reload()
        if current is None or current.access_token == rejected.access_token:
            return None
        return current

    async def _replay(self, send: _Send, token: Token, status: int, why: str) -> ClientResponse:
        req = send.req
        self._events.emit("replay", status=status, method=req.method, reason=why)
        log.debug("replaying %s %s with a new token", req.method, redacted(req.url))
        req.headers[hdrs.AUTHORIZATION] = token.authorization
        return await send.inner(req, send.handler)

    @staticmethod
    def _release_for_replay(req: ClientRequest, resp: ClientResponse) -> None:
        resp.release()
        if body_consumed(req):
            raise AuthenticationError(
                f"The API rejected the token for {req.method} {redacted(req.url)} and the "
                "request body was a stream that has already been sent, so it cannot be replayed "
                "after the token refresh. Send bytes, a str, JSON or a file instead of an async "
                "generator, or call `await session.ensure_token()` just before streaming."
            )


@attrs.frozen
class _Send:
    """What a replay sends through: built only once a request was refused."""

    req: ClientRequest
    handler: ClientHandlerType
    inner: ClientMiddlewareType


def _set_media_types(req: ClientRequest) -> None:
    headers = req.headers
    if headers.get(hdrs.ACCEPT, "*/*") == "*/*":  # absent, or aiohttp's default: one lookup
        headers[hdrs.ACCEPT] = JSONAPI_MEDIA_TYPE
    content_type = headers.get(hdrs.CONTENT_TYPE)
    if content_type is not None and content_type.startswith("application/json"):
        headers[hdrs.CONTENT_TYPE] = JSONAPI_MEDIA_TYPE


def _challenge(resp: ClientResponse) -> Challenge | None:
    # The header parser loads with the first refusal, not with the session.
    from .._core.challenges import parse_www_authenticate

    return parse_www_authenticate(resp.headers.get(hdrs.WWW_AUTHENTICATE))


def _says_expired(resp: ClientResponse) -> bool:
    challenge = _challenge(resp)
    description = challenge.error_description if challenge is not None else None
    return description is not None and "expired" in description.lower()


def _log_rejection(req: ClientRequest, resp: ClientResponse, redactor: Redactor) -> None:
    # Only the registered error code at INFO: the description is the server's free text.
    challenge = _challenge(resp)
    code = oauth_code(challenge.error) if challenge is not None and challenge.error else None
    log.info(
        "%s %s got %d (%s); refreshing the token",
        req.method,
        redacted(req.url),
        resp.status,
        code or "no WWW-Authenticate error code",
    )
    if challenge is not None and challenge.error_description:
        log.debug("the server said: %s", redactor.text(challenge.error_description))
