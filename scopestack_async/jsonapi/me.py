"""``Me``: the user and account of ``GET /v1/me``.

Its own module, apart from the cattrs-based user models (:mod:`.models`): every session reads
``/v1/me``, so this must load without cattrs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ..errors import ResponseFormatError
from .document import Document, Resource

__all__ = ["Me", "Privilege"]


# ------------------------------------------------------------------ /v1/me


@attrs.frozen
class Privilege:
    """One of the user's privileges, e.g. ``projects.overview`` at access level ``manage``."""

    privilege: str
    access_level: str


def _bad_me(member: str, expected: str) -> ResponseFormatError:
    return ResponseFormatError(
        f"/v1/me answered with a malformed user: {member} must be {expected}. "
        "Check that the base URL is the ScopeStack API (https://api.scopestack.io)."
    )


def _text(attrs_: Mapping[str, Any], key: str) -> str:
    value = attrs_.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _bad_me(f"attributes.{key}", "a string")
    return value


def _account_id(attrs_: Mapping[str, Any]) -> int:
    value = attrs_.get("account-id")
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad_me("attributes.account-id", "an integer")
    return value


def _privileges(attrs_: Mapping[str, Any]) -> tuple[Privilege, ...]:
    raw = attrs_.get("privileges", [])
    raw = [] if raw is None else raw
    if not isinstance(raw, list):
        raise _bad_me("attributes.privileges", "an array")
    out = []
    for item in raw:
        if not isinstance(item, Mapping) or not isinstance(item.get("privilege"), str):
            raise _bad_me("attributes.privileges[]", 'objects with a string "privilege"')
        out.append(Privilege(item["privilege"], str(item.get("access-level") or "")))
    return tuple(out)


@attrs.frozen
class Me:
    """The current user and account, from ``GET /v1/me`` (JSON:API type ``mes``)."""

    user_id: str
    name: str
    title: str
    email: str
    phone: str
    account_id: int
    account_slug: str
    privileges: tuple[Privilege, ...] = ()
    site_admin: bool = False
    uuid: str | None = None

    @classmethod
    def from_document(cls, doc: Document) -> Me:
        """The user in a ``/v1/me`` document; ResponseFormatError when it is malformed."""
        if not isinstance(doc.data, Resource) or doc.data.type != "mes":
            raise _bad_me("data", 'one resource of type "mes"')
        attrs_ = doc.data.attributes
        slug = attrs_.get("account-slug")
        if not isinstance(slug, str) or not slug:
            raise _bad_me("attributes.account-slug", "a non-empty string")
        uuid = attrs_.get("uuid")
        return cls(
            user_id=doc.data.id,
            name=_text(attrs_, "name"),
            title=_text(attrs_, "title"),
            email=_text(attrs_, "email"),
            phone=_text(attrs_, "phone"),
            account_id=_account_id(attrs_),
            account_slug=slug,
            privileges=_privileges(attrs_),
            site_admin=attrs_.get("site-admin") is True,
            uuid=uuid if isinstance(uuid, str) else None,
        )

    def access_level(self, privilege: str) -> str | None:
        """The user's access level for ``privilege`` (``view``, ``manage``, ...), or None."""
        for item in self.privileges:
            if item.privilege == privilege:
                return item.access_level
        return None
