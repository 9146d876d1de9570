"""Validation of the forms' slots: one small ``validate_<slot>`` method per slot."""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import parse_order_id

MIN_TEXT_CHARS = 2
MAX_TEXT_CHARS = 1000


def _clean_text(value: Any) -> str | None:
    """Free text trimmed and capped; ``None`` when too short to mean anything."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    meaningful = sum(ch.isalnum() for ch in text)
    return text[:MAX_TEXT_CHARS] if meaningful >= MIN_TEXT_CHARS else None


class _OrderIdValidation:
    async def validate_order_id(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Accept ``E`` + 12 digits anywhere in the reply; otherwise explain the format."""
        order_id = parse_order_id(value)
        if order_id is None:
            dispatcher.utter_message(response="utter_invalid_order_id")
        return {"order_id": order_id}


class _ReasonValidation:
    async def validate_reason(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Any short free text is a reason; emoji or punctuation alone are asked again."""
        return {"reason": _clean_text(value)}


class _IssueDetailsValidation:
    async def validate_issue_details(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Free text describing what went wrong."""
        return {"issue_details": _clean_text(value)}


class ValidateOrderLookupForm(_OrderIdValidation, FormValidationAction):
    """Order number for a delivery or refund-progress lookup."""

    def name(self) -> str:
        """Action name in the domain."""
        return "validate_order_lookup_form"


class ValidateRefundForm(_OrderIdValidation, _ReasonValidation, FormValidationAction):
    """Order number and reason of a refund request."""

    def name(self) -> str:
        """Action name in the domain."""
        return "validate_refund_form"


class ValidateReturnForm(_OrderIdValidation, _ReasonValidation, FormValidationAction):
    """Order number and reason of a return or exchange."""

    def name(self) -> str:
        """Action name in the domain."""
        return "validate_return_form"


class ValidateProductIssueForm(_OrderIdValidation, _IssueDetailsValidation, FormValidationAction):
    """Order number and description of a faulty product."""

    def name(self) -> str:
        """Action name in the domain."""
        return "validate_product_issue_form"


class ValidateComplaintForm(_IssueDetailsValidation, FormValidationAction):
    """What the complaint is about."""

    def name(self) -> str:
        """Action name in the domain."""
        return "validate_complaint_form"
