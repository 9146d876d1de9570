"""The widget as a channel for the scheduler's customer messages (care, surveys).

The gateway tells ``WidgetChannel`` which signed-in customers have a widget open; the scheduler's
jobs (worker threads) ask ``online(customer_id)`` and ``send(customer_id, text)``, which hands the
message to the hub on the service's event loop. Presence is per process: with several service
instances, each knows only its own sockets (see docs/hub.md, scale-out).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable

from aiohttp import web

SEND_TIMEOUT_SECONDS = 10.0

Deliver = Callable[[str, str], Awaitable[None]]


class WidgetChannel:
    """Which customers have a widget open, and a thread-safe way to write to it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, dict[str, str]] = {}  # customer id -> {socket id: conversation id}
        self._customer_of: dict[str, str] = {}  # socket id -> customer id
        self._loop: asyncio.AbstractEventLoop | None = None
        self._deliver: Deliver | None = None

    def attach(self, loop: asyncio.AbstractEventLoop, deliver: Deliver) -> None:
        """Called at start-up with the service's loop and ``hub.proactive``."""
        self._loop, self._deliver = loop, deliver

    def joined(self, sid: str, customer_id: str | None, conversation_id: str) -> None:
        """A socket is bound to a conversation (of a signed-in customer, or anonymous)."""
        self.left(sid)
        if customer_id:
            with self._lock:
                self._open.setdefault(customer_id, {})[sid] = conversation_id
                self._customer_of[sid] = customer_id

    def left(self, sid: str) -> None:
        """A socket disconnected or moved to another conversation."""
        with self._lock:
            customer_id = self._customer_of.pop(sid, None)
            if customer_id is None:
                return
            sockets = self._open[customer_id]
            del sockets[sid]
            if not sockets:
                del self._open[customer_id]

    def online(self, customer_id: str) -> bool:
        """True while the customer has a widget open on this service instance."""
        with self._lock:
            return bool(self._open.get(customer_id))

    def send(self, customer_id: str, text: str) -> bool:
        """Show ``text`` in the customer's open widget; False when none is open (or not ready).

        Must be called from a thread other than the event loop's (the scheduler's workers).
        """
        with self._lock:
            conversations = list(self._open.get(customer_id, {}).values())
        if not conversations or self._loop is None or self._deliver is None:
            return False
        future = asyncio.run_coroutine_threadsafe(
            self._deliver(conversations[-1], text), self._loop
        )
        future.result(timeout=SEND_TIMEOUT_SECONDS)
        return True


WIDGET_CHANNEL = web.AppKey("widget_channel", WidgetChannel)


def setup(app: web.Application) -> None:
    """Create the channel; the gateway fills it, the scheduler uses it."""
    app[WIDGET_CHANNEL] = WidgetChannel()
