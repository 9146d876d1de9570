"""Surface-pattern entities of customer messages: order and tracking numbers, phones, emails,
amounts and dates, found by rules (pure; no Rasa here, see :mod:`bot.entities`).

These entities have a fixed written form, so rules find them more reliably than a learned tagger
(measured: docs/benchmarks.md, "Conversation"). Patterns run on the folded text
(:func:`bot.textnorm.fold_text`: full-width digits and letters become ASCII, same length), so
``Ｅ１２３…`` and ``138 1234 5678`` are found too and offsets point into the original text.
Values are canonical: order and tracking numbers upper case, phones as 11 digits, amounts as a
decimal string, dates as written (the action resolves "明天" against its own clock).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.textnorm import fold_text

_NOT_ALNUM_BEFORE = r"(?<![a-z0-9])"
_NOT_ALNUM_AFTER = r"(?![a-z0-9])"
_NOT_DIGIT_BEFORE = r"(?<![0-9])"
_NOT_DIGIT_AFTER = r"(?![0-9])"

ORDER_ID = re.compile(_NOT_ALNUM_BEFORE + r"e\d{12}" + _NOT_ALNUM_AFTER)
TRACKING_NO = re.compile(
    _NOT_ALNUM_BEFORE
    + r"(?:(?:sf|yt|jd|zto|yd|jt|sto|ems|db)\d{10,15}|\d{12,15})"
    + _NOT_ALNUM_AFTER
)
PHONE = re.compile(
    _NOT_DIGIT_BEFORE + r"(?:\+?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})" + _NOT_DIGIT_AFTER
)
EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}")

_NUMBER = r"\d+(?:,\d{3})*(?:\.\d{1,2})?"
_CN_NUMERAL = r"[零一二两三四五六七八九十百千万]"
_CN_NUMBER = _CN_NUMERAL + "+"
AMOUNT = re.compile(
    r"(?:[¥￥$]\s?(?P<a>" + _NUMBER + r"))"
    r"|(?:(?:rmb|cny)\s?(?P<b>" + _NUMBER + r"))"
    r"|(?:" + _NOT_DIGIT_BEFORE + r"(?P<c>" + _NUMBER + r")\s?(?:元|块钱|块|rmb|yuan|cny|rmb))"
    r"|(?:(?P<d>" + _CN_NUMBER + r")(?:元|块钱|块))"
    # "付了三百二(左右)": no unit, but a money verb before a number in hundreds or more that no
    # measure word follows ("退了一百件" counts items)
    r"|(?:(?<=[付花扣退收]了)(?P<e>[一二两三四五六七八九]+[百千万]" + _CN_NUMERAL + r"*)"
    r"(?!" + _CN_NUMERAL + r"|[个件次单天台只双瓶盒箱包张位人年月日号斤克]))"
)

_WEEKDAY_ZH = r"(?:周|星期|礼拜)[一二三四五六日天1-7]"
_MONTH_EN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY_EN = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
DATE = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]?"
    # a day of the month, not a house number (张江路88号, 3号楼)
    r"|(?<![路街道巷弄])" + _NOT_DIGIT_BEFORE + r"\d{1,2}[号日](?![a-z楼栋院室门弄])"
    r"|大前天|前天|昨天|今天|明天|后天|大后天"
    r"|(?:上上|上|下下|下|这|本)?(?:个)?"
    + _WEEKDAY_ZH
    + r"|(?:上|这|本|下)(?:个)?(?:周|星期|礼拜|月(?![饼子嫂]))"
    r"|\b(?:the day before yesterday|day after tomorrow|yesterday|today|tomorrow)\b"
    r"|\b(?:last|next|this) (?:week|month|" + _WEEKDAY_EN + r")\b"
    r"|\b" + _MONTH_EN + r"\.? \d{1,2}(?:st|nd|rd|th)?\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)? (?:of )?" + _MONTH_EN + r"\b"
    r"|(?<!black )(?<!cyber )\b" + _WEEKDAY_EN + r"\b"
)

# Earlier kinds win where matches overlap: an order number is never also a tracking number.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", EMAIL),
    ("order_id", ORDER_ID),
    ("tracking_no", TRACKING_NO),
    ("phone", PHONE),
    ("date", DATE),
    ("amount", AMOUNT),
)


@dataclass(frozen=True)
class EntitySpan:
    """One entity found in a text: kind, canonical value, and its place in the original text."""

    entity: str
    value: str
    start: int
    end: int


def _canonical(entity: str, match: re.Match[str], original: str) -> str:
    if entity in ("order_id", "tracking_no"):
        return match.group(0).upper()
    if entity == "phone":
        return "".join(match.groups())
    if entity == "amount":
        number = next(value for value in match.groupdict().values() if value)
        return number.replace(",", "") if number[0].isdigit() else number
    if entity == "email":
        return match.group(0)
    return original[match.start() : match.end()]


def find_entities(text: str) -> list[EntitySpan]:
    """Every rule entity in ``text``, left to right, none overlapping another.

    >>> found = find_entities("订单Ｅ１００１２３４５６７８９，电话138-1234-5678")
    >>> [(e.entity, e.value) for e in found]
    [('order_id', 'E100123456789'), ('phone', '13812345678')]
    """
    if not text:
        return []
    folded = fold_text(text)
    taken: list[EntitySpan] = []
    for entity, pattern in _RULES:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if start == end or any(start < s.end and s.start < end for s in taken):
                continue
            value = _canonical(entity, match, text)
            taken.append(EntitySpan(entity, value, start, end))
    return sorted(taken, key=lambda span: span.start)
