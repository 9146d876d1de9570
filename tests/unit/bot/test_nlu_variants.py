"""The pipelines the evaluation compares, each derived from config.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.nlu_eval.variants import RASA_DEFAULT_PIPELINE, variant_config

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))


def names(variant: str) -> list[str]:
    return [c["name"].split(".")[-1] for c in variant_config(PRODUCT, variant)["pipeline"]]


def component(variant: str, name: str) -> dict:
    pipeline = variant_config(PRODUCT, variant)["pipeline"]
    return next(c for c in pipeline if c["name"].split(".")[-1] == name)


def test_the_product_uses_the_linear_models_and_no_tensorflow_classifier():
    product = names("product")
    assert "LinearIntentClassifier" in product and "LinearResponseSelector" in product
    assert "DIETClassifier" not in product and "ResponseSelector" not in product


def test_rasas_classifiers_take_the_linear_models_places_on_the_same_features():
    product, rasa = names("product"), names("rasa_classifiers")
    at = product.index("LinearIntentClassifier")
    assert rasa[:at] == product[:at]
    assert rasa[at:] == ["DIETClassifier", "ResponseSelector", *product[at + 2 :]]
    assert component("rasa_classifiers", "DIETClassifier")["entity_recognition"] is False
    assert component("rasa_classifiers", "ResponseSelector")["retrieval_intent"] == "faq"


def test_the_entity_variants_add_diet_for_entities_only():
    for variant in ("diet_entities", "rules_and_diet"):
        diet = component(variant, "DIETClassifier")
        assert diet["entity_recognition"] and not diet["intent_classification"]
        assert names(variant).index("DIETClassifier") < names(variant).index(
            "LinearResponseSelector"
        )
    assert "PatternEntityExtractor" not in names("diet_entities")
    assert "PatternEntityExtractor" in names("rules_and_diet")


def test_the_baseline_is_rasas_default_pipeline_and_the_product_is_untouched():
    assert variant_config(PRODUCT, "baseline")["pipeline"] == RASA_DEFAULT_PIPELINE
    before = yaml.safe_dump(PRODUCT)
    for variant in ("rasa_classifiers", "diet_entities", "rules_and_diet"):
        variant_config(PRODUCT, variant)
    assert yaml.safe_dump(PRODUCT) == before


def test_an_unknown_variant_names_the_known_ones():
    with pytest.raises(ValueError, match="choose from product, baseline"):
        variant_config(PRODUCT, "bert")
