"""Authorization-code rules (RFC 6749 §4.1, RFC 7636 PKCE, RFC 8252 loopback): pure.

Secrets made here (state, code verifier) and read here (codes) are returned to the caller and
never formatted into a message: errors say which check failed, never with what value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from typing import Literal

import attrs
from yarl import URL

from ..errors import AuthenticationError, ConfigurationError, OAuthError
from .urls import is_loopback, resolve

__all__ = [
    "OOB_REDIRECT_URI",
    "REDIRECT_MISMATCH",
    "Callback",
    "ChallengeMethod",
    "authorize_url",
    "callback_error",
    "code_challenge",
    "code_from_paste",
    "code_refused",
    "loopback_bind",
    "new_state",
    "new_verifier",
    "parse_callback",
    "redirect_mismatch_error",
    "states_match",
]

ChallengeMethod = Literal["S256", "plain"]

#: The out-of-band redirect URI: Doorkeeper shows the code on a page instead of redirecting.
OOB_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob"

#: What Doorkeeper's authorize page says when the redirect URI is not the registered one.
REDIRECT_MISMATCH = "The requested redirect uri is malformed or doesn't match client redirect URI."

# RFC 7636 §4.1: 43-128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
# Doorkeeper codes are urlsafe base64; allow the whole unreserved set to be lenient.
_CODE = re.compile(r"[A-Za-z0-9\-._~]{8,512}")

_ERROR_ADVICE = {
    "access_denied": "The user declined the authorization request. Ask them to try again and approve it.",
    "invalid_request": "The authorization request was malformed; check redirect_uri and client_id.",
    "unauthorized_client": "This client may not use the authorization-code grant: ask ScopeStack support to enable it.",
    "unsupported_response_type": "The server does not allow response_type=code for this client: ask ScopeStack support to enable the authorization-code grant.",
    "invalid_scope": "The requested scope is invalid: ScopeStack clients normally ask for no scope.",
    "server_error": "The authorization server failed; try again later.",
    "temporarily_unavailable": "The authorization server is busy; try again later.",
}


def new_state() -> str:
    """A fresh random ``state``: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def new_verifier() -> str:
    """A fresh PKCE code verifier: 64 random bytes as 86 URL-safe characters (RFC 7636 §4.1)."""
    return secrets.token_urlsafe(64)


def code_challenge(verifier: str, method: ChallengeMethod = "S256") -> str:
    """The challenge sent at the authorize step for ``verifier`` (RFC 7636 §4.2)."""
    if not _VERIFIER.fullmatch(verifier):
        raise ConfigurationError(
            "A PKCE code verifier must be 43-128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)."
        )
    if method == "plain":
        return verifier
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def states_match(expected: str, given: str | None) -> bool:
    """Compare the kept state with the returned one in constant time."""
    if not given or not expected:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def authorize_url(
    auth_url: URL,
    *,
    client_id: str,
    redirect_uri: str,
    state: str | None = None,
    challenge: str | None = None,
    method: ChallengeMethod = "S256",
    scope: str | None = None,
) -> URL:
    """``{auth_url}/oauth/authorize?response_type=code&…`` for one login attempt."""
    query = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri}
    if state:
        query["state"] = state
    if challenge:
        query["code_challenge"] = challenge
        query["code_challenge_method"] = method
    if scope:
        query["scope"] = scope
    return resolve(auth_url, "/oauth/authorize").with_query(query)


@attrs.frozen
class Callback:
    """What came back to the redirect URI: a code, or an RFC 6749 §4.1.2.1 error."""

    code: str | None = attrs.field(default=None, repr=False)
    state: str | None = attrs.field(default=None, repr=False)
    error: str | None = None
    error_description: str | None = None


def parse_callback(query: Mapping[str, str]) -> Callback:
    """Read a callback's query; values that are not strings count as absent."""

    def text(name: str) -> str | None:
        value = query.get(name)
        return value if isinstance(value, str) and value else None

    return Callback(
        code=text("code"),
        state=text("state"),
        error=text("error"),
        error_description=text("error_description"),
    )


