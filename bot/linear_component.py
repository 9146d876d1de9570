"""What the linear intent classifier and the linear FAQ topic selector share as Rasa components:
settings, training on labelled examples, and the model storage (an ``.npz`` of arrays plus a
small JSON state, no pickles)."""

from __future__ import annotations

import json
import logging
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers import LABEL_RANKING_LENGTH
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.linear_labeller import LinearLabeller

logger = logging.getLogger(__name__)
MODEL_FILE = "linear_model.npz"
STATE_FILE = "state.json"


class LinearModelComponent(IntentClassifier, GraphComponent):
    """A trainable component around one :class:`bot.linear_labeller.LinearLabeller`.

    Subclasses say which examples and labels to learn (:meth:`labelled`), what else to keep
    from the training data (:meth:`state_from`) and what to write on messages (``process``)."""

    @classmethod
    def required_components(cls) -> list[type]:
        """Sentence features come from featurizers earlier in the pipeline."""
        return [Featurizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``C``: the SVM's regularisation (smaller: smoother); ``calibration_folds``: folds of
        the out-of-fold scores the confidence scale is fitted on; ``ranking_length``: labels
        kept in the ranking (0: all); ``random_seed``: for the folds and the solver."""
        return {
            "C": 2.0,
            "calibration_folds": 3,
            "ranking_length": LABEL_RANKING_LENGTH,
            "random_seed": 42,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: LinearLabeller | None = None,
        state: dict[str, Any] | None = None,
    ) -> None:
        """Use :meth:`create` or :meth:`load`."""
        self._config = {**self.get_default_config(), **config}
        self.validate_config(self._config)
        self._model_storage = model_storage
        self._resource = resource
        self._model = model
        self._state = state or {}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """``C`` must be positive and there must be at least two calibration folds."""
        if float(config.get("C", 0)) <= 0:
            raise ValueError(f"{cls.__name__}: 'C' must be a positive number")
        if int(config.get("calibration_folds", 0)) < 2:
            raise ValueError(f"{cls.__name__}: 'calibration_folds' must be at least 2")

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearModelComponent:
        """An untrained component."""
        return cls(config, model_storage, resource)

    def labelled(self, training_data: TrainingData) -> tuple[list[Message], list[str]]:
        """The examples to learn from and their labels."""
        raise NotImplementedError

    def state_from(self, training_data: TrainingData) -> dict[str, Any]:
        """What else to keep from the training data (JSON-serialisable); nothing by default."""
        return {}

    def train(self, training_data: TrainingData) -> Resource:
        """Fit the model on :meth:`labelled` and store it with :meth:`state_from`."""
        examples, labels = self.labelled(training_data)
        if not examples:
            logger.debug("%s: nothing labelled to train on", type(self).__name__)
            return self._resource
        self._model = LinearLabeller.train(
            examples,
            labels,
            c=float(self._config["C"]),
            folds=int(self._config["calibration_folds"]),
            seed=int(self._config["random_seed"]),
        )
        self._state = self.state_from(training_data)
        with self._model_storage.write_to(self._resource) as directory:
            self._model.save(directory / MODEL_FILE)
            (directory / STATE_FILE).write_text(
                json.dumps(self._state, ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearModelComponent:
        """The trained component, or an untrained one if training had nothing to learn (Rasa
        then keeps no resource). A resource without its files is an error, not an empty model."""
        with ExitStack() as stack:
            try:
                directory = stack.enter_context(model_storage.read_from(resource))
            except ValueError:  # Rasa's way of saying the resource was never written
                logger.debug("%s: no trained model in %s", cls.__name__, resource.name)
                return cls(config, model_storage, resource)
            return cls._from_directory(config, model_storage, resource, Path(directory))

    @classmethod
    def _from_directory(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        directory: Path,
    ) -> LinearModelComponent:
        missing = [name for name in (MODEL_FILE, STATE_FILE) if not (directory / name).is_file()]
        if missing:
            raise ValueError(
                f"{cls.__name__}: the trained model lacks {', '.join(missing)} in "
                f"{resource.name}; train the model again (make model)"
            )
        model = LinearLabeller.load(directory / MODEL_FILE)
        state = json.loads((directory / STATE_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, model, state)

    @property
    def ranking_length(self) -> int:
        """Labels kept in a ranking (0: all)."""
        return int(self._config["ranking_length"])
