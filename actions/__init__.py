"""kefu's custom actions, run by ``rasa run actions --actions actions``.

Thin by design: slots and events in, one call to the ticketing service through
:mod:`actions.service_client`, responses from the domain out.
"""

from actions.escalation import (
    ActionEscalate,
    ActionSubmitRefund,
    ActionSubmitReturn,
    ActionTicketStatus,
)
from actions.forms import (
    ValidateComplaintForm,
    ValidateOrderLookupForm,
    ValidateProductIssueForm,
    ValidateRefundForm,
    ValidateReturnForm,
)
from actions.mood import ValidateSlotMappings
from actions.orders import ActionCheckOrder
from actions.subscriptions import ActionUnsubscribe

__all__ = [
    "ActionCheckOrder",
    "ActionEscalate",
    "ActionSubmitRefund",
    "ActionSubmitReturn",
    "ActionTicketStatus",
    "ActionUnsubscribe",
    "ValidateComplaintForm",
    "ValidateOrderLookupForm",
    "ValidateProductIssueForm",
    "ValidateRefundForm",
    "ValidateReturnForm",
    "ValidateSlotMappings",
]
