"""Unsubscribe from marketing messages through the service (scheduler reads the outcome)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import customer_id_of
from actions.replies import reply_to_error
from actions.runtime import ClientFactory, service_client
from actions.service_client import ServiceError


class ActionUnsubscribe(Action):
    """Logged-in customer: opt out now. Anonymous visitor: explain the other ways."""

    def __init__(self, client_factory: ClientFactory = service_client) -> None:
        """``client_factory`` builds the service client per run."""
        self._client_factory = client_factory

    def name(self) -> str:
        """Action name in the domain."""
        return "action_unsubscribe"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Confirm in the customer's language what was switched off."""
        customer_id = customer_id_of(tracker)
        if not customer_id:
            dispatcher.utter_message(response="utter_unsubscribe_how")
            return []
        try:
            await self._client_factory().unsubscribe(customer_id)
        except ServiceError as error:
            reply_to_error(dispatcher, error)
            return []
        dispatcher.utter_message(response="utter_unsubscribed")
        return []
