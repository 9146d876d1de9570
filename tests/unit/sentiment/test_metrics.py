"""Evaluation measures."""

from __future__ import annotations

import math

from bot.sentiment.metrics import (
    accuracy,
    expected_calibration_error,
    macro_f1,
    precision_recall,
)


def test_accuracy_and_macro_f1():
    gold = ["negative", "neutral", "positive", "negative"]
    predicted = ["negative", "negative", "positive", "negative"]
    assert accuracy(gold, predicted) == 0.75
    # F1: negative 0.8, neutral 0.0, positive 1.0
    assert math.isclose(macro_f1(gold, predicted, ["negative", "neutral", "positive"]), 0.6)


def test_precision_and_recall_of_anger():
    assert precision_recall([True, True, False, False], [True, False, True, False]) == (0.5, 0.5)
    precision, recall = precision_recall([False, False], [False, False])
    assert math.isnan(precision) and math.isnan(recall)


def test_a_perfectly_calibrated_forecast_has_zero_ece():
    assert expected_calibration_error([0.25] * 4, [True, False, False, False]) == 0.0


def test_an_overconfident_forecast_has_large_ece():
    assert math.isclose(expected_calibration_error([0.95] * 4, [True, False, False, False]), 0.7)
