"""The scheduler's jobs and how a run is assembled from the settings.

``scheduled_jobs(settings)`` returns the :class:`~reminders.scheduler.JobSpec` list the service's
``ReminderScheduler`` registers: ``reminders.watch`` (every ``KEFU_REMINDER_TICK_SECONDS``: SLA
watch, follow-ups, surveys, alerts) and ``reminders.care`` (every 15 minutes: the segment walks).
APScheduler stores jobs by reference in its database job store, so a job names a module-level
function and plain arguments; the engine and channels it needs live in a :class:`JobRuntime`
registered here under a name when ``scheduled_jobs`` is called (once per process).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import Engine

from kefu.settings import Settings
from reminders.channels.console import NotificationBus
from reminders.channels.customers import WidgetSender
from reminders.channels.email import SmtpMailer
from reminders.channels.webhooks import Webhook
from reminders.config import ReminderConfig, load_reminder_config
from reminders.plan import CARE_INTERVAL, PlanContext
from reminders.reads_customers import Presence
from reminders.rules_care import CareContext
from reminders.rules_sla import SlaRules
from reminders.runner import Delivery, Report, RunContext, run
from reminders.scheduler import JobSpec
from ticketing.storage.db import make_engine

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def run_context(settings: Settings, config: ReminderConfig) -> RunContext:
    """The rules' thresholds, owners and time zone from the settings."""
    care = CareContext(
        zone=settings.tz,
        lookback=timedelta(hours=config.reminder_lookback_hours),
        default_owner=config.care_default_owner,
        customer_success_lead=config.customer_success_lead,
        unsubscribe_base_url=config.unsubscribe_base_url,
        link_secret=settings.data_key.get_secret_value(),
    )
    sla = SlaRules(config.sla_warning_percent, timedelta(hours=config.untouched_hours))
    plan = PlanContext(care, sla, tuple(config.data_alert_recipients))
    return RunContext(plan, settings.tz, settings.default_language)


def delivery_from(config: ReminderConfig, bus: NotificationBus | None = None) -> Delivery:
    """Console (with ``bus``), SMTP when a host is set, the configured webhooks, log-only SMS."""
    mailer = None
    if config.smtp_host:
        mailer = SmtpMailer(
            config.smtp_host, config.smtp_port, config.smtp_sender, config.staff_emails
        )
    hooks = tuple(Webhook(hook["format"], hook["url"]) for hook in config.reminder_webhooks)
    return Delivery(bus=bus, mailer=mailer, webhooks=hooks)


@dataclass
class JobRuntime:
    """What a scheduled job needs at run time (never pickled into the job store)."""

    settings: Settings
    context: RunContext
    delivery: Delivery
    engine: Engine | None = None
    clock: Clock = field(default=lambda: datetime.now(timezone.utc))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def engine_for_run(self) -> Engine:
        """The engine (made on first use when none was given)."""
        with self._lock:
            if self.engine is None:
                self.engine = make_engine(self.settings.database_url)
            return self.engine


ADVISORY_LOCKS = {"watch": 0x6B65667501, "care": 0x6B65667502}
"""PostgreSQL advisory-lock keys (``kefu`` + group) held while a group runs."""


@contextmanager
def single_active(engine: Engine, group: str) -> Iterator[bool]:
    """True while this process may run ``group``: on PostgreSQL, the holder of a session
    advisory lock (a second scheduler skips the run instead of queueing); elsewhere always True.
    The sent log's unique key already prevents double sends; the lock saves the duplicate work.
    """
    if engine.dialect.name != "postgresql":
        yield True
        return
    key = ADVISORY_LOCKS[group]
    with engine.connect() as connection:
        got = connection.execute(sa.select(sa.func.pg_try_advisory_lock(key))).scalar()
        connection.commit()
        try:
            yield bool(got)
        finally:
            if got:
                connection.execute(sa.select(sa.func.pg_advisory_unlock(key)))
                connection.commit()


_runtimes: dict[str, JobRuntime] = {}
"""Registered runtimes by name: the job store keeps only the name."""


def register_runtime(name: str, runtime: JobRuntime) -> None:
    """Make ``runtime`` the one jobs named ``name`` use in this process."""
    _runtimes[name] = runtime


def run_job(runtime_name: str, group: str) -> Report | None:
    """The function every stored job calls: one run of ``group`` at the runtime's clock."""
    runtime = _runtimes.get(runtime_name)
    if runtime is None:
        log.error("reminders job for unknown runtime %r skipped", runtime_name)
        return None
    now = runtime.clock()
    engine = runtime.engine_for_run()
    with single_active(engine, group) as active:
        if not active:
            log.info("reminders %s skipped: another scheduler is running it", group)
            return None
        report = run(engine, now, runtime.context, runtime.delivery, groups=(group,))
    report.outcomes.clear()
    if report.total("sent") or report.total("suppressed") or report.total("failed"):
        log.info(
            "reminders %s at %s: sent=%d suppressed=%d failed=%d",
            group,
            now.isoformat(timespec="seconds"),
            report.total("sent"),
            report.total("suppressed"),
            report.total("failed"),
        )
    return report


def scheduled_jobs(
    settings: Settings,
    engine: Engine | None = None,
    bus: NotificationBus | None = None,
    config: ReminderConfig | None = None,
    runtime_name: str = "service",
    widget: WidgetSender | None = None,
    presence: Presence | None = None,
) -> tuple[JobSpec, ...]:
    """The recurring jobs for ``ReminderScheduler(settings.database_url, settings.tz, jobs)``.

    Ids are business keys (``reminders.watch``, ``reminders.care``) so a restart replaces the
    definitions instead of adding copies. ``bus`` publishes console notifications live;
    ``widget`` and ``presence`` (from the hub) let customer messages reach an open widget.
    """
    config = config or load_reminder_config()
    delivery = delivery_from(config, bus)
    delivery.widget, delivery.presence = widget, presence
    runtime = JobRuntime(settings, run_context(settings, config), delivery, engine)
    register_runtime(runtime_name, runtime)
    return (
        JobSpec(
            "reminders.watch",
            run_job,
            IntervalTrigger(seconds=config.reminder_tick_seconds, timezone=settings.tz),
            (runtime_name, "watch"),
        ),
        JobSpec(
            "reminders.care",
            run_job,
            IntervalTrigger(seconds=int(CARE_INTERVAL.total_seconds()), timezone=settings.tz),
            (runtime_name, "care"),
        ),
    )
