"""Database engine construction and schema migration (Alembic).

Engines are made from settings by the caller and passed in: no module-level engine.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine, make_url
from sqlalchemy.pool import QueuePool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(database_url: str) -> Engine:
    """An engine for ``database_url``; SQLite gets foreign keys, WAL and a busy timeout."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # A pool (SQLAlchemy 2.0's default for files) instead of 1.4's NullPool: opening a SQLite
        # connection per unit of work cost ~2.5 ms of CPU per request (docs/benchmarks.md).
        pool = {"poolclass": QueuePool} if url.database not in (None, "", ":memory:") else {}
        engine = create_engine(
            url,
            future=True,
            connect_args={"check_same_thread": False, "timeout": 30},
            **pool,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # An escalation holds a second connection briefly (its ticket number, see UnitOfWork). Keep
    # enough idle connections that the request threads never open and close extra ones, and
    # allow twice the largest default thread pool (32) so that threads each holding one and
    # waiting for a second can never take every connection (no pool deadlock).
    return create_engine(url, future=True, pool_pre_ping=True, pool_size=16, max_overflow=48)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration pointing at this package's migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def migrate(database_url: str) -> None:
    """Bring the schema to the newest revision of every branch (a no-op when already there).

    Areas (tickets, customers, conversations) may keep their own branch of revisions off
    ``0001``; ``heads`` upgrades them all.
    """
    make_engine(database_url).dispose()  # creates the SQLite folder if needed
    command.upgrade(alembic_config(database_url), "heads")
