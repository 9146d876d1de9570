"""After an FAQ answer: related questions when the NLU was not sure of the topic (猜你想问)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import language_of
from actions.faq_related import buttons, related_topics


class ActionSuggestRelatedFaq(Action):
    """Runs after ``utter_faq``: the answer is already sent, so a failure here costs only the
    suggestions."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_suggest_related_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Offer the next-ranked topics as buttons, or say nothing."""
        selector = (tracker.latest_message.get("response_selector") or {}).get("faq") or {}
        topics = related_topics(selector.get("ranking") or [])
        if topics:
            dispatcher.utter_message(
                response="utter_faq_related", buttons=buttons(topics, language_of(tracker))
            )
        return []
