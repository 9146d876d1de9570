"""Validation of raw customer records (one CSV row or JSON line) against SPEC.md.

``parse_customer(raw, today)`` returns the profile and the list of problems; a record with any
problem is rejected whole (a half-correct profile would overwrite good data), and every problem
is reported with the field it concerns, so one pass tells the operator everything to fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ticketing.domain.customers import CONSENT_PURPOSES, CUSTOMER_ID, CompanySize, CustomerProfile

MOBILE = re.compile(r"^1[3-9]\d{9}$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YUAN = re.compile(r"^\d{1,10}(\.\d{1,2})?$")
TRUE_WORDS = {"1", "true", "yes", "y", "是", "同意"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "不同意", ""}
CHANNELS = ("chat", "phone", "sms", "email", "wechat", "community", "visit")
FIELDS = (
    "customer_id",
    "name",
    "mobile",
    "email",
    "industry",
    "company_size",
    "city",
    "birthday",
    "registered_on",
    "first_order_on",
    "last_order_on",
    "order_count",
    "total_spend",
    "spend_6m",
    "spend_12m",
    "category_preferences",
    "preferred_channel",
    "refund_count",
    "complaint_count",
    *(f"consent_{purpose}" for purpose in CONSENT_PURPOSES),
)
"""The columns an import file may carry (others are reported as unknown)."""


@dataclass(frozen=True)
class FieldProblem:
    """What is wrong with one field of one record, in both languages."""

    field: str
    code: str
    message_zh: str
    message_en: str


class _Problems(list):
    def add(self, field: str, code: str, zh: str, en: str) -> None:
        self.append(FieldProblem(field, code, zh, en))


def normalise_mobile(value: str) -> str:
    """Digits only, without a +86/86 country prefix: the form stored, hashed and compared."""
    digits = re.sub(r"[\s\-()]", "", value)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def normalise_email(value: str) -> str:
    """Trimmed and lower-cased: the form stored, hashed and compared."""
    return value.strip().lower()


def parse_mobile(value: str) -> str | None:
    """The normalised 11-digit mainland mobile, or None when ``value`` is not one."""
    digits = normalise_mobile(value)
    return digits if MOBILE.match(digits) else None


def parse_email(value: str) -> str | None:
    """The normalised email, or None when ``value`` is not an address."""
    email = normalise_email(value)
    return email if len(email) <= 254 and EMAIL.match(email) else None


def parse_iso_date(value: str) -> date | None:
    """A strict YYYY-MM-DD date, or None (``2024-5-1`` and ``2024-02-30`` are rejected)."""
    if not ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def parse_yuan(value: str) -> Decimal | None:
    """A non-negative yuan amount with at most 2 decimals (an optional ¥ and commas allowed)."""
    text = value.strip().lstrip("¥￥").replace(",", "").strip()
    return Decimal(text).quantize(Decimal("0.01")) if YUAN.match(text) else None


def is_customer_id(value: str) -> bool:
    """True for ``C`` + yyyymm + 4 digits with a real month of year 2000 or later."""
    match = CUSTOMER_ID.match(value)
    return bool(match) and int(match.group(1)) >= 2000


def _text(raw: Mapping[str, object], name: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date_field(raw, name, today, problems, *, not_after_today: bool = True) -> date | None:
    text = _text(raw, name)
    if not text:
        return None
    parsed = parse_iso_date(text)
    if parsed is None:
        problems.add(name, "bad_date", "日期须为 YYYY-MM-DD", "date must be YYYY-MM-DD")
    elif not_after_today and parsed > today:
        problems.add(name, "future_date", "日期不能晚于今天", "date cannot be in the future")
    elif parsed.year < 1900:
        problems.add(name, "bad_date", "日期早于 1900 年", "date is before 1900")
    return parsed


def _yuan_field(raw, name, problems) -> Decimal:
    text = _text(raw, name)
    if not text:
        return Decimal("0.00")
    parsed = parse_yuan(text)
    if parsed is None:
        problems.add(
            name,
            "bad_amount",
            "金额须为不小于 0 的元，最多两位小数",
            "amount must be yuan ≥ 0 with at most 2 decimals",
        )
        return Decimal("0.00")
    return parsed


def _count_field(raw, name, problems) -> int:
    text = _text(raw, name)
    if not text:
        return 0
    if not text.isdigit():
        problems.add(name, "bad_count", "须为不小于 0 的整数", "must be a whole number ≥ 0")
        return 0
    return int(text)


def _company_size(raw, problems) -> CompanySize | None:
    text = _text(raw, "company_size").lower()
    if not text:
        return None
    if text.isdigit():
        return CompanySize.from_staff(int(text))
    try:
        return CompanySize(text)
    except ValueError:
        problems.add(
            "company_size",
            "bad_company_size",
            "须为 small/medium/large 或员工人数",
            "must be small, medium, large or a staff count",
        )
        return None


def _categories(raw) -> tuple[str, ...]:
    value = raw.get("category_preferences")
    if isinstance(value, list):
        items = [str(item) for item in value]
    else:
        text = _text(raw, "category_preferences")
        if text.startswith("["):
            try:
                items = [str(item) for item in json.loads(text)]
            except ValueError:
                items = [text]
        else:
            items = re.split(r"[|;,，、]", text) if text else []
    return tuple(dict.fromkeys(item.strip() for item in items if item.strip()))


def _consents(raw, problems) -> frozenset[str]:
    granted = set()
    for purpose in CONSENT_PURPOSES:
        name = f"consent_{purpose}"
        value = raw.get(name)
        text = str(value).strip().lower() if value is not None else ""
        if value is True or text in TRUE_WORDS:
            granted.add(purpose)
        elif not (value is False or text in FALSE_WORDS):
            problems.add(
                name, "bad_flag", "须为 是/否 或 true/false", "must be yes/no or true/false"
            )
    return frozenset(granted)


def parse_customer(
    raw: Mapping[str, object], today: date
) -> tuple[CustomerProfile | None, list[FieldProblem]]:
    """Validate one raw record; returns ``(profile, [])`` or ``(None, problems)``."""
    problems = _Problems()
    for name in raw:
        if name not in FIELDS:
            problems.add(name, "unknown_field", "未知字段", "unknown field")
    customer_id = _text(raw, "customer_id")
    if not is_customer_id(customer_id):
        problems.add(
            "customer_id",
            "bad_customer_id",
            "客户编号须为 C + 年月(yyyymm) + 4 位序号，如 C2024050001",
            "customer id must be C + yyyymm + 4 digits, e.g. C2024050001",
        )
    name = _text(raw, "name")
    if not name or len(name) > 100:
        problems.add("name", "bad_name", "姓名必填，最多 100 字", "name is required, ≤ 100 chars")
    mobile = _text(raw, "mobile") or None
    if mobile is not None:
        mobile = parse_mobile(mobile)
        if mobile is None:
            problems.add(
                "mobile",
                "bad_mobile",
                "手机号须为 11 位中国大陆手机号",
                "mobile must be an 11-digit mainland China number",
            )
    email = _text(raw, "email") or None
    if email is not None:
        email = parse_email(email)
        if email is None:
            problems.add("email", "bad_email", "邮箱格式不正确", "not a valid email address")
    birthday = _date_field(raw, "birthday", today, problems)
    registered_on = _date_field(raw, "registered_on", today, problems)
    first_order_on = _date_field(raw, "first_order_on", today, problems)
    last_order_on = _date_field(raw, "last_order_on", today, problems)
    if first_order_on and last_order_on and first_order_on > last_order_on:
        problems.add(
            "first_order_on",
            "dates_out_of_order",
            "首次下单日期晚于最近下单日期",
            "first order date is after the last order date",
        )
    before = len(problems)
    total = _yuan_field(raw, "total_spend", problems)
    spend_6m = _yuan_field(raw, "spend_6m", problems)
    spend_12m = _yuan_field(raw, "spend_12m", problems)
    if len(problems) == before and not spend_6m <= spend_12m <= total:
        problems.add(
            "spend_12m",
            "spend_inconsistent",
            "须满足 近6月消费 ≤ 近12月消费 ≤ 累计消费",
            "must hold: spend_6m ≤ spend_12m ≤ total_spend",
        )
    channel = _text(raw, "preferred_channel").lower() or None
    if channel is not None and channel not in CHANNELS:
        problems.add(
            "preferred_channel",
            "bad_channel",
            f"渠道须为 {'/'.join(CHANNELS)} 之一",
            f"channel must be one of {', '.join(CHANNELS)}",
        )
    profile = CustomerProfile(
        customer_id=customer_id,
        name=name,
        mobile=mobile,
        email=email,
        industry=_text(raw, "industry")[:50] or None,
        company_size=_company_size(raw, problems),
        city=_text(raw, "city")[:50] or None,
        birthday=birthday,
        registered_on=registered_on,
        first_order_on=first_order_on,
        last_order_on=last_order_on,
        order_count=_count_field(raw, "order_count", problems),
        total_spend=total,
        spend_6m=spend_6m,
        spend_12m=spend_12m,
        category_preferences=_categories(raw),
        preferred_channel=channel,
        refund_count=_count_field(raw, "refund_count", problems),
        complaint_count=_count_field(raw, "complaint_count", problems),
        consents=_consents(raw, problems),
    )
    return (None, list(problems)) if problems else (profile, [])
