"""The export engine loads on first use, in a thread: the event loop is not held up by it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import asyncio, json, sys, tempfile, threading
    from pathlib import Path

    import scopestack_async as ss
    from scopestack_async.sandbox import Sandbox

    loaded_on = {}

    class Recorder:
        def find_spec(self, name, path=None, target=None):
            if name.startswith("scopestack_async.export"):
                loaded_on[name] = threading.current_thread() is threading.main_thread()
            return None

    async def main():
        async with Sandbox(records=30) as sb:
            session = sb.session()
            assert "scopestack_async.export" not in sys.modules
            sys.meta_path.insert(0, Recorder())
            async with session:
                with tempfile.TemporaryDirectory() as tmp:
                    first = await session.export("projects", Path(tmp) / "a.jsonl")
                    second = await session.export("projects", Path(tmp) / "b.jsonl")
        return first.records, second.records

    records = asyncio.run(main())
    print(json.dumps({"records": records, "loaded_on_main_thread": loaded_on}))
    """
)


def test_first_export_loads_the_engine_off_the_event_loop_thread() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120, check=True
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["records"] == [30, 30]
    loaded = report["loaded_on_main_thread"]
    assert "scopestack_async.export.api" in loaded
    assert "scopestack_async.export.engine" in loaded
    assert not any(loaded.values()), loaded  # every engine module was loaded by a worker thread
