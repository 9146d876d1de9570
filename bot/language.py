"""Which language a customer writes in, as a Rasa NLU component.

``detect_language`` is the pure rule; ``LanguageDetector`` adds it to every parsed message as the
entity ``language`` (value ``zh`` or ``en``), which fills the ``language`` slot through an ordinary
``from_entity`` mapping. Replies then pick their variation by that slot.

The rule: any Chinese character makes a message Chinese ("我的order还没到" is zh); otherwise two
or more Latin letters make it English; digits, emoji and punctuation alone decide nothing, so the
slot keeps the language of the previous message. A button payload ("/request_human") is not
something the customer wrote and decides nothing either.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

LANGUAGE_ENTITY = "language"
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str | None) -> str | None:
    """``"zh"``, ``"en"``, or ``None`` when the text shows no language at all."""
    if not text or text.startswith("/"):
        return None
    if _CHINESE.search(text):
        return "zh"
    if len(_LATIN.findall(text)) >= 2:
        return "en"
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetector(GraphComponent):
    """Adds the ``language`` entity to each message whose language can be told."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        """Rasa's constructor hook; the component has no state."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Tag each message; training data is left untouched so DIET never learns this entity."""
        for message in messages:
            text = message.get(TEXT)
            language = detect_language(text)
            if language is None:
                continue
            entity = {
                "entity": LANGUAGE_ENTITY,
                "value": language,
                "start": 0,
                "end": len(text),
                "confidence_entity": 1.0,
                "extractor": self.__class__.__name__,
            }
            message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
        return messages
