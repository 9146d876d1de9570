"""Reactions to how the customer feels, run after every message (``action_validate_slot_mappings``).

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

from actions.conversation import Sentiment, sentiment_of

OFFER_AFTER_NEGATIVE_MESSAGES = 2
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


class ValidateSlotMappings(ValidationAction):
    """Keeps ``negative_streak`` and sends the empathy line or the offer of a person."""

    async def extract_negative_streak(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Negative message: streak + 1 (and a reaction); otherwise back to 0."""
        message = tracker.latest_message or {}
        if not message.get("text") and not message.get("intent"):
            return {}
        sentiment = sentiment_of(message)
        previous = tracker.get_slot("negative_streak") or 0
        streak = int(previous) + 1 if sentiment.negative else 0
        intent = (message.get("intent") or {}).get("name")
        reaction = mood_reaction(sentiment, streak, intent)
        if reaction:
            dispatcher.utter_message(response=reaction)
        return {"negative_streak": float(streak)}
