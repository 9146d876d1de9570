"""The service's aiohttp application factory.

``init_app(settings)`` builds the app; the engine and the scheduler are created in
``cleanup_ctx`` so that start-up and shutdown are symmetric and nothing lives at module level.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator
from types import ModuleType

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.engine import Engine

from kefu.settings import Settings
from reminders.scheduler import ReminderScheduler
from ticketing.storage.db import make_engine
from ticketing.web import features

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", Engine)
SCHEDULER = web.AppKey("scheduler", ReminderScheduler)


async def _database(app: web.Application) -> AsyncIterator[None]:
    engine = make_engine(app[SETTINGS].database_url)
    app[ENGINE] = engine
    yield
    engine.dispose()


async def _scheduler(app: web.Application) -> AsyncIterator[None]:
    # Runs after every feature's set-up, so the notification bus (if mounted) exists.
    from reminders.jobs import scheduled_jobs
    from ticketing.web.features.notifications import NOTIFICATION_BUS
    from ticketing.web.features.widget_channel import WIDGET_CHANNEL

    settings = app[SETTINGS]
    widget = app.get(WIDGET_CHANNEL)
    jobs = scheduled_jobs(
        settings,
        engine=app[ENGINE],
        bus=app.get(NOTIFICATION_BUS),
        widget=widget.send if widget else None,
        presence=widget.online if widget else None,
    )
    scheduler = ReminderScheduler(settings.database_url, settings.tz, jobs)
    scheduler.start()
    app[SCHEDULER] = scheduler
    yield
    scheduler.stop()


async def health(request: web.Request) -> web.Response:
    """Liveness and readiness: the database answers and the scheduler runs."""
    checks: dict[str, str] = {}
    try:
        with request.app[ENGINE].connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:
        checks["database"] = f"error: {type(error).__name__}"
    checks["scheduler"] = "running" if request.app[SCHEDULER].running else "stopped"
    healthy = checks["database"] == "ok" and checks["scheduler"] == "running"
    return web.json_response(
        {"status": "ok" if healthy else "unhealthy", **checks}, status=200 if healthy else 503
    )


def init_app(settings: Settings) -> web.Application:
    """Build the service application for ``settings``.

    Every module in ``ticketing.web.features`` mounts itself through ``setup(app)`` (its routes,
    middlewares and cleanup contexts), in the order of ``FEATURE_ORDER`` and then by name, so a
    new feature (API, gateway, console) is a new module and not an edit of this factory.
    """
    app = web.Application(client_max_size=1024 * 1024)
    app[SETTINGS] = settings
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(_scheduler)
    app.router.add_get("/health", health)
    for feature in _features():
        feature.setup(app)
    return app


# Features whose set-up others depend on (e.g. authentication middleware) come first.
FEATURE_ORDER = ("auth",)


def _features() -> list[ModuleType]:
    names = [info.name for info in pkgutil.iter_modules(features.__path__)]
    names.sort(key=lambda name: (FEATURE_ORDER.index(name) if name in FEATURE_ORDER else 99, name))
    return [importlib.import_module(f"{features.__name__}.{name}") for name in names]
