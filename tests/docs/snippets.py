"""Find the code blocks of the docs and how each is run (see test_docs_snippets.py)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[2]
PAGES = (ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")))
KINDS = ("shell", "pytest", "session", "account", "redis", "module", "fragment")

_FENCE = re.compile(
    r"^(?P<indent> *)```(?P<lang>[\w-]*)\n(?P<body>.*?)^(?P=indent)```$", re.M | re.S
)
_MARK = re.compile(
    r"<!-- snippet: (?P<kind>\w+)(?: check=\"(?P<check>[^\"]*)\")?(?P<rest>[^>]*)-->\n$"
)
_EXAMPLE = re.compile(r"<!-- example: [^ ]+ -->\n$")
# Stand-ins a page shows where the reader puts their own value.
PLACEHOLDERS = {"svc@example.com": "{username}"}


@attrs.frozen
class Snippet:
    """One fenced block: where it is, its language and body, and its marker."""

    page: Path
    line: int
    lang: str
    body: str
    kind: str | None
    check: str | None
    note: str

    @property
    def where(self) -> str:
        """``page:line`` for messages and test ids."""
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def snippets() -> Iterator[Snippet]:
    """Every fenced block of every page, except inlined examples (tests/examples runs those)."""
    for page in PAGES:
        text = page.read_text()
        for m in _FENCE.finditer(text):
            before = text[: m.start()]
            if _EXAMPLE.search(before) or before.rfind("<!-- api:") > before.rfind("<!-- /api"):
                continue  # generated: an inlined example (run by tests/examples), an API entry
            mark = _MARK.search(before)
            body = "\n".join(line[len(m["indent"]) :] for line in m["body"].splitlines())
            yield Snippet(
                page, before.count("\n") + 1, m["lang"], body,
                mark["kind"] if mark else None, mark["check"] if mark else None,
                mark["rest"].strip() if mark else "",
            )  # fmt: skip


def shell_commands(body: str) -> list[str]:
    """The commands of a shell block: ``$ `` prompts or plain lines, continuations joined,
    comments and output lines dropped."""
    prompted = any(line.startswith("$ ") for line in body.splitlines())
    commands: list[str] = []
    pending = ""
    for raw in body.splitlines():
        line = raw.rstrip()
        if not pending:
            if prompted and not line.startswith("$ "):
                continue
            line = line.removeprefix("$ ")
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        command = _strip_comment(pending + line).strip()
        pending = ""
        if command:
            commands.append(command)
    return commands


def shown_output(body: str) -> dict[str, list[str]]:
    """The output lines a ``$``-prompted block shows under each command (none otherwise)."""
    shown: dict[str, list[str]] = {}
    lines: list[str] | None = None
    command = ""
    for raw in body.splitlines():
        if raw.startswith("$ ") or command:  # a command, or the continuation of one
            command += raw + "\n"
            if not raw.rstrip().endswith("\\"):
                found = shell_commands(command)
                lines = shown.setdefault(found[0], []) if found else None
                command = ""
        elif lines is not None and raw.strip():
            lines.append(raw.rstrip())
    return shown


def _strip_comment(line: str) -> str:
    words = shlex.shlex(line, posix=True, punctuation_chars=False)
    words.whitespace_split = True
    words.commenters = "#"
    return shlex.join(list(words))
