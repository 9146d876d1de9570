"""What happens after every customer message (``action_validate_slot_mappings``): reactions to
how the customer feels, and the count of misunderstandings in a row.

NLU puts ``sentiment`` on each message (see DESIGN.md). A negative message gets an acknowledging
reply before the answer; anger, or the second negative message in a row, brings the offer of a
person at once. ``negative_streak`` counts negative messages in a row; the escalation action
sends the strongest recent sentiment with the ticket, which raises its priority.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker, ValidationAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import Sentiment, consecutive_fallbacks, sentiment_of

OFFER_AFTER_NEGATIVE_MESSAGES = 2
OFFER_AFTER_MISUNDERSTANDINGS = 2
# These answers already apologise or hand over; an extra line would only repeat them.
_NO_EMPATHY_LINE = frozenset({"complaint"})
_NO_OFFER = frozenset({"request_human", "complaint", "stop", "goodbye"})


def mood_reaction(sentiment: Sentiment, streak: int, intent: str | None) -> str | None:
    """The response to send before the answer, given this message and the new streak."""
    if not sentiment.negative:
        return None
    offer = sentiment.anger or streak == OFFER_AFTER_NEGATIVE_MESSAGES
    if offer and intent not in _NO_OFFER:
        return "utter_empathize_offer_human"
    if intent in _NO_EMPATHY_LINE or intent in _NO_OFFER:
        return None
    return "utter_empathize"


def _accepted_as_set(slot: str) -> Any:
    """A ``validate_<slot>`` that keeps the value: without one, rasa_sdk logs a warning for the
    slot on every customer message."""

    async def validate(
        self: ValidationAction,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return {slot: value}

    return validate


class ValidateSlotMappings(ValidationAction):
    """Keeps ``negative_streak`` (sending the empathy line or the offer of a person) and
    ``repeated_misunderstanding`` (the second fallback in a row offers a person)."""

    validate_language = _accepted_as_set("language")
    validate_negative_streak = _accepted_as_set("negative_streak")
    validate_repeated_misunderstanding = _accepted_as_set("repeated_misunderstanding")

    async def extract_repeated_misunderstanding(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """True when the latest two or more customer messages were all not understood."""
        misses = consecutive_fallbacks(tracker.events)
        return {"repeated_misunderstanding": misses >= OFFER_AFTER_MISUNDERSTANDINGS}

    async def extract_negative_streak(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Negative message: streak + 1 (and a reaction); otherwise back to 0."""
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        if text.startswith("/") or (not text and not message.get("intent")):
            return {}  # a button payload says nothing about the customer's mood
        sentiment = sentiment_of(message)
        previous = tracker.get_slot("negative_streak") or 0
        streak = int(previous) + 1 if sentiment.negative else 0
        intent = (message.get("intent") or {}).get("name")
        reaction = mood_reaction(sentiment, streak, intent)
        if reaction:
            dispatcher.utter_message(response=reaction)
        return {"negative_streak": float(streak)}
