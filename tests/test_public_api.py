"""The public surface: pinned, so a change to it is a deliberate change to this file."""

from __future__ import annotations

import pytest

import scopestack_async as ss

EXPECTED = {
    "APIError",
    "AmbiguousMatchError",
    "AuthenticationError",
    "Authenticator",
    "AuthorizationCodeGrant",
    "ClientCredentialsGrant",
    "ConcurrencyLimit",
    "ConfigurationError",
    "ConflictError",
    "Document",
    "EventCounter",
    "EventHook",
    "ExportProgress",
    "ExportResult",
    "FileTokenStore",
    "InProcessPauseGate",
    "JobFailedError",
    "JobTimeoutError",
    "KeyringTokenStore",
    "Limits",
    "MISSING",
    "Me",
    "MemoryTokenStore",
    "NotFoundError",
    "OAuthError",
    "OutOfBandGrant",
    "Page",
    "PasswordGrant",
    "PauseGate",
    "PendingAuthorization",
    "PermissionDeniedError",
    "Privilege",
    "RateLimit",
    "RateLimitedError",
    "RedisTokenStore",
    "RefreshTokenGrant",
    "RefreshWindows",
    "Relationship",
    "RelationshipNotLoadedError",
    "Resource",
    "ResourceClient",
    "ResourceIdentifier",
    "ResponseFormatError",
    "RetryMiddleware",
    "RetryPolicy",
    "ScopeStackError",
    "ScopeStackSession",
    "ServerError",
    "SessionEvent",
    "Shard",
    "Timeouts",
    "Token",
    "TokenKey",
    "TokenStore",
    "TokenStoreError",
    "TransportError",
    "ValidationError",
    "build_query",
    "iterate_export",
    "status_in",
    "wait_until",
}


def test_all_is_pinned_and_sorted() -> None:
    assert set(ss.__all__) == EXPECTED
    assert list(ss.__all__) == sorted(ss.__all__)


def test_every_public_name_is_documented() -> None:
    missing = [name for name in ss.__all__ if not (getattr(ss, name).__doc__ or "").strip()]
    assert missing == []


def test_error_tree() -> None:
    for name in ss.__all__:
        obj = getattr(ss, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, ss.ScopeStackError), name
    assert issubclass(ss.OAuthError, ss.AuthenticationError)
    for cls in (
        ss.PermissionDeniedError,
        ss.NotFoundError,
        ss.ValidationError,
        ss.RateLimitedError,
        ss.ServerError,
        ss.ConflictError,
    ):
        assert issubclass(cls, ss.APIError)


# Loaded only when first used: the interactive grants, the typed models, the persistent stores,
# the export engine, the sandbox and the CLI, and the optional libraries behind them.
LAZY = (
    "scopestack_async.auth.interactive",
    "scopestack_async.auth.loopback",
    "scopestack_async._core.pkce",
    "scopestack_async.jsonapi.models",
    "scopestack_async.resources.models",
    "scopestack_async.resources.base",
    "scopestack_async.resources.client",
    "scopestack_async.resources.catalogue",
    "scopestack_async.export",
    "scopestack_async.stores.file",
    "scopestack_async.stores.keyring_store",
    "scopestack_async.stores.redis_store",
    "scopestack_async.stores._codec",
    "scopestack_async.sandbox",
    "scopestack_async.cli",
    "cattrs",
    "webbrowser",
    "filelock",
    "platformdirs",
    "aiohttp.web",
    "keyring",
    "redis",
    "click",
    "rich",
    "opentelemetry",
)

CHILD = f"""
import sys
lazy = {LAZY!r}
def loaded(names):
    return sorted(n for n in names if any(m == n or m.startswith(n + ".") for m in sys.modules))
import scopestack_async as ss
print(loaded(("aiohttp", "yarl", "attrs", "orjson", "scopestack_async.session")))
from scopestack_async import Document, Me, PasswordGrant, ScopeStackSession, TransportError
session = ScopeStackSession(client_id="c", authenticator=PasswordGrant(username="u", password="p"))
session.resource("projects"), ss.ResourceClient, ss.build_query, ss.wait_until
print(loaded(lazy))
ss.FileTokenStore, ss.ExportResult, ss.AuthorizationCodeGrant
print(loaded(("scopestack_async.stores.file", "scopestack_async.export", "scopestack_async.auth.interactive")))
"""


def test_import_loads_only_what_every_program_needs() -> None:
    """A bare import loads nothing; a session loads no store, grant or model it does not use."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.splitlines() == [
        "[]",
        "[]",
        "['scopestack_async.auth.interactive', 'scopestack_async.export', "
        "'scopestack_async.stores.file']",
    ]


def test_every_public_name_resolves_and_dir_lists_it() -> None:
    assert set(ss.__all__) <= set(dir(ss))
    for name in ss.__all__:
        assert getattr(ss, name) is getattr(ss, name)
    with pytest.raises(AttributeError, match="NoSuchName"):
        getattr(ss, "NoSuchName")  # noqa: B009  # the name is unknown on purpose
