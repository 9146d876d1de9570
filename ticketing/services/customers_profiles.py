"""Reading and correcting customer profiles: masked by default, revealed on request (audited).

Results are plain JSON-ready dicts (money as strings, dates ISO) because the console and the API
show them as they are.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ticketing.domain.auth import Principal
from ticketing.domain.customers import CONSENT_PURPOSES, CustomerError, CustomerProfile
from ticketing.domain.customers_access import Permission, require
from ticketing.domain.customers_merge import changed_fields
from ticketing.domain.customers_validation import FIELDS, FieldProblem, parse_customer
from ticketing.domain.personal_data import PERSONAL_FIELDS, masked_for_audit
from ticketing.domain.segments import SEGMENTS
from ticketing.services import customers_segments
from ticketing.services.customers_context import CustomerContext, live_row
from ticketing.storage import customers as customer_rows
from ticketing.storage.schema.customers import customers

CHANGEABLE = frozenset(FIELDS) - {
    "customer_id",
    "registered_on",
    "first_order_on",
    "last_order_on",
    "order_count",
    "total_spend",
    "spend_6m",
    "spend_12m",
    "refund_count",
}


class InvalidCustomerChange(CustomerError):
    """A correction breaks a validation rule; ``problems`` says which field and why."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message_en}" for p in problems))
        self.problems = problems


class ContactTaken(CustomerError):
    """The new mobile or email already belongs to another customer."""

    def __init__(self, field: str) -> None:
        super().__init__(f"this {field} already belongs to another customer")
        self.field = field


def _iso(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def masked_profile(row) -> dict:
    """What anyone with the view permission sees: phone and email masked, birthday as MM-DD."""
    data = row._mapping
    segment = data["segment"]
    labels = SEGMENTS.get(segment, (None, None))
    return {
        "customer_id": data["customer_id"],
        "name": data["name"],
        "mobile": data["mobile_masked"],
        "email": data["email_masked"],
        "birthday_md": data["birthday_md"],
        **{
            name: _iso(data[name])
            for name in (
                "industry",
                "company_size",
                "city",
                "registered_on",
                "first_order_on",
                "last_order_on",
                "order_count",
                "total_spend",
                "spend_6m",
                "spend_12m",
                "preferred_channel",
                "refund_count",
                "complaint_count",
                "last_interaction_at",
            )
        },
        "category_preferences": json.loads(data["category_preferences"]),
        "consents": {purpose: bool(data[f"consent_{purpose}"]) for purpose in CONSENT_PURPOSES},
        "segment": {
            "name": segment,
            "label_zh": labels[0],
            "label_en": labels[1],
            "explanation_zh": data["segment_explanation_zh"],
            "explanation_en": data["segment_explanation_en"],
            "computed_at": _iso(data["segmented_at"]),
        },
        "tags": {
            "rfm_level": data["rfm_level"],
            "activity": data["activity"],
            "churn_risk": data["churn_risk"],
            "lifecycle": data["lifecycle"],
            "churn_alert": bool(data["churn_alert"]),
        },
    }


def list_customers(
    context: CustomerContext,
    principal: Principal,
    *,
    segment: str | None = None,
    mobile: str | None = None,
    email: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict]:
    """Masked profiles, by segment and/or exact mobile or email (keyed-hash lookup)."""
    require(principal.role, Permission.VIEW)
    query = select(customers).where(customers.c.erased_at.is_(None))
    if segment:
        query = query.where(customers.c.segment == segment)
    if mobile:
        hashed = context.cipher.lookup_hash("mobile", mobile)
        query = query.where(customers.c.mobile_hash == hashed)
    if email:
        query = query.where(customers.c.email_hash == context.cipher.lookup_hash("email", email))
    query = query.order_by(customers.c.customer_id).limit(min(limit, 200)).offset(offset)
    with context.engine.connect() as connection:
        return [masked_profile(row) for row in connection.execute(query)]


def get_profile(context: CustomerContext, principal: Principal, customer_id: str) -> dict:
    """One masked profile."""
    require(principal.role, Permission.VIEW)
    with context.engine.connect() as connection:
        return masked_profile(live_row(connection, customer_id))


def reveal(context: CustomerContext, principal: Principal, customer_id: str, reason: str) -> dict:
    """The full phone, email and birthday of one customer; audited with the reason given."""
    require(principal.role, Permission.REVEAL)
    now = context.clock()
    with context.engine.begin() as connection:
        profile = customer_rows.profile_from_row(live_row(connection, customer_id), context.cipher)
        detail = {"fields": ["mobile", "email", "birthday"], "reason": reason[:200]}
        context.audit(connection, principal, "reveal", "reveal", customer_id, detail, now)
    return {
        "customer_id": customer_id,
        "mobile": profile.mobile,
        "email": profile.email,
        "birthday": _iso(profile.birthday),
    }


def _as_raw(profile: CustomerProfile) -> dict[str, object]:
    raw: dict[str, object] = {}
    for name in FIELDS:
        if name.startswith("consent_"):
            raw[name] = name.removeprefix("consent_") in profile.consents
        elif name == "category_preferences":
            raw[name] = list(profile.category_preferences)
        else:
            value = getattr(profile, name)
            raw[name] = value.value if hasattr(value, "value") else _iso(value)
    return raw


def change(context: CustomerContext, principal: Principal, customer_id: str, changes: dict) -> dict:
    """Correct profile fields (the data subject's right to rectification); audited.

    The same validation rules as the import apply. Consent may be granted or withdrawn here
    (it is the customer's own request). Returns the masked profile after the change.
    """
    require(principal.role, Permission.CHANGE)
    unknown = sorted(set(changes) - CHANGEABLE)
    if unknown:
        raise InvalidCustomerChange(
            [
                FieldProblem(n, "not_changeable", "该字段不可修改", "cannot be changed")
                for n in unknown
            ]
        )
    now = context.clock()
    with context.engine.begin() as connection:
        before = customer_rows.profile_from_row(live_row(connection, customer_id), context.cipher)
        after, problems = parse_customer({**_as_raw(before), **changes}, context.today(now))
        if problems:
            raise InvalidCustomerChange(problems)
        _check_contacts(connection, context, before, after)
        fields = changed_fields(before, after)
        if fields:
            values = customer_rows.profile_values(after, context.cipher)
            del values["customer_id"]
            customer_rows.update_columns(connection, customer_id, now, **values)
            detail = {
                "changes": {
                    name: {
                        "before": masked_for_audit(name, getattr(before, name)),
                        "after": masked_for_audit(name, getattr(after, name)),
                    }
                    for name in fields
                }
            }
            context.audit(connection, principal, "change", "correct", customer_id, detail, now)
            policy = customers_segments.load_policy(connection)
            customers_segments.recompute_segments(
                connection, policy, now, context.tz, [customer_id]
            )
        return masked_profile(live_row(connection, customer_id))


def _check_contacts(
    connection: Connection, context: CustomerContext, before: CustomerProfile, after
) -> None:
    for name in PERSONAL_FIELDS:
        value = getattr(after, name)
        if value and value != getattr(before, name):
            owners = customer_rows.owners_by_hash(
                connection, name, [context.cipher.lookup_hash(name, value)]
            )
            if set(owners.values()) - {before.customer_id}:
                raise ContactTaken(name)
