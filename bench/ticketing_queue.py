"""Benchmark: the queue and the due-time scan with 100,000 open tickets.

    .venv/bin/python -m bench.ticketing_queue [--postgres URL] [--tickets 100000] [--pooled]

Loads ``--tickets`` active tickets over the four demo teams (about a third unassigned, earliest
deadlines spread from 2 hours ago to 3 days ahead, so a few percent are due), then measures:
the queue over HTTP (``GET /api/v1/queue``, 50 most urgent, as a logistics agent), the same
through the service call, and the due-time scan (``SlaWatch.at_risk`` and the bare repository
scan). Targets: queue p95 ≤ 30 ms; scan ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import aiohttp
from sqlalchemy import text

from bench.ticketing_common import (
    cpu_per_call,
    cpu_seconds,
    fresh_database,
    load_average,
    pooled_sqlite_engine,
    running_service,
    summary,
    timed,
)
from ticketing.demo_data.teams import DEMO_PASSWORD
from ticketing.domain.auth import Principal
from ticketing.domain.catalog import Priority
from ticketing.domain.priority import PriorityAssessment
from ticketing.domain.sla_clocks import SlaClock
from ticketing.domain.sla_policies import policy_for
from ticketing.domain.statuses import TicketStatus
from ticketing.domain.tickets import SYSTEM, Ticket, TicketDraft
from ticketing.services.sla_watch import SlaWatch
from ticketing.services.ticket_work import TicketService
from ticketing.sla import WorkCalendar
from ticketing.storage.schema.tickets import tickets
from ticketing.storage.ticket_rows import ticket_values
from ticketing.storage.unit_of_work import UnitOfWork

TEAM_AGENTS = {
    "tech": ("tech.li", "tech.wang"),
    "billing": ("bill.chen", "bill.zhao"),
    "logistics": ("logi.sun", "logi.zhou", "logi.wu"),
    "care": ("care.huang", "care.xu"),
}
CATEGORY = {
    "tech": "product_issue",
    "billing": "payment",
    "logistics": "delivery",
    "care": "complaint",
}
ACTIVE = (TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.REOPENED)


def generated(count: int, now: datetime, seed: int = 7):
    """Ticket rows (dicts) for a bulk insert, deterministic for a seed."""
    rng = random.Random(seed)
    calendar = WorkCalendar()
    for n in range(count):
        team = rng.choice(tuple(TEAM_AGENTS))
        priority = rng.choice(tuple(Priority))
        due = now + timedelta(minutes=rng.uniform(-120, 72 * 60))
        created = due - timedelta(hours=24)
        draft = TicketDraft(
            subject="基准测试工单", category=CATEGORY[team], conversation_id=f"bench-{n}"
        )
        ticket = Ticket.create(
            f"T20261101-{n:06d}",
            draft,
            PriorityAssessment(priority, ("bench",)),
            team,
            policy_for(priority, None),
            calendar,
            SYSTEM,
            created,
        )
        resolution = ticket.clocks["resolution"]
        ticket.clocks["resolution"] = SlaClock(
            "resolution", resolution.target_minutes, False, created, due
        )
        if rng.random() < 0.35:  # waiting in the queue: the first answer is the deadline
            ticket.clocks["first_response"] = SlaClock(
                "first_response", 10, True, due - timedelta(minutes=10), due
            )
        else:
            ticket.assignee_id = rng.choice(TEAM_AGENTS[team])
            ticket.status = rng.choice(ACTIVE)
            first = ticket.clocks["first_response"]
            ticket.clocks["first_response"] = first.stop(created + timedelta(minutes=5), calendar)
        ticket.version = 1
        yield ticket_values(ticket)


def load(database_url: str, count: int, now: datetime) -> float:
    """Insert ``count`` tickets in batches and refresh the planner's statistics; seconds."""
    engine = pooled_sqlite_engine(database_url)
    start = time.perf_counter()
    batch: list[dict] = []
    with engine.begin() as connection:
        for row in generated(count, now):
            batch.append(row)
            if len(batch) == 5000:
                connection.execute(tickets.insert(), batch)
                batch = []
        if batch:
            connection.execute(tickets.insert(), batch)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()
    return time.perf_counter() - start


async def http_queue(base: str, runs: int) -> list[float]:
    samples = []
    async with aiohttp.ClientSession(base) as session:
        login = {"username": "logi.sun", "password": DEMO_PASSWORD}
        async with session.post("/api/v1/auth/login", json=login) as response:
            token = (await response.json())["token"]
        headers = {"Authorization": f"Bearer {token}"}
        for n in range(runs + 10):
            start = time.perf_counter()
            async with session.get("/api/v1/queue?assignee=none", headers=headers) as response:
                body = await response.json()
                assert response.status == 200 and len(body["tickets"]) == 50
            if n >= 10:  # warm-up excluded
                samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="PostgreSQL server URL (a fresh database is made)")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--pooled", action="store_true", help="SQLite with a connection pool")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    backend = ("postgresql" if args.postgres else "sqlite") + (", pooled" if args.pooled else "")
    now = datetime.now(timezone.utc)
    with tempfile.TemporaryDirectory() as folder:
        url, drop = fresh_database(args.postgres, Path(folder))
        try:
            seconds = load(url, args.tickets, now)
            print(f"[{backend}] loaded {args.tickets} active tickets in {seconds:.1f} s")
            with running_service(url, args.pooled) as (base, headers):
                pid = int(headers["X-Bench-Pid"])
                cpu_start = cpu_seconds(pid)
                samples = asyncio.run(http_queue(base, args.runs))
                cpu = (cpu_seconds(pid) - cpu_start) * 1000 / (args.runs + 10)
            print(
                f"[{backend}] "
                + summary("queue over HTTP (50 most urgent)", samples)
                + f"; service CPU {cpu:.2f} ms per request ({load_average()})"
            )
            engine = pooled_sqlite_engine(url) if args.pooled else _engine(url)
            agent = Principal("agent", "logi.sun", "agent", frozenset({"logistics"}))
            service = TicketService(engine, lambda: now)
            calls = [timed(lambda: service.queue(agent, None, "none")) for _ in range(args.runs)]
            cpu = cpu_per_call(lambda: service.queue(agent, None, "none"), 50)
            print(
                f"[{backend}] "
                + summary("queue service call", calls)
                + f"; CPU {cpu:.2f} ms ({load_average()})"
            )
            watch = SlaWatch(engine)
            found = watch.at_risk(now, timedelta(minutes=30))
            scans = [timed(lambda: watch.at_risk(now, timedelta(minutes=30))) for _ in range(20)]
            cpu = cpu_per_call(lambda: watch.at_risk(now, timedelta(minutes=30)), 10)
            line = summary(f"SLA scan ({len(found)} clocks due)", scans)
            print(f"[{backend}] {line}; CPU {cpu:.2f} ms ({load_average()})")

            def bare_scan() -> None:
                with UnitOfWork(engine, write=False) as uow:
                    uow.tickets.running_deadlines(now + timedelta(minutes=30))

            bare = [timed(bare_scan) for _ in range(20)]
            cpu = cpu_per_call(bare_scan, 10)
            line = summary("due-time scan, repository only", bare)
            print(f"[{backend}] {line}; CPU {cpu:.2f} ms ({load_average()})")
            engine.dispose()
        finally:
            drop()


def _engine(url: str):
    from ticketing.storage.db import make_engine

    return make_engine(url)


if __name__ == "__main__":
    main()
