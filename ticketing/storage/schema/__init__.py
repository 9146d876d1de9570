"""The schema in Python, one module per area, all on one ``metadata``.

Importing this package imports every area module, so ``metadata`` describes the whole database
(Alembic's env and the tests rely on that). Add an area by adding a module and a line below.
"""

from ticketing.storage.schema.meta import metadata, service_meta

__all__ = ["metadata", "service_meta"]
