"""Types shared by the CLI tests and their fixtures (importable whichever folders run)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import attrs


@attrs.frozen
class Ran:
    """What one CLI run did."""

    code: int
    out: str
    err: str


CliRunner = Callable[..., Coroutine[Any, Any, Ran]]
