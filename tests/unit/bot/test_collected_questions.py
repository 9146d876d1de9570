"""Importing labelled real customer questions (the missed-questions CSV): four in five go to the
training data, one in five is held out, masks become annotated made-up values, and a file with
any problem changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.nlu_eval.collected import (
    CollectedFileError,
    Question,
    import_questions,
    main,
    read_held_out,
    unmask,
)
from bot.nlu_eval.examples import load_examples

ORDERS = """version: "3.1"
nlu:
  - intent: track_order
    examples: |
      - 我的快递到哪了

  - intent: out_of_scope
    examples: |
      - 今天天气怎么样
"""
FAQ = """version: "3.1"
nlu:
  - intent: faq/warranty
    examples: |
      - 保修多久
"""
HEADER = "text,language,miss,guess,confidence,times,conversations,handed_over,last_at,label\n"
QUESTIONS = [
    ("帮我查一下[phone]的话费余额", "out_of_scope"),
    ("我买的东西坏了能修吗", "faq/warranty"),
    ("东西到哪了啊急死了", "track_order"),
    ("包裹几天能到我这", "track_order"),
    ("物流一直不动", "track_order"),
    ("我的件咋还没送来", "track_order"),
    ("坏了给换吗还是修", "faq/warranty"),
    ("能帮我买张火车票吗", "out_of_scope"),
    ('\'=HYPERLINK("x")东西在哪', "track_order"),
    ("where's my stuff", "track_order"),
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "nlu_data"
    folder.mkdir()
    (folder / "orders.yml").write_text(ORDERS, encoding="utf-8")
    (folder / "faq.yml").write_text(FAQ, encoding="utf-8")
    return folder


def plain(text: str) -> str:
    """The text without entity annotations, as Rasa reads it."""
    return re.sub(r"\[([^\]]+)\]\(\w+\)", r"\1", text)


def write_csv(tmp_path: Path, rows: list[tuple[str, str]], name: str = "missed.csv") -> Path:
    lines = [f'"{text.replace(chr(34), chr(34) * 2)}",zh,out_of_scope,x,0.5,1,1,0,t,{label}'
             for text, label in rows]  # fmt: skip
    path = tmp_path / name
    path.write_text("\ufeff" + HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_labelled_questions_go_to_training_or_are_held_out_one_in_five(
    tmp_path: Path, data: Path
) -> None:
    held_out_path = tmp_path / "held_out.yml"
    rows = [*QUESTIONS, ("这条没标", "")]

    done = import_questions(write_csv(tmp_path, rows), data, held_out_path)

    texts = {label: [] for label in ("track_order", "out_of_scope", "faq/warranty")}
    for text, label in QUESTIONS:
        texts[label].append(unmask(text.removeprefix("'")))
    expected_held = {
        label: [t for t in group if Question(0, label, t).held_out]
        for label, group in texts.items()
    }
    held = sum(len(group) for group in expected_held.values())
    assert (done.trained_on, done.held_out, done.already_there, done.unlabelled) == (
        len(QUESTIONS) - held,
        held,
        0,
        1,
    )
    assert 0 < held < len(QUESTIONS)  # these ten texts land on both sides
    assert read_held_out(held_out_path) == {k: v for k, v in expected_held.items() if v}
    trained = {(e.label, e.text) for e in load_examples(data)}
    for label, group in texts.items():
        for text in group:
            assert ((label, plain(text)) in trained) != Question(0, label, text).held_out
    assert ("out_of_scope", "这条没标") not in trained


def test_masks_become_annotated_made_up_values_and_formula_guards_are_removed(
    tmp_path: Path, data: Path
) -> None:
    held_out_path = tmp_path / "held_out.yml"
    import_questions(write_csv(tmp_path, QUESTIONS), data, held_out_path)
    everything = load_examples(data) + load_examples(held_out_path)
    by_text = {e.text: e for e in everything}
    phone_bill = by_text["帮我查一下13800000000的话费余额"]
    assert phone_bill.label == "out_of_scope"
    assert phone_bill.entities == (("phone", 5, 16),)
    assert '=HYPERLINK("x")东西在哪' in by_text


def test_the_held_out_file_reads_as_rasa_nlu_data_with_its_labels(
    tmp_path: Path, data: Path
) -> None:
    held_out_path = tmp_path / "held_out.yml"
    import_questions(write_csv(tmp_path, QUESTIONS), data, held_out_path)
    read_back = {(e.label, e.text) for e in load_examples(held_out_path)}
    flat = {(label, plain(text)) for label, texts in read_held_out(held_out_path).items()
            for text in texts}  # fmt: skip
    assert read_back == flat


def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path, data: Path) -> None:
    held_out_path = tmp_path / "held_out.yml"
    path = write_csv(tmp_path, QUESTIONS)
    import_questions(path, data, held_out_path)
    before = [p.read_text() for p in sorted(data.iterdir())] + [held_out_path.read_text()]

    again = import_questions(path, data, held_out_path)

    assert (again.trained_on, again.held_out, again.already_there) == (0, 0, len(QUESTIONS))
    after = [p.read_text() for p in sorted(data.iterdir())] + [held_out_path.read_text()]
    assert after == before


def test_a_file_with_any_problem_is_refused_whole_naming_each_line(
    tmp_path: Path, data: Path
) -> None:
    held_out_path = tmp_path / "held_out.yml"
    before = [p.read_text() for p in sorted(data.iterdir())]
    rows = [
        ("东西到哪了", "track_order"),  # fine, but not written: the file has problems
        ("订单[number]到哪了", "track_order"),
        ("保修多久呀", "faq/warrenty"),
        ("   ", "track_order"),
    ]

    with pytest.raises(CollectedFileError) as refused:
        import_questions(write_csv(tmp_path, rows), data, held_out_path)

    assert refused.value.problems == [
        "line 3: write an annotated value for [number], e.g. [E100123456789](order_id)",
        "line 4: unknown label 'faq/warrenty' (no such intent or topic)",
        "line 5: the text is empty",
    ]
    assert [p.read_text() for p in sorted(data.iterdir())] == before
    assert not held_out_path.exists()


def test_a_number_the_person_annotated_is_accepted(tmp_path: Path, data: Path) -> None:
    rows = [("订单[E100123456789](order_id)到哪了", "track_order")]
    done = import_questions(write_csv(tmp_path, rows), data, tmp_path / "held_out.yml")
    assert done.trained_on + done.held_out == 1


def test_a_file_without_a_label_column_is_a_clear_error(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("text,times\n东西到哪了,1\n", encoding="utf-8")

    code = main([str(path), "--data", str(data), "--held-out", str(tmp_path / "h.yml")])

    assert code == 1
    printed = capsys.readouterr().out
    assert "nothing imported" in printed and "needs the columns text and label" in printed
