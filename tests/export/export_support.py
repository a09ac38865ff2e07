"""Helpers shared by the export tests: a session logged in to a sandbox, file readers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

import scopestack_async as ss
from scopestack_async.sandbox import Sandbox


def session_for(sb: Sandbox, **kwargs: Any) -> ss.ScopeStackSession:
    """A session logged in to ``sb`` as its admin (password grant)."""
    return sb.session(allow_insecure_http=True, **kwargs)


def jsonl_ids(path: Path) -> list[tuple[str, str]]:
    """(type, id) of every line of a JSONL export, in file order."""
    with path.open("rb") as f:
        return [(r["type"], r["id"]) for r in map(orjson.loads, f)]
