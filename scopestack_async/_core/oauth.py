"""RFC 6749 token-endpoint rules: the form we send (§4) and how to read the answer (§5.1, §5.2).

Pure: bytes in, a :class:`Token` or an :class:`OAuthError` out. Every piece of the server's
text in an error goes through the caller's :class:`~._core.redact.Redactor` first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import orjson

from ..errors import OAuthError
from .redact import NO_SECRETS, Redactor
from .tokens import Token

__all__ = ["client_form", "parse_token_response", "revoke_refusal"]

# What each RFC 6749 §5.2 code means for a ScopeStack user, and what to do about it.
_ADVICE = {
    "invalid_grant": (
        "The grant was refused: a wrong username or password, a refresh token that was already "
        "used, revoked or expired, an authorization code that expired or was used, or a password "
        "grant that is not enabled for this client. Log in again; for a service account, check "
        "its password and ask ScopeStack support to enable the grant for your client."
    ),
    "invalid_client": (
        "Client authentication failed: check the client_id and client_secret "
        "(ScopeStack support issues them, one pair per integration)."
    ),
    "unauthorized_client": (
        "This client may not use this grant type. Ask ScopeStack support to enable it, "
        "or use a grant the client is registered for."
    ),
    "unsupported_grant_type": (
        "The server does not support this grant type. Use the password grant with a "
        "service account, or ask ScopeStack support which grants your client may use."
    ),
    "invalid_request": "The token request was malformed; this is likely a bug in the caller's setup.",
    "invalid_scope": (
        "The requested scope is invalid. ScopeStack clients normally send no scope: "
        "remove the scope argument."
    ),
}


def client_form(
    client_id: str, client_secret: str | None, fields: Mapping[str, str]
) -> dict[str, str]:
    """The form body of a token request: client credentials in the body, not HTTP Basic."""
    form = {"client_id": client_id}
    if client_secret:
        form["client_secret"] = client_secret
    form.update(fields)
    return form


def parse_token_response(
    status: int,
    content_type: str | None,
    body: bytes,
    *,
    received_at: float,
    redactor: Redactor = NO_SECRETS,
) -> Token:
    """A :class:`Token` from a token-endpoint answer, or an :class:`OAuthError` saying why not.

    ``redactor`` masks the secrets of the request in any server text the error repeats."""
    data = _json_object(body)
    if data is None:
        raise _not_json(status, redactor.text(content_type or "no content type", limit=100))
    if status != 200 or "error" in data:
        raise _error(status, data, redactor)
    data = _validated(data, redactor)
    if isinstance(data.get("scope"), str):
        data["scope"] = redactor.mask(data["scope"])  # shown in the token's repr
    return Token.from_response(data, received_at=received_at)


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _not_json(status: int, kind: str) -> OAuthError:
    if status >= 500:
        what = f"The token endpoint failed with HTTP {status} ({kind}). Try again later."
        return OAuthError(what, error="server_error", status=status)
    return OAuthError(
        f"The token endpoint answered HTTP {status} with {kind}, not an OAuth JSON document. "
        "A proxy or a wrong auth_url is likely: check that auth_url points at ScopeStack's "
        "app host (https://app.scopestack.io).",
        error="invalid_response",
        status=status,
    )


def revoke_refusal(status: int, body: bytes, redactor: Redactor = NO_SECRETS) -> OAuthError:
    """The error for a revocation endpoint answer other than 200 (RFC 7009 §2.2.1)."""
    code, description = _code_and_description(_json_object(body) or {}, redactor)
    advice = (
        "The token belongs to another client, or the client_secret is wrong or missing: "
        "check client_id and client_secret."
        if code == "unauthorized_client"
        else "Check auth_url and try again later."
    )
    return OAuthError(
        f"The server refused to revoke the token ({code}, HTTP {status}). {advice}",
        error=code,
        description=description,
        status=status,
    )


def _code_and_description(data: Mapping[str, Any], redactor: Redactor) -> tuple[str, str | None]:
    # Both are the server's text: a code may be anything, even a token it was sent.
    code = data.get("error")
    description = data.get("error_description")
    return (
        redactor.text(code, limit=80) if isinstance(code, str) and code else "invalid_response",
        redactor.text(description) if isinstance(description, str) else None,
    )


def _error(status: int, data: Mapping[str, Any], redactor: Redactor) -> OAuthError:
    code, description = _code_and_description(data, redactor)
    advice = _ADVICE.get(code, "The token endpoint refused to issue a token.")
    said = f" The server said: {description}" if description else ""
    return OAuthError(
        f"OAuth error {code} (HTTP {status}). {advice}{said}",
        error=code,
        description=description,
        status=status,
    )


def _header_safe(value: str) -> bool:
    # Visible ASCII only: CR, LF or NUL in a header would fail every request later (or split it).
    return all("!" <= ch <= "~" for ch in value)


def _validated(data: dict[str, Any], redactor: Redactor) -> dict[str, Any]:
    """Check the §5.1 members we rely on; anything else is ignored."""
    problems = []
    access = data.get("access_token")
    if not isinstance(access, str) or not access:
        problems.append("access_token is missing or not a string")
    elif not _header_safe(access):
        problems.append("access_token holds characters a header cannot carry (space, CR, LF, NUL)")
    expires = data.get("expires_in")
    if expires is not None and not _positive_number(expires):
        problems.append("expires_in is not a positive number")
    refresh = data.get("refresh_token")
    if refresh is not None and (not isinstance(refresh, str) or not _header_safe(refresh)):
        problems.append("refresh_token is not a string of visible characters")
    problems.extend(
        f"{name} is not a string"
        for name in ("token_type", "scope")
        if data.get(name) is not None and not isinstance(data[name], str)
    )
    if problems:
        raise OAuthError(
            "The token endpoint's answer is malformed (" + "; ".join(problems) + "). "
            "Check that auth_url points at ScopeStack's app host.",
            error="invalid_response",
            status=200,
        )
    if data.get("token_type") and data["token_type"].lower() != "bearer":
        raise OAuthError(
            f"The token endpoint issued a {redactor.text(data['token_type'], limit=40)!r} token; "
            "this SDK only speaks Bearer.",
            error="invalid_response",
            status=200,
        )
    return data


def _positive_number(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )
