"""How much does parsing a JSON:API page cost on top of decoding its JSON?

Run: ``.venv/bin/python benchmarks/jsonapi_parse.py [NUMBER] [--json out.json]``. Prints µs per 100-resource page (shaped
like ScopeStack's projects: 25 attributes, 40 relationships with self/related links) for
json.loads and orjson.loads alone, ``parse_document`` (hand-written, lazy relationships),
``parse_document`` plus reading every relationship, and a generated cattrs structuring of the
same classes for comparison, with ratios to orjson.loads. No assertions: numbers only.
"""

from __future__ import annotations

import argparse
import json
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cattrs
import orjson

from scopestack_async.jsonapi.document import (
    MISSING,
    Document,
    Relationship,
    Resource,
    ResourceIdentifier,
    parse_document,
)

BASE = "https://api.scopestack.io/acme/v1"


def _lean(i: int) -> dict[str, Any]:
    """A small resource: 6 attributes, 2 relationships (the size export pages tend to have)."""
    return {
        "id": str(i),
        "type": "clients",
        "links": {"self": f"{BASE}/clients/{i}"},
        "attributes": {
            "name": f"Client {i}",
            "active": True,
            "domain": "acme.example",
            "msa-date": None,
            "rate": "150.0",
            "custom-hours?": False,
        },
        "relationships": {
            "account": {"data": {"type": "accounts", "id": "1"}},
            "contacts": {"links": {"related": f"{BASE}/clients/{i}/contacts"}},
        },
    }


def _resource(i: int) -> dict[str, Any]:
    attributes: dict[str, Any] = {f"attr-{k}": f"value {k} of {i}" for k in range(18)}
    attributes.update(
        {
            "project-name": f"Project {i}",
            "status": "building",
            "contract-revenue": "1500.0",
            "custom-hours?": False,
            "tag-list": ["a", "b"],
            "created-at": "2024-01-01T00:00:00Z",
            "payment-info": {"pricing-model": "fixed_fee", "include-expenses": True},
        }
    )
    relationships = {
        f"rel-{k}": {
            "links": {
                "self": f"{BASE}/projects/{i}/relationships/rel-{k}",
                "related": f"{BASE}/projects/{i}/rel-{k}",
            }
        }
        for k in range(39)
    }
    relationships["client"] = {
        "links": {
            "self": f"{BASE}/projects/{i}/relationships/client",
            "related": f"{BASE}/projects/{i}/client",
        },
        "data": {"type": "clients", "id": str(i % 7)},
    }
    return {
        "id": str(i),
        "type": "projects",
        "links": {"self": f"{BASE}/projects/{i}"},
        "attributes": attributes,
        "relationships": relationships,
    }


def page_body(n: int = 100, *, lean: bool = False) -> bytes:
    """A ScopeStack-like page of ``n`` projects including 7 clients (or ``n`` lean clients)."""
    included = [
        {"id": str(c), "type": "clients", "attributes": {"name": f"Client {c}"}} for c in range(7)
    ]
    make = _lean if lean else _resource
    doc = {
        "data": [make(i) for i in range(n)],
        "included": [] if lean else included,
        "meta": {"record-count": 2500, "page-count": 25},
        "links": {
            "first": f"{BASE}/projects?page%5Bnumber%5D=1",
            "next": f"{BASE}/projects?page%5Bnumber%5D=2",
        },
    }
    return orjson.dumps(doc)


def _cattrs_converter() -> cattrs.Converter:
    """A generated (eager) cattrs structuring of the same classes, for comparison only."""
    conv = cattrs.Converter()

    def linkage(value: Any, _: Any) -> Any:
        if value is MISSING or value is None:
            return value
        if isinstance(value, list):
            return [conv.structure(v, ResourceIdentifier) for v in value]
        return conv.structure(value, ResourceIdentifier)

    conv.register_structure_hook(ResourceIdentifier | list[ResourceIdentifier] | None, linkage)
    conv.register_structure_hook_func(
        lambda t: str(t).startswith("collections.abc.Mapping"), lambda v, _: v
    )
    return conv


def _cattrs_parse(conv: cattrs.Converter, body: bytes) -> Document:
    raw = orjson.loads(body)
    data = [_cattrs_resource(conv, r) for r in raw["data"]]
    included = [_cattrs_resource(conv, r) for r in raw["included"]]
    return Document(data, included, raw["meta"], raw["links"])


def _cattrs_resource(conv: cattrs.Converter, raw: dict[str, Any]) -> Resource:
    rels = {
        name: Relationship(conv.structure(rel.get("data", MISSING), Any), rel.get("links", {}))
        for name, rel in raw.get("relationships", {}).items()
    }
    return conv.structure({**raw, "relationships": rels}, Resource)


def _touch_relationships(doc: Document) -> None:
    for resource in doc.many():
        for name in resource.relationships:
            resource.relationships[name].data  # noqa: B018  # force the lazy structuring


def _time(fn: Callable[[], object], number: int) -> float:
    # CPU time: steadier than wall time on a shared machine (nothing here waits).
    best = min(timeit.repeat(fn, number=number, repeat=5, timer=time.process_time))
    return best / number * 1e6


def _report(title: str, body: bytes, number: int) -> dict[str, dict[str, float]]:
    conv = _cattrs_converter()
    cases: dict[str, Callable[[], object]] = {
        "json.loads": lambda: json.loads(body),
        "orjson.loads": lambda: orjson.loads(body),
        "parse_document (checked; resources built on first read)": lambda: parse_document(body),
        "parse_document + read data": lambda: parse_document(body).many(),
        "parse_document + read all relationships": lambda: _touch_relationships(
            parse_document(body)
        ),
        "generated cattrs hooks (eager, drops extras)": lambda: _cattrs_parse(conv, body),
    }
    print(f"{title}: {len(body) / 1024:.0f} KiB; best of 5 x {number} runs")
    base = None
    out = {}
    for name, fn in cases.items():
        us = _time(fn, number)
        base = base if name != "orjson.loads" else us
        ratio = f"{us / base:5.2f}x orjson" if base else ""
        print(f"  {name:56s} {us:9.1f} µs/page  {100 / us * 1e6:>12,.0f} resources/s  {ratio}")
        out[name] = {"us_per_page": us, "ratio_to_orjson": us / base if base else None}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("number", type=int, nargs="?", default=200, help="runs per timing")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    figures = {
        "lean": _report(
            "100 lean resources (6 attributes, 2 relationships)",
            page_body(100, lean=True),
            args.number * 5,
        ),
        "fat": _report(
            "100 fat projects (25 attributes, 40 relationships)", page_body(100), args.number
        ),
    }
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
