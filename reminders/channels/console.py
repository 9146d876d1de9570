"""The console channel: an inbox row per notice, and an in-process publish hook.

The inbox (``staff_notifications``) is written in the same transaction as the sent-log claim;
``GET /api/v1/notifications`` reads it. :class:`NotificationBus` lets the hub's agent namespace
push the notice live: ``bus.subscribe(callback)`` where ``callback(agent_id, payload)`` is a plain
function or a coroutine function (then it runs on the event loop that subscribed, because the
scheduler's jobs run in a worker thread). ``payload`` is the JSON the notifications API returns.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from ticketing.storage.schema.reminders import staff_notifications
from ticketing.storage.times import to_db

log = logging.getLogger(__name__)
Subscriber = Callable[[str, dict[str, Any]], Any]


class NotificationBus:
    """Subscribers that hear about every console notification as it is stored."""

    def __init__(self) -> None:
        self._subscribers: list[tuple[Subscriber, asyncio.AbstractEventLoop | None]] = []
        self._lock = threading.Lock()

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback(agent_id, payload)`` for each new notification; returns unsubscribe."""
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        entry = (callback, loop)
        with self._lock:
            self._subscribers.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._subscribers:
                    self._subscribers.remove(entry)

        return unsubscribe

    def publish(self, agent_id: str, payload: dict[str, Any]) -> None:
        """Tell every subscriber; a failing subscriber is logged and never stops the send."""
        with self._lock:
            subscribers = list(self._subscribers)
        for callback, loop in subscribers:
            try:
                if inspect.iscoroutinefunction(callback):
                    if loop is None or loop.is_closed():
                        continue
                    asyncio.run_coroutine_threadsafe(callback(agent_id, payload), loop)
                else:
                    callback(agent_id, payload)
            except Exception:
                log.exception("a notification subscriber failed")


def notification_json(row: dict[str, Any]) -> dict[str, Any]:
    """The API/bus form of one inbox row."""
    created, read = row.get("created_at"), row.get("read_at")
    return {
        "id": row["id"],
        "kind": row["kind"],
        "text": {"zh": row["text_zh"], "en": row["text_en"]},
        "ticket_id": row.get("ticket_id"),
        "customer_id": row.get("customer_id"),
        "created_at": created.isoformat() if created else None,
        "read_at": read.isoformat() if read else None,
    }


def store(
    connection: Connection,
    agent_id: str,
    kind: str,
    texts: dict[str, str],
    now: datetime,
    ticket_id: str | None = None,
    customer_id: str | None = None,
) -> dict[str, Any]:
    """Insert one inbox row and return its API form."""
    values = {
        "agent_id": agent_id,
        "kind": kind,
        "text_zh": texts["zh"],
        "text_en": texts["en"],
        "ticket_id": ticket_id,
        "customer_id": customer_id,
        "created_at": to_db(now),
        "read_at": None,
    }
    result = connection.execute(staff_notifications.insert().values(**values))
    return notification_json({"id": result.inserted_primary_key[0], **values, "created_at": now})
