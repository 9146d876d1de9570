"""What request handlers share: the clock, the engine, the caller and a way to run blocking
service calls (SQLAlchemy is synchronous) on the default thread pool."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from aiohttp import web
from sqlalchemy.engine import Engine

from ticketing.domain.auth import Principal
from ticketing.services.common import Clock, system_clock

T = TypeVar("T")

CLOCK = web.AppKey("ticketing_clock", Callable[[], datetime])
"""The app's clock; tests set ``app[CLOCK]`` before start-up. Default: the real UTC time."""


def clock_of(app: web.Application) -> Clock:
    """The clock of the application (the real time unless a test set one)."""
    return app.get(CLOCK, system_clock)


def engine_of(request: web.Request) -> Engine:
    """The service's database engine."""
    from ticketing.web.app import ENGINE

    return request.app[ENGINE]


def principal_of(request: web.Request) -> Principal:
    """The authenticated caller (the auth middleware guarantees one under /api/)."""
    return request["principal"]


async def blocking(function: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run a synchronous service call off the event loop and return its result."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(function, *args, **kwargs))


async def run_service(
    request: web.Request, function: Callable[..., T], *args: object, **kwargs: object
) -> T:
    """Run a synchronous service call for ``request``.

    On PostgreSQL it runs on the thread pool, so requests overlap in the database. On SQLite
    (one writer at a time, transactions of a few milliseconds) it runs on the event loop: the
    thread hand-offs would cost more than they save.
    """
    if engine_of(request).dialect.name == "sqlite":
        return function(*args, **kwargs)
    return await blocking(function, *args, **kwargs)
