"""The typing tour is checked with mypy --strict (here and in .ci/run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def _mypy() -> Path:
    """mypy beside this Python; skipped locally without it, a failure under CI (a dev dep)."""
    mypy = Path(sys.executable).with_name("mypy")
    if not mypy.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("mypy is not installed next to this Python, and CI=true requires it.")
        pytest.skip("mypy is not installed next to this Python")
    return mypy


def test_the_usage_module_type_checks_strictly() -> None:
    mypy = _mypy()
    out = subprocess.run(
        [str(mypy), "--strict", "--no-incremental", str(HERE / "usage_resources.py")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_catches_a_wrong_field_type(tmp_path: Path) -> None:
    mypy = _mypy()
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from scopestack_async.resources.models import Project\n"
        "def f(p: Project) -> int:\n"
        "    return p.project_name\n"
    )
    out = subprocess.run(
        [str(mypy), "--strict", str(bad)], capture_output=True, text=True, timeout=300, check=False
    )
    assert out.returncode == 1
    assert "str | None" in out.stdout
