"""Helpers shared by the interactive tests (module name unique across tests/)."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from collections.abc import Iterable

import aiohttp
from yarl import URL

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox


def code_session(sb: Sandbox, **grant: object) -> ss.ScopeStackSession:
    """A session of the sandbox's confidential client with an AuthorizationCodeGrant."""
    options: dict[str, object] = {"redirect_uri": sb.redirect_uri, "loopback": False}
    options.update(grant)
    return ss.ScopeStackSession(
        client_id=sb.client_id,
        client_secret=sb.client_secret,
        authenticator=ss.AuthorizationCodeGrant(**options),  # type: ignore[arg-type]
        auth_url=sb.auth_url,
        api_url=sb.api_url,
    )


async def approve(browser: aiohttp.ClientSession, authorize_url: str, user: str = "admin") -> URL:
    """The browser at the authorize URL: the sandbox approves and redirects; return Location."""
    async with browser.get(
        authorize_url, headers={"X-Sandbox-User": user}, allow_redirects=False
    ) as resp:
        assert resp.status == 302, await resp.text()
        return URL(resp.headers["Location"])


def port_is_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:port (TIME_WAIT leftovers do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            return False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as conn:
        return conn.connect_ex(("127.0.0.1", port)) != 0


async def tasks_settle(baseline: set[asyncio.Task[object]]) -> set[asyncio.Task[object]]:
    """Tasks still alive beyond ``baseline`` after the loop had a bounded chance to finish them."""
    extra: set[asyncio.Task[object]] = set()
    for _ in range(100):
        extra = {t for t in asyncio.all_tasks() if t not in baseline and not t.done()}
        extra.discard(asyncio.current_task())  # type: ignore[arg-type]
        if not extra:
            break
        await asyncio.sleep(0.02)
    return extra


def assert_no_secret(text: str, secrets: Iterable[str | None]) -> None:
    """None of ``secrets`` occurs in ``text``."""
    for secret in secrets:
        if secret:
            assert secret not in text


def sdk_log_text(records: Iterable[logging.LogRecord]) -> str:
    """Every captured log line except the test browser's own (httpx, httpcore)."""
    return "\n".join(
        r.getMessage() for r in records if not r.name.startswith(("httpx", "httpcore"))
    )
