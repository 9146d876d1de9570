"""``PatternEntityExtractor``: the rules of :mod:`bot.entity_rules` as a Rasa NLU component.

It adds each rule entity to the parse result (``extractor: PatternEntityExtractor``), skipping
a span another extractor already filled with the same entity, so it can run next to DIET for the
ablation in docs/benchmarks.md. Training data is left untouched.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.entity_rules import find_entities

ALL_ENTITIES = ("order_id", "tracking_no", "phone", "email", "amount", "date")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PatternEntityExtractor(GraphComponent):
    """Adds order_id, tracking_no, phone, email, amount and date found by rules."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``entities``: which rule entities to add (default: all of them)."""
        return {"entities": list(ALL_ENTITIES)}

    def __init__(self, entities: list[str]) -> None:
        """Add only these entity kinds."""
        self._entities = frozenset(entities)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PatternEntityExtractor:
        """Rasa's constructor hook; the component has no trained state."""
        return cls(config["entities"])

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the rule entities of each message to its ``entities``."""
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text:
                continue
            existing = message.get(ENTITIES, [])
            taken = {(e.get("entity"), e.get("start"), e.get("end")) for e in existing}
            found = [
                {
                    "entity": span.entity,
                    "value": span.value,
                    "start": span.start,
                    "end": span.end,
                    "confidence_entity": 1.0,
                    "extractor": self.__class__.__name__,
                }
                for span in find_entities(text)
                if span.entity in self._entities
                and (span.entity, span.start, span.end) not in taken
            ]
            message.set(ENTITIES, [*existing, *found], add_to_output=True)
        return messages
