"""Explicit anger cues: what an agent would escalate on sight, whatever a model says.

Four kinds, each a reason string in :class:`AngerCues`:
- ``threat``: complaining to a regulator or the police, going to the media or social networks,
  lawyers and courts, a public bad review (12315, 消协, 曝光, 律师, 差评, "consumer council").
- ``insult``: abuse aimed at the company or the agent (垃圾, 骗子, 废物, "scammers", "useless").
- ``exclaim``: three or more exclamation marks in a row (``！！！``, ``!!!``) or ``?!`` runs.
- ``shouting``: English written mostly in capitals (at least 6 capital letters, 60 % of all latin
  letters, codes such as order numbers excluded).
Pure functions over the raw text (capitals matter, so no lower-casing first).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_THREATS_ZH = re.compile(
    r"(?<!\d)(12315|12345)(?!\d)|消协|消费者协会|消基会|工商局|工商部门|找工商|市场监管|市场监督|"
    r"银保监|报警|律师|起诉|法院|告你们|法律程序|走法律|维权|曝光|找媒体|让媒体|媒体曝光|记者|"
    r"发微博|发抖音|发小红书|黑猫投诉|大众点评上|发帖|网上揭发|发到网上|差评|投诉到底|一直投诉|举报"
)
_INSULTS_ZH = re.compile(
    r"垃圾|骗子|骗纸|骗钱|诈骗|废物|饭桶|傻逼|傻b|智障|脑残|有病|脑子有问题|去死|"
    r"(?:^|[^翻打])滚(?:蛋|吧|开|远|出去|[!！。，,]|$)|妈的|tmd|他妈|(?:^|[我草卧])操(?![作心场练控纵办守])|"
    r"卧槽|老子|土匪|黑店|黑心|无良|流氓|恶心|坑爹|死人|懒鬼|当我傻|听不懂人话|抢钱|倒闭"
)
_THREATS_EN = re.compile(
    r"\b(consumer (association|council|protection)|authorities|regulator|police|lawyer|"
    r"attorney|sue|suing|court|chargeback|the press|journalist|twitter|social media|"
    r"report (you|this)|review site|1 star)\b"
)
_INSULTS_EN = re.compile(
    r"\b(scam|scams|scammers?|fraud|liars?|lying|useless|stupid|idiots?|incompetent|pathetic|"
    r"disgrace|disgusting|joke|wtf|f\*+\w*|fuck\w*|hell|morons?|clowns?)\b"
)
_EXCLAIM = re.compile(r"!{3,}|[!?]*(\?!|!\?)[!?]*")
# Latin words standing alone: "SF1234567890123" or "DD88213456" are codes, not shouting.
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])")
_SHOUT_MIN_CAPITALS = 6
_SHOUT_SHARE = 0.6


@dataclass(frozen=True)
class AngerCues:
    """The explicit anger cues found in one message (empty ``reasons`` when none)."""

    reasons: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.reasons)

    @property
    def content(self) -> bool:
        """A threat or an insult: anger by what is said."""
        return "threat" in self.reasons or "insult" in self.reasons

    @property
    def intensity(self) -> bool:
        """Exclamation runs or capitals: they amplify what is said, whatever its polarity."""
        return "exclaim" in self.reasons or "shouting" in self.reasons


def find_anger_cues(text: str) -> AngerCues:
    """Return the explicit anger cues of a raw (un-normalised) message."""
    folded = unicodedata.normalize("NFKC", text)
    lower = folded.lower()
    reasons = []
    if _THREATS_ZH.search(lower) or _THREATS_EN.search(lower):
        reasons.append("threat")
    if _INSULTS_ZH.search(lower) or _INSULTS_EN.search(lower):
        reasons.append("insult")
    if _EXCLAIM.search(folded):
        reasons.append("exclaim")
    if is_shouting(folded):
        reasons.append("shouting")
    return AngerCues(tuple(reasons))


def is_shouting(text: str) -> bool:
    """True when the English words of ``text`` are mostly capitals ("WHERE IS MY REFUND")."""
    words = _LATIN_WORD.findall(text)
    letters = sum(len(w) for w in words)
    capitals = sum(1 for w in words for ch in w if ch.isupper())
    return capitals >= _SHOUT_MIN_CAPITALS and capitals >= _SHOUT_SHARE * letters
