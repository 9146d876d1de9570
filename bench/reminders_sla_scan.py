"""Benchmark: the SLA watch scan over 100,000 open tickets (target ≤ 1 s).

Run: ``.venv/bin/python bench/reminders_sla_scan.py [--tickets 100000] [--keep PATH]``.

Builds (once, in a child process) a SQLite database with four teams and 100,000 active tickets
opened at an even pace over the 20 hours before the scan instant, priority P3 (24-hour
resolution in calendar time); 99% already have their first response. Then times the SLA watch
rule at that instant — the indexed due-time, transfer and idle-ticket queries, decoding the
tickets they return and deciding warnings and escalations — five times, and reports the median.
A second figure forces the worst case: every open ticket inside the scan horizon.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reminders.plan import PlanContext, sla_watch
from reminders.reads_sla import load_staff
from reminders.rules_care import CareContext
from reminders.rules_sla import SlaRules
from ticketing.domain.catalog import Priority
from ticketing.domain.priority import PriorityAssessment
from ticketing.domain.sla_policies import policy_for
from ticketing.domain.teams import Agent, CalendarConfig, Team
from ticketing.domain.tickets import Actor, Ticket, TicketDraft
from ticketing.sla import OFFICE_HOURS
from ticketing.storage.db import make_engine, migrate
from ticketing.storage.unit_of_work import UnitOfWork

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 25, 16, 0, tzinfo=SHANGHAI)  # a Wednesday afternoon
TEAMS = ("tech", "billing", "logistics", "care")
SERVICE = Actor("service", None)


def build(url: str, count: int) -> None:
    """Teams, one agent and one supervisor each, and ``count`` open tickets."""
    migrate(url)
    engine = make_engine(url)
    calendar_config = CalendarConfig(hours=OFFICE_HOURS)
    created = datetime(2026, 11, 1, tzinfo=timezone.utc)
    with UnitOfWork(engine) as uow:
        for team_id in TEAMS:
            uow.teams.add(Team(team_id, team_id, team_id, frozenset(), calendar_config), created)
            for suffix, role in (("agent", "agent"), ("lead", "supervisor")):
                agent_id = f"{team_id}.{suffix}"
                uow.agents.add(
                    Agent(agent_id, agent_id, agent_id, role, frozenset({team_id})), "x", created
                )
        uow.commit()
    calendar = calendar_config.calendar()
    policy = policy_for(Priority.P3, None)
    assessment = PriorityAssessment(Priority.P3, ("bench",))
    span = timedelta(hours=20).total_seconds()
    for start in range(0, count, 5000):
        with UnitOfWork(engine) as uow:
            for index in range(start, min(count, start + 5000)):
                opened = NOW - timedelta(seconds=span * (index + 1) / count)
                team_id = TEAMS[index % len(TEAMS)]
                draft = TicketDraft(subject="bench", category="delivery", customer_id=None)
                ticket_id = f"B{index:09d}"
                ticket = Ticket.create(
                    ticket_id, draft, assessment, team_id, policy, calendar, SERVICE, opened
                )
                ticket.assignee_id = f"{team_id}.agent"
                if index % 100:
                    ticket.reply(
                        True,
                        Actor("agent", ticket.assignee_id),
                        opened + timedelta(minutes=2),
                        calendar,
                    )
                uow.tickets.add(ticket)
            uow.commit()
    engine.dispose()


def time_scan(engine, context: PlanContext, now: datetime, repeat: int = 5) -> tuple[float, int]:
    """Median seconds of one scan, and the notices it finds."""
    times, found = [], 0
    for _ in range(repeat):
        began = time.perf_counter()
        with engine.connect() as connection:
            staff = load_staff(connection)
            ctx = PlanContext(context.care, context.sla, staff=staff)
            found = len(list(sla_watch(connection, now, ctx)))
        times.append(time.perf_counter() - began)
    return statistics.median(times), found


def main() -> None:
    """Build when needed, then time the scan."""
    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="database file to build once and reuse")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(f"sqlite:///{args.build}", args.tickets)
        return
    path = args.keep or Path(tempfile.mkdtemp(prefix="kefu-bench-")) / "sla.db"
    if not path.exists():
        began = time.perf_counter()
        command = [sys.executable, __file__, "--build", str(path), "--tickets", str(args.tickets)]
        subprocess.run(command, check=True)
        print(f"built {args.tickets:,} open tickets in {time.perf_counter() - began:.1f} s")
    engine = make_engine(f"sqlite:///{path}")
    context = PlanContext(CareContext(zone=SHANGHAI), SlaRules())
    seconds, found = time_scan(engine, context, NOW)
    label = f"SLA scan over {args.tickets:,} open tickets"
    print(f"{label}: {seconds * 1000:.0f} ms (median of 5), {found:,} notices")
    worst = NOW + timedelta(hours=24)  # every resolution clock is due before the horizon
    seconds, found = time_scan(engine, context, worst, repeat=3)
    print(
        f"worst case (every open ticket in the horizon): {seconds * 1000:.0f} ms, {found:,} notices"
    )
    engine.dispose()


if __name__ == "__main__":
    main()
