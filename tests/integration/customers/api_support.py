"""Building the real app for customers API tests, with callers of any role."""

from datetime import date, datetime, timezone
from decimal import Decimal

from aiohttp import web

from ticketing.domain.auth import Principal
from ticketing.domain.customers import CustomerProfile, Order, OrderItem, OrderStatus
from ticketing.domain.personal_data import PersonalDataCipher
from ticketing.storage import customers as customer_rows
from ticketing.storage import customers_orders
from ticketing.storage.db import make_engine
from ticketing.web.app import init_app
from ticketing.web.features.customers import CLOCK

from .conftest import NOW

WANG = CustomerProfile(
    "C2024050001",
    "王芳",
    mobile="13812345678",
    email="wang.fang@example.com",
    city="杭州",
    birthday=date(1990, 2, 28),
    registered_on=date(2024, 5, 3),
    consents=frozenset({"marketing"}),
)
LI = CustomerProfile("C2024050002", "李强", mobile="15900001111", registered_on=date(2024, 5, 9))
ORDER = Order(
    order_id="E100000000001",
    customer_id=WANG.customer_id,
    status=OrderStatus.IN_TRANSIT,
    amount=Decimal("12800.00"),
    ordered_at=datetime(2026, 11, 20, 4, 0, tzinfo=timezone.utc),
    items=(OrderItem("空气炸锅", 1),),
    category="家电",
    carrier="SF",
    tracking_no="SF123456789012",
    shipped_at=datetime(2026, 11, 21, 1, 0, tzinfo=timezone.utc),
    estimated_delivery=date(2026, 11, 24),
)


def seed(database_url: str, cipher: PersonalDataCipher) -> None:
    """Two customers, one order."""
    engine = make_engine(database_url)
    with engine.begin() as connection:
        customer_rows.insert_profiles(
            connection,
            [
                {**customer_rows.profile_values(p, cipher), "created_at": NOW, "updated_at": NOW}
                for p in (WANG, LI)
            ],
        )
        customers_orders.insert_orders(connection, [customers_orders.order_values(ORDER, NOW)])
    engine.dispose()


def build_app(settings) -> web.Application:
    """The service app; the header ``X-Test-Role: <role>[:<agent id>]`` picks the caller.

    Requests also carry the service token, so the real authentication middleware (when
    mounted) lets them through; this innermost middleware then sets the principal under test.
    """
    app = init_app(settings)
    app[CLOCK] = lambda: NOW

    @web.middleware
    async def test_principal(request, handler):
        role, _, agent_id = request.headers.get("X-Test-Role", "").partition(":")
        if role == "bot":
            request["principal"] = Principal(kind="service", agent_id=None, role="bot")
        elif role:
            request["principal"] = Principal(kind="agent", agent_id=agent_id or role, role=role)
        return await handler(request)

    app.middlewares.append(test_principal)
    return app


def as_role(settings, role: str) -> dict[str, str]:
    """Headers for a caller of ``role``."""
    token = settings.service_token.get_secret_value()
    return {"Authorization": f"Bearer {token}", "X-Test-Role": role}
