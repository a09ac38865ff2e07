"""Projects: create or update one in a single call, then list its services by phase.

    python examples/typed_projects.py

The create finds or creates its client and links the account's default payment term; the
update sends only what changed and never resets the payment term (the connector's bug).
"""

from __future__ import annotations

import asyncio

from scopestack_async.sandbox import Sandbox


async def main() -> dict[str, object]:
    async with Sandbox(records=50) as sandbox, sandbox.session() as session:
        saved = await session.projects.create_or_update(
            project_name="Core network refresh",
            client={"name": "Vandelay Industries", "domain": "vandelay.example"},
            tags=["network", "q3"],
        )
        project = await session.projects.get(saved.project.id, include=["client", "payment-term"])
        term = project.payment_term
        print(f"{saved.action} project {project.id}: {project.project_name!r}")
        print(
            f"  client {getattr(project.client, 'name', None)!r}, term {getattr(term, 'name', None)!r}"
        )

        again = await session.projects.create_or_update(id=project.id, project_name="Core refresh")
        print(f"then {again.action}: {again.project.project_name!r}, tags {again.project.tag_list}")

        # Every service of a seeded project with its phase and resource, in one request.
        seeded = (await session.projects.list(page_size=1)).data[0]
        groups = await session.project_services.of_project(seeded)
        print(f"services of project {seeded.id} by phase:")
        for group in groups:
            name = getattr(group.phase, "name", None) or "(no phase)"
            print(f"  {name}: {len(group.services)} services, {group.hours} hours")
        return {"created": saved.action, "updated": again.action, "groups": len(groups)}


if __name__ == "__main__":
    asyncio.run(main())
