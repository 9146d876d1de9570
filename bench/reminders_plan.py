"""Benchmark: plan one day of care over 1,000,000 customers (target ≤ 60 s, ≤ 500 MB).

Run: ``.venv/bin/python bench/reminders_plan.py [--customers 1000000] [--keep PATH]``.

Builds (once, in a child process, cached at ``--keep``) a SQLite database with the customers
spread over the segments (10% high-value active, 5% high-value at risk, 20% potential, 30%
regular, 35% dormant), random birthdays, registration days and consent flags. Then measures, in
this process, the care planning of one instant: every care rule (birthdays, welcome, dormant
wake-up, high-value review and touch reminders, churn risk) over its indexed query, and the
contact policy's decision for every customer message — first as a dry run (decide only), then
for real (sent log, suppressions, inbox, recording gateway). Peak memory is this process's
maximum resident set size (the build ran elsewhere).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reminders.channels.customers import RecordingGateway
from reminders.plan import PlanContext
from reminders.rules_care import CareContext
from reminders.runner import Delivery, Report, RunContext, run
from ticketing.storage.db import make_engine, migrate
from ticketing.storage.schema.customers import customers

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEGMENTS = (
    ("high_value_active", 0.10),
    ("high_value_at_risk", 0.05),
    ("potential_growth", 0.20),
    ("regular", 0.30),
    ("dormant", 0.35),
)
# A day in the first weeks of a quarter: every recurring care rule has work to do.
AT = datetime(2026, 10, 12, 10, 30, tzinfo=SHANGHAI)


def build(url: str, count: int) -> None:
    """Write ``count`` customers (batches of 20,000)."""
    migrate(url)
    engine = make_engine(url)
    rng = random.Random(20261123)
    names, weights = zip(*SEGMENTS, strict=True)
    created = datetime(2026, 1, 1, tzinfo=timezone.utc)
    batch: list[dict] = []
    with engine.begin() as connection:
        for index in range(count):
            birthday = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 45))
            segment = rng.choices(names, weights)[0]
            customer_id = (
                f"C{2015 + index // 120000}{(index // 10000) % 12 + 1:02d}{index % 10000:04d}"
            )
            batch.append(
                {
                    "customer_id": customer_id,
                    "name": f"客户{index}",
                    "mobile_hash": f"m{index}" if rng.random() < 0.8 else None,
                    "email_hash": f"e{index}" if rng.random() < 0.4 else None,
                    "consent_marketing": rng.random() < 0.6,
                    "consent_sms": rng.random() < 0.7,
                    "consent_email": rng.random() < 0.5,
                    "segment": segment,
                    "churn_alert": segment.startswith("high") and rng.random() < 0.02,
                    "birthday": birthday,
                    "birthday_md": birthday.strftime("%m-%d"),
                    "registered_on": AT.date() - timedelta(days=rng.randrange(3 * 365)),
                    "created_at": created,
                    "updated_at": created,
                }
            )
            if len(batch) == 20_000:
                connection.execute(customers.insert(), batch)
                batch.clear()
        if batch:
            connection.execute(customers.insert(), batch)
    engine.dispose()


def peak_mb() -> float:
    """This process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Build when needed, then time the dry and the real planning run."""
    warnings.simplefilter("ignore")
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="database file to build once and reuse")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(f"sqlite:///{args.build}", args.customers)
        return
    path = args.keep or Path(tempfile.mkdtemp(prefix="kefu-bench-")) / "plan.db"
    if not path.exists():
        began = time.perf_counter()
        command = [
            sys.executable,
            __file__,
            "--build",
            str(path),
            "--customers",
            str(args.customers),
        ]
        subprocess.run(command, check=True)
        print(f"built {args.customers:,} customers in {time.perf_counter() - began:.1f} s")
    engine = make_engine(f"sqlite:///{path}")
    context = RunContext(PlanContext(CareContext(zone=SHANGHAI)), SHANGHAI)
    for dry_run in (True, False):
        report, began = Report(keep=False), time.perf_counter()
        delivery = Delivery(gateway=RecordingGateway())
        run(engine, AT, context, delivery, dry_run=dry_run, groups=("care",), report=report)
        seconds = time.perf_counter() - began
        label = "dry run (decide only)" if dry_run else "real run (claim, record, deliver)"
        decided = sum(report.counts.values())
        print(
            f"{label}: {seconds:.1f} s, {decided:,} notices planned "
            f"(sent/would send {report.total('sent') + report.total('would_send'):,}, "
            f"held back {report.total('suppressed'):,}), peak RSS {peak_mb():.0f} MB"
        )
    engine.dispose()


if __name__ == "__main__":
    main()
