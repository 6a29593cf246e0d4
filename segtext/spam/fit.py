"""Fit the spam line model from labelled pages (needs numpy: ``segtext[fit]``).

    python -m segtext.spam.fit CORPUS_DIR... [-o model.tsv] [--seed 0]

A corpus folder holds pages and a ``labels.json`` (:mod:`segtext.spam.corpus`).
Fitting has two stages, the second fitted on the first's out-of-fold output
(stacking), so that the vocabulary's evidence on a line never comes from the
line's own label:

1. *Vocabulary*: every word and character bigram/trigram of the folded lines
   (:func:`segtext.spam.model.grams`) gets a naive-Bayes log-count ratio,
   counted by *page* (in how many spam pages it sits on a spam line, against
   in how many pages it sits on a clean line, Han n-grams also against
   ``BACKGROUND_PAGES`` everyday pages estimated from jieba's dictionary)
   so that one long doorway page cannot make its topic words spam; entries
   seen on spam lines of at least ``MIN_PAGES`` pages of two sites or more
   and with a ratio of at least ``MIN_RATIO`` are kept.
2. *Weights*: logistic regression (Newton's method, L2 penalty ``L2``) over the
   line features (:mod:`segtext.spam.features`) of candidate lines, of the
   pages and of their lines taken one by one as pages of their own (a caller
   may pass one line, a dataset row, rather than a page), each row weighted
   by one over the square root of its source page's rows, so that a long
   page counts more than a short one but not in proportion.

The threshold is the lowest score that keeps clean pages' false alarms at
``MAX_CLEAN_FLAGGED`` or below in the out-of-fold scores of the fitting pages
(folds split by site), of every clean page (one without candidate lines
never flags), a clean page scoring as the worst of its first
``MAX_EXCERPTS`` lines taken alone too; the
page model's, ``MAX_CLEAN_PAGES_FLAGGED`` of its clean pages. The same
pages, seed and code give the same file.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import math
import sys
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from segtext._jieba import default_dictionary, parse_jieba_dict
from segtext.config import SpamConfig
from segtext.lexicon import load_lexicon
from segtext.normalize import HAN_RUN
from segtext.spam.combine import LEXICAL_FLOOR
from segtext.spam.corpus import Page, folds, load_corpus
from segtext.spam.features import (
    FEATURES,
    PAGE_FEATURES,
    Line,
    LineTable,
    line_features,
    page_features,
    score,
)
from segtext.spam.lexical import lexical_findings
from segtext.spam.model import Model, format_model, grams, is_word_key
from segtext.spam.rules.model_doorway import PAGE_MIN_LINES
from segtext.spam.view import View, make_view

MIN_PAGES = 2  # spam pages an entry must be seen on
MIN_PAGES_WORD = 4  # ... and a word (of a space-separated script), of as many sites
MIN_RATIO = 1.0  # log-count ratio an entry must reach (e = 2.7 times likelier in spam)
MAX_VOCAB = 40000
MIN_CLEAN_PAGES = 2  # clean pages an entry against spam must be seen on
MIN_RATIO_AGAINST = 0.7  # ... and one against spam (2 times likelier in clean lines)
MAX_AGAINST = 4000  # entries kept, the strongest first
ALPHA = 0.5  # additive smoothing of the page counts
#: Everyday Chinese pages added to the clean side of the Han n-grams' counts,
#: each holding an n-gram with the share jieba's word frequencies give it
#: (:func:`background_share`): the corpus's 229 clean pages cannot tell a
#: spam doorway's everyday words (美国, 一起, 不要) from its spam words, and
#: those words made ordinary sentences score near the threshold. Measured
#: over four fold seeds of bench/spam_eval.py (with MAX_CLEAN_FLAGGED at
#: 0.01, commit 1cb2932): at 30, 202.8 spam pages found (199.8 without),
#: 1.5 clean pages (1.75), no everyday page, line precision 0.901 (0.908)
#: and recall 0.608 (0.597); SIGHAN test lines as one-line pages scoring
#: above 0 (1.0 flags), 9 of 4,175 (33, and 3 flagged); at 100, 199.3 spam
#: pages and 2 SIGHAN lines above 0. With MAX_CLEAN_FLAGGED at 0.015
#: (commit 73fdaa9): 15 pages found 208.5, 30 found 210.8, 60 found 208.0.
BACKGROUND_PAGES = 30
BACKGROUND_WORDS = 600  # words of an everyday page
L2 = 0.1  # penalty on the feature weights (not on the bias)
#: Line features whose weight is set, not fitted: what the corpus cannot
#: teach. Its pages hold few reports on spam (a police raid on a gambling
#: ring, a warning against fake pharmacies), and fitted on them the weight of
#: ``prose.crackdown`` was -0.18 (commit 3ee77f4): such a headline, dense in
#: the vocabulary of what it reports, scored 2.6 over the threshold. The
#: lexicon rules leave a cluster 0.3 of its score in such a sentence; here
#: the line loses 3 (logit), most of a crackdown headline's lead.
PINNED: Mapping[str, float] = MappingProxyType({"prose.crackdown": -3.0})
INNER_FOLDS = 4
#: Clean pages the line threshold may let through in the fitting pages'
#: out-of-fold scores (a page scoring as the worst of its first MAX_EXCERPTS
#: lines alone, too). What
#: counts is the share flagged on pages the fit did not see: over four fold
#: seeds of bench/spam_eval.py, 0.01 flagged 1.5 of 229 clean pages (0.66%)
#: and found 202.8 spam pages; 0.015, 1.75 (0.76%) and 210.8, no everyday
#: page, SIGHAN test lines as one-line pages none; 0.02, 2.75 (1.2%).
MAX_CLEAN_FLAGGED = 0.015
#: ... and the page model's threshold, which is fitted in sample: at 0.01 its
#: doorways were most of the clean pages flagged in cross-validation (five
#: in 229 at fold seed 2; at 0.005, one). Chosen on out-of-fold page scores
#: (the page model refitted without each page's site) at 0.01: one spam page
#: more over four fold seeds, but a Thai admissions page (everyday) flagged.
MAX_CLEAN_PAGES_FLAGGED = 0.005
MAX_EXCERPTS = 40  # a page's first lines taken one by one, to train and for the threshold
WHOLE_PAGE = 0.6  # share of content lines that makes a spam page spam as a whole
L2_PAGE = 0.1


@dataclass(frozen=True, slots=True)
class Prepared:
    """A page with its view, lexical findings and per-line vocabulary entries."""

    page: Page
    view: View
    lexical: tuple[Any, ...]
    line_grams: tuple[frozenset[str], ...]


def prepare(pages: Sequence[Page]) -> list[Prepared]:
    lex = load_lexicon()
    cfg = SpamConfig()
    out = []
    for p in pages:
        v = make_view(p.text, lex)
        lines = v.view.split("\n")
        if len(lines) != len(p.lines):  # pragma: no cover - folding keeps newlines
            raise ValueError(f"{p.name}: the view has {len(lines)} lines, the text {len(p.lines)}")
        out.append(
            Prepared(
                p,
                v,
                tuple(c for c in lexical_findings(v, cfg)[1] if c.score >= LEXICAL_FLOOR),
                tuple(frozenset(grams(line)) for line in lines),
            )
        )
    return out


def gram_script(g: str) -> str:
    """The script a vocabulary entry is counted under (its first letter's)."""
    for c in g:
        if c.isalpha():
            name = unicodedata.name(c, "")
            return name.split(" ")[0] if name else "?"
    return "DIGIT"


@functools.cache
def jieba_dictionary() -> tuple[bytes, str]:
    """jieba's ``dict.txt`` as installed, and a name for it (jieba's version
    and the file's sha256) that the model's header records."""
    _, data, version = default_dictionary()
    return data, f"jieba {version} dict.txt sha256 {hashlib.sha256(data).hexdigest()[:16]}"


@functools.cache
def background_share() -> Mapping[str, float]:
    """The share of everyday Chinese pages of ``BACKGROUND_WORDS`` words that
    would hold each Han bigram and trigram, estimated from the word
    frequencies of jieba's dictionary (a word of frequency ``f`` in ``F`` adds
    ``f`` to each of its n-grams; a page holds an n-gram of rate ``r`` with
    probability ``1 - exp(-r * words)``). An n-gram across a word boundary
    (的人) is in no dictionary word and gets no share."""
    data, name = jieba_dictionary()
    groups, total = parse_jieba_dict(data, name)
    counts: Counter[str] = Counter()
    for group in groups.values():
        for word, freq in group.items():
            if not freq:
                continue  # a prefix jieba's graph needs, not a word
            for n in (2, 3):
                for i in range(len(word) - n + 1):
                    counts[word[i : i + n]] += freq
    share = {g: 1.0 - math.exp(-c / total * BACKGROUND_WORDS) for g, c in counts.items()}
    return MappingProxyType(share)


def _all_han(g: str) -> bool:
    return HAN_RUN.fullmatch(g) is not None


def fit_vocab(prepared: Sequence[Prepared]) -> dict[str, float]:
    """Log-count ratios of the entries that speak for spam (stage 1).

    Counts are compared within a script: an entry's share of the spam pages
    whose spam lines hold that script against its share of the pages whose
    clean lines hold it, so that a script with few clean pages in the corpus
    (Thai, say) does not make all of its text look like spam.
    """
    spam_pages: Counter[str] = Counter()
    spam_groups: dict[str, set[str]] = {}
    clean_pages: Counter[str] = Counter()
    n_spam: Counter[str] = Counter()
    n_clean: Counter[str] = Counter()
    for pr in prepared:
        spam_set: set[str] = set()
        clean_set: set[str] = set()
        for i, gs in enumerate(pr.line_grams):
            (spam_set if i in pr.page.spam_lines else clean_set).update(gs)
        if spam_set:
            n_spam.update({gram_script(g) for g in spam_set})
            spam_pages.update(spam_set)
            for g in spam_set:
                spam_groups.setdefault(g, set()).add(pr.page.group)
        if clean_set:
            n_clean.update({gram_script(g) for g in clean_set})
            clean_pages.update(clean_set)

    background: Mapping[str, float] = background_share() if BACKGROUND_PAGES else {}

    def ratio(g: str) -> float:
        script = gram_script(g)
        a = spam_pages.get(g, 0)
        b = float(clean_pages.get(g, 0))
        n_b = float(n_clean[script])
        if background and _all_han(g):  # everyday Chinese pages beside the corpus's
            n_b += BACKGROUND_PAGES
            b += BACKGROUND_PAGES * background.get(g, 0.0)
        return math.log((a + ALPHA) / (n_spam[script] + 2 * ALPHA)) - math.log(
            (b + ALPHA) / (n_b + 2 * ALPHA)
        )

    vocab: list[tuple[float, str]] = []
    for g, a in spam_pages.items():
        if is_word_key(g):  # words: more evidence (common words of any topic)
            if a < MIN_PAGES_WORD or len(spam_groups[g]) < MIN_PAGES_WORD:
                continue
        elif a < MIN_PAGES or len(spam_groups[g]) < 2:
            continue
        r = ratio(g)
        if r >= MIN_RATIO:
            vocab.append((r, g))
    vocab.sort(key=lambda x: (-x[0] * math.log1p(spam_pages[x[1]]), x[1]))
    out = {g: round(r, 3) for r, g in vocab[:MAX_VOCAB]}
    against: list[tuple[float, str]] = []
    for g, b in clean_pages.items():
        if b >= MIN_CLEAN_PAGES:
            r = ratio(g)
            if r <= -MIN_RATIO_AGAINST:
                against.append((r, g))
    against.sort(key=lambda x: (x[0] * math.log1p(clean_pages[x[1]]), x[1]))
    out.update((g, round(r, 3)) for r, g in against[:MAX_AGAINST])
    return out


def _lines(pr: Prepared, model: Model) -> LineTable:
    return line_features(pr.view, model, pr.lexical)


#: The line features whose weights are fitted, in order.
FITTED = tuple(f for f in FEATURES if f not in PINNED)


def _design(rows: list[tuple[Line, Prepared]]) -> tuple[Any, Any, Any, Any]:
    """The fitted features' matrix, the labels, the row weights and each
    row's offset (what the pinned features add to its logit)."""
    import numpy as np  # noqa: PLC0415 - fitting only

    x = np.array([[ln.values.get(f, 0.0) for f in FITTED] for ln, _ in rows], dtype=float)
    y = np.array([1.0 if ln.index in pr.page.spam_lines else 0.0 for ln, pr in rows])
    per_page = Counter(pr.page.name for _, pr in rows)
    w = np.array([1.0 / math.sqrt(per_page[pr.page.name]) for _, pr in rows])
    offset = np.array([sum(c * ln.values.get(f, 0.0) for f, c in PINNED.items()) for ln, _ in rows])
    return x, y, w, offset


def logistic(x: Any, y: Any, w: Any, l2: float, offset: Any = None) -> tuple[list[float], float]:
    """Weighted logistic regression by Newton's method, L2 on the weights
    only; ``offset``, a set term of each row's logit."""
    import numpy as np  # noqa: PLC0415 - fitting only

    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    beta = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    base = np.zeros(n) if offset is None else offset
    for _ in range(100):
        z = xb @ beta + base
        p = 1.0 / (1.0 + np.exp(-z))
        grad = xb.T @ (w * (p - y)) + penalty * beta
        hess = (xb * (w * p * (1 - p))[:, None]).T @ xb + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    return [round(float(v), 4) for v in beta[:-1]], round(float(beta[-1]), 4)


def fit_weights(rows: list[tuple[Line, Prepared]]) -> tuple[dict[str, float], float]:
    """The line features' weights and bias (stage 2)."""
    x, y, w, offset = _design(rows)
    beta, bias = logistic(x, y, w, L2, offset)
    fitted = dict(zip(FITTED, beta, strict=True))
    return {f: fitted[f] if f in fitted else PINNED[f] for f in FEATURES}, bias


def whole_page(page: Page) -> bool:
    """Whether a page is spam as a whole (a doorway, an advert page)."""
    content = [i for i, line in enumerate(page.lines) if line.strip()]
    return bool(content) and len(page.spam_lines & set(content)) >= WHOLE_PAGE * len(content)


def fit_page(
    prepared: list[Prepared],
    rows: list[tuple[Line, Prepared]],
    content_lines: dict[str, int],
    staged: Model,
) -> tuple[dict[str, float], float, float]:
    """The page model's weights, bias and threshold (stage 3), from the
    out-of-fold line rows scored by the fitted line model."""
    import numpy as np  # noqa: PLC0415 - fitting only

    by_page: dict[int, list[Line]] = {}
    for ln, pr in rows:
        by_page.setdefault(id(pr), []).append(ln)
    feats, labels, clean = [], [], []
    for pr in prepared:
        lines = by_page.get(id(pr), [])
        content = content_lines[pr.page.name]
        if content < PAGE_MIN_LINES:
            continue  # the line model's to judge (see segtext.spam.combine)
        vals = page_features(lines, [score(staged, ln.values) for ln in lines], content)
        feats.append([vals[f] for f in PAGE_FEATURES])
        labels.append(1.0 if whole_page(pr.page) else 0.0)
        clean.append(not pr.page.spam_lines)
    x = np.array(feats, dtype=float)
    y = np.array(labels)
    beta, bias = logistic(x, y, np.ones(len(y)), L2_PAGE)
    weights = dict(zip(PAGE_FEATURES, beta, strict=True))
    page_scores = x @ np.array(beta) + bias
    threshold = choose_threshold(
        [(float(sc), False) for sc, is_clean in zip(page_scores, clean, strict=True) if is_clean],
        MAX_CLEAN_PAGES_FLAGGED,
    )
    return weights, bias, threshold


def _excerpts(page: Page) -> list[Prepared]:
    """A page's first ``MAX_EXCERPTS`` content lines, each as a page of its
    own (spam if the line is): what the detector sees when a caller passes
    it one line or one paragraph (a dataset row) rather than the page."""
    lines = [(i, line) for i, line in enumerate(page.lines) if line.strip()]
    if len(lines) < 2:
        return []
    one = [
        dataclasses.replace(
            page,
            text=line,
            spam_lines=frozenset({0}) if i in page.spam_lines else frozenset(),
            spans=(),
        )
        for i, line in lines[:MAX_EXCERPTS]
    ]
    return prepare(one)


def _stacked_rows(
    prepared: list[Prepared], seed: int
) -> tuple[list[tuple[Line, Prepared]], dict[str, int], list[tuple[Line, Prepared]]]:
    """Candidate lines with vocabulary features from vocabularies fitted
    without their own page's site (inner folds), each page's number of
    content lines (as the detector counts them), and the candidate lines of
    clean pages' lines taken one by one (:func:`_excerpts`), for the threshold."""
    rows: list[tuple[Line, Prepared]] = []
    excerpt_rows: list[tuple[Line, Prepared]] = []
    content: dict[str, int] = {}
    pages = [pr.page for pr in prepared]
    by_name = {pr.page.name: pr for pr in prepared}
    for fit_pages, val_pages in folds(pages, INNER_FOLDS, seed=seed + 1):
        vocab = fit_vocab([by_name[p.name] for p in fit_pages])
        model = Model(vocab, {}, 0.0, 0.0)
        for p in val_pages:
            pr = by_name[p.name]
            table = _lines(pr, model)
            content[pr.page.name] = table.content
            rows.extend((ln, pr) for ln in table.lines)
            for ex in _excerpts(pr.page):
                alone = _lines(ex, model).lines
                rows.extend((ln, ex) for ln in alone)
                if not pr.page.spam_lines:
                    excerpt_rows.extend((ln, pr) for ln in alone)
    return rows, content, excerpt_rows


def choose_threshold(
    page_scores: list[tuple[float, bool]], limit: float = MAX_CLEAN_FLAGGED
) -> float:
    """A threshold at which at most ``limit`` of the clean pages flag.

    The threshold is 0.05 above the highest clean score that must stay
    below it, and never below 0 (a logit: even odds). A clean page scoring
    ``-inf`` (no candidate line) counts in the share and never flags. With
    no finite clean score it is 0.0; when the limit would let every scored
    clean page through, it stays above the lowest of them.
    """
    every = sorted((s for s, is_spam in page_scores if not is_spam), reverse=True)
    allowed = math.floor(limit * len(every) + 1e-9)  # int(0.29 * 100) is 28
    clean = [s for s in every if math.isfinite(s)]
    if not clean:
        return 0.0
    bar = clean[allowed] if allowed < len(clean) else clean[-1]
    return round(max(bar + 0.05, 0.0), 3)


def fit(pages: list[Page], seed: int = 0) -> Model:
    """Fit vocabulary, weights and threshold on ``pages``."""
    prepared = prepare(pages)
    rows, content_lines, excerpt_rows = _stacked_rows(prepared, seed)
    weights, bias = fit_weights(rows)
    vocab = fit_vocab(prepared)
    # Out-of-fold page scores (max line score) for the threshold; a clean
    # page's score is also that of its lines checked one by one.
    scored: list[tuple[float, bool]] = []
    by_page: dict[int, float] = {}
    staged = Model({}, weights, bias, 0.0)
    for ln, pr in rows + excerpt_rows:
        s = score(staged, ln.values)
        by_page[id(pr)] = max(by_page.get(id(pr), -math.inf), s)
    for pr in prepared:
        scored.append((by_page.get(id(pr), -math.inf), bool(pr.page.spam_lines)))
    threshold = choose_threshold(scored)
    page_weights, page_bias, page_threshold = fit_page(prepared, rows, content_lines, staged)
    return Model(vocab, weights, bias, threshold, (), page_weights, page_bias, page_threshold)


def fitted_text(folders: Sequence[Path], seed: int = 0, names: Sequence[str] = ()) -> str:
    """The model file fitted on the labelled pages of ``folders``."""
    pages = load_corpus(folders)
    model = fit(pages, seed)
    shown = " ".join(names) or " ".join(str(f) for f in folders)
    header = (
        "segtext spam line model: vocabulary log-count ratios and logistic-regression",
        "weights of the line features (segtext.spam.features), fitted by",
        f"segtext.spam.fit (seed {seed}) from the labelled pages of: {shown}",
        f"({len(pages)} pages, {sum(1 for p in pages if p.label == 'spam')} spam),"
        " read where they lie and never copied; Han n-grams also weighed against",
        f"{BACKGROUND_PAGES:g} everyday pages estimated from {jieba_dictionary()[1]}.",
        f"{len(model.vocab)} vocabulary entries; refit with: python tools/fit_model.py",
    )
    return format_model(dataclasses.replace(model, header=header))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m segtext.spam.fit", description=__doc__)
    ap.add_argument("corpus", nargs="+", type=Path, help="folders with labels.json")
    ap.add_argument("-o", "--output", type=Path, help="model file (default: stdout)")
    ap.add_argument("--seed", type=int, default=0, help="fold assignment seed (default 0)")
    args = ap.parse_args(argv)
    text = fitted_text(args.corpus, args.seed)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
