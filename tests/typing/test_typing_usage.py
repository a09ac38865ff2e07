"""The typing tour is checked with mypy --strict (here and in .ci/run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def test_the_usage_module_type_checks_strictly() -> None:
    mypy = Path(sys.executable).with_name("mypy")
    if not mypy.exists():
        pytest.skip("mypy is not installed next to this Python")
    out = subprocess.run(
        [str(mypy), "--strict", "--no-incremental", str(HERE / "usage_resources.py")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_catches_a_wrong_field_type(tmp_path: Path) -> None:
    mypy = Path(sys.executable).with_name("mypy")
    if not mypy.exists():
        pytest.skip("mypy is not installed next to this Python")
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
