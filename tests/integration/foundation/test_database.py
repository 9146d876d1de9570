"""The schema migrates on both backends, twice in a row, and matches the Python schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ticketing.storage.db import make_engine, migrate
from ticketing.storage.schema import metadata

# Tables other libraries create and own (APScheduler's job store).
FOREIGN_TABLES = {"scheduler_jobs"}


def _table_of(difference: tuple) -> str | None:
    thing = difference[1] if len(difference) > 1 else None
    table = getattr(thing, "table", thing)
    return getattr(table, "name", None)


def test_migrating_twice_is_a_no_op_and_leaves_no_drift(database_url: str) -> None:
    migrate(database_url)
    engine = make_engine(database_url)
    with engine.connect() as connection:
        drift = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    assert [d for d in drift if _table_of(d) not in FOREIGN_TABLES] == []
