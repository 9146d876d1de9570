"""The merge rule for duplicate customer records, case by case."""

from datetime import date
from decimal import Decimal

from ticketing.domain.customers import CustomerProfile
from ticketing.domain.customers_merge import (
    MergeOutcome,
    changed_fields,
    match_record,
    merge_profiles,
)

STORED = CustomerProfile(
    customer_id="C2024050001",
    name="王芳",
    mobile="13812345678",
    email="wf@example.com",
    city="杭州",
    registered_on=date(2024, 5, 3),
    first_order_on=date(2024, 5, 4),
    last_order_on=date(2026, 10, 1),
    order_count=10,
    total_spend=Decimal("5000.00"),
    consents=frozenset({"marketing", "sms"}),
)


def test_an_unknown_id_with_unknown_contacts_is_created() -> None:
    result = match_record(STORED, id_known=False, mobile_owner=None, email_owner=None)
    assert result.outcome is MergeOutcome.CREATE


def test_a_known_id_merges_even_when_its_own_contacts_match() -> None:
    result = match_record(STORED, True, mobile_owner="C2024050001", email_owner="C2024050001")
    assert result.outcome is MergeOutcome.MERGE


def test_a_contact_owned_by_another_customer_is_a_conflict_naming_it() -> None:
    by_mobile = match_record(STORED, False, mobile_owner="C2023010007", email_owner=None)
    by_email = match_record(STORED, True, mobile_owner=None, email_owner="C2023010008")
    assert (by_mobile.outcome, by_mobile.conflict_field, by_mobile.other_customer_id) == (
        MergeOutcome.CONFLICT,
        "mobile",
        "C2023010007",
    )
    assert (by_email.outcome, by_email.conflict_field) == (MergeOutcome.CONFLICT, "email")


def test_supplied_fields_win_and_blank_ones_never_erase() -> None:
    incoming = CustomerProfile(
        customer_id=STORED.customer_id,
        name="王芳芳",
        city=None,
        mobile="13900001111",
        order_count=12,
    )
    merged = merge_profiles(STORED, incoming, supplied={"name", "mobile", "order_count"})
    assert (merged.name, merged.mobile, merged.order_count) == ("王芳芳", "13900001111", 12)
    assert (merged.city, merged.email, merged.total_spend) == (
        "杭州",
        "wf@example.com",
        Decimal("5000.00"),
    )
    assert changed_fields(STORED, merged) == ["name", "mobile", "order_count"]


def test_first_dates_keep_the_earliest_and_the_last_order_the_latest() -> None:
    older_file = CustomerProfile(
        customer_id=STORED.customer_id,
        name="王芳",
        registered_on=date(2024, 6, 1),
        first_order_on=date(2024, 4, 1),
        last_order_on=date(2025, 1, 1),
    )
    merged = merge_profiles(
        STORED, older_file, {"registered_on", "first_order_on", "last_order_on"}
    )
    assert (merged.registered_on, merged.first_order_on, merged.last_order_on) == (
        date(2024, 5, 3),
        date(2024, 4, 1),
        date(2026, 10, 1),
    )


def test_an_import_withdraws_consent_but_never_grants_it() -> None:
    incoming = CustomerProfile(
        customer_id=STORED.customer_id, name="王芳", consents=frozenset({"marketing", "email"})
    )
    merged = merge_profiles(STORED, incoming, {"consent_marketing", "consent_sms", "consent_email"})
    assert merged.consents == frozenset({"marketing"})
    unsupplied = merge_profiles(STORED, incoming, {"name"})
    assert unsupplied.consents == STORED.consents


def test_merging_a_record_into_itself_changes_nothing() -> None:
    supplied = {
        "name",
        "mobile",
        "email",
        "city",
        "registered_on",
        "first_order_on",
        "last_order_on",
        "order_count",
        "total_spend",
        "consent_marketing",
        "consent_sms",
    }
    assert merge_profiles(STORED, STORED, supplied) == STORED
