"""Where the CLI's settings come from: flags, then environment, then the profiles file.

The profiles file (``profiles.json`` in the user's config folder) holds only what is not
secret: URLs, client id, the user name and how the user logged in. Passwords and client
secrets come from flags or the environment; tokens live in the keyring or the token file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs
import platformdirs

from .. import session as _session
from .._atomic import write_atomically
from ..auth.grants import Authenticator, PasswordGrant, RefreshTokenGrant
from ..errors import ConfigurationError
from ..stores._base import TokenStore
from ..stores.file import FileTokenStore
from ..stores.keyring_store import KeyringTokenStore

__all__ = [
    "Settings",
    "choose_store",
    "forget_profile",
    "profiles_path",
    "read_profiles",
    "write_profile",
    "write_profile_all",
]

ENV: Final = {
    "client_id": "SCOPESTACK_CLIENT_ID",
    "client_secret": "SCOPESTACK_CLIENT_SECRET",
    "username": "SCOPESTACK_USERNAME",
    "password": "SCOPESTACK_PASSWORD",
    "auth_url": "SCOPESTACK_AUTH_URL",
    "api_url": "SCOPESTACK_API_URL",
    "profile": "SCOPESTACK_PROFILE",
}
_PUBLIC: Final = ("auth_url", "api_url", "client_id", "username", "grant", "store")


def profiles_path() -> Path:
    """``profiles.json`` in the user's config folder (``platformdirs``)."""
    return Path(platformdirs.user_config_dir("scopestack-async")) / "profiles.json"


def read_profiles() -> dict[str, dict[str, str]]:
    """Every profile, or none when the file does not exist yet."""
    path = profiles_path()
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ConfigurationError(
            f"Cannot read the profiles file {path}: {exc}. Fix or delete it."
        ) from exc
    return data if isinstance(data, dict) else {}


def write_profile(name: str, values: Mapping[str, str | None]) -> Path:
    """Save the non-secret settings of profile ``name`` (private file, atomic replace)."""
    profiles = read_profiles()
    profiles[name] = {k: v for k in _PUBLIC if (v := values.get(k))}
    return write_profile_all(profiles)


def forget_profile(name: str) -> None:
    """Drop profile ``name`` from the file (no error when absent)."""
    profiles = read_profiles()
    if profiles.pop(name, None) is not None:
        write_profile_all(profiles)


def write_profile_all(profiles: dict[str, dict[str, str]]) -> Path:
    """Rewrite the whole file (0600, atomically)."""
    path = profiles_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomically(path, json.dumps(profiles, indent=2, sort_keys=True).encode())
    return path


# Backends that keep secrets in a plain or home-made file, or nowhere: never for real tokens
# (keyrings.alt says of itself that its backends are for tests and special cases).
_INSECURE_MODULES: Final = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


def _backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _keyring_backend() -> tuple[Any, str | None]:
    """(the backend that would hold the token, why it must not) — (None, why) without one."""
    try:
        import keyring
    except ImportError:
        return None, "the keyring package is not installed"
    backend: Any = keyring.get_keyring()
    chained = getattr(backend, "backends", None)
    if chained is not None:  # keyring's chainer writes to its highest-priority backend
        backend = chained[0] if chained else None
        if backend is None:
            return None, "no keyring backend is available"
    name = _backend_name(backend)
    if name.startswith(_INSECURE_MODULES):
        return backend, f"{name} is not a secure OS keyring"
    if float(getattr(backend, "priority", 0)) <= 0:
        return backend, f"{name} reports that it cannot work here"
    return backend, None


def choose_store(preference: str | None) -> tuple[TokenStore, str, str]:
    """(store, kind, where): a secure OS keyring when one works, else the token file.

    ``preference`` (``SCOPESTACK_TOKEN_STORE``: auto, keyring or file) can force either; an
    insecure keyring backend (keyrings.alt's plain-text file, the null backend) is never used,
    even when forced. ``where`` names the backend or the file.
    """
    wanted = (preference or "auto").lower()
    if wanted not in ("auto", "keyring", "file"):
        raise ConfigurationError(
            f"SCOPESTACK_TOKEN_STORE must be auto, keyring or file, got {preference!r}."
        )
    backend, unfit = (
        (None, "SCOPESTACK_TOKEN_STORE=file") if wanted == "file" else _keyring_backend()
    )
    if backend is not None and unfit is None:
        return (
            KeyringTokenStore(keyring_backend=backend),
            "keyring",
            f"the OS keyring ({_backend_name(backend)}, service scopestack-async)",
        )
    if wanted == "keyring":
        raise ConfigurationError(
            f"SCOPESTACK_TOKEN_STORE=keyring, but {unfit}: tokens are never kept there. "
            "Install and unlock an OS keyring (Secret Service, macOS Keychain, Windows "
            "Credential Locker), or set SCOPESTACK_TOKEN_STORE=file for the 0600 token file."
        )
    store = FileTokenStore()
    where = str(store.path) if wanted == "file" else f"{store.path} (not the keyring: {unfit})"
    return store, "file", where


@attrs.frozen(kw_only=True)
class Settings:
    """Resolved settings of one command (secrets never leave this object in a repr)."""

    profile: str
    auth_url: str
    api_url: str
    client_id: str | None
    client_secret: str | None = attrs.field(repr=False)
    username: str | None
    password: str | None = attrs.field(repr=False)
    grant: str | None

    @classmethod
    def resolve(cls, flags: Mapping[str, Any], env: Mapping[str, str] = os.environ) -> Settings:
        """Flags first, then the environment, then the profile."""
        profile = flags.get("profile") or env.get(ENV["profile"]) or "default"
        saved = read_profiles().get(profile, {})

        def pick(name: str) -> str | None:
            value = flags.get(name) or env.get(ENV.get(name, "")) or saved.get(name)
            return str(value) if value else None

        return cls(
            profile=profile,
            auth_url=pick("auth_url") or _session.DEFAULT_AUTH_URL,
            api_url=pick("api_url") or _session.DEFAULT_API_URL,
            client_id=pick("client_id"),
            client_secret=flags.get("client_secret") or env.get(ENV["client_secret"]),
            username=pick("username"),
            password=flags.get("password_value") or env.get(ENV["password"]),
            grant=saved.get("grant"),
        )

    def require_client_id(self) -> str:
        """The client id, or a ConfigurationError saying where to put it."""
        if not self.client_id:
            raise ConfigurationError(
                "No client id: pass --client-id, set SCOPESTACK_CLIENT_ID, or log in with a "
                "profile that has one (ScopeStack support issues client ids)."
            )
        return self.client_id

    def stored_authenticator(self) -> Authenticator:
        """For commands after ``login``: the password grant when a password is at hand, else
        the stored token (refreshed as needed; log in again once it is dead)."""
        if self.username and self.password:
            return PasswordGrant(username=self.username, password=self.password)
        subject = self.username if self.grant in (None, "password") and self.username else None
        return RefreshTokenGrant(refresh_token="", subject=subject or "default")

    def public(self) -> dict[str, str | None]:
        """What may go to the profiles file."""
        return {
            "auth_url": self.auth_url,
            "api_url": self.api_url,
            "client_id": self.client_id,
            "username": self.username,
            "grant": self.grant,
        }
