"""A button payload does not change the customer's language."""

from __future__ import annotations

import pytest

from bot.language import detect_language


@pytest.mark.parametrize("payload", ["/request_human", "/faq/refund_timeline", "/deny"])
def test_button_payloads_decide_no_language(payload):
    assert detect_language(payload) is None


def test_a_slash_inside_a_sentence_is_still_language():
    assert detect_language("退款/退货怎么弄") == "zh"
