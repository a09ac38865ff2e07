"""Doorkeeper-like OAuth state and decisions (sans-I/O: no aiohttp here).

Rows mirror Doorkeeper's ``oauth_access_tokens`` table: an access token and its refresh
token live in one row, so revoking either revokes both.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import secrets
import time
from collections.abc import Callable, Mapping
from html import escape
from typing import Any
from urllib.parse import urlencode, urlsplit

import attrs
import orjson

from .config import SandboxConfig
from .data import OOB_URI, OAuthClient, SandboxUser
from .stats import SandboxStats
from .store import World

__all__ = [
    "INVALID_CLIENT",
    "INVALID_GRANT",
    "AuthorizeOutcome",
    "CodeGrant",
    "OAuthError",
    "OAuthState",
    "TokenRow",
    "bearer_challenge",
    "redirect_matches",
]

INVALID_GRANT = (
    "The provided authorization grant is invalid, expired, revoked, does not match the "
    "redirection URI used in the authorization request, or was issued to another client."
)
INVALID_CLIENT = (
    "Client authentication failed due to unknown client, no client authentication included, "
    "or unsupported authentication method."
)
UNSUPPORTED_GRANT = "The authorization grant type is not supported by the authorization server."
INVALID_SCOPE = "The requested scope is invalid, unknown, or malformed."
INVALID_REDIRECT = "The requested redirect uri is malformed or doesn't match client redirect URI."
UNSUPPORTED_RESPONSE = "The authorization server does not support this response type."
BAD_CHALLENGE_METHOD = "The code challenge method must be plain or S256."
KNOWN_SCOPES = frozenset({"read", "write"})

TOKEN_INVALID = "The access token is invalid"
TOKEN_EXPIRED = "The access token expired"
TOKEN_REVOKED = "The access token was revoked"


def bearer_challenge(error: str, description: str) -> str:
    """The ``WWW-Authenticate`` value Doorkeeper sends with a 401."""
    return f'Bearer realm="Doorkeeper", error="{error}", error_description="{description}"'


@attrs.frozen
class OAuthError(Exception):
    """A token-endpoint refusal: HTTP status, RFC 6749 error code and description."""

    status: int
    error: str
    description: str

    def body(self) -> bytes:
        """The JSON body Doorkeeper sends."""
        return orjson.dumps({"error": self.error, "error_description": self.description})

    def www_authenticate(self) -> str:
        """The header Doorkeeper adds to every token-endpoint error."""
        return bearer_challenge(self.error, self.description)


def _missing(param: str) -> OAuthError:
    return OAuthError(400, "invalid_request", f"Missing required parameter: {param}.")


_GRANT_ERR = OAuthError(400, "invalid_grant", INVALID_GRANT)
_CLIENT_ERR = OAuthError(401, "invalid_client", INVALID_CLIENT)
_SCOPE_ERR = OAuthError(400, "invalid_scope", INVALID_SCOPE)


@attrs.define(eq=False)
class TokenRow:
    """One access token with its optional refresh token (one Doorkeeper row)."""

    access_token: str = attrs.field(repr=False)
    refresh_token: str | None = attrs.field(repr=False)
    client_id: str
    user_id: int
    scopes: tuple[str, ...]
    created_at: float
    expires_in: int
    real_ttl: float
    revoked_at: float | None = None
    previous_refresh_token: str | None = attrs.field(default=None, repr=False)
    refreshed: bool = False

    def expired(self, now: float) -> bool:
        """Whether the token's (possibly shortened) lifetime is over."""
        return now >= self.created_at + self.real_ttl


@attrs.define(eq=False)
class CodeGrant:
    """An authorization code waiting to be exchanged."""

    code: str = attrs.field(repr=False)
    client_id: str
    user_id: int
    redirect_uri: str
    scopes: tuple[str, ...]
    challenge: str | None = attrs.field(repr=False)
    method: str | None
    expires_at: float
    used: bool = False


