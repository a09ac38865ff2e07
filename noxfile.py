"""Developer tasks: `nox -s tests lint typecheck docs bench`."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite (the same command as the README and CI)."""
    session.install("-e", ".[dev]")
    session.run("python", "-m", "pytest", "-q", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff")
    paths = ["scopestack_async", "tests", "benchmarks", "examples", "noxfile.py"]
    session.run("ruff", "check", *paths)
    session.run("ruff", "format", "--check", *paths)


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".[dev]")
    session.run("mypy", "--strict", "scopestack_async")


@nox.session
def docs(session: nox.Session) -> None:
    """Check that every page the docs index links to exists."""
    session.run("python", "docs/check_links.py", external=True)


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks; each prints ratios against its baseline."""
    session.install("-e", ".[dev]")
    session.run("python", "benchmarks/overhead.py")
