"""``ReminderScheduler``: the one place APScheduler is configured.

Jobs live in a persistent job store in the service's database, so a job that was due while the
process was down is still known when it comes back. APScheduler's defaults (a 1-second misfire
grace time) would silently drop such a job; we set ``misfire_grace_time`` to a day and
``coalesce`` to True on purpose: a job missed while the scheduler was down runs once on return.

On start, a stored job whose definition (function, arguments, trigger) is unchanged is kept as
it is — replacing it would recompute its next run time from now and lose the missed run; a
changed or new definition replaces the stored one (``replace_existing``, business-key ids).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.util import obj_to_ref

log = logging.getLogger(__name__)

MISFIRE_GRACE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class JobSpec:
    """A recurring job: a stable id from the business key, what to run and when.

    ``func`` must be a module-level function and ``args`` plain values: the database job store
    keeps them by reference.
    """

    job_id: str
    func: Callable[..., object]
    trigger: BaseTrigger
    args: tuple = ()


class ReminderScheduler:
    """An AsyncIOScheduler with a database job store; start it and stop it with the service."""

    def __init__(self, database_url: str, timezone: tzinfo, jobs: tuple[JobSpec, ...] = ()) -> None:
        self._scheduler = AsyncIOScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=database_url, tablename="scheduler_jobs")},
            job_defaults={"coalesce": True, "misfire_grace_time": MISFIRE_GRACE_SECONDS},
            timezone=timezone,
        )
        self._jobs = jobs

    @property
    def running(self) -> bool:
        """True while the scheduler is started and not shut down."""
        return self._scheduler.running

    def start(self) -> None:
        """Register every job (keeping an unchanged stored one, replacing a changed one), start."""
        self._scheduler.start(paused=True)
        for job in self._jobs:
            stored = self._scheduler.get_job(job.job_id)
            if stored is not None and _same(stored, job):
                continue
            self._scheduler.add_job(
                job.func,
                job.trigger,
                args=job.args,
                id=job.job_id,
                replace_existing=True,
                max_instances=1,
            )
        self._scheduler.resume()
        log.info("scheduler started with %d job(s)", len(self._jobs))

    def stop(self) -> None:
        """Stop without waiting for running jobs to finish (they are idempotent)."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
            log.info("scheduler stopped")

    def job_ids(self) -> list[str]:
        """The ids of the stored jobs."""
        return sorted(job.id for job in self._scheduler.get_jobs())


def _same(stored: object, spec: JobSpec) -> bool:
    return (
        getattr(stored, "func_ref", None) == obj_to_ref(spec.func)
        and tuple(getattr(stored, "args", ())) == tuple(spec.args)
        and str(getattr(stored, "trigger", "")) == str(spec.trigger)
    )