@attrs.frozen
class AuthorizeOutcome:
    """What ``/oauth/authorize`` answers: a redirect (``location``) or an HTML error page."""

    location: str | None = None
    error_message: str | None = None

    def html(self) -> str:
        """The page body: Rails' redirect stub or Doorkeeper's error page."""
        if self.location is not None:
            href = escape(self.location, quote=True)
            return f'<html><body>You are being <a href="{href}">redirected</a>.</body></html>'
        return (
            "<!DOCTYPE html><html><head><title>OAuth authorization required</title></head>"
            '<body><main role="main"><header class="page-header">'
            f"<h1>An error has occurred</h1></header><pre>{escape(self.error_message or '')}"
            "</pre></main></body></html>"
        )


def native_page(code: str) -> str:
    """The out-of-band page that shows an authorization code."""
    return (
        "<!DOCTYPE html><html><head><title>OAuth authorization required</title></head><body>"
        '<header class="page-header">\n  <h1>Authorization code:</h1>\n</header>\n'
        f'<main role="main">\n  <code id="authorization_code">{escape(code)}</code>\n</main>'
        "</body></html>"
    )


def redirect_matches(registered: str, given: str) -> bool:
    """Doorkeeper's rule: exact match, except any port for a loopback IP literal (RFC 8252)."""
    if registered == given:
        return True
    reg, got = urlsplit(registered), urlsplit(given)
    if reg.hostname != "127.0.0.1" or reg.scheme != "http":
        return False
    try:
        got.port  # noqa: B018 - a malformed port raises here
    except ValueError:
        return False
    return (got.scheme, got.hostname, got.path, got.query) == (
        reg.scheme,
        reg.hostname,
        reg.path,
        reg.query,
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def pkce_ok(challenge: str, method: str, verifier: str) -> bool:
    """Check a PKCE verifier against the challenge (S256 or plain)."""
    if method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
        return hmac.compare_digest(_b64(digest), challenge)
    return hmac.compare_digest(verifier, challenge)


class OAuthState:
    """Tokens, codes and the grant logic of the sandbox's Doorkeeper."""

    def __init__(
        self,
        world: World,
        stats: SandboxStats,
        get_config: Callable[[], SandboxConfig],
        *,
        seed: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.world = world
        self.stats = stats
        self.config = get_config
        self.clock = clock
        self.rng = random.Random(f"oauth:{seed}")
        self.by_access: dict[str, TokenRow] = {}
        self.by_refresh: dict[str, TokenRow] = {}
        self.codes: dict[str, CodeGrant] = {}
        self._jwt_key = secrets.token_bytes(32)
        self._grants: dict[str, Callable[[Mapping[str, str], OAuthClient | None], TokenRow]] = {
            "password": self._password,
            "refresh_token": self._refresh,
            "authorization_code": self._code,
            "client_credentials": self._client_credentials,
        }

    # -- token endpoint -------------------------------------------------------------------

    def token(self, form: Mapping[str, str], basic: tuple[str, str] | None) -> dict[str, Any]:
        """Run one ``/oauth/token`` request; return the response body or raise OAuthError."""
        grant_type = form.get("grant_type", "")
        self.stats.token_requests[grant_type or "(none)"] += 1
        try:
            row = self._token(grant_type, form, basic)
        except OAuthError as exc:
            self.stats.token_errors[exc.error] += 1
            raise
        return self.token_body(row)

    def _token(
        self, grant_type: str, form: Mapping[str, str], basic: tuple[str, str] | None
    ) -> TokenRow:
        if not grant_type:
            raise _missing("grant_type")
        grant = self._grants.get(grant_type)
        if grant is None:
            raise OAuthError(400, "unsupported_grant_type", UNSUPPORTED_GRANT)
        return grant(form, self.authenticate_client(form, basic))

    def authenticate_client(
        self, form: Mapping[str, str], basic: tuple[str, str] | None
    ) -> OAuthClient | None:
        """The client the request authenticates as; None when it sent no client id."""
        client_id, secret = basic if basic else (form.get("client_id"), form.get("client_secret"))
        if not client_id:
            return None
        client = self.world.client(client_id)
        if client is None:
            raise _CLIENT_ERR
        if client.client_secret is not None and not hmac.compare_digest(
            (secret or "").encode(), client.client_secret.encode()
        ):
            raise _CLIENT_ERR
        return client

    def _scopes(self, requested: str | None, allowed: frozenset[str]) -> tuple[str, ...]:
        wanted = self.config().default_scope.split() if not requested else requested.split()
        if not set(wanted) <= allowed:
            raise _SCOPE_ERR
        return tuple(dict.fromkeys(wanted))

    def _password(self, form: Mapping[str, str], client: OAuthClient | None) -> TokenRow:
        if client is None:
            raise _CLIENT_ERR
        user = self.world.users_by_name.get(form.get("username", "").lower())
        password = form.get("password", "")
        if (
            user is None
            or not password
            or not hmac.compare_digest(password.encode(), user.password.encode())
        ):
            raise _GRANT_ERR
        if not self.world.user_active(user.id):
            raise _GRANT_ERR
        scopes = self._scopes(form.get("scope"), KNOWN_SCOPES)
        return self.issue(client.client_id, user.id, scopes, refresh=True)

    def _refresh(self, form: Mapping[str, str], client: OAuthClient | None) -> TokenRow:
        token = form.get("refresh_token")
        if not token:
            raise _missing("refresh_token")
        row = self.by_refresh.get(token)
        if row is not None and row.refreshed:
            # Counted even when it fails: a well-behaved client never presents a used token.
            self.stats.refresh_reuse += 1
        if row is None or row.revoked_at is not None:
            raise _GRANT_ERR
        self._check_refresh_client(row, client)
        if not self.world.user_active(row.user_id):
            raise _GRANT_ERR
        scopes = self._scopes(form.get("scope") or " ".join(row.scopes), frozenset(row.scopes))
        return self._rotate(row, token, scopes)

    def _check_refresh_client(self, row: TokenRow, client: OAuthClient | None) -> None:
        owner = self.world.client(row.client_id)
        if client is None and owner is not None and owner.confidential:
            raise _GRANT_ERR
        if client is not None and client.client_id != row.client_id:
            raise _GRANT_ERR

    def _rotate(self, row: TokenRow, token: str, scopes: tuple[str, ...]) -> TokenRow:
        mode = self.config().rotation
        row.refreshed = True
        self.stats.refreshes += 1
        now = self.clock()
        if mode == "immediate":
            row.revoked_at = now
        new = self.issue(
            row.client_id, row.user_id, scopes, refresh=mode != "off", expires_in=row.expires_in
        )
        if mode == "on_use":
            new.previous_refresh_token = token
        elif mode == "off":
            new.refresh_token = token
            self.by_refresh[token] = new
        return new

    def _code(self, form: Mapping[str, str], client: OAuthClient | None) -> TokenRow:
        code = form.get("code")
        if not code:
            raise _missing("code")
        grant = self.codes.get(code)
        if grant is not None and grant.challenge and not form.get("code_verifier"):
            raise _missing("code_verifier")
        redirect_uri = form.get("redirect_uri")
        if not redirect_uri:
            raise _missing("redirect_uri")
        if client is None:
            raise _CLIENT_ERR
        self._check_code(grant, client, redirect_uri, form.get("code_verifier"))
        assert grant is not None  # _check_code raised otherwise
        grant.used = True
        return self.issue(client.client_id, grant.user_id, grant.scopes, refresh=True)

    def _check_code(
        self, grant: CodeGrant | None, client: OAuthClient, redirect_uri: str, verifier: str | None
    ) -> None:
        if grant is None or grant.used or grant.client_id != client.client_id:
            raise _GRANT_ERR
        if self.clock() >= grant.expires_at or not self.world.user_active(grant.user_id):
            raise _GRANT_ERR
        if not redirect_matches(grant.redirect_uri, redirect_uri):
            raise _GRANT_ERR
        # Doorkeeper 5.5: if either side used PKCE, check it. A verifier for a code issued
        # without a challenge is a downgrade (someone else's PKCE-less code), not a bonus.
        if (grant.challenge or verifier) and not pkce_ok(
            grant.challenge or "", grant.method or "plain", verifier or ""
        ):
            raise _GRANT_ERR

    def _client_credentials(self, form: Mapping[str, str], client: OAuthClient | None) -> TokenRow:
        if client is None:
            raise _CLIENT_ERR
        if client.owner is None:
            # Only service-account credentials may use this grant, as on a stock Doorkeeper
            # that does not enable it.
            raise OAuthError(400, "unsupported_grant_type", UNSUPPORTED_GRANT)
        user = self.world.users[client.owner]
        if not self.world.user_active(user.id):
            raise _GRANT_ERR
        scopes = self._scopes(form.get("scope"), KNOWN_SCOPES)
        return self.issue(client.client_id, user.id, scopes, refresh=False)

    def issue(
        self,
        client_id: str,
        user_id: int,
        scopes: tuple[str, ...],
        *,
        refresh: bool,
        expires_in: int | None = None,
    ) -> TokenRow:
        """Mint and store a new row."""
        config = self.config()
        now = self.clock()
        lifetime = int(config.token_ttl) if expires_in is None else expires_in
        real = float(lifetime)
        if config.early_expiry_rate and self.rng.random() < config.early_expiry_rate:
            real = min(real, config.early_expiry_after)
        access = self._access_token(user_id, client_id, now, lifetime)
        row = TokenRow(
            access,
            secrets.token_urlsafe(32) if refresh else None,
            client_id,
            user_id,
            scopes,
            now,
            lifetime,
            real,
        )
        self.by_access[access] = row
        if row.refresh_token:
            self.by_refresh[row.refresh_token] = row
        return row

    def _access_token(self, user_id: int, client_id: str, now: float, lifetime: int) -> str:
        if self.config().token_format == "opaque":
            return secrets.token_urlsafe(32)
        header = _b64(b'{"alg":"HS256","typ":"JWT"}')
        claims = {
            "iss": "scopestack-sandbox",
            "sub": str(user_id),
            "aud": client_id,
            "iat": int(now),
            "exp": int(now) + lifetime,
            "jti": secrets.token_urlsafe(12),
        }
        payload = _b64(orjson.dumps(claims))
        sig = hmac.new(self._jwt_key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        return f"{header}.{payload}.{_b64(sig)}"

    @staticmethod
    def token_body(row: TokenRow) -> dict[str, Any]:
        """The token response, field for field as Doorkeeper sends it."""
        body: dict[str, Any] = {
            "access_token": row.access_token,
            "token_type": "Bearer",
            "expires_in": row.expires_in,
        }
        if row.refresh_token:
            body["refresh_token"] = row.refresh_token
        body["scope"] = " ".join(row.scopes)
        body["created_at"] = int(row.created_at)
        return body

    # -- protected resources ----------------------------------------------------------------

    def check_access(self, token: str | None) -> tuple[TokenRow | None, str]:
        """Validate a bearer token: the row, or None and the ``error_description``."""
        row = self.by_access.get(token) if token else None
        if row is None:
            return None, TOKEN_INVALID
        if row.revoked_at is not None:
            return None, TOKEN_REVOKED
        now = self.clock()
        if not self.world.user_active(row.user_id):
            row.revoked_at = now
            return None, TOKEN_REVOKED
        if row.expired(now):
            return None, TOKEN_EXPIRED
        rate = self.config().revocation_rate
        if rate and self.rng.random() < rate:
            row.revoked_at = now
            return None, TOKEN_REVOKED
        self._mark_used(row, now)
        return row, ""

    def _mark_used(self, row: TokenRow, now: float) -> None:
        # on_use rotation: the first use of the new token revokes the row of the old one.
        if row.previous_refresh_token is None:
            return
        old = self.by_refresh.get(row.previous_refresh_token)
        row.previous_refresh_token = None
        if old is not None and old is not row and old.revoked_at is None:
            old.revoked_at = now

    def token_info(self, token: str | None) -> dict[str, Any] | None:
        """``/oauth/token/info`` for a valid token, else None."""
        row, _ = self.check_access(token)
        if row is None:
            return None
        remaining = int(row.created_at + row.expires_in - self.clock())
        return {
            "resource_owner_id": row.user_id,
            "scope": list(row.scopes),
            "expires_in": max(0, remaining),
            "application": {"uid": row.client_id},
            "created_at": int(row.created_at),
        }

    def revoke(
        self, form: Mapping[str, str], basic: tuple[str, str] | None
    ) -> tuple[int, dict[str, str]]:
        """``/oauth/revoke``: status and body."""
        token = form.get("token", "")
        row = self.by_access.get(token) or self.by_refresh.get(token)
        if row is None:
            return 200, {}
        owner = self.world.client(row.client_id)
        if owner is not None and owner.confidential and not self._client_is(form, basic, owner):
            return 403, {
                "error": "unauthorized_client",
                "error_description": "You are not authorized to revoke this token",
            }
        if row.revoked_at is None:
            row.revoked_at = self.clock()
        return 200, {}

    def _client_is(
        self, form: Mapping[str, str], basic: tuple[str, str] | None, owner: OAuthClient
    ) -> bool:
        try:
            client = self.authenticate_client(form, basic)
        except OAuthError:
            return False
        return client is not None and client.client_id == owner.client_id

    def introspect(self, form: Mapping[str, str], basic: tuple[str, str] | None) -> dict[str, Any]:
        """``/oauth/introspect`` for an authenticated client (raises OAuthError otherwise)."""
        if self.authenticate_client(form, basic) is None:
            raise _CLIENT_ERR
        row = self.by_access.get(form.get("token", "")) or self.by_refresh.get(
            form.get("token", "")
        )
        now = self.clock()
        if row is None or row.revoked_at is not None or row.expired(now):
            return {"active": False}
        return {
            "active": True,
            "scope": " ".join(row.scopes),
            "client_id": row.client_id,
            "token_type": "Bearer",
            "exp": int(row.created_at + row.expires_in),
            "iat": int(row.created_at),
        }

    # -- authorize ----------------------------------------------------------------------------

    def authorize(
        self, params: Mapping[str, str], user: SandboxUser | None, native_url: str
    ) -> AuthorizeOutcome:
        """Auto-approve an authorization request for ``user``, or explain the error."""
        error = self._authorize_error(params)
        if error is not None:
            return AuthorizeOutcome(error_message=error)
        if user is None or not self.world.user_active(user.id) or user.user_type == "service":
            return AuthorizeOutcome(error_message="Invalid Email or password.")
        redirect_uri = params["redirect_uri"]
        code = secrets.token_urlsafe(32)
        scopes = tuple(params.get("scope", "").split()) or tuple(
            self.config().default_scope.split()
        )
        self.codes[code] = CodeGrant(
            code,
            params["client_id"],
            user.id,
            redirect_uri,
            scopes,
            params.get("code_challenge") or None,
            params.get("code_challenge_method") or None,
            self.clock() + self.config().code_ttl,
        )
        if redirect_uri == OOB_URI:
            return AuthorizeOutcome(location=f"{native_url}?{urlencode({'code': code})}")
        query = {"code": code}
        if params.get("state"):
            query["state"] = params["state"]
        sep = "&" if "?" in redirect_uri else "?"
        return AuthorizeOutcome(location=f"{redirect_uri}{sep}{urlencode(query)}")

    def _authorize_error(self, params: Mapping[str, str]) -> str | None:
        if not params.get("client_id"):
            return "Missing required parameter: client_id."
        client = self.world.client(params["client_id"])
        if client is None:
            return INVALID_CLIENT
        if not redirect_matches(client.redirect_uri, params.get("redirect_uri", "")):
            return INVALID_REDIRECT
        if params.get("response_type") != "code":
            return UNSUPPORTED_RESPONSE
        if not set(params.get("scope", "").split()) <= KNOWN_SCOPES:
            return INVALID_SCOPE
        if params.get("code_challenge") and params.get("code_challenge_method") not in (
            "S256",
            "plain",
        ):
            return BAD_CHALLENGE_METHOD
        return None

    # -- control ----------------------------------------------------------------------------

    def live_count(self, user_id: int) -> int:
        """How many of one user's access tokens are not revoked (expired ones included)."""
        return sum(
            1
            for row in self.by_access.values()
            if row.revoked_at is None and row.user_id == user_id
        )

    def revoke_all(self, user_id: int | None = None) -> int:
        """Revoke every live row (of one user, or of all); return how many."""
        now = self.clock()
        count = 0
        for row in self.by_access.values():
            if row.revoked_at is None and (user_id is None or row.user_id == user_id):
                row.revoked_at = now
                count += 1
        return count

    def expire_all(self) -> int:
        """Make every live access token expired now (refresh tokens keep working)."""
        now = self.clock()
        count = 0
        for row in self.by_access.values():
            if row.revoked_at is None and not row.expired(now):
                row.real_ttl = now - row.created_at
                count += 1
        return count
