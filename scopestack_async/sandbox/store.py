"""The sandbox's mutable world: users' state and resource tables, with cached views.

Tables of derived types (the parts of a project) start empty: a record is built the first
time it is read, from its parent and the seed, and then kept, so a write sticks. Reading a
whole derived type (a listing without ``filter[project]``) builds all of it once.
"""

from __future__ import annotations

from typing import Any

from .catalogue import CATALOGUE, Derived
from .data import OAuthClient, Record, SandboxUser, Seed
from .seeding import DERIVERS, Ctx, Refs, child_count, child_ids, no_gc

__all__ = ["World"]


class Table:
    """The materialised records of one type (all of them, unless the type is derived)."""

    __slots__ = (
        "complete",
        "deleted",
        "derived",
        "extra",
        "first_free",
        "next_id",
        "rows",
        "type",
    )

    def __init__(self, type_: str, rows: list[Record], first_free: int) -> None:
        self.type = type_
        self.rows: dict[int, Record] = {r.id: r for r in rows}
        self.derived: Derived | None = CATALOGUE[type_].derived
        self.complete = self.derived is None
        self.deleted: set[int] = set()
        # Derived tables: records inserted by a write, or moved to another parent.
        self.extra: dict[int, Record] = {}
        self.first_free = first_free
        self.next_id = first_free


