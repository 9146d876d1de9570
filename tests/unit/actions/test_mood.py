"""Reactions to sentiment: empathy before the answer, a person offered on anger or the second
negative message in a row."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import Sentiment, sentiment_of, strongest_recent_sentiment
from actions.mood import ValidateSlotMappings, mood_reaction
from tests.unit.actions.fakes import make_tracker, user_event

NEGATIVE = {"label": "negative", "score": 0.9, "anger": False}
ANGRY = {"label": "negative", "score": 0.98, "anger": True}
NEUTRAL = {"label": "neutral", "score": 0.2, "anger": False}

DOMAIN = {"slots": {"negative_streak": {"type": "float", "mappings": [{"type": "custom"}]}}}


async def react(events, streak=0.0):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(events, slots={"negative_streak": streak})
    result = await ValidateSlotMappings().run(dispatcher, tracker, DOMAIN)
    return [m["response"] for m in dispatcher.messages], result


async def test_first_negative_message_is_acknowledged():
    said, events = await react(
        [user_event("怎么还没到，烦死了", "track_order", sentiment=NEGATIVE)]
    )
    assert said == ["utter_empathize"]
    assert events == [SlotSet("negative_streak", 1.0)]


async def test_second_negative_message_in_a_row_brings_the_offer_of_a_person():
    said, events = await react(
        [user_event("还没到", "track_order", sentiment=NEGATIVE)], streak=1.0
    )
    assert said == ["utter_empathize_offer_human"]
    assert events == [SlotSet("negative_streak", 2.0)]


async def test_anger_brings_the_offer_at_once():
    said, _ = await react([user_event("你们是骗子吧！！", "payment_issue", sentiment=ANGRY)])
    assert said == ["utter_empathize_offer_human"]


async def test_a_calm_message_resets_the_streak_silently():
    said, events = await react([user_event("好的", "affirm", sentiment=NEUTRAL)], streak=3.0)
    assert said == []
    assert events == [SlotSet("negative_streak", 0.0)]


async def test_missing_sentiment_counts_as_neutral():
    said, events = await react([user_event("查订单", "track_order")], streak=1.0)
    assert said == []
    assert events == [SlotSet("negative_streak", 0.0)]


@pytest.mark.parametrize("intent", ["request_human", "complaint"])
def test_no_offer_when_the_customer_already_asks_for_a_person_or_complains(intent):
    assert mood_reaction(Sentiment("negative", 0.99, True), 2, intent) is None


@pytest.mark.parametrize(
    "raw",
    [None, "negative", {"label": "furious"}, {"label": "negative", "score": "x"}, {"score": 0.9}],
)
def test_malformed_sentiment_never_raises(raw):
    sentiment = sentiment_of({"sentiment": raw})
    assert isinstance(sentiment, Sentiment)
    assert sentiment.score in (0.0,) or sentiment.label == "negative"


def test_strongest_recent_sentiment_keeps_anger_from_an_earlier_message():
    events = [
        user_event("气死了", "complaint", sentiment=ANGRY),
        user_event("东西坏了", "inform", sentiment=NEGATIVE),
    ]
    assert strongest_recent_sentiment(events) == Sentiment("negative", 0.98, True)


FALLBACK_DOMAIN = {
    "slots": {"repeated_misunderstanding": {"type": "bool", "mappings": [{"type": "custom"}]}}
}


async def misunderstanding_flag(events):
    tracker = make_tracker(events)
    result = await ValidateSlotMappings().run(CollectingDispatcher(), tracker, FALLBACK_DOMAIN)
    return result


async def test_second_misunderstanding_in_a_row_sets_the_flag():
    events = [user_event("啊吧", "nlu_fallback", 0.2), user_event("嗯哼", "nlu_fallback", 0.1)]
    assert await misunderstanding_flag(events) == [SlotSet("repeated_misunderstanding", True)]


async def test_misunderstandings_separated_by_an_understood_message_do_not_add_up():
    events = [
        user_event("啊吧", "nlu_fallback", 0.2),
        user_event("你好", "greet"),
        user_event("嗯哼", "nlu_fallback", 0.1),
    ]
    assert await misunderstanding_flag(events) == [SlotSet("repeated_misunderstanding", False)]


async def test_a_button_payload_changes_nothing():
    said, events = await react(
        [user_event("/request_human", "request_human", sentiment=NEGATIVE)], streak=1.0
    )
    assert said == []
    assert events == []


async def test_the_per_message_validation_warns_about_no_slot(caplog):
    with caplog.at_level("WARNING", logger="rasa_sdk.forms"):
        await react([user_event("还没到", "track_order", sentiment=NEGATIVE)], streak=1.0)
    assert not [r for r in caplog.records if "Skipping validation" in r.getMessage()]
