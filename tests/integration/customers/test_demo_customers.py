"""The demo data: deterministic, big enough, well-formed, and segmented when loaded."""

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from ticketing.demo_data.customers import DATA_SET, generate, load_customers
from ticketing.domain.customers import CUSTOMER_ID, ORDER_ID, TRACKING_NO
from ticketing.domain.customers_validation import MOBILE
from ticketing.storage.schema.customers import customers, orders

from .conftest import NOW, SHANGHAI


def test_the_generator_is_deterministic_and_well_formed() -> None:
    first = generate(date(2026, 11, 23), SHANGHAI)
    again = generate(date(2026, 11, 23), SHANGHAI)
    assert first == again
    assert len(first.profiles) >= 2000 and len(first.orders) == 20000
    assert len({p.customer_id for p in first.profiles}) == len(first.profiles)
    assert len({p.mobile for p in first.profiles}) == len(first.profiles)
    assert all(CUSTOMER_ID.match(p.customer_id) and MOBILE.match(p.mobile) for p in first.profiles)
    assert all(ORDER_ID.match(o.order_id) for o in first.orders)
    assert all(TRACKING_NO[o.carrier].match(o.tracking_no) for o in first.orders if o.tracking_no)
    statuses = Counter(o.status.value for o in first.orders)
    assert {"pending_payment", "paid", "shipped", "in_transit", "delivered"} <= set(statuses)
    assert {"cancelled", "refunding", "refunded", "returned"} <= set(statuses)


def test_order_ids_do_not_depend_on_the_day_of_loading() -> None:
    today = generate(date(2026, 11, 23), SHANGHAI).orders[:3]
    later = generate(date(2027, 3, 1), SHANGHAI).orders[:3]
    assert [o.order_id for o in today] == [o.order_id for o in later]
    assert [o.order_id for o in today] == ["E292517163266", "E147259335980", "E974765104421"]


def test_loading_inserts_everything_once_and_segments_every_customer(engine, cipher) -> None:
    with engine.begin() as connection:
        added = load_customers(connection, cipher, NOW, SHANGHAI)
    with engine.begin() as connection:
        again = load_customers(connection, cipher, NOW, SHANGHAI)
    with engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(customers)).scalar_one()
        unsegmented = connection.execute(
            select(func.count()).select_from(customers).where(customers.c.segment.is_(None))
        ).scalar_one()
        segments = set(connection.execute(select(customers.c.segment).distinct()).scalars())
        order_count = connection.execute(select(func.count()).select_from(orders)).scalar_one()
    assert (count, order_count, unsegmented, again) == (2000, 20000, 0, 0)
    assert added == 2000 + 20000 + 400
    assert segments == {
        "high_value_active",
        "potential_growth",
        "regular",
        "high_value_at_risk",
        "dormant",
    }
    assert DATA_SET.name == "customers" and DATA_SET.order == 20
