"""Fail when a relative Markdown link in docs/ points at a file that does not exist."""

from __future__ import annotations

import re
import sys
from pathlib import Path

LINK = re.compile(r"\]\(([^)#:]+\.md)(#[^)]*)?\)")


def main() -> int:
    docs = Path(__file__).parent
    broken = [
        f"{page.name}: {target}"
        for page in sorted(docs.glob("*.md"))
        for target, _ in LINK.findall(page.read_text(encoding="utf-8"))
        if not (page.parent / target).exists()
    ]
    for line in broken:
        print(f"broken link: {line}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
