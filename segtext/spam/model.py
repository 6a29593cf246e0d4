"""The learned line model: vocabulary weights and fitted feature weights.

Each line of a page gets a score in log-odds units: a bias plus one
contribution per feature, ``weight * value``. The features are of two kinds:

- *learned vocabulary*: the page is matched against a weighted vocabulary of
  words (scripts written with spaces: Latin, Cyrillic, Vietnamese...) and
  character bigrams and trigrams (Han, Kana, Hangul, Thai...), fitted from
  labelled pages (a naive-Bayes log-count ratio per entry); a line's
  vocabulary evidence is the sum of its distinct entries' ratios, scaled;
- *rules that need no vocabulary* (:mod:`segtext.spam.features`): position,
  separators and repeated substrings between items, contact markers, domains,
  emoji, prose function words, the lexicon rules' scores, the page's context.

The feature weights are fitted by logistic regression (``python
tools/fit_model.py``, see :mod:`segtext.spam.fit`); the file they are saved in
(``dicts/spam_model.tsv``) says how it was built. A line is spam when its
score reaches the threshold; the score is exactly the sum of its
contributions, which is what ``check --explain`` lists.

The model is read lazily, once per process, and the same file gives the same
scores on every machine (plain floats, summed in a fixed order).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from segtext.errors import SegtextError
from segtext.lexicon import Matcher, read_resource

SPAM_MODEL = "spam_model.tsv"
FORMAT = "segtext-spam-model 1"

#: A token run: letters, marks and digits.
_RUN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
#: Letters of scripts written with spaces between words, and digits.
_SPACED = regex.compile(
    r"[\p{Latin}\p{Cyrillic}\p{Greek}\p{Armenian}\p{Georgian}\p{N}\p{M}_]+", regex.V1
)
MAX_WORD = 24  # longer Latin runs are glued text or hashes, not words


def is_word_key(key: str) -> bool:
    """Whether a vocabulary entry is a whole word (matched on word bounds)."""
    return _SPACED.fullmatch(key) is not None


def grams(text: str) -> set[str]:
    """The vocabulary entries a piece of (folded) text contains, each once.

    Runs in scripts written with spaces give their whole words (2 to
    ``MAX_WORD`` characters); other runs give their character bigrams and
    trigrams that hold at least one character of such a script (so ``av`` of
    ``av在线`` is not taken for the word ``av``).
    """
    out: set[str] = set()
    for m in _RUN.finditer(text):
        run = m.group()
        if _SPACED.fullmatch(run):
            if 2 <= len(run) <= MAX_WORD and not run.isdigit():
                out.add(run)
            continue
        for n in (2, 3):
            for i in range(len(run) - n + 1):
                g = run[i : i + n]
                if not _SPACED.fullmatch(g):
                    out.add(g)
    return out


@dataclass(frozen=True, slots=True)
class Model:
    """Fitted weights: the vocabulary's ratios and the line features' weights."""

    vocab: dict[str, float]
    weights: dict[str, float]
    bias: float
    threshold: float
    header: tuple[str, ...] = ()
    #: The page model (doorways, advert pages): weights over page features.
    page_weights: dict[str, float] = field(default_factory=dict)
    page_bias: float = -100.0
    page_threshold: float = 0.0
    #: The vocabulary's automata, built on first use (not a field to compare
    #: or copy: a model made by ``replace`` builds its own).
    _matcher: VocabMatcher | None = field(default=None, init=False, compare=False, repr=False)

    def matcher(self) -> VocabMatcher:
        """The vocabulary's matcher, built once per model."""
        if self._matcher is None:
            object.__setattr__(self, "_matcher", VocabMatcher(self.vocab))
        assert self._matcher is not None
        return self._matcher


