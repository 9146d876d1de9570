"""Sentiment of customer messages: label, calibrated P(negative) and an anger flag.

    from bot.sentiment import load_analyzer
    load_analyzer().predict(["我的快递到哪了", "再不退款我就投诉到12315！！！"])

Build the model first: ``.venv/bin/python -m bot.sentiment build``. See docs/sentiment.md.
Importing this package is cheap: nothing heavy loads before ``load_analyzer()`` is called.
"""

from bot.sentiment.errors import (
    SentimentDataMissing,
    SentimentError,
    SentimentModelIncompatible,
    SentimentModelMissing,
)
from bot.sentiment.loading import forget_loaded_models, load_analyzer

__all__ = [
    "SentimentDataMissing",
    "SentimentError",
    "SentimentModelIncompatible",
    "SentimentModelMissing",
    "forget_loaded_models",
    "load_analyzer",
]
