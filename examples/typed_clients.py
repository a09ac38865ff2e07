"""Clients and people: find one by a natural key, upsert by domain then name, dry-run first.

    python examples/typed_clients.py

Runs on the embedded sandbox (no network, no credentials). Against your account, build the
session as in examples/quickstart.py and call the same methods.
"""

from __future__ import annotations

import asyncio

import scopestack_async as ss
from scopestack_async.resources.models import ClientFields
from scopestack_async.sandbox import Sandbox


async def main() -> dict[str, str]:
    async with Sandbox(records=50) as sandbox, sandbox.session() as session:
        # A company name with a comma: searched as its longest comma-free part, matched whole.
        await session.clients.create({"name": "Acme, Inc.", "domain": "acme-inc.example"})
        acme = await session.clients.find_one(name="acme, inc.")
        print(f"found {acme.name!r} (id {acme.id}, domain {acme.domain})")

        wanted: ClientFields = {
            "name": "Initech",
            "domain": "https://www.initech.example/about",  # normalised to initech.example
        }
        plan = await session.clients.upsert(wanted, dry_run=True)
        print(f"dry run: would be {plan.action}, sending {plan.changes}")
        first = await session.clients.upsert(wanted)
        second = await session.clients.upsert(wanted)  # safe to retry: nothing changes
        print(f"upsert: {first.action}, then {second.action}")

        # An inactive client with the same domain is reactivated, not duplicated.
        assert first.model is not None
        await session.clients.update(first.model, {"active": False})
        back = await session.clients.upsert(wanted)
        print(f"after deactivation: {back.action}")
        try:
            await session.clients.find_one(name="No Such Client")
        except ss.NotFoundError as exc:
            print(f"not found: {str(exc)[:40]}...")
        return {"found": acme.name or "", "first": first.action, "second": second.action,
                "again": back.action}  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
