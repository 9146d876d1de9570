"""Seeding loads each data set once, reloads it on a new version, and is atomic."""

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, func, select
from sqlalchemy.engine import Connection

from ticketing.demo import DemoDataSet, load_demo_data
from ticketing.storage.db import make_engine

scratch = Table("demo_scratch", MetaData(), Column("n", Integer))


def _inserting(rows: int, fail: bool = False):
    def load(connection: Connection, _settings: object) -> int:
        scratch.create(connection, checkfirst=True)
        connection.execute(scratch.insert(), [{"n": n} for n in range(rows)])
        if fail:
            raise RuntimeError("generator crashed")
        return rows

    return load


def _count(engine) -> int:
    with engine.connect() as connection:
        if not engine.dialect.has_table(connection, "demo_scratch"):
            return 0
        return connection.execute(select(func.count()).select_from(scratch)).scalar_one()


def test_a_data_set_loads_once_per_version(database_url: str) -> None:
    engine = make_engine(database_url)
    first = load_demo_data(engine, [DemoDataSet("scratch", "1", _inserting(3))])
    again = load_demo_data(engine, [DemoDataSet("scratch", "1", _inserting(3))])
    newer = load_demo_data(engine, [DemoDataSet("scratch", "2", _inserting(2))])
    assert (first, again, newer) == (
        "demo data: scratch v1 (3 rows)",
        "demo data: up to date",
        "demo data: scratch v2 (2 rows)",
    )
    assert _count(engine) == 5
    with engine.begin() as connection:
        scratch.drop(connection)
    engine.dispose()


def test_a_failing_loader_leaves_nothing_and_is_retried(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    from ticketing.storage.db import migrate

    migrate(str(engine.url))
    with pytest.raises(RuntimeError, match="generator crashed"):
        load_demo_data(engine, [DemoDataSet("scratch", "1", _inserting(3, fail=True))])
    assert _count(engine) == 0
    assert "scratch v1" in load_demo_data(engine, [DemoDataSet("scratch", "1", _inserting(3))])
    engine.dispose()
