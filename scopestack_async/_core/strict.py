"""Private cattrs converters that refuse wrong JSON types instead of coercing them.

cattrs' default hooks call ``str(value)`` and ``float(value)``: ``null`` becomes ``"None"``, an
object its repr, ``"7200"`` a number. For secrets and expiry times read back from storage or a
user's session that is a silent corruption; here it is a ``TypeError`` the caller turns into
its own typed error.
"""

from __future__ import annotations

from typing import Any

import cattrs

__all__ = ["strict_converter"]


def _strict_str(value: object, _type: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _strict_float(value: object, _type: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    return float(value)


def strict_converter(**options: Any) -> cattrs.Converter:
    """A new converter (never the global one) whose ``str`` and ``float`` accept only those."""
    converter = cattrs.Converter(**options)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(float, _strict_float)
    return converter
