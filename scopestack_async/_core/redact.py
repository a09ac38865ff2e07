"""The one redaction owner: every secret a session holds, masked in any text a server supplied.

A server may echo what it received (a password in ``error_description``, the ``Authorization``
header in a JSON:API ``detail``, a refresh token as an error *code*). Any such text passes
through :meth:`Redactor.text` before it reaches an exception message or attribute, a log line,
an event, a span or the CLI's output. Event outcomes and metric attributes go further: they
carry only the registered OAuth error codes of :func:`oauth_code`, never server text.

Pure: a :class:`Redactor` is a frozen value; learning a secret returns a new one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

import attrs

__all__ = ["MASK", "NO_SECRETS", "OAUTH_ERROR_CODES", "Redactor", "oauth_code"]

MASK = "***"
# Shorter values would match everywhere and turn every message into stars.
_MIN_SECRET = 4
# Tokens, codes and verifiers rotate: the newest ones are kept (each lives minutes to hours).
_PASSING_KEPT = 32
# Server text in a message is cut here: a page of HTML is no explanation.
_TEXT_LIMIT = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")

#: RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3.1 and RFC 7009 §2.2.1 codes, plus the SDK's own
#: ``invalid_response``: the only codes an event outcome or a metric attribute may carry.
OAUTH_ERROR_CODES = frozenset(
    {
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
        "access_denied",
        "unsupported_response_type",
        "server_error",
        "temporarily_unavailable",
        "invalid_token",
        "insufficient_scope",
        "unsupported_token_type",
        "invalid_response",
    }
)


def oauth_code(code: object) -> str:
    """``code`` if it is a registered OAuth error code, else ``"other"``."""
    return code if isinstance(code, str) and code in OAUTH_ERROR_CODES else "other"


def _forms(secret: str) -> set[str]:
    """The ways a server may echo ``secret``: as sent in a form, in JSON or in HTML."""
    return {
        secret,
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
        json.dumps(secret)[1:-1],
        _html_escape(secret),
    }


def _html_escape(text: str) -> str:
    # ``html.escape(text)``, without loading ``html`` (and its entity tables) with the SDK.
    for char, entity in _HTML_ENTITIES:
        text = text.replace(char, entity)
    return text


# "&" first, so the ampersands of the other entities are not escaped again.
_HTML_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def _pattern(secrets: Iterable[str]) -> re.Pattern[str] | None:
    forms = {form for secret in secrets for form in _forms(secret) if len(form) >= _MIN_SECRET}
    if not forms:
        return None
    # Longest first, so a secret that contains another is masked whole.
    return re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))


@attrs.frozen(repr=False)
class Redactor:
    """The secrets of one session, and the masking of server-supplied text.

    ``lasting`` holds credentials (client secret, passwords); ``passing`` the newest tokens,
    authorization codes and PKCE verifiers (at most 32).
    """

    lasting: tuple[str, ...] = ()
    passing: tuple[str, ...] = ()
    _regex: re.Pattern[str] | None = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_regex", _pattern((*self.lasting, *self.passing)))

    def __repr__(self) -> str:
        return f"Redactor({len(self.lasting) + len(self.passing)} secrets)"

    def with_lasting(self, *values: str | None) -> Redactor:
        """This redactor, also masking the credentials ``values`` (None and "" are skipped)."""
        new = tuple(v for v in values if v and v not in self.lasting)
        return self if not new else Redactor((*self.lasting, *new), self.passing)

    def with_passing(self, *values: str | None) -> Redactor:
        """This redactor, also masking the tokens or codes ``values`` (newest kept)."""
        new = [v for v in dict.fromkeys(values) if v and v not in self.passing]
        if not new:
            return self
        return Redactor(self.lasting, (*self.passing, *new)[-_PASSING_KEPT:])

    def mask(self, text: str) -> str:
        """``text`` with every known secret (and its URL, JSON and HTML forms) masked."""
        regex = self._regex
        return text if regex is None else regex.sub(MASK, text)

    def text(self, value: object, *, limit: int = _TEXT_LIMIT) -> str:
        """Server text fit for a message or a log line: masked, on one line, at most ``limit``
        characters."""
        flat = _CONTROL.sub(" ", self.mask(str(value)))
        return flat if len(flat) <= limit else flat[: limit - 3] + "..."

    def value(self, data: Any) -> Any:
        """``data`` (JSON: dicts, lists, strings) with every string masked, for error attributes."""
        if isinstance(data, str):
            return self.mask(data)
        if isinstance(data, Mapping):
            return {self.mask(str(k)): self.value(v) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return [self.value(v) for v in data]
        return data


#: A redactor that knows no secrets yet (it still flattens and bounds server text).
NO_SECRETS = Redactor()
