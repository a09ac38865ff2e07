"""The generated files match the catalogue, and bare import stays cheap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scopestack_async.resources import _codegen


def test_generated_files_are_up_to_date(tmp_path: Path) -> None:
    ruff = Path(sys.executable).with_name("ruff")
    for name, text in (
        ("models.py", _codegen.models_source()),
        ("_accessors.py", _codegen.accessors_source()),
    ):
        fresh = tmp_path / name
        fresh.write_text(text)
        subprocess.run([str(ruff), "format", "-q", str(fresh)], check=True)
        subprocess.run([str(ruff), "check", "-q", "--fix", str(fresh)], check=False)
        current = (_codegen.HERE / name).read_text()
        assert fresh.read_text() == current, "run python -m scopestack_async.resources._codegen"


def test_bare_import_does_not_load_the_models() -> None:
    code = (
        # A bare import loads nothing at all; a session loads only the accessors.
        "import sys\nfrom scopestack_async import ScopeStackSession\n"
        "print(sorted(m for m in sys.modules if m.startswith('scopestack_async.resources')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (
        out.stdout.strip()
        == "['scopestack_async.resources', 'scopestack_async.resources._accessors']"
    )
