"""Run the sandbox as a foreground server (shared by the CLI and ``python -m``)."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable

from .app import Sandbox
from .config import SandboxConfig

__all__ = ["describe", "run", "serve"]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
    """Blocking entry point: serve until Ctrl-C."""
    try:
        asyncio.run(serve(config, out))
    except KeyboardInterrupt:
        out("Sandbox stopped.")
