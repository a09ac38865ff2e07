"""Two ScopeStack accounts (say Dev and Prod) side by side, with one client id and secret.

    python examples/multi_account.py

The client credentials only identify the application; the *user* decides the account. So
each account gets its own session, logged in as a user of that account, while both share one
token store (keys differ by user) and one connection pool.

Settings: SCOPESTACK_CLIENT_ID, SCOPESTACK_CLIENT_SECRET, SCOPESTACK_DEV_USERNAME,
SCOPESTACK_DEV_PASSWORD, SCOPESTACK_PROD_USERNAME, SCOPESTACK_PROD_PASSWORD and optionally
SCOPESTACK_AUTH_URL / SCOPESTACK_API_URL. Without them the example starts the embedded
sandbox, whose ``acme`` account plays Dev and ``globex`` plays Prod.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp

import scopestack_async as ss


@dataclass(frozen=True)
class Settings:
    """One client, one user per account."""

    client_id: str
    client_secret: str | None
    users: dict[str, tuple[str, str]]  # environment name -> (username, password)
    auth_url: str = "https://app.scopestack.io"
    api_url: str = "https://api.scopestack.io"


@contextlib.asynccontextmanager
async def settings() -> AsyncIterator[Settings]:
    """Settings from the SCOPESTACK_* environment, else for an embedded sandbox."""
    env = os.environ
    if "SCOPESTACK_CLIENT_ID" in env:
        users = {
            name: (env[f"SCOPESTACK_{name}_USERNAME"], env[f"SCOPESTACK_{name}_PASSWORD"])
            for name in ("DEV", "PROD")
        }
        yield Settings(
            env["SCOPESTACK_CLIENT_ID"],
            env.get("SCOPESTACK_CLIENT_SECRET"),
            users,
            env.get("SCOPESTACK_AUTH_URL", Settings.auth_url),
            env.get("SCOPESTACK_API_URL", Settings.api_url),
        )
        return
    from scopestack_async.sandbox import Sandbox

    async with Sandbox(records=300) as sb:
        dev, prod = sb.users["admin"], sb.users["globex_admin"]
        users = {"DEV": (dev.username, dev.password), "PROD": (prod.username, prod.password)}
        yield Settings(sb.client_id, sb.client_secret, users, sb.auth_url, sb.api_url)


def session_for(s: Settings, user: tuple[str, str], store: ss.TokenStore,
                pool: aiohttp.ClientSession) -> ss.ScopeStackSession:  # fmt: skip
    """A session for one account's user; the same client id and secret for every account."""
    return ss.ScopeStackSession(
        client_id=s.client_id,
        client_secret=s.client_secret,
        authenticator=ss.PasswordGrant(username=user[0], password=user[1]),
        token_store=store,  # one store: the key holds the user, so tokens never mix
        http=pool,  # one connection pool for both
        auth_url=s.auth_url,
        api_url=s.api_url,
    )


async def describe(name: str, session: ss.ScopeStackSession) -> tuple[str, int]:
    """Which account this session speaks for, and how many projects it has."""
    me = await session.me()  # always check the account before writing anything
    page = await session.resource("projects").list(page_size=1)
    count = page.record_count or 0
    print(f"{name:<5} {me.email:<24} account {me.account_slug!r} (id {me.account_id}): "
          f"{count} projects")  # fmt: skip
    return me.account_slug, count


async def main(argv: list[str] | None = None) -> dict[str, tuple[str, int]]:
    """Read both accounts concurrently; environment name -> (account slug, project count)."""
    store = ss.MemoryTokenStore()  # FileTokenStore() or RedisTokenStore(...) work the same
    async with settings() as s, aiohttp.ClientSession() as pool:
        sessions = {name: session_for(s, user, store, pool) for name, user in s.users.items()}
        try:
            found = await asyncio.gather(*(describe(n, x) for n, x in sessions.items()))
        finally:
            for session in sessions.values():
                await session.close()
    return dict(zip(sessions, found, strict=True))


if __name__ == "__main__":
    asyncio.run(main())
