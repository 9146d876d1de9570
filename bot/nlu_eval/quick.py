"""A seconds-long check of the NLU data for the people writing it: ``python -m bot.nlu_eval.quick``.

It trains a linear SVM on the same n-grams the product pipeline sees (jieba words of the folded
text with the shop dictionary, anchored character 1–4-grams, pinyin 1–2-grams: bot.text_views)
over the same seeded, stratified split as ``bot.evaluate_nlu``, and reports held-out intent
macro-F1 per language, per-intent F1, FAQ topic accuracy and the most frequent confusions with
examples. It is a proxy, not the product's figure: the product's linear classifiers also see
word vectors and English sentence embeddings, and its fallback thresholds are measured by
``make eval-nlu``, which scores a few points higher. It tells a data writer in seconds whether
a change helps.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from bot.nlu_eval.examples import Example, load_examples, stratified_split
from bot.nlu_eval.metrics import f1_by_label, macro_f1
from bot.text_views import view_ngrams
from bot.textnorm import fold_text
from bot.tokenizer import segmenter_for

DICTIONARY = Path(__file__).resolve().parent.parent / "dictionary" / "kefu.txt"


def _words(text: str) -> list[str]:
    segmenter = segmenter_for([str(DICTIONARY)])
    return [w for w in segmenter.lcut(fold_text(text)) if w.strip()]


def _anchored_characters(text: str) -> list[str]:
    return view_ngrams("anchored_characters", text, 1, 4)


def _pinyin(text: str) -> list[str]:
    return view_ngrams("pinyin", text, 1, 2)


def _classifier():  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer=_words, sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer=_anchored_characters, min_df=2, sublinear_tf=True)),
            ("pinyin", TfidfVectorizer(analyzer=_pinyin, min_df=2, sublinear_tf=True)),
        ]
    )
    return make_pipeline(features, LinearSVC(C=0.5, class_weight="balanced"))


def _fit_predict(
    train: list[Example], test: list[Example], label_of: Callable[[Example], str]
) -> list[str]:
    model = _classifier()
    model.fit([e.text for e in train], [label_of(e) for e in train])
    return list(model.predict([e.text for e in test]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="nlu_data")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--test-fraction", type=float, default=0.25)
    parser.add_argument("--intent", action="append", default=[], help="show errors for these")
    parser.add_argument("--errors", type=int, default=3, help="examples shown per confusion")
    args = parser.parse_args(argv)

    examples = load_examples(args.data)
    train, test = stratified_split(examples, args.test_fraction, args.seed)
    predicted = _fit_predict(train, test, lambda e: e.intent)
    truth = [e.intent for e in test]

    print(f"{len(train)} train / {len(test)} held-out examples")
    for language in ("zh", "en"):
        chosen = [i for i, e in enumerate(test) if e.language == language]
        score = macro_f1([truth[i] for i in chosen], [predicted[i] for i in chosen])
        print(f"intent macro-F1 {language}: {score:.3f}  (n={len(chosen)})")
    print(f"intent macro-F1 all: {macro_f1(truth, predicted):.3f}")

    faq_train = [e for e in train if e.intent == "faq"]
    faq_test = [e for e in test if e.intent == "faq"]
    faq_predicted = _fit_predict(faq_train, faq_test, lambda e: e.label)
    hits = sum(p == e.label for p, e in zip(faq_predicted, faq_test, strict=True))
    print(f"FAQ topic top-1 (given faq): {hits / len(faq_test):.3f}  (n={len(faq_test)})")

    print("\nper-intent F1 (zh / en):")
    by_language = {
        lang: f1_by_label(
            [t for t, e in zip(truth, test, strict=True) if e.language == lang],
            [p for p, e in zip(predicted, test, strict=True) if e.language == lang],
        )
        for lang in ("zh", "en")
    }
    for intent in sorted(set(truth)):
        zh, en = by_language["zh"].get(intent, 0.0), by_language["en"].get(intent, 0.0)
        print(f"  {intent:26s} {zh:.2f} / {en:.2f}")

    confusions: Counter[tuple[str, str]] = Counter()
    samples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for t, p, e in zip(truth, predicted, test, strict=True):
        if t != p:
            confusions[(t, p)] += 1
            samples[(t, p)].append(e.text)
    print("\nmost frequent confusions (truth → predicted):")
    for (t, p), n in confusions.most_common(25):
        if args.intent and t not in args.intent and p not in args.intent:
            continue
        print(f"  {n:3d}  {t} → {p}: " + " | ".join(samples[(t, p)][: args.errors]))
    faq_misses: Counter[tuple[str, str]] = Counter(
        (e.label, p) for p, e in zip(faq_predicted, faq_test, strict=True) if p != e.label
    )
    print("\nFAQ topic confusions:")
    for (t, p), n in faq_misses.most_common(15):
        print(f"  {n:3d}  {t} → {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
