"""Seeded data is deterministic, and the sandbox never imports the client side."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scopestack_async.sandbox.data import SPECS, generate
from scopestack_async.sandbox.oauth import pkce_ok, redirect_matches

SANDBOX = Path(__file__).resolve().parents[2] / "scopestack_async" / "sandbox"


def test_same_seed_same_world() -> None:
    a, b, c = generate(500, 3), generate(500, 3), generate(500, 4)
    rows = lambda s: [(r.id, r.attributes, r.links) for r in s.records["projects"]]  # noqa: E731  # a one-line helper
    assert rows(a) == rows(b)
    assert rows(a) != rows(c)
    assert a.clients == b.clients
    assert a.clients[0].client_id != c.clients[0].client_id


def test_sizes_and_shapes() -> None:
    world = generate(1000, 1)
    projects = world.records["projects"]
    assert sum(1 for p in projects if p.account_id == 1) == 1000
    assert sum(1 for p in projects if p.account_id == 2) == 100
    assert len({p.id for p in projects}) == 1100  # ids unique across accounts
    sample = projects[0].attributes
    assert isinstance(sample["contract-revenue"], str)
    assert "." in sample["contract-revenue"]
    assert set(world.records) == set(SPECS)
    assert {u.key for u in world.users} == {
        "admin",
        "readonly",
        "service",
        "deactivated",
        "globex_admin",
    }


def test_secrets_never_render() -> None:
    world = generate(0, 1)
    for user in world.users:
        assert user.password not in repr(user)
    for client in world.clients:
        if client.client_secret:
            assert client.client_secret not in repr(client)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level >= 2:
            names.add("scopestack_async." + (node.module or ""))
    return names


@pytest.mark.parametrize("path", sorted(SANDBOX.glob("*.py")), ids=lambda p: p.name)
def test_sandbox_imports_nothing_from_the_client_side(path: Path) -> None:
    outside = {n for n in _imports(path) if n.startswith("scopestack_async")}
    if path.name in ("pytest_plugin.py", "app.py"):
        # Only the session helpers build a client, lazily, inside a function.
        assert outside <= {"scopestack_async"}
    else:
        assert outside == set()


@pytest.mark.parametrize(
    ("registered", "given", "ok"),
    [
        ("http://127.0.0.1:8765/callback", "http://127.0.0.1:1/callback", True),
        ("http://127.0.0.1:8765/callback", "http://127.0.0.1:x/callback", False),
        ("https://app.example/cb", "https://app.example:444/cb", False),
        ("urn:ietf:wg:oauth:2.0:oob", "urn:ietf:wg:oauth:2.0:oob", True),
    ],
)
def test_redirect_matches(registered: str, given: str, ok: bool) -> None:
    assert redirect_matches(registered, given) is ok


def test_pkce_rfc7636_example() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"  # not a secret: RFC 7636 App. B
    assert pkce_ok("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256", verifier)
    assert not pkce_ok("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256", verifier + "x")


def test_docs_list_every_type_filter_and_knob() -> None:
    import attrs

    from scopestack_async.sandbox.catalogue import CATALOGUE
    from scopestack_async.sandbox.config import SandboxConfig

    text = (SANDBOX.parents[1] / "docs" / "sandbox.md").read_text()
    rows = {
        line.split("|")[1].strip(" `"): line for line in text.splitlines() if line.startswith("| `")
    }
    for type_, spec in CATALOGUE.items():
        assert type_ in rows, type_
        for name, f in spec.filters.items():
            if f.kind in ("id", "fk") and not f.field:
                continue  # documented once: id and every to-one are filters
            assert f"`{name}`" in rows[type_], (type_, name)
        for rel in spec.rels:
            assert rel.name in rows[type_], (type_, rel.name)
    for knob in attrs.fields(SandboxConfig):
        assert f"`{knob.name}`" in text, knob.name


def test_every_record_has_the_catalogue_attributes_and_links() -> None:
    from scopestack_async.sandbox.catalogue import CATALOGUE
    from scopestack_async.sandbox.store import World

    world = World(generate(200, 1))
    for type_, spec in CATALOGUE.items():
        rows = world.all_rows(type_)
        assert rows, type_
        stored = {r.name for r in spec.rels if r.stored}
        for record in rows:
            assert set(record.attributes) == spec.attribute_names, type_
            assert set(record.links) == stored, type_
