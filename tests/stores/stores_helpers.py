"""Helpers shared by the token store tests and their worker processes."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring.errors
from keyrings.alt.file import PlaintextKeyring

WORKER = Path(__file__).with_name("stores_worker.py")
# Windows Credential Manager's limit on one credential blob (UTF-16 bytes).
WINDOWS_BLOB_LIMIT = 2560


class LimitedPlaintextKeyring(PlaintextKeyring):  # type: ignore[misc]  # keyrings.alt is untyped
    """keyrings.alt's file backend, refusing values over Windows' 2,560-byte limit."""

    def __init__(self) -> None:
        super().__init__()
        self.largest = 0

    def set_password(self, service: str, username: str, password: str) -> None:
        size = len(password.encode("utf-16-le"))
        if size > WINDOWS_BLOB_LIMIT:
            raise keyring.errors.PasswordSetError(f"{size} bytes exceed {WINDOWS_BLOB_LIMIT}")
        self.largest = max(self.largest, size)
        super().set_password(service, username, password)


def file_keyring(path: Path, *, limited: bool = False) -> PlaintextKeyring:
    """A keyrings.alt plaintext keyring stored in ``path``."""
    backend = LimitedPlaintextKeyring() if limited else PlaintextKeyring()
    backend.file_path = str(path)
    return backend


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_workers(specs: list[list[str]], *, timeout: float = 120) -> list[str]:
    """Run ``stores_worker.py`` once per argument list, concurrently; their stdouts."""
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in specs
    ]
    outputs: list[Any] = [proc.communicate(timeout=timeout) for proc in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    return [out for out, _ in outputs]
