"""The evaluation report as Markdown tables for docs/benchmarks.md."""

from __future__ import annotations

from typing import Any


def _model_rows(name: str, r: dict[str, Any]) -> str:
    lang = r["intent_macro_f1_by_language"]
    ent = r["entities"]
    return (
        f"| {name} | {r['intent_macro_f1']:.3f} | {lang['zh']['macro_f1']:.3f} | "
        f"{lang['en']['macro_f1']:.3f} | {r['intent_accuracy']:.3f} | "
        f"{ent['order_id']['f1']:.3f} | {ent['phone']['f1']:.3f} | "
        f"{r['faq_retrieval']['end_to_end_accuracy']:.3f} | {r['out_of_scope']['caught']:.3f} | "
        f"{r['out_of_scope']['in_scope_turned_away']:.3f} | {r['latency_ms']['p50']:.1f} | "
        f"{r['latency_ms']['p99']:.1f} |"
    )


HEADER = (
    "| model | intent macro-F1 | zh | en | accuracy | order_id F1 | phone F1 | FAQ top-1 | "
    "OOS caught | in-scope turned away | p50 ms | p99 ms |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def _sweep_table(name: str, r: dict[str, Any]) -> str:
    rows = [
        f"\nFallback threshold sweep ({name}; the same parses, intents below the threshold "
        "counted as nlu_fallback):\n",
        "| threshold | macro-F1 | OOS caught | in-scope turned away |",
        "|---|---|---|---|",
    ]
    for row in r.get("fallback_threshold_sweep", []):
        rows.append(
            f"| {row['threshold']:.1f} | {row['macro_f1']:.3f} | {row['oos_caught']:.3f} | "
            f"{row['in_scope_turned_away']:.3f} |"
        )
    return "\n".join(rows)


def _coverage_table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    lines = [
        "\nCommon questions the bot answers right without a person (SPEC: at least 80 %; "
        "bot.nlu_eval.coverage):\n",
        "| test | coverage | zh | en | with related questions | wrong answer | to a person | "
        "turned away | questions | related questions shown |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        figures = r.get("self_service")
        if not figures:
            continue
        everything, zh, en = figures["all"], figures["zh"], figures["en"]
        lines.append(
            f"| {name} | {everything['coverage']:.3f} | {zh['coverage']:.3f} | "
            f"{en['coverage']:.3f} | {everything['with_related_questions']:.3f} | "
            f"{everything['wrong_answer']:.3f} | "
            f"{everything['to_a_person']:.3f} | {everything['turned_away']:.3f} | "
            f"{everything['questions']} | {everything['related_questions_shown']:.3f} |"
        )
    return "\n".join(lines)


def _review_table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    lines = [
        "\nThe review of missed questions, offline (bot.nlu_eval.review; a related question "
        "clicked whenever the right topic was offered under a wrong answer):\n",
        "| model | mistakes | mistakes listed | right answers listed | out-of-scope listed | "
        "listed per 100 |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        review = r.get("review")
        if review:
            lines.append(
                f"| {name} | {review['mistakes']} | {review['mistakes_listed']:.3f} | "
                f"{review['right_answers_listed']:.3f} | {review['out_of_scope_listed']:.3f} | "
                f"{review['listed_per_100']:.1f} |"
            )
    return "\n".join(lines)


def _seen(split: dict[str, Any], part: str) -> str:
    left_out = split.get(f"{part}_seen_in_training", 0)
    return f" ({left_out} more left out: their text is in the training part)" if left_out else ""


def markdown_summary(report: dict[str, Any]) -> str:
    """Summary tables of a held-out or cross-validation report."""
    lines = []
    if "variants" in report:
        split = report["split"]
        lines.append(
            f"Held-out split: seed {split['seed']}, {split['train']} train / "
            f"{split['test']} test examples"
            + _seen(split, "test")
            + (f"; probe set {split['probe']} messages" if split.get("probe") else "")
            + _seen(split, "probe")
            + (f"; collected questions {split['collected']}" if split.get("collected") else "")
            + _seen(split, "collected")
            + ".\n"
        )
        lines.append(HEADER)
        for name, r in report["variants"].items():
            lines.append(_model_rows(name, r))
        for name, r in report["variants"].items():
            if "probe" in r:
                lines.append(_model_rows(f"{name} on the probe set", r["probe"]))
            if "collected" in r:
                lines.append(_model_rows(f"{name} on collected questions", r["collected"]))
        variants = report["variants"]
        if "baseline" in variants and "product" in variants:
            p, b = variants["product"], variants["baseline"]
            lines.append(
                f"\nproduct / baseline: macro-F1 ratio "
                f"{p['intent_macro_f1'] / max(b['intent_macro_f1'], 1e-9):.3f}, p50 latency ratio "
                f"{p['latency_ms']['p50'] / max(b['latency_ms']['p50'], 1e-9):.2f}, training time "
                f"ratio {p['train_seconds'] / max(b['train_seconds'], 1e-9):.2f}"
            )
        probes = [(f"{n}, probe set", r["probe"]) for n, r in variants.items() if "probe" in r]
        probes += [
            (f"{n}, collected questions", r["collected"])
            for n, r in variants.items()
            if "collected" in r
        ]
        lines.append(_coverage_table(list(variants.items()) + probes))
        lines.append(_review_table(list(variants.items()) + probes))
        lines.append("\nEntity F1 (exact span) per variant:\n")
        kinds = list(next(iter(variants.values()))["entities"])
        lines.append("| variant | " + " | ".join(kinds) + " |")
        lines.append("|---|" + "---|" * len(kinds))
        for name, r in variants.items():
            cells = " | ".join(f"{r['entities'][k]['f1']:.3f}" for k in kinds)
            lines.append(f"| {name} | {cells} |")
        first = next(iter(variants.values()))
        lines.append(_sweep_table(next(iter(variants)), first))
        lines.append("\nPer-intent F1 (" + next(iter(variants)) + "):\n")
        lines.append("| intent | F1 |\n|---|---|")
        for intent, f1 in first["intent_f1"].items():
            lines.append(f"| {intent} | {f1:.3f} |")
    else:
        r = report["pooled"]
        left_out = report.get("seen_in_training", 0)
        lines.append(
            f"{report['folds']}-fold cross-validation (seed {report['seed']}), pooled"
            + (
                f" ({left_out} messages left out: their text is in the fold's training part)"
                if left_out
                else ""
            )
            + ":\n"
        )
        lines.append(HEADER)
        lines.append(_model_rows("product (CV)", r))
        folds = ", ".join(f"{f['intent_macro_f1']:.3f}" for f in report["per_fold"])
        lines.append(f"\nper-fold intent macro-F1: {folds}")
        lines.append(_coverage_table([("product (CV)", r)]))
        lines.append(_review_table([("product (CV)", r)]))
        lines.append(_sweep_table("product (CV)", r))
    return "\n".join(lines)
