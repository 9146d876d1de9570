"""Signed session tokens, the per-session rate limit and the message size limit."""

from datetime import datetime, timedelta, timezone

import pytest

from ticketing.domain.conversations import MAX_MESSAGE_CHARS, MessageRejected, clean_body
from ticketing.domain.conversations_limits import RateLimit, SessionSigner

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def test_only_the_issued_token_names_the_conversation() -> None:
    signer = SessionSigner(b"key-1")
    token = signer.token_for("abc")
    assert signer.conversation_of(token) == "abc"
    assert signer.conversation_of("abc") is None
    assert signer.conversation_of(token[:-1] + ("0" if token[-1] != "0" else "1")) is None
    assert SessionSigner(b"key-2").conversation_of(token) is None
    assert signer.conversation_of(None) is None and signer.conversation_of(42) is None


def test_a_customer_token_cannot_be_reused_as_a_session_token() -> None:
    signer = SessionSigner(b"key")
    customer = signer.customer_token("C2024050001")
    assert signer.customer_of(customer) == "C2024050001"
    assert signer.conversation_of(customer) is None
    assert signer.customer_of(signer.token_for("C2024050001")) is None


def test_the_bucket_allows_a_burst_then_one_message_per_second() -> None:
    limit = RateLimit(burst=3, per_second=1)
    assert [limit.allow(NOW) for _ in range(4)] == [True, True, True, False]
    assert limit.allow(NOW + timedelta(milliseconds=500)) is False
    assert limit.allow(NOW + timedelta(seconds=1, milliseconds=100)) is True
    assert limit.allow(NOW + timedelta(seconds=60)) is True


def test_message_bodies_are_stripped_and_bounded() -> None:
    assert clean_body("  你好 ") == "你好"
    assert clean_body("长" * MAX_MESSAGE_CHARS) == "长" * MAX_MESSAGE_CHARS
    for bad in ("", "   ", None, 5, "长" * (MAX_MESSAGE_CHARS + 1)):
        with pytest.raises(MessageRejected):
            clean_body(bad)
