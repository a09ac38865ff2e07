"""The one wire format of a stored token: a private cattrs converter, JSON-safe dicts."""

from __future__ import annotations

from typing import Any

import cattrs
import orjson

from .._core.strict import strict_converter
from .._core.tokens import Token
from ..errors import TokenStoreError

__all__ = ["decode_token", "dump_token", "encode_token", "load_token"]


# Strict: the default hooks would turn null into "None" and an object into its str(), a
# bearer token nobody issued. A stored value of the wrong type is a broken store.
_converter = strict_converter(forbid_extra_keys=False)


def dump_token(token: Token) -> dict[str, Any]:
    """The token as a JSON-safe dict."""
    return _converter.unstructure(token)  # type: ignore[no-any-return]  # cattrs returns Any


def load_token(data: Any, *, where: str) -> Token:
    """A token from a dict made by :func:`dump_token`; ``where`` names the source in errors."""
    if not isinstance(data, dict):
        raise TokenStoreError(
            f"The token stored at {where} is malformed (not a JSON object) and cannot be used. "
            "Delete it (or log in again) to replace it."
        )
    try:
        return _converter.structure(data, Token)
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError) as exc:
        raise TokenStoreError(
            f"The token stored at {where} is malformed and cannot be used. "
            "Delete it (or log in again) to replace it."
        ) from exc


def encode_token(token: Token) -> bytes:
    """The token as compact JSON bytes."""
    return orjson.dumps(dump_token(token))


def decode_token(raw: bytes | str, *, where: str) -> Token:
    """A token from :func:`encode_token`'s bytes."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise TokenStoreError(
            f"The token stored at {where} is not valid JSON. "
            "Delete it (or log in again) to replace it."
        ) from exc
    return load_token(data, where=where)
