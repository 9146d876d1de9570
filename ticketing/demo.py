"""Demo data: loaded once by ``python -m ticketing seed`` (and ``make run``).

Each data set has a name and a version; the version loaded is recorded in ``service_meta`` under
``demo:<name>``, so re-running the seed is a no-op and a newer version reloads only that set.
Each module of ``ticketing.demo_data`` exposes one ``DATA_SET``; they load in ``order``, then name
(teams and agents before customers, customers before their tickets).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from kefu.settings import Settings, load_settings
from ticketing.storage.schema import service_meta


@dataclass(frozen=True)
class DemoDataSet:
    """A named, versioned loader that writes its rows through ``load(connection, settings)``.

    ``load`` must leave the data set complete when it returns: it runs in the same transaction as
    the version marker, so a failure loads nothing and the next seed tries again.
    """

    name: str
    version: str
    load: Callable[[Connection, Settings], int]
    order: int = 50


def demo_data_sets() -> list[DemoDataSet]:
    """Every data set of ``ticketing.demo_data``, in loading order."""
    from ticketing import demo_data

    found = [
        importlib.import_module(f"{demo_data.__name__}.{info.name}").DATA_SET
        for info in pkgutil.iter_modules(demo_data.__path__)
    ]
    return sorted(found, key=lambda data_set: (data_set.order, data_set.name))


def load_demo_data(
    engine: Engine, data_sets: list[DemoDataSet] | None = None, *, settings: Settings | None = None
) -> str:
    """Load every data set whose recorded version differs; returns a one-line summary.

    Loaders get ``settings`` (e.g. the key for personal data); by default they are read afresh.
    """
    settings = settings or load_settings()
    loaded: list[str] = []
    for data_set in demo_data_sets() if data_sets is None else data_sets:
        key = f"demo:{data_set.name}"
        with engine.begin() as connection:
            current = connection.execute(
                select(service_meta.c.value).where(service_meta.c.key == key)
            ).scalar_one_or_none()
            if current == data_set.version:
                continue
            rows = data_set.load(connection, settings)
            values = {"value": data_set.version, "updated_at": datetime.now(timezone.utc)}
            if current is None:
                connection.execute(service_meta.insert().values(key=key, **values))
            else:
                connection.execute(
                    service_meta.update().where(service_meta.c.key == key).values(**values)
                )
            loaded.append(f"{data_set.name} v{data_set.version} ({rows} rows)")
    return "demo data: " + (", ".join(loaded) if loaded else "up to date")
