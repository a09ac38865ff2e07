"""Where the CLI's settings come from: flags, then environment, then the profiles file.

The profiles file (``profiles.json`` in the user's config folder) holds only what is not
secret: URLs, client id, the user name, how and as whom (``/v1/me`` user id) the user logged
in. Passwords and client secrets come from flags or the environment; tokens live in the keyring
or the token file, each profile in a slot of its own (``profile:<name>``), whatever its grant.
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
from .._core.tokens import Token
from ..auth.endpoint import TokenEndpoint
from ..auth.grants import Authenticator, PasswordGrant
from ..errors import AuthenticationError, ConfigurationError
from ..stores._base import TokenStore
from ..stores.file import FileTokenStore
from ..stores.keyring_store import KeyringTokenStore

__all__ = [
    "Settings",
    "StoredLogin",
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
_PUBLIC: Final = ("auth_url", "api_url", "client_id", "username", "grant", "store", "user_id")


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


def _unknown_profile(name: str, known: Mapping[str, object]) -> ConfigurationError:
    names = ", ".join(sorted(known)) or "none yet"
    return ConfigurationError(
        f"no profile named {name!r}; profiles: {names}; run `scopestack login --profile {name}` "
        "to create it."
    )


@attrs.frozen
class StoredLogin:
    """The grant of commands after ``login``: only the profile's stored token, refreshed as
    needed. It cannot log in by itself, so it says how to."""

    subject: str
    profile: str

    @property
    def unattended(self) -> bool:
        """False: a person has to run ``scopestack login``."""
        return False

    async def authenticate(self, endpoint: TokenEndpoint) -> Token:
        """Refuse: there is no stored token (or it is dead)."""
        option = "" if self.profile == "default" else f" --profile {self.profile}"
        raise AuthenticationError(
            f"Not logged in with profile {self.profile!r} (no usable token is stored for it): "
            f"run `scopestack login{option}`, or set SCOPESTACK_USERNAME and SCOPESTACK_PASSWORD."
        )


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
    user_id: str | None = None
    saved_username: str | None = None

    @classmethod
    def resolve(
        cls,
        flags: Mapping[str, Any],
        env: Mapping[str, str] = os.environ,
        *,
        new_profile: bool = False,
    ) -> Settings:
        """Flags first, then the environment, then the profile.

        A profile named by ``--profile`` or ``SCOPESTACK_PROFILE`` must exist, unless
        ``new_profile`` (``login`` creates it): another profile's token is never used instead.
        """
        named = flags.get("profile") or env.get(ENV["profile"])
        profile = named or "default"
        profiles = read_profiles()
        if named and not new_profile and named not in profiles:
            raise _unknown_profile(named, profiles)
        saved = profiles.get(profile, {})

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
            user_id=saved.get("user_id"),
            saved_username=saved.get("username"),
        )

    def require_client_id(self) -> str:
        """The client id, or a ConfigurationError saying where to put it."""
        if not self.client_id:
            raise ConfigurationError(
                "No client id: pass --client-id, set SCOPESTACK_CLIENT_ID, or log in with a "
                "profile that has one (ScopeStack support issues client ids)."
            )
        return self.client_id

    @property
    def slot(self) -> str:
        """This profile's part of the token store key: one slot per profile, whatever the
        grant, so two profiles (Dev and Prod) never share a token."""
        return f"profile:{self.profile}"

    def stored_authenticator(self) -> Authenticator:
        """For commands after ``login``: the password grant when a password is at hand, else
        the stored token (refreshed as needed; log in again once it is dead)."""
        # A password at hand logs in again only as the profile's own user, and only for a
        # profile that logs in with one: never another user into this profile's slot.
        own_user = self.saved_username in (None, self.username)
        if self.username and self.password and own_user and self.grant in (None, "password"):
            return PasswordGrant(username=self.username, password=self.password, subject=self.slot)
        return StoredLogin(subject=self.slot, profile=self.profile)

    def public(self) -> dict[str, str | None]:
        """What may go to the profiles file."""
        return {
            "auth_url": self.auth_url,
            "api_url": self.api_url,
            "client_id": self.client_id,
            "username": self.username,
            "grant": self.grant,
        }
