"""The scheduler keeps its jobs in the database: a job due while it was down fires once on
restart, and the service's job list has stable business-key ids."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from apscheduler.triggers.interval import IntervalTrigger

from reminders.config import load_reminder_config
from reminders.jobs import (
    ADVISORY_LOCKS,
    JobRuntime,
    register_runtime,
    run_context,
    run_job,
    scheduled_jobs,
)
from reminders.runner import Delivery
from reminders.scheduler import JobSpec, ReminderScheduler

from .conftest import at

CALLS: list[str] = []


def record(label: str) -> None:
    """A job function the job store can name."""
    CALLS.append(label)


def spec(first_run: datetime, hours: int = 1) -> JobSpec:
    trigger = IntervalTrigger(hours=hours, start_date=first_run, timezone=timezone.utc)
    return JobSpec("test.hourly", record, trigger, ("hourly",))


async def test_a_job_due_while_the_scheduler_was_down_fires_once_on_restart(database_url) -> None:
    CALLS.clear()
    first_run = datetime.now(timezone.utc) + timedelta(seconds=0.5)
    before = ReminderScheduler(database_url, timezone.utc, (spec(first_run),))
    before.start()
    before.stop()  # down before the first run is due
    await asyncio.sleep(1.2)  # ... and the run falls due while nobody is there
    assert CALLS == []
    # The restarted service builds its job list again (a fresh trigger object, same definition).
    after = ReminderScheduler(database_url, timezone.utc, (spec(datetime.now(timezone.utc)),))
    after.start()
    await asyncio.sleep(1.0)
    after.stop()
    assert CALLS == ["hourly"]


async def test_a_changed_definition_replaces_the_stored_job(database_url) -> None:
    CALLS.clear()
    later = datetime.now(timezone.utc) + timedelta(hours=5)
    first = ReminderScheduler(database_url, timezone.utc, (spec(later),))
    first.start()
    first.stop()
    changed = ReminderScheduler(database_url, timezone.utc, (spec(later, hours=2),))
    changed.start()
    assert changed.job_ids() == ["test.hourly"]
    changed.stop()
    assert CALLS == []


def test_the_service_jobs_have_business_key_ids(settings) -> None:
    jobs = scheduled_jobs(settings, config=load_reminder_config(), runtime_name="test")
    assert [job.job_id for job in jobs] == ["reminders.watch", "reminders.care"]
    assert all(job.args[0] == "test" for job in jobs)


def test_a_job_run_skips_while_another_scheduler_holds_the_group(settings, desk) -> None:
    context = run_context(settings, load_reminder_config())
    runtime = JobRuntime(settings, context, Delivery(), desk, clock=lambda: at("2026-11-23T10:00"))
    register_runtime("lock-test", runtime)
    assert run_job("lock-test", "watch") is not None
    if desk.dialect.name != "postgresql":
        return  # one process per SQLite file: there is no second scheduler to exclude
    with desk.connect() as other:
        other.execute(sa.select(sa.func.pg_advisory_lock(ADVISORY_LOCKS["watch"])))
        assert run_job("lock-test", "watch") is None
        other.execute(sa.select(sa.func.pg_advisory_unlock(ADVISORY_LOCKS["watch"])))
    assert run_job("lock-test", "watch") is not None
