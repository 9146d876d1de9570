"""The review of missed questions measured offline: which held-out messages it would list, and
how much of the bot's mistakes that covers."""

from __future__ import annotations

import pytest

from bot.nlu_eval.examples import Example
from bot.nlu_eval.metrics import Prediction
from bot.nlu_eval.review import listed, review_figures, understanding
from ticketing.domain.bot_understanding import Understanding


def example(label: str, text: str = "x") -> Example:
    return Example(text, label, "zh", (), None)


def said(intent: str, confidence: float, topics: tuple = (), key: str | None = None) -> Prediction:
    best = "faq" if intent == "nlu_fallback" and topics else intent
    return Prediction(intent, key, (), 0.01, best, confidence, topics)


def test_the_stored_understanding_of_an_faq_answer_is_its_topic_with_both_confidences() -> None:
    prediction = said("faq", 0.9, (("faq/warranty", 0.5),), "faq/warranty")
    assert understanding(prediction) == Understanding("faq", "faq/warranty", pytest.approx(0.45))


@pytest.mark.parametrize(
    ("label", "prediction", "offered", "expected"),
    [
        ("track_order", said("track_order", 0.95), (), False),  # right and sure
        ("track_order", said("nlu_fallback", 0.2), (), True),  # fell back
        ("cancel_order", said("track_order", 0.4), (), True),  # wrong and unsure
        ("cancel_order", said("track_order", 0.9), (), False),  # wrong but sure: missed
        # a sure but wrong FAQ answer, the right topic offered under it: the customer clicks it
        ("faq/repair_service", said("faq", 0.95, (("faq/warranty", 0.8),), "faq/warranty"),
         ("faq/repair_service",), True),
        ("faq/repair_service", said("faq", 0.95, (("faq/warranty", 0.8),), "faq/warranty"),
         ("faq/price_protection",), False),
    ],
)  # fmt: skip
def test_a_message_is_listed_when_the_live_review_would_list_it(
    label, prediction, offered, expected
) -> None:
    assert listed(example(label), prediction, offered) is expected


def test_the_figures_say_how_much_of_the_mistakes_the_review_lists_and_at_what_cost() -> None:
    examples = [example("track_order"), example("cancel_order"), example("cancel_order"),
                example("get_refund"), example("out_of_scope")]  # fmt: skip
    predictions = [
        said("track_order", 0.95),  # right, not listed
        said("track_order", 0.4),  # wrong, listed
        said("track_order", 0.9),  # wrong, not listed
        said("get_refund", 0.45),  # right but unsure: listed for nothing
        said("out_of_scope", 0.9),  # turned away: listed
    ]

    figures = review_figures(examples, predictions, [()] * 5)

    assert figures == {
        "mistakes": 2,
        "mistakes_listed": 0.5,
        "right_answers_listed": 0.5,
        "out_of_scope_listed": 1.0,
        "listed_per_100": 60.0,
    }
