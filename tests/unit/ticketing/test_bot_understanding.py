"""The review of missed questions: which messages the bot missed, grouped by what was said,
personal data masked, most often asked first."""

from datetime import datetime, timedelta, timezone

import pytest

from ticketing.domain.bot_understanding import (
    HeardMessage,
    Miss,
    Understanding,
    miss_of,
    missed_questions,
    same_question_key,
)

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
NOT_UNDERSTOOD = Understanding("nlu_fallback", "track_order", 0.21)
OUT_OF_SCOPE = Understanding("out_of_scope", "out_of_scope", 0.8)
UNSURE = Understanding("faq", "faq/warranty", 0.4)
SURE = Understanding("track_order", "track_order", 0.97)


def heard(
    body: str,
    understanding: Understanding = NOT_UNDERSTOOD,
    minutes_ago: int = 0,
    conversation: str = "c1",
    handed_over: bool = False,
    language: str = "zh",
) -> HeardMessage:
    return HeardMessage(
        body=body,
        understanding=understanding,
        at=NOW - timedelta(minutes=minutes_ago),
        conversation_id=conversation,
        language=language,
        handed_over=handed_over,
    )


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


def test_messages_saying_the_same_thing_are_one_question_with_its_counts() -> None:
    messages = [
        heard("保价险怎么买？", conversation="c1", minutes_ago=30),
        heard("保价险怎么买", conversation="c2", minutes_ago=20, handed_over=True),
        heard("保价险 怎么买!!", conversation="c2", minutes_ago=10, handed_over=True),
        heard("你们卖保险吗", OUT_OF_SCOPE, conversation="c3", minutes_ago=5),
        heard("我的订单到哪了", SURE, conversation="c4"),  # understood: not listed
    ]

    questions = missed_questions(messages)

    assert [(q.text, q.times, q.conversations, q.handed_over) for q in questions] == [
        ("保价险 怎么买!!", 3, 2, 1),  # the latest wording stands for the group
        ("你们卖保险吗", 1, 1, 0),
    ]
    first = questions[0]
    assert (first.miss, first.guess, first.confidence) == (Miss.NOT_UNDERSTOOD, "track_order", 0.21)
    assert first.last_at == NOW - timedelta(minutes=10)


def test_the_most_frequent_come_first_then_the_most_recent_and_the_list_is_capped() -> None:
    messages = [
        heard("a1", minutes_ago=50),
        heard("b1", minutes_ago=40),
        heard("b1", minutes_ago=39),
        heard("c1", minutes_ago=1),
    ]
    assert [q.text for q in missed_questions(messages)] == ["b1", "c1", "a1"]
    assert [q.text for q in missed_questions(messages, most=2)] == ["b1", "c1"]


def test_personal_data_never_reaches_the_review() -> None:
    messages = [
        heard("我手机13812345678，订单E100123456789还没到"),
        heard("mail me at echo.li@example.com", language="en"),
    ]
    texts = {q.text for q in missed_questions(messages)}
    assert texts == {"我手机[phone]，订单[number]还没到", "mail me at [email]"}


def test_the_same_question_with_different_numbers_is_one_question() -> None:
    messages = [heard("订单E100123456789怎么还没发货"), heard("订单E100987654321怎么还没发货")]
    [question] = missed_questions(messages)
    assert (question.text, question.times) == ("订单[number]怎么还没发货", 2)


def test_width_case_spacing_and_trailing_marks_do_not_make_another_question() -> None:
    assert same_question_key("  Ｗhere IS my   parcel?? ") == same_question_key(
        "where is my parcel"
    )
    assert same_question_key("怎么退货。。。") == same_question_key("怎么退货")
    assert same_question_key("?!") == ""


def test_a_message_of_only_punctuation_is_not_a_question() -> None:
    assert missed_questions([heard("？？？"), heard("   ")]) == []


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
