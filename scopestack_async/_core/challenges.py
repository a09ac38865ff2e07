"""The ``WWW-Authenticate`` parser (RFC 9110 §11.6.1, §11.2): what a 401 or 403 says.

Pure, linear in the length of the header, never raises. Its own module because only an
answer that refused a token needs it: the patterns compile and :class:`Challenge` is built
when the auth middleware first meets a 401 or 403, not with every program that imports the
SDK.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = ["Challenge", "parse_challenges", "parse_www_authenticate"]

# Every pattern below is a plain character class or an unambiguous alternation, and each is
# matched at most a constant number of times per character consumed, so parsing is linear.
_TCHARS = r"!#$%&'*+\-.^_`|~0-9A-Za-z"
_TOKEN_RE = re.compile(f"[{_TCHARS}]+")
_PARAM_START_RE = re.compile(f"([{_TCHARS}]+)[ \t]*=[ \t]*")
_TOKEN68_RE = re.compile(r"[A-Za-z0-9\-._~+/]+=*[ \t]*(?=,|$)")
_QUOTED_RE = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_SKIP_RE = re.compile(r"[ \t,]*")
_SPACES_RE = re.compile(r"[ \t]*")
_UNESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
_EMPTY: Mapping[str, str] = MappingProxyType({})


def _frozen_params(params: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(params))


@attrs.frozen
class Challenge:
    """One authentication challenge from a ``WWW-Authenticate`` header.

    ``scheme`` is lower-cased (schemes are case-insensitive), as are the keys of ``params``;
    values are unquoted and unescaped. ``token68`` holds the bare credential-like form some
    schemes use instead of parameters.
    """

    scheme: str
    # A mappingproxy is unhashable; equal challenges still hash equal without it.
    params: Mapping[str, str] = attrs.field(default=_EMPTY, converter=_frozen_params, hash=False)
    token68: str | None = None

    @property
    def error(self) -> str | None:
        """The RFC 6750 ``error`` code (``invalid_token``, ``insufficient_scope``, ...)."""
        return self.params.get("error")

    @property
    def error_description(self) -> str | None:
        """The server's human-readable ``error_description``."""
        return self.params.get("error_description")

    @property
    def realm(self) -> str | None:
        """The protection space (``Doorkeeper`` for ScopeStack)."""
        return self.params.get("realm")


def parse_www_authenticate(value: str | None) -> Challenge | None:
    """The Bearer challenge of a ``WWW-Authenticate`` value, else its first challenge.

    Never raises: a value that holds no recognisable challenge gives None, a damaged one the
    challenges parsed before the damage. Linear time in the length of ``value``.
    """
    challenges = parse_challenges(value)
    for challenge in challenges:
        if challenge.scheme == "bearer":
            return challenge
    return challenges[0] if challenges else None


def parse_challenges(value: str | None) -> tuple[Challenge, ...]:
    """Every challenge in a ``WWW-Authenticate`` value, in order (best effort, never raises)."""
    if not value:
        return ()
    found: list[Challenge] = []
    pos = _skip(_SKIP_RE, value, 0)
    while pos < len(value):
        scheme = _TOKEN_RE.match(value, pos)
        if scheme is None:
            break  # Not a challenge: stop rather than guess what the rest means.
        challenge, pos = _parse_challenge_body(value, scheme.end(), scheme.group().lower())
        found.append(challenge)
        pos = _skip(_SKIP_RE, value, pos)
    return tuple(found)


def _skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    match = pattern.match(text, pos)
    return pos if match is None else match.end()


def _parse_challenge_body(text: str, pos: int, scheme: str) -> tuple[Challenge, int]:
    pos = _skip(_SPACES_RE, text, pos)
    token68 = _TOKEN68_RE.match(text, pos)
    if token68 is not None and _PARAM_START_RE.match(text, pos) is None:
        return Challenge(scheme, token68=token68.group().strip()), token68.end()
    if token68 is not None and token68.group().rstrip().endswith("="):
        # "abc=" followed by "," or the end is token68 padding, not an empty parameter.
        return Challenge(scheme, token68=token68.group().strip()), token68.end()
    params, pos = _parse_params(text, pos)
    return Challenge(scheme, params), pos


def _parse_params(text: str, pos: int) -> tuple[dict[str, str], int]:
    params: dict[str, str] = {}
    while True:
        # Empty list elements are legal (RFC 9110 §5.6.1): "Bearer , realm=x".
        start = _PARAM_START_RE.match(text, _skip(_SKIP_RE, text, pos))
        if start is None:
            return params, pos  # The next token (if any) starts a new challenge.
        value, end = _param_value(text, start.end())
        if value is None:
            return params, len(text)  # Broken value: keep what we have, drop the rest.
        params.setdefault(start.group(1).lower(), value)  # RFC: names occur once; first wins.
        pos = _skip(_SKIP_RE, text, end)


def _param_value(text: str, pos: int) -> tuple[str | None, int]:
    quoted = _QUOTED_RE.match(text, pos)
    if quoted is not None:
        return _UNESCAPE_RE.sub(r"\1", quoted.group(1)), quoted.end()
    token = _TOKEN_RE.match(text, pos)
    if token is not None:
        return token.group(), token.end()
    return None, pos
