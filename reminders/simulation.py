"""``python -m reminders simulate --days 30``: a month of the scheduler over the demo data.

A fresh SQLite database in a temporary folder gets the demo teams and customers; a seeded
random stream adds what a month brings (tickets opened, transferred and resolved, sales leads,
contract end dates, account owners, customers unsubscribing or asking not to be disturbed). The
scheduler's runs are replayed every 30 minutes of simulated time (care walks every hour) with a
recording SMS/email gateway. At the end it prints how many messages of each kind went out, how
many were held back and why, and checks the sent log independently of the policy code: zero
frequency-cap, quiet-hour, opt-out or consent violations, or the exit code is 1.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time as timer
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa

from kefu.settings import Settings
from reminders import simulation_events as events
from reminders.channels.customers import RecordingGateway
from reminders.config import load_reminder_config
from reminders.jobs import run_context
from reminders.policy import DEFAULT_CAPS, ContactPolicy
from reminders.runner import Delivery, Report, run
from ticketing.demo import load_demo_data
from ticketing.storage.db import make_engine, migrate
from ticketing.storage.schema.customers import customers
from ticketing.storage.schema.reminders import reminder_sent, reminder_suppressed
from ticketing.storage.times import from_db

STEP = timedelta(minutes=30)
CARE_EVERY = 2  # steps


@dataclass
class Violations:
    """What the independent check found (each list should stay empty)."""

    caps: list[str] = field(default_factory=list)
    quiet_hours: list[str] = field(default_factory=list)
    opt_outs: list[str] = field(default_factory=list)
    consent: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many violations in all."""
        return len(self.caps) + len(self.quiet_hours) + len(self.opt_outs) + len(self.consent)


def check(engine: sa.engine.Engine, opt_outs: events.OptOuts, settings: Settings) -> Violations:
    """Read the sent log and find every message that broke a contact rule."""
    policy, zone, found = ContactPolicy(), settings.tz, Violations()
    with engine.connect() as connection:
        columns = (
            customers.c.customer_id,
            customers.c.segment,
            customers.c.consent_marketing,
            customers.c.consent_sms,
            customers.c.consent_email,
        )
        people = {row.customer_id: row for row in connection.execute(sa.select(*columns))}
        sent = connection.execute(
            sa.select(reminder_sent)
            .where(reminder_sent.c.audience == "customer", reminder_sent.c.status == "sent")
            .order_by(reminder_sent.c.sent_at)
        ).all()
    touches: dict[str, list[datetime]] = {}
    for row in sent:
        at, person = from_db(row.sent_at), people[row.customer_id]
        label = f"{row.kind} {row.customer_id} {at.isoformat()}"
        if row.purpose in policy.quiet_purposes and policy.in_quiet_hours(at, zone):
            found.quiet_hours.append(label)
        unsubscribed, quiet = (
            opt_outs.marketing.get(row.customer_id),
            opt_outs.dnd.get(row.customer_id),
        )
        if row.purpose == "marketing" and unsubscribed and at >= unsubscribed:
            found.opt_outs.append(label)
        if quiet and at >= quiet:
            found.opt_outs.append(label)
        if row.purpose == "marketing" and not person.consent_marketing:
            found.consent.append(label)
        if (row.channel == "sms" and not person.consent_sms) or (
            row.channel == "email" and not person.consent_email
        ):
            found.consent.append(label)
        if row.proactive:
            touches.setdefault(row.customer_id, []).append(at)
    for customer_id, times in touches.items():
        caps = DEFAULT_CAPS.get(people[customer_id].segment, DEFAULT_CAPS[None])
        for cap in caps:
            for index, at in enumerate(times):
                window = [t for t in times[: index + 1] if t > at - cap.window]
                if len(window) > cap.limit:
                    found.caps.append(f"{customer_id}: {len(window)} in {cap.window} up to {at}")
    return found


def _print(report: Report, engine, violations: Violations, days: int, seconds: float) -> None:
    with engine.connect() as connection:
        held = connection.execute(
            sa.select(reminder_suppressed.c.kind, reminder_suppressed.c.reason, sa.func.count())
            .group_by(reminder_suppressed.c.kind, reminder_suppressed.c.reason)
            .order_by(reminder_suppressed.c.kind, reminder_suppressed.c.reason)
        ).all()
        by_kind = connection.execute(
            sa.select(reminder_sent.c.kind, reminder_sent.c.audience, sa.func.count())
            .group_by(reminder_sent.c.kind, reminder_sent.c.audience)
            .order_by(reminder_sent.c.audience, reminder_sent.c.kind)
        ).all()
    print(f"simulated {days} days in {seconds:.1f} s")
    print("messages sent, per kind:")
    for kind, audience, count in by_kind:
        print(f"  {audience:8} {kind:22} {count}")
    print(f"  total: {sum(c for *_, c in by_kind)}")
    print("held back, per kind and reason (a quiet-hours hold is sent after 09:00):")
    for kind, reason, count in held:
        print(f"  {kind:22} {reason:22} {count}")
    print(f"  total: {sum(c for *_, c in held)}")
    print(
        "violations: "
        f"caps={len(violations.caps)} quiet_hours={len(violations.quiet_hours)} "
        f"opt_outs={len(violations.opt_outs)} consent={len(violations.consent)}"
    )
    for line in (violations.caps + violations.quiet_hours + violations.opt_outs)[:10]:
        print(f"  {line}")


def simulate(settings: Settings, days: int, start: datetime | None, folder: Path) -> int:
    """Run the simulation in ``folder``; returns the number of violations."""
    url = f"sqlite:///{folder / 'simulation.db'}"
    migrate(url)
    engine = make_engine(url)
    # A throw-away database: no need to wait for the disk on each of thousands of commits.
    sa.event.listen(engine, "connect", lambda dbapi, _: dbapi.execute("PRAGMA synchronous=OFF"))
    print(load_demo_data(engine, settings=settings))
    zone = settings.tz
    first = start or datetime.combine(datetime.now(zone).date(), time(0), tzinfo=zone)
    plan = events.plan_month(engine, first, days, random.Random(20261123))
    context = run_context(settings, load_reminder_config())
    delivery = Delivery(gateway=RecordingGateway())
    report, began = Report(keep=False), timer.perf_counter()
    now, step = first, 0
    while now < first + timedelta(days=days):
        now += STEP
        step += 1
        plan.apply_until(engine, now)
        groups = ("watch", "care") if step % CARE_EVERY == 0 else ("watch",)
        run(engine, now, context, delivery, groups=groups, report=report)
    violations = check(engine, plan.opt_outs, settings)
    _print(report, engine, violations, days, timer.perf_counter() - began)
    engine.dispose()
    return violations.total


def main(settings: Settings, days: int, start: datetime | None, customers_: int = 0) -> int:
    """The CLI entry: exit code 0 when no rule was broken, 1 otherwise."""
    with tempfile.TemporaryDirectory(prefix="kefu-simulation-") as folder:
        total = simulate(settings, days, start, Path(folder))
    if total:
        print(f"FAILED: {total} contact-rule violation(s)", file=sys.stderr)
        return 1
    print("OK: zero cap, quiet-hour, opt-out and consent violations")
    return 0
