"""A tiny sentiment model trained in memory from a few inline messages (no files, seconds)."""

from __future__ import annotations

import pytest

from bot.sentiment.analyzer import SentimentAnalyzer
from bot.sentiment.corpus import Example
from bot.sentiment.training import TrainingConfig, train

NEGATIVE = [
    "快递一周了还没到", "东西坏了，很失望", "退款两周了还没到账", "质量太差了", "客服一直不回复",
    "发错货了", "包装破了，杯子碎了", "等了半个月还没发货", "很不满意", "太慢了",
    "the parcel is late again", "very disappointed, it broke", "bad service",
]  # fmt: skip
ANGRY = [
    "再不退款我就投诉到12315！！！", "垃圾公司，骗子！", "我要找律师起诉你们", "退钱！！！",
    "气死我了！！！", "WHERE IS MY REFUND", "you are scammers", "等着被曝光吧", "废物客服",
    "什么破服务！！！",
]  # fmt: skip
NEUTRAL = [
    "我的快递到哪了", "怎么开发票", "请问什么时候发货", "订单号 20231118004 帮我查一下",
    "可以改地址吗", "退货流程是怎样的", "好的", "在吗", "转人工", "积分怎么用",
    "where is my order", "how do I get an invoice", "ok",
]  # fmt: skip
POSITIVE = [
    "谢谢，问题解决了", "退款收到了，感谢", "服务很好，点赞", "物流很快，很满意", "太感谢了",
    "质量不错，好评", "客服很耐心，谢谢", "收到了，很喜欢", "辛苦了，谢谢", "非常满意",
    "thanks, that fixed it", "great service", "very happy with it",
]  # fmt: skip


def _examples() -> list[Example]:
    rows = [(t, "negative", False) for t in NEGATIVE] + [(t, "negative", True) for t in ANGRY]
    rows += [(t, "neutral", False) for t in NEUTRAL] + [(t, "positive", False) for t in POSITIVE]
    return [Example(text, label, "chat", anger=angry) for text, label, angry in rows]


@pytest.fixture(scope="session")
def analyzer() -> SentimentAnalyzer:
    """An analyzer over a model trained on the inline messages above."""
    chat = _examples()
    reviews = [ex for ex in chat if ex.label != "neutral"]
    model = train(
        reviews,
        chat,
        reviews,
        lexicon={"great": 3.1, "happy": 2.7, "bad": -2.5, "disappointed": -1.9},
        simplify={"東": "东", "壞": "坏", "謝": "谢"},
        config=TrainingConfig(min_df=1, folds=3),
    )
    model.info["version"] = "test"
    return SentimentAnalyzer(model)
