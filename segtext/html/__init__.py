"""HTML pages: decode them, take out the parts a reader and a crawler see, check them.

A suspect page usually arrives as HTML, and injected spam lives where a plain
text dump hides it: the ``<title>``, ``<meta name="keywords|description">``,
blocks hidden with CSS, ``<a>`` link farms and strings that inline scripts
write into the page. :func:`extract` turns a page into :class:`HtmlPart`
records, each with its place in the HTML (line, column, offset and a short
CSS-like element path) and its place in one flat *document text*;
:func:`analyze_html` runs :func:`segtext.analyze` on that text, maps every
finding back to its part and HTML line, and adds findings of its own
(``html.hidden_spam``, ``html.link_farm``).

Positions
---------
``HtmlPart.start``/``end`` (and a finding's ``start``/``end``) are half-open
code-point offsets into :attr:`HtmlDocument.text`, the convention of
:mod:`segtext.report`. ``line`` and ``col`` are 1-based and ``offset`` is
0-based, all in code points of the HTML ``str`` that was passed in; lines end
at ``"\\n"`` only. :meth:`HtmlDocument.source_offset` maps any position of the
document text back to the HTML, exactly through entities and collapsed
whitespace.

The document text
-----------------
Title parts come first, then meta keywords, then meta descriptions, each
followed by a blank line; then the body, one line per block (``p``, ``li``,
``td``, headings, ``div``..., and each ``<br>``), whitespace collapsed as a
browser does. Hidden text, link texts and script strings stay in their reading
position (a ``document.write`` writes where its script is). Two links whose
texts touch get a space between them, so that each link text is an item.

Hidden text
-----------
An element and everything in it is hidden when it has the ``hidden``
attribute, is a ``<template>`` or ``<noscript>`` (scripts run in every
browser people use), or when its inline ``style`` or a rule in a ``<style>``
element of the page sets ``display:none``, ``visibility:hidden|collapse``,
``font-size`` 0 or 1px, ``opacity`` 0, ``position:absolute|fixed`` with
``left``/``top``/``right`` at -500px (-30em) or beyond, a ``text-indent`` or
``margin-left`` as far off, or ``height``/``width``/``max-height`` of 1px or
less with ``overflow:hidden``. Style rules count only for the simple
selectors ``.class``, ``#id``, ``tag.class`` and ``tag#id`` (in lists) outside
``@media`` and other at-rules; later rules for the same selector override
earlier ones. Not detected: external style sheets, descendant selectors,
text coloured like its background, and styles set by scripts.
``aria-hidden`` is not hiding (it hides from screen readers, not from eyes).

Parsing
-------
The tokenizer here follows the HTML standard's rules where they matter for
text (raw text in ``script``/``style``, RCDATA in ``title``/``textarea``,
unclosed comments run to the end, a tag cut off by the end of the input is
dropped, implied end tags of ``p``, ``li``, ``td``, ``tr``, ``dt``, ``dd``,
``option`` and ``a``), runs in time linear in the input on any text, and
never raises. It was chosen over ``html.parser`` (quadratic on unclosed
comments in the Python versions segtext supports), lxml (element lines only,
no columns; nesting cut at depth 255) and selectolax/lexbor (no source
positions at all); see ``bench/html_speed.py`` for speeds.
"""

from __future__ import annotations

import bisect
import re

from segtext._args import require_str
from segtext.config import DEFAULT_CONFIG, Config
from segtext.html.charset import declared_charset as declared_charset
from segtext.html.charset import decode_html
from segtext.html.css import style_rules as style_rules
from segtext.html.layout import HEADINGS, lay_out
from segtext.html.records import HtmlDocument, HtmlFinding, HtmlPart, HtmlReport, PartKind

# The rule constants, importable from here as before the stage was a package.
from segtext.html.rules import HIDDEN_KEYWORD_WEIGHT as HIDDEN_KEYWORD_WEIGHT
from segtext.html.rules import HIDDEN_MIN_KEYWORDS as HIDDEN_MIN_KEYWORDS
from segtext.html.rules import LINK_DOMAINS_WEIGHT as LINK_DOMAINS_WEIGHT
from segtext.html.rules import LINK_FULL_HOSTS as LINK_FULL_HOSTS
from segtext.html.rules import LINK_FULL_KEYWORDS as LINK_FULL_KEYWORDS
from segtext.html.rules import LINK_HIDDEN_WEIGHT as LINK_HIDDEN_WEIGHT
from segtext.html.rules import LINK_MIN_HIDDEN as LINK_MIN_HIDDEN
from segtext.html.rules import LINK_MIN_HOSTS as LINK_MIN_HOSTS
from segtext.html.rules import LINK_RUN_GAP as LINK_RUN_GAP
from segtext.html.rules import (
    finding,
    hidden_findings,
    keyword_hits,
    link_findings,
)
from segtext.inputs import looks_like_html
from segtext.lexicon import load_lexicon
from segtext.pipeline import analyze_view
from segtext.report import SpamFinding
from segtext.spam.view import make_view

