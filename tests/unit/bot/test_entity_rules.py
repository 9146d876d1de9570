"""Rule entities: what a customer writes, what the bot understands, and where it is."""

from __future__ import annotations

import pytest

from bot.entity_rules import find_entities


def found(text: str) -> list[tuple[str, str, str]]:
    return [(e.entity, e.value, text[e.start : e.end]) for e in find_entities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我的order还没到 E123456789012", [("order_id", "E123456789012", "E123456789012")]),
        ("单号e100123456789查一下", [("order_id", "E100123456789", "e100123456789")]),
        (
            "订单Ｅ１００１２３４５６７８９",
            [("order_id", "E100123456789", "Ｅ１００１２３４５６７８９")],
        ),
        ("快递单号SF123456789012", [("tracking_no", "SF123456789012", "SF123456789012")]),
        ("运单YT1234567890123到哪了", [("tracking_no", "YT1234567890123", "YT1234567890123")]),
        ("手机13812345678", [("phone", "13812345678", "13812345678")]),
        ("电话 138-1234-5678 找我", [("phone", "13812345678", "138-1234-5678")]),
        ("call +86 13912345678", [("phone", "13912345678", "+86 13912345678")]),
        ("邮箱a.b@qq.com谢谢", [("email", "a.b@qq.com", "a.b@qq.com")]),
        ("付了¥99.5", [("amount", "99.5", "¥99.5")]),
        ("一共1,299元", [("amount", "1299", "1,299元")]),
        ("大概三百块吧", [("amount", "三百", "三百块")]),
        ("i paid 299 yuan", [("amount", "299", "299 yuan")]),
        ("明天能到吗", [("date", "明天", "明天")]),
        ("11月23号买的", [("date", "11月23号", "11月23号")]),
        ("上周三下的单", [("date", "上周三", "上周三")]),
        ("ordered on Nov 20", [("date", "Nov 20", "Nov 20")]),
        ("2026-11-18 下单", [("date", "2026-11-18", "2026-11-18")]),
    ],
)
def test_rule_entities(text, expected):
    assert found(text) == expected


def test_an_order_number_is_not_also_a_tracking_number_or_phone():
    assert [e.entity for e in find_entities("E138123456789")] == ["order_id"]


def test_longer_digit_runs_are_not_phones():
    assert [e.entity for e in find_entities("1381234567890123456")] == []


@pytest.mark.parametrize(
    "text", ["", "   ", "😡😡", "'; DROP TABLE orders; --", "\x00\x01", "我要退款", "E12345"]
)
def test_nothing_found_in_text_without_entities(text):
    assert find_entities(text) == []


@pytest.mark.parametrize(
    "text",
    ["送到张江路88号", "3号楼2单元", "中关村大街1号院", "这个月饼好吃吗", "black friday deals?"],
)
def test_house_numbers_moon_cakes_and_black_friday_are_not_dates(text):
    assert [e.entity for e in find_entities(text)] == []


def test_a_day_of_the_month_and_a_weekday_still_are_dates():
    assert found("15号能发货吗 or this friday") == [
        ("date", "15号", "15号"),
        ("date", "this friday", "this friday"),
    ]
