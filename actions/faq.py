"""After an FAQ answer or a self-service intent's answer: related questions when the NLU was
not sure (猜你想问)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import language_of
from actions.faq_related import FAQ, buttons, suggestions


class ActionSuggestRelatedFaq(Action):
    """Runs after ``utter_faq`` and after the fixed answers of self-service intents: the answer
    is already sent, so a failure here costs only the suggestions."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_suggest_related_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Offer the likely topics as buttons, or say nothing."""
        message = tracker.latest_message
        intent = (message.get("intent") or {}).get("name") or ""
        selector = (message.get("response_selector") or {}).get(FAQ) or {}
        topics = suggestions(
            intent, message.get("intent_ranking") or [], selector.get("ranking") or []
        )
        if topics:
            lead_in = "utter_faq_related" if intent == FAQ else "utter_faq_maybe"
            dispatcher.utter_message(
                response=lead_in, buttons=buttons(topics, language_of(tracker))
            )
        return []
