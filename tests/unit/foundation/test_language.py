"""The customer's language is told from the message, or left undecided."""

import pytest

from bot.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("你好", "zh"),
        ("我的order还没到", "zh"),
        ("訂單查詢", "zh"),
        ("hello", "en"),
        ("Where is my ORDER E123456789012?", "en"),
        ("ok", "en"),
        ("E123456789012", None),
        ("12345", None),
        ("😀😀", None),
        ("？？？!!!", None),
        ("a", None),
        ("", None),
        (None, None),
    ],
)
def test_detect_language(text: str | None, language: str | None) -> None:
    assert detect_language(text) == language