def callback_error(callback: Callback) -> AuthenticationError:
    """The error to raise for a callback that carries ``error=…`` (or neither code nor error)."""
    if callback.error is None:
        return AuthenticationError(
            "The callback carried neither an authorization code nor an error. Start the login again."
        )
    advice = _ERROR_ADVICE.get(callback.error, "Start the login again.")
    # The description is the server's text, not a secret; clip it so a page cannot flood logs.
    said = (
        f" The server said: {callback.error_description[:200]}"
        if callback.error_description
        else ""
    )
    return OAuthError(
        f"The authorization request ended with {callback.error}. {advice}{said}",
        error=callback.error,
        description=callback.error_description,
    )


def code_refused(exc: OAuthError, redirect_uri: str) -> OAuthError:
    """A code-exchange refusal, explained: with ``invalid_grant`` every cause is listed."""
    if exc.error != "invalid_grant":
        return exc
    return OAuthError(
        "The authorization code was refused (invalid_grant). Either it expired (codes live 10 "
        "minutes) or was already used; or the PKCE code_verifier does not match the challenge "
        "sent at the authorize step (keep the pending authorization of *this* login attempt); or "
        f"the redirect URI {redirect_uri} does not match the one used at the authorize step and "
        "registered for this client. Start the login again; if it keeps failing, ask ScopeStack "
        f"support to register {redirect_uri} as this client's callback URL.",
        error=exc.error,
        description=exc.description,
        status=exc.status,
    )


def redirect_mismatch_error(redirect_uri: str) -> AuthenticationError:
    """The error for Doorkeeper's authorize-page message about the redirect URI."""
    return AuthenticationError(
        f"ScopeStack said: {REDIRECT_MISMATCH} The redirect URI {redirect_uri} is not the callback "
        "URL registered for this client (one URL is registered per client). Ask ScopeStack "
        f"support to register {redirect_uri} as this client's callback URL, or configure the URL "
        "they registered."
    )


def code_from_paste(text: str, redirect_uri: str = OOB_REDIRECT_URI) -> str:
    """The code from what a user pasted: the bare code, or the native page's URL."""
    pasted = text.strip()
    if "redirect uri is malformed" in pasted or "match client redirect" in pasted:
        raise redirect_mismatch_error(redirect_uri)
    if "code=" in pasted:
        try:
            pasted = URL(pasted).query.get("code", "")
        except ValueError:  # a bad port or IPv6 host; the text may hold the code: never echo it
            raise _not_a_code() from None
    if not _CODE.fullmatch(pasted):
        raise _not_a_code()
    return pasted


def _not_a_code() -> AuthenticationError:
    return AuthenticationError(
        "What was pasted is not an authorization code. Copy the code shown under "
        "'Authorization code:' after approving, and paste it alone (or the whole address of "
        "that page, unchanged)."
    )


def loopback_bind(redirect_uri: URL, port: int | None) -> tuple[str, int, bool]:
    """Where the CLI callback server listens: ``(host, port, any_port)``.

    Doorkeeper accepts any port on a registered loopback IP literal (RFC 8252 §7.3) but treats
    ``localhost`` as an ordinary host, whose port must match exactly.
    """
    host = redirect_uri.host or ""
    if redirect_uri.scheme != "http" or not is_loopback(host):
        raise ConfigurationError(
            f"The CLI login needs a loopback redirect URI such as http://127.0.0.1:8765/callback; "
            f"got {redirect_uri}. Ask ScopeStack support to register one for this client, use "
            "ss.OutOfBandGrant, or in a web app use session.begin_authorization()."
        )
    if host.lower() == "localhost":
        return "127.0.0.1", _registered_port(redirect_uri, port), False
    if port is not None:
        return host, port, False
    return host, 0, True


def _registered_port(redirect_uri: URL, port: int | None) -> int:
    return port if port is not None else (redirect_uri.port or 80)
