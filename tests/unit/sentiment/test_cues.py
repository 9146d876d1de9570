"""Explicit anger cues: threats, insults, runs of exclamation marks, English shouting."""

from __future__ import annotations

import pytest

from bot.sentiment.cues import find_anger_cues, is_shouting


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("再不处理我就投诉到12315", "threat"),
        ("我要去消协投诉", "threat"),
        ("等着被曝光吧", "threat"),
        ("我会请律师", "threat"),
        ("给你们差评", "threat"),
        ("I'll report you to the consumer council", "threat"),
        ("垃圾客服", "insult"),
        ("你们就是骗子", "insult"),
        ("you are scammers", "insult"),
        ("快点！！！", "exclaim"),
        ("hurry up!!!", "exclaim"),
        ("到底有没有人管？！", "exclaim"),
        ("WHERE IS MY REFUND", "shouting"),
    ],
)
def test_cue_is_found(text: str, reason: str):
    assert reason in find_anger_cues(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "我的快递到哪了",
        "订单号2023110912345帮我查一下",  # an order number that contains 12345
        "请问这个怎么操作",  # 操 inside 操作
        "洗衣机滚筒有异响",  # 滚 inside 滚筒
        "usb接口是什么规格",
        "多媒体功能怎么用",
        "工商银行卡可以付款吗",
        "谢谢！",
        "运单号 SF1234567890123 ORDER",
        "Can I get a VAT invoice?",
    ],
)
def test_plain_messages_have_no_cue(text: str):
    assert not find_anger_cues(text)


def test_shouting_needs_enough_capital_letters():
    assert is_shouting("I WANT MY MONEY BACK NOW")
    assert not is_shouting("OK")
    assert not is_shouting("I need a PDF copy of the invoice")