__all__ = [
    "HtmlDocument",
    "HtmlFinding",
    "HtmlPart",
    "HtmlReport",
    "PartKind",
    "analyze_html",
    "clean_html",
    "decode_html",
    "extract",
    "looks_like_html",
]


def extract(html: str, *, url: str | None = None) -> HtmlDocument:
    """The parts of an HTML page, laid out in one document text.

    ``url`` is where the page came from, if known (it tells the site's own
    links from foreign ones). Never raises for a ``str``; see the module
    docstring for the layout, positions and what counts as hidden.
    """
    require_str(html, "extract")
    return lay_out(html, url)


def analyze_html(html: str, config: Config | None = None, *, url: str | None = None) -> HtmlReport:
    """Check an HTML page: the text pipeline on its parts plus the HTML rules.

    Every finding of :func:`segtext.analyze` on the document text is mapped to
    the part it is in; ``html.hidden_spam`` and ``html.link_farm`` findings
    are added (a text finding that starts in a hidden element is reported
    once, as that element's ``html.hidden_spam``), with the thresholds of ``config.html``
    (:class:`segtext.config.HtmlConfig`). Never raises for a ``str`` (only
    for an invalid config, as :func:`segtext.analyze`).
    """
    require_str(html, "analyze_html")
    cfg = config or DEFAULT_CONFIG
    doc = extract(html, url=url)
    # One matching view of the document text, for the text pipeline and the
    # HTML rules alike: the page is folded and matched once.
    view = make_view(doc.text, load_lexicon(cfg.spam.lexicons, cfg.spam.exclusions))
    report = analyze_view(view, cfg)
    threshold = cfg.spam.threshold
    findings: list[HtmlFinding] = []
    taken: list[SpamFinding] = []
    if any(p.hidden_id >= 0 or p.link_id >= 0 for p in doc.parts):
        hits = keyword_hits(doc, view)
        hidden, taken = hidden_findings(doc, report, hits, threshold, cfg.html)
        findings += hidden
        findings += link_findings(doc, hits, threshold, cfg.html)
    findings += [
        finding(doc, f.rule, f.score, (f.start, f.end), f.message, evidence=f.evidence, finding=f)
        for f in report.spam
        if not any(f is t for t in taken)  # reported as their hidden element's finding
    ]
    findings.sort(key=lambda f: (f.start, f.rule))
    score = max((f.score for f in findings), default=0.0)
    return HtmlReport(
        verdict="spam" if findings else "clean",
        score=score,
        threshold=threshold,
        findings=tuple(findings),
        document=doc,
        text_report=report,
    )


def clean_html(html: str, config: Config | None = None, *, url: str | None = None) -> str:
    """The article text of a page, one block per line.

    Visible body text only: title, meta, hidden text and script strings are
    left out, and so is whatever a finding covers and every block the text
    pipeline does not call article (navigation, bylines, footers). A line made
    only of link text is a link list, left out unless it is in a heading
    (``h1``-``h6``).
    """
    require_str(html, "clean_html")
    return article_text(analyze_html(html, config, url=url))


def article_text(rep: HtmlReport) -> str:
    """The article text of an analysed page (see :func:`clean_html`)."""
    doc = rep.document
    cut = sorted((f.start, f.end) for f in rep.findings)
    newlines = [m.start() for m in re.finditer("\n", doc.text)]
    pieces: dict[int, list[str]] = {}
    for blk in rep.text_report.blocks:
        if blk.role != "article":
            continue
        for i in doc.parts_in(blk.start, blk.end):
            p = doc.parts[i]
            if p.kind not in ("body", "anchor"):
                continue
            line = bisect.bisect_left(newlines, p.start)
            # A line of links (a menu) goes with the separators between them.
            if (
                (p.link_id >= 0 or not p.text.strip(_SEPARATORS))
                and _link_only_line(doc, i)
                and not _in_heading(doc, i)
            ):
                continue
            a, b = max(blk.start, p.start), min(blk.end, p.end)
            for s, e in cut:
                if s < b and a < e:
                    if s > a:
                        pieces.setdefault(line, []).append(doc.text[a:s])
                    a = max(a, e)
            if a < b:
                pieces.setdefault(line, []).append(doc.text[a:b])
    lines = [" ".join("".join(pieces[k]).split()) for k in sorted(pieces)]
    lines = [t for t in lines if t]
    return "\n".join(lines) + "\n" if lines else ""


#: What stands between the links of a menu: a line of links and these is a link list.
_SEPARATORS = " |·•-/,、"


def _tag(desc: str) -> str:
    return desc.split("#", 1)[0].split(".", 1)[0]


def _in_heading(doc: HtmlDocument, i: int) -> bool:
    return any(_tag(d) in HEADINGS for _, d in doc._anc[i])


def _link_only_line(doc: HtmlDocument, i: int) -> bool:
    """Whether the line of part ``i`` has no visible text outside links."""
    text = doc.text
    a = text.rfind("\n", 0, doc.parts[i].start) + 1
    b = text.find("\n", doc.parts[i].end)
    b = len(text) if b < 0 else b
    for j in doc.parts_in(a, b):
        p = doc.parts[j]
        if p.kind == "body" and p.text.strip(_SEPARATORS):
            return False
    return True
