"""The one JSON:API query builder (pure): filter, include, fields, sort and paging parameters.

ScopeStack reads a comma as OR inside one filter value (``filter[status]=won,lost``) and as a
list separator in ``include``, ``fields`` and ``sort``; so a list becomes a comma-joined value
and a single value that contains a comma is refused: jsonapi-resources splits every filter
value on commas and has no escape, so "Acme, Inc." cannot be expressed (the typed find-one
and upsert helpers search on a comma-free part and match the whole value themselves).
Nested filter names are written as a tuple or with brackets: ``{("updated-at", "after"): t}``
or ``{"updated-at[after]": t}`` → ``filter[updated-at][after]``. Brackets and
special characters are percent-encoded by :func:`url_with_query` (yarl), never by hand.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import yarl

from ..errors import ConfigurationError

if TYPE_CHECKING:
    from decimal import Decimal

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "FilterName",
    "FilterValue",
    "Filters",
    "build_query",
    "parse_query",
    "url_with_query",
]

#: ScopeStack's page size when none is sent (seen in its ``links.first``).
DEFAULT_PAGE_SIZE: Final = 250
#: The largest ``page[size]`` the builder accepts by default. ScopeStack's real maximum is not
#: documented (250 is known to work); pass ``max_page_size`` to change the bound.
MAX_PAGE_SIZE: Final = 1000

Scalar: TypeAlias = "str | int | float | bool | Decimal | dt.date"
FilterValue: TypeAlias = "Scalar | Sequence[Scalar] | None"
#: A filter name: ``"status"``, ``"updated-at.after"``, or nested ``("updated-at", "after")``.
FilterName: TypeAlias = "str | tuple[str, ...]"
#: The ``filter=`` argument (Mapping keys are invariant, so plain-str mappings are named too).
Filters: TypeAlias = "Mapping[str, FilterValue] | Mapping[FilterName, FilterValue]"
Params: TypeAlias = "list[tuple[str, str]]"


def _bad(message: str) -> ConfigurationError:
    return ConfigurationError(message)


def _check_name(kind: str, name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise _bad(f"{kind} names must be non-empty strings, got {name!r}.")
    if any(ch in name for ch in "[],"):
        raise _bad(f"{kind} name {name!r} must not contain '[', ']' or ','; pass the plain name.")
    return name


def _scalar(name: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    elif isinstance(value, (str, int, float)) or _is_decimal(value):
        text = str(value)
    else:
        raise _bad(f"filter[{name}] got a {type(value).__name__}; use str, int, bool or a list.")
    if "," in text:
        raise _bad(
            f"filter[{name}] value {text!r} contains a comma, which the server reads as OR. "
            "Pass a list for several values; a single value cannot contain a comma."
        )
    return text


def _is_decimal(value: object) -> bool:
    # Without importing decimal for every program: a Decimal exists only once it is loaded.
    decimal = sys.modules.get("decimal")
    return decimal is not None and isinstance(value, decimal.Decimal)


def _filter_value(name: str, value: object) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        if not value:
            raise _bad(f"filter[{name}] got an empty list; omit the filter or give values.")
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ",".join(_scalar(name, item) for item in items)
    return _scalar(name, value)


def _filter_parts(name: object) -> tuple[str, ...]:
    """``"a"`` → ("a",); ``"a[b]"`` → ("a", "b"); a tuple is checked part by part."""
    if isinstance(name, str) and "[" in name and name.endswith("]") and not name.startswith("["):
        head, _, rest = name.partition("[")
        parts: tuple[object, ...] = (head, *rest[:-1].split("]["))
    elif isinstance(name, tuple) and name:
        parts = name
    else:
        parts = (name,)
    return tuple(_check_name("filter", part) for part in parts)


def _filters(filter: Filters) -> Params:
    out: Params = []
    for name, value in filter.items():
        if value is None:
            continue
        parts = _filter_parts(name)
        key = "][".join(parts)
        out.append((f"filter[{key}]", _filter_value(key, value)))
    return out


def _names(kind: str, value: str | Iterable[str]) -> list[str]:
    """A str is one name (not a sequence of characters); each name is checked."""
    if not isinstance(value, (str, Iterable)):
        # Found by fuzzing: sort=False raised a bare TypeError from list().
        raise _bad(f"{kind} takes a name or a list of names, got {value!r}.")
    items = [value] if isinstance(value, str) else list(value)
    return [_check_name(kind, item) for item in items]


def _include_path(path: str) -> str:
    if any(not part for part in path.split(".")):
        raise _bad(f"include path {path!r} has an empty segment; write e.g. 'client.contacts'.")
    return path


def _sort_key(key: str) -> str:
    if key.lstrip("-") == "" or key.startswith("--"):
        raise _bad(f"sort key {key!r} is not a field name; write e.g. '-updated-at'.")
    return key


def _fields(fields: Mapping[str, str | Sequence[str]]) -> Params:
    return [
        (f"fields[{_check_name('fields type', rtype)}]", ",".join(_names("field", names)))
        for rtype, names in fields.items()
    ]


def _positive(name: str, value: object, upper: int | None = None) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(f"{name} must be an integer, got {value!r}.")
    if value < 1 or (upper is not None and value > upper):
        bound = f"between 1 and {upper}" if upper is not None else "at least 1"
        raise _bad(f"{name} must be {bound}, got {value}.")
    return str(value)


def _extra(extra: Mapping[str, str] | Sequence[tuple[str, str]]) -> Params:
    # Typed as str, checked as anything: callers' values arrive untyped at run time.
    given: list[tuple[object, object]] = (
        list(extra.items()) if isinstance(extra, Mapping) else list(extra)
    )
    pairs: Params = []
    for name, value in given:
        if not isinstance(name, str) or not name or not isinstance(value, str):
            raise _bad(
                f"extra query parameters must be non-empty str names with str values, "
                f"got {name!r}={value!r}."
            )
        pairs.append((name, value))
    return pairs


def build_query(
    *,
    filter: Filters | None = None,
    include: str | Sequence[str] | None = None,
    fields: Mapping[str, str | Sequence[str]] | None = None,
    sort: str | Sequence[str] | None = None,
    page: int | None = None,
    page_size: int | None = None,
    extra: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
    max_page_size: int = MAX_PAGE_SIZE,
) -> list[tuple[str, str]]:
    """The query parameters, in a stable order, as (name, value) pairs (not yet URL-encoded).

    ``filter={"status": ["won", "lost"]}`` → ``filter[status]=won,lost`` (a ``None`` value is
    left out); ``include=["client", "client.contacts"]``; ``fields={"projects": ["status"]}``;
    ``sort=["-updated-at"]``; ``page`` → ``page[number]``; ``page_size`` → ``page[size]``
    (1..``max_page_size``). Raises :class:`ConfigurationError` on a bad argument.
    """
    params: Params = _filters(filter) if filter else []
    if include is not None:
        paths = [_include_path(p) for p in _names("include", include)]
        params.append(("include", ",".join(paths)))
    if fields:
        params.extend(_fields(fields))
    if sort is not None:
        params.append(("sort", ",".join(_sort_key(k) for k in _names("sort", sort))))
    if page is not None:
        params.append(("page[number]", _positive("page", page)))
    if page_size is not None:
        params.append(("page[size]", _positive("page_size", page_size, max_page_size)))
    if extra:
        params.extend(_extra(extra))
    return params


def _bracket(name: str, prefix: str) -> str | None:
    if name.startswith(prefix + "[") and name.endswith("]"):
        return name[len(prefix) + 1 : -1]
    return None


def parse_query(params: str | Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The :func:`build_query` keyword arguments that give ``params`` (query string or pairs).

    Filter values come back as lists of strings; unknown parameters go to ``extra``.
    """
    pairs = list(yarl.URL("?" + params).query.items()) if isinstance(params, str) else params
    out: dict[str, Any] = {}
    for name, value in pairs:
        _parse_pair(out, name, value)
    return out


def _parse_pair(out: dict[str, Any], name: str, value: str) -> None:
    if (key := _bracket(name, "filter")) is not None:
        nested = tuple(key.split("][")) if "][" in key else key
        out.setdefault("filter", {})[nested] = value.split(",")
    elif (key := _bracket(name, "fields")) is not None:
        out.setdefault("fields", {})[key] = value.split(",") if value else []
    elif name in ("include", "sort"):
        out[name] = value.split(",")
    elif name in ("page[number]", "page[size]"):
        out["page" if name == "page[number]" else "page_size"] = int(value)
    else:
        out.setdefault("extra", []).append((name, value))


def url_with_query(url: str | yarl.URL, params: Sequence[tuple[str, str]]) -> yarl.URL:
    """``url`` with ``params`` appended, brackets and special characters percent-encoded."""
    base = url if isinstance(url, yarl.URL) else yarl.URL(url)
    return base.extend_query(params) if params else base
