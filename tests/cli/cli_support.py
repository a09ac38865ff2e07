"""Types and helpers shared by the CLI tests and their fixtures (importable whichever folders
run)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from collections.abc import Callable, Coroutine
from typing import Any

import attrs

CLI = [sys.executable, "-m", "scopestack_async.cli"]


@attrs.frozen
class Ran:
    """What one CLI run did."""

    code: int
    out: str
    err: str


CliRunner = Callable[..., Coroutine[Any, Any, Ran]]


def run_in_pty(
    args: list[str], env: dict[str, str], answer: bytes | None = None
) -> tuple[int, str]:
    """Run ``scopestack ARGS`` on a terminal; type ``answer`` at its password prompt.

    Bounded in time: the child is killed after 60 s, which ends the read loop (EIO).
    """
    master, slave = pty.openpty()
    child = subprocess.Popen([*CLI, *args], stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = threading.Timer(60, child.kill)
    deadline.start()
    try:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal.
                break
            if not data:
                break
            chunks.append(data)
            if answer is not None and b"Password" in b"".join(chunks):
                os.write(master, answer)
                answer = None
    finally:
        deadline.cancel()
        os.close(master)
    return child.wait(timeout=60), b"".join(chunks).decode(errors="replace")
