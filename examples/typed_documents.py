"""Documents: generate a pricing document, wait for it, and save the PDF.

    python examples/typed_documents.py [OUT.pdf]

One call creates the project document, polls with backoff until it is finished and streams
the file (without the bearer token: the URL is pre-signed). A failed job raises
JobFailedError carrying the server's error-text.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox, SandboxConfig


async def main(argv: list[str] | None = None) -> Path:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(tempfile.mkdtemp()) / "pricing.pdf"
    async with Sandbox(SandboxConfig(records=20, document_delay=0.2)) as sandbox:
        async with sandbox.session() as session:
            project = (await session.projects.list(page_size=1)).data[0]
            done = await session.project_documents.generate(
                project, document_type="pricing", interval=0.1, download_to=out
            )
            print(f"document {done.document.id}: {done.document.status}, {done.url}")
            print(f"saved {done.path} ({out.stat().st_size} bytes)")
            try:
                await session.project_documents.generate(project, template="broken", interval=0.1)
            except ss.JobFailedError as exc:
                print(f"a broken template fails with: {exc.error_text}")
    return out


if __name__ == "__main__":
    asyncio.run(main())
