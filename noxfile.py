"""Developer tasks: `nox -s tests lint typecheck docs bench`."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
DOCS_DEPS = ["mkdocs>=1.6", "mkdocs-material>=9.5", "mkdocstrings[python]>=0.26"]


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
    """Build the documentation site with `mkdocs build --strict` (offline: no fonts, no CDN)."""
    session.install("-e", ".[dev]", *DOCS_DEPS)
    session.run("mkdocs", "build", "--strict", *session.posargs)


@nox.session
def soak(session: nox.Session) -> None:
    """The long chaos soak: 20 seeds of 20 s each (CI runs 4 short seeds); see docs/reliability.md."""
    session.install("-e", ".[dev]")
    env = {"SOAK_SEEDS": "20", "SOAK_SECONDS": "20"}
    session.run("python", "-m", "pytest", "-q", "-s", "tests/soak", *session.posargs, env=env)


@nox.session
def bench(session: nox.Session) -> None:
    """Run every benchmark and write docs/performance.md with its charts (`-- --quick`: smoke)."""
    session.install("-e", ".[dev]", "matplotlib>=3.8")
    session.run("python", "benchmarks/report.py", *session.posargs)
