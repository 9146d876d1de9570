"""Customer rows: conversion between :class:`CustomerProfile` and the encrypted table row.

All SQL on ``customers`` lives here. Functions take a SQLAlchemy ``Connection`` inside the
caller's transaction (the caller's unit of work decides commit or rollback).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.engine import Connection, Row

from ticketing.domain.customers import CONSENT_PURPOSES, CompanySize, CustomerProfile
from ticketing.domain.personal_data import PersonalDataCipher, mask
from ticketing.storage.schema.customers import customers

PROFILE_COLUMNS = (
    "name",
    "industry",
    "city",
    "birthday",
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
)
_MONEY = ("total_spend", "spend_6m", "spend_12m")
SEGMENT_COLUMNS = (
    "segment",
    "rfm_level",
    "activity",
    "churn_risk",
    "lifecycle",
    "churn_alert",
    "segment_explanation_zh",
    "segment_explanation_en",
    "segmented_at",
)


def profile_values(profile: CustomerProfile, cipher: PersonalDataCipher) -> dict[str, object]:
    """The column values of ``profile``: personal fields encrypted, hashed and masked."""
    values: dict[str, object] = {name: getattr(profile, name) for name in PROFILE_COLUMNS}
    values["customer_id"] = profile.customer_id
    for field in ("mobile", "email"):
        clear = getattr(profile, field)
        values[f"{field}_cipher"] = cipher.encrypt(field, clear)
        values[f"{field}_hash"] = cipher.lookup_hash(field, clear)
        values[f"{field}_masked"] = mask(field, clear)
    values["company_size"] = profile.company_size.value if profile.company_size else None
    values["birthday_md"] = profile.birthday.strftime("%m-%d") if profile.birthday else None
    values["category_preferences"] = json.dumps(
        list(profile.category_preferences), ensure_ascii=False
    )
    for purpose in CONSENT_PURPOSES:
        values[f"consent_{purpose}"] = purpose in profile.consents
    return values


def profile_from_row(row: Row, cipher: PersonalDataCipher) -> CustomerProfile:
    """The profile stored in ``row``, with phone and email decrypted."""
    data = row._mapping
    return CustomerProfile(
        customer_id=data["customer_id"],
        mobile=cipher.decrypt("mobile", data["mobile_cipher"]),
        email=cipher.decrypt("email", data["email_cipher"]),
        company_size=CompanySize(data["company_size"]) if data["company_size"] else None,
        category_preferences=tuple(json.loads(data["category_preferences"])),
        consents=frozenset(p for p in CONSENT_PURPOSES if data[f"consent_{p}"]),
        **{name: data[name] for name in PROFILE_COLUMNS if name not in _MONEY},
        **{name: Decimal(data[name]).quantize(Decimal("0.01")) for name in _MONEY},
    )


def get_row(connection: Connection, customer_id: str) -> Row | None:
    """The stored row of ``customer_id`` (erased customers included), or None."""
    query = select(customers).where(customers.c.customer_id == customer_id)
    return connection.execute(query).first()


def rows_by_id(connection: Connection, customer_ids: Iterable[str]) -> dict[str, Row]:
    """Stored rows of the given ids, keyed by id (unknown ids are absent)."""
    ids = list(set(customer_ids))
    if not ids:
        return {}
    rows = connection.execute(select(customers).where(customers.c.customer_id.in_(ids)))
    return {row.customer_id: row for row in rows}


def owners_by_hash(
    connection: Connection, field: str, hashes: Iterable[str | None]
) -> dict[str, str]:
    """``{lookup hash: customer_id}`` for the given hashes of ``field`` (mobile or email)."""
    wanted = [value for value in set(hashes) if value]
    if not wanted:
        return {}
    column = customers.c[f"{field}_hash"]
    query = select(column, customers.c.customer_id).where(column.in_(wanted))
    return {hash_: customer_id for hash_, customer_id in connection.execute(query)}


def find_by_contact(
    connection: Connection, cipher: PersonalDataCipher, mobile: str | None, email: str | None
) -> list[str]:
    """Ids of customers whose mobile or email is exactly this (normalised) value."""
    conditions = []
    if mobile:
        conditions.append(customers.c.mobile_hash == cipher.lookup_hash("mobile", mobile))
    if email:
        conditions.append(customers.c.email_hash == cipher.lookup_hash("email", email))
    if not conditions:
        return []
    query = select(customers.c.customer_id).where(or_(*conditions)).order_by("customer_id")
    return list(connection.execute(query).scalars())


def insert_profiles(connection: Connection, values: Sequence[dict[str, object]]) -> None:
    """Insert new customers (``values`` from :func:`profile_values` plus timestamps)."""
    if values:
        connection.execute(customers.insert(), list(values))


def update_profiles(connection: Connection, values: Sequence[dict[str, object]]) -> None:
    """Overwrite the profile columns of existing customers, one executemany."""
    if not values:
        return
    names = [name for name in values[0] if name != "customer_id"]
    statement = (
        customers.update()
        .where(customers.c.customer_id == bindparam("b_customer_id"))
        .values({name: bindparam(name) for name in names})
    )
    rows = [{**row, "b_customer_id": row["customer_id"]} for row in values]
    for row in rows:
        del row["customer_id"]
    connection.execute(statement, rows)


def update_columns(
    connection: Connection, customer_id: str, now: datetime, **values: object
) -> None:
    """Set some columns of one customer and its ``updated_at``."""
    connection.execute(
        customers.update()
        .where(customers.c.customer_id == customer_id)
        .values(**values, updated_at=now)
    )


def count_customers(connection: Connection) -> int:
    """How many customers are stored (erased ones included)."""
    return connection.execute(select(func.count()).select_from(customers)).scalar_one()
