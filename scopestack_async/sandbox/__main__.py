"""``python -m scopestack_async.sandbox``: the same options as ``scopestack sandbox``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from .config import SandboxConfig
from .serve import run

__all__ = ["main", "parse_args"]


def parse_args(argv: Sequence[str] | None = None) -> SandboxConfig:
    """Options to a SandboxConfig; a value SandboxConfig refuses exits 2 saying why."""
    p = argparse.ArgumentParser(
        prog="python -m scopestack_async.sandbox", description="Run a local ScopeStack sandbox."
    )
    p.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="API port (and auth, on one port)")
    p.add_argument("--auth-port", type=int, default=0, help="auth port with --two-ports")
    p.add_argument("--two-ports", action="store_true", help="serve auth and API separately")
    p.add_argument("--records", type=int, default=10_000, help="projects in the acme account")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--token-ttl", type=float, default=7200.0)
    p.add_argument("--rotation", choices=("on_use", "immediate", "off"), default="on_use")
    p.add_argument("--error-rendering", choices=("empty", "oauth", "jsonapi"), default="empty")
    p.add_argument("--expired-status", type=int, choices=(401, 403), default=401)
    p.add_argument("--fault-rate", type=float, default=0.0)
    p.add_argument("--rate-limit-rate", type=float, default=0.0)
    p.add_argument("--reset-rate", type=float, default=0.0)
    p.add_argument("--latency", type=float, default=0.0)
    p.add_argument("--jitter", type=float, default=0.0)
    p.add_argument("--max-page-size", type=int, default=1000)
    a = p.parse_args(argv)
    try:
        return _config(a)
    except ValueError as exc:  # SandboxConfig's validators hold the one set of ranges
        p.error(str(exc))


def _config(a: argparse.Namespace) -> SandboxConfig:
    return SandboxConfig(
        host=a.host,
        port=a.port,
        auth_port=a.auth_port,
        two_ports=a.two_ports,
        records=a.records,
        seed=a.seed,
        token_ttl=a.token_ttl,
        rotation=a.rotation,
        error_rendering=a.error_rendering,
        expired_status=a.expired_status,
        fault_rate=a.fault_rate,
        rate_limit_rate=a.rate_limit_rate,
        reset_rate=a.reset_rate,
        latency=a.latency,
        jitter=a.jitter,
        max_page_size=a.max_page_size,
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Parse options and serve until Ctrl-C."""
    run(parse_args(argv), lambda line: print(line, flush=True))


if __name__ == "__main__":
    main()