class VocabMatcher:
    """Finds the vocabulary's entries in a view: the entries for spam over the
    whole page, the entries against it only where asked (candidate lines),
    since those are the common words of every page."""

    def __init__(self, vocab: dict[str, float]) -> None:
        self.keys = [k for k, r in vocab.items() if r > 0] + [k for k, r in vocab.items() if r <= 0]
        self.n_for = sum(1 for r in vocab.values() if r > 0)
        self.ratios = [vocab[k] for k in self.keys]
        self.word = [is_word_key(k) for k in self.keys]
        keys_for, keys_against = self.keys[: self.n_for], self.keys[self.n_for :]
        self._for = Matcher(keys_for) if keys_for else None
        self._against = Matcher(keys_against) if keys_against else None

    def find(self, view: str) -> list[tuple[int, int, int]]:
        """``(key index, start, end)`` of every entry for spam (words bounded)."""
        return self._bounded(view, self._for, 0, [(0, len(view))])

    def find_against(self, view: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """The same for the entries against spam in the ``[start, end)`` spans
        of ``view`` (lines: no entry holds a line break)."""
        return self._bounded(view, self._against, self.n_for, spans)

    def _bounded(
        self, view: str, auto: Matcher | None, base: int, spans: list[tuple[int, int]]
    ) -> list[tuple[int, int, int]]:
        spans = [(a, b) for a, b in spans if a < b]
        if auto is None or not spans:
            return []
        n = len(view)
        found: list[tuple[int, int, int]]
        if spans == [(0, n)]:
            found = auto.spans(view)  # offsets are the view's already
            if base:
                found = [(k + base, x, y) for k, x, y in found]
        else:
            # All spans in one pass, joined by line breaks, which no entry
            # holds (one automaton call per candidate line cost more).
            text = "\n".join(view[a:b] for a, b in spans)
            found = []
            # The automaton reports each hit where it ends, so the hits come
            # piece by piece: the piece of a hit is found by walking the
            # pieces along with them, not by a bisection per hit.
            j = 0
            pos = 0  # where piece j starts in the joined text
            shift, piece_end = spans[0][0], spans[0][1] - spans[0][0]
            for k, x, y in auto.spans(text):
                while y > piece_end:
                    pos = piece_end + 1
                    j += 1
                    a, b = spans[j]
                    shift, piece_end = a - pos, pos + b - a
                found.append((k + base, x + shift, y + shift))
        out = []
        word = self.word
        category = unicodedata.category
        # A word is bounded by characters that are not letters, digits, "_"
        # or combining marks. Tested inline: this loop meets every hit of
        # the page (most often a word entry inside a longer word), and a
        # function call per bound cost a fifth of the model's matching.
        for hit in found:
            if word[hit[0]]:
                a, b = hit[1], hit[2]
                if a > 0:
                    c = view[a - 1]
                    if c.isalnum() or c == "_" or (not c.isascii() and category(c)[0] == "M"):
                        continue
                if b < n:
                    c = view[b]
                    if c.isalnum() or c == "_" or (not c.isascii() and category(c)[0] == "M"):
                        continue
            out.append(hit)
        return out


def parse_model(text: str, source: str) -> Model:
    """A model from its file text (the format :func:`format_model` writes)."""
    vocab: dict[str, float] = {}
    weights: dict[str, float] = {}
    page_weights: dict[str, float] = {}
    page = {"page_bias": -100.0, "page_threshold": 0.0}
    header: list[str] = []
    bias = math.nan
    threshold = math.nan
    fmt = ""
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            header.append(line[1:].strip())
            continue
        parts = line.split("\t")
        try:
            if parts[0] == "format":
                fmt = parts[1]
            elif parts[0] == "bias":
                bias = float(parts[1])
            elif parts[0] == "threshold":
                threshold = float(parts[1])
            elif parts[0] == "feature":
                weights[parts[1]] = float(parts[2])
            elif parts[0] == "page_feature":
                page_weights[parts[1]] = float(parts[2])
            elif parts[0] in page:
                page[parts[0]] = float(parts[1])
            elif parts[0] == "gram":
                vocab[parts[1]] = float(parts[2])
            else:
                raise ValueError(f"unknown record {parts[0]!r}")
        except (IndexError, ValueError) as exc:
            raise SegtextError(f"{source}:{n}: bad model line ({exc})") from exc
    if fmt != FORMAT:
        raise SegtextError(f"{source}: not a {FORMAT!r} file (format {fmt!r})")
    if math.isnan(bias) or math.isnan(threshold):
        raise SegtextError(f"{source}: model has no bias or threshold")
    return Model(
        vocab,
        weights,
        bias,
        threshold,
        tuple(header),
        page_weights,
        page["page_bias"],
        page["page_threshold"],
    )


def format_model(model: Model) -> str:
    """The file text of a model: header comments, then one record a line."""
    out = [f"# {h}" if h else "#" for h in model.header]
    out.append(f"format\t{FORMAT}")
    out.append(f"bias\t{model.bias:.6g}")
    out.append(f"threshold\t{model.threshold:.6g}")
    out.extend(f"feature\t{k}\t{w:.6g}" for k, w in model.weights.items())
    out.append(f"page_bias\t{model.page_bias:.6g}")
    out.append(f"page_threshold\t{model.page_threshold:.6g}")
    out.extend(f"page_feature\t{k}\t{w:.6g}" for k, w in model.page_weights.items())
    out.extend(f"gram\t{k}\t{w:.4g}" for k, w in sorted(model.vocab.items()))
    return "\n".join(out) + "\n"


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> Model:
    """The shipped model, or a user's model file; once per process and path."""
    if path is None:
        return parse_model(read_resource(SPAM_MODEL), SPAM_MODEL)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SegtextError(f"{path}: cannot read model file ({exc.strerror or exc})") from exc
    return parse_model(text, path)


def reset_caches() -> None:
    """Forget loaded models (after refitting)."""
    load_model.cache_clear()
