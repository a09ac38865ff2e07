"""Run the sandbox as a foreground server (shared by the CLI and ``python -m``)."""

from __future__ import annotations

import asyncio
import ipaddress
import shlex
from collections.abc import Callable, Mapping

from .app import Sandbox, cli_settings
from .config import SandboxConfig
from .data import generate
from .seeding import freeze_seeded_records
from .store import World

__all__ = ["describe", "env_lines", "print_env", "run", "serve"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def env_lines(settings: Mapping[str, str]) -> list[str]:
    """``export NAME=value`` lines (shell-quoted) for the SCOPESTACK_* settings."""
    return [f"export {name}={shlex.quote(value)}" for name, value in settings.items()]


def print_env(config: SandboxConfig) -> list[str]:
    """The export lines for a sandbox started elsewhere with ``config`` (for ``eval``).

    The credentials depend only on the seed, so no server is started here; the ports must be
    fixed (not 0) for the URLs to be known.
    """
    world = World(generate(0, config.seed))
    auth_port = config.auth_port if config.two_ports else config.port
    if config.port == 0 or auth_port == 0:
        raise ValueError(
            "the sandbox's address is known only with a fixed --port (and --auth-port)"
        )
    host = f"[{config.host}]" if ":" in config.host else config.host
    client = next(c for c in world.clients.values() if c.name == "confidential")
    assert client.client_secret is not None
    return env_lines(
        cli_settings(
            f"http://{host}:{auth_port}", f"http://{host}:{config.port}", client.client_id,
            client.client_secret, world.users["admin"],
        )
    )  # fmt: skip


def describe(sb: Sandbox) -> list[str]:
    """Lines telling a person where the sandbox listens and how to log in.

    The seeded credentials are public by design; they only open this local sandbox.
    """
    lines = [
        f"ScopeStack sandbox (seed {sb.config.seed}, {sb.config.records} projects)",
        f"  auth URL   {sb.auth_url}",
        f"  API URL    {sb.api_url}",
        f"  client     client_id={sb.client_id} client_secret={sb.client_secret}",
        f"  public     client_id={sb.clients['public'].client_id}",
        f"  redirect   {sb.redirect_uri}",
    ]
    for user in sb.users.values():
        state = "" if user.active else " (deactivated)"
        lines.append(
            f"  user {user.key:<13} {user.username} / {user.password}  "
            f"[{user.account_slug}, {user.role}]{state}"
        )
        lines.extend(
            f"    credential {c.name}: client_id={c.client_id} client_secret={c.client_secret}"
            for c in user.credentials
        )
    lines.append("Point the CLI and your code at it (paste into another shell):")
    settings = sb.cli_settings()
    lines.extend(f"  {line}" for line in env_lines(settings))
    if sb.config.port:
        seed = f" --seed {sb.config.seed}" if sb.config.seed != 1 else ""
        lines.append(
            f'  or: eval "$(scopestack sandbox --port {sb.config.port}{seed} --print-env)"'
        )
    if not _is_loopback(sb.config.host):
        lines.append(
            f"  WARNING: listening on {sb.config.host}, not loopback: anyone who can reach this "
            "machine can log in with the public credentials above, read and change the sandbox's "
            "data, and drive its unauthenticated /_sandbox/ control endpoints (deactivate users, "
            "revoke or expire every token, change its configuration). Use --host 127.0.0.1 "
            "unless that is what you want."
        )
    lines.append("Press Ctrl-C to stop.")
    return lines


async def serve(
    config: SandboxConfig, out: Callable[[str], None], stop: asyncio.Event | None = None
) -> None:
    """Start the sandbox, describe it, and serve until ``stop`` is set (or forever)."""
    async with Sandbox(config) as sb:
        for line in describe(sb):
            out(line)
        await (stop or asyncio.Event()).wait()


def run(config: SandboxConfig, out: Callable[[str], None]) -> None:
    """Blocking entry point: serve until Ctrl-C (this process is the sandbox's own)."""
    freeze_seeded_records()
    try:
        asyncio.run(serve(config, out))
    except KeyboardInterrupt:
        out("Sandbox stopped.")
