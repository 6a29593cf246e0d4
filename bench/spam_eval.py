"""Evaluate the spam detector on ../shared/cases and on clean SIGHAN news pages.

    python bench/spam_eval.py [--shared ../shared] [--threshold 1.0]

Prints page-level recall on the spam cases (by kind), the false-positive rate
on the clean cases and on the icwb2 test texts cut into pages of about 2,000
characters (all clean news), and line-level precision and recall of the
reported spans against the labelled lines (a line counts as reported when a
finding overlaps it; for an ``inline`` label, the labelled text's line).
The data is read where it lies and never copied.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from segtext import SpamConfig, detect_spam  # noqa: E402


def line_bounds(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def reported_lines(text: str, spans: list[tuple[int, int]]) -> set[int]:
    hit = set()
    for n, (a, b) in enumerate(line_bounds(text), 1):
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--threshold", type=float, default=SpamConfig().threshold)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every page's result")
    args = ap.parse_args(argv)
    cfg = SpamConfig(threshold=args.threshold)
    cases = args.shared / "cases"
    labels = json.loads((cases / "labels.json").read_text(encoding="utf-8"))
    seed = args.shared / "seed" / "chinadaily-page.txt"

    by_kind: dict[str, list[bool]] = {}
    clean_flags: list[bool] = []
    tp = fp = fn = 0
    items = sorted(labels.items())
    items.append(("../seed/chinadaily-page.txt", {"label": "spam", "kind": "cluster", "lines": []}))
    t0 = time.perf_counter()
    for name, lab in items:
        path = seed if name.startswith("../seed") else cases / name
        text = path.read_text(encoding="utf-8")
        findings = detect_spam(text, cfg)
        spans = [(f.start, f.end) for f in findings]
        flagged = bool(findings)
        if lab["label"] == "clean":
            clean_flags.append(flagged)
            fp += len(reported_lines(text, spans))
        else:
            by_kind.setdefault(lab.get("kind", "?"), []).append(flagged)
            if name.startswith("../seed"):
                want = {n for n, (a, b) in enumerate(line_bounds(text), 1) if "蜘蛛池" in text[a:b]}
            elif "lines" in lab:
                want = set(lab["lines"])
            elif "text" in lab:
                want = {text.count("\n", 0, text.index(lab["text"])) + 1}
            else:
                want = {n for n, (a, b) in enumerate(line_bounds(text), 1) if text[a:b].strip()}
            got = reported_lines(text, spans)
            tp += len(got & want)
            fp += len(got - want)
            fn += len(want - got)
        if args.verbose:
            print(f"  {name:32} {lab['label']:6} {lab.get('kind', ''):8} flagged={flagged}")
    cases_time = time.perf_counter() - t0

    icwb: dict[str, tuple[int, int]] = {}
    t0 = time.perf_counter()
    chars = 0
    for corpus in ("pku", "msr", "cityu", "as"):
        path = args.shared / "data" / "icwb2" / f"{corpus}_test.utf8"
        pages = icwb2_pages(path)
        chars += sum(map(len, pages))
        flagged = sum(1 for p in pages if detect_spam(p, cfg))
        icwb[corpus] = (flagged, len(pages))
    icwb_time = time.perf_counter() - t0

    print(f"spam detector, threshold {args.threshold:g}")
    print()
    print("| set | pages | flagged | rate |")
    print("|---|---:|---:|---:|")
    for kind, flags in sorted(by_kind.items()):
        print(
            f"| spam cases, {kind} | {len(flags)} | {sum(flags)} | recall {sum(flags) / len(flags):.2f} |"
        )
    print(
        f"| clean cases | {len(clean_flags)} | {sum(clean_flags)} | FP rate {sum(clean_flags) / max(1, len(clean_flags)):.2f} |"
    )
    tot_f = sum(f for f, _ in icwb.values())
    tot_n = sum(n for _, n in icwb.values())
    for corpus, (f, n) in icwb.items():
        print(f"| icwb2 {corpus} pages (clean news) | {n} | {f} | FP rate {f / n:.3f} |")
    print(f"| icwb2 all | {tot_n} | {tot_f} | FP rate {tot_f / tot_n:.3f} |")
    print()
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    print(
        f"line level on labelled pages: precision {prec:.3f}, recall {rec:.3f} (tp {tp}, fp {fp}, fn {fn})"
    )
    print(
        f"time: cases {cases_time:.2f} s, icwb2 {icwb_time:.2f} s ({chars / icwb_time / 1e6:.2f} M chars/s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
