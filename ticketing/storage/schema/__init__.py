"""The schema in Python: one module per area (tickets, customers, ...) on one ``metadata``.

Importing this package imports every module in it, so ``metadata`` always describes the whole
database: Alembic's env and the drift test rely on that. An area adds a module, nothing else.
"""

import importlib
import pkgutil

from ticketing.storage.schema.meta import metadata, service_meta

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["metadata", "service_meta"]
