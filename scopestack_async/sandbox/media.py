"""Media-type checks on API requests, as jsonapi-resources makes them (pure).

A request must accept JSON:API: its ``Accept`` names ``application/vnd.api+json`` (without
media type parameters), ``*/*`` or ``application/*``, else 406 — checked before the token,
so a client that forgets the header fails even with a good token. A missing ``Accept``
counts as accepting nothing. A create or update must send ``Content-Type:
application/vnd.api+json``, else 415.
"""

from __future__ import annotations

from .documents import JSONAPI, JsonApiError

__all__ = ["check_accept", "check_content_type"]

_FAST = frozenset({JSONAPI, "*/*", "application/*"})


def _acceptable(accept: str | None) -> bool:
    if accept is None:
        return False
    if accept in _FAST:
        return True
    for item in accept.split(","):
        media, _, params = item.strip().partition(";")
        media = media.strip().lower()
        if media in ("*/*", "application/*"):
            return True
        # JSON:API 1.0: the media type counts only without parameters (q= aside).
        if media == JSONAPI and all(
            p.strip().startswith("q=") for p in params.split(";") if p.strip()
        ):
            return True
    return False


def check_accept(accept: str | None) -> None:
    """Raise the 406 document when ``accept`` does not allow JSON:API."""
    if not _acceptable(accept):
        detail = (
            f"All requests must use the '{JSONAPI}' Accept without media type parameters. "
            f"This request specified '{accept or ''}'."
        )
        raise JsonApiError.one(406, "Not acceptable", detail, "406")


def check_content_type(content_type: str | None) -> None:
    """Raise the 415 document when a write's body is not declared as JSON:API."""
    media = (content_type or "").partition(";")[0].strip().lower()
    if media != JSONAPI:
        detail = (
            f"All requests that create or update must use the '{JSONAPI}' Content-Type. "
            f"This request specified '{content_type or ''}'."
        )
        raise JsonApiError.one(415, "Unsupported media type", detail, "415")
