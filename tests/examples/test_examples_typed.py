"""The typed-resources examples (docs/resources-*.md), run against their embedded sandbox."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

Loader = Callable[[str], ModuleType]


async def test_clients_example_finds_upserts_and_reactivates(
    load_example: Loader, capsys: pytest.CaptureFixture[str]
) -> None:
    found = await load_example("typed_clients").main()
    assert found == {
        "found": "Acme, Inc.",
        "first": "created",
        "second": "unchanged",
        "again": "reactivated",
    }
    assert (
        "dry run: would be created, sending {'name': 'Initech', 'domain': 'initech.example'}"
        in (capsys.readouterr().out)
    )


async def test_projects_example_creates_then_updates(
    load_example: Loader, capsys: pytest.CaptureFixture[str]
) -> None:
    found = await load_example("typed_projects").main()
    assert (found["created"], found["updated"]) == ("created", "updated")
    assert isinstance(found["groups"], int)
    assert found["groups"] >= 2
    out = capsys.readouterr().out
    assert "  Planning: " in out
    assert "client 'Vandelay Industries', term 'Net 30'" in out
    assert "then updated: 'Core refresh', tags ('network', 'q3')" in out


async def test_documents_example_saves_the_pdf(load_example: Loader, tmp_path: Path) -> None:
    out = await load_example("typed_documents").main([str(tmp_path / "doc.pdf")])
    assert out.read_bytes().startswith(b"%PDF")


async def test_changes_example_resumes_from_its_watermark(
    load_example: Loader, tmp_path: Path
) -> None:
    counts = await load_example("typed_changes").main([str(tmp_path / "wm")])
    assert counts[0] > 0
    assert counts[1:] == [0, 1]  # nothing new, then the one project the example touched


async def test_crm_catalog_example_upserts_idempotently(load_example: Loader) -> None:
    found = await load_example("typed_crm_catalog").main()
    assert found == {
        "opportunity": "unchanged",
        "stage": "updated",
        "product": "updated",
        "seller": "created",
    }


async def test_variables_example_types_and_refuses(
    load_example: Loader, capsys: pytest.CaptureFixture[str]
) -> None:
    found = await load_example("typed_variables").main()
    assert found["seats"] == 12
    assert found["definitions"] >= 4
    assert (
        "refused before sending: nope is not a variable of this context" in capsys.readouterr().out
    )
