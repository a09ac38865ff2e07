"""Seeded records for every catalogue type (pure, deterministic for a ``(records, seed)``).

Account-wide types (people, catalog, clients, opportunities, projects) are built eagerly.
The parts of a project (contacts, locations, phases, services, …) are *derived*: their
count and attributes are a pure function of the seed and the parent record, so 100 000
projects cost nothing until someone reads their parts (see ``store.Table``).
"""

from __future__ import annotations

import contextlib
import gc
import random
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, cast

from .catalogue import CATALOGUE, VARIABLE_CONTEXTS

__all__ = [
    "DERIVERS",
    "Built",
    "Refs",
    "child_count",
    "child_ids",
    "eager_types",
    "iso",
    "freeze_seeded_records",
    "no_gc",
    "variable_entry",
]

Built = tuple[dict[str, Any], dict[str, int | None]]
Links = dict[str, int | None]

_EPOCH = datetime(2024, 1, 1, 9, 30, tzinfo=timezone.utc)
DATES = tuple((_EPOCH + timedelta(days=d)).strftime("%Y-%m-%dT%H:%M:%S.000Z") for d in range(730))
DAYS = tuple(d[:10] for d in DATES)
_MASK = (1 << 64) - 1


# Set by the blocking server entry point (serve.run), whose process is the sandbox's own.
# An in-process sandbox (tests, the pytest plugin) never freezes: gc.freeze() would exempt
# the whole host process's heap, garbage cycles included, until stop() unfroze it all at
# once and the next full collection stalled every loop in the process.
_freeze_seeded = False


