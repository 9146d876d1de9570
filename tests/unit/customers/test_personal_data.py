"""Masking, encryption at rest and keyed lookup hashes of phone and email."""

import pytest

from ticketing.domain.personal_data import (
    PersonalDataCipher,
    PersonalDataError,
    mask_email,
    mask_mobile,
    mask_text,
)

KEY = "a-test-data-key-of-enough-length"


def test_a_mobile_is_masked_to_its_first_three_and_last_four_digits() -> None:
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_mobile(None) is None


def test_an_email_keeps_its_first_letter_and_domain() -> None:
    assert mask_email("echo@example.com") == "e***@example.com"
    assert mask_email("a@qq.com") == "a***@qq.com"


def test_encryption_round_trips_and_hides_the_value() -> None:
    cipher = PersonalDataCipher(KEY)
    token = cipher.encrypt("mobile", "13812345678")
    assert "13812345678" not in token and token.startswith("v1:")
    assert token != cipher.encrypt("mobile", "13812345678")  # fresh nonce each time
    assert cipher.decrypt("mobile", token) == "13812345678"


def test_a_ciphertext_does_not_open_with_another_key_or_in_another_field() -> None:
    token = PersonalDataCipher(KEY).encrypt("mobile", "13812345678")
    with pytest.raises(PersonalDataError):
        PersonalDataCipher(KEY + "x").decrypt("mobile", token)
    with pytest.raises(PersonalDataError):
        PersonalDataCipher(KEY).decrypt("email", token)


def test_lookup_hashes_are_equal_for_equal_values_and_depend_on_the_key() -> None:
    cipher = PersonalDataCipher(KEY)
    assert cipher.lookup_hash("mobile", "13812345678") == cipher.lookup_hash(
        "mobile", "13812345678"
    )
    assert cipher.lookup_hash("mobile", "13812345678") != cipher.lookup_hash(
        "mobile", "13812345679"
    )
    assert cipher.lookup_hash("mobile", "13812345678") != PersonalDataCipher(KEY + "x").lookup_hash(
        "mobile", "13812345678"
    )


def test_a_short_key_is_refused() -> None:
    with pytest.raises(PersonalDataError):
        PersonalDataCipher("short")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我的手机13812345678", "我的手机[phone]"),
        ("联系 +86 138-1234-5678 谢谢", "联系 [phone] 谢谢"),
        ("１３８１２３４５６７８", "[phone]"),  # full width
        ("邮箱 Echo.Li@example.com.cn", "邮箱 [email]"),
        ("订单E100123456789还没到", "订单[number]还没到"),
        ("快递SF1234567890", "快递[number]"),
        ("卡号6222 0210 1234 5678", "卡号[number]"),
        ("电话010-12345678", "电话[number]"),
        ("my order #20240501 is late", "my order #[number] is late"),
        # not personal: short numbers, prices, dates, product names
        ("买了3件，价格2999元", "买了3件，价格2999元"),
        ("2024-05-01下的单", "2024-05-01下的单"),
        ("iPhone 15 pro 有货吗", "iPhone 15 pro 有货吗"),
        ("我的order还没到", "我的order还没到"),
    ],
)
def test_free_text_has_its_contact_details_and_long_numbers_masked(text, masked) -> None:
    assert mask_text(text) == masked
