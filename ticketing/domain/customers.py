"""Customer profiles and their orders: the records of SPEC.md "Customers and segments".

Pure values only. Validation of raw input lives in ``customers_validation``, the merge rule in
``customers_merge``, segmentation in ``segments`` and masking/encryption in ``personal_data``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum

CUSTOMER_ID = re.compile(r"^C(\d{4})(0[1-9]|1[0-2])(\d{4})$")
"""``C`` + yyyymm + 4-digit serial, e.g. C2024050001 (the month is the registration month)."""

ORDER_ID = re.compile(r"^E\d{12}$")
"""``E`` + 12 digits, e.g. E100123456789; the bot validates this before calling the service."""

TRACKING_NO = {
    "SF": re.compile(r"^SF\d{12}$"),
    "YT": re.compile(r"^YT\d{13}$"),
    "JD": re.compile(r"^JD\d{13}$"),
}
CARRIERS = {
    "SF": ("顺丰速运", "SF Express"),
    "YT": ("圆通速递", "YTO Express"),
    "JD": ("京东物流", "JD Logistics"),
}


class CustomerError(Exception):
    """Base of the customer area's domain errors."""


class CustomerNotFound(CustomerError):
    """No customer has this id (or it was erased)."""

    def __init__(self, customer_id: str) -> None:
        super().__init__(f"customer {customer_id} not found")
        self.customer_id = customer_id


class OrderNotFound(CustomerError):
    """No order has this id, or it belongs to another customer than the one asked about."""

    def __init__(self, order_id: str) -> None:
        super().__init__(f"order {order_id} not found")
        self.order_id = order_id


class CompanySize(str, Enum):
    """SPEC: small < 50 staff, medium 50-200, large > 200."""

    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"

    @classmethod
    def from_staff(cls, staff: int) -> CompanySize:
        """The size class of a company with ``staff`` employees."""
        if staff < 50:
            return cls.SMALL
        return cls.MEDIUM if staff <= 200 else cls.LARGE


class OrderStatus(str, Enum):
    """An order's state, as the bot reports it to the customer."""

    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    SHIPPED = "shipped"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDING = "refunding"
    REFUNDED = "refunded"
    RETURNED = "returned"

    @property
    def label_zh(self) -> str:
        """Chinese label shown to the customer."""
        return _STATUS_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """English label shown to the customer."""
        return _STATUS_LABELS[self][1]

    @property
    def counts_as_spend(self) -> bool:
        """Paid and not taken back: what counts toward the customer's spend."""
        return self in (self.PAID, self.SHIPPED, self.IN_TRANSIT, self.DELIVERED)

    @property
    def is_refund(self) -> bool:
        """Counted in the profile's refunds."""
        return self in (self.REFUNDING, self.REFUNDED, self.RETURNED)


_STATUS_LABELS = {
    OrderStatus.PENDING_PAYMENT: ("待付款", "awaiting payment"),
    OrderStatus.PAID: ("已付款", "paid"),
    OrderStatus.SHIPPED: ("已发货", "shipped"),
    OrderStatus.IN_TRANSIT: ("运输中", "in transit"),
    OrderStatus.DELIVERED: ("已签收", "delivered"),
    OrderStatus.CANCELLED: ("已取消", "cancelled"),
    OrderStatus.REFUNDING: ("退款中", "refund in progress"),
    OrderStatus.REFUNDED: ("已退款", "refunded"),
    OrderStatus.RETURNED: ("已退货", "returned"),
}

CONSENT_PURPOSES = ("marketing", "sms", "email", "phone")
"""Purposes a customer can agree to; an absent purpose means no consent."""


@dataclass(frozen=True)
class CustomerProfile:
    """One customer, with personal values in the clear (encryption happens in storage)."""

    customer_id: str
    name: str
    mobile: str | None = None
    email: str | None = None
    industry: str | None = None
    company_size: CompanySize | None = None
    city: str | None = None
    birthday: date | None = None
    registered_on: date | None = None
    first_order_on: date | None = None
    last_order_on: date | None = None
    order_count: int = 0
    total_spend: Decimal = Decimal("0.00")
    spend_6m: Decimal = Decimal("0.00")
    spend_12m: Decimal = Decimal("0.00")
    category_preferences: tuple[str, ...] = ()
    preferred_channel: str | None = None
    refund_count: int = 0
    complaint_count: int = 0
    consents: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class OrderItem:
    """One line of an order."""

    name: str
    quantity: int


@dataclass(frozen=True)
class Order:
    """An order of a customer, with its shipment."""

    order_id: str
    customer_id: str
    status: OrderStatus
    amount: Decimal
    ordered_at: datetime
    items: tuple[OrderItem, ...] = ()
    category: str | None = None
    carrier: str | None = None
    tracking_no: str | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    estimated_delivery: date | None = None
