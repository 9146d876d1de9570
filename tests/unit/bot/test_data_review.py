"""Reviewing NLU data: suspects are found with their line, decisions move examples and lose none."""

from __future__ import annotations

import json
from pathlib import Path

from bot.nlu_eval import relabel
from bot.nlu_eval.suspects import read_examples

ORDERS = """version: "3.1"
nlu:
  - intent: track_order
    examples: |
      - 我的快递到哪了
      - 订单[E100123456789](order_id)到哪了
      - 退款一般多久到账

  - intent: cancel_order
    examples: |
      - 取消订单
"""
FAQ = """version: "3.1"
nlu:
  - intent: faq/refund_timeline
    examples: |
      - 退款几天到
  - lookup: kw_refund
    examples: |
      - 退款
"""


def nlu_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "nlu_data"
    folder.mkdir()
    (folder / "orders.yml").write_text(ORDERS, encoding="utf-8")
    (folder / "faq.yml").write_text(FAQ, encoding="utf-8")
    return folder


def apply(folder: Path, tmp_path: Path, *decisions: dict) -> str:
    path = tmp_path / "decisions.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in decisions), "utf-8")
    relabel.main([str(path), "--data", str(folder)])
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yml")))


def test_examples_are_read_with_file_line_label_and_plain_text(tmp_path):
    found = list(read_examples(nlu_folder(tmp_path)))
    by_text = {e.text: e for e in found}
    assert set(by_text) == {
        "退款几天到",
        "我的快递到哪了",
        "订单E100123456789到哪了",
        "退款一般多久到账",
        "取消订单",
    }
    annotated = by_text["订单E100123456789到哪了"]
    assert annotated.raw == "订单[E100123456789](order_id)到哪了"
    assert annotated.line == 6 and annotated.file.endswith("orders.yml")
    assert annotated.label == "track_order"
    assert by_text["退款几天到"].label == "faq/refund_timeline"  # lookups are not examples


def test_a_relabel_moves_the_example_across_files_and_keeps_everything_else(tmp_path):
    folder = nlu_folder(tmp_path)
    apply(
        folder,
        tmp_path,
        {
            "action": "relabel",
            "label": "track_order",
            "raw": "退款一般多久到账",
            "to": "faq/refund_timeline",
        },
    )
    labels = {e.text: e.label for e in read_examples(folder)}
    assert labels["退款一般多久到账"] == "faq/refund_timeline"
    assert labels["订单E100123456789到哪了"] == "track_order"
    assert len(labels) == 5
    assert "lookup: kw_refund" in (folder / "faq.yml").read_text(encoding="utf-8")


def test_adds_drops_and_what_cannot_be_found(tmp_path, capsys):
    folder = nlu_folder(tmp_path)
    apply(
        folder,
        tmp_path,
        {"action": "add", "label": "cancel_order", "raw": "帮我把订单取消了"},
        {"action": "add", "label": "cancel_order", "raw": "取消订单"},  # already there
        {"action": "drop", "label": "track_order", "raw": "我的快递到哪了"},
        {"action": "relabel", "label": "track_order", "raw": "not in the data", "to": "greet"},
        {"action": "add", "label": "no_such_intent", "raw": "你好"},
    )
    labels = [(e.label, e.text) for e in read_examples(folder)]
    assert labels.count(("cancel_order", "取消订单")) == 1
    assert ("cancel_order", "帮我把订单取消了") in labels
    assert all(text != "我的快递到哪了" for _, text in labels)
    assert "relabel 0, drop 1, add 2, skipped 2" in capsys.readouterr().out
