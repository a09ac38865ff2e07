"""The sandbox's mutable world: users' state and resource tables, with cached views."""

from __future__ import annotations

from typing import Any

from .data import OAuthClient, Record, SandboxUser, Seed

__all__ = ["World"]


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
        self.tables: dict[str, dict[int, Record]] = {
            t: {r.id: r for r in rows} for t, rows in seed.records.items()
        }
        self.next_id = {t: max(rows, default=0) + 1 for t, rows in self.tables.items()}
        self.version = 0
        self._views: dict[tuple[str, int], tuple[int, list[Record]]] = {}
        self._inverse: dict[tuple[str, str], tuple[int, dict[int, list[Record]]]] = {}

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

    def get(self, type_: str, id_: int) -> Record | None:
        """A record by type and id, in any account."""
        return self.tables[type_].get(id_)

    def listing(self, type_: str, account_id: int) -> list[Record]:
        """Every record of a type in one account, in id order (cached until a write)."""
        key = (type_, account_id)
        hit = self._views.get(key)
        if hit is not None and hit[0] == self.version:
            return hit[1]
        rows = [r for r in self.tables[type_].values() if r.account_id == account_id]
        self._views[key] = (self.version, rows)
        return rows

    def related_many(self, type_: str, inverse: str, owner_id: int) -> list[Record]:
        """Records of ``type_`` whose to-one ``inverse`` points at ``owner_id``."""
        key = (type_, inverse)
        hit = self._inverse.get(key)
        if hit is None or hit[0] != self.version:
            index: dict[int, list[Record]] = {}
            for r in self.tables[type_].values():
                fk = r.links.get(inverse)
                if fk is not None:
                    index.setdefault(fk, []).append(r)
            hit = (self.version, index)
            self._inverse[key] = hit
        return hit[1].get(owner_id, [])

    def insert(
        self, type_: str, account_id: int, attributes: dict[str, Any], links: dict[str, int | None]
    ) -> Record:
        """Store a new record with the next id of its type."""
        id_ = self.next_id[type_]
        self.next_id[type_] = id_ + 1
        record = Record(type_, id_, account_id, attributes, links)
        self.tables[type_][id_] = record
        self.version += 1
        return record

    def touch(self) -> None:
        """Note that a record changed in place."""
        self.version += 1

    def delete(self, record: Record) -> None:
        """Remove a record."""
        del self.tables[record.type][record.id]
        self.version += 1
