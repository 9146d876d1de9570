"""Every validation rule of an imported customer record (SPEC.md "Customers and segments")."""

from datetime import date
from decimal import Decimal

import pytest

from ticketing.domain.customers import CompanySize
from ticketing.domain.customers_validation import (
    parse_customer,
    parse_email,
    parse_iso_date,
    parse_mobile,
    parse_yuan,
)

TODAY = date(2026, 11, 23)
GOOD = {
    "customer_id": "C2024050001",
    "name": "王芳",
    "mobile": "13812345678",
    "email": "Wang.Fang@Example.com",
    "industry": "零售",
    "company_size": "120",
    "city": "杭州",
    "birthday": "1990-02-28",
    "registered_on": "2024-05-03",
    "first_order_on": "2024-05-04",
    "last_order_on": "2026-11-01",
    "order_count": "12",
    "total_spend": "¥12,345.60",
    "spend_6m": "1000",
    "spend_12m": "2000.5",
    "category_preferences": "家电|数码",
    "preferred_channel": "WeChat",
    "refund_count": "1",
    "complaint_count": "0",
    "consent_marketing": "是",
    "consent_sms": "false",
}


def problems_of(**changes: object) -> list[tuple[str, str]]:
    profile, problems = parse_customer({**GOOD, **changes}, TODAY)
    assert (profile is None) == bool(problems)
    return [(problem.field, problem.code) for problem in problems]


def test_a_good_record_parses_into_a_normalised_profile() -> None:
    profile, problems = parse_customer(GOOD, TODAY)
    assert problems == []
    assert profile.email == "wang.fang@example.com"
    assert profile.company_size is CompanySize.MEDIUM
    assert profile.total_spend == Decimal("12345.60")
    assert profile.spend_12m == Decimal("2000.50")
    assert profile.category_preferences == ("家电", "数码")
    assert profile.preferred_channel == "wechat"
    assert profile.consents == frozenset({"marketing"})


@pytest.mark.parametrize(
    "value",
    ["C202405001", "C2024130001", "C2024000001", "c2024050001", "D2024050001", "C1999120001"],
)
def test_customer_id_must_be_c_yyyymm_and_four_digits(value: str) -> None:
    assert problems_of(customer_id=value) == [("customer_id", "bad_customer_id")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("1381234567", None),  # 10 digits
        ("138123456789", None),  # 12 digits
        ("12812345678", None),  # no mainland mobile starts 12
        ("0571-8888888", None),  # landline
        ("1381234567a", None),
    ],
)
def test_mobile_is_an_11_digit_mainland_number(value: str, expected: str | None) -> None:
    assert parse_mobile(value) == expected


def test_a_bad_mobile_is_reported_on_its_field() -> None:
    assert problems_of(mobile="1381234567") == [("mobile", "bad_mobile")]


@pytest.mark.parametrize("value", ["a@b", "no-at.example.com", "a@@b.com", "a b@c.com", "a@b.c"])
def test_email_must_be_an_address(value: str) -> None:
    assert parse_email(value) is None
    assert problems_of(email=value) == [("email", "bad_email")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-29", date(2024, 2, 29)),
        ("2023-02-29", None),
        ("2024-5-1", None),
        ("2024/05/01", None),
        ("01-05-2024", None),
        ("20240501", None),
    ],
)
def test_dates_are_strict_yyyy_mm_dd(value: str, expected: date | None) -> None:
    assert parse_iso_date(value) == expected


def test_a_date_in_the_future_or_out_of_order_is_rejected() -> None:
    assert problems_of(birthday="2026-11-24") == [("birthday", "future_date")]
    assert problems_of(birthday="2026-11-23") == []
    assert problems_of(birthday="1899-12-31") == [("birthday", "bad_date")]
    assert problems_of(first_order_on="2026-11-02") == [("first_order_on", "dates_out_of_order")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", Decimal("0.00")),
        ("12.3", Decimal("12.30")),
        ("12.34", Decimal("12.34")),
        ("￥1,234.50", Decimal("1234.50")),
        ("12.345", None),
        ("-1", None),
        ("1e3", None),
        ("12.", None),
        ("12345678901", None),  # does not fit Numeric(12, 2)
    ],
)
def test_yuan_amounts_have_at_most_two_decimals(value: str, expected: Decimal | None) -> None:
    assert parse_yuan(value) == expected


def test_spend_windows_must_nest() -> None:
    assert problems_of(spend_6m="3000") == [("spend_12m", "spend_inconsistent")]
    assert problems_of(total_spend="1999") == [("spend_12m", "spend_inconsistent")]


def test_a_bad_amount_is_reported_alone_not_as_an_inconsistency_too() -> None:
    assert problems_of(total_spend="12.345") == [("total_spend", "bad_amount")]


def test_counts_flags_sizes_and_channels_are_checked() -> None:
    assert problems_of(order_count="-1") == [("order_count", "bad_count")]
    assert problems_of(order_count="1.5") == [("order_count", "bad_count")]
    assert problems_of(consent_sms="maybe") == [("consent_sms", "bad_flag")]
    assert problems_of(company_size="huge") == [("company_size", "bad_company_size")]
    assert problems_of(preferred_channel="fax") == [("preferred_channel", "bad_channel")]


@pytest.mark.parametrize(
    ("staff", "size"), [(49, "small"), (50, "medium"), (200, "medium"), (201, "large")]
)
def test_company_size_from_staff_count(staff: int, size: str) -> None:
    assert CompanySize.from_staff(staff).value == size


def test_name_is_required_and_unknown_columns_are_reported() -> None:
    assert problems_of(name=" ") == [("name", "bad_name")]
    assert problems_of(nickname="x") == [("nickname", "unknown_field")]


def test_every_problem_of_a_record_is_reported_at_once_in_both_languages() -> None:
    profile, problems = parse_customer(
        {**GOOD, "mobile": "1", "email": "x", "birthday": "1990-13-01"}, TODAY
    )
    assert profile is None
    assert [p.field for p in problems] == ["mobile", "email", "birthday"]
    assert all(p.message_zh and p.message_en for p in problems)


def test_json_values_are_accepted_as_well_as_strings() -> None:
    raw = {
        **GOOD,
        "order_count": 12,
        "total_spend": 12345.5,
        "consent_marketing": True,
        "category_preferences": ["家电", "数码"],
        "mobile": None,
        "email": None,
    }
    profile, problems = parse_customer(raw, TODAY)
    assert problems == []
    assert (profile.order_count, profile.total_spend, profile.mobile) == (
        12,
        Decimal("12345.50"),
        None,
    )
    assert profile.category_preferences == ("家电", "数码")
