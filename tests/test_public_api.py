"""The public surface: pinned, so a change to it is a deliberate change to this file."""

from __future__ import annotations

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


def test_import_loads_only_what_every_program_needs() -> None:
    """Stores, export, the loopback server and optional libraries load on first use."""
    import subprocess
    import sys

    lazy = (
        "scopestack_async.export",
        "scopestack_async.stores.file",
        "scopestack_async.stores.keyring_store",
        "scopestack_async.stores.redis_store",
        "filelock",
        "aiohttp.web",
        "keyring",
        "redis",
        "click",
        "rich",
        "opentelemetry",
    )
    code = (
        "import sys, scopestack_async as ss\n"
        f"print(sorted(m for m in {lazy!r} if m in sys.modules))\n"
        "ss.FileTokenStore, ss.ExportResult\n"
        "print('scopestack_async.stores.file' in sys.modules, 'scopestack_async.export' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.splitlines() == ["[]", "True True"]
