"""Score segtext's default segmentation on the SIGHAN 2005 bakeoff test sets.

Usage::

    python bench/sighan.py [--data DIR] [--corpus pku --corpus msr ...] [--jieba]

Reads ``*_test.utf8``, ``*_test_gold.utf8`` and ``*_training_words.utf8``
from ``../shared/data/icwb2`` beside the repository (or ``--data``), never
copies them, segments every test line with the default configuration and
prints word-level precision, recall, F1 and OOV recall (gold words absent
from the training word list) per corpus. ``--jieba`` adds raw ``jieba.lcut``
(HMM on, its default) on the same lines for comparison.

Scoring: a word is correct when its span over the line's non-space
characters is a gold word's span. Where the test line and the gold differ
in their characters (MSR moved some opening quotes to the previous line),
the line is scored by a longest common subsequence of words, as the
bakeoff's ``diff``-based scorer does. BOMs and CRLFs are dropped; empty
lines are skipped.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

CORPORA = ("pku", "msr", "cityu", "as")
DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "icwb2"


@dataclass
class Score:
    """Counts for one corpus; the ratios are properties."""

    corpus: str
    lines: int = 0
    pred: int = 0
    gold: int = 0
    correct: int = 0
    oov: int = 0
    oov_found: int = 0
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def oov_recall(self) -> float:
        return self.oov_found / self.oov if self.oov else 0.0


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").split("\n")


def load(data: Path, corpus: str) -> tuple[list[str], list[list[str]], set[str]]:
    """Test lines, gold word lists and training words of one corpus."""
    test = _lines(data / f"{corpus}_test.utf8")
    gold = _lines(data / f"{corpus}_test_gold.utf8")
    if test and not test[-1] and (len(test) > len(gold) or not gold[-1]):
        test.pop()
    if gold and not gold[-1] and len(gold) > len(test):
        gold.pop()
    if len(test) != len(gold):
        raise SystemExit(f"{corpus}: {len(test)} test lines but {len(gold)} gold lines")
    train = set(_lines(data / f"{corpus}_training_words.utf8")) - {""}
    pairs = [(t, g.split()) for t, g in zip(test, gold, strict=True) if t.strip() or g.strip()]
    return [t for t, _ in pairs], [g for _, g in pairs], train


def _spans(words: Sequence[str]) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for w in words:
        out.append((pos, pos + len(w)))
        pos += len(w)
    return out


def score_line(pred: Sequence[str], gold: Sequence[str], train: set[str], s: Score) -> None:
    """Add one line's counts to ``s``; ``pred`` must not contain whitespace."""
    s.lines += 1
    s.pred += len(pred)
    s.gold += len(gold)
    oov = [w not in train for w in gold]
    s.oov += sum(oov)
    if sum(map(len, pred)) == sum(map(len, gold)):
        predicted = set(_spans(pred))
        for span, is_oov in zip(_spans(gold), oov, strict=True):
            if span in predicted:
                s.correct += 1
                s.oov_found += is_oov
        return
    matcher = difflib.SequenceMatcher(None, list(pred), list(gold), autojunk=False)
    for block in matcher.get_matching_blocks():
        s.correct += block.size
        s.oov_found += sum(oov[block.b : block.b + block.size])


def segtext_words() -> Callable[[str], list[str]]:
    """Words of the default configuration, whitespace dropped."""
    from segtext.segment import segment  # noqa: PLC0415 - keeps --help fast

    return lambda line: [t.text for t in segment(line)]


def jieba_words() -> Callable[[str], list[str]]:
    """Raw ``jieba.lcut`` (its defaults), whitespace tokens dropped."""
    import logging  # noqa: PLC0415

    import jieba  # noqa: PLC0415

    from segtext._jieba import cache_dir  # noqa: PLC0415

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.tmp_dir = str(cache_dir())  # its dictionary cache, not in /tmp
    cache_dir().mkdir(parents=True, exist_ok=True)
    return lambda line: [w for w in tok.lcut(line) if w.strip()]


def evaluate(data: Path, corpus: str, words: Callable[[str], list[str]]) -> Score:
    """Score ``words`` on every non-empty line of ``corpus``."""
    test, gold, train = load(data, corpus)
    s = Score(corpus)
    t0 = time.perf_counter()
    preds = [words(line) for line in test]
    s.seconds = time.perf_counter() - t0
    for pred, g in zip(preds, gold, strict=True):
        score_line(pred, g, train, s)
    return s


def table(rows: Sequence[tuple[str, Score]]) -> str:
    """A markdown table of scores."""
    out = [
        "| system | corpus | lines | P | R | F1 | OOV recall | seconds |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in rows:
        out.append(
            f"| {name} | {s.corpus} | {s.lines} | {s.precision:.3f} | {s.recall:.3f} "
            f"| {s.f1:.3f} | {s.oov_recall:.3f} | {s.seconds:.1f} |"
        )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="icwb2 data folder")
    parser.add_argument("--corpus", action="append", choices=CORPORA, help="repeatable")
    parser.add_argument("--jieba", action="store_true", help="also score raw jieba.lcut")
    args = parser.parse_args(argv)
    if not (args.data / "msr_test.utf8").is_file():
        print(f"no SIGHAN data in {args.data} (use --data)", file=sys.stderr)
        return 1
    systems = [("segtext", segtext_words())]
    if args.jieba:
        systems.append(("jieba.lcut", jieba_words()))
    rows = [
        (name, evaluate(args.data, corpus, fn))
        for corpus in args.corpus or CORPORA
        for name, fn in systems
    ]
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
