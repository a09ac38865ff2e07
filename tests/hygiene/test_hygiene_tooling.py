"""The linters' and type checker's settings: stricter than --strict, every ignore with a reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the settings are the same on 3.10

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = (ROOT / "pyproject.toml").read_text()


def test_mypy_enables_the_extra_error_codes() -> None:
    mypy = tomllib.loads(PYPROJECT)["tool"]["mypy"]
    assert mypy["strict"] is True
    wanted = {"ignore-without-code", "redundant-expr", "truthy-bool", "possibly-undefined"}
    assert wanted <= set(mypy["enable_error_code"])


def _block(start: str) -> list[str]:
    lines = PYPROJECT.split(start, 1)[1].splitlines()[1:]
    end = next((i for i, line in enumerate(lines) if line.startswith("[")), len(lines))
    return lines[:end]


def test_every_ruff_ignore_says_why() -> None:
    ignores = tomllib.loads(PYPROJECT)["tool"]["ruff"]["lint"]["ignore"]
    body = PYPROJECT.split("\nignore = [", 1)[1].split("]", 1)[0]
    for code in ignores:
        line = next(line for line in body.splitlines() if f'"{code}"' in line)
        assert re.search(r'",\s+#\s*\S.{10,}', line), f"ruff ignore {code} has no reason"
    per_file = _block("[tool.ruff.lint.per-file-ignores]")
    for i, line in enumerate(per_file):
        if "=" in line and not line.startswith("#"):
            assert per_file[i - 1].startswith("#"), f"{line!r} has no reason above it"


def test_every_noqa_names_its_code_and_reason() -> None:
    bare = []
    for folder in ("scopestack_async", "tests", "benchmarks", "examples"):
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text().splitlines(), 1):
                m = re.search(r"#\s*noqa\b(.*)$", line)
                if m and not re.match(r":\s*[A-Z]+\d+(?:,\s*[A-Z]+\d+)*\s*(?:#|-)\s*\w", m[1]):
                    bare.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert bare == []
