"""Evaluate the spam detector: cross-validated on ../shared/dev and the cases,
and with the shipped model on the seed page and clean SIGHAN news pages.

    python bench/spam_eval.py [--shared ../shared] [--folds 5] [--seed 0] [-v]
    python bench/spam_eval.py --seeds 0,1,2,3   # ... and the spread over fold seeds

Cross-validation: the labelled pages (dev/zh, dev/intl, dev/round1, cases)
are split into folds by site (segtext.spam.corpus.folds: a site never sits on
both sides); for each fold a model is fitted on the others and the fold's
pages are checked with it. Printed by kind (run, inline, contact, doorway
and prose, non-Chinese...), by language and by source folder (dev/zh,
dev/intl, dev/round1, cases): spam pages found, clean pages flagged (traps
and everyday pages apart), and line precision and recall
(a line is reported when a finding overlaps its text). The SIGHAN 2005 test
texts, cut into pages of about 2,000 characters, are clean news: none may
be flagged. The data is read where it lies and never copied.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from segtext import SpamConfig, detect_spam  # noqa: E402
from segtext.spam.corpus import Page, folds, load_corpus  # noqa: E402
from segtext.spam.fit import fit  # noqa: E402
from segtext.spam.model import format_model  # noqa: E402

CORPUS = ("dev/zh", "dev/intl", "dev/round1", "cases")
#: Kinds of the labels, grouped as the evaluation reports them.
KIND_GROUP = {
    "cluster": "run",
    "link-farm": "run",
    "inline": "inline",
    "contact": "contact",
    "doorway": "doorway/prose",
    "prose": "doorway/prose",
}


def line_bounds(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def reported_lines(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """0-based lines whose text a span overlaps."""
    hit = set()
    for n, (a, b) in enumerate(line_bounds(text)):
        if text[a:b].strip() and any(s < b and a < e for s, e in spans):
            hit.add(n)
    return hit


def icwb2_pages(path: Path, size: int = 2000) -> list[str]:
    pages: list[str] = []
    cur: list[str] = []
    n = 0
    for line in path.read_text(encoding="utf-8-sig").split("\n"):
        cur.append(line)
        n += len(line) + 1
        if n >= size:
            pages.append("\n".join(cur))
            cur, n = [], 0
    if cur:
        pages.append("\n".join(cur))
    return pages


def group_of(p: Page) -> str:
    if p.lang not in ("zh", "") or p.kind == "non-zh":
        return "non-Chinese"
    return KIND_GROUP.get(p.kind, p.kind or "other")


class Tally:
    """Pages found / flagged and line counts, by row name."""

    def __init__(self) -> None:
        self.pages: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.tp = self.fp = self.fn = 0

    def add(self, p: Page, spans: list[tuple[int, int]], rows: list[str]) -> None:
        got = reported_lines(p.text, spans)
        content = {i for i, line in enumerate(p.lines) if line.strip()}
        for row in rows:
            self.pages[row][0] += 1
            self.pages[row][1] += bool(spans)
        if p.label == "spam":
            want = p.spam_lines & content or content
            self.tp += len(got & want)
            self.fp += len(got - want)
            self.fn += len(want - got)
        else:
            self.fp += len(got)


def source_of(p: Page) -> str:
    """The corpus folder a page comes from (dev/zh, dev/intl, dev/round1, cases)."""
    top = p.name.split("/", 1)[0]
    return top if top == "cases" else f"dev/{top}"


def rows_of(p: Page) -> list[str]:
    if p.label == "spam":
        return [
            f"spam: {group_of(p)}",
            f"spam, lang {p.lang}",
            f"spam, from {source_of(p)}",
            "spam: all",
        ]
    kind = "trap" if p.trap else "everyday"
    return [
        f"clean: {kind}",
        f"clean, lang {p.lang}",
        f"clean, from {source_of(p)}",
        "clean: all",
    ]


def cross_validate(
    pages: list[Page], k: int, seed: int, threshold: float, verbose: bool = False
) -> tuple[Tally, Tally]:
    """Fit on all folds but one, check the one; the model's tally and that of
    the lexicon rules alone (segtext 0.1's detector)."""
    tally = Tally()
    rules_only = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        for n, (fit_pages, val_pages) in enumerate(folds(pages, k, seed=seed)):
            m = fit(fit_pages, seed)
            path = Path(tmp) / f"fold{n}.tsv"
            path.write_text(format_model(m), "utf-8")
            cfg = SpamConfig(threshold=threshold, model_path=str(path))
            alone_cfg = SpamConfig(threshold=threshold, model=False)
            for p in val_pages:
                spans = [(f.start, f.end) for f in detect_spam(p.text, cfg)]
                tally.add(p, spans, rows_of(p))
                alone = detect_spam(p.text, alone_cfg)
                rules_only.add(p, [(f.start, f.end) for f in alone], rows_of(p))
                if verbose and bool(spans) != (p.label == "spam"):
                    what = "missed" if p.label == "spam" else "FALSE "
                    print(f"  {what} {p.name:28} {group_of(p) if p.label == 'spam' else ''}")
    return tally, rules_only


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threshold", type=float, default=SpamConfig().threshold)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every missed or false page")
    ap.add_argument(
        "--seeds",
        type=_seed_list,
        default=[],
        help="comma-separated fold seeds: also print each one's key figures and their mean"
        " (the fitted threshold moves with the folds)",
    )
    args = ap.parse_args(argv)
    pages = load_corpus([args.shared / c for c in CORPUS])
    t0 = time.perf_counter()
    tally, rules_only = cross_validate(pages, args.folds, args.seed, args.threshold, args.verbose)
    cv_time = time.perf_counter() - t0

    cfg = SpamConfig(threshold=args.threshold)
    seed = (args.shared / "seed" / "chinadaily-page.txt").read_text(encoding="utf-8")
    seed_found = detect_spam(seed, cfg)
    icwb: dict[str, tuple[int, int]] = {}
    for corpus in ("pku", "msr", "cityu", "as"):
        texts = icwb2_pages(args.shared / "data" / "icwb2" / f"{corpus}_test.utf8")
        icwb[corpus] = (sum(1 for t in texts if detect_spam(t, cfg)), len(texts))

    n_spam = sum(1 for p in pages if p.label == "spam")
    print(
        f"spam detector, threshold {args.threshold:g}; {args.folds}-fold cross-validation by site"
        f" over {len(pages)} labelled pages ({n_spam} spam) of {', '.join(CORPUS)}"
    )
    print()
    print("| set | pages | found / flagged | rate | lexicon rules alone |")
    print("|---|---:|---:|---:|---:|")
    for row in sorted(
        tally.pages, key=lambda r: (not r.startswith("spam:"), not r.startswith("spam"), r)
    ):
        n, f = tally.pages[row]
        what = "recall" if row.startswith("spam") else "flagged"
        base = rules_only.pages[row][1]
        print(f"| {row} | {n} | {f} | {what} {f / n:.2f} | {base} ({base / n:.2f}) |")

    def line_pr(t: Tally) -> str:
        prec = t.tp / (t.tp + t.fp) if t.tp + t.fp else 1.0
        rec = t.tp / (t.tp + t.fn) if t.tp + t.fn else 1.0
        return f"precision {prec:.3f}, recall {rec:.3f}"

    print(f"| lines (cross-validated) | | | {line_pr(tally)} | {line_pr(rules_only)} |")
    tot_f = sum(f for f, _ in icwb.values())
    tot_n = sum(n for _, n in icwb.values())
    print(
        f"| SIGHAN 2005 test pages, shipped model | {tot_n} | {tot_f} | flagged {tot_f / tot_n:.3f} | |"
    )
    print(f"| seed page, shipped model | 1 | {int(bool(seed_found))} | | |")
    print()
    print(f"time: cross-validation {cv_time:.1f} s")
    if args.seeds:
        print_seeds(pages, args.folds, args.seeds, args.threshold)
    return 0


