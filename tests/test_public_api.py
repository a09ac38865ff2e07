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


# What a program pays before its first request: the modules above, and also the error mapping,
# the WWW-Authenticate parser, /v1/me, the resource clients, paging, queries and jobs (and the
# stdlib modules only they need) load when first used, not for a session's construction and
# its first successful request.
FIRST_REQUEST_LAZY = (
    *LAZY,
    "scopestack_async._core.challenges",
    "scopestack_async.jsonapi.errors",
    "scopestack_async.jsonapi.me",
    "scopestack_async.jsonapi.resources",
    "scopestack_async.jsonapi.paging",
    "scopestack_async.jsonapi.query",
    "scopestack_async.jsonapi.jobs",
    "decimal",
    "html",
)

# Everything of the package that construction and a first successful request load. An allow-list,
# so a module that joins this path (a new one included) is a deliberate change to this file.
FIRST_REQUEST_LOADS = [
    "scopestack_async",
    "scopestack_async._body",
    "scopestack_async._chain",
    "scopestack_async._core",
    "scopestack_async._core.oauth",
    "scopestack_async._core.redact",
    "scopestack_async._core.rules",
    "scopestack_async._core.tokens",
    "scopestack_async._core.urls",
    "scopestack_async._lazy",
    "scopestack_async._transport",
    "scopestack_async.auth",
    "scopestack_async.auth._attended",
    "scopestack_async.auth.endpoint",
    "scopestack_async.auth.grants",
    "scopestack_async.auth.manager",
    "scopestack_async.auth.middleware",
    "scopestack_async.errors",
    "scopestack_async.events",
    "scopestack_async.jsonapi",
    "scopestack_async.jsonapi.document",
    "scopestack_async.limits",
    "scopestack_async.options",
    "scopestack_async.resources",
    "scopestack_async.resources._accessors",  # ScopeStackSession's base class
    "scopestack_async.retry",
    "scopestack_async.session",
    "scopestack_async.stores",
    "scopestack_async.stores._base",
    "scopestack_async.stores._guard",
    "scopestack_async.stores._loop_locks",
    "scopestack_async.stores.memory",
]

# A loopback server made of asyncio streams (aiohttp.web would load what is being checked):
# a token for the password grant, one JSON:API document, then a 404 (whose error mapping loads
# then).
FIRST_REQUEST_CHILD = f"""
import asyncio, sys
lazy = {FIRST_REQUEST_LAZY!r}
def loaded():
    return sorted(n for n in lazy if any(m == n or m.startswith(n + ".") for m in sys.modules))
import aiohttp
from scopestack_async import PasswordGrant, ScopeStackSession
print(loaded())
TOKEN = b'{{"access_token": "a-token-value", "token_type": "Bearer", "expires_in": 7200}}'
DOC = b'{{"data": {{"type": "projects", "id": "1", "attributes": {{"name": "p"}}}}}}'
async def answer(reader, writer):
    try:
        for _ in range(8):  # three requests are expected, on one or more connections
            head = await reader.readuntil(b"\\r\\n\\r\\n")
            length = 0
            for line in head.split(b"\\r\\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            token = head.startswith(b"POST /oauth/token")
            body, kind = (TOKEN, b"application/json") if token else (DOC, b"application/vnd.api+json")
            status = b"404 Not Found" if b" /v1/missing " in head else b"200 OK"
            writer.write(b"HTTP/1.1 " + status + b"\\r\\nContent-Type: " + kind
                         + b"\\r\\nContent-Length: " + str(len(body)).encode() + b"\\r\\n\\r\\n" + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()
async def main():
    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    url = "http://127.0.0.1:%d" % server.sockets[0].getsockname()[1]
    grant = PasswordGrant(username="u@example.com", password="pw-secret")
    async with server, ScopeStackSession(
        client_id="c", authenticator=grant, auth_url=url, api_url=url
    ) as session:
        print(loaded())
        document = await asyncio.wait_for(session.request("GET", "/v1/projects/1"), 20)
        print(document.one().attributes["name"], loaded())
        print(sorted(m for m in sys.modules if m.split(".")[0] == "scopestack_async"))
        try:
            await asyncio.wait_for(session.request("GET", "/v1/missing"), 20)
        except Exception as exc:
            print(type(exc).__name__, loaded())
asyncio.run(main())
"""


def test_first_request_loads_only_what_it_uses() -> None:
    """``from scopestack_async import ScopeStackSession``, a session and its first successful
    request load none of the modules only errors, ``me()``, resource clients or the optional
    parts need, and of the package exactly ``FIRST_REQUEST_LOADS``; the first error answer
    loads its mapping then."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", FIRST_REQUEST_CHILD],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "[]",
        "[]",
        "p []",
        repr(FIRST_REQUEST_LOADS),
        "NotFoundError ['scopestack_async.jsonapi.errors']",
    ]


def test_every_public_name_resolves_and_dir_lists_it() -> None:
    assert set(ss.__all__) <= set(dir(ss))
    for name in ss.__all__:
        assert getattr(ss, name) is getattr(ss, name)
    with pytest.raises(AttributeError, match="NoSuchName"):
        getattr(ss, "NoSuchName")  # noqa: B009  # the name is unknown on purpose
