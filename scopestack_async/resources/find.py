"""Natural keys (pure): normalising, matching and choosing one candidate, as the connector
does it but with explicit ambiguity: exact before partial, the preferred group (active
clients, open opportunities) before the rest, several equally good matches → an error."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Generic, Literal, TypeVar

import attrs

from ..errors import AmbiguousMatchError, ConfigurationError
from .base import TypedModel
from .catalogue import TypeSpec, python_name

__all__ = ["Upserted", "choose", "normalise", "normalise_domain", "search_text"]

M = TypeVar("M", bound=TypedModel)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def normalise_domain(value: str) -> str:
    """``https://www.Acme.com:443/about`` → ``acme.com`` (scheme, ``www.``, port and path
    stripped, lower case); ConfigurationError for a value with spaces or nothing left."""
    text = _SCHEME.sub("", value.strip()).split("/")[0].split("?")[0].split(":")[0].lower()
    text = text.removeprefix("www.")
    if not text or any(ch.isspace() for ch in text):
        raise ConfigurationError(f"{value!r} is not a domain; give e.g. 'acme.com'.")
    return text


def normalise(key: str, value: Any) -> str:
    """The comparable form of a natural-key value (domains normalised, text case-folded)."""
    if value is None:
        return ""
    text = str(value)
    if key == "domain":
        try:
            return normalise_domain(text)
        except ConfigurationError:
            return text.strip().casefold()
    return " ".join(text.split()).casefold()


def search_text(value: str) -> str:
    """What to send as a filter for ``value``: the longest comma-free part.

    JSON:API servers built on jsonapi-resources split filter values on commas (OR) with no
    escape, so "Acme, Inc." is searched as "Acme" and matched whole on this side.
    """
    return max((part.strip() for part in value.split(",")), key=len)


def _label(model: TypedModel, key: str) -> str:
    return str(getattr(model, python_name(key), None) or "")


def _groups(spec: TypeSpec, models: Sequence[M]) -> list[list[M]]:
    if spec.prefer is None:
        return [list(models)]
    attr, wanted = spec.prefer
    name = python_name(attr)
    first = [m for m in models if getattr(m, name) == wanted]
    return [first, [m for m in models if getattr(m, name) != wanted]]


def choose(
    spec: TypeSpec, key: str, value: Any, candidates: Sequence[M], *, partial: bool
) -> M | None:
    """The one candidate whose ``key`` equals ``value``; else (``partial``) the one containing
    it; None when nothing matches; AmbiguousMatchError when several match equally well."""
    wanted = normalise(key, value)
    name = python_name(key)
    exact = [c for c in candidates if normalise(key, getattr(c, name, None)) == wanted]
    pools = [exact]
    if partial and key not in ("domain", "email"):
        pools.append([c for c in candidates if wanted in normalise(key, getattr(c, name, None))])
    for pool in pools:
        for group in _groups(spec, pool):
            if len(group) == 1:
                return group[0]
            if len(group) > 1:
                raise _ambiguous(spec, key, value, group)
    return None


def _ambiguous(spec: TypeSpec, key: str, value: Any, group: Sequence[M]) -> AmbiguousMatchError:
    shown = ", ".join(f"{m.id} ({_label(m, key)!r})" for m in group[:10])
    more = f" and {len(group) - 10} more" if len(group) > 10 else ""
    return AmbiguousMatchError(
        f"{len(group)} {spec.type} match {key} {value!r} equally well: {shown}{more}. "
        "Use a more exact key or the id, or merge the duplicates in ScopeStack.",
        matches=[(m.type, m.id, _label(m, key)) for m in group],
    )


@attrs.frozen
class Upserted(Generic[M]):
    """What an upsert did (or, with ``dry_run``, would do).

    ``action`` is ``created``, ``updated``, ``reactivated`` or ``unchanged``; ``model`` the
    resource after the write (the match, for a dry run; None for a dry-run create);
    ``changes`` the attributes and relationships sent (or that would be), dash-case.
    """

    action: Literal["created", "updated", "reactivated", "unchanged"]
    model: M | None
    changes: dict[str, Any]
    dry_run: bool = False
    matched_by: str | None = None
