"""Every page reads completely as plain Markdown, and its generated parts are up to date.

On GitHub or in an editor an MkDocs include directive shows nothing, so the examples are
inlined (``scripts/sync_docs.py``) and this test fails when a page and its example disagree.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _sync() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sync_docs", ROOT / "scripts" / "sync_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_page_needs_a_build_step_to_show_its_content() -> None:
    sync = _sync()
    found = [line for page in sync.PAGES for line in sync.directives(page)]
    assert found == []


def test_every_inlined_example_and_reference_entry_is_up_to_date() -> None:
    sync = _sync()
    stale = [str(p.relative_to(ROOT)) for p in sync.stale_pages()]
    assert stale == [], "run: python scripts/sync_docs.py"


def test_a_page_disagreeing_with_its_example_is_caught(tmp_path: Path) -> None:
    sync = _sync()
    page = (ROOT / "docs" / "quickstart.md").read_text()
    assert "<!-- example: examples/quickstart.py -->" in page
    edited = page.replace("import asyncio", "import asyncio  # edited", 1)
    assert sync.render(edited) != edited


def test_every_example_appears_inlined_in_some_page() -> None:
    text = "".join(p.read_text() for p in _sync().PAGES)
    for example in sorted((ROOT / "examples").glob("*.py")):
        assert f"<!-- example: examples/{example.name} -->" in text, example.name


def test_the_reference_is_plain_markdown_listing_every_public_name() -> None:
    import scopestack_async as ss

    reference = (ROOT / "docs" / "reference.md").read_text()
    listed = set(re.findall(r"<!-- api: scopestack_async\.(\w+) -->", reference))
    classes = {n for n in ss.__all__ if isinstance(getattr(ss, n), type)}
    errors = {n for n in classes if n.endswith("Error")}
    assert classes - errors - listed == set()
    assert "docs/reference.md" in (ROOT / "README.md").read_text()
