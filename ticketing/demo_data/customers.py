"""Demo customers: 2,000 profiles, 20,000 orders and 400 interactions from a fixed seed.

Deterministic for a given seed and day: dates are relative to the day of loading so the demo
always looks current (customer ids carry the registration month, so they move with it), while
order ids come from their own random stream and are the same whatever the day: the bot's demo
can rely on them (the first three are E292517163266, E147259335980, E974765104421).
The encryption key and time zone come from the settings the seed passes in (``KEFU_DATA_KEY`` or
``var/secrets.env``), the same source the service uses.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.engine import Connection

from kefu.settings import Settings
from ticketing.demo import DemoDataSet
from ticketing.domain.customers import (
    CompanySize,
    CustomerProfile,
    Order,
    OrderItem,
    OrderStatus,
)
from ticketing.domain.personal_data import PersonalDataCipher
from ticketing.domain.segments import SegmentPolicy
from ticketing.services import customers_segments
from ticketing.storage import customers as customer_rows
from ticketing.storage import customers_orders
from ticketing.storage.schema.customers import customers, interactions

SEED = 20261123
CUSTOMERS = 2000
ORDERS = 20000
INTERACTIONS = 400
DEMO_POLICY = SegmentPolicy(
    default_average=Decimal("3000.00"),
    by_industry={"制造": Decimal("8000.00"), "零售": Decimal("5000.00")},
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华红玉萍建文辉鑫宇浩然欣怡子涵梓轩思雨博俊晨"
)
CITIES = [
    "北京",
    "上海",
    "广州",
    "深圳",
    "杭州",
    "成都",
    "武汉",
    "南京",
    "重庆",
    "西安",
    "苏州",
    "天津",
    "长沙",
    "郑州",
    "青岛",
    "宁波",
    "厦门",
    "合肥",
    "济南",
    "福州",
    "沈阳",
    "大连",
    "昆明",
    "哈尔滨",
    "无锡",
    "佛山",
    "东莞",
    "南宁",
    "贵阳",
    "石家庄",
]
MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
]
EMAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "outlook.com", "foxmail.com")
HANDLES = ("xiao", "happy", "sunny", "tiger", "panda", "lucky", "star", "moon", "leaf", "river")
INDUSTRIES = ("零售", "制造", "餐饮", "教育", "互联网", "物流", "医疗")
CATALOG = {
    "家电": ("空气炸锅", "电饭煲", "吸尘器", "电热水壶"),
    "数码": ("蓝牙耳机", "充电宝", "智能手表", "机械键盘"),
    "服饰": ("羽绒服", "运动鞋", "衬衫", "牛仔裤"),
    "美妆": ("保湿面霜", "口红", "防晒霜"),
    "食品": ("坚果礼盒", "龙井茶叶", "五常大米"),
    "家居": ("四件套", "收纳箱", "乳胶枕"),
    "母婴": ("纸尿裤", "婴儿奶粉", "儿童水杯"),
}
CHANNELS = ("chat", "phone", "wechat", "sms", "email")


@dataclass(frozen=True)
class DemoData:
    """What the generator makes: profiles, their orders and logged interactions."""

    profiles: list[CustomerProfile]
    orders: list[Order]
    interactions: list[dict]


def _order_ids(count: int) -> Iterator[str]:
    rng, seen = random.Random(SEED + 1), set()
    while len(seen) < count:
        candidate = f"E{rng.randrange(10**11, 10**12)}"
        if candidate not in seen:
            seen.add(candidate)
            yield candidate


def _mobile(rng: random.Random, used: set[str]) -> str:
    while True:
        number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if number not in used:
            used.add(number)
            return number


def _profiles(rng: random.Random, today: date) -> tuple[list[CustomerProfile], dict]:
    serials: dict[str, int] = {}
    used: set[str] = set()
    profiles, last_active = [], {}
    for index in range(CUSTOMERS):
        age = rng.randint(0, 30) if index % 40 == 0 else int(rng.triangular(30, 1100, 700))
        registered = today - timedelta(days=age)
        month = registered.strftime("%Y%m")
        serials[month] = serials.get(month, 0) + 1
        customer_id = f"C{month}{serials[month]:04d}"
        company = rng.random() < 0.35
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))
        email = None
        if rng.random() < 0.6:
            email = f"{rng.choice(HANDLES)}{rng.randrange(100, 99999)}@{rng.choice(EMAIL_DOMAINS)}"
        profiles.append(
            CustomerProfile(
                customer_id=customer_id,
                name=name,
                mobile=_mobile(rng, used),
                email=email,
                industry=rng.choice(INDUSTRIES) if company else None,
                company_size=rng.choice(list(CompanySize)) if company else None,
                city=rng.choice(CITIES),
                birthday=date(rng.randint(1965, 2004), 1, 1) + timedelta(days=rng.randrange(365)),
                registered_on=registered,
                preferred_channel=rng.choice(CHANNELS),
                complaint_count=rng.choice((0, 0, 0, 0, 1, 2)),
                consents=frozenset(
                    purpose
                    for purpose, share in (("marketing", 0.7), ("sms", 0.6), ("email", 0.4))
                    if rng.random() < share
                )
                | ({"phone"} if rng.random() < 0.3 else set()),
            )
        )
        # Some customers stopped buying a while ago: their orders end at this day.
        quiet_days = int(rng.expovariate(1 / 60)) if index % 4 else int(rng.uniform(95, 500))
        last_active[customer_id] = max(registered, today - timedelta(days=quiet_days))
    return profiles, last_active


def _status(rng: random.Random, age_days: int) -> OrderStatus:
    if age_days <= 1:
        return rng.choice((OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.SHIPPED))
    if age_days <= 4:
        return rng.choice((OrderStatus.SHIPPED, OrderStatus.IN_TRANSIT, OrderStatus.IN_TRANSIT))
    roll = rng.random()
    if roll < 0.05:
        return OrderStatus.CANCELLED
    if roll < 0.08:
        return OrderStatus.REFUNDED
    if roll < 0.10:
        return OrderStatus.RETURNED
    if roll < 0.11 and age_days < 30:
        return OrderStatus.REFUNDING
    return OrderStatus.DELIVERED


def _tracking(rng: random.Random) -> tuple[str, str]:
    carrier = rng.choice(("SF", "SF", "YT", "JD"))
    digits = 12 if carrier == "SF" else 13
    return carrier, f"{carrier}{rng.randrange(10 ** (digits - 1), 10**digits)}"


def _order(rng, order_id, profile, day, today, tz) -> Order:
    local = datetime.combine(day, time(rng.randint(8, 22), rng.randrange(60)), tzinfo=tz)
    ordered_at = local.astimezone(timezone.utc)
    status = _status(rng, (today - day).days)
    category = rng.choice(list(CATALOG))
    items = tuple(
        OrderItem(name, rng.choice((1, 1, 1, 2, 3)))
        for name in rng.sample(CATALOG[category], k=rng.choice((1, 1, 2)))
    )
    amount = Decimal(str(round(min(rng.lognormvariate(5.6, 0.8), 20000.0), 2)))
    carrier = tracking = shipped_at = delivered_at = estimated = None
    if status not in (OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.CANCELLED):
        carrier, tracking = _tracking(rng)
        shipped_at = ordered_at + timedelta(hours=rng.randint(6, 30))
        if status in (OrderStatus.SHIPPED, OrderStatus.IN_TRANSIT):
            estimated = (shipped_at + timedelta(days=3)).astimezone(tz).date()
        else:
            delivered_at = shipped_at + timedelta(hours=rng.randint(20, 96))
    elif status is OrderStatus.PAID:
        estimated = day + timedelta(days=4)
    return Order(
        order_id=order_id,
        customer_id=profile.customer_id,
        status=status,
        amount=amount,
        ordered_at=ordered_at,
        items=items,
        category=category,
        carrier=carrier,
        tracking_no=tracking,
        shipped_at=shipped_at,
        delivered_at=delivered_at,
        estimated_delivery=estimated,
    )


def generate(today: date, tz: tzinfo) -> DemoData:
    """The demo data for ``today`` (a date in the business time zone ``tz``)."""
    rng = random.Random(SEED)
    profiles, last_active = _profiles(rng, today)
    weights = [rng.lognormvariate(0, 1) for _ in profiles]
    owners = rng.choices(profiles, weights=weights, k=ORDERS)
    made = []
    for order_id, profile in zip(_order_ids(ORDERS), owners, strict=True):
        start, end = profile.registered_on, last_active[profile.customer_id]
        span = (end - start).days
        # Half the orders cluster near the customer's last active day, so recent orders (paid,
        # shipped, in transit) exist for the bot to track.
        back = (
            rng.randint(0, span) if rng.random() < 0.5 else min(int(rng.expovariate(1 / 20)), span)
        )
        day = end - timedelta(days=back)
        made.append(_order(rng, order_id, profile, day, today, tz))
    logged = []
    for profile in rng.sample(profiles, INTERACTIONS):
        when = datetime.combine(today - timedelta(days=rng.randint(0, 60)), time(10), tzinfo=tz)
        due = when + timedelta(days=rng.choice((2, 3, 7)))
        logged.append(
            {
                "customer_id": profile.customer_id,
                "occurred_at": when.astimezone(timezone.utc),
                "channel": rng.choice(CHANNELS),
                "summary": rng.choice(("回访使用体验", "介绍新品", "处理退款进度", "会员升级提醒")),
                "feedback": rng.choice(("满意", "考虑中", "暂无需求", None)),
                "proactive": True,
                "customer_responded": rng.random() < 0.7,
                "owner": rng.choice(("agent-li", "agent-wang", "agent-zhao")),
                "next_action": rng.choice(("2日内发送资料", "3天内跟进意向", None)),
                "next_action_due_at": due.astimezone(timezone.utc),
                "created_by": "demo",
                "created_at": when.astimezone(timezone.utc),
            }
        )
    return DemoData(profiles, made, logged)


def load_customers(
    connection: Connection, cipher: PersonalDataCipher, now: datetime, tz: tzinfo
) -> int:
    """Insert the demo data (skipping ids already present) and segment it; returns rows added."""
    data = generate(now.astimezone(tz).date(), tz)
    present = set(connection.execute(select(customers.c.customer_id)).scalars())
    profiles = [p for p in data.profiles if p.customer_id not in present]
    customer_rows.insert_profiles(
        connection,
        [
            {**customer_rows.profile_values(p, cipher), "created_at": now, "updated_at": now}
            for p in profiles
        ],
    )
    added = {p.customer_id for p in profiles}
    order_values = [
        customers_orders.order_values(order, now)
        for order in data.orders
        if order.customer_id in added
    ]
    customers_orders.insert_orders(connection, order_values)
    logged = [row for row in data.interactions if row["customer_id"] in added]
    if logged:
        connection.execute(interactions.insert(), logged)
        latest: dict[str, datetime] = {}
        for row in logged:
            previous = latest.get(row["customer_id"], row["occurred_at"])
            latest[row["customer_id"]] = max(previous, row["occurred_at"])
        for customer_id, when in latest.items():
            customer_rows.update_columns(connection, customer_id, now, last_interaction_at=when)
    if customers_segments.load_policy(connection) == SegmentPolicy():
        customers_segments.save_policy(connection, DEMO_POLICY, now)
    policy = customers_segments.load_policy(connection)
    customers_segments.recompute_segments(connection, policy, now, tz, added)
    return len(profiles) + len(order_values) + len(logged)


def _load(connection: Connection, settings: Settings) -> int:
    cipher = PersonalDataCipher(settings.data_key.get_secret_value())
    return load_customers(connection, cipher, datetime.now(timezone.utc), settings.tz)


DATA_SET = DemoDataSet(name="customers", version="1", load=_load, order=20)
