"""Facts about a conversation read from the tracker: pure functions over slots and events."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker

FALLBACK_INTENT = "nlu_fallback"
ORDER_ID = re.compile(r"(?<![A-Za-z0-9])E\d{12}(?![A-Za-z0-9])", re.IGNORECASE)

# The intent that best says what a ticket is about, newest first wins.
_CATEGORY_BY_INTENT = {
    "product_issue": "product_issue",
    "complaint": "complaint",
    "get_refund": "refund",
    "track_refund": "refund",
    "return_exchange": "return_exchange",
    "payment_issue": "payment",
    "get_invoice": "invoice",
    "account_help": "account",
    "track_order": "delivery",
    "change_shipping_address": "delivery",
    "cancel_order": "other",
    "change_order": "other",
}


@dataclass(frozen=True)
class Sentiment:
    """The sentiment NLU put on a message; neutral when it is missing or malformed."""

    label: str = "neutral"
    score: float = 0.0
    anger: bool = False

    @property
    def negative(self) -> bool:
        """True for a negative or angry message."""
        return self.label == "negative" or self.anger

    def as_payload(self) -> dict[str, Any]:
        """The ``sentiment`` field of a ticket request."""
        return {"label": self.label, "score": self.score, "anger": self.anger}


def sentiment_of(parse_data: Mapping[str, Any] | None) -> Sentiment:
    """Read ``parse_data["sentiment"]`` defensively: anything unexpected counts as neutral."""
    raw = (parse_data or {}).get("sentiment")
    if not isinstance(raw, Mapping):
        return Sentiment()
    label = raw.get("label")
    if label not in ("negative", "neutral", "positive"):
        return Sentiment()
    try:
        score = min(1.0, max(0.0, float(raw.get("score", 0.0))))
    except (TypeError, ValueError):
        score = 0.0
    return Sentiment(label, score, raw.get("anger") is True)


def user_events(events: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The customer's messages, oldest first."""
    return [event for event in events if event.get("event") == "user"]


def intent_of(event: Mapping[str, Any]) -> str | None:
    """The intent NLU gave a user event."""
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name")


def consecutive_fallbacks(events: Iterable[Mapping[str, Any]]) -> int:
    """How many of the latest customer messages in a row were not understood."""
    count = 0
    for event in reversed(user_events(events)):
        if intent_of(event) != FALLBACK_INTENT:
            break
        count += 1
    return count


def strongest_recent_sentiment(events: Iterable[Mapping[str, Any]], last: int = 3) -> Sentiment:
    """The most negative sentiment among the last ``last`` customer messages (anger counts)."""
    recent = [sentiment_of(e.get("parse_data")) for e in user_events(events)[-last:]]
    if not recent:
        return Sentiment()
    worst = max(recent, key=lambda s: (s.negative, s.score))
    if any(s.anger for s in recent) and not worst.anger:
        return Sentiment(worst.label, worst.score, True)
    return worst


def recent_user_texts(events: Iterable[Mapping[str, Any]], last: int = 6) -> list[str]:
    """The texts of the last ``last`` customer messages (button payloads left out)."""
    texts = [str(e.get("text") or "").strip() for e in user_events(events)]
    return [t for t in texts if t and not t.startswith("/")][-last:]


def customer_id_of(tracker: Tracker) -> str | None:
    """The customer id the gateway put in a message's metadata (newest first), if any."""
    for event in reversed(user_events(tracker.events)):
        value = (event.get("metadata") or {}).get("customer_id")
        if isinstance(value, str) and value.strip():
            return value.strip()
    value = (tracker.latest_message.get("metadata") or {}).get("customer_id")
    return value.strip() if isinstance(value, str) and value.strip() else None


def language_of(tracker: Tracker, default: str = "zh") -> str:
    """The customer's language: the ``language`` slot, else ``default``."""
    value = tracker.get_slot("language")
    return value if value in ("zh", "en") else default


def ticket_category(events: Iterable[Mapping[str, Any]]) -> str:
    """The ticket category of the customer's latest concern; ``other`` when nothing tells."""
    for event in reversed(user_events(events)):
        category = _CATEGORY_BY_INTENT.get(intent_of(event) or "")
        if category:
            return category
    return "other"


def parse_order_id(text: object) -> str | None:
    """The order number in ``text`` (``E`` + 12 digits, full-width accepted), upper-cased."""
    if not isinstance(text, str):
        return None
    match = ORDER_ID.search(unicodedata.normalize("NFKC", text))
    return match.group(0).upper() if match else None
