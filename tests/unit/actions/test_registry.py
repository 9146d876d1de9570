"""The action server serves exactly the custom actions the domain declares."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

DOMAIN = Path(__file__).resolve().parents[3] / "domain.yml"


def test_every_domain_action_is_registered_and_nothing_else():
    executor = ActionExecutor()
    executor.register_package("actions")
    declared = set(yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["actions"])
    assert set(executor.actions) == declared
