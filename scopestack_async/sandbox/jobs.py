"""Asynchronous jobs: document generation and survey calculate / apply.

A job is a record in a running status plus a due time; every API request first finishes
the jobs that are due (``advance``), so no background task is needed and a test that sets
the delay to 0 sees the outcome on its next read.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from .catalogue import CATALOGUE
from .data import Record
from .store import World
from .writes import new_attributes, now_iso

__all__ = ["Job", "advance", "finish_calculate", "start"]


@attrs.frozen
class Job:
    """A running job: which record, what it does, when it is done."""

    type: str
    id: int
    kind: str
    due: float


RUNNING = {"document": "queued", "calculate": "calculating", "apply": "applying"}


def start(jobs: list[Job], record: Record, kind: str, now: float, delay: float) -> None:
    """Put ``record`` in the job's running status and queue it."""
    record.attributes["status"] = RUNNING[kind]
    if "updated-at" in record.attributes:
        record.attributes["updated-at"] = now_iso(now)
    jobs.append(Job(record.type, record.id, kind, now + delay))


def advance(world: World, jobs: list[Job], now: float, api_url: str) -> list[Job]:
    """Finish every due job; return the ones still running."""
    still: list[Job] = []
    for job in jobs:
        record = world.get(job.type, job.id)
        if record is None:
            continue
        if now < job.due:
            still.append(job)
            continue
        _FINISH[job.kind](world, record, api_url)
        record.attributes["updated-at"] = now_iso(now)
        world.touch()
    return still


def _finish_document(world: World, record: Record, api_url: str) -> None:
    attrs_ = record.attributes
    template = str(attrs_.get("template-id"))
    if template == "broken":
        attrs_.update({"status": "error", "error-text": "The template could not be merged."})
        return
    attrs_.update({"status": "finished", "document-url": f"{api_url}/documents/{record.id}.pdf"})
    if template.isdigit():
        found = world.get("document-templates", int(template))
        attrs_["template-name"] = found.attributes["name"] if found else None
    else:
        attrs_["template-name"] = {"pricing": "Pricing", "breakdown": "Work Breakdown"}.get(
            template
        )


def finish_calculate(world: World, record: Record, api_url: str) -> None:
    """Recommendations from the answers: one standard service per numeric answer."""
    services = [s for s in world.listing("services", record.account_id) if s.attributes["active"]]
    recommendations, calculations = [], []
    for k, response in enumerate(record.attributes.get("responses") or []):
        answer = str(response.get("answer", "")) if isinstance(response, dict) else ""
        if not answer.isdigit() or not services:
            continue
        service = services[k % len(services)]
        recommendations.append(
            {
                "target_type": "Service",
                "target_id": service.id,
                "resource_id": service.links.get("resource"),
                "quantity": str(max(1, int(answer) // 10 or 1)),
                "status": "pending",
                "item_type": "Service",
                "item_id": service.id,
                "refinements": [],
            }
        )
        calculations.append({"calculation_id": f"answer_{k + 1}", "value": answer})
    record.attributes.update(
        {"status": "calculated", "recommendations": recommendations, "calculations": calculations}
    )


def _finish_apply(world: World, record: Record, api_url: str) -> None:
    project_id = record.links.get("project")
    spec = CATALOGUE["project-services"]
    stamp = record.attributes.get("updated-at") or ""
    applied = []
    for rec in record.attributes.get("recommendations") or []:
        service = world.get("services", int(rec["target_id"]))
        if service is None or project_id is None:
            continue
        given = {
            "name": service.attributes["name"],
            "quantity": int(rec["quantity"]),
            "service-type": service.attributes["service-type"],
            "task-source": "standard",
        }
        links: dict[str, int | None] = {r.name: None for r in spec.rels if r.stored}
        links.update({"project": project_id, "service": service.id})
        links["resource"] = service.links.get("resource")
        world.insert(
            "project-services", record.account_id, new_attributes(spec, given, stamp), links
        )
        applied.append({**rec, "status": "applied"})
    record.attributes.update({"status": "applied", "recommendations": applied})


_FINISH: dict[str, Callable[[World, Record, str], None]] = {
    "document": _finish_document,
    "calculate": finish_calculate,
    "apply": _finish_apply,
}
