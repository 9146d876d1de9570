"""Benchmark: creating tickets over HTTP (the bot's escalation).

    .venv/bin/python -m bench.ticketing_create [--postgres URL] [--requests 1000]

Latency: sequential requests, one client (p95). Throughput: ``--clients`` concurrent clients
sending ``--requests`` tickets in all. Targets: p95 ≤ 25 ms and ≥ 300 tickets/s. The client runs
in the same process (and on the same 2 cores) as the service, so the figures are conservative.
Four demo agents are online so routing and claims happen until their capacity is used up.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.ticketing_common import (
    cpu_seconds,
    fresh_database,
    load_average,
    running_service,
    summary,
)
from ticketing.storage.db import make_engine
from ticketing.storage.unit_of_work import UnitOfWork

CATEGORIES = ("delivery", "payment", "product_issue", "complaint", "invoice", "refund")


def body(n: int) -> dict:
    return {
        "conversation_id": f"bench-{n}",
        "customer_id": "C2024050001",
        "channel": "chat",
        "category": CATEGORIES[n % len(CATEGORIES)],
        "subject": "快递三天没动" if n % 2 else "Refund not received",
        "description": "订单 E292517163266 的物流三天没有更新，请尽快处理。",
        "language": "zh",
        "sentiment": {"label": "negative", "score": 0.8, "anger": n % 10 == 0},
    }


async def run(base: str, headers: dict[str, str], requests: int, clients: int) -> list[str]:
    lines = []
    async with aiohttp.ClientSession(base, headers=headers) as session:
        for n in range(20):  # warm-up
            await (await session.post("/api/v1/tickets", json=body(10_000_000 + n))).read()
        samples = []
        for n in range(requests):
            start = time.perf_counter()
            async with session.post("/api/v1/tickets", json=body(n)) as response:
                await response.read()
                assert response.status == 201, response.status
            samples.append((time.perf_counter() - start) * 1000)
        lines.append(f"{summary('create, sequential', samples)} ({load_average()})")
        counter = iter(range(1_000_000, 1_000_000 + requests))

        async def client() -> None:
            for n in counter:
                async with session.post("/api/v1/tickets", json=body(n)) as response:
                    await response.read()
                    assert response.status == 201, response.status

        pid = int(headers["X-Bench-Pid"])
        start, cpu_start = time.perf_counter(), cpu_seconds(pid)
        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed, cpu = time.perf_counter() - start, cpu_seconds(pid) - cpu_start
        lines.append(
            f"create, {clients} concurrent clients: {requests} tickets in {elapsed:.2f} s "
            f"= {requests / elapsed:.0f} tickets/s; service CPU {1000 * cpu / requests:.2f} ms "
            f"per ticket (= {requests / cpu:.0f} tickets per CPU-second; {load_average()})"
        )
    return lines


def set_online(database_url: str) -> None:
    """Four demo agents online, one per team, so tickets are routed until capacity is used."""
    engine = make_engine(database_url)
    with UnitOfWork(engine) as uow:
        for agent_id in ("tech.li", "bill.chen", "logi.sun", "care.xu"):
            uow.agents.set_online(agent_id, True)
        uow.commit()
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="PostgreSQL server URL (a fresh database is made)")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pooled", action="store_true", help="SQLite with a connection pool")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as folder:
        url, drop = fresh_database(args.postgres, Path(folder))
        try:
            set_online(url)
            backend = "postgresql" if args.postgres else "sqlite"
            backend += ", pooled" if args.pooled else ""
            with running_service(url, args.pooled) as (base, headers):
                lines = asyncio.run(run(base, headers, args.requests, args.clients))
            for line in lines:
                print(f"[{backend}] {line}")
        finally:
            drop()


if __name__ == "__main__":
    main()
