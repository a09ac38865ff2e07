"""Keep the docs readable as plain Markdown: inline the examples and list the API.

The pages are read on GitHub and in editors as well as on the MkDocs site, so no page may
rely on a build step to show its code. Two kinds of generated region live in the pages:

``<!-- example: examples/NAME.py -->`` ... ``<!-- /example -->``
    the example file, verbatim, in a ``python`` code block (the file stays what CI runs);
``<!-- api: scopestack_async.NAME -->`` ... ``<!-- /api -->``
    a plain-Markdown entry (kind, name, the docstring's first paragraph); the site's build hook
    (``scripts/mkdocs_hooks.py``) swaps each for mkdocstrings' full rendering.

``python scripts/sync_docs.py`` rewrites the regions; ``--check`` only reports stale pages
(exit 1), and ``tests/docs/test_docs_plain.py`` runs the same check in CI.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = (ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")))

EXAMPLE = re.compile(
    r"(?P<open><!-- example: (?P<arg>[^ ]+) -->\n)(?P<body>.*?)(?P<close><!-- /example -->)",
    re.S,
)
API = re.compile(
    r"(?P<open><!-- api: (?P<arg>[^ ]+) -->\n)(?P<body>.*?)(?P<close><!-- /api -->)", re.S
)
# What plain Markdown cannot show: snippet includes and mkdocstrings directives.
DIRECTIVES = re.compile(r"^(?:\s*--8<--|::: )", re.M)


def example_block(path: str) -> str:
    """The example file as a fenced ``python`` block."""
    text = (ROOT / path).read_text()
    return f"```python\n{text.rstrip()}\n```\n"


def _kind(obj: object) -> str:
    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        return "class"
    return "function" if callable(obj) else "value"


def _summary(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    first = doc.split("\n\n", 1)[0]
    return " ".join(first.split()) or "(no docstring)"


def resolve(dotted: str) -> object:
    """``scopestack_async.X`` or ``scopestack_async.mod.X``: the object it names."""
    try:
        return importlib.import_module(dotted)
    except ImportError:
        module, _, name = dotted.rpartition(".")
        return getattr(importlib.import_module(module), name)


def _literal_blocks(doc: str) -> str:
    """reST literal blocks (a paragraph ending in ``::``) as fenced Markdown blocks."""
    out: list[str] = []
    fence = False
    for line in doc.splitlines():
        if fence and line and not line.startswith(" "):
            out.append("```")
            fence = False
        if line.rstrip().endswith("::") and not fence:
            head = line.rstrip()[:-2].rstrip()
            out.extend([head + ":" if head else "", "```text"] if head else ["```text"])
            fence = True
            continue
        out.append(line[4:] if fence else line)
    if fence:
        out.append("```")
    return "\n".join(out).replace("```text\n\n", "```text\n").replace("\n\n```\n", "\n```\n\n")


def api_entry(dotted: str) -> str:
    """One reference entry: a heading, its kind and the docstring's first paragraph (a
    module's whole docstring, which draws its table or tree)."""
    obj = resolve(dotted)
    short = dotted.removeprefix("scopestack_async.")
    if inspect.ismodule(obj):
        body = _literal_blocks(inspect.getdoc(obj) or "").strip()
        return f"### `{short}`\n\n*module*\n\n{body}\n"
    return f"### `{short}`\n\n*{_kind(obj)}* — {_summary(obj)}\n"


def _render(pattern: re.Pattern[str], make: Callable[[str], str], text: str) -> str:
    return pattern.sub(lambda m: m["open"] + make(m["arg"]) + m["close"], text)


def render(text: str) -> str:
    """``text`` with every generated region brought up to date."""
    return _render(API, api_entry, _render(EXAMPLE, example_block, text))


def stale_pages() -> Iterator[Path]:
    """Pages whose generated regions differ from what :func:`render` makes."""
    for page in PAGES:
        text = page.read_text()
        if render(text) != text:
            yield page


def directives(page: Path) -> list[str]:
    """``page:line: text`` for each build-only directive left in a page."""
    text = page.read_text()
    return [
        f"{page.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group().strip()}"
        for m in DIRECTIVES.finditer(text)
    ]


def main(argv: list[str]) -> int:
    """Rewrite the pages (or, with ``--check``, report the stale ones)."""
    sys.path.insert(0, str(ROOT))
    check = "--check" in argv
    stale = list(stale_pages())
    for page in stale:
        if check:
            print(f"stale: {page.relative_to(ROOT)} (run python scripts/sync_docs.py)")
        else:
            page.write_text(render(page.read_text()))
            print(f"updated {page.relative_to(ROOT)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
