"""Control endpoints under ``/_sandbox/`` for sandboxes running in another process.

They need no credentials, so they refuse what a web page could send: a foreign ``Origin``
(any page the developer visits may POST to 127.0.0.1), a ``Host`` that is neither an IP literal,
``localhost`` nor the configured host (DNS rebinding), and a body that is not JSON on a
changing method (forms and ``text/plain`` are "simple" requests a browser sends without asking).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import orjson
from aiohttp import web

from .config import SandboxConfig
from .runtime import RUNTIME, Runtime

__all__ = ["RUNTIME_KNOBS", "add_control_routes", "control_refusal", "evolve_config"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Knobs that may change while the sandbox runs (the rest shape the world or the sockets).
RUNTIME_KNOBS = frozenset(f.name for f in attrs.fields(SandboxConfig)) - {
    "records",
    "seed",
    "host",
    "port",
    "auth_port",
    "two_ports",
}


def evolve_config(config: SandboxConfig, changes: dict[str, Any]) -> SandboxConfig:
    """A new config with ``changes``; ValueError names any knob that cannot change."""
    unknown = sorted(set(changes) - RUNTIME_KNOBS)
    if unknown:
        raise ValueError(f"cannot change {', '.join(unknown)} at runtime; restart the sandbox")
    if "fault_statuses" in changes:
        changes = {**changes, "fault_statuses": tuple(changes["fault_statuses"])}
    return attrs.evolve(config, **changes)


def _json(body: object, status: int = 200) -> web.Response:
    return web.Response(status=status, body=orjson.dumps(body), content_type="application/json")


def _rt(request: web.Request) -> Runtime:
    return request.app[RUNTIME]


async def stats(request: web.Request) -> web.Response:
    """``GET /_sandbox/stats``."""
    return _json(_rt(request).stats.as_dict())


async def reset_stats(request: web.Request) -> web.Response:
    """``POST /_sandbox/stats/reset``."""
    _rt(request).stats.reset()
    return _json({})


async def set_active(request: web.Request) -> web.Response:
    """``POST /_sandbox/users/{key}/deactivate`` or ``/reactivate``."""
    rt = _rt(request)
    key = request.match_info["key"]
    if key not in rt.world.users:
        return _json({"error": f"no sandbox user {key!r}"}, 404)
    active = request.match_info["action"] == "reactivate"
    user = rt.world.set_active(key, active)
    revoked = 0 if active else rt.oauth.revoke_all(user.id)
    return _json({"user": key, "active": active, "revoked": revoked})


async def revoke_tokens(request: web.Request) -> web.Response:
    """``POST /_sandbox/tokens/revoke``: revoke every token."""
    return _json({"revoked": _rt(request).oauth.revoke_all()})


async def expire_tokens(request: web.Request) -> web.Response:
    """``POST /_sandbox/tokens/expire``: expire every access token now."""
    return _json({"expired": _rt(request).oauth.expire_all()})


def _changes(raw: bytes) -> dict[str, Any]:
    changes = orjson.loads(raw)
    if not isinstance(changes, dict):
        raise TypeError("send a JSON object of knob names and values")
    return changes


async def patch_config(request: web.Request) -> web.Response:
    """``PATCH /_sandbox/config`` with a JSON object of knobs."""
    rt = _rt(request)
    try:
        rt.config = evolve_config(rt.config, _changes(await request.read()))
    except (ValueError, TypeError) as exc:
        return _json({"error": str(exc)}, 400)
    return _json(attrs.asdict(rt.config))


def _trusted_host(hostname: str, configured: str) -> bool:
    if hostname.lower() in ("localhost", configured.lower()):
        return True
    try:
        ipaddress.ip_address(hostname.strip("[]"))
    except ValueError:
        return False  # a DNS name: a rebinding page's own host would pass an Origin check
    return True


def control_refusal(
    method: str, host: str, origin: str | None, content_type: str, configured_host: str
) -> tuple[int, str] | None:
    """Why a control request must be refused (status, reason), or None (a pure rule)."""
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if not host or not _trusted_host(hostname, configured_host):
        return 403, (
            f"control endpoints answer only on an IP address or localhost, not Host {host!r}"
        )
    if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
        return 403, "control endpoints refuse cross-origin requests (Origin is another site)"
    if method not in _SAFE_METHODS and content_type != "application/json":
        return 415, "send control requests with Content-Type: application/json"
    return None


def _guarded(handler: Handler) -> Handler:
    async def guarded(request: web.Request) -> web.StreamResponse:
        refusal = control_refusal(
            request.method,
            request.headers.get("Host", ""),
            request.headers.get("Origin"),
            request.content_type,
            _rt(request).config.host,
        )
        if refusal is not None:
            return _json({"error": refusal[1]}, refusal[0])
        return await handler(request)

    return guarded


def add_control_routes(app: web.Application) -> None:
    """Register the control routes on ``app``, each behind :func:`control_refusal`."""
    r = app.router
    r.add_get("/_sandbox/stats", _guarded(stats))
    r.add_post("/_sandbox/stats/reset", _guarded(reset_stats))
    r.add_post("/_sandbox/users/{key}/{action:deactivate|reactivate}", _guarded(set_active))
    r.add_post("/_sandbox/tokens/revoke", _guarded(revoke_tokens))
    r.add_post("/_sandbox/tokens/expire", _guarded(expire_tokens))
    r.add_patch("/_sandbox/config", _guarded(patch_config))
