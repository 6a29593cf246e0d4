"""Throughput of the HTML checks beside the text checks, on the same pages.

Generates pages with ``bench/pages.py`` (seeded, labelled) and wraps each in
the HTML a site would serve: a ``<head>`` with title, meta, a style sheet and
an analytics script, the nav line as a list of links, the paragraphs as
``<p>``, the Chinese footer as a ``<div>``. An injected spam run goes into the
``<title>`` when it took the title slot, else into a hidden ``<div>`` of links
(half of them hidden by inline style, half by a class rule). Then measures,
in this process, one page at a time:

- ``analyze`` on the page's text (the text check, for reference);
- ``extract`` on the HTML (decoding excluded: the pages are ``str``);
- ``analyze_html`` on the HTML (extract + the text pipeline + HTML rules);
- ``analyze_html`` on the HTML with 20 KB of inline script per page, which is
  what many real pages carry.

Prints pages/s, MB/s of each check's own input (text or HTML) and agreement
with the injected-spam labels. ``--parsers`` adds the tokenizers that were
weighed for the HTML stage, on the same HTML: ``html.parser`` (tokenizing
only, no tree), and lxml and selectolax if installed (parse and walk).

    python bench/html_speed.py             # about 4 MB of text, the table
    python bench/html_speed.py --mb 1 --parsers
"""

from __future__ import annotations

import argparse
import html as stdhtml
import platform
import re
import sys
import time
from collections.abc import Callable, Sequence
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import Page, PageGenerator

from segtext import analyze
from segtext.html import analyze_html, extract

