"""Deterministic seeded data: accounts, users, roles, OAuth clients and resources.

Pure: the same ``(records, seed)`` always gives the same world, and nothing here does I/O.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import random
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs

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
    "attribute_names",
    "generate",
]

OOB_URI = "urn:ietf:wg:oauth:2.0:oob"
LOOPBACK_CALLBACK = "http://127.0.0.1:8765/callback"

# Access levels in increasing power; a level grants every level below it.
ACCESS_LEVELS = ("view", "create", "manage", "purge")


@attrs.frozen
class Rel:
    """A relationship: to-one (stored on the record) or to-many (the inverse of a to-one)."""

    name: str
    target: str
    to_many: bool = False
    inverse: str = ""


@attrs.frozen
class ResourceSpec:
    """What the API allows on one resource type."""

    type: str
    privilege: str
    rels: tuple[Rel, ...] = ()
    filters: frozenset[str] = frozenset()
    contains: frozenset[str] = frozenset()
    writable: frozenset[str] = frozenset()
    required: tuple[str, ...] = ()
    required_rels: tuple[str, ...] = ()
    writable_rels: frozenset[str] = frozenset()
    read_only: bool = False

    def rel(self, name: str) -> Rel | None:
        """The relationship called ``name``, or None."""
        for rel in self.rels:
            if rel.name == name:
                return rel
        return None


def _acct() -> Rel:
    return Rel("account", "accounts")


SPECS: dict[str, ResourceSpec] = {
    s.type: s
    for s in (
        ResourceSpec("accounts", "settings.account", filters=frozenset({"id"}), read_only=True),
        ResourceSpec(
            "clients",
            "crm.clients",
            rels=(
                _acct(),
                Rel("rate-table", "rate-tables"),
                Rel("contacts", "contacts", True, "client"),
                Rel("projects", "projects", True, "client"),
            ),
            filters=frozenset({"id", "name", "domain", "active"}),
            contains=frozenset({"name"}),
            writable=frozenset({"name", "domain", "active", "msa-date", "user-defined-fields"}),
            required=("name",),
            writable_rels=frozenset({"account", "rate-table"}),
        ),
        ResourceSpec(
            "contacts",
            "crm.contacts",
            rels=(Rel("client", "clients"),),
            filters=frozenset({"id", "name", "email", "client"}),
            contains=frozenset({"name"}),
            writable=frozenset({"name", "email", "phone", "title"}),
            required=("name",),
            required_rels=("client",),
            writable_rels=frozenset({"client"}),
        ),
        ResourceSpec(
            "projects",
            "projects.overview",
            rels=(
                _acct(),
                Rel("client", "clients"),
                Rel("rate-table", "rate-tables"),
                Rel("payment-term", "payment-terms"),
                Rel("project-services", "project-services", True, "project"),
                Rel("project-documents", "project-documents", True, "project"),
            ),
            filters=frozenset(
                {"id", "project-name", "status", "active", "search", "client", "tags"}
            ),
            contains=frozenset({"project-name", "search"}),
            writable=frozenset(
                {
                    "project-name",
                    "executive-summary",
                    "status",
                    "active",
                    "msa-date",
                    "tag-list",
                    "project-variables",
                    "travel-limit",
                }
            ),
            required=("project-name",),
            required_rels=("client",),
            writable_rels=frozenset({"account", "client", "rate-table", "payment-term"}),
        ),
        ResourceSpec(
            "project-services",
            "projects.services",
            rels=(Rel("project", "projects"), Rel("service", "services")),
            filters=frozenset({"id", "name", "project", "service-type", "active"}),
            contains=frozenset({"name"}),
            writable=frozenset(
                {"name", "quantity", "override-hours", "position", "service-type", "active"}
            ),
            required=("name",),
            required_rels=("project",),
            writable_rels=frozenset({"project", "service"}),
        ),
        ResourceSpec(
            "services",
            "settings.services",
            rels=(_acct(),),
            filters=frozenset({"id", "name", "active", "published", "service-type"}),
            contains=frozenset({"name"}),
            writable=frozenset(
                {"name", "description", "base-hours", "service-type", "active", "published"}
            ),
            required=("name",),
            writable_rels=frozenset({"account"}),
        ),
        ResourceSpec(
            "rate-tables",
            "settings.rate_tables",
            rels=(_acct(),),
            filters=frozenset({"id", "name", "active", "default"}),
            contains=frozenset({"name"}),
            writable=frozenset({"name", "active", "default"}),
            required=("name",),
            writable_rels=frozenset({"account"}),
        ),
        ResourceSpec(
            "payment-terms",
            "settings.payment_terms",
            rels=(_acct(),),
            filters=frozenset({"id", "name", "active", "default", "pricing-model"}),
            contains=frozenset({"name"}),
            writable=frozenset({"name", "active", "default", "pricing-model", "position"}),
            required=("name",),
            writable_rels=frozenset({"account"}),
        ),
        ResourceSpec(
            "project-documents",
            "projects.documents",
            rels=(Rel("project", "projects"),),
            filters=frozenset({"id", "project", "status", "document-type"}),
            writable=frozenset(
                {"template-id", "document-type", "force-regeneration", "generate-pdf"}
            ),
            required=("document-type",),
            required_rels=("project",),
            writable_rels=frozenset({"project"}),
        ),
    )
}

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


_EPOCH = datetime(2024, 1, 1, 9, 30, tzinfo=timezone.utc)
_DATES = tuple((_EPOCH + timedelta(days=d)).strftime("%Y-%m-%dT%H:%M:%S.000Z") for d in range(730))
_DAYS = tuple(d[:10] for d in _DATES)
_WORDS = (
    "Network refresh",
    "Cloud migration",
    "Firewall upgrade",
    "Data center move",
    "Wireless survey",
    "Backup overhaul",
    "Security audit",
    "VoIP rollout",
    "Office expansion",
    "Storage tiering",
    "Endpoint refresh",
    "SD-WAN pilot",
)
_COMPANIES = (
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Soylent",
    "Cyberdyne",
    "Wonka",
    "Gringotts",
    "Oscorp",
    "Dunder",
    "Pied Piper",
    "Massive",
)
_STATUSES = ("building", "technical_approval", "sales_approval", "approved", "won", "lost")
_SERVICE_TYPES = ("professional_services", "managed_services")
_TAGS = (("network",), ("cloud", "migration"), (), ("security",), ("voice", "network"))


class _Ids:
    """Global id counters per type, so ids are unique across accounts."""

    def __init__(self) -> None:
        self.next: dict[str, int] = {}

    def take(self, type_: str) -> int:
        n = self.next.get(type_, 1)
        self.next[type_] = n + 1
        return n


def _decimal(value: float) -> str:
    return f"{value:.1f}"


def _make(
    ids: _Ids,
    type_: str,
    acct: int,
    count: int,
    build: Callable[[int], tuple[dict[str, Any], dict[str, int | None]]],
) -> Iterator[Record]:
    for i in range(count):
        attributes, links = build(i)
        yield Record(type_, ids.take(type_), acct, attributes, links)


def _account_records(acct: Account, records: int, seed: int, ids: _Ids) -> dict[str, list[Record]]:
    rng = random.Random(f"{seed}:{acct.slug}")
    out: dict[str, list[Record]] = {}
    out["accounts"] = [
        Record("accounts", acct.id, acct.id, {"name": acct.name, "slug": acct.slug}, {})
    ]
    rt = out["rate-tables"] = list(
        _make(
            ids,
            "rate-tables",
            acct.id,
            3,
            lambda i: (
                {
                    "name": ("Standard", "Partner", "Government")[i],
                    "default": i == 0,
                    "active": True,
                },
                {"account": acct.id},
            ),
        )
    )
    pt = out["payment-terms"] = list(
        _make(
            ids,
            "payment-terms",
            acct.id,
            4,
            lambda i: (
                {
                    "name": ("Net 30", "Net 60", "Milestones", "Upfront")[i],
                    "active": True,
                    "pricing-model": ("fixed_fee", "time_and_materials")[i % 2],
                    "slug": f"term-{i + 1}",
                    "position": i + 1,
                    "default": i == 0,
                    "travel-limit": "0.0",
                },
                {"account": acct.id},
            ),
        )
    )
    sv = out["services"] = list(
        _make(
            ids,
            "services",
            acct.id,
            40,
            lambda i: (
                {
                    "name": f"{_WORDS[i % 12]} service {i + 1}",
                    "description": "Standard service.",
                    "base-hours": _decimal(2 + i % 7 * 1.5),
                    "service-type": _SERVICE_TYPES[i % 2],
                    "tag-list": list(_TAGS[i % 5]),
                    "active": i % 10 != 9,
                    "published": True,
                },
                {"account": acct.id},
            ),
        )
    )
    n_clients = max(3, records // 50)
    cl = out["clients"] = list(
        _make(
            ids,
            "clients",
            acct.id,
            n_clients,
            lambda i: (
                {
                    "name": f"{_COMPANIES[i % 15]} {i + 1}",
                    "active": rng.random() < 0.9,
                    "domain": f"client{i + 1}.example",
                    "msa-date": None,
                    "user-defined-fields": [],
                },
                {"account": acct.id, "rate-table": rt[i % 3].id},
            ),
        )
    )
    out["contacts"] = list(
        _make(
            ids,
            "contacts",
            acct.id,
            2 * n_clients,
            lambda i: (
                {
                    "name": f"Contact {i + 1}",
                    "email": f"contact{i + 1}@client{i // 2 + 1}.example",
                    "phone": "",
                    "title": ("CIO", "IT Manager")[i % 2],
                },
                {"client": cl[i // 2].id},
            ),
        )
    )
    out["projects"] = list(
        _make(ids, "projects", acct.id, records, lambda i: _project(rng, i, cl, rt, pt))
    )
    pr = out["projects"]
    out["project-services"] = list(
        _make(ids, "project-services", acct.id, records, lambda i: _pservice(rng, i, pr, sv))
    )
    out["project-documents"] = list(
        _make(
            ids,
            "project-documents",
            acct.id,
            records // 100,
            lambda i: (
                {
                    "template-id": "pricing",
                    "document-type": "pricing",
                    "force-regeneration": False,
                    "generate-pdf": True,
                    "status": "finished",
                    "document-url": None,
                    "error-text": None,
                    "template-name": "Pricing",
                    "created-at": _DATES[i % 730],
                    "updated-at": _DATES[i % 730],
                },
                {"project": pr[i].id},
            ),
        )
    )
    return out


def _project(
    rng: random.Random, i: int, cl: list[Record], rt: list[Record], pt: list[Record]
) -> tuple[dict[str, Any], dict[str, int | None]]:
    r = rng.random()
    client = cl[int(r * len(cl))]
    day = int(rng.random() * 730)
    revenue = 1000 + int(r * 99_000)
    status = _STATUSES[i % 6]
    attributes = {
        "project-name": f"{_WORDS[i % 12]} {i + 1}",
        "executive-summary": "",
        "status": status,
        "active": i % 17 != 0,
        "msa-date": None,
        "tag-list": list(_TAGS[i % 5]),
        "project-variables": [],
        "travel-limit": "0.0",
        "client-name": client.attributes["name"],
        "contract-revenue": _decimal(revenue),
        "contract-cost": _decimal(revenue * 0.6),
        "contract-margin": "40.0",
        "payment-info": {
            "pricing-model": "fixed_fee",
            "include-expenses": False,
            "include-product": True,
            "rate-type": "hours",
        },
        "submitted-at": None,
        "approved-at": _DATES[day] if status in ("approved", "won") else None,
        "created-at": _DATES[day],
        "updated-at": _DATES[min(729, day + i % 30)],
    }
    links: dict[str, int | None] = {
        "account": client.account_id,
        "client": client.id,
        "rate-table": rt[i % 3].id,
        "payment-term": pt[i % 4].id,
    }
    return attributes, links


def _pservice(
    rng: random.Random, i: int, pr: list[Record], sv: list[Record]
) -> tuple[dict[str, Any], dict[str, int | None]]:
    project = pr[int(rng.random() * len(pr))]
    service = sv[i % len(sv)]
    hours = 1 + i % 40
    attributes = {
        "name": service.attributes["name"],
        "quantity": 1 + i % 5,
        "override-hours": _decimal(hours),
        "actual-hours": _decimal(hours),
        "position": i % 10 + 1,
        "service-type": service.attributes["service-type"],
        "payment-frequency": "one_time",
        "task-source": "service",
        "extended-hours": _decimal(hours * (1 + i % 5)),
        "total-hours": _decimal(hours * (1 + i % 5)),
        "custom-hours?": False,
        "active": True,
        "calculated-pricing": {"service_cost": "0.0", "material_cost": 0},
    }
    return attributes, {"project": project.id, "service": service.id}


def generate(records: int, seed: int) -> Seed:
    """Build the whole world: ``records`` projects for acme, a tenth of that for globex."""
    accounts = (Account(1, "acme", "Acme Corporation"), Account(2, "globex", "Globex Corporation"))
    users = _users(seed)
    ids = _Ids()
    merged: dict[str, list[Record]] = {t: [] for t in SPECS}
    for acct, n in ((accounts[0], records), (accounts[1], records // 10)):
        for type_, rows in _account_records(acct, n, seed, ids).items():
            merged[type_].extend(rows)
    return Seed(accounts, users, _clients(seed, users), merged)


@functools.cache
def attribute_names() -> dict[str, frozenset[str]]:
    """Every attribute name of each type (read off a small generated world, once)."""
    sample = generate(100, 0)
    return {
        t: frozenset(k for r in rows for k in r.attributes) | SPECS[t].writable
        for t, rows in sample.records.items()
    }
