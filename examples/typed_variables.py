"""Variables: read the definitions of a context, write typed values, read them back.

    python examples/typed_variables.py

Values are checked against their definitions (type, bounds, select options, required)
before anything is sent; a bad value raises VariableError listing every problem.
"""

from __future__ import annotations

import asyncio

from scopestack_async.resources import VariableError, read_value
from scopestack_async.sandbox import Sandbox


async def main() -> dict[str, object]:
    async with Sandbox(records=50) as sandbox, sandbox.session() as session:
        definitions = await session.project_variables.definitions("project")
        for d in definitions:
            print(f"  {d.name}: {d.variable_type}{' (required)' if d.required else ''}")
        try:
            await session.project_variables.encode("project", {"seats": "many", "nope": 1})
        except VariableError as exc:
            print(f"refused before sending: {'; '.join(exc.problems)}")
        values = await session.project_variables.encode(
            "project", {"po_number": "PO-88", "seats": 12}
        )
        project = (await session.projects.list(page_size=1)).data[0]
        updated = await session.projects.update(project, {"project_variables": values})
        seats = read_value(updated.project_variables, "seats")
        print(
            f"project {updated.id}: po_number={read_value(updated.project_variables, 'po_number')!r}, seats={seats!r}"
        )
        return {"definitions": len(definitions), "seats": seats}


if __name__ == "__main__":
    asyncio.run(main())
