"""Length-preserving normalisation of customer text, shared by the tokenizer and entity rules.

Every function maps one character to exactly one character, so an offset into the normalised
text is the same offset into what the customer typed: entities and tokens point at the original.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Traditional characters common in shop talk, each with its simplified form. Only 1:1 pairs, so
# the mapping keeps offsets; rarer characters still share character n-grams with the training data.
_TRADITIONAL = (
    "訂單貨運費號碼還沒發寄來買賣價錢區這個們麼為與會員積點優惠劵券換退款項質問題壞顯"
    "顧務時間開發票稅務專聯繫電話碼聽說讓謝謝請幫忙處理網絡帳戶密碼綁機態狀況總額"
    "實際紅包滿減滅收貨址區縣鎮鄉門戶關閉轉給裝維修換舊新購物車選擇條碼備註認證"
    "記錄歷史詢簽遞達當頭麵線風險損傷傳輸遲誤陳舊經濟裡個別錯誤應該為什麼嗎呢"
)
_SIMPLIFIED = (
    "订单货运费号码还没发寄来买卖价钱区这个们么为与会员积点优惠劵券换退款项质问题坏显"
    "顾务时间开发票税务专联系电话码听说让谢谢请帮忙处理网络帐户密码绑机态状况总额"
    "实际红包满减灭收货址区县镇乡门户关闭转给装维修换旧新购物车选择条码备注认证"
    "记录历史询签递达当头面线风险损伤传输迟误陈旧经济里个别错误应该为什么吗呢"
)
SIMPLIFY = str.maketrans(dict(zip(_TRADITIONAL, _SIMPLIFIED, strict=True)))


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    """One character in canonical form: NFKC (full-width → ASCII), simplified, lower case."""
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) != 1:
        folded = char
    if unicodedata.category(folded)[0] == "C" and folded not in "\t\n\r":
        return " "
    lowered = folded.lower()
    if len(lowered) == 1:
        folded = lowered
    return folded.translate(SIMPLIFY)


def fold_text(text: str) -> str:
    """``text`` with every character folded by :func:`_fold`; ``len`` never changes.

    >>> fold_text("我的ＯＲＤＥＲ還沒到")
    '我的order还没到'
    """
    return "".join(_fold(char) for char in text)