def freeze_seeded_records() -> None:
    """Freeze what seeding builds (call only in a process that runs nothing but the sandbox)."""
    global _freeze_seeded
    _freeze_seeded = True


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic collector while building many acyclic records (then freeze them, in
    the sandbox's own process).

    Without the pause, generation-2 collections rescan the growing heap again and again:
    100 000 projects take ~5 s instead of ~1.4 s. Without the freeze, the first full
    collection after start scans every record while requests wait (it cost a quarter of the
    sandbox's CPU in a 5 s throughput run); that trade is only made where the process is the
    sandbox's own. The records hold no cycles, so refcounting still frees them.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _freeze_seeded:
            gc.freeze()
        if was:
            gc.enable()


def iso(day: int) -> str:
    """The seeded timestamp of day ``day`` (0..729 from 2024-01-01)."""
    return DATES[day % 730]


def mix(*parts: int) -> int:
    """A cheap, stable 64-bit hash of integers (splitmix-style)."""
    x = 0x9E3779B97F4A7C15
    for p in parts:
        x = ((x ^ p) * 0xBF58476D1CE4E5B9) & _MASK
        x ^= x >> 31
    return x


_SALT = {t: zlib.crc32(t.encode()) for t in CATALOGUE}

WORDS = (
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
COMPANIES = (
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
FIRST = ("Alex", "Blair", "Chris", "Dana", "Eli", "Fran", "Gale", "Hari", "Ira", "Jo", "Kim", "Lee")
LAST = ("Novak", "Okafor", "Park", "Quinn", "Rossi", "Singh", "Tanaka", "Ueda", "Vega", "Wolfe")
CITIES = (
    ("Austin", "TX", "78701"),
    ("Denver", "CO", "80202"),
    ("Boston", "MA", "02108"),
    ("Seattle", "WA", "98101"),
    ("Chicago", "IL", "60601"),
)
STATUSES = ("building", "technical_approval", "sales_approval", "approved", "won", "lost")
SERVICE_TYPES = ("professional_services", "managed_services")
TAGS = (("network",), ("cloud", "migration"), (), ("security",), ("voice", "network"))


def _dec(value: float) -> str:
    return f"{value:.1f}"


def _person(k: int) -> str:
    return f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]}"


def _email(name: str, domain: str) -> str:
    return f"{name.lower().replace(' ', '.')}@{domain}"


# -- variable definitions and values --------------------------------------------------------

# (context, name, label, type, required, options-or-range)
_VARIABLES: tuple[tuple[str, str, str, str, bool, Any], ...] = (
    ("project", "po_number", "PO number", "text", False, None),
    ("project", "region", "Region", "select", False, (("EMEA", "emea"), ("Americas", "amer"))),
    ("project", "go_live", "Go-live date", "date", False, None),
    ("project", "seats", "Seats", "number", False, (1, 100_000)),
    (
        "client",
        "industry",
        "Industry",
        "select",
        False,
        (("Retail", "retail"), ("Health", "health")),
    ),
    ("client", "employee_count", "Employees", "number", False, (0, 1_000_000)),
    ("client", "msa_signed", "MSA signed", "date", False, None),
    ("service_location", "site_code", "Site code", "text", False, None),
    ("service_location", "floors", "Floors", "number", False, (1, 200)),
    (
        "project_contact",
        "preferred_channel",
        "Channel",
        "select",
        False,
        (("Email", "email"), ("Phone", "phone")),
    ),
    ("product", "warranty_years", "Warranty (years)", "number", False, (0, 10)),
    (
        "crm_opportunity",
        "lead_source",
        "Lead source",
        "select",
        False,
        (("Web", "web"), ("Partner", "partner")),
    ),
    ("crm_opportunity", "close_quarter", "Close quarter", "text", False, None),
    (
        "governance",
        "review_cadence",
        "Review cadence",
        "select",
        False,
        (("Weekly", "weekly"), ("Monthly", "monthly")),
    ),
)
assert {v[0] for v in _VARIABLES} == set(VARIABLE_CONTEXTS)


def _definition(k: int, uuid: str) -> dict[str, Any]:
    context, name, label, vtype, required, extra = _VARIABLES[k]
    options = []
    low = high = None
    if vtype == "select":
        options = [
            {"key": key, "value": val, "default": i == 0} for i, (key, val) in enumerate(extra)
        ]
    elif vtype == "number":
        low, high = _dec(extra[0]), _dec(extra[1])
    return {
        "name": name,
        "label": label,
        "variable-type": vtype,
        "minimum": low,
        "maximum": high,
        "required": required,
        "position": k + 1,
        "variable-context": context,
        "select-options": options,
        "description": f"{label} ({context.replace('_', ' ')})",
        "active": True,
        "uuid": uuid,
    }


def variable_entry(definition: Mapping[str, Any], value: Any) -> dict[str, Any]:
    """A value as read inside a record: the definition in snake_case, plus ``value``."""
    return {
        "name": definition["name"],
        "label": definition["label"],
        "variable_type": definition["variable-type"],
        "minimum": definition["minimum"],
        "maximum": definition["maximum"],
        "required": definition["required"],
        "select_options": definition["select-options"],
        "position": definition["position"],
        "context": definition["variable-context"],
        "uuid": definition["uuid"],
        "value": value,
    }


# -- per-account references the builders link to -------------------------------------------


class Refs:
    """The seeded records of one account by type, for linking (and the derivers)."""

    def __init__(self, account_id: int, slug: str, seed: int) -> None:
        self.account_id = account_id
        self.slug = slug
        self.seed = seed
        self.ids: dict[str, list[int]] = {}
        self.names: dict[tuple[str, int], str] = {}
        self.definitions: dict[str, dict[str, Any]] = {}  # variable name -> definition attrs
        self.entries: dict[tuple[str, str], dict[str, Any]] = {}

    def pick(self, type_: str, k: int) -> int | None:
        """The ``k``-th seeded id of a type (wrapping), None when there are none."""
        ids = self.ids.get(type_)
        return ids[k % len(ids)] if ids else None

    def entry(self, name: str, value: str) -> dict[str, Any]:
        """A shared variable entry (values repeat, so entries are shared, never mutated)."""
        key = (name, value)
        hit = self.entries.get(key)
        if hit is None:
            hit = self.entries[key] = variable_entry(self.definitions[name], value)
        return hit


class Ids:
    """Global id counters per type, so ids are unique across accounts."""

    def __init__(self, start: Mapping[str, int] | None = None) -> None:
        self.next: dict[str, int] = dict(start or {})

    def take(self, type_: str) -> int:
        """The next id of a type."""
        n = self.next.get(type_, 1)
        self.next[type_] = n + 1
        return n


EagerRows = dict[str, list[tuple[int, dict[str, Any], Links]]]


def _add(
    out: EagerRows,
    refs: Refs,
    ids: Ids,
    type_: str,
    rows: Sequence[tuple[Mapping[str, Any], Mapping[str, int | None]]],
) -> list[int]:
    first = ids.next.get(type_, 1)
    made = list(range(first, first + len(rows)))
    ids.next[type_] = first + len(rows)
    table = out.setdefault(type_, [])
    # The builders make fresh dicts; the casts only widen the value types for the store.
    table.extend(
        (id_, cast("dict[str, Any]", a), cast("Links", links))
        for id_, (a, links) in zip(made, rows, strict=True)
    )
    if type_ not in _UNNAMED:
        refs.names.update(
            ((type_, i), str(a.get("name"))) for i, (a, _) in zip(made, rows, strict=True)
        )
    refs.ids[type_] = refs.ids.get(type_, []) + made
    return made


# Types whose names nothing looks up (the big ones): skip the name index.
_UNNAMED = frozenset({"projects", "crm-opportunities", "contacts", "project-documents", "surveys"})


def _catalog(out: EagerRows, refs: Refs, ids: Ids, uuid: Callable[[str], str]) -> None:
    acct: Links = {"account": refs.account_id}
    domain = f"{refs.slug}.example"
    people = [
        (
            {
                "name": _person(k + 3),
                "email": _email(_person(k + 3), domain),
                "title": ("Account Executive", "Sales Director")[k % 2],
                "phone": f"+1 512 555 01{k:02d}",
                "active": k != 7,
                "created-at": iso(k),
                "updated-at": iso(k + 30),
            },
            dict(acct),
        )
        for k in range(8)
    ]
    _add(out, refs, ids, "sales-executives", people)
    engineers = [
        (
            {
                "name": _person(k + 40),
                "email": _email(_person(k + 40), domain),
                "title": "Solutions Engineer",
                "phone": f"+1 512 555 02{k:02d}",
                "active": True,
                "created-at": iso(k),
                "updated-at": iso(k + 20),
            },
            dict(acct),
        )
        for k in range(6)
    ]
    _add(out, refs, ids, "presales-engineers", engineers)
    units = [
        (
            {
                "name": name,
                "external-name": f"{refs.slug.title()} {name}",
                "street-address": f"{100 + k} Commerce St",
                "street2": None,
                "city": CITIES[k][0],
                "state": CITIES[k][1],
                "postal-code": CITIES[k][2],
                "country": "US",
                "active": True,
            },
            dict(acct),
        )
        for k, name in enumerate(("Enterprise", "Public Sector", "Mid-Market"))
    ]
    _add(out, refs, ids, "business-units", units)
    tag_names = (
        "network",
        "cloud",
        "migration",
        "security",
        "voice",
        "priority-high",
        "renewal",
        "q3",
    )
    _add(out, refs, ids, "tags", [({"name": n}, dict(acct)) for n in tag_names])
    lobs = ("Networking", "Security", "Collaboration", "Data Center", "Managed Services")
    _add(
        out,
        refs,
        ids,
        "line-of-businesses",
        [({"name": n, "position": k + 1, "active": True}, dict(acct)) for k, n in enumerate(lobs)],
    )
    categories = [
        (
            {
                "name": name,
                "nested-name": f"{lobs[k % 5]} > {name}",
                "position": k + 1,
                "active": True,
            },
            {**acct, "line-of-business": refs.pick("line-of-businesses", k)},
        )
        for k, name in enumerate(
            ("Routing", "Switching", "Firewalls", "Identity", "Voice", "Video", "Compute", "Backup")
        )
    ]
    _add(out, refs, ids, "service-categories", categories)
    phase_names = ("Planning", "Design", "Implementation", "Testing", "Closeout")
    phases = [
        (
            {
                "name": n,
                "position": k + 1,
                "sow-language": f"{n.lower()}_language",
                "active": True,
            },
            dict(acct),
        )
        for k, n in enumerate(phase_names)
    ]
    _add(out, refs, ids, "phases", phases)
    roles = (
        ("Project Manager", 175.0, 90.0),
        ("Network Engineer", 195.0, 105.0),
        ("Security Architect", 240.0, 130.0),
        ("Cloud Engineer", 210.0, 115.0),
        ("Technician", 125.0, 60.0),
        ("Solutions Architect", 225.0, 120.0),
        ("Trainer", 150.0, 70.0),
        ("Engagement Lead", 260.0, 140.0),
    )
    resources = [
        (
            {
                "name": n,
                "external-name": f"{n} (billable)",
                "description": f"{n} time",
                "hourly-rate": _dec(rate),
                "hourly-cost": _dec(cost),
                "active": k != 6,
            },
            dict(acct),
        )
        for k, (n, rate, cost) in enumerate(roles)
    ]
    _add(out, refs, ids, "resources", resources)
    governances = [
        (
            {
                "name": n,
                "description": f"{n} effort",
                "rate": _dec(rate),
                "calculation-type": "percent_of_total",
                "allocation-method": "prorate_phases_by_effort",
                "active": True,
                "position": k + 1,
            },
            {
                **acct,
                "resource": refs.pick("resources", 0 if k < 2 else 7),
                "service-category": refs.pick("service-categories", k),
            },
        )
        for k, (n, rate) in enumerate(
            (
                ("Project management", 0.1),
                ("Change control", 0.05),
                ("QA review", 0.03),
                ("Risk", 0.02),
            )
        )
    ]
    _add(out, refs, ids, "governances", governances)
    languages = (
        ("deliverables", "Deliverables"),
        ("assumptions", "Assumptions"),
        ("out", "Out of scope"),
        ("customer", "Customer responsibilities"),
        ("sow_language", "SOW language"),
        ("implementation_language", "Implementation"),
    )
    _add(
        out,
        refs,
        ids,
        "language-fields",
        [
            (
                {"name": n, "label": lab, "sow-language": n, "position": k + 1, "active": True},
                dict(acct),
            )
            for k, (n, lab) in enumerate(languages)
        ],
    )
    _add(
        out,
        refs,
        ids,
        "rate-tables",
        [
            ({"name": n, "default": k == 0, "active": True}, dict(acct))
            for k, n in enumerate(("Standard", "Partner", "Government"))
        ],
    )
    terms = [
        (
            {
                "name": n,
                "active": True,
                "pricing-model": ("fixed_fee", "time_and_materials")[k % 2],
                "slug": f"term-{k + 1}",
                "position": k + 1,
                "rounding": "none",
                "default": k == 0,
                "include-expense-in-cost": False,
                "include-expense-in-revenue": k % 2 == 1,
                "travel-limit": "0.0",
                "include-materials": True,
            },
            dict(acct),
        )
        for k, n in enumerate(("Net 30", "Net 60", "Milestones", "Upfront"))
    ]
    _add(out, refs, ids, "payment-terms", terms)
    services = [
        (
            {
                "name": f"{WORDS[k % 12]} service {k + 1}",
                "description": "Standard service.",
                "base-hours": _dec(2 + k % 7 * 1.5),
                "service-type": SERVICE_TYPES[k % 2],
                "tag-list": list(TAGS[k % 5]),
                "active": k % 10 != 9,
                "published": True,
            },
            {
                **acct,
                "phase": refs.pick("phases", k),
                "resource": refs.pick("resources", k),
                "service-category": refs.pick("service-categories", k),
            },
        )
        for k in range(40)
    ]
    service_ids = _add(out, refs, ids, "services", services)
    subservices = [
        (
            {
                "name": f"{('Prepare', 'Configure')[k % 2]} {WORDS[(k // 2) % 12].lower()}",
                "position": k % 2 + 1,
                "quantity": 1,
                "base-hours": _dec(1 + k % 4),
                "service-type": SERVICE_TYPES[(k // 2) % 2],
                "active": True,
            },
            {
                "service": service_ids[k // 2],
                "resource": refs.pick("resources", k),
                "phase": refs.pick("phases", k // 2),
            },
        )
        for k in range(80)
    ]
    _add(out, refs, ids, "subservices", subservices)
    vendors = [
        (
            {
                "name": n,
                "active": k != 11,
                "street-address": f"{200 + k} Supply Rd",
                "street2": None,
                "city": CITIES[k % 5][0],
                "state": CITIES[k % 5][1],
                "postal-code": CITIES[k % 5][2],
                "country": "US",
                "project-count": 0,
            },
            dict(acct),
        )
        for k, n in enumerate(
            (
                "Cisco",
                "Juniper",
                "Fortinet",
                "Palo Alto Networks",
                "Aruba",
                "Dell",
                "HPE",
                "Microsoft",
                "Poly",
                "APC",
                "Ubiquiti",
                "Legacy Parts Co",
            )
        )
    ]
    _add(out, refs, ids, "vendors", vendors)
    products = []
    for k in range(60):
        vendor = vendors[k % 12][0]["name"]
        price = 150.0 + (k * 37) % 4000
        products.append(
            (
                {
                    "name": f"{vendor} {('switch', 'router', 'AP', 'firewall', 'UPS')[k % 5]} {k + 1}",
                    "description": "Hardware.",
                    "sku": f"SKU-{1000 + k}",
                    "product-id": f"P{5000 + k}",
                    "manufacturer-name": vendor,
                    "manufacturer-part-number": f"MPN-{k:04d}",
                    "vendor-name": vendor,
                    "unit-of-measure": "each",
                    "category": ("Network", "Security", "Power")[k % 3],
                    "subcategory": ("Access", "Core", "Edge")[k % 3],
                    "billing-frequency": ("one_time", "monthly", "annually")[k % 3],
                    "unit-cost": _dec(price * 0.7),
                    "unit-price": _dec(price),
                    "list-price": None,
                    "markup": None,
                    "vendor-discount": None,
                    "vendor-rebate": None,
                    "custom-hardware-price?": False,
                    "custom-hardware-cost?": False,
                    "project-variables": [],
                    "variable-rates": {"hardware_cost": [], "hardware_price": []},
                    "active": k % 15 != 14,
                },
                dict(acct),
            )
        )
    _add(out, refs, ids, "products", products)
    templates = [
        (
            {
                "name": n,
                "format": ("word_template", "tag_template")[k % 2],
                "merge-template-filename": f"{n.lower().replace(' ', '_')}.docx",
                "merge-template": f"/templates/{k + 1}.docx",
                "filename-format": ["project_name", "date"],
                "template-format": ("v1", "v2")[k % 2],
                "include-formatting": True,
                "teams": [],
                "active": k != 3,
            },
            dict(acct),
        )
        for k, n in enumerate(
            ("Standard SOW", "Managed Services SOW", "Change Order", "Legacy SOW")
        )
    ]
    _add(out, refs, ids, "document-templates", templates)
    definitions = []
    for k in range(len(_VARIABLES)):
        definition = _definition(k, uuid(f"variable:{refs.slug}:{k}"))
        refs.definitions[definition["name"]] = definition
        definitions.append((definition, dict(acct)))
    _add(out, refs, ids, "project-variables", definitions)
    questionnaires = [
        (_questionnaire(k, n, uuid), dict(acct))
        for k, n in enumerate(("Network assessment", "Security review", "Collaboration intake"))
    ]
    _add(out, refs, ids, "questionnaires", questionnaires)


def _questionnaire(k: int, name: str, uuid: Callable[[str], str]) -> dict[str, Any]:
    questions: list[dict[str, Any]] = [
        {
            "id": k * 10 + q + 1,
            "question": text,
            "name": slug.replace("-", "_"),
            "slug": slug,
            "position": q + 1,
            "value-type": vtype,
            "required": q == 0,
            "settings": {"max": "10000", "min": "0", "step": "1"} if vtype == "number" else {},
            "select-options": [],
            "deleted-at": "2024-06-01T00:00:00.000Z" if q == 3 else None,
            "uuid": uuid(f"question:{k}:{q}"),
            "questionnaire-section-id": k + 1,
        }
        for q, (text, slug, vtype) in enumerate(
            (
                ("How many sites?", "sites", "number"),
                ("How many users?", "users", "number"),
                ("Any compliance needs?", "compliance", "text"),
                ("Old question", "old-question", "text"),
            )
        )
    ]
    return {
        "name": name,
        "active": True,
        "published": k != 2,
        "slug": name.lower().replace(" ", "-"),
        "introduction": f"Tell us about your {name.lower()}.",
        "thank-you": "Thanks!",
        "completion-url": None,
        "tag-list": [["network"], ["security"], []][k],
        "teams": [],
        "sections": [{"id": k + 1, "name": "General", "position": 1}],
        "questions": questions,
        "created-at": iso(k),
    }


def build_account(
    account: tuple[int, str, str],
    records: int,
    seed: int,
    ids: Ids,
    users: list[tuple[int, dict[str, Any]]],
    uuid: Callable[[str], str],
) -> tuple[EagerRows, Refs]:
    """Every eagerly seeded record of one account: ``{type: [(id, attributes, links)]}``."""
    account_id, slug, name = account
    refs = Refs(account_id, slug, seed)
    rng = random.Random(f"{seed}:{slug}")
    out: EagerRows = {"accounts": [(account_id, {"name": name, "slug": slug}, {})]}
    refs.ids["accounts"] = [account_id]
    for user_id, attributes in users:
        out.setdefault("users", []).append(
            (user_id, attributes, {"account": account_id, "rate-table": None})
        )
    refs.ids["users"] = [u for u, _ in users]
    _catalog(out, refs, ids, uuid)
    for _id, _attributes, links in out["users"]:
        links["rate-table"] = refs.pick("rate-tables", 0)
    _clients(out, refs, ids, rng, records)
    _projects(out, refs, ids, rng, records)
    return out, refs


def _clients(out: EagerRows, refs: Refs, ids: Ids, rng: random.Random, records: int) -> None:
    n = max(3, records // 50)
    rows: list[Built] = []
    for i in range(n):
        fields = [refs.entry("industry", ("retail", "health")[i % 4 // 2])] if i % 2 == 0 else []
        rows.append(
            (
                {
                    "name": f"{COMPANIES[i % 15]} {i + 1}",
                    "active": rng.random() < 0.9,
                    "domain": f"client{i + 1}.example",
                    "msa-date": DAYS[(i * 7) % 730] if i % 3 == 0 else None,
                    "user-defined-fields": fields,
                    "created-at": iso(i),
                    "updated-at": iso(i + 15),
                },
                {"account": refs.account_id, "rate-table": refs.pick("rate-tables", i)},
            )
        )
    client_ids = _add(out, refs, ids, "clients", rows)
    contacts = [
        (
            {
                "name": f"Contact {i + 1}",
                "email": f"contact{i + 1}@client{i // 2 + 1}.example",
                "phone": "",
                "title": ("CIO", "IT Manager")[i % 2],
            },
            {"client": client_ids[i // 2]},
        )
        for i in range(2 * n)
    ]
    _add(out, refs, ids, "contacts", contacts)


def _projects(out: EagerRows, refs: Refs, ids: Ids, rng: random.Random, records: int) -> None:
    clients = refs.ids["clients"]
    client_names = [refs.names[("clients", c)] for c in clients]
    se, pe = refs.ids["sales-executives"], refs.ids["presales-engineers"]
    se_names = [refs.names[("sales-executives", s)] for s in se]
    pe_names = [refs.names[("presales-engineers", p)] for p in pe]
    bu, users, templates = (
        refs.ids["business-units"],
        refs.ids["users"],
        refs.ids["document-templates"],
    )
    rt, pt = refs.ids["rate-tables"], refs.ids["payment-terms"]
    first_opp = ids.next.get("crm-opportunities", 1)
    project_client: list[int] = []
    rows: list[Built] = []
    payment_info = {
        "pricing-model": "fixed_fee",
        "include-expenses": False,
        "include-product": True,
        "rate-type": "hours",
    }
    field_labels: dict[str, str] = {}
    for i in range(records):
        r = rng.random()
        c = int(r * len(clients))
        day = int(rng.random() * 730)
        revenue = 1000 + int(r * 99_000)
        status = STATUSES[i % 6]
        variables = []
        if i % 4 == 0:
            variables.append(refs.entry("po_number", f"PO-{1000 + i}"))
            if i % 8 == 0:
                variables.append(refs.entry("region", ("emea", "amer")[i % 16 // 8]))
        rows.append(
            (
                {
                    "project-name": f"{WORDS[i % 12]} {i + 1}",
                    "executive-summary": "",
                    "key-objectives": "",
                    "our-responsibilities": "",
                    "client-responsibilities": "",
                    "solution-summary": "",
                    "out-of-scope": "",
                    "one-time-adjustment": "0.0",
                    "mrr-adjustment": "0.0",
                    "mrr-terms": 12 if i % 2 else 0,
                    "cola": "0.0",
                    "recurring-billing-frequency": "monthly",
                    "include-ps-revenue-in-mrr": False,
                    "service-start-date": None,
                    "status": status,
                    "active": i % 17 != 0,
                    "msa-date": None,
                    "tag-list": list(TAGS[i % 5]),
                    "project-variables": variables,
                    "field-labels": field_labels,
                    "travel-limit": "0.0",
                    "client-name": client_names[c],
                    "presales-engineer-name": pe_names[(i // 3) % len(pe)],
                    "sales-executive-name": se_names[i % len(se)],
                    "contract-revenue": _dec(revenue),
                    "contract-cost": _dec(revenue * 0.6),
                    "contract-margin": "40.0",
                    "payment-info": payment_info,
                    "submitted-at": DATES[max(0, day - 2)] if status != "building" else None,
                    "approved-at": DATES[day] if status in ("approved", "won") else None,
                    "created-at": DATES[max(0, day - 3)],
                    "updated-at": DATES[min(729, day + i % 30)],
                },
                {
                    "account": refs.account_id,
                    "client": clients[c],
                    "rate-table": rt[i % 3],
                    "payment-term": pt[i % 4],
                    "business-unit": bu[i % 3],
                    "creator": users[i % len(users)],
                    "user": users[(i + 1) % len(users)],
                    "document-template": templates[i % 3] if i % 5 else None,
                    "sales-executive": se[i % len(se)],
                    "presales-engineer": pe[(i // 3) % len(pe)],
                    "crm-opportunity": first_opp + i // 3 if i % 3 != 2 else None,
                },
            )
        )
        project_client.append(c)
    project_ids = _add(out, refs, ids, "projects", rows)
    _opportunities(out, refs, ids, project_ids, [client_names[c] for c in project_client])
    _project_extras(out, refs, ids, project_ids)


def _opportunities(
    out: EagerRows, refs: Refs, ids: Ids, projects: list[int], client_names: list[str]
) -> None:
    rows: list[Built] = []
    stages = (
        "Prospecting",
        "Qualification",
        "Proposal",
        "Negotiation",
        "Closed Won",
        "Closed Lost",
    )
    for k in range(0, len(projects), 3):
        n = k // 3
        stage = stages[n % 6]
        account_name = client_names[k]
        name = f"{WORDS[n % 12]} opportunity"
        opp_id = f"006{refs.account_id:02d}{n:09d}"
        owner = _person(n)
        variables = [refs.entry("lead_source", ("web", "partner")[n % 2])] if n % 3 == 0 else []
        city, state, postal = CITIES[n % 5]
        rows.append(
            (
                {
                    "opportunity-id": opp_id,
                    "name": name,
                    "display-name": f"{account_name} / {name} / {opp_id}",
                    "amount": f"{5000 + (n * 1237) % 200_000}.00",
                    "stage": stage,
                    "is-closed": stage.startswith("Closed"),
                    "owner-id": f"005{n % 40:06d}",
                    "owner-name": owner,
                    "account-id": f"001{refs.account_id:02d}{n:07d}",
                    "account-name": account_name,
                    "location-name": f"{account_name} HQ",
                    "street": f"{10 + n % 900} Market St",
                    "street2": None,
                    "city": city,
                    "state": state,
                    "postal-code": postal,
                    "country": "US",
                    "custom-attributes": [{"key": "region", "val": ("east", "west")[n % 2]}],
                    "project-variables": variables,
                    "created-at": iso(n),
                    "updated-at": iso(n + 10),
                },
                {"account": refs.account_id},
            )
        )
    _add(out, refs, ids, "crm-opportunities", rows)


def _project_extras(out: EagerRows, refs: Refs, ids: Ids, projects: list[int]) -> None:
    """Documents and surveys: a few per hundred projects."""
    docs = [
        (
            {
                "template-id": "pricing",
                "document-type": "pricing",
                "force-regeneration": False,
                "generate-pdf": True,
                "status": "finished",
                "document-url": None,
                "error-text": None,
                "template-name": "Pricing",
                "created-at": iso(i),
                "updated-at": iso(i),
            },
            {"project": projects[i]},
        )
        for i in range(len(projects) // 100)
    ]
    _add(out, refs, ids, "project-documents", docs)
    questionnaires = refs.ids["questionnaires"]
    surveys = []
    for i in range(max(2, len(projects) // 200) if projects else 0):
        project = projects[(i * 97) % len(projects)]
        surveys.append(
            (
                {
                    "name": f"Survey {i + 1}",
                    "contact-name": _person(i),
                    "contact-email": _email(_person(i), f"client{i + 1}.example"),
                    "responses": [
                        {"question-id": 1, "question": "How many sites?", "answer": str(1 + i % 9)},
                        {"question-id": 2, "question": "How many users?", "answer": str(50 + i)},
                    ],
                    "recommendations": [],
                    "status": "completed",
                    "emails": [],
                    "sender": None,
                    "sent-at": iso(i),
                    "calculations": [],
                    "user-id": refs.ids["users"][0],
                    "completed-by": _person(i),
                    "created-at": iso(i),
                    "updated-at": iso(i + 1),
                },
                {
                    "account": refs.account_id,
                    "questionnaire": questionnaires[i % len(questionnaires)],
                    "project": project,
                },
            )
        )
    _add(out, refs, ids, "surveys", surveys)


def eager_types() -> tuple[str, ...]:
    """Types seeded eagerly (everything not derived from a parent)."""
    return tuple(t for t, s in CATALOGUE.items() if s.derived is None)


# -- derived parts -------------------------------------------------------------------------


def child_count(type_: str, parent: Any, seed: int) -> int:
    """How many seeded ``type_`` records ``parent`` (a Record) has."""
    derived = CATALOGUE[type_].derived
    assert derived is not None
    if type_ == "project-approvals":
        # Approvals exist once a project has been submitted.
        status = parent.attributes.get("status")
        return 0 if status in ("building", None) else 1 + mix(seed, _SALT[type_], parent.id) % 3
    span = derived.high - derived.low + 1
    return derived.low + mix(seed, _SALT[type_], parent.id) % span


def child_ids(type_: str, parent: Any, seed: int) -> list[int]:
    """The ids of ``parent``'s seeded ``type_`` records."""
    derived = CATALOGUE[type_].derived
    assert derived is not None
    base = (parent.id - 1) * derived.most
    return [base + j + 1 for j in range(child_count(type_, parent, seed))]


class Ctx:
    """What a deriver sees: the parent, its slot ``j``, its account's refs, the seed."""

    __slots__ = ("h", "j", "parent", "project", "refs", "seed")

    def __init__(
        self, parent: Any, project: Any, j: int, refs: Refs, seed: int, type_: str
    ) -> None:
        self.parent = parent
        self.project = project
        self.j = j
        self.refs = refs
        self.seed = seed
        self.h = mix(seed, _SALT[type_], parent.id, j)

    def sibling(self, type_: str, k: int) -> int | None:
        """The ``k``-th (wrapping) seeded ``type_`` record of the same project, or None."""
        ids = child_ids(type_, self.project, self.seed)
        return ids[k % len(ids)] if ids else None

    def day(self, offset: int = 0) -> str:
        """A timestamp near the project's creation."""
        created = self.project.attributes.get("created-at") or DATES[0]
        return DATES[min(729, _DAY_INDEX.get(created[:10], 0) + offset)]


_DAY_INDEX = {d: i for i, d in enumerate(DAYS)}


def _times(ctx: Ctx, offset: int = 0) -> dict[str, Any]:
    return {"created-at": ctx.day(offset), "updated-at": ctx.day(offset + 5)}


def _contact(ctx: Ctx) -> Built:
    name = _person(ctx.h % 997)
    client = ctx.parent.attributes.get("client-name") or "client"
    domain = client.lower().replace(" ", "") + ".example"
    variables = [ctx.refs.entry("preferred_channel", "email")] if ctx.j == 0 else []
    return (
        {
            "name": name,
            "title": ("CIO", "IT Director", "Network Manager")[ctx.h % 3],
            "email": _email(name, domain),
            "phone": f"+1 303 555 {ctx.h % 10000:04d}",
            "contact-type": "primary_customer_contact" if ctx.j == 0 else "customer_contact",
            "project-variables": variables,
            "active": True,
            **_times(ctx),
        },
        {"project": ctx.parent.id},
    )


def _location(ctx: Ctx) -> Built:
    city, state, postal = CITIES[ctx.h % 5]
    return (
        {
            "name": ("Headquarters", "Branch office")[ctx.j],
            "street": f"{1 + ctx.h % 999} {('Main', 'Oak', 'Pine', 'Elm')[ctx.h % 4]} St",
            "street2": None,
            "city": city,
            "state": state,
            "postal-code": postal,
            "country": "US",
            "remote": False,
            "project-variables": [ctx.refs.entry("site_code", f"S{ctx.parent.id % 1000:03d}")]
            if ctx.j == 0
            else [],
            "active": True,
            **_times(ctx),
        },
        {"project": ctx.parent.id},
    )


def _phase(ctx: Ctx) -> Built:
    phase = ctx.refs.pick("phases", ctx.j)
    name = ctx.refs.names.get(("phases", phase or 0), "Phase")
    return (
        {
            "name": name,
            "sow-language": f"{name.lower()}_language",
            "position": ctx.j + 1,
            "active": True,
        },
        {"project": ctx.parent.id, "phase": phase},
    )


def _rate(ctx: Ctx, k: int) -> tuple[int | None, float, float]:
    resource = ctx.refs.pick("resources", k)
    rate = 125.0 + (k % 8) * 15
    return resource, rate, rate * 0.55


def _presource(ctx: Ctx) -> Built:
    k = ctx.h % 8
    resource, rate, cost = _rate(ctx, k)
    name = ctx.refs.names.get(("resources", resource or 0), "Resource")
    return (
        {
            "name": name,
            "external-name": f"{name} (billable)",
            "extended-name": f"{name} - {ctx.parent.attributes.get('project-name', '')}",
            "description": f"{name} time",
            "total-hours": _dec(8 + ctx.h % 40),
            "hourly-rate": _dec(rate),
            "hourly-cost": _dec(cost),
            "expense-rate": "0.0",
            "code": f"R{k + 1:02d}",
            "resource": {
                "resource_type": "Resource",
                "resource_id": resource,
                "name": name,
                "hourly_rate": _dec(rate),
                "hourly_cost": _dec(cost),
                "account_id": ctx.refs.account_id,
                "status": 1,
                "deleted_at": None,
                "external_name": f"{name} (billable)",
                "description": f"{name} time",
                "default": k == 0,
            },
            "active": True,
        },
        {
            "project": ctx.parent.id,
            "resource": resource,
            "line-of-business": ctx.refs.pick("line-of-businesses", k),
        },
    )


def _service_attrs(ctx: Ctx, name: str, hours: float, quantity: int) -> dict[str, Any]:
    total = hours * quantity
    rate = 150.0 + ctx.h % 5 * 25
    return {
        "name": name,
        "quantity": quantity,
        "override-hours": _dec(hours),
        "actual-hours": None,
        "position": ctx.j + 1,
        "service-type": SERVICE_TYPES[ctx.h % 2],
        "payment-frequency": "one_time",
        "task-source": "standard",
        "payment-method": "payment_term_schedule",
        "languages": {"deliverables": f"{name} delivered", "sow_language": "", "out": ""},
        "variable-rates": {
            "hours": [{"base_amount": "0.0", "unit_amount": _dec(hours), "minimum_quantity": "1.0"}]
        },
        "calculated-pricing": {
            "service_cost": _dec(total * rate * 0.55),
            "service_revenue": _dec(total * rate),
            "extended_hours": _dec(total),
            "material_cost": 0,
            "material_revenue": 0,
        },
        "extended-hours": _dec(total),
        "total-hours": _dec(total + 1.5),
        "external-resource-name": None,
        "sku": f"SVC-{ctx.h % 900 + 100}",
        "service-description": f"{name}.",
        "custom-hours?": None,
        "active": True,
    }


def _pservice(ctx: Ctx) -> Built:
    refs = ctx.refs
    service = refs.pick("services", ctx.h % 40)
    name = refs.names.get(("services", service or 0), "Service")
    hours = 1.0 + ctx.h % 40
    attributes = _service_attrs(ctx, name, hours, 1 + ctx.h % 5)
    lob = refs.pick("line-of-businesses", ctx.h % 5)
    attributes.update(
        {
            "lob-id": lob,
            "target-margin": "40.0",
            "resource-rate-id": None,
            "notes": None,
        }
    )
    resource = refs.pick("resources", ctx.h % 8)
    return attributes, {
        "project": ctx.parent.id,
        "project-phase": ctx.sibling("project-phases", ctx.j),
        "project-location": ctx.sibling("project-locations", ctx.j),
        "project-resource": ctx.sibling("project-resources", ctx.j),
        "resource": resource,
        "service": service,
        "lob": lob,
        "service-category": refs.pick("service-categories", ctx.h % 8),
    }


def _psubservice(ctx: Ctx) -> Built:
    parent = ctx.parent
    name = f"{('Prepare', 'Configure', 'Verify')[ctx.j]} {parent.attributes['name'].lower()}"
    attributes = _service_attrs(ctx, name, 1.0 + ctx.h % 8, 1)
    links = parent.links
    own_resource = ctx.h % 3 != 0  # some inherit the parent service's project resource
    return attributes, {
        "project-service": parent.id,
        "project": links.get("project"),
        "project-location": links.get("project-location"),
        "lob": links.get("lob"),
        "phase": ctx.refs.pick("phases", ctx.j),
        "project-resource": links.get("project-resource") if own_resource else None,
        "resource": links.get("resource"),
        "service-category": links.get("service-category"),
        "subservice": ctx.refs.pick("subservices", ctx.h % 80),
    }


def _pgovernance(ctx: Ctx) -> Built:
    k = ctx.h % 4
    governance = ctx.refs.pick("governances", k)
    return (
        {
            "description": ctx.refs.names.get(("governances", governance or 0), "Governance"),
            "rate": _dec(0.05 + k * 0.025),
            "fixed-hours": "0.0",
            "hours": _dec(2 + ctx.h % 20),
            "calculation-type": "percent_of_total",
            "allocation-method": "prorate_phases_by_effort",
            "assign-effort-to-service": False,
            "filter-type": "all_services",
            "filter-id": None,
            "position": ctx.j + 1,
            "project-variables": [ctx.refs.entry("review_cadence", "weekly")] if k == 0 else [],
            "active": True,
        },
        {
            "project": ctx.parent.id,
            "project-phase": ctx.sibling("project-phases", 0),
            "governance": governance,
            "project-resource": ctx.sibling("project-resources", 0),
            "resource": ctx.refs.pick("resources", 0),
            "resource-rate": ctx.sibling("resource-rates", 0),
            "service-category": ctx.refs.pick("service-categories", k),
        },
    )


def _approval(ctx: Ctx) -> Built:
    status = ctx.parent.attributes.get("status")
    done = status in ("approved", "won", "lost")
    state = ("approved" if done else "optional") if ctx.j == 0 or done else "optional"
    if status == "lost" and ctx.j == 1:
        state = "declined"
    user = ctx.refs.pick("users", ctx.j)
    return (
        {
            "status": state,
            "role": ("Technical approver", "Sales approver", "Business approver")[ctx.j],
            "comment": "Looks good." if state == "approved" else None,
            "reason": "Pricing too high" if state == "declined" else None,
            "completed-at": ctx.day(2 + ctx.j) if state != "optional" else None,
            "approver-name": _person(user or 0),
            "lob-ids": [ctx.refs.pick("line-of-businesses", ctx.j)],
            **_times(ctx, 1 + ctx.j),
        },
        {
            "project": ctx.parent.id,
            "user": user,
            "approval-step": ctx.sibling("approval-steps", ctx.j),
        },
    )


def _pproduct(ctx: Ctx) -> Built:
    product = ctx.refs.pick("products", ctx.h % 60)
    price = 150.0 + (ctx.h % 60 * 37) % 4000
    quantity = 1 + ctx.h % 12
    return (
        {
            "name": ctx.refs.names.get(("products", product or 0), "Product"),
            "quantity": quantity,
            "unit-price": _dec(price),
            "unit-cost": _dec(price * 0.7),
            "extended-price": _dec(price * quantity),
            "billing-frequency": "one_time",
            "sku": f"SKU-{1000 + ctx.h % 60}",
            "active": True,
        },
        {"project": ctx.parent.id, "product": product},
    )


def _simple(attrs_of: Callable[[Ctx], dict[str, Any]], **links: str) -> Callable[[Ctx], Built]:
    """A minor part: attributes from ``attrs_of``; links ``name=catalog-type`` picked per slot."""

    def build(ctx: Ctx) -> Built:
        linked: Links = {"project": ctx.parent.id}
        for name, type_ in links.items():
            linked[name] = ctx.refs.pick(type_, ctx.h % 7 + ctx.j)
        return {**attrs_of(ctx), **_times(ctx, ctx.j)}, linked

    return build


DERIVERS: dict[str, Callable[[Ctx], Built]] = {
    "project-contacts": _contact,
    "project-locations": _location,
    "project-phases": _phase,
    "project-resources": _presource,
    "project-services": _pservice,
    "project-subservices": _psubservice,
    "project-governances": _pgovernance,
    "project-approvals": _approval,
    "project-products": _pproduct,
    "notes": _simple(
        lambda c: {"content": f"Call notes #{c.j + 1}: scope confirmed."}, user="users"
    ),
    "quotes": _simple(
        lambda c: {
            "description": "Hardware quote",
            "quantity": 1 + c.h % 10,
            "unit-price": _dec(100 + c.h % 900),
            "unit-cost": _dec(70 + c.h % 600),
            "status": ("draft", "sent", "accepted")[c.h % 3],
        },
        vendor="vendors",
    ),
    "audit-logs": _simple(
        lambda c: {
            "action": ("create", "update", "update")[c.j],
            "changed-attributes": {"status": [None, "building"]}
            if c.j == 0
            else {"project_name": []},
        },
        user="users",
    ),
    "project-versions": _simple(lambda c: {"name": f"v{c.j + 1}", "comment": "Saved version"}),
    "project-credits": _simple(
        lambda c: {"name": "Partner credit", "amount": _dec(500 + c.h % 2000)}
    ),
    "project-expenses": _simple(
        lambda c: {
            "description": ("Travel", "Lodging")[c.j],
            "quantity": 1 + c.h % 4,
            "rate": _dec(120 + c.h % 300),
        }
    ),
    "pricing-adjustments": _simple(
        lambda c: {
            "name": "Discount",
            "amount": _dec(-(100 + c.h % 900)),
            "adjustment-type": "fixed",
        }
    ),
    "project-attachments": _simple(
        lambda c: {
            "name": "Site photos",
            "filename": "photos.zip",
            "content-type": "application/zip",
        }
    ),
    "project-collaborators": _simple(lambda c: {"role": ("editor", "viewer")[c.j]}, user="users"),
    "project-conditions": _simple(
        lambda c: {"name": "Site access", "description": "Badge required."}
    ),
    "project-materials": _simple(
        lambda c: {"name": "Patch cables", "quantity": 10 + c.h % 90, "unit-price": "4.5"}
    ),
    "approval-steps": _simple(
        lambda c: {
            "name": ("Technical", "Sales", "Business")[c.j],
            "position": c.j + 1,
            "role": "approver",
        }
    ),
    "customer-successes": _simple(lambda c: {"name": "Kick-off", "status": "scheduled"}),
    "partner-requests": _simple(lambda c: {"status": "pending", "partner-name": "Acme Partner Co"}),
    "resource-plans": _simple(lambda c: {"name": "Staffing plan", "hours": _dec(40 + c.h % 200)}),
    "resource-rates": _simple(
        lambda c: {"name": f"Rate {c.j + 1}", "hourly-rate": _dec(150 + c.h % 8 * 15)},
        resource="resources",
    ),
    "psa-projects": _simple(
        lambda c: {"external-id": f"PSA-{c.parent.id}", "psa-type": "connectwise"}
    ),
    "external-requests": _simple(lambda c: {"status": "open", "request-type": "scope_change"}),
}
assert set(DERIVERS) == {t for t, s in CATALOGUE.items() if s.derived is not None}
