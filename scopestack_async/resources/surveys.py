"""Surveys: calculate and apply run as server jobs, polled like documents."""

from __future__ import annotations

from ..errors import JobFailedError
from ..jsonapi.jobs import wait_until
from .client import TypedClient
from .models import Survey, SurveyFields, SurveyFilter

__all__ = ["SurveysClient"]

_BUSY = frozenset({"calculating", "applying", "pending", "queued"})


class SurveysClient(TypedClient[Survey, SurveyFields, SurveyFilter]):
    """``session.surveys``: typed surveys plus :meth:`calculate` and :meth:`apply`."""

    async def _job(
        self, survey: Survey | str | int, action: str, timeout: float, interval: float
    ) -> Survey:
        sid = survey.id if isinstance(survey, Survey) else str(survey)
        await self.raw.action(sid, action)
        done = await wait_until(
            lambda: self.get(sid),
            lambda s: s.status not in _BUSY,
            timeout=timeout,
            interval=interval,
        )
        if done.status in ("error", "failed"):
            raise JobFailedError(
                f"Survey {sid} {action} failed (status {done.status!r}); check its responses.",
                error_text=str(done.extra.get("error-text") or "") or None,
                resource=done,
            )
        return done

    async def calculate(
        self, survey: Survey | str | int, *, timeout: float = 120.0, interval: float = 2.0
    ) -> Survey:
        """``PUT surveys/{id}/calculate`` and wait while its status is ``calculating``."""
        return await self._job(survey, "calculate", timeout, interval)

    async def apply(
        self, survey: Survey | str | int, *, timeout: float = 120.0, interval: float = 2.0
    ) -> Survey:
        """``PUT surveys/{id}/apply`` (recommendations into the project) and wait."""
        return await self._job(survey, "apply", timeout, interval)
