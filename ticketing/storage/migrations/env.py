"""Alembic environment: runs migrations online against the configured URL."""

from alembic import context

from ticketing.storage.db import make_engine
from ticketing.storage.schema import metadata

config = context.config


def run_migrations_online() -> None:
    """Run every pending migration in one transaction per migration."""
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
