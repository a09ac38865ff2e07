"""MkDocs build hook: the site renders the full API reference from the docstrings.

``docs/reference.md`` is plain Markdown (readable on GitHub); each of its generated
``<!-- api: NAME -->`` entries becomes a mkdocstrings ``::: NAME`` directive on the site only.
"""

from __future__ import annotations

import re
from typing import Any

_API = re.compile(r"<!-- api: (?P<name>[^ ]+) -->\n.*?<!-- /api -->", re.S)


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Swap each plain reference entry for mkdocstrings' rendering of the same object."""
    return _API.sub(lambda m: f"::: {m['name']}", markdown)
