"""Fixtures every test level shares: settings in a temporary folder and migrated databases.

Storage and API tests ask for ``database_url``: they run on SQLite always and on PostgreSQL too
when ``KEFU_TEST_POSTGRES_URL`` names a server database (``.ci/run`` sets it). Each PostgreSQL
session gets a fresh database of its own, migrated once; every test starts with empty tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kefu.settings import Settings, load_settings
from ticketing.storage.db import make_engine, migrate
from ticketing.storage.schema import metadata

POSTGRES_URL = os.environ.get("KEFU_TEST_POSTGRES_URL", "")
DATABASE_BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES_URL else [])]


@pytest.fixture
def var_dir(tmp_path: Path) -> Path:
    """An empty state folder (database, logs, secrets) for one test."""
    path = tmp_path / "var"
    path.mkdir()
    return path


@pytest.fixture
def settings(var_dir: Path) -> Settings:
    """Default settings rooted in a temporary ``var`` folder."""
    return load_settings(var_dir=var_dir)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session, dropped at the end."""
    if not POSTGRES_URL:
        pytest.skip("KEFU_TEST_POSTGRES_URL is not set")
    server = make_url(POSTGRES_URL)
    name = f"kefu_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(str(server.set(database="postgres")))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    migrate(url)
    yield url
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=DATABASE_BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database: a SQLite file, or (second run) the session's PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        migrate(url)
        return url
    request.applymarker(pytest.mark.postgres)
    url = request.getfixturevalue("postgres_database")
    engine = make_engine(url)
    with engine.begin() as connection:
        tables = [table.name for table in metadata.sorted_tables]
        # APScheduler's job store is not in our metadata, but a test that starts the app fills it.
        if engine.dialect.has_table(connection, "scheduler_jobs"):
            tables.append("scheduler_jobs")
        names = ", ".join(f'"{name}"' for name in tables)
        if names:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return url
