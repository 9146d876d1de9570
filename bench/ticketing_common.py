"""Shared set-up of the ticketing benchmarks: a fresh database (SQLite file or a new PostgreSQL
database), the demo teams, and the real service in its own process on a local port."""

from __future__ import annotations

import logging
import multiprocessing
import os
import statistics
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from aiohttp import web
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, create_engine, make_url
from sqlalchemy.pool import QueuePool

from kefu.settings import load_settings
from ticketing.demo import load_demo_data
from ticketing.demo_data.teams import DATA_SET
from ticketing.storage.db import _sqlite_pragmas, make_engine, migrate
from ticketing.web import app as app_module


def fresh_database(postgres_server: str | None, folder: Path) -> tuple[str, Callable[[], None]]:
    """A migrated database with the demo teams; returns its URL and a function dropping it."""
    if postgres_server is None:
        url = f"sqlite:///{folder / 'bench.db'}"
        drop = lambda: None  # noqa: E731 - the temporary folder goes away
    else:
        server = make_url(postgres_server)
        name = f"kefu_bench_{uuid.uuid4().hex[:8]}"
        admin = make_engine(str(server.set(database="postgres")))
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name).render_as_string(hide_password=False)

        def drop() -> None:
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    migrate(url)
    engine = make_engine(url)
    load_demo_data(engine, [DATA_SET])
    engine.dispose()
    return url, drop


def pooled_sqlite_engine(database_url: str) -> Engine:
    """``make_engine`` with a connection pool for SQLite files too (SQLAlchemy 2.0's default).

    SQLAlchemy 1.4 gives SQLite files a NullPool: every unit of work opens a connection and, on
    closing the last one, SQLite checkpoints and removes its WAL file. ``--pooled`` measures the
    service with the pool proposed for ``ticketing.storage.db.make_engine``.
    """
    if make_url(database_url).get_backend_name() != "sqlite":
        return make_engine(database_url)
    engine = create_engine(
        database_url,
        future=True,
        poolclass=QueuePool,
        connect_args={"check_same_thread": False, "timeout": 30},
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _serve(database_url: str, var: str, port: int, pooled: bool) -> None:
    logging.basicConfig(level=logging.WARNING)
    if pooled:
        app_module.make_engine = pooled_sqlite_engine
    settings = load_settings(var_dir=Path(var), database_url=database_url)
    web.run_app(
        app_module.init_app(settings), host="127.0.0.1", port=port, print=None, access_log=None
    )


@contextmanager
def running_service(database_url: str, pooled: bool = False, port: int = 8765):
    """The real service in its own process on 127.0.0.1:``port`` (so the benchmark client does
    not share its interpreter); yields (base URL, bot headers)."""
    with tempfile.TemporaryDirectory() as var:
        settings = load_settings(var_dir=Path(var), database_url=database_url)
        process = multiprocessing.get_context("spawn").Process(
            target=_serve, args=(database_url, var, port, pooled), daemon=True
        )
        process.start()
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or not process.is_alive():
                    raise RuntimeError("the service did not start") from None
                time.sleep(0.2)
        headers = {"Authorization": f"Bearer {settings.service_token.get_secret_value()}"}
        headers["X-Bench-Pid"] = str(process.pid)  # lets a benchmark read the service's CPU time
        try:
            yield base, headers
        finally:
            process.terminate()
            process.join(10)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux ``/proc``), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    """The machine's 1-minute load average, for the report next to each figure (shared
    machine: wall-clock figures mean little without it)."""
    return f"load {os.getloadavg()[0]:.2f}"


def percentile(samples: list[float], share: float) -> float:
    """The ``share`` percentile (0..1) of ``samples`` (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(name: str, samples_ms: list[float]) -> str:
    """One line: count, median, p95 and max in milliseconds."""
    return (
        f"{name}: n={len(samples_ms)} median={statistics.median(samples_ms):.2f} ms "
        f"p95={percentile(samples_ms, 0.95):.2f} ms max={max(samples_ms):.2f} ms"
    )


def timed(function: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def cpu_per_call(function: Callable[[], object], calls: int) -> float:
    """Milliseconds of this process's CPU per call (less sensitive to a busy machine)."""
    start = time.process_time()
    for _ in range(calls):
        function()
    return (time.process_time() - start) * 1000 / calls
