"""Coverage: the share of common questions the bot answers right without a person."""

from __future__ import annotations

import pytest

from bot.evaluate_nlu import offered, self_service
from bot.nlu_eval.coverage import Coverage, Outcome, is_common_question, outcome
from bot.nlu_eval.examples import Example
from bot.nlu_eval.metrics import Prediction
from bot.nlu_eval.report import markdown_summary


def test_common_questions_are_what_the_bot_itself_settles():
    assert is_common_question("faq")
    assert is_common_question("track_order")
    assert is_common_question("get_refund")
    for intent in ("out_of_scope", "complaint", "product_issue", "request_human", "greet"):
        assert not is_common_question(intent)
    for intent in ("thank", "affirm", "deny", "stop", "inform", "give_feedback"):
        assert not is_common_question(intent)


def test_an_faq_is_answered_only_by_its_own_topic():
    assert outcome("faq/warranty", "faq", "faq/warranty") is Outcome.ANSWERED
    assert outcome("faq/warranty", "faq", "faq/installation") is Outcome.WRONG_ANSWER
    assert outcome("faq/warranty", "get_refund", None) is Outcome.WRONG_ANSWER


def test_an_intent_is_answered_by_itself_and_misread_in_three_ways():
    assert outcome("track_order", "track_order", None) is Outcome.ANSWERED
    assert outcome("track_order", "track_refund", None) is Outcome.WRONG_ANSWER
    assert outcome("track_order", "complaint", None) is Outcome.TO_A_PERSON
    assert outcome("track_order", "request_human", None) is Outcome.TO_A_PERSON
    assert outcome("track_order", "nlu_fallback", None) is Outcome.TURNED_AWAY
    assert outcome("track_order", "out_of_scope", None) is Outcome.TURNED_AWAY
    assert outcome("track_order", "", None) is Outcome.TURNED_AWAY


def test_coverage_counts_common_questions_only():
    readings = [
        ("faq/warranty", "faq", "faq/warranty", ()),  # answered
        ("track_order", "track_order", None, ()),  # answered
        ("get_invoice", "faq", "faq/invoice_types", ()),  # wrong answer
        ("payment_issue", "complaint", None, ()),  # to a person
        ("track_refund", "nlu_fallback", None, ()),  # turned away
        ("greet", "out_of_scope", None, ()),  # not a question: skipped
        ("complaint", "complaint", None, ()),  # a person's case by design: skipped
        ("out_of_scope", "faq", "faq/warranty", ()),  # out of scope: skipped
    ]
    coverage = Coverage.of(readings)
    assert coverage.questions == 5
    assert coverage.coverage == pytest.approx(2 / 5)
    assert coverage.share(Outcome.WRONG_ANSWER) == pytest.approx(1 / 5)
    assert coverage.share(Outcome.TO_A_PERSON) == pytest.approx(1 / 5)
    assert coverage.share(Outcome.TURNED_AWAY) == pytest.approx(1 / 5)
    assert sum(coverage.share(kind) for kind in Outcome) == pytest.approx(1.0)
    assert coverage.coverage_with_related == coverage.coverage  # nothing was offered


def test_a_wrong_answer_with_the_right_related_question_counts_with_related_questions():
    readings = [
        ("faq/repair_service", "faq", "faq/warranty", ("faq/repair_service",)),  # one click away
        ("faq/installation", "faq", "faq/warranty", ("faq/repair_service",)),  # not offered
        ("faq/warranty", "faq", "faq/warranty", ("faq/repair_service",)),  # answered anyway
    ]
    coverage = Coverage.of(readings)
    assert coverage.related == 1
    assert coverage.shown == 3
    assert coverage.coverage == pytest.approx(1 / 3)
    assert coverage.coverage_with_related == pytest.approx(2 / 3)


def test_no_questions_give_zero_not_an_error():
    coverage = Coverage.of([("greet", "greet", None, ())])
    assert coverage.questions == 0
    assert coverage.as_dict() == {
        "coverage": 0.0,
        "with_related_questions": 0.0,
        "related_questions_shown": 0.0,
        "answered": 0.0,
        "wrong_answer": 0.0,
        "to_a_person": 0.0,
        "turned_away": 0.0,
        "questions": 0,
    }


def test_the_evaluation_reports_coverage_per_language_and_prints_it():
    tested = [
        Example("保修多久", "faq/warranty", "zh", (), None),
        Example("我的快递到哪了", "track_order", "zh", (), None),
        Example("where is my parcel", "track_order", "en", (), None),
    ]
    read = [
        Prediction("faq", "faq/warranty", (), 0.01),
        Prediction("nlu_fallback", None, (), 0.01),
        Prediction("track_order", None, (), 0.01),
    ]
    unsure = Prediction(
        "faq", "faq/warranty", (), 0.01, response_ranking=(("faq/warranty", 0.6), ("faq/x", 0.3))
    )
    assert offered(unsure) == ()  # faq/x is no topic the bot knows
    unsure = Prediction(
        "faq",
        "faq/warranty",
        (),
        0.01,
        response_ranking=(("faq/warranty", 0.6), ("faq/repair_service", 0.3)),
    )
    assert offered(unsure) == ("faq/repair_service",)
    assert offered(Prediction("track_order", None, (), 0.01)) == ()
    figures = self_service(tested, read)
    assert figures["all"]["coverage"] == pytest.approx(2 / 3)
    assert figures["zh"]["coverage"] == pytest.approx(1 / 2)
    assert figures["zh"]["turned_away"] == pytest.approx(1 / 2)
    assert figures["en"]["coverage"] == 1.0

    text = markdown_summary({"folds": 5, "seed": 42, "per_fold": [], "pooled": _pooled(figures)})
    assert (
        "| product (CV) | 0.667 | 0.500 | 1.000 | 0.667 | 0.000 | 0.000 | 0.333 | 3 | 0.000 |"
        in text
    )


def _pooled(self_service_figures: dict) -> dict:
    """A cross-validation report's pooled part with only what the summary reads."""
    return {
        "intent_macro_f1": 0.9,
        "intent_macro_f1_by_language": {"zh": {"macro_f1": 0.9}, "en": {"macro_f1": 0.9}},
        "intent_accuracy": 0.9,
        "entities": {"order_id": {"f1": 1.0}, "phone": {"f1": 1.0}},
        "faq_retrieval": {"end_to_end_accuracy": 0.9},
        "out_of_scope": {"caught": 0.9, "in_scope_turned_away": 0.03},
        "latency_ms": {"p50": 3.0, "p99": 20.0},
        "self_service": self_service_figures,
    }


def test_the_held_out_summary_scores_collected_customer_questions_apart() -> None:
    tally = {"coverage": 0.9, "with_related_questions": 0.9, "wrong_answer": 0.05,
             "to_a_person": 0.0, "turned_away": 0.05, "questions": 20,
             "related_questions_shown": 0.0}  # fmt: skip
    figures = {"all": tally, "zh": tally, "en": tally}
    product = {**_pooled(figures), "intent_f1": {"track_order": 0.9}}
    collected = {**_pooled(figures), "intent_macro_f1": 0.8}
    report = {
        "split": {
            "seed": 42,
            "train": 100,
            "test": 20,
            "collected": 12,
            "collected_seen_in_training": 2,
        },
        "variants": {"product": {**product, "collected": collected}},
    }

    text = markdown_summary(report)

    assert "collected questions 12 (2 more left out" in text
    assert "| product on collected questions | 0.800 |" in text
    assert "| product, collected questions | 0.900 |" in text
