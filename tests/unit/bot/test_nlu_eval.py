"""The evaluation's split and metrics: seeded, stratified, held out, and scored as specified."""

from __future__ import annotations

import pytest

from bot.nlu_eval.examples import (
    Example,
    comparable_text,
    stratified_folds,
    stratified_split,
    unseen,
)
from bot.nlu_eval.metrics import (
    Prediction,
    entity_f1,
    f1_by_label,
    macro_f1,
    out_of_scope_scores,
    percentile,
    threshold_sweep,
)


def examples() -> list[Example]:
    data = []
    for label, n_zh, n_en in (("greet", 10, 5), ("faq/shipping_fee", 7, 3), ("out_of_scope", 9, 4)):
        for language, n in (("zh", n_zh), ("en", n_en)):
            data += [
                Example(f"{label}-{language}-{i}", label, language, (), None) for i in range(n)
            ]
    return data


def test_split_is_stratified_seeded_disjoint_and_at_least_a_fifth():
    data = examples()
    train, test = stratified_split(data, 0.2, seed=7)
    _, again_test = stratified_split(data, 0.2, seed=7)
    assert [e.text for e in test] == [e.text for e in again_test]
    assert {e.text for e in train}.isdisjoint({e.text for e in test})
    assert len(train) + len(test) == len(data)
    assert len(test) >= 0.2 * len(data)
    groups = {(e.label, e.language) for e in data}
    assert {(e.label, e.language) for e in test} == groups


def test_folds_partition_the_data_and_each_holds_every_big_group():
    data = examples()
    folds = stratified_folds(data, 3, seed=1)
    assert sorted(e.text for f in folds for e in f) == sorted(e.text for e in data)
    for fold in folds:
        assert ("greet", "zh") in {(e.label, e.language) for e in fold}


def test_a_message_in_another_script_case_or_punctuation_is_the_same_message():
    assert comparable_text("換貨要多久？") == comparable_text("换货要多久")
    assert comparable_text("What time is it in New York?") == "whattimeisitinnewyork"
    assert comparable_text("我的ＯＲＤＥＲ 還沒到！") == comparable_text("我的order还没到")
    assert comparable_text("退货要多久") != comparable_text("换货要多久")


def test_a_test_scores_only_what_training_did_not_see():
    def example(text: str, label: str = "greet") -> Example:
        return Example(text, label, "zh", (), None)

    training = [example("亲，在吗"), example("申請退款", "get_refund")]
    tested = unseen(
        [example("亲在吗？"), example("申请退款", "track_refund"), example("有人吗")], training
    )
    assert [e.text for e in tested] == ["有人吗"]


def test_faq_topics_share_one_intent():
    assert Example("x", "faq/shipping_fee", "zh", (), None).intent == "faq"


def test_f1_and_macro_f1():
    truth = ["a", "a", "b", "b"]
    guess = ["a", "b", "b", "b"]
    assert f1_by_label(truth, guess) == {"a": pytest.approx(2 / 3), "b": pytest.approx(0.8)}
    assert macro_f1(truth, guess) == pytest.approx((2 / 3 + 0.8) / 2)
    assert macro_f1([], []) == 0.0


def test_entity_f1_needs_the_exact_span():
    gold = [(("order_id", 2, 15),), (("phone", 0, 11),)]
    guess = [(("order_id", 2, 15),), (("phone", 0, 10),)]
    scores = entity_f1(gold, guess, ["order_id", "phone"])
    assert scores["order_id"]["f1"] == 1.0
    assert scores["phone"]["f1"] == 0.0


def test_out_of_scope_caught_by_its_intent_or_the_fallback():
    truth = ["out_of_scope", "out_of_scope", "out_of_scope", "greet", "greet"]
    guess = ["out_of_scope", "nlu_fallback", "greet", "greet", "nlu_fallback"]
    scores = out_of_scope_scores(truth, guess)
    assert scores["caught"] == pytest.approx(2 / 3)
    assert scores["in_scope_turned_away"] == pytest.approx(1 / 2)


def test_threshold_sweep_replays_the_fallback_on_the_same_parses():
    truth = ["greet", "out_of_scope"]
    predictions = [
        Prediction("greet", None, (), 0.01, "greet", 0.45),
        Prediction("greet", None, (), 0.01, "greet", 0.35),
    ]
    low, high = threshold_sweep(truth, predictions, (0.3, 0.4))
    assert (low["oos_caught"], low["in_scope_turned_away"]) == (0.0, 0.0)
    assert (high["oos_caught"], high["in_scope_turned_away"]) == (1.0, 0.0)


def test_percentile_by_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile([], 50) == 0.0
