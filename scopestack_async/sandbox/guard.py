"""Protected-resource checks: bearer token, scope, account and role privilege.

The 401/403 answers follow Doorkeeper's ``doorkeeper_authorize!`` in the configured
rendering (empty body, OAuth JSON, or a JSON:API document).
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from aiohttp import web

from .config import SandboxConfig
from .data import ACCESS_LEVELS, ROLES, Account, ResourceSpec, SandboxUser
from .documents import JSONAPI, JsonApiError, forbidden
from .oauth import TOKEN_EXPIRED, TokenRow, bearer_challenge
from .runtime import RejectError, Runtime

__all__ = ["account_for", "bearer_token", "principal", "require_level"]

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def bearer_token(request: web.Request) -> str | None:
    """The access token: Authorization header (any case of Bearer), then query params."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    query = request.query
    return query.get("access_token") or query.get("bearer_token") or None


def _render(config: SandboxConfig, status: int, body: Mapping[str, object] | None) -> web.Response:
    headers = dict(_NO_STORE)
    if config.error_rendering == "empty" or body is None:
        headers["Content-Type"] = "text/html"
        return web.Response(status=status, body=b"", headers=headers)
    if config.error_rendering == "oauth":
        headers["Content-Type"] = "application/json; charset=utf-8"
        return web.Response(status=status, body=orjson.dumps(body), headers=headers)
    title = "Unauthorized" if status == 401 else "Forbidden"
    doc = {
        "errors": [
            {
                "title": title,
                "detail": body["error_description"],
                "code": str(status),
                "status": str(status),
            }
        ]
    }
    headers["Content-Type"] = JSONAPI
    return web.Response(status=status, body=orjson.dumps(doc), headers=headers)


def unauthorized(config: SandboxConfig, description: str) -> web.Response:
    """Doorkeeper's 401, or the 403 some deployments send for an expired token."""
    if description == TOKEN_EXPIRED and config.expired_status == 403:
        return scope_forbidden(config, "Access denied")
    body = {"error": "invalid_token", "error_description": description, "state": "unauthorized"}
    response = _render(config, 401, body)
    response.headers["WWW-Authenticate"] = bearer_challenge("invalid_token", description)
    return response


def scope_forbidden(config: SandboxConfig, description: str) -> web.Response:
    """Doorkeeper's 403 for a missing scope: no WWW-Authenticate."""
    body = {"error": "invalid_scope", "error_description": description, "state": "forbidden"}
    return _render(config, 403, body)


def principal(request: web.Request, rt: Runtime, *, write: bool) -> tuple[TokenRow, SandboxUser]:
    """The token row and user behind the request, or RejectError with Doorkeeper's answer."""
    row, description = rt.oauth.check_access(bearer_token(request))
    if row is None:
        raise RejectError(unauthorized(rt.config, description))
    needed = "write" if write else "read"
    if needed not in row.scopes:
        raise RejectError(scope_forbidden(rt.config, f"{needed.capitalize()} access"))
    return row, rt.world.users_by_id[row.user_id]


def account_for(rt: Runtime, slug: str, user: SandboxUser) -> Account:
    """The account named in the URL, if the user belongs to it (404 unknown, 403 other)."""
    account = rt.world.accounts_by_slug.get(slug)
    if account is None:
        raise JsonApiError.one(
            404, "Record not found", f"Account {slug} could not be found.", "404"
        )
    if account.id != user.account_id:
        raise forbidden()
    return account


def has_level(user: SandboxUser, spec: ResourceSpec, level: str) -> bool:
    """Whether the user's role grants ``level`` on the resource's privilege."""
    granted = ROLES[user.role].get(spec.privilege)
    return granted is not None and ACCESS_LEVELS.index(granted) >= ACCESS_LEVELS.index(level)


def require_level(user: SandboxUser, spec: ResourceSpec, level: str) -> None:
    """403 (JSON:API) when the user's role lacks the privilege."""
    if spec.read_only and level != "view":
        raise forbidden()
    if not has_level(user, spec, level):
        raise forbidden()


def permissions(user: SandboxUser, spec: ResourceSpec) -> dict[str, bool]:
    """``meta.permissions`` for a user and resource type."""
    return {lvl: has_level(user, spec, lvl) for lvl in ("view", "create", "manage")}
