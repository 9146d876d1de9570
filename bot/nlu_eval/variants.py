"""NLU pipeline variants compared in docs/benchmarks.md, derived from the product config.yml."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

# Rasa 3.6's default pipeline (what `rasa init` writes, the recipe's defaults), with the only
# change a Chinese assistant needs to work at all: JiebaTokenizer instead of WhitespaceTokenizer.
RASA_DEFAULT_PIPELINE: list[dict[str, Any]] = [
    {"name": "JiebaTokenizer"},
    {"name": "RegexFeaturizer"},
    {"name": "LexicalSyntacticFeaturizer"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
    {"name": "DIETClassifier", "epochs": 100, "constrain_similarities": True},
    {"name": "EntitySynonymMapper"},
    {"name": "ResponseSelector", "epochs": 100, "constrain_similarities": True},
    {"name": "FallbackClassifier", "threshold": 0.3, "ambiguity_threshold": 0.1},
]

VARIANTS = ("product", "baseline", "rasa_classifiers", "diet_entities", "rules_and_diet")
DESCRIPTIONS = {
    "product": "config.yml as shipped: entities by rules, intents and FAQ topics by linear models",
    "rasa_classifiers": "product's features, but DIET for intents and Rasa's ResponseSelector for "
    "FAQ topics (the config until 2026-12-06)",
    "baseline": "Rasa's default pipeline (JiebaTokenizer + CountVectors + DIET, defaults)",
    "diet_entities": "product, but entities by DIET alone (no rule extractor)",
    "rules_and_diet": "product, plus DIET entity recognition next to the rules",
}

# DIET and the ResponseSelector as the product pipeline used them until 2026-12-06.
DIET: dict[str, Any] = {
    "name": "DIETClassifier",
    "epochs": 20,
    "batch_size": [128, 256],
    "number_of_transformer_layers": 0,
    "constrain_similarities": True,
    "random_seed": 42,
}
RESPONSE_SELECTOR: dict[str, Any] = {
    "name": "ResponseSelector",
    "retrieval_intent": "faq",
    "epochs": 20,
    "dense_dimension": {"text": 128, "label": 20},
    "concat_dimension": {"text": 128, "label": 20},
    "hidden_layers_sizes": {"text": [], "label": []},
    "number_of_transformer_layers": 0,
    "constrain_similarities": True,
    "random_seed": 42,
}


def _position(pipeline: list[dict[str, Any]], name: str) -> int:
    return next(i for i, c in enumerate(pipeline) if c["name"].split(".")[-1] == name)


def _with_diet(pipeline: list[dict[str, Any]], **settings: Any) -> None:
    """Insert DIET where the intent classifier sits (before the FAQ topic selector)."""
    pipeline.insert(_position(pipeline, "LinearResponseSelector"), {**DIET, **settings})


def variant_config(product_config: dict[str, Any], variant: str) -> dict[str, Any]:
    """The NLU config (language, pipeline; no policies) of ``variant``."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
    config = {
        "recipe": product_config.get("recipe", "default.v1"),
        "language": product_config.get("language", "zh"),
        "pipeline": copy.deepcopy(product_config["pipeline"]),
    }
    pipeline = config["pipeline"]
    if variant == "baseline":
        config["pipeline"] = copy.deepcopy(RASA_DEFAULT_PIPELINE)
    elif variant == "rasa_classifiers":
        del pipeline[_position(pipeline, "LinearIntentClassifier")]
        _with_diet(pipeline, entity_recognition=False)
        pipeline[_position(pipeline, "LinearResponseSelector")] = copy.deepcopy(RESPONSE_SELECTOR)
    elif variant == "diet_entities":
        pipeline[:] = [c for c in pipeline if not c["name"].endswith("PatternEntityExtractor")]
        _with_diet(pipeline, intent_classification=False, entity_recognition=True)
    elif variant == "rules_and_diet":
        _with_diet(pipeline, intent_classification=False, entity_recognition=True)
    return config


def write_variant_config(config_path: Path, variant: str, out_dir: Path) -> Path:
    """Write the variant's config next to its results and return the path."""
    product = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"config_{variant}.yml"
    path.write_text(yaml.safe_dump(variant_config(product, variant), allow_unicode=True))
    return path
