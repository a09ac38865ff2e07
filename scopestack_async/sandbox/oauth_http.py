"""The OAuth endpoints over HTTP: thin shells around OAuthState."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

import orjson
from aiohttp import web

from .guard import bearer_token
from .oauth import TOKEN_INVALID, OAuthError, bearer_challenge, native_page
from .runtime import RUNTIME

__all__ = ["add_oauth_routes"]

_NO_STORE = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Content-Type": "application/json; charset=utf-8",
}


def _basic(request: web.Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if header[:6].lower() != "basic ":
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, _, secret = decoded.partition(":")
    return unquote(client_id), unquote(secret)


async def _form(request: web.Request) -> dict[str, str]:
    data = await request.post()
    return {k: v for k, v in data.items() if isinstance(v, str)}


def _oauth_error(exc: OAuthError) -> web.Response:
    headers = dict(_NO_STORE)
    headers["WWW-Authenticate"] = exc.www_authenticate()
    return web.Response(status=exc.status, body=exc.body(), headers=headers)


async def token(request: web.Request) -> web.Response:
    """``POST /oauth/token``."""
    state = request.app[RUNTIME].oauth
    try:
        body = state.token(await _form(request), _basic(request))
    except OAuthError as exc:
        return _oauth_error(exc)
    return web.Response(body=orjson.dumps(body), headers=_NO_STORE)


async def token_get(_request: web.Request) -> web.Response:
    """``GET /oauth/token`` is not routed in Doorkeeper."""
    return web.Response(status=404, text="Not Found")


async def revoke(request: web.Request) -> web.Response:
    """``POST /oauth/revoke``: 200 {} (even for unknown tokens), 403 for a foreign client."""
    state = request.app[RUNTIME].oauth
    status, body = state.revoke(await _form(request), _basic(request))
    return web.Response(status=status, body=orjson.dumps(body), headers=_NO_STORE)


async def token_info(request: web.Request) -> web.Response:
    """``GET /oauth/token/info``."""
    info = request.app[RUNTIME].oauth.token_info(bearer_token(request))
    if info is not None:
        return web.Response(body=orjson.dumps(info), headers=_NO_STORE)
    headers = dict(_NO_STORE)
    headers["WWW-Authenticate"] = bearer_challenge("invalid_token", TOKEN_INVALID)
    body = {"error": "invalid_token", "error_description": TOKEN_INVALID, "state": "unauthorized"}
    return web.Response(status=401, body=orjson.dumps(body), headers=headers)


async def introspect(request: web.Request) -> web.Response:
    """``POST /oauth/introspect`` for an authenticated client."""
    state = request.app[RUNTIME].oauth
    try:
        body = state.introspect(await _form(request), _basic(request))
    except OAuthError as exc:
        return _oauth_error(exc)
    return web.Response(body=orjson.dumps(body), headers=_NO_STORE)


async def authorize(request: web.Request) -> web.Response:
    """``GET /oauth/authorize``: auto-approval for the sandbox user named by the request.

    The user is the ``sandbox_user`` query parameter, else the ``X-Sandbox-User`` header,
    else ``config.authorize_user`` (a key of ``sb.users`` or a username).
    """
    rt = request.app[RUNTIME]
    params = {k: v for k, v in request.query.items() if k != "sandbox_user"}
    hint = (
        request.query.get("sandbox_user")
        or request.headers.get("X-Sandbox-User")
        or rt.config.authorize_user
    )
    user = rt.world.users.get(hint) or rt.world.users_by_name.get(hint.lower())
    native = f"{request.scheme}://{request.host}/oauth/authorize/native"
    outcome = rt.oauth.authorize(params, user, native)
    if outcome.location is None:
        return web.Response(text=outcome.html(), content_type="text/html")
    return web.Response(
        status=302,
        text=outcome.html(),
        content_type="text/html",
        headers={"Location": outcome.location, "Cache-Control": "no-store"},
    )


async def native(request: web.Request) -> web.Response:
    """``GET /oauth/authorize/native?code=…``: the out-of-band code page."""
    return web.Response(text=native_page(request.query.get("code", "")), content_type="text/html")


def add_oauth_routes(app: web.Application) -> None:
    """Register the Doorkeeper routes on ``app``."""
    r = app.router
    r.add_post("/oauth/token", token)
    r.add_get("/oauth/token", token_get, allow_head=False)
    r.add_post("/oauth/revoke", revoke)
    r.add_get("/oauth/token/info", token_info)
    r.add_post("/oauth/introspect", introspect)
    r.add_get("/oauth/authorize", authorize)
    r.add_get("/oauth/authorize/native", native)
