"""Deterministic seeded data: accounts, users, roles, OAuth clients, and the world of records.

Pure: the same ``(records, seed)`` always gives the same world, and nothing here does I/O.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import attrs

from .catalogue import CATALOGUE, Rel, ResourceSpec
from .seeding import Ids, Refs, build_account, no_gc

__all__ = [
    "ACCESS_LEVELS",
    "OOB_URI",
    "PRIVILEGES",
    "ROLES",
    "SPECS",
    "Account",
    "OAuthClient",
    "Record",
    "Rel",
    "ResourceSpec",
    "SandboxUser",
    "Seed",
    "ServiceCredential",
    "generate",
]

OOB_URI = "urn:ietf:wg:oauth:2.0:oob"
LOOPBACK_CALLBACK = "http://127.0.0.1:8765/callback"

# Access levels in increasing power; a level grants every level below it.
ACCESS_LEVELS = ("view", "create", "manage", "purge")


SPECS = CATALOGUE  # the name the handlers use for the catalogue

PRIVILEGES = tuple(sorted({s.privilege for s in SPECS.values()}))
ROLES: dict[str, dict[str, str]] = {
    "Administrator": dict.fromkeys(PRIVILEGES, "purge"),
    "Read Only": dict.fromkeys(PRIVILEGES, "view"),
    "Integration": dict.fromkeys(PRIVILEGES, "manage"),
}


@attrs.frozen
class Account:
    """A ScopeStack account (a company); its slug prefixes resource URLs."""

    id: int
    slug: str
    name: str


@attrs.frozen
class ServiceCredential:
    """A named client credential of a service account (client_credentials grant)."""

    name: str
    client_id: str
    client_secret: str = attrs.field(repr=False)


@attrs.frozen
class SandboxUser:
    """A seeded user and the credentials to log in as them (they are public)."""

    key: str
    id: int
    name: str
    username: str
    password: str = attrs.field(repr=False)
    account_slug: str = "acme"
    account_id: int = 1
    role: str = "Administrator"
    user_type: str = "standard"
    active: bool = True
    uuid: str = ""
    credentials: tuple[ServiceCredential, ...] = ()


@attrs.frozen
class OAuthClient:
    """A registered OAuth application; ``owner`` is the service user for credentials."""

    name: str
    client_id: str
    client_secret: str | None = attrs.field(repr=False)
    redirect_uri: str
    owner: str | None = None

    @property
    def confidential(self) -> bool:
        """True when the client must authenticate with its secret."""
        return self.client_secret is not None


class Record:
    """One stored resource; ``links`` holds the to-one relationship ids."""

    __slots__ = ("account_id", "attributes", "created", "id", "links", "type")

    def __init__(
        self,
        type_: str,
        id_: int,
        account_id: int,
        attributes: dict[str, Any],
        links: dict[str, int | None],
    ) -> None:
        self.type = type_
        self.id = id_
        self.account_id = account_id
        self.attributes = attributes
        self.links = links
        self.created = 0.0


@attrs.frozen
class Seed:
    """The generated world: accounts, users, clients and records by type."""

    accounts: tuple[Account, ...]
    users: tuple[SandboxUser, ...]
    clients: tuple[OAuthClient, ...]
    records: dict[str, list[Record]]
    refs: dict[int, Refs] = attrs.field(factory=dict)
    seed: int = 0


def _secret(seed: int, label: str) -> str:
    # 43 urlsafe characters like Doorkeeper's uids and secrets, stable per seed.
    digest = hashlib.sha256(f"scopestack-sandbox:{seed}:{label}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()[:43]


def _users(seed: int) -> tuple[SandboxUser, ...]:
    cred = ServiceCredential("ci-export", _secret(seed, "svc-id"), _secret(seed, "svc-secret"))
    rows = (
        ("admin", "Ada Admin", "admin@acme.example", "acme", "Administrator", "standard", True),
        ("readonly", "Rita Reader", "viewer@acme.example", "acme", "Read Only", "standard", True),
        (
            "service",
            "Export Bot",
            "integration@acme.example",
            "acme",
            "Integration",
            "service",
            True,
        ),
        (
            "deactivated",
            "Dan Gone",
            "former@acme.example",
            "acme",
            "Administrator",
            "standard",
            False,
        ),
        (
            "globex_admin",
            "Gina Globex",
            "admin@globex.example",
            "globex",
            "Administrator",
            "standard",
            True,
        ),
    )
    slugs = {"acme": 1, "globex": 2}
    return tuple(
        SandboxUser(
            key=key,
            id=i + 1,
            name=name,
            username=email,
            password=f"{key.replace('_', '-')}-password",
            account_slug=slug,
            account_id=slugs[slug],
            role=role,
            user_type=utype,
            active=active,
            uuid=_uuid(seed, key),
            credentials=(cred,) if key == "service" else (),
        )
        for i, (key, name, email, slug, role, utype, active) in enumerate(rows)
    )


def _uuid(seed: int, label: str) -> str:
    h = hashlib.sha256(f"uuid:{seed}:{label}".encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def _clients(seed: int, users: tuple[SandboxUser, ...]) -> tuple[OAuthClient, ...]:
    service = next(u for u in users if u.key == "service")
    cred = service.credentials[0]
    return (
        OAuthClient(
            "confidential",
            _secret(seed, "conf-id"),
            _secret(seed, "conf-secret"),
            LOOPBACK_CALLBACK,
        ),
        OAuthClient("public", _secret(seed, "pub-id"), None, LOOPBACK_CALLBACK),
        OAuthClient("oob", _secret(seed, "oob-id"), _secret(seed, "oob-secret"), OOB_URI),
        OAuthClient(
            f"service:{cred.name}",
            cred.client_id,
            cred.client_secret,
            LOOPBACK_CALLBACK,
            owner=service.key,
        ),
    )


def _user_rows(users: tuple[SandboxUser, ...], acct: Account) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for u in users:
        if u.account_id != acct.id:
            continue
        rows.append(
            (
                u.id,
                {
                    "name": u.name,
                    "email": u.username,
                    "phone": "",
                    "title": u.role,
                    "privileges": dict(ROLES[u.role]),
                    "preferred-rate-table": None,
                    "guided-onboarding": False,
                    "view-only": u.role == "Read Only",
                    "active": u.active,
                    "user-type": u.user_type,
                    "created-at": "2024-01-01T09:30:00.000Z",
                    "updated-at": "2024-01-01T09:30:00.000Z",
                },
            )
        )
    return rows


def generate(records: int, seed: int) -> Seed:
    """Build the whole world: ``records`` projects for acme, a tenth of that for globex.

    Account-wide types are built here; the parts of each project are derived on demand
    from ``Seed.refs`` (see ``seeding`` and ``store.Table``).
    """
    accounts = (Account(1, "acme", "Acme Corporation"), Account(2, "globex", "Globex Corporation"))
    users = _users(seed)
    ids = Ids({"users": len(users) + 1})
    merged: dict[str, list[Record]] = {t: [] for t in CATALOGUE}
    refs: dict[int, Refs] = {}
    with no_gc():
        for acct, n in ((accounts[0], records), (accounts[1], records // 10)):
            rows, refs[acct.id] = build_account(
                (acct.id, acct.slug, acct.name),
                n,
                seed,
                ids,
                _user_rows(users, acct),
                lambda label: _uuid(seed, label),
            )
            for type_, made in rows.items():
                merged[type_].extend(Record(type_, i, acct.id, a, links) for i, a, links in made)
    return Seed(accounts, users, _clients(seed, users), merged, refs, seed)
