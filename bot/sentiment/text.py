"""Text clean-up shared by training, inference and deduplication.

Everything here is pure and total: any string (empty, 100,000 characters, control characters,
emoji only) gives a defined result, never an exception.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping

# The model reads at most this many characters: the head (where the topic usually is) and the
# tail (where an angry customer's threat or sign-off usually is). Longer input is cut, not refused.
HEAD_CHARS = 1500
TAIL_CHARS = 500

_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def coerce_text(value: object) -> str:
    """Return ``value`` as a string: ``None`` becomes ``""``, bytes are decoded leniently."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, str):
        return value
    return str(value)


def strip_controls(text: str) -> str:
    """Replace control, format, surrogate and private-use characters (category C*) by a space."""
    if text.isprintable():  # fast path: nothing to strip (isprintable is false for every C*)
        return text
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def clip(text: str) -> str:
    """Keep the head and the tail of a very long message (see ``HEAD_CHARS``/``TAIL_CHARS``)."""
    if len(text) <= HEAD_CHARS + TAIL_CHARS:
        return text
    return text[:HEAD_CHARS] + " " + text[-TAIL_CHARS:]


def normalise(text: str, simplify: Mapping[int, str] | None = None) -> str:
    """Canonical form the model sees.

    NFKC (full-width letters and punctuation become ASCII: ``！`` → ``!``), traditional
    characters mapped to simplified ones through ``simplify`` (a ``str.translate`` table),
    control characters removed, whitespace collapsed, latin letters lower-cased.
    """
    text = clip(strip_controls(text))
    text = unicodedata.normalize("NFKC", text)
    if simplify:
        text = text.translate(simplify)
    return _SPACES.sub(" ", text).strip().lower()


def dedup_key(text: str, simplify: Mapping[int, str] | None = None) -> str:
    """Hash under which near-identical texts collide.

    Only letters and digits count (whitespace, punctuation and emoji are dropped after
    :func:`normalise`), so ``"质量很好！"`` and ``"质量 很好。"`` are one text.
    """
    canon = normalise(text, simplify)
    kept = "".join(ch for ch in canon if unicodedata.category(ch)[0] in "LN")
    return hashlib.sha1(kept.encode("utf-8")).hexdigest()


def mask_digits(text: str) -> str:
    """Replace every run of digits by ``0``: an order number carries no sentiment."""
    return _DIGITS.sub("0", text)
