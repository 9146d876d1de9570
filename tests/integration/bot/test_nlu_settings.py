"""The settings comparison: config.yml's featurizers fitted on the training part only, one line
of held-out figures per settings object."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.nlu_eval import settings

CHINESE = {
    "greet": ["你好", "您好呀", "在吗", "哈喽", "早上好", "嗨你好", "你好在不在", "晚上好"],
    "goodbye": ["再见", "拜拜", "下次聊", "先这样吧", "走了", "回头见", "再会啦", "那就这样"],
}
ENGLISH = {
    "greet": ["hello", "hi there", "hey", "good morning", "hi", "hello anyone", "hey hey", "yo"],
    "goodbye": ["bye", "see you", "goodbye", "later", "cya", "bye bye", "so long", "take care"],
}
PIPELINE = [
    {"name": "bot.tokenizer.MixedTextTokenizer"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "DIETClassifier", "epochs": 1, "number_of_transformer_layers": 0},
]


@pytest.fixture()
def project(tmp_path: Path) -> tuple[Path, Path]:
    lines = ['version: "3.1"', "nlu:"]
    for intent in CHINESE:
        lines += [f"  - intent: {intent}", "    examples: |"]
        lines += [f"      - {text}" for text in CHINESE[intent] + ENGLISH[intent]]
    data = tmp_path / "nlu"
    data.mkdir()
    (data / "nlu.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = tmp_path / "config.yml"
    config.write_text(yaml.safe_dump({"language": "zh", "pipeline": PIPELINE}), encoding="utf-8")
    return data, config


def test_featurizers_learn_their_vocabulary_from_the_training_part_only(project, tmp_path):
    data, _ = project
    bench = settings.Workbench(tmp_path)
    training_data, test, held_out = settings.featurized_split(PIPELINE, data, 42, bench)
    trained_texts = {m.get("text") for m in training_data.training_examples}
    assert trained_texts.isdisjoint({e.text for e in test})
    assert len(held_out) == len(test) >= 8  # a fifth of each intent and language
    width = held_out[0].get_sparse_features("text")[1].features.shape[1]
    vocabulary = {t.text for m in training_data.training_examples for t in m.get("text_tokens")}
    assert width == len(vocabulary)


def test_one_line_of_figures_per_settings_object(project, capsys):
    data, config = project
    settings.main(
        ["DIETClassifier", "{}", '{"epochs": 2}', "--data", str(data), "--config", str(config)]
    )
    lines = [line for line in capsys.readouterr().out.splitlines() if "DIETClassifier" in line]
    assert len(lines) == 2
    assert '{"epochs": 2}' in lines[1]
    for line in lines:
        assert re.search(r"macro-F1 zh \d\.\d{3} / en \d\.\d{3} over \d+ messages", line)


def test_settings_that_are_not_json_are_refused(project):
    data, config = project
    with pytest.raises(ValueError):
        settings.main(["DIETClassifier", "epochs=2", "--data", str(data), "--config", str(config)])


def test_a_classifier_config_yml_does_not_name_starts_from_its_defaults(project, capsys):
    data, config = project
    name = "bot.linear_intent.LinearIntentClassifier"
    settings.main([name, "{}", '{"C": 0.5}', "--data", str(data), "--config", str(config)])
    lines = [line for line in capsys.readouterr().out.splitlines() if name in line]
    assert len(lines) == 2 and '{"C": 0.5}' in lines[1]
    assert all(re.search(r"macro-F1 zh \d\.\d{3} / en \d\.\d{3}", line) for line in lines)


def test_several_seeds_give_a_line_per_split_and_their_mean(project, capsys):
    data, config = project
    name = "bot.linear_intent.LinearIntentClassifier"
    argv = [name, "{}", "--data", str(data), "--config", str(config), "--seed", "42"]
    settings.main([*argv, "--seed", "7"])
    lines = [line for line in capsys.readouterr().out.splitlines() if name in line]
    assert [("seed 42" in line, "seed 7" in line) for line in lines[:2]] == [
        (True, False),
        (False, True),
    ]
    [mean] = [line for line in lines if "mean of seeds 42, 7" in line]
    per_seed = [
        [float(x) for x in re.search(r"zh (\S+) / en (\S+) over", line).groups()]
        for line in lines[:2]
    ]
    expected = [sum(pair) / 2 for pair in zip(*per_seed, strict=True)]
    found = [float(x) for x in re.search(r"zh (\S+) / en (\S+) over", mean).groups()]
    assert found == pytest.approx(expected, abs=0.001)


def test_the_mean_of_figures_is_taken_key_by_key():
    runs = [
        settings.Figures({"zh": 0.8, "en": 0.9}, 10),
        settings.Figures({"zh": 0.9, "en": 0.7}, 12),
    ]
    mean = settings.Figures.mean(runs)
    assert mean.scores == pytest.approx({"zh": 0.85, "en": 0.8})
    assert mean.line() == "macro-F1 zh 0.850 / en 0.800 over 11 messages"
