"""The review of missed questions: which messages the bot missed, and the key they are grouped
under (what was said, personal data masked)."""

from datetime import datetime, timezone

import pytest

from ticketing.domain.bot_understanding import (
    KEY_LENGTH,
    Answered,
    Miss,
    Review,
    Understanding,
    answered,
    miss_of,
    offered_questions,
    passed_over,
    question_key,
    review_of,
)

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
NOT_UNDERSTOOD = Understanding("nlu_fallback", "track_order", 0.21)
OUT_OF_SCOPE = Understanding("out_of_scope", "out_of_scope", 0.8)
UNSURE = Understanding("faq", "faq/warranty", 0.4)
SURE = Understanding("track_order", "track_order", 0.97)


@pytest.mark.parametrize(
    ("understanding", "miss"),
    [
        (NOT_UNDERSTOOD, Miss.NOT_UNDERSTOOD),
        (OUT_OF_SCOPE, Miss.OUT_OF_SCOPE),
        (UNSURE, Miss.UNSURE),
        (SURE, None),
        (Understanding("greet", "greet", 0.5), None),  # the threshold itself is sure enough
    ],
)
def test_a_message_is_missed_when_the_bot_fell_back_turned_it_away_or_was_unsure(
    understanding, miss
) -> None:
    assert miss_of(understanding) is miss


def test_a_missed_message_is_up_for_review_under_a_key_an_understood_one_is_not() -> None:
    assert review_of("保价险怎么买？", NOT_UNDERSTOOD) == Review(
        Miss.NOT_UNDERSTOOD, "保价险怎么买"
    )
    assert review_of("你们卖保险吗", OUT_OF_SCOPE) == Review(Miss.OUT_OF_SCOPE, "你们卖保险吗")
    assert review_of("我的订单到哪了", SURE) is None
    assert review_of("我的订单到哪了", None) is None  # Rasa said nothing about it


FAQ_ANSWER = Understanding("faq", "faq/warranty", 0.95)
OFFERED = [{"title": "维修怎么收费？", "payload": "维修怎么收费？"}]


def test_only_an_faq_answer_or_one_with_related_questions_is_remembered() -> None:
    assert answered(3, "保修多久？", FAQ_ANSWER, []) == Answered(3, "保修多久？", True, frozenset())
    offered = answered(3, "我的订单", SURE, OFFERED)
    assert offered == Answered(3, "我的订单", False, frozenset({"维修怎么收费？"}))
    assert answered(3, "你好", Understanding("greet", "greet", 0.99), []) is None
    assert answered(3, "你好", None, []) is None


def test_an_answer_passed_over_for_a_related_question_puts_its_message_up_for_review() -> None:
    answer = answered(3, "保修多久？", FAQ_ANSWER, OFFERED)
    assert passed_over(answer, "维修怎么收费？", "faq") == Review(Miss.PICKED_ANOTHER, "保修多久")


def test_a_person_asked_for_right_after_an_faq_answer_puts_its_message_up_for_review() -> None:
    answer = answered(3, "保修多久？", FAQ_ANSWER, [])
    assert passed_over(answer, "转人工", "request_human") == Review(
        Miss.ASKED_FOR_PERSON, "保修多久"
    )
    assert passed_over(answer, "谢谢", "thank") is None


def test_a_person_asked_for_after_another_kind_of_answer_says_nothing_about_it() -> None:
    answer = answered(3, "我的订单", SURE, OFFERED)  # related questions, not an FAQ answer
    assert passed_over(answer, "转人工", "request_human") is None


def test_related_question_buttons_ask_a_question_other_buttons_send_an_intent() -> None:
    buttons = [
        {"title": "运费怎么算？", "payload": "运费怎么算？"},
        {"title": "查订单", "payload": "/track_order"},
        {"title": "空", "payload": ""},
        {"title": "没有"},
    ]
    assert offered_questions(buttons) == {"运费怎么算？"}


def test_personal_data_never_reaches_the_key() -> None:
    assert (
        question_key("我手机13812345678，订单E100123456789还没到")
        == "我手机[phone],订单[number]还没到"
    )
    assert question_key("mail me at Echo.Li@example.com") == "mailmeat[email]"


def test_the_same_question_with_other_numbers_has_the_same_key() -> None:
    assert question_key("订单E100123456789怎么还没发货") == question_key(
        "订单E100987654321怎么还没发货"
    )


def test_width_case_spacing_and_trailing_marks_do_not_make_another_question() -> None:
    assert question_key("  Ｗhere IS my   parcel?? ") == question_key("where is my parcel")
    assert question_key("怎么退货。。。") == question_key("怎么退货")
    assert question_key("保价险 怎么买!!") == question_key("保价险怎么买？")


def test_a_message_of_only_punctuation_or_spaces_is_no_question() -> None:
    assert review_of("？？？", NOT_UNDERSTOOD) is None
    assert review_of("   ", NOT_UNDERSTOOD) is None


def test_a_very_long_message_has_a_bounded_key() -> None:
    assert len(question_key("我要投诉" * 500)) == KEY_LENGTH


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "nlu_fallback",
        {"intent": "greet", "guess": "greet"},
        {"intent": "greet", "guess": "greet", "confidence": 1.5},
        {"intent": "greet", "guess": "greet", "confidence": True},
        {"intent": "", "guess": "greet", "confidence": 0.5},
        {"intent": "x" * 81, "guess": "greet", "confidence": 0.5},
    ],
)
def test_a_malformed_understanding_counts_as_absent(raw) -> None:
    assert Understanding.from_json(raw) is None


def test_a_well_formed_understanding_is_read() -> None:
    raw = {"intent": "faq", "guess": "faq/warranty", "confidence": 0.45}
    assert Understanding.from_json(raw) == Understanding("faq", "faq/warranty", 0.45)