def _seed_list(text: str) -> list[int]:
    try:
        seeds = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not comma-separated whole numbers: {text!r}") from None
    if not seeds:
        raise argparse.ArgumentTypeError("no fold seed given")
    return seeds


#: The tally's rows in the seed table, with their column heads.
SEED_ROWS = {
    "spam: all": "spam pages",
    "spam: run": "runs",
    "spam: contact": "contact",
    "spam: doorway/prose": "doorway, prose",
    "spam: non-Chinese": "other languages",
    "clean: all": "clean",
    "clean: everyday": "everyday",
}


def print_seeds(pages: list[Page], k: int, seeds: list[int], threshold: float) -> None:
    """Key figures per fold seed and their mean."""
    table: list[list[float]] = []
    for seed in seeds:
        tally, _ = cross_validate(pages, k, seed, threshold)
        row: list[float] = [float(tally.pages[r][1]) for r in SEED_ROWS]
        row.append(tally.tp / (tally.tp + tally.fp) if tally.tp + tally.fp else 1.0)
        row.append(tally.tp / (tally.tp + tally.fn) if tally.tp + tally.fn else 1.0)
        table.append(row)
    heads = [*SEED_ROWS.values(), "line precision", "line recall"]
    print()
    print("| fold seed | " + " | ".join(heads) + " |")
    print("|---" * (len(heads) + 1) + "|")

    def fmt(row: list[float]) -> str:
        cells = []
        for i, v in enumerate(row):
            if i >= len(SEED_ROWS):
                cells.append(f"{v:.3f}")  # precision, recall
            else:
                cells.append(f"{v:.0f}" if v == int(v) else f"{v:.1f}")  # page counts
        return " | ".join(cells)

    for seed, row in zip(seeds, table, strict=True):
        print(f"| {seed} | {fmt(row)} |")
    mean = [sum(col) / len(col) for col in zip(*table, strict=True)]
    print(f"| mean | {fmt(mean)} |")


if __name__ == "__main__":
    raise SystemExit(main())
