"""Related questions under an uncertain FAQ answer (猜你想问): when they are offered, which, and
how they read in the customer's language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionSuggestRelatedFaq
from actions.faq_related import TITLES, buttons, related_topics, suggestions

from .fakes import make_tracker, user_event

DOMAIN = Path(__file__).resolve().parents[3] / "domain.yml"


def ranked(*pairs: tuple[str, float]) -> list[dict]:
    return [{"intent_response_key": f"faq/{t}", "confidence": c} for t, c in pairs]


def test_every_faq_topic_has_a_question_in_both_languages_and_no_other() -> None:
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    topics = {name.split("/", 1)[1] for name in responses if name.startswith("utter_faq/")}
    assert set(TITLES) == topics
    for chinese, english in TITLES.values():
        assert any("\u4e00" <= c <= "\u9fff" for c in chinese)
        assert english.isascii() and english.endswith("?")


def test_a_sure_answer_gets_no_suggestions() -> None:
    assert related_topics(ranked(("warranty", 0.95), ("repair_service", 0.04))) == []


def test_an_unsure_answer_offers_the_next_two_topics_that_are_likely_enough() -> None:
    ranking = ranked(
        ("warranty", 0.55),
        ("repair_service", 0.30),
        ("installation", 0.08),
        ("trade_in", 0.04),
    )
    assert related_topics(ranking) == ["repair_service", "installation"]
    assert related_topics(ranking[:2] + ranking[3:]) == ["repair_service"]  # 0.04 is too unlikely


def test_unknown_repeated_or_malformed_entries_are_skipped() -> None:
    ranking = [
        {"intent_response_key": "faq/warranty", "confidence": 0.5},
        {"intent_response_key": "faq/warranty", "confidence": 0.2},  # the answer itself
        {"intent_response_key": "faq/no_such_topic", "confidence": 0.15},
        {"intent_response_key": None, "confidence": 0.1},
        {"intent_response_key": "faq/shipping_fee", "confidence": "high"},
        {"intent_response_key": "faq/refund_timeline", "confidence": 0.06},
    ]
    assert related_topics(ranking) == ["refund_timeline"]
    assert related_topics([]) == []


def intents(*pairs: tuple[str, float]) -> list[dict]:
    return [{"name": name, "confidence": c} for name, c in pairs]


def test_a_self_service_answer_offers_the_faq_it_may_have_been() -> None:
    topics = ranked(("invoice_types", 0.8), ("payment_methods", 0.1))
    maybe = intents(("get_invoice", 0.6), ("faq", 0.3))
    assert suggestions("get_invoice", maybe, topics) == ["invoice_types"]
    sure = intents(("get_invoice", 0.85), ("faq", 0.1))
    assert suggestions("get_invoice", sure, topics) == []
    # forms and hand-overs get nothing: their next step is a question or a person
    assert suggestions("track_order", intents(("track_order", 0.5), ("faq", 0.4)), topics) == []
    assert suggestions("complaint", intents(("complaint", 0.5), ("faq", 0.4)), topics) == []
    assert suggestions("get_invoice", maybe, []) == []


def test_an_faq_answer_follows_the_topic_ranking_only() -> None:
    topics = ranked(("warranty", 0.6), ("repair_service", 0.3))
    assert suggestions("faq", intents(("faq", 0.99)), topics) == ["repair_service"]


def test_a_button_asks_the_question_it_shows() -> None:
    assert buttons(["warranty"], "zh") == [{"title": "保修期多久？", "payload": "保修期多久？"}]
    english = buttons(["warranty", "shipping_fee"], "en")
    assert [b["payload"] for b in english] == ["How long is the warranty?", "How much is shipping?"]


@pytest.mark.parametrize(
    ("language", "question"),
    [("zh", "坏了怎么申请维修？"), ("en", "How do I get something repaired?")],
)
async def test_the_action_adds_the_questions_under_its_lead_in(language, question) -> None:
    event = user_event("保修多久", "faq")
    event["parse_data"]["response_selector"] = {
        "faq": {"ranking": ranked(("warranty", 0.6), ("repair_service", 0.3))}
    }
    dispatcher = CollectingDispatcher()

    events = await ActionSuggestRelatedFaq().run(
        dispatcher, make_tracker([event], slots={"language": language}), {}
    )

    assert events == []
    [message] = dispatcher.messages
    assert message["response"] == "utter_faq_related"
    assert message["buttons"] == [{"title": question, "payload": question}]


async def test_under_a_self_service_answer_the_action_asks_did_you_mean() -> None:
    event = user_event("开发票收手续费吗", "get_invoice", confidence=0.6)
    event["parse_data"]["intent_ranking"] = intents(("get_invoice", 0.6), ("faq", 0.35))
    event["parse_data"]["response_selector"] = {"faq": {"ranking": ranked(("invoice_types", 0.9))}}
    dispatcher = CollectingDispatcher()

    await ActionSuggestRelatedFaq().run(dispatcher, make_tracker([event]), {})

    [message] = dispatcher.messages
    assert message["response"] == "utter_faq_maybe"
    question = TITLES["invoice_types"][0]
    assert message["buttons"] == [{"title": question, "payload": question}]


async def test_the_action_says_nothing_when_sure_or_without_a_ranking() -> None:
    sure = user_event("保修多久", "faq")
    sure["parse_data"]["response_selector"] = {"faq": {"ranking": ranked(("warranty", 0.97))}}
    bare = user_event("保修多久", "faq")  # no response_selector at all
    for event in (sure, bare):
        dispatcher = CollectingDispatcher()
        await ActionSuggestRelatedFaq().run(dispatcher, make_tracker([event]), {})
        assert dispatcher.messages == []
