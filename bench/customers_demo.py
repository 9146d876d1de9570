"""Benchmark: load the demo customers (2,000 customers, 20,000 orders) into a fresh SQLite file.

Run: ``.venv/bin/python bench/customers_demo.py``; target well under 30 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ticketing.demo_data.customers import load_customers
from ticketing.domain.personal_data import PersonalDataCipher
from ticketing.storage.db import make_engine, migrate


def main() -> None:
    """Load once and print the time."""
    warnings.simplefilter("ignore")
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='kefu-demo-')) / 'demo.db'}"
    migrate(url)
    engine = make_engine(url)
    cipher = PersonalDataCipher("benchmark-data-key-not-a-secret-000")
    started = time.perf_counter()
    with engine.begin() as connection:
        rows = load_customers(
            connection, cipher, datetime.now(timezone.utc), ZoneInfo("Asia/Shanghai")
        )
    print(f"demo customers: {rows} rows in {time.perf_counter() - started:.1f} s")
    engine.dispose()


if __name__ == "__main__":
    main()
