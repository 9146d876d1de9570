"""How well the review of missed questions finds the bot's mistakes, measured offline.

Live, the gateway lists a customer message for review when the bot fell back, took it for out of
scope, was unsure (confidence below 0.5), or answered and the customer's next message passed the
answer over: a related question clicked, or a person asked for after an FAQ answer
(``ticketing.domain.bot_understanding``). Here every held-out message gets the same verdict from
its prediction, the click assumed whenever the right FAQ topic was among the related questions
under a wrong answer; a request for a person cannot be foreseen offline and is left out.

Reported, over in-scope messages: the share of the bot's mistakes (wrong intent, or the right
intent with the wrong FAQ topic) the review lists, and the share of its right answers it lists
anyway (what a reviewer reads for nothing); over out-of-scope messages, the share listed (all of
them should be: a question the service does not answer is one to look at); and the messages
listed per 100.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.channels.gateway import answer_guess
from bot.nlu_eval.examples import Example
from bot.nlu_eval.metrics import Prediction
from ticketing.domain.bot_understanding import Understanding, miss_of

OUT_OF_SCOPE = "out_of_scope"
FAQ = "faq"


def understanding(prediction: Prediction) -> Understanding:
    """What the gateway would store: the acted-on intent, the best guess, its confidence (for
    an FAQ question times the topic's), as kefu's Rasa channel reports them."""
    topic, topic_confidence = (prediction.response_ranking or ((None, None),))[0]
    guess, confidence = answer_guess(
        prediction.best_intent or prediction.intent,
        prediction.best_confidence,
        topic,
        topic_confidence,
    )
    return Understanding(prediction.intent, guess, min(max(confidence, 0.0), 1.0))


def answered_right(example: Example, prediction: Prediction) -> bool:
    """The intent, and for an FAQ question the topic, are the example's."""
    if example.intent != prediction.intent:
        return False
    return example.intent != FAQ or prediction.response_key == example.label


def listed(example: Example, prediction: Prediction, offered: Sequence[str]) -> bool:
    """Whether the review would list this message; ``offered``: the related questions shown."""
    if miss_of(understanding(prediction)) is not None:
        return True
    return not answered_right(example, prediction) and example.label in offered


def review_figures(
    examples: Sequence[Example],
    predictions: Sequence[Prediction],
    offered: Sequence[Sequence[str]],
) -> dict[str, float | int]:
    """Recall of mistakes, share of right answers listed, out-of-scope listed, listed per 100."""
    mistakes = right = mistakes_listed = right_listed = oos = oos_listed = 0
    for example, prediction, shown in zip(examples, predictions, offered, strict=True):
        is_listed = listed(example, prediction, shown)
        if example.intent == OUT_OF_SCOPE:
            oos += 1
            oos_listed += is_listed
        elif answered_right(example, prediction):
            right += 1
            right_listed += is_listed
        else:
            mistakes += 1
            mistakes_listed += is_listed
    total = len(examples)
    return {
        "mistakes": mistakes,
        "mistakes_listed": mistakes_listed / mistakes if mistakes else 0.0,
        "right_answers_listed": right_listed / right if right else 0.0,
        "out_of_scope_listed": oos_listed / oos if oos else 0.0,
        "listed_per_100": 100 * (mistakes_listed + right_listed + oos_listed) / total
        if total
        else 0.0,
    }
