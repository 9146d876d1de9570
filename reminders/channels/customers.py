"""Messages to customers: SMS and email through a gateway adapter, the widget through a hook.

No real SMS or email gateway exists here. :class:`LogOnlyGateway` (the default) logs that a
message would go out — kind, customer id and channel only, never the text or the address;
:class:`RecordingGateway` keeps them for tests and the simulation. A real gateway implements
:class:`CustomerGateway` and looks the address up by customer id (the customers service decrypts
it). The widget: the hub registers a :data:`WidgetSender` (``send(customer_id, text) -> bool``,
True when delivered to an open widget) and a presence check; see docs/reminders.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)

WidgetSender = Callable[[str, str], bool]


@dataclass(frozen=True)
class CustomerMessage:
    """One message to one customer on one channel."""

    customer_id: str
    channel: str  # sms, email or widget
    kind: str
    language: str
    text: str


class CustomerGateway(Protocol):
    """Sends SMS and email to customers."""

    def send(self, message: CustomerMessage) -> None:
        """Send, or raise an exception saying why not."""


class LogOnlyGateway:
    """The default: logs what would be sent (no personal data, no text)."""

    def send(self, message: CustomerMessage) -> None:
        """Log kind, customer and channel."""
        log.info(
            "customer message (log only): kind=%s customer=%s channel=%s",
            message.kind,
            message.customer_id,
            message.channel,
        )


class RecordingGateway:
    """Keeps every message in ``sent``: for tests and the simulation."""

    def __init__(self) -> None:
        self.sent: list[CustomerMessage] = []

    def send(self, message: CustomerMessage) -> None:
        """Record the message."""
        self.sent.append(message)