_HEAD = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{title}">
<link rel="stylesheet" href="/static/site.css">
<style>
body {{ font-family: sans-serif; margin: 0 }}
.nav li {{ display: inline-block; padding: 0 8px }}
.hdn {{ display: none }}
@media (max-width: 600px) {{ .nav {{ display: none }} }}
</style>
<script>
window.dataLayer = window.dataLayer || [];
function track() {{ dataLayer.push(arguments); }}
track('js', new Date()); track('config', 'UA-000000-1');
</script>
</head>
<body>
"""


def _filler_script(kb: int) -> str:
    lines = [
        f"var cfg{i} = {{id: {i}, name: 'widget-{i}', on: true, size: [300, 250]}};"
        for i in range(kb * 1024 // 64)
    ]
    return "<script>\n" + "\n".join(lines) + "\n</script>\n"


def _links(items: Sequence[str], hidden_how: str) -> str:
    attr = ' class="hdn"' if hidden_how == "class" else ' style="display:none"'
    links = "|".join(
        f'<a href="http://s{i}.pool.example.net/">{stdhtml.escape(t)}</a>'
        for i, t in enumerate(items)
    )
    return f"<div{attr}>{links}</div>\n"


def to_html(page: Page, n: int, script_kb: int = 0) -> str:
    """The page as HTML, its spam lines where a spammer puts them.

    The generator does not say which line it injected, so the spam lines are
    the lines ``analyze`` flags in the text (this places the runs; it does
    not decide the HTML check's verdict). A run on the first line after the
    nav takes the ``<title>``; a later one becomes a hidden ``<div>`` of links.
    """
    text = page.text
    flagged = set()
    for f in analyze(text).spam:
        flagged.update(range(text.count("\n", 0, f.start), text.count("\n", 0, f.end) + 1))
    lines = text.split("\n")
    body: list[str] = []
    title = ""
    for k, line in enumerate(lines[1:], 1):
        s = line.strip()
        if not s:
            continue
        if not title:
            title = s
            if k not in flagged:
                body.append(f"<h1>{stdhtml.escape(s)}</h1>")
            continue
        if k in flagged:
            body.append(_links(re.split(r"[|_、\s]+", s), "class" if n % 2 else "style"))
        else:
            body.append(f"<p>{stdhtml.escape(s)}</p>")
    navs = "".join(
        f'<li><a href="/{k}/">{stdhtml.escape(t.strip())}</a></li>'
        for k, t in enumerate(lines[0].split("|"))
    )
    zh = page.kind.startswith("zh")
    return "".join(
        [
            _HEAD.format(lang="zh" if zh else "en", title=stdhtml.escape(title)),
            f'<ul class="nav">{navs}</ul>\n<div class="content">\n',
            "\n".join(body),
            "\n</div>\n",
            _filler_script(script_kb) if script_kb else "",
            "</body>\n</html>\n",
        ]
    )


def _time(
    name: str, fn: Callable[[str], bool], docs: list[str], labels: list[str], repeat: int = 3
) -> tuple[str, int, float, float, float]:
    """Best wall time of ``repeat`` passes (the machine is shared) and label agreement."""
    for d in docs[:3]:
        fn(d)  # lexicon and OpenCC loaded before the clock starts
    best = float("inf")
    agree = 0
    for _ in range(repeat):
        agree = 0
        t0 = time.perf_counter()
        for d, label in zip(docs, labels, strict=True):
            agree += fn(d) == (label == "spam")
        best = min(best, time.perf_counter() - t0)
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    return name, len(docs), mb, best, agree / len(docs)


def _parsers(docs: list[str]) -> list[tuple[str, Callable[[str], object]]]:
    out: list[tuple[str, Callable[[str], object]]] = []

    class _Tok(HTMLParser):
        def handle_data(self, data: str) -> None:
            self.getpos()

    def stdlib(h: str) -> object:
        p = _Tok()
        p.feed(h)
        p.close()
        return p

    out.append(("html.parser, tokenize only", stdlib))
    try:
        import lxml.html  # noqa: PLC0415 - optional

        def lx(h: str) -> object:
            return [(e.sourceline, e.text) for e in lxml.html.fromstring(h).iter()]

        out.append(("lxml, parse + walk", lx))
    except ImportError:
        pass
    try:
        from selectolax.lexbor import LexborHTMLParser  # noqa: PLC0415 - optional

        def sx(h: str) -> object:
            return list(LexborHTMLParser(h).root.traverse(include_text=True))  # type: ignore[union-attr]

        out.append(("selectolax/lexbor, parse + walk", sx))
    except ImportError:
        pass
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=4.0, help="MB of page text (default 4)")
    ap.add_argument("--parsers", action="store_true", help="also time the tokenizers weighed")
    args = ap.parse_args(argv)

    pages = list(PageGenerator(seed=7).pages(int(args.mb * 1e6)))
    texts = [p.text for p in pages]
    labels = [p.label for p in pages]
    htmls = [to_html(p, i) for i, p in enumerate(pages)]
    heavy = [to_html(p, i, script_kb=20) for i, p in enumerate(pages)]

    rows = [
        _time("analyze (text)", lambda t: analyze(t).is_spam, texts, labels),
        _time("extract (HTML)", lambda h: bool(extract(h).parts), htmls, labels),
        _time("analyze_html (HTML)", lambda h: analyze_html(h).is_spam, htmls, labels),
        _time(
            "analyze_html (HTML + 20 KB script)",
            lambda h: analyze_html(h).is_spam,
            heavy,
            labels,
        ),
    ]
    print(f"# {platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    print(f"# {len(pages)} pages, {sum(p.label == 'spam' for p in pages)} with spam injected")
    print()
    print("| check | input | pages/s | MB/s | agrees with labels |")
    print("|---|---|---|---|---|")
    for name, n, mb, wall, agree in rows:
        what = "text" if "(text)" in name else "HTML"
        share = "-" if name.startswith("extract") else f"{agree:.1%}"
        print(f"| {name} | {mb:.1f} MB {what} | {n / wall:,.0f} | {mb / wall:.2f} | {share} |")
    if args.parsers:
        print()
        print("| tokenizer (same HTML) | MB/s |")
        print("|---|---|")
        mb = sum(len(h.encode("utf-8")) for h in htmls) / 1e6
        for name, fn in [("segtext.html.extract", extract), *_parsers(htmls)]:
            t0 = time.perf_counter()
            for h in htmls:
                fn(h)
            print(f"| {name} | {mb / (time.perf_counter() - t0):.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
