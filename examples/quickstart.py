"""Quickstart against the embedded sandbox: log in, see who you are, read and write, refresh.

    python examples/quickstart.py

No network and no credentials: the sandbox is a local ScopeStack with public seeded users.
Against a real account, replace the sandbox's URLs and credentials with yours.
"""

from __future__ import annotations

import asyncio

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox


async def main() -> None:
    # Tokens that live 3 s, so the run shows a refresh happening by itself.
    async with Sandbox(records=500, token_ttl=3) as sandbox:
        admin = sandbox.users["admin"]
        async with ss.ScopeStackSession(
            client_id=sandbox.client_id,
            client_secret=sandbox.client_secret,
            authenticator=ss.PasswordGrant(username=admin.username, password=admin.password),
            auth_url=sandbox.auth_url,
            api_url=sandbox.api_url,
        ) as session:
            me = await session.me()
            print(f"Logged in as {me.name} <{me.email}> in account {me.account_slug!r}")

            page = await session.request(
                "GET",
                f"/{me.account_slug}/v1/projects",
                params={"page[size]": "5", "sort": "-updated-at"},
            )
            print(f"{page.meta['record-count']} projects; the first five:")
            for project in page.data or []:  # type: ignore[union-attr]
                print(f"  {project.id:>5}  {project.attributes['project-name']}")

            created = await session.request(
                "POST",
                f"/{me.account_slug}/v1/clients",
                json={"data": {"type": "clients", "attributes": {"name": "Quickstart Ltd"}}},
            )
            print(f"Created client {created.data.id}")  # type: ignore[union-attr]

            await asyncio.sleep(3.5)  # the access token expires meanwhile
            again = await session.me(refresh=True)
            stats = session.tokens.stats
            print(
                f"Still {again.email} after expiry: {stats.refreshes} refresh(es), "
                f"{stats.authentications} login(s)"
            )


if __name__ == "__main__":
    asyncio.run(main())