class World:
    """Resource tables plus cheap cached views (per-account lists, inverse indexes).

    ``version`` grows on every write, which invalidates the views and the page cache.
    """

    def __init__(self, seed: Seed) -> None:
        self.accounts = {a.id: a for a in seed.accounts}
        self.accounts_by_slug = {a.slug: a for a in seed.accounts}
        self.users = {u.key: u for u in seed.users}
        self.users_by_id = {u.id: u for u in seed.users}
        self.users_by_name = {u.username.lower(): u for u in seed.users}
        self.clients = {c.client_id: c for c in seed.clients}
        self.active = {u.id: u.active for u in seed.users}
        self.refs: dict[int, Refs] = seed.refs
        self.seed = seed.seed
        self.tables: dict[str, Table] = {}
        for type_ in _parents_first():
            rows = seed.records.get(type_, [])
            self.tables[type_] = Table(type_, rows, self._first_free(type_, rows))
        self.version = 0
        self._views: dict[tuple[str, int], tuple[int, list[Record]]] = {}
        self._inverse: dict[tuple[str, str], tuple[int, dict[int, list[Record]]]] = {}

    def _first_free(self, type_: str, rows: list[Record]) -> int:
        derived = CATALOGUE[type_].derived
        if derived is None:
            return max((r.id for r in rows), default=0) + 1
        return (self.tables[derived.parent].first_free - 1) * derived.most + 1

    # -- users and clients ----------------------------------------------------------------

    def client(self, client_id: str) -> OAuthClient | None:
        """The OAuth client with this id, or None."""
        return self.clients.get(client_id)

    def user_active(self, user_id: int) -> bool:
        """Whether the user may still use the API."""
        return self.active.get(user_id, False)

    def set_active(self, key: str, active: bool) -> SandboxUser:
        """Activate or deactivate a seeded user by key."""
        user = self.users[key]
        self.active[user.id] = active
        return user

    # -- reads ----------------------------------------------------------------------------

    def get(self, type_: str, id_: int) -> Record | None:
        """A record by type and id, in any account."""
        table = self.tables[type_]
        record = table.rows.get(id_)
        if record is not None or table.complete or id_ in table.deleted:
            return record
        return self._derive_one(table, id_)

    def seeded(self, record: Record) -> bool:
        """Whether a record came from the seed (its parts are derived), not from a write."""
        return record.id < self.tables[record.type].first_free

    def _derive_one(self, table: Table, id_: int) -> Record | None:
        derived = table.derived
        assert derived is not None
        if id_ < 1 or id_ >= table.first_free:
            return None
        parent = self.get(derived.parent, (id_ - 1) // derived.most + 1)
        if parent is None or not self.seeded(parent):
            return None
        j = (id_ - 1) % derived.most
        if j >= child_count(table.type, parent, self.seed):
            return None
        return self._build(table, parent, j, id_)

    def _build(self, table: Table, parent: Record, j: int, id_: int) -> Record:
        project = parent if parent.type == "projects" else self.get("projects", _fk(parent))
        ctx = Ctx(parent, project, j, self.refs[parent.account_id], self.seed, table.type)
        attributes, links = DERIVERS[table.type](ctx)
        record = Record(table.type, id_, parent.account_id, attributes, links)
        record.created = 0.0
        table.rows[id_] = record
        return record

    def _children(self, table: Table, parent: Record) -> list[Record]:
        out = []
        for j, id_ in enumerate(child_ids(table.type, parent, self.seed)):
            if id_ in table.deleted:
                continue
            record = table.rows.get(id_)
            out.append(record if record is not None else self._build(table, parent, j, id_))
        return out

    def all_rows(self, type_: str) -> list[Record]:
        """Every record of a type, in id order (a derived type is built in full once)."""
        table = self.tables[type_]
        if not table.complete:
            derived = table.derived
            assert derived is not None
            rows: dict[int, Record] = {}
            with no_gc():
                for parent in self.all_rows(derived.parent):
                    if self.seeded(parent):
                        rows.update((r.id, r) for r in self._children(table, parent))
            rows.update((i, r) for i, r in table.rows.items() if i >= table.first_free)
            table.rows = rows
            table.complete = True
        return list(table.rows.values())

    def listing(self, type_: str, account_id: int) -> list[Record]:
        """Every record of a type in one account, in id order (cached until a write)."""
        key = (type_, account_id)
        hit = self._views.get(key)
        if hit is not None and hit[0] == self.version:
            return hit[1]
        rows = [r for r in self.all_rows(type_) if r.account_id == account_id]
        self._views[key] = (self.version, rows)
        return rows

    def related_many(self, type_: str, inverse: str, owner_id: int) -> list[Record]:
        """Records of ``type_`` whose to-one ``inverse`` points at ``owner_id``."""
        table = self.tables[type_]
        derived = table.derived
        if derived is None or derived.fk != inverse or table.complete:
            return self._index(type_, inverse, extra=False).get(owner_id, [])
        # A part of a project: derive the parent's children, plus written or moved ones.
        out: list[Record] = []
        parent = self.get(derived.parent, owner_id)
        if parent is not None and self.seeded(parent):
            out = [r for r in self._children(table, parent) if r.links.get(inverse) == owner_id]
        seen = {r.id for r in out}
        extra = self._index(type_, inverse, extra=True)
        out.extend(r for r in extra.get(owner_id, []) if r.id not in seen)
        return out

    def _index(self, type_: str, inverse: str, *, extra: bool) -> dict[int, list[Record]]:
        key = (type_, f"extra:{inverse}" if extra else inverse)
        hit = self._inverse.get(key)
        if hit is None or hit[0] != self.version:
            index: dict[int, list[Record]] = {}
            rows = self.tables[type_].extra.values() if extra else self.all_rows(type_)
            for r in rows:
                fk = r.links.get(inverse)
                if fk is not None:
                    index.setdefault(fk, []).append(r)
            hit = (self.version, index)
            self._inverse[key] = hit
        return hit[1]

    # -- writes ---------------------------------------------------------------------------

    def insert(
        self, type_: str, account_id: int, attributes: dict[str, Any], links: dict[str, int | None]
    ) -> Record:
        """Store a new record with the next id of its type."""
        table = self.tables[type_]
        id_ = table.next_id
        table.next_id += 1
        record = Record(type_, id_, account_id, attributes, links)
        table.rows[id_] = record
        if table.derived is not None:
            table.extra[id_] = record
        self.version += 1
        return record

    def relink(self, record: Record, links: dict[str, int | None]) -> None:
        """Change a record's to-one links (a derived part that moves is tracked)."""
        table = self.tables[record.type]
        derived = table.derived
        if (
            derived is not None
            and derived.fk in links
            and links[derived.fk] != record.links.get(derived.fk)
        ):
            table.extra[record.id] = record
        record.links.update(links)
        self.version += 1

    def touch(self) -> None:
        """Note that a record changed in place."""
        self.version += 1

    def delete(self, record: Record) -> int:
        """Remove a record and, like ``dependent: :destroy``, its derived parts; the count."""
        removed = 1
        for type_, spec in CATALOGUE.items():
            if spec.derived is not None and spec.derived.parent == record.type:
                for child in list(self.related_many(type_, spec.derived.fk, record.id)):
                    removed += self.delete(child)
        table = self.tables[record.type]
        table.rows.pop(record.id, None)
        table.extra.pop(record.id, None)
        table.deleted.add(record.id)
        self.version += 1
        return removed


def _fk(record: Record) -> int:
    return record.links.get("project") or 0


def _parents_first() -> list[str]:
    order: list[str] = []

    def visit(type_: str) -> None:
        if type_ in order:
            return
        derived = CATALOGUE[type_].derived
        if derived is not None:
            visit(derived.parent)
        order.append(type_)

    for type_ in CATALOGUE:
        visit(type_)
    return order
