"""Related questions under an answer the NLU was not sure of (猜你想问).

Under an FAQ answer: when the FAQ topic selector's best topic has a confidence below
:data:`SURE`, the answer may be to a neighbouring question, so the customer gets up to
:data:`MOST` buttons with the next-ranked topics (each at least :data:`AT_LEAST` confident).
Under the fixed answer of a self-service intent (:data:`SELF_SERVICE_ANSWERS`: how to cancel,
invoices, points, …): when ``faq`` still had at least :data:`FAQ_AT_LEAST` of the intent
confidence, the message may be the policy question of the selector's best topic ("开发票收手续费吗"
read as get_invoice), so that topic is offered. Each button is titled by the topic's plain
question in the customer's language. A button's payload is that same question, so a click is
an ordinary message the NLU reads (Rasa cannot trigger a retrieval intent by a payload,
RasaHQ/rasa#5576); a test parses every title with the trained model and expects its own topic.
Measured in docs/benchmarks.md ("Related questions").

Pure: the ranking in, the topics and their titles out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SURE = 0.9
AT_LEAST = 0.05
MOST = 2
FAQ_AT_LEAST = 0.2
FAQ = "faq"
# Intents answered by one fixed text (stories/rules.yml), where an FAQ topic can sit under it.
SELF_SERVICE_ANSWERS = frozenset(
    {"cancel_order", "change_order", "change_shipping_address", "get_invoice", "payment_issue"}
    | {"account_help", "membership_points", "coupon_promotion", "product_inquiry"}
)

# Every FAQ topic's question, Chinese then English (the topics of domain.yml's utter_faq/*).
TITLES: dict[str, tuple[str, str]] = {
    "account_security": ("怎么保护账号安全？", "How do I keep my account safe?"),
    "app_download": ("App 在哪里下载？", "Where can I download the app?"),
    "bulk_purchase": ("企业采购和团购有优惠吗？", "Do you offer bulk or business pricing?"),
    "business_hours": ("人工客服几点上班？", "What are your customer service hours?"),
    "carriers": ("你们用哪家快递发货？", "Which couriers do you use?"),
    "cash_on_delivery": ("支持货到付款吗？", "Can I pay cash on delivery?"),
    "contact_channels": ("怎么联系你们客服？", "How can I contact customer service?"),
    "coupon_rules": ("优惠券怎么用？", "How do coupons work?"),
    "delivery_areas": ("哪些地区可以配送？", "Which areas do you deliver to?"),
    "delivery_time": ("下单后多久发货？", "How long does delivery take?"),
    "exchange_policy": ("换货政策是怎样的？", "What is your exchange policy?"),
    "foreign_cards": ("支持境外信用卡付款吗？", "Do you accept foreign credit cards?"),
    "gift_card": ("礼品卡怎么用？", "How do I use a gift card?"),
    "gift_packaging": ("可以做礼品包装吗？", "Do you offer gift wrapping?"),
    "installation": ("大家电包安装吗？", "Do you install large appliances?"),
    "installment": ("可以分期付款吗？", "Can I pay in instalments?"),
    "international_shipping": ("能寄到国外吗？", "Do you ship internationally?"),
    "invoice_types": ("能开哪些发票？", "What kinds of invoices can you issue?"),
    "lost_damaged_parcel": ("包裹丢了或坏了怎么办？", "What if my parcel is lost or damaged?"),
    "membership_levels": ("会员等级有哪些？", "What are the membership levels?"),
    "new_customer_benefits": ("新人有什么福利？", "What do new customers get?"),
    "non_returnable_items": ("哪些商品不能无理由退货？", "Which items can't be returned?"),
    "order_modification_window": (
        "下单后多久内可以改订单？",
        "How long after ordering can I change my order?",
    ),
    "order_split": ("为什么订单分成了几个包裹？", "Why was my order split into parcels?"),
    "parcel_proxy_signing": ("可以让别人代收快递吗？", "Can someone else sign for my parcel?"),
    "payment_methods": ("支持哪些付款方式？", "What payment methods do you accept?"),
    "points_rules": ("积分怎么获得和使用？", "How do points work?"),
    "presale": ("预售商品什么时候发货？", "How do pre-sale orders work?"),
    "price_protection": ("买完降价了能退差价吗？", "Do you offer price protection?"),
    "privacy_data": ("怎么删除我的个人数据？", "How do I delete my personal data?"),
    "product_authenticity": ("你们卖的是正品吗？", "Are your products genuine?"),
    "refund_timeline": ("退款多久到账？", "How long do refunds take?"),
    "repair_service": ("坏了怎么申请维修？", "How do I get something repaired?"),
    "return_policy": ("支持七天无理由退货吗？", "What is your return policy?"),
    "return_shipping_fee": ("退货运费谁出？", "Who pays for return shipping?"),
    "self_pickup": ("可以寄到驿站或快递柜自提吗？", "Can I pick my parcel up myself?"),
    "shipping_fee": ("运费怎么算？", "How much is shipping?"),
    "shipping_notification": ("发货了会通知我吗？", "Will I be told when my order ships?"),
    "trade_in": ("可以以旧换新吗？", "Do you take trade-ins?"),
    "unpaid_order_timeout": ("下单后多久不付款会取消？", "How long do I have to pay for an order?"),
    "warranty": ("保修期多久？", "How long is the warranty?"),
    "weekend_delivery": ("周末和节假日发货吗？", "Do you deliver on weekends and holidays?"),
}


def topic_of(response_key: str) -> str:
    """``faq/warranty`` → ``warranty``."""
    return response_key.split("/", 1)[-1]


def related_topics(ranking: Iterable[Mapping[str, Any]]) -> list[str]:
    """The topics to offer under the answer to the best topic of ``ranking`` (the selector's,
    best first): none when that topic is :data:`SURE`, else the next ones at least
    :data:`AT_LEAST` confident, at most :data:`MOST`, each once. Entries without a known topic
    or a number as confidence are skipped."""
    entries = []
    for entry in ranking:
        key, confidence = entry.get("intent_response_key"), entry.get("confidence")
        if isinstance(key, str) and isinstance(confidence, int | float):
            entries.append((topic_of(key), float(confidence)))
    if not entries or entries[0][1] >= SURE:
        return []
    answered, offered = entries[0][0], []
    for topic, confidence in entries[1:]:
        if confidence < AT_LEAST or len(offered) == MOST:
            break
        if topic in TITLES and topic != answered and topic not in offered:
            offered.append(topic)
    return offered


def suggestions(
    intent: str,
    intent_ranking: Iterable[Mapping[str, Any]],
    topic_ranking: Iterable[Mapping[str, Any]],
) -> list[str]:
    """The topics to offer under the answer to ``intent``, given the message's intent ranking
    (``name``, ``confidence``) and FAQ topic ranking, both best first."""
    topics = list(topic_ranking)
    if intent == FAQ:
        return related_topics(topics)
    if intent not in SELF_SERVICE_ANSWERS or not topics:
        return []
    faq = next((r.get("confidence") for r in intent_ranking if r.get("name") == FAQ), None)
    if not isinstance(faq, int | float) or faq < FAQ_AT_LEAST:
        return []
    key = topics[0].get("intent_response_key")
    return [topic_of(key)] if isinstance(key, str) and topic_of(key) in TITLES else []


def title(topic: str, language: str) -> str:
    """The topic's question in ``language`` (Chinese unless ``en``)."""
    chinese, english = TITLES[topic]
    return english if language == "en" else chinese


def buttons(topics: Iterable[str], language: str) -> list[dict[str, str]]:
    """One button per topic whose payload is its title: a click asks that question."""
    return [{"title": title(t, language), "payload": title(t, language)} for t in topics]
