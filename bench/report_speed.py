"""Speed of the HTML report: pages per second rendered into one batch report.

Generates pages with ``bench/pages.py`` (seeded; English news with Chinese
footers, a fifth with injected spam, some all-Chinese), analyses them before
the clock starts (with their near misses, as ``segtext report`` does), then
times :class:`segtext.visual.ReportWriter` writing all of them, each with its
full section, into one report: to ``os.devnull`` through a UTF-8 text stream
(so encoding is paid, nothing is kept), or to ``-o FILE``. Rows:

- render, text pages: the report of the analysed text pages;
- render, HTML pages: the same pages as HTML (``bench/html_speed.py``'s
  wrapping), with the extracted parts panel;
- whole report, text pages: analysis + near misses + rendering, one page at a
  time, what ``segtext report`` does per page after reading it;
- peak memory of a streamed report (pages made, analysed and rendered one at
  a time) of N and of 4N pages, by ``tracemalloc``: it should not grow.

Best of ``--repeat`` passes (the machine is shared and its speed drifts).

    python bench/report_speed.py                 # 1,000 pages
    python bench/report_speed.py --pages 2000 -o build/bench-report.html
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))

from html_speed import to_html
from pages import PageGenerator

from segtext import analyze
from segtext.html import analyze_html
from segtext.visual import Page, ReportWriter, near_misses


def text_pages(n: int, seed: int = 2024) -> Iterator[Page]:
    gen = PageGenerator(seed)
    for i in range(n):
        text = gen.page().text
        rep = analyze(text)
        yield Page(
            f"page-{i:05d}.txt", text, rep, {"encoding": "utf-8"}, None, near_misses(text, rep)
        )


def html_pages(n: int, seed: int = 2024) -> Iterator[Page]:
    gen = PageGenerator(seed)
    for i in range(n):
        html = to_html(gen.page(), i)
        rep = analyze_html(html)
        near = near_misses(rep.document.text, rep.text_report)
        yield Page(f"page-{i:05d}.html", html, rep, {"encoding": "utf-8", "html": True}, None, near)


def _sink(path: str | None) -> TextIO:
    return Path(path or os.devnull).open("w", encoding="utf-8", newline="\n")


def _best(fn: Callable[[], None], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def render(pages: list[Page], out: str | None) -> None:
    with _sink(out) as sink, ReportWriter(sink, title="bench", max_pages=None) as writer:
        for p in pages:
            writer.add(p)


def whole(texts: list[str], out: str | None) -> None:
    with _sink(out) as sink, ReportWriter(sink, title="bench", max_pages=None) as writer:
        for i, text in enumerate(texts):
            rep = analyze(text)
            writer.add(Page(f"p{i}", text, rep, {}, None, near_misses(text, rep)))


def report_size(pages: list[Page]) -> int:
    """Characters of the report of ``pages`` (rendered once more, into memory)."""
    buf = io.StringIO()
    with ReportWriter(buf, title="bench", max_pages=None) as writer:
        for p in pages:
            writer.add(p)
    return len(buf.getvalue())


def peak_memory(n: int) -> float:
    """Peak traced memory (MB) of a streamed report of ``n`` pages, to devnull."""
    tracemalloc.start()
    try:
        with _sink(None) as sink, ReportWriter(sink, max_pages=None) as writer:
            for p in text_pages(n, seed=7):
                writer.add(p)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("-o", "--output", help="write the text pages' report here (default: devnull)")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory rows")
    args = ap.parse_args(argv)

    print(f"segtext report speed, {args.pages} pages, Python {platform.python_version()}")
    t0 = time.perf_counter()
    texts = list(text_pages(args.pages))
    htmls = list(html_pages(args.pages))
    mb = sum(len(p.text.encode("utf-8")) for p in texts) / 1e6
    spam = sum(p.report.verdict == "spam" for p in texts)
    print(f"  generated and analysed in {time.perf_counter() - t0:.1f} s: {mb:.1f} MB, {spam} spam")
    render(texts[:20], None)  # warm-up (han_runs' OpenCC tables)
    rows: list[tuple[str, Callable[[], None], list[Page]]] = [
        ("render, text pages", lambda: render(texts, args.output), texts),
        ("render, HTML pages", lambda: render(htmls, None), htmls),
        ("whole report, text pages", lambda: whole([p.text for p in texts], None), texts),
    ]
    print(f"  {'':<28} {'pages/s':>9} {'ms/page':>8} {'KB out/page':>12}")
    for name, fn, shown in rows:
        secs = _best(fn, args.repeat)
        print(
            f"  {name:<28} {args.pages / secs:>9,.0f} {secs / args.pages * 1e3:>8.2f}"
            f" {report_size(shown) / args.pages / 1e3:>12.1f}"
        )
    if not args.no_memory:
        n = max(50, args.pages // 4)
        peak_memory(10)  # first-use tables out of the measure
        for k in (n, 4 * n):
            print(
                f"  peak memory of a streamed report of {k:>5} pages (analysis included):"
                f" {peak_memory(k):5.1f} MB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
