"""Fault injection and bookkeeping, as aiohttp middlewares.

The decision (``plan_fault``) is a pure function of the config and a random draw; the
middleware only carries it out. Order, outermost first: stats, faults, errors.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import attrs
import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

from .config import SandboxConfig
from .documents import JSONAPI, JsonApiError, error_object
from .runtime import RUNTIME, RejectError

__all__ = ["FaultPlan", "errors_middleware", "faults_middleware", "plan_fault", "stats_middleware"]


@attrs.frozen
class FaultPlan:
    """What to do to one request: wait, answer with a fault status, or reset mid-body."""

    delay: float = 0.0
    status: int | None = None
    reset: bool = False


def plan_fault(config: SandboxConfig, draw: Callable[[], float]) -> FaultPlan:
    """Decide the faults for one request from the knobs and uniform draws in [0, 1)."""
    delay = config.latency + (draw() * config.jitter if config.jitter else 0.0)
    if config.rate_limit_rate and draw() < config.rate_limit_rate:
        return FaultPlan(delay, 429)
    if config.fault_rate and config.fault_statuses and draw() < config.fault_rate:
        statuses = config.fault_statuses
        return FaultPlan(delay, statuses[min(int(draw() * len(statuses)), len(statuses) - 1)])
    return FaultPlan(delay, None, bool(config.reset_rate and draw() < config.reset_rate))


def is_api_path(path: str) -> bool:
    """API requests (not OAuth, not the sandbox's control endpoints)."""
    return not (path.startswith(("/oauth/", "/_sandbox/")))


def fault_response(status: int, retry_after: int) -> web.Response:
    """What a real deployment's edge sends for each fault status."""
    if status == 429:
        # Rack::Attack's default throttle answer.
        return web.Response(
            status=429, text="Retry later\n", headers={"Retry-After": str(retry_after)}
        )
    if status == 500:
        doc = {
            "errors": [error_object("Internal Server Error", "Internal Server Error", "500", 500)]
        }
        return web.Response(status=500, body=orjson.dumps(doc), headers={"Content-Type": JSONAPI})
    # 502/503 come from the proxy in front of the app: HTML, not JSON.
    reason = {502: "Bad Gateway", 503: "Service Unavailable"}.get(status, "Error")
    html = f"<html><body><h1>{status} {reason}</h1></body></html>"
    return web.Response(status=status, text=html, content_type="text/html")


async def _reset(request: web.Request, response: web.StreamResponse) -> web.StreamResponse:
    body = response.body if isinstance(response, web.Response) else None
    if not isinstance(body, bytes) or len(body) < 2 or request.transport is None:
        return response
    stream = web.StreamResponse(status=response.status, headers=response.headers)
    stream.content_length = len(body)
    await stream.prepare(request)
    await stream.write(body[: len(body) // 2])
    # Headers and half the body are on the wire; now drop the connection.
    request.transport.close()
    return stream


@web.middleware
async def faults_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Apply latency, 429, 5xx and mid-body resets to API requests."""
    rt = request.app[RUNTIME]
    config = rt.config
    if not (
        is_api_path(request.path) or (config.faults_on_auth and request.path.startswith("/oauth/"))
    ):
        return await handler(request)
    plan = plan_fault(config, rt.fault_rng.random)
    if plan.delay > 0:
        await asyncio.sleep(plan.delay)
    if plan.status is not None:
        rt.stats.faults[str(plan.status)] += 1
        if plan.status == 429:
            rt.stats.rate_limited += 1
        return fault_response(plan.status, config.retry_after)
    response = await handler(request)
    if plan.reset:
        rt.stats.faults["reset"] += 1
        return await _reset(request, response)
    return response


@web.middleware
async def errors_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn RejectError and JsonApiError into responses; JSON:API 404/405 on API paths."""
    try:
        return await handler(request)
    except RejectError as exc:
        return exc.response
    except JsonApiError as exc:
        return web.Response(status=exc.status, body=exc.body(), headers={"Content-Type": JSONAPI})
    except web.HTTPException as exc:
        if not is_api_path(request.path) or exc.status not in (404, 405):
            raise
        title = "Not found" if exc.status == 404 else "Method not allowed"
        problem = JsonApiError.one(
            exc.status, title, f"No route matches {request.path}", str(exc.status)
        )
        return web.Response(
            status=exc.status, body=problem.body(), headers={"Content-Type": JSONAPI}
        )


@web.middleware
async def stats_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count API answers by status and stamp an X-Request-Id."""
    if not is_api_path(request.path):
        return await handler(request)
    rt = request.app[RUNTIME]
    response = await handler(request)
    rt.stats.api_requests[response.status] += 1
    if not response.prepared:
        response.headers["X-Request-Id"] = rt.request_id()
    return response
