"""The ``scopestack`` command line (the only package that imports click).

Help and argument errors load click and nothing more: each command imports what it runs when
it runs (``tests/cli/test_cli_imports.py`` pins that ``scopestack --help`` loads no aiohttp).
"""

from __future__ import annotations

import click

__all__ = ["main", "sandbox"]


@click.group(name="scopestack")
@click.version_option(package_name="scopestack-async")
def main() -> None:
    """Work with the ScopeStack API from the command line."""


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Bind address; the credentials are public, so keep it on loopback.",
)
@click.option("--port", type=int, default=8000, show_default=True, help="API port (0: any).")
@click.option("--auth-port", type=int, default=0, help="Auth port with --two-ports.")
@click.option("--two-ports", is_flag=True, help="Serve auth and API on separate origins.")
@click.option(
    "--records",
    type=click.IntRange(min=0),
    default=10_000,
    show_default=True,
    help="Projects in the acme account.",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--token-ttl", type=click.FloatRange(min=0), default=7200.0, show_default=True)
@click.option(
    "--rotation",
    type=click.Choice(["on_use", "immediate", "off"]),
    default="on_use",
    show_default=True,
)
@click.option(
    "--error-rendering",
    type=click.Choice(["empty", "oauth", "jsonapi"]),
    default="empty",
    show_default=True,
)
@click.option(
    "--expired-status", type=click.Choice(["401", "403"]), default="401", show_default=True
)
@click.option("--fault-rate", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--rate-limit-rate", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--reset-rate", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--latency", type=click.FloatRange(min=0), default=0.0, show_default=True)
@click.option("--jitter", type=click.FloatRange(min=0), default=0.0, show_default=True)
@click.option("--max-page-size", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option(
    "--print-env",
    is_flag=True,
    help="Print the SCOPESTACK_* lines for a sandbox run with these options (for eval) and exit.",
)
def sandbox(
    *,
    host: str,
    port: int,
    auth_port: int,
    two_ports: bool,
    records: int,
    seed: int,
    token_ttl: float,
    rotation: str,
    error_rendering: str,
    expired_status: str,
    fault_rate: float,
    rate_limit_rate: float,
    reset_rate: float,
    latency: float,
    jitter: float,
    max_page_size: int,
    print_env: bool,
) -> None:
    """Run a local ScopeStack sandbox until Ctrl-C."""
    from ..sandbox.config import SandboxConfig
    from ..sandbox.serve import print_env as _print_env
    from ..sandbox.serve import run

    config = SandboxConfig(
        host=host,
        port=port,
        auth_port=auth_port,
        two_ports=two_ports,
        records=records,
        seed=seed,
        token_ttl=token_ttl,
        rotation=rotation,  # type: ignore[arg-type]  # click.Choice checked the value
        error_rendering=error_rendering,  # type: ignore[arg-type]  # click.Choice checked it
        expired_status=401 if expired_status == "401" else 403,
        fault_rate=fault_rate,
        rate_limit_rate=rate_limit_rate,
        reset_rate=reset_rate,
        latency=latency,
        jitter=jitter,
        max_page_size=max_page_size,
    )
    if print_env:
        try:
            lines = _print_env(config)
        except ValueError as exc:
            raise click.UsageError(f"--print-env: {exc}.") from None
        click.echo("\n".join(lines))
        return
    run(config, lambda line: click.echo(line))


from .commands import register as _register  # noqa: E402  # the group must exist first

_register(main)
