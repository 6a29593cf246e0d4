"""A fingerprint of the HTML stage's output, to show that a change is neutral.

Hashes the JSON of :func:`segtext.html.analyze_html` (every part and the
text report included), the article text of :func:`segtext.html.clean_html`
and the decoding of :func:`segtext.html.decode_html` over:

- the pages ``bench/html_speed.py`` builds (seeded), with and without the
  20 KB of inline script;
- the pages of ``tests/data/html``, each also with a ``url`` so that the
  site's own links are told from foreign ones;
- every labelled case of ``../shared/cases`` wrapped as ``tests/test_html.py``
  wraps it, and any ``.html`` file under ``../shared`` (read here at run
  time, never copied);
- :func:`segtext.analyze` over the same bench pages' text and the ``.txt``
  files of ``../shared/cases`` and ``../shared/dev``, since the HTML stage
  runs the text pipeline.

    python bench/fingerprint_html.py --save before.json
    ... change the code ...
    python bench/fingerprint_html.py --compare before.json   # exit 1 on a difference
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from html_speed import to_html
from pages import PageGenerator

from segtext import analyze
from segtext.html import analyze_html, article_text, decode_html
from segtext.report import to_json

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SEGTEXT_SHARED", ROOT.parent / "shared"))
if not SHARED.exists():  # a worktree beside the main checkout
    SHARED = ROOT.parent.parent / "shared"


def _digest(value: object) -> str:
    return hashlib.sha256(to_json(value).encode("utf-8")).hexdigest()[:16]


def _html_record(html: str, url: str | None = None) -> object:
    rep = analyze_html(html, url=url)
    return {"report": rep.as_dict(), "article": article_text(rep)}


def _pages(mb: float) -> Iterator[tuple[str, Callable[[], object]]]:
    pages = list(PageGenerator(seed=7).pages(int(mb * 1e6)))
    for i, p in enumerate(pages):
        yield f"bench/text/{i}", lambda p=p: analyze(p.text).as_dict()
        yield f"bench/html/{i}", lambda p=p, i=i: _html_record(to_html(p, i))
        if i % 10 == 0:
            yield f"bench/html+script/{i}", lambda p=p, i=i: _html_record(to_html(p, i, 20))


def _test_pages() -> Iterator[tuple[str, Callable[[], object]]]:
    for path in sorted((ROOT / "tests" / "data" / "html").glob("*.html")):
        html = path.read_text(encoding="utf-8")
        yield f"tests/{path.name}", lambda h=html: _html_record(h)
        yield f"tests/{path.name}@url", lambda h=html: _html_record(h, "https://www.example.com/")
        for codec in ("utf-8", "gb18030", "big5"):
            try:
                data = html.encode(codec)
            except UnicodeEncodeError:
                continue
            name = f"tests/{path.name}:{codec}"
            yield name, lambda d=data: [decode_html(d).encoding, decode_html(d).text]


def _shared() -> Iterator[tuple[str, Callable[[], object]]]:
    if not SHARED.exists():
        print(f"# {SHARED} not found: its pages are left out", file=sys.stderr)
        return
    labels_path = SHARED / "cases" / "labels.json"
    if labels_path.exists():
        from tests.test_html import wrap  # noqa: PLC0415 - the tests' own page builder

        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        for name, label in sorted(labels.items()):
            path = SHARED / "cases" / name
            if path.exists():
                text = path.read_text(encoding="utf-8")
                lines = label.get("lines", []) if label.get("kind") != "inline" else []
                yield f"cases/{name}@html", lambda t=text, n=lines: _html_record(wrap(t, n))
    for sub in ("cases", "dev"):
        for path in sorted((SHARED / sub).rglob("*.txt")):
            rel = path.relative_to(SHARED).as_posix()
            yield rel, lambda p=path: analyze(p.read_text(encoding="utf-8")).as_dict()
    for path in sorted(SHARED.rglob("*.htm*")):
        rel = path.relative_to(SHARED).as_posix()
        yield rel, lambda p=path: _html_record(p.read_text(encoding="utf-8", errors="replace"))


def fingerprint(mb: float) -> dict[str, str]:
    """Name of each input -> hash of its output."""
    out: dict[str, str] = {}
    for source in (_pages(mb), _test_pages(), _shared()):
        for name, run in source:
            out[name] = _digest(run())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=1.0, help="MB of bench pages (default 1)")
    ap.add_argument("--save", metavar="FILE", help="write the fingerprint to FILE")
    ap.add_argument("--compare", metavar="FILE", help="compare with a saved fingerprint")
    args = ap.parse_args(argv)
    fp = fingerprint(args.mb)
    total = hashlib.sha256(json.dumps(fp, sort_keys=True).encode()).hexdigest()[:16]
    print(f"{len(fp)} inputs, fingerprint {total}")
    if args.save:
        Path(args.save).write_text(json.dumps(fp, indent=0, sort_keys=True) + "\n")
    if args.compare:
        old: dict[str, str] = json.loads(Path(args.compare).read_text())
        changed = sorted(k for k in fp.keys() & old.keys() if fp[k] != old[k])
        missing = sorted(old.keys() - fp.keys())
        added = sorted(fp.keys() - old.keys())
        for what, names in (("changed", changed), ("missing", missing), ("new", added)):
            for name in names:
                print(f"{what}: {name}")
        if changed or missing or added:
            print(f"DIFFERENT from {args.compare}")
            return 1
        print(f"identical to {args.compare}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
