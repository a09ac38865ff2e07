"""The one place that decides which base URLs are acceptable and how API paths are built."""

from __future__ import annotations

import ipaddress

from yarl import URL

from ..errors import ConfigurationError

__all__ = [
    "account_path",
    "is_loopback",
    "origin",
    "redacted",
    "resolve",
    "same_origin",
    "validate_base_url",
]


def is_loopback(host: str | None) -> bool:
    """True for ``localhost`` and loopback IP literals (127.0.0.0/8, ::1)."""
    if host is None:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


_ALLOW_HTTP = "Use https, or pass allow_insecure_http=True if you really mean it."


def validate_base_url(
    value: str | URL, *, name: str, allow_insecure_http: bool, insecure_advice: str = _ALLOW_HTTP
) -> URL:
    """A base URL as a :class:`URL` with no query or fragment; https unless loopback or allowed.

    ``insecure_advice`` ends the plain-http refusal (the CLI names its own flag there)."""
    url = URL(value)
    if not url.is_absolute() or url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"{name} must be an absolute http(s) URL such as https://api.scopestack.io; got {value!r}."
        )
    if url.query_string or url.fragment:
        raise ConfigurationError(f"{name} must not carry a query or fragment; got {value!r}.")
    if url.user is not None or url.password is not None:
        raise ConfigurationError(
            f"{name} must not carry a user name or password ({redacted(url)}); credentials "
            "belong in the grant (PasswordGrant, client_secret), which keeps them out of logs."
        )
    if url.scheme == "http" and not (allow_insecure_http or is_loopback(url.host)):
        raise ConfigurationError(
            f"{name} uses plain http on a non-loopback host ({url.host}); tokens would travel "
            f"unencrypted. {insecure_advice}"
        )
    return url.with_path(url.path.rstrip("/") or "/")


def resolve(base: URL, path: str | URL) -> URL:
    """``path`` ("/v1/me", "acme/v1/projects" or an absolute URL) resolved against ``base``.

    Not cached here: the one caller on the request path (``session.url``) keeps its own
    table keyed by the path alone, which costs less than hashing a URL for a cache here.
    """
    target = URL(path)
    if target.is_absolute():
        return target
    base_path = base.path.rstrip("/")
    joined = f"{base_path}/{target.path.lstrip('/')}"
    return base.with_path(joined, encoded=False).with_query(target.query)


def origin(url: URL) -> tuple[str, str | None, int | None]:
    """(scheme, host, port), the default port filled in; a relative URL's host is None."""
    return (url.scheme, url.host, url.port)


def same_origin(a: URL, b: URL) -> bool:
    """``a`` is absolute and has ``b``'s scheme, host and port."""
    return a.is_absolute() and origin(a) == origin(b)


def redacted(url: URL) -> str:
    """``url`` fit for a log line or a message: no user info, query or fragment."""
    return str(url.with_user(None).with_query(None).with_fragment(None))


def account_path(slug: str, *parts: str) -> str:
    """``/{slug}/v1/{parts...}`` for account-scoped routes."""
    if not slug or "/" in slug:
        raise ConfigurationError(
            f"Invalid account slug {slug!r}; read it from `await session.me()`."
        )
    tail = "/".join(p.strip("/") for p in parts if p)
    return f"/{slug}/v1/{tail}" if tail else f"/{slug}/v1"
