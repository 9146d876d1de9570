"""The answer to a message that was not understood: ask to rephrase, then offer a person."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import consecutive_fallbacks

OFFER_HUMAN_AFTER_MISSES = 2


def fallback_response(misses_in_a_row: int) -> str:
    """First miss: rephrase with suggestions; from the second miss in a row: offer a person."""
    if misses_in_a_row >= OFFER_HUMAN_AFTER_MISSES:
        return "utter_fallback_offer_human"
    return "utter_ask_rephrase"


class ActionFallback(Action):
    """Two-stage fallback without reverting: the misses stay in the history and are counted."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Send the response for the current number of misses in a row."""
        misses = max(1, consecutive_fallbacks(tracker.events))
        dispatcher.utter_message(response=fallback_response(misses))
        return []
