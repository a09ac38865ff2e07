"""Turn an API error response into the right exception: one pure function, no I/O.

The body may be a JSON:API errors document (``{"errors": [...]}``), a Doorkeeper/OAuth-style
object (``{"error": ..., "error_description": ...}``), an HTML page from a proxy, or empty;
every case yields an :class:`~scopestack_async.errors.APIError` subclass chosen by status,
whose message says what happened and what to do next. The server's text (details, titles,
pointers, codes, the request id, the content type) and the ``errors`` kept on the exception
pass through the session's :class:`~scopestack_async._core.redact.Redactor` first: a server
may echo the ``Authorization`` header it was sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from .._core.redact import NO_SECRETS, Redactor
from .._core.rules import write_may_have_applied
from ..errors import (
    APIError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    ValidationError,
)

__all__ = ["error_for_response", "error_lines"]

_MAX_LINES = 20
_NEXT_STEP = {
    400: "Check the query parameters (filter, include, sort, fields, page) for this resource type.",
    401: "The token was refused: log in again (or check the credentials).",
    403: "The user's role lacks the privilege for this action; ask an account admin to grant it.",
    404: "Check the id, the resource type and the account slug (from /v1/me).",
    409: "The resource changed or already exists; re-read it and retry the write.",
    422: "Fix the listed attributes or relationships and send the request again.",
    429: "The API is rate limiting this client; wait before retrying and lower the concurrency.",
}
_SERVER_STEP = "The server failed; retry later, and report it with the request id if it persists."


def _decode(body: bytes) -> Any:
    if not body.strip():
        return None
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def _error_objects(decoded: Any) -> list[Mapping[str, Any]]:
    """The JSON:API ``errors`` array, or one synthesised from an OAuth-style body."""
    if not isinstance(decoded, dict):
        return []
    errors = decoded.get("errors")
    if isinstance(errors, list):
        return [e for e in errors if isinstance(e, dict)]
    if isinstance(decoded.get("error"), str):
        detail = decoded.get("error_description")
        error: dict[str, Any] = {"code": decoded["error"], "title": decoded["error"]}
        if isinstance(detail, str):
            error["detail"] = detail
        return [error]
    return []


def _pointer(error: Mapping[str, Any]) -> str | None:
    source = error.get("source")
    if not isinstance(source, Mapping):
        return None
    for key in ("pointer", "parameter", "header"):
        if isinstance(source.get(key), str):
            return str(source[key])
    return None


def _line(error: Mapping[str, Any]) -> str:
    title, detail = error.get("title"), error.get("detail")
    text = detail or title or error.get("code") or "(no detail)"
    pointer = _pointer(error)
    if pointer:
        return f"{pointer}: {text}"
    if isinstance(title, str) and isinstance(detail, str) and title not in detail:
        return f"{title}: {detail}"
    return str(text)


def error_lines(errors: list[Mapping[str, Any]]) -> list[str]:
    """One ``"pointer: detail"`` line per error (at most 20, then a count of the rest)."""
    lines = [_line(e) for e in errors[:_MAX_LINES]]
    if len(errors) > _MAX_LINES:
        lines.append(f"... and {len(errors) - _MAX_LINES} more")
    return lines


def _body_note(body: bytes, content_type: str | None, decoded: Any) -> str:
    if not body.strip():
        return "The response body was empty."
    if decoded is None:
        kind = content_type.split(";")[0].strip()[:100] if content_type else "unknown type"
        return f"The response body was not JSON ({kind}, {len(body)} bytes)."
    return "The response carried no JSON:API errors."


def _class_for(status: int) -> type[APIError]:
    if status >= 500:
        return ServerError
    classes: dict[int, type[APIError]] = {
        403: PermissionDeniedError,
        404: NotFoundError,
        409: ConflictError,
        422: ValidationError,
        429: RateLimitedError,
    }
    return classes.get(status, APIError)


def _server_step(method: str) -> str:
    applied = write_may_have_applied(method)
    if applied is None:
        return _SERVER_STEP
    # A 5xx may come after the server applied the write: say so before anyone retries it.
    return f"The server failed, and {applied}. {_SERVER_STEP.removeprefix('The server failed; ')}"


def _message(status: int, method: str, url: str, details: str, request_id: str | None) -> str:
    step = _server_step(method) if status >= 500 else _NEXT_STEP.get(status, "Check the request.")
    rid = f" (request id {request_id})" if request_id else ""
    if details.endswith("\n"):
        return f"{method} {url} failed with HTTP {status}{rid}:{details}{step}"
    return f"{method} {url} failed with HTTP {status}{rid}: {details} {step}"


def _details(status: int, lines: list[str], body: bytes, ctype: str | None, decoded: Any) -> str:
    if len(lines) > 1 or (lines and status == 422):
        return "\n" + "".join(f"  {line}\n" for line in lines)
    if not lines:
        return _body_note(body, ctype, decoded)
    return lines[0] if lines[0].endswith(".") else lines[0] + "."


def error_for_response(
    status: int,
    body: bytes,
    *,
    method: str,
    url: str,
    request_id: str | None,
    content_type: str | None,
    retry_after: float | None = None,
    redactor: Redactor = NO_SECRETS,
) -> APIError:
    """The exception for an error response (status >= 400); pure, never raises.

    ``url`` must already be free of secrets (the SDK never puts one in a URL).
    ``retry_after`` (seconds, parsed by the caller) is kept on a RateLimitedError.
    ``redactor`` masks the session's secrets in every piece of server text kept or shown.
    """
    decoded = _decode(body)
    errors: list[Mapping[str, Any]] = redactor.value(_error_objects(decoded))
    lines = [redactor.text(line) for line in error_lines(errors)]
    details = _details(status, lines, body, redactor.text(content_type or ""), decoded)
    if request_id is not None:
        request_id = redactor.text(request_id, limit=100)
    message = _message(status, method.upper(), url, details, request_id)
    common: dict[str, Any] = {
        "status": status,
        "method": method.upper(),
        "url": url,
        "request_id": request_id,
        "errors": errors,
    }
    cls = _class_for(status)
    if cls is RateLimitedError:
        return RateLimitedError(message, retry_after=retry_after, **common)
    return cls(message, **common)
