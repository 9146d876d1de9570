"""Benchmark: import 100,000 customer rows from CSV into a fresh SQLite database (target ≤ 60 s).

Run: ``.venv/bin/python bench/customers_import.py [--rows 100000] [--url sqlite:///...]``.
Prints the time of a first import (every row created, 1 row in 1,000 invalid), of a re-import
of the same file (every row unchanged) and of a dry run. Figures go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ticketing.customers_cli import cli_principal, write_sample_file
from ticketing.domain.personal_data import PersonalDataCipher
from ticketing.services.customers_import import import_customers
from ticketing.storage.db import make_engine, migrate


def main() -> None:
    """Run the three measurements and print one line each."""
    warnings.simplefilter("ignore")  # SQLite's Decimal note, once per query shape
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--url", help="database URL (default: a SQLite file in a temp folder)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kefu-bench-"))
    url = args.url or f"sqlite:///{folder / 'bench.db'}"
    path = folder / "customers.csv"
    write_sample_file(path, args.rows, bad_every=1000)
    migrate(url)
    engine = make_engine(url)
    cipher = PersonalDataCipher("benchmark-data-key-not-a-secret-000")
    tz = ZoneInfo("Asia/Shanghai")

    def now() -> datetime:
        return datetime.now(timezone.utc)

    for label, options in (("first import", {}), ("re-import", {}), ("dry run", {"dry_run": True})):
        started = time.perf_counter()
        report = import_customers(engine, path, cipher, cli_principal(), now, tz, **options)
        seconds = time.perf_counter() - started
        print(
            f"{label}: {args.rows} rows in {seconds:.1f} s ({args.rows / seconds:,.0f} rows/s): "
            f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
            f"{report.rejected} rejected"
        )
    engine.dispose()


if __name__ == "__main__":
    main()
