"""The merge rule for duplicate customer records (SPEC: "merged on customer id + contact").

Identity is the customer id; the contact (mobile, email) must not contradict it:

1. Incoming id unknown, and neither its mobile nor its email belongs to another customer:
   a new customer.
2. Incoming id known: the two records are one customer and merge field by field:
   - a field the incoming record supplies wins (the file is the newer record), a blank one
     never erases what is stored;
   - registration and first-order dates keep the earliest, the last-order date the latest;
   - consent: an import may withdraw a consent but never grant one to an existing customer
     (an opt-out given through the bot must not be undone by an old CRM export); new
     customers get the file's consents.
3. The incoming mobile or email belongs to a *different* customer id: a conflict. The record is
   rejected and reported, because merging would silently fold two ids that tickets reference.

Merging a record into itself changes nothing, so re-importing the same file is safe.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from enum import Enum

from ticketing.domain.customers import CONSENT_PURPOSES, CustomerProfile

EARLIEST = ("registered_on", "first_order_on")
LATEST = ("last_order_on",)


class MergeOutcome(str, Enum):
    """What the import does with one record."""

    CREATE = "create"
    MERGE = "merge"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class MatchResult:
    """The outcome, and for a conflict the field and the other customer's id."""

    outcome: MergeOutcome
    conflict_field: str | None = None
    other_customer_id: str | None = None


def match_record(
    incoming: CustomerProfile,
    id_known: bool,
    mobile_owner: str | None,
    email_owner: str | None,
) -> MatchResult:
    """Decide create / merge / conflict from who (if anyone) owns the incoming contacts."""
    for field_name, owner in (("mobile", mobile_owner), ("email", email_owner)):
        if owner is not None and owner != incoming.customer_id:
            return MatchResult(MergeOutcome.CONFLICT, field_name, owner)
    return MatchResult(MergeOutcome.MERGE if id_known else MergeOutcome.CREATE)


def merge_profiles(
    stored: CustomerProfile, incoming: CustomerProfile, supplied: Iterable[str]
) -> CustomerProfile:
    """``stored`` updated with the fields ``incoming`` supplies, by the rule of this module."""
    supplied = set(supplied)
    changes: dict[str, object] = {}
    for spec in fields(CustomerProfile):
        name = spec.name
        if name in ("customer_id", "consents") or name not in supplied:
            continue
        new, old = getattr(incoming, name), getattr(stored, name)
        if name in EARLIEST and old is not None and new is not None:
            new = min(old, new)
        elif name in LATEST and old is not None and new is not None:
            new = max(old, new)
        changes[name] = new
    withdrawn = {
        purpose
        for purpose in CONSENT_PURPOSES
        if f"consent_{purpose}" in supplied and purpose not in incoming.consents
    }
    changes["consents"] = stored.consents - withdrawn
    return replace(stored, **changes)


def changed_fields(before: CustomerProfile, after: CustomerProfile) -> list[str]:
    """Names of the fields whose value differs, in declaration order."""
    return [
        spec.name
        for spec in fields(CustomerProfile)
        if getattr(before, spec.name) != getattr(after, spec.name)
    ]
