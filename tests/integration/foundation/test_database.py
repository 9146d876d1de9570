"""The schema migrates on both backends, twice in a row, and matches the Python schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ticketing.storage.db import make_engine, migrate
from ticketing.storage.schema import metadata


def test_migrating_twice_is_a_no_op_and_leaves_no_drift(database_url: str) -> None:
    migrate(database_url)
    engine = make_engine(database_url)
    with engine.connect() as connection:
        drift = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    ignored = {"scheduler_jobs"}  # APScheduler owns its job table
    drift = [d for d in drift if not (d[0] == "remove_table" and d[1].name in ignored)]
    assert drift == []
