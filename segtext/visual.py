"""A self-contained HTML report of analysed pages, for a person triaging a site.

:class:`ReportWriter` writes one HTML file to a ``TextIO`` as pages are
added, so a batch of any size streams to disk: each page's section is written
when the page is added and only a one-line summary per page (its index row)
is kept until the end. The file needs nothing else: no network, no external
scripts, fonts or styles; a Content-Security-Policy that allows only the
report's own inline script and style (by hash) and no fetches at all backs
that up in the browser.

Everything taken from a page is escaped before it is written, so a page's
markup, ``<script>`` or ``</script>`` shows as text and never runs. Code
points the HTML parser would drop or change are written so that the text in
the browser's DOM is the analysed text: ``\\r`` as ``&#13;``, and NUL and lone
surrogates (which no HTML file can carry) as U+FFFD, one code point for one,
so offsets do not move.

Offsets: every ``data-start``/``data-end`` in the report is a half-open
code-point range into the text the report's offsets index (see
:mod:`segtext.report`), the same numbers as the JSON output: for an HTML page
that is the extracted document text. A finding's marks, in order, hold
exactly ``text[start:end]``; a finding that crosses a line, a block or a
change of script is shown as several ``<mark>`` pieces with the same
``data-f`` id.

``lang`` and ``dir`` come from the script runs: per line and per block, and
per run where a run's language differs from its block's (a Chinese keyword in
an English line, an Arabic phrase in a Chinese one). Latin text is taken to
be English (segtext reads Chinese/English pages); Han text is ``zh-Hans`` or
``zh-Hant`` by OpenCC's tables, ``ja`` beside Kana, Hangul ``ko``, Thai
``th``, Arabic ``ar`` and Hebrew ``he`` (right to left).

Near misses are the detector's own (``Report.near_misses``, listed when the
report was made with ``SpamConfig(near_misses=True)``; for an HTML page, those
of its text report); a report made without them shows none.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO

from segtext.config import DEFAULT_MAX_PAGES
from segtext.report import Block, Evidence, HanRun, Report, ScriptRun, SpamFinding

if TYPE_CHECKING:
    from segtext.html import HtmlFinding, HtmlReport

__all__ = [
    "DEFAULT_MAX_PAGES",
    "Page",
    "ReportSummary",
    "ReportWriter",
    "escape_attr",
    "escape_text",
    "render_page",
    "write_report",
]

#: Keywords listed per finding before the rest are counted.
_MAX_KEYWORDS = 30
#: Characters of a finding's text quoted in its detail.
_QUOTE_CHARS = 120
#: Hosts listed per link farm.
_MAX_HOSTS = 40

# --- escaping ----------------------------------------------------------------------

_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_text(s: str) -> str:
    """``s`` as HTML character data whose DOM text is ``s`` again.

    ``&``, ``<`` and ``>`` become references, so nothing in ``s`` can open a
    tag, a comment or end one (``</script>`` included); ``\\r`` becomes
    ``&#13;`` (the parser would turn a raw one into ``\\n``); NUL and lone
    surrogates become U+FFFD, one code point each.
    """
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in s:
        s = s.replace("\r", "&#13;")
    if "\0" in s:
        s = s.replace("\0", "\ufffd")
    if not s.isascii() and _SURROGATE.search(s):
        s = _SURROGATE.sub("\ufffd", s)
    return s


def escape_attr(s: str) -> str:
    """``s`` for a double- or single-quoted attribute value (see :func:`escape_text`)."""
    return escape_text(s).replace('"', "&quot;").replace("'", "&#39;")


# --- what is shown -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """One input to show in a report.

    ``text`` is the input as read (for an HTML page, its HTML source, used to
    quote the source line of each finding); ``report`` is its
    :class:`~segtext.report.Report` or :class:`~segtext.html.HtmlReport`.
    ``meta`` is the decoding metadata (``Decoded.as_meta()``). ``han_runs``
    labels Han text for ``lang`` (None: the report's, else computed).
    """

    name: str
    text: str
    report: Report | HtmlReport
    meta: Mapping[str, Any] = field(default_factory=dict)
    id: Any = None
    han_runs: tuple[HanRun, ...] | None = None


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """What a finished report holds: pages by verdict, sections, findings per rule."""

    pages: int
    spam: int
    clean: int
    errors: int
    sections: int
    rules: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class _Shown:
    """A finding or near miss as the report shows it, whatever record it came from."""

    start: int
    end: int
    rule: str
    score: float
    kind: str
    categories: tuple[str, ...]
    keywords: tuple[str, ...]
    message: str
    evidence: tuple[Evidence, ...]
    part: str = ""
    element: str = ""
    line: int = 0
    col: int = 0
    reason: str | None = None
    parts: tuple[int, ...] = ()

    @property
    def rules(self) -> tuple[str, ...]:
        """The finding's rule, then every evidence rule, each once."""
        return tuple(dict.fromkeys([self.rule, *(e.rule for e in self.evidence)]))


def _from_finding(f: SpamFinding) -> _Shown:
    fields = (f.start, f.end, f.rule, f.score, f.kind, f.categories, f.keywords, f.message)
    return _Shown(*fields, f.evidence)


def _from_html_finding(f: HtmlFinding) -> _Shown:
    inner = f.finding
    return _Shown(
        start=f.start,
        end=f.end,
        rule=f.rule,
        score=f.score,
        kind=inner.kind if inner is not None else "html",
        categories=inner.categories if inner is not None else (),
        keywords=inner.keywords if inner is not None else (),
        message=f.message,
        evidence=f.evidence,
        part=f.part,
        element=f.element,
        line=f.line,
        col=f.col,
        reason=f.reason,
        parts=f.parts,
    )


@dataclass(frozen=True, slots=True)
class _View:
    """One page reduced to what the text view needs."""

    text: str
    verdict: str
    score: float
    threshold: float
    blocks: tuple[Block, ...]
    runs: tuple[ScriptRun, ...]
    findings: tuple[_Shown, ...]
    near: tuple[_Shown, ...]
    html: HtmlReport | None


def _view(page: Page) -> _View:
    rep = page.report
    if isinstance(rep, Report):
        inner, text, html = rep, page.text, None
        findings = tuple(_from_finding(f) for f in rep.spam)
    else:
        inner, text, html = rep.text_report, rep.document.text, rep
        findings = tuple(_from_html_finding(f) for f in rep.findings)
    return _View(
        text,
        rep.verdict,
        rep.score,
        rep.threshold,
        inner.blocks,
        inner.runs,
        findings,
        tuple(_from_finding(f) for f in inner.near_misses),
        html,
    )


# --- lang and dir ----------------------------------------------------------------------

_THAI = re.compile("[\u0e00-\u0e7f]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_HEBREW = re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]")
_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
_DEVANAGARI = re.compile("[\u0900-\u097f]")
_RTL_LANGS = frozenset({"ar", "he"})
#: Languages whose runs get their own ``lang`` inside a block of another one.
_MARKED_SCRIPTS = frozenset({"Han", "Kana", "Hangul", "Other"})

_Lang = tuple[str | None, str]  # (lang or None to inherit, "ltr" | "rtl")
_NO_LANG: _Lang = (None, "ltr")


def _other_lang(s: str) -> _Lang:
    """The language of text the script table calls Other, by its letters."""
    counts = {
        "th": len(_THAI.findall(s)),
        "ar": len(_ARABIC.findall(s)),
        "he": len(_HEBREW.findall(s)),
        "el": len(_GREEK.findall(s)),
        "hi": len(_DEVANAGARI.findall(s)),
    }
    best = max(counts, key=lambda k: counts[k])
    if counts[best]:
        return best, "rtl" if best in _RTL_LANGS else "ltr"
    rtl = sum(unicodedata.bidirectional(c) in ("R", "AL") for c in s)
    return "und", "rtl" if rtl * 2 > len(s.strip()) else "ltr"


class _Langs:
    """``lang``/``dir`` of any span of one text, from its script and Han runs."""

    def __init__(self, text: str, runs: tuple[ScriptRun, ...], han: tuple[HanRun, ...]) -> None:
        self.text = text
        self.runs = runs
        self.run_starts = [r.start for r in runs]
        self.han = han
        self.han_starts = [h.start for h in han]
        trad = sum(h.end - h.start for h in han if h.variant == "traditional")
        simp = sum(h.end - h.start for h in han if h.variant == "simplified")
        self.page_zh = "zh-Hant" if trad > simp else "zh-Hans" if simp else "zh"

    def _zh(self, a: int, b: int) -> str:
        trad = simp = 0
        i = max(0, bisect.bisect_right(self.han_starts, a) - 1)
        while i < len(self.han) and self.han[i].start < b:
            h = self.han[i]
            n = min(b, h.end) - max(a, h.start)
            if n > 0:
                if h.variant == "traditional":
                    trad += n
                elif h.variant == "simplified":
                    simp += n
            i += 1
        if trad > simp:
            return "zh-Hant"
        if simp > trad:
            return "zh-Hans"
        return self.page_zh

    def of(self, a: int, b: int) -> _Lang:
        """The language of ``text[a:b]``: its dominant script's."""
        counts: Counter[str] = Counter()
        other: list[str] = []
        i = max(0, bisect.bisect_right(self.run_starts, a) - 1)
        while i < len(self.runs) and self.runs[i].start < b:
            r = self.runs[i]
            n = min(b, r.end) - max(a, r.start)
            if n > 0 and r.script != "Common":
                counts[r.script] += n
                if r.script == "Other":
                    other.append(self.text[max(a, r.start) : min(b, r.end)])
            i += 1
        if not counts:
            return _NO_LANG
        if counts["Kana"]:
            counts["Kana"] += counts.pop("Han", 0)  # kanji beside kana are Japanese
        script = counts.most_common(1)[0][0]
        return self._script_lang(script, a, b, "".join(other))

    def _script_lang(self, script: str, a: int, b: int, other: str) -> _Lang:
        if script == "Han":
            return self._zh(a, b), "ltr"
        if script == "Kana":
            return "ja", "ltr"
        if script == "Hangul":
            return "ko", "ltr"
        if script == "Latin":
            return "en", "ltr"
        if script == "Cyrillic":
            return "und-Cyrl", "ltr"
        return _other_lang(other or self.text[a:b])

    def runs_in(self, a: int, b: int, outer: _Lang) -> list[tuple[int, int, _Lang]]:
        """Runs inside ``[a, b)`` whose language differs from ``outer`` and needs saying.

        Han inside Japanese or Korean text is kanji or hanja and keeps the
        block's language; Latin and Common text never gets a span of its own.
        """
        out: list[tuple[int, int, _Lang]] = []
        i = max(0, bisect.bisect_right(self.run_starts, a) - 1)
        while i < len(self.runs) and self.runs[i].start < b:
            r = self.runs[i]
            i += 1
            s, e = max(a, r.start), min(b, r.end)
            # Spaces belong to the text around: inside a right-to-left
            # isolate a trailing space would show on the wrong side.
            while s < e and self.text[s].isspace():
                s += 1
            while e > s and self.text[e - 1].isspace():
                e -= 1
            if s >= e or r.script not in _MARKED_SCRIPTS:
                continue
            if r.script == "Han" and outer[0] in ("ja", "ko"):
                continue
            lang = self._script_lang(r.script, s, e, self.text[s:e] if r.script == "Other" else "")
            if lang != outer and (lang[0] is not None):
                out.append((s, e, lang))
        return out


def _lang_attrs(lang: _Lang, outer: _Lang) -> str:
    """``lang``/``dir`` attributes that say what differs from the enclosing element."""
    out = ""
    if lang[0] is not None and lang[0] != outer[0]:
        out += f' lang="{lang[0]}"'
    if lang[1] != outer[1]:
        out += f' dir="{lang[1]}"'
    return out


_ROOT_LANG: _Lang = ("en", "ltr")


def _han_runs_of(page: Page, view: _View) -> tuple[HanRun, ...]:
    if page.han_runs is not None:
        return page.han_runs
    rep = page.report
    own = (rep if isinstance(rep, Report) else rep.text_report).han_runs
    if own:
        return own
    if not any(r.script == "Han" for r in view.runs):
        return ()
    from segtext.segment import han_runs  # noqa: PLC0415 - OpenCC tables, no jieba

    return han_runs(view.text)


# --- the text view -------------------------------------------------------------------


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def _cuts(view: _View, lines: list[int], lang_cuts: Iterable[int]) -> list[int]:
    cuts = set(lines)
    for b in view.blocks:
        cuts.add(b.start)
        cuts.add(b.end)
    for f in (*view.findings, *view.near):
        cuts.add(f.start)
        cuts.add(f.end)
    cuts.update(lang_cuts)
    n = len(view.text)
    return sorted(c for c in cuts if 0 <= c <= n)


def _text_view(view: _View, pid: str, langs: _Langs) -> str:
    """The page's text, line by line, blocks shaded by role, findings marked."""
    text = view.text
    n = len(text)
    line_starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        if pos + 1 < n:
            line_starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    # Language of each line (its longest block's) and of each block.
    blocks = (view.blocks or (Block(0, n, "article", "Common", "none"),)) if n else ()
    block_ends = [x.end for x in blocks]
    block_lang = [langs.of(b.start, b.end) for b in blocks]
    inner_runs: list[tuple[int, int, _Lang]] = []
    for blk, lang in zip(blocks, block_lang, strict=True):
        if blk.role != "blank":
            inner_runs.extend(langs.runs_in(blk.start, blk.end, lang))
    run_cuts = [p for s, e, _ in inner_runs for p in (s, e)]
    cuts = _cuts(view, line_starts, run_cuts)
    marks = sorted(
        [(f.start, f.end, "f", i) for i, f in enumerate(view.findings) if f.end > f.start]
        + [(f.start, f.end, "n", i) for i, f in enumerate(view.near) if f.end > f.start]
    )
    first_seen: set[tuple[str, int]] = set()
    out: list[str] = [f'<div class="text" data-len="{n}">']
    bi = 0  # current block
    mi = 0  # next mark to open
    ri = 0  # next inner run
    active: list[tuple[int, int, str, int]] = []
    line_no = 0
    line_open = False
    block_open = False
    line_lang = _ROOT_LANG
    block_here = _ROOT_LANG
    for k in range(len(cuts) - 1):
        a, b = cuts[k], cuts[k + 1]
        if a >= b:
            continue
        if line_no < len(line_starts) and a == line_starts[line_no]:
            if block_open:
                out.append("</span>")
                block_open = False
            if line_open:
                out.append("</div>")
            line_end = line_starts[line_no + 1] if line_no + 1 < len(line_starts) else n
            line_lang = _line_lang(blocks, block_ends, block_lang, a, line_end)
            line_no += 1
            out.append(f'<div class="l" data-n="{line_no}"{_lang_attrs(line_lang, _ROOT_LANG)}>')
            line_open = True
        while bi < len(blocks) and blocks[bi].end <= a:
            bi += 1
            if block_open:
                out.append("</span>")
                block_open = False
        if not block_open and bi < len(blocks) and blocks[bi].start <= a:
            blk = blocks[bi]
            block_here = block_lang[bi] if blk.role != "blank" else line_lang
            out.append(
                f'<span class="b r-{escape_attr(blk.role)}" data-start="{max(blk.start, a)}"'
                f' data-end="{min(blk.end, _next_line(line_starts, line_no, n))}"'
                f' data-rule="{escape_attr(blk.rule)}"{_lang_attrs(block_here, line_lang)}>'
            )
            block_open = True
        if not block_open:  # a gap between blocks (none in today's records)
            block_here = line_lang
        while mi < len(marks) and marks[mi][0] <= a:
            active.append(marks[mi])
            mi += 1
        active = [m for m in active if m[1] > a]
        piece = escape_text(text[a:b])
        while ri < len(inner_runs) and inner_runs[ri][1] <= a:
            ri += 1
        if ri < len(inner_runs) and inner_runs[ri][0] <= a:
            piece = f"<span{_lang_attrs(inner_runs[ri][2], block_here)}>{piece}</span>"
        if active:
            piece = _mark(
                view=view, pid=pid, active=active, a=a, b=b, piece=piece, first_seen=first_seen
            )
        out.append(piece)
    if block_open:
        out.append("</span>")
    if line_open:
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


def _next_line(line_starts: list[int], line_no: int, n: int) -> int:
    return line_starts[line_no] if line_no < len(line_starts) else n


def _line_lang(
    blocks: Sequence[Block], block_ends: list[int], block_lang: list[_Lang], a: int, b: int
) -> _Lang:
    """The language of the line ``[a, b)``: its longest non-blank block's."""
    best, best_n = _ROOT_LANG, 0
    i = bisect.bisect_right(block_ends, a)  # the first block ending after a
    while i < len(blocks) and blocks[i].start < b:
        blk = blocks[i]
        size = min(b, blk.end) - max(a, blk.start)
        if blk.role != "blank" and size > best_n and block_lang[i][0] is not None:
            best, best_n = block_lang[i], size
        i += 1
    return best


def _mark(
    *,
    view: _View,
    pid: str,
    active: list[tuple[int, int, str, int]],
    a: int,
    b: int,
    piece: str,
    first_seen: set[tuple[str, int]],
) -> str:
    fs = [m[3] for m in active if m[2] == "f"]
    ns = [m[3] for m in active if m[2] == "n"]
    anchors = ""
    focus = False
    for kind, ids in (("f", fs), ("n", ns)):
        for i in ids:
            if (kind, i) not in first_seen:
                first_seen.add((kind, i))
                anchors += f'<span class="a" id="{pid}-{kind}{i}"></span>'
                focus = True
    shown = [view.findings[i] for i in fs] + [view.near[i] for i in ns]
    title = "; ".join(f"{' '.join(s.rules)} {_fmt(s.score)}" for s in shown)
    cls = "s" if fs else "n"
    if len(shown) > 1:
        cls += " m2"
    attrs = f' data-f="{" ".join(map(str, fs))}"' if fs else ""
    if ns:
        attrs += f' data-nm="{" ".join(map(str, ns))}"'
    tab = "0" if focus else "-1"
    return (
        f'{anchors}<mark class="{cls}" tabindex="{tab}"{attrs} data-start="{a}"'
        f' data-end="{b}" title="{escape_attr(title)}">{piece}</mark>'
    )


# --- the side list and details ------------------------------------------------------------


def _quote(text: str, start: int, end: int) -> str:
    s = " ".join(text[start:end].split())
    return s if len(s) <= _QUOTE_CHARS else s[: _QUOTE_CHARS - 1] + "…"


def _source_line(source: str, line: int, col: int) -> str:
    """About 160 characters of the HTML source around ``line``:``col`` (1-based)."""
    pos = 0
    for _ in range(line - 1):
        pos = source.find("\n", pos)
        if pos < 0:
            return ""
        pos += 1
    end = source.find("\n", pos)
    row = source[pos : end if end >= 0 else len(source)]
    at = max(0, col - 1 - 40)
    piece = row[at : at + 160]
    return ("…" if at else "") + piece + ("…" if at + 160 < len(row) else "")


def _detail(s: _Shown, view: _View, threshold: float, source: str) -> str:
    rows = [
        f'<div class="rules">{" ".join(f"<code>{escape_text(r)}</code>" for r in s.rules)}</div>',
        f'<div class="kv">score <b>{_fmt(s.score)}</b> / threshold {threshold:g}'
        + (f" · {escape_text(s.kind)}" if s.kind else "")
        + f" · chars {s.start}–{s.end}</div>",
    ]
    if s.categories:
        rows.append(f'<div class="kv">categories: {escape_text(", ".join(s.categories))}</div>')
    if s.keywords:
        kws = ", ".join(s.keywords[:_MAX_KEYWORDS])
        more = len(s.keywords) - _MAX_KEYWORDS
        rows.append(
            f'<div class="kv kw">keywords: {escape_text(kws)}'
            + (f" … and {more} more" if more > 0 else "")
            + "</div>"
        )
    if s.element:
        where = f"{s.part} · {s.element} · HTML line {s.line}, col {s.col}"
        if s.reason:
            where += f" · hidden: {s.reason}"
        rows.append(f'<div class="kv where">{escape_text(where)}</div>')
        src = _source_line(source, s.line, s.col)
        if src:
            rows.append(f'<div class="src"><code>{escape_text(src)}</code></div>')
    rows.append(f'<div class="msg">{escape_text(s.message)}</div>')
    rows.append(
        f'<blockquote class="q">{escape_text(_quote(view.text, s.start, s.end))}</blockquote>'
    )
    if s.evidence:
        ev = "".join(
            f'<li><code>{escape_text(e.rule)}</code> <b class="num">'
            f"{_fmt(e.weight)}</b>"
            f' <span class="sp">chars {e.start}–{e.end}</span>'
            f'<div class="why">{escape_text(e.message)}</div></li>'
            for e in s.evidence
        )
        rows.append(f'<div class="evh">evidence (contribution):</div><ul class="ev">{ev}</ul>')
    return f'<div class="detail">{"".join(rows)}</div>'


def _side(view: _View, pid: str, source: str) -> str:
    out = ['<aside class="side">', f"<h3>Findings ({len(view.findings)})</h3>"]
    if view.findings:
        out.append('<ol class="fl">')
        for i, s in enumerate(view.findings):
            out.append(
                f'<li id="{pid}-d{i}" class="fd"><a class="jump" href="#{pid}-f{i}">'
                f"<code>{escape_text(s.rule)}</code> <b>{_fmt(s.score)}</b></a>"
                f"{_detail(s, view, view.threshold, source)}</li>"
            )
        out.append("</ol>")
    else:
        out.append('<p class="none">No finding reached the threshold.</p>')
    out.append(f'<h3 class="nmh">Near misses ({len(view.near)})</h3>')
    if view.near:
        out.append(
            f'<p class="hint">Strongest candidates below the threshold {view.threshold:g};'
            " not spam, shown so that the verdict can be understood.</p>"
        )
        out.append('<ol class="nl">')
        for i, s in enumerate(view.near):
            out.append(
                f'<li id="{pid}-e{i}" class="nd"><a class="jump" href="#{pid}-n{i}">'
                f"<code>{escape_text(s.rule)}</code> <b>{_fmt(s.score)}</b></a>"
                f"{_detail(s, view, view.threshold, source)}</li>"
            )
        out.append("</ol>")
    else:
        out.append('<p class="none">No candidate came close.</p>')
    out.append("</aside>")
    return "".join(out)


# --- the HTML parts panel ------------------------------------------------------------------


def _parts_panel(rep: HtmlReport, view: _View, pid: str) -> str:
    doc = rep.document
    kinds = Counter(p.kind for p in doc.parts)
    hosts = Counter(p.href_domain for p in doc.parts if p.href_domain)
    links = len({p.link_id for p in doc.parts if p.link_id >= 0})
    out = [
        '<div class="panel" data-panel="parts"><h3>HTML parts</h3>',
        '<p class="kv">'
        + escape_text(
            ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
            + f"; {links} links to {len(hosts)} hosts; site: {doc.site or 'unknown'};"
            f" HTML {doc.source_length} characters, text {len(doc.text)}"
        )
        + "</p>",
    ]

    def table(title: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        if not rows:
            return
        th = "".join(f"<th>{h}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
        out.append(
            f"<h4>{title} ({len(rows)})</h4><table class='parts'><thead><tr>{th}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    def covering(start: int, end: int) -> str:
        links_ = [
            f'<a class="jump" href="#{pid}-f{i}">{escape_text(f.rule)}</a>'
            for i, f in enumerate(view.findings)
            if f.start < end and start < f.end
        ]
        return " ".join(links_)

    def loc(line: int, col: int) -> str:
        return f"{line}:{col}"

    fixed = [p for p in doc.parts if p.kind in ("title", "meta_keywords", "meta_description")]
    table(
        "Title and meta",
        ("part", "HTML line", "text", "findings"),
        [
            (
                p.kind,
                loc(p.line, p.col),
                escape_text(_quote(doc.text, p.start, p.end)),
                covering(p.start, p.end),
            )
            for p in fixed
        ],
    )
    groups: dict[int, list[Any]] = {}
    for p in doc.parts:
        if p.kind == "hidden" or p.reason is not None:
            groups.setdefault(p.hidden_id, []).append(p)
    hidden_rows: list[Sequence[str]] = []
    for ps in groups.values():
        p0 = ps[0]
        start, end = p0.start, ps[-1].end
        hidden_rows.append(
            (
                escape_text(p0.reason or ""),
                escape_text(p0.hidden_by or p0.element),
                loc(p0.line, p0.col),
                str(len(ps)),
                escape_text(_quote(doc.text, start, end)),
                covering(start, end),
            )
        )
    table(
        "Hidden blocks",
        ("hidden by", "element", "HTML line", "parts", "text", "findings"),
        hidden_rows,
    )
    farm_rows: list[Sequence[str]] = []
    for i, f in enumerate(view.findings):
        if f.rule != "html.link_farm":
            continue
        hs = Counter(
            doc.parts[k].href_domain
            for k in f.parts
            if 0 <= k < len(doc.parts) and doc.parts[k].href_domain
        )
        listed = ", ".join(
            f"{h}" + (f" ×{n}" if n > 1 else "") for h, n in hs.most_common(_MAX_HOSTS)
        )
        if len(hs) > _MAX_HOSTS:
            listed += f" … and {len(hs) - _MAX_HOSTS} more"
        farm_rows.append(
            (
                f'<a class="jump" href="#{pid}-f{i}">{_fmt(f.score)}</a>',
                escape_text(f.element),
                loc(f.line, f.col),
                escape_text(f.reason or "visible"),
                f"{len(hs)}: <span class='hosts'>{escape_text(listed)}</span>",
            )
        )
    table("Link farms", ("score", "element", "HTML line", "shown", "target hosts"), farm_rows)
    scripts = [p for p in doc.parts if p.kind == "script"]
    table(
        "Script strings",
        ("element", "HTML line", "text", "findings"),
        [
            (
                escape_text(p.element),
                loc(p.line, p.col),
                escape_text(_quote(doc.text, p.start, p.end)),
                covering(p.start, p.end),
            )
            for p in scripts
        ],
    )
    table(
        "Findings by element",
        ("rule", "score", "part", "element", "HTML line", "hidden"),
        [
            (
                f'<a class="jump" href="#{pid}-f{i}">{escape_text(f.rule)}</a>',
                _fmt(f.score),
                escape_text(f.part),
                escape_text(f.element),
                loc(f.line, f.col),
                escape_text(f.reason or ""),
            )
            for i, f in enumerate(view.findings)
        ],
    )
    out.append("</div>")
    return "".join(out)


# --- one page ------------------------------------------------------------------------------


def _clean_text(page: Page, view: _View) -> str:
    if view.html is not None:
        from segtext.html import article_text  # noqa: PLC0415 - an HtmlReport means it is loaded

        return article_text(view.html)
    from segtext.blocks import clean_text  # noqa: PLC0415 - kept off import time

    return clean_text(view.text, view.blocks)


def _encoding(meta: Mapping[str, Any]) -> str:
    enc = meta.get("encoding")
    if not enc:
        return "—"
    out = str(enc) + (" (detected)" if meta.get("encoding_detected") else "")
    if meta.get("replaced"):
        out += f", {meta['replaced']} undecodable sequence(s) replaced"
    return out


def _counts(items: Iterable[str]) -> str:
    c = Counter(items)
    return ", ".join(f"{n} {k}" for k, n in sorted(c.items())) or "none"


def render_page(page: Page, number: int = 0) -> str:
    """The ``<section>`` of one page: header, text view, side list, clean text, parts."""
    view = _view(page)
    pid = f"p{number}"
    langs = _Langs(view.text, view.runs, _han_runs_of(page, view))
    rules = [f.rule for f in view.findings]
    verdict = view.verdict
    facts = [
        ("score", f"{_fmt(view.score)} (threshold {view.threshold:g})"),
        ("encoding", _encoding(page.meta)),
        (
            "length",
            f"{len(view.text)} characters" + (" (extracted from HTML)" if view.html else ""),
        ),
        ("blocks", _counts(b.role for b in view.blocks if b.role != "blank")),
        ("findings", _counts(rules)),
        ("near misses", str(len(view.near))),
    ]
    if page.id is not None and str(page.id) != page.name:
        facts.insert(0, ("id", str(page.id)))
    dl = "".join(f"<dt>{k}</dt><dd>{escape_text(v)}</dd>" for k, v in facts)
    tabs = [("text", "Page text"), ("clean", "Cleaned article")]
    if view.html is not None:
        tabs.append(("parts", "HTML parts"))
    tab_html = "".join(
        f'<button type="button" role="tab" data-tab="{k}"'
        f' aria-selected="{"true" if i == 0 else "false"}">{label}</button>'
        for i, (k, label) in enumerate(tabs)
    )
    cleaned = _clean_text(page, view)
    out = [
        f'<section class="page v-{verdict}" id="{pid}" data-verdict="{verdict}"'
        f' data-rules="{escape_attr(" ".join(sorted(set(rules))))}">',
        f'<header class="ph"><h2><span class="verdict {verdict}">{verdict.upper()}</span> '
        f'<a href="#{pid}" class="name">{escape_text(page.name)}</a></h2>'
        f'<dl class="facts">{dl}</dl></header>',
        f'<div class="tabs" role="tablist">{tab_html}</div>',
        '<div class="panel" data-panel="text"><div class="cols"><div class="main">',
        _text_view(view, pid, langs),
        "</div>",
        _side(view, pid, page.text if view.html is not None else ""),
        "</div></div>",
        '<div class="panel" data-panel="clean"><h3>Cleaned article text</h3>',
        f'<div class="ct"{_lang_attrs(langs.of(0, len(view.text)), _ROOT_LANG)}>'
        f"{escape_text(cleaned) or '<i>(nothing left)</i>'}</div></div>",
    ]
    if view.html is not None:
        out.append(_parts_panel(view.html, view, pid))
    out.append("</section>\n")
    return "".join(out)


def _index_row(page: Page, number: int, shown: bool) -> tuple[str, str, tuple[str, ...]]:
    view_rep = page.report
    findings: Sequence[Any] = view_rep.spam if isinstance(view_rep, Report) else view_rep.findings
    top = max(findings, key=lambda f: f.score, default=None)
    cats: list[str] = []
    for f in findings:
        inner = f if isinstance(f, SpamFinding) else f.finding
        for c in inner.categories if inner is not None else ():
            if c not in cats:
                cats.append(c)
    rules = tuple(sorted({f.rule for f in findings}))
    name = escape_text(page.name)
    cell = f'<a href="#p{number}">{name}</a>' if shown else f'{name} <i class="so">(index only)</i>'
    rid = "" if page.id is None else escape_text(str(page.id))
    verdict = view_rep.verdict
    row = (
        f'<tr data-v="{verdict}" data-r=" {escape_attr(" ".join(rules))} "'
        f' data-s="{view_rep.score:.4f}" data-i="{number}">'
        f'<td class="num">{number + 1}</td><td>{rid}</td><td class="nm">{cell}</td>'
        f'<td><span class="verdict {verdict}">{verdict}</span></td>'
        f'<td class="num">{_fmt(view_rep.score)}</td>'
        f"<td><code>{escape_text(top.rule) if top else ''}</code></td>"
        f"<td>{escape_text(', '.join(cats))}</td><td class='num'>{len(findings)}</td></tr>"
    )
    return row, verdict, rules


# --- the document --------------------------------------------------------------------------

_STYLE = """
:root{--fg:#1d1f21;--bg:#fff;--mute:#6b7280;--line:#e5e7eb;--article:#eef8ee;
--boilerplate:#eef0f3;--footer:#e6eefc;--spam:#fde4e4;--mark:#ff9b9b;--mark2:#ff6b6b;
--near:#fff1b8;--side:#fafafa}
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",
Arial,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif;
color:var(--fg);background:var(--bg);font-size:15px;line-height:1.5}
body{margin:0}
main{display:flex;flex-direction:column;gap:1.5rem;padding:0 1rem 4rem}
#index{order:-1}
.top{padding:.6rem 1rem;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;
gap:.4rem 1.2rem;align-items:center}
.top h1{font-size:1.15rem;margin:0}
.legend{display:flex;flex-wrap:wrap;gap:.3rem .8rem;font-size:.85rem;color:var(--mute)}
.sw{display:inline-block;min-width:1.2em;padding:0 .3em;border:1px solid var(--line);
margin-right:.25em}
.sw.r-article{background:var(--article)}.sw.r-boilerplate{background:var(--boilerplate)}
.sw.r-footer{background:var(--footer)}.sw.r-spam{background:var(--spam)}
section.page{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem 1rem}
section.page.v-spam{border-left:6px solid #d9480f}
.ph h2{font-size:1.05rem;margin:.3rem 0;overflow-wrap:anywhere}
.verdict{font-size:.75rem;font-weight:700;padding:.05rem .45rem;border-radius:3px;
text-transform:uppercase;letter-spacing:.03em}
.verdict.spam{background:#d9480f;color:#fff}.verdict.clean{background:#2f9e44;color:#fff}
.verdict.error{background:#495057;color:#fff}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:0 .8rem;margin:.2rem 0;
font-size:.85rem}
.facts dt{color:var(--mute)}.facts dd{margin:0}
.tabs{display:flex;gap:.3rem;margin:.5rem 0;border-bottom:1px solid var(--line)}
.tabs button{font:inherit;font-size:.85rem;border:1px solid var(--line);border-bottom:none;
background:var(--side);padding:.2rem .7rem;border-radius:4px 4px 0 0;cursor:pointer}
.tabs button[aria-selected=true]{background:var(--bg);font-weight:600}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(16rem,24rem);gap:1rem}
@media (max-width:900px){.cols{grid-template-columns:1fr}}
.text{font-size:14px;line-height:1.6}
.l{white-space:pre-wrap;overflow-wrap:anywhere;position:relative;padding-left:4.2em;
min-height:1.6em}
.l::before{content:attr(data-n);position:absolute;left:0;width:3.4em;text-align:right;
color:var(--mute);font-size:.75em;line-height:2.1;user-select:none}
.r-article{background:var(--article)}.r-boilerplate{background:var(--boilerplate)}
.r-footer{background:var(--footer)}.r-spam{background:var(--spam)}
mark{color:inherit;border-radius:2px;cursor:help}
mark.s{background:var(--mark);box-shadow:0 0 0 1px #c92a2a inset}
mark.s.m2{background:var(--mark2);box-shadow:0 0 0 2px #a61e1e inset}
mark.n{background:var(--near);box-shadow:0 0 0 1px #e67700 inset;border-bottom:2px dashed #e67700}
mark:focus{outline:2px solid #1c7ed6;outline-offset:1px}
.a{scroll-margin-top:40vh}
.side{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;
background:var(--side);border:1px solid var(--line);border-radius:4px;padding:.4rem .7rem;
font-size:.85rem}
.side h3{font-size:.9rem;margin:.4rem 0}
.side ol{padding-left:1.3rem;margin:.2rem 0}
.side li{margin-bottom:.6rem}
.side .detail{margin-top:.15rem}
.nmh{border-top:1px dashed #e67700;padding-top:.4rem}
.hint,.none{color:var(--mute);margin:.2rem 0}
.detail code{font-size:.85em;background:#eef;padding:0 .2em;border-radius:2px}
.detail .kv,.detail .msg{margin:.1rem 0;overflow-wrap:anywhere}
.detail .q{margin:.2rem 0;padding:.1rem .4rem;border-left:3px solid #c92a2a;
overflow-wrap:anywhere;color:#333}
.detail .src code{display:block;white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f3f3}
table{border-collapse:collapse;font-size:.85rem}
td,th{border:1px solid var(--line);padding:.1rem .35rem;text-align:left;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums}
.evh{margin-top:.2rem;color:var(--mute)}
.ev{margin:.1rem 0;padding-left:1rem}.ev li{margin:0}.ev .sp{color:var(--mute)}
.ev .why{overflow-wrap:anywhere}
.ct{white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid var(--line);padding:.5rem;
background:var(--article)}
.parts{width:100%}.parts td{overflow-wrap:anywhere}
.hosts{font-family:ui-monospace,monospace;font-size:.8rem}
#tip{position:absolute;z-index:10;max-width:32rem;max-height:60vh;overflow:auto;
background:#fff;border:1px solid #888;
box-shadow:0 4px 14px rgba(0,0,0,.2);padding:.4rem .6rem;font-size:.85rem;border-radius:4px}
#tip .detail+.detail{border-top:1px solid var(--line);margin-top:.4rem;padding-top:.4rem}
#index h2{font-size:1.05rem;margin:.6rem 0 .3rem}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.3rem 0;
font-size:.85rem}
#index table{width:100%}
#index th button{font:inherit;font-weight:600;border:0;background:none;cursor:pointer;padding:0}
#index th[aria-sort=ascending] button::after{content:" ▲"}
#index th[aria-sort=descending] button::after{content:" ▼"}
.so{color:var(--mute);font-size:.8em}
:lang(zh-Hans){font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",
"Source Han Sans SC","WenQuanYi Zen Hei",sans-serif}
:lang(zh-Hant){font-family:"PingFang TC","Microsoft JhengHei","Noto Sans CJK TC",
"Source Han Sans TC","WenQuanYi Zen Hei",sans-serif}
:lang(ja){font-family:"Hiragino Sans","Yu Gothic","Meiryo","Noto Sans CJK JP",
"Source Han Sans JP",sans-serif}
:lang(ko){font-family:"Apple SD Gothic Neo","Malgun Gothic","Noto Sans CJK KR",
"Source Han Sans KR",sans-serif}
:lang(th){font-family:"Thonburi","Leelawadee UI","Noto Sans Thai","Garuda","Loma",sans-serif}
:lang(ar){font-family:"Geeza Pro","Segoe UI","Noto Naskh Arabic","Noto Sans Arabic",sans-serif}
:lang(he){font-family:"Arial Hebrew","Segoe UI","Noto Sans Hebrew",sans-serif}
@media print{.side{position:static;max-height:none}.tabs{display:none}
.panel[hidden]{display:block!important}}
"""

# Our own code, small and dependency-free: tooltips on marks, jumps from the
# side list, tabs, and the index's sorting and filters. Page data is never
# part of it (the CSP allows this exact script by its hash and nothing else).
_SCRIPT = """
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  function pageOf(el) { return el.closest("section.page"); }
  function addDetails(page, ids, prefix) {
    ids.split(" ").forEach(function (i) {
      if (i === "") { return; }
      var li = document.getElementById(page.id + prefix + i);
      var d = li && li.querySelector(".detail");
      if (d) { tip.appendChild(d.cloneNode(true)); }
    });
  }
  function show(m) {
    var page = pageOf(m);
    if (!page) { return; }
    tip.textContent = "";
    addDetails(page, m.getAttribute("data-f") || "", "-d");
    addDetails(page, m.getAttribute("data-nm") || "", "-e");
    tip.hidden = false;
    var r = m.getBoundingClientRect();
    var w = Math.min(tip.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - w - 8));
    var h = tip.offsetHeight;
    var below = r.bottom + 6;
    if (below + h > window.innerHeight && r.top - h - 6 >= 0) { below = r.top - h - 6; }
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (below + window.scrollY) + "px";
  }
  function hide() { tip.hidden = true; }
  document.addEventListener("mouseover", function (e) {
    var m = e.target.closest ? e.target.closest("mark") : null;
    if (m) { show(m); } else if (!tip.contains(e.target)) { hide(); }
  });
  document.addEventListener("focusin", function (e) {
    var m = e.target.closest ? e.target.closest("mark") : null;
    if (m) { show(m); } else { hide(); }
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  function select(page, name) {
    page.querySelectorAll(".tabs button").forEach(function (b) {
      b.setAttribute("aria-selected", b.getAttribute("data-tab") === name ? "true" : "false");
    });
    page.querySelectorAll(".panel").forEach(function (p) {
      p.hidden = p.getAttribute("data-panel") !== name;
    });
  }
  document.querySelectorAll("section.page").forEach(function (p) { select(p, "text"); });
  document.addEventListener("click", function (e) {
    var t = e.target.closest ? e.target.closest(".tabs button") : null;
    if (t) { select(pageOf(t), t.getAttribute("data-tab")); return; }
    var a = e.target.closest ? e.target.closest("a.jump") : null;
    if (!a) { return; }
    var id = a.getAttribute("href").slice(1);
    var anchor = document.getElementById(id);
    if (!anchor) { return; }
    e.preventDefault();
    var page = pageOf(anchor);
    select(page, "text");
    var m = anchor.nextElementSibling;
    while (m && m.tagName !== "MARK") { m = m.nextElementSibling; }
    var target = m || anchor;
    target.scrollIntoView({block: "center"});
    if (m) { m.focus({preventScroll: true}); }
    history.replaceState(null, "", "#" + id);
  });
  var index = document.getElementById("index");
  if (!index) { return; }
  var main = document.querySelector("main");
  main.insertBefore(index, main.firstChild);
  var body = index.querySelector("tbody");
  var fv = document.getElementById("fv"), fr = document.getElementById("fr");
  var fq = document.getElementById("fq"), shown = document.getElementById("shown");
  function filter() {
    var v = fv.value, r = fr.value, q = fq.value.toLowerCase(), n = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var ok = (v === "" || row.getAttribute("data-v") === v) &&
        (r === "" || row.getAttribute("data-r").indexOf(" " + r + " ") >= 0) &&
        (q === "" || row.textContent.toLowerCase().indexOf(q) >= 0);
      row.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
  }
  [fv, fr].forEach(function (el) { el.addEventListener("change", filter); });
  fq.addEventListener("input", filter);
  index.querySelectorAll("th[data-k]").forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var k = th.getAttribute("data-k"), col = th.cellIndex;
      var dir = th.getAttribute("aria-sort") === "descending" ? 1 : -1;
      if (!th.hasAttribute("aria-sort")) { dir = (k === "s") ? -1 : 1; }
      index.querySelectorAll("th[data-k]").forEach(function (o) {
        o.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (x, y) {
        var a, b;
        if (k === "s" || k === "i") {
          a = parseFloat(x.getAttribute("data-" + k)); b = parseFloat(y.getAttribute("data-" + k));
        } else {
          a = x.cells[col].textContent; b = y.cells[col].textContent;
        }
        if (a < b) { return -dir; }
        if (a > b) { return dir; }
        return parseFloat(x.getAttribute("data-i")) - parseFloat(y.getAttribute("data-i"));
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  filter();
})();
"""


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


#: Nothing may be fetched; only this module's own style and script may apply.
CSP = (
    f"default-src 'none'; style-src {_csp_hash(_STYLE)}; script-src {_csp_hash(_SCRIPT)};"
    " img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
)

_LEGEND = (
    '<div class="legend" aria-label="legend">'
    '<span><span class="sw r-article">&#160;</span>article</span>'
    '<span><span class="sw r-boilerplate">&#160;</span>boilerplate</span>'
    '<span><span class="sw r-footer">&#160;</span>footer</span>'
    '<span><span class="sw r-spam">&#160;</span>spam block</span>'
    '<span><mark class="s">spam finding</mark></span>'
    '<span><mark class="s m2">two findings</mark></span>'
    '<span><mark class="n">near miss</mark></span>'
    "<span>hover or focus a mark (Tab) for its rules and evidence</span></div>"
)


class ReportWriter:
    """Writes one HTML report to ``out``, a page at a time.

    The head is written at once, each :meth:`add` writes that page's
    section (the first ``max_pages`` pages; later ones get an index row
    only), and :meth:`close` writes the index (when there is more than one
    page) and the end of the document. Only the index rows are kept in
    memory. Use it as a context manager or call :meth:`close`.
    """

    def __init__(
        self,
        out: TextIO,
        *,
        title: str = "segtext report",
        max_pages: int | None = DEFAULT_MAX_PAGES,
    ) -> None:
        if max_pages is not None and max_pages < 0:
            raise ValueError(f"max_pages must be 0 or more, not {max_pages}")
        self._out = out
        self._max = max_pages
        self._rows: list[str] = []
        self._verdicts: Counter[str] = Counter()
        self._rules: Counter[str] = Counter()
        self._sections = 0
        self._closed = False
        self._summary: ReportSummary | None = None
        out.write(
            '<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            '<meta name="referrer" content="no-referrer">'
            f"<title>{escape_text(title)}</title><style>{_STYLE}</style></head>\n<body>"
            f'<header class="top"><h1>{escape_text(title)}</h1>{_LEGEND}</header>\n<main>\n'
        )

    def add(self, page: Page) -> None:
        """Write the page's section (within ``max_pages``) and remember its index row."""
        number = len(self._rows)
        shown = self._max is None or self._sections < self._max
        if shown:
            self._out.write(render_page(page, number))
            self._sections += 1
        row, verdict, rules = _index_row(page, number, shown)
        self._rows.append(row)
        self._verdicts[verdict] += 1
        self._rules.update(rules)

    def add_error(self, name: str, message: str) -> None:
        """An input that could not be read: an index row with the message."""
        number = len(self._rows)
        self._rows.append(
            f'<tr data-v="error" data-r=" " data-s="-1" data-i="{number}">'
            f'<td class="num">{number + 1}</td><td></td><td class="nm">{escape_text(name)}</td>'
            '<td><span class="verdict error">error</span></td><td class="num"></td><td></td>'
            f"<td>{escape_text(message)}</td><td></td></tr>"
        )
        self._verdicts["error"] += 1

    def close(self) -> ReportSummary:
        """Write the index and the end of the document; returns what the report holds."""
        if self._summary is not None:
            return self._summary
        if len(self._rows) > 1 or self._verdicts["error"]:
            self._write_index()
        self._out.write(
            '</main>\n<div id="tip" role="tooltip" hidden></div>\n'
            f"<script>{_SCRIPT}</script>\n</body></html>\n"
        )
        self._summary = ReportSummary(
            pages=len(self._rows),
            spam=self._verdicts["spam"],
            clean=self._verdicts["clean"],
            errors=self._verdicts["error"],
            sections=self._sections,
            rules=dict(self._rules),
        )
        self._rows = []
        return self._summary

    def _write_index(self) -> None:
        n = len(self._rows)
        rule_opts = "".join(
            f'<option value="{escape_attr(r)}">{escape_text(r)} ({c})</option>'
            for r, c in sorted(self._rules.items())
        )
        verdict_opts = "".join(
            f'<option value="{v}">{v} ({self._verdicts[v]})</option>'
            for v in ("spam", "clean", "error")
            if self._verdicts[v]
        )
        beyond = n - self._sections
        note = (
            f" Pages after the first {self._sections} are in this index only (--max-pages)."
            if beyond > 0
            else ""
        )
        heads = [
            ("i", "#"),
            ("id", "id"),
            ("name", "page"),
            ("v", "verdict"),
            ("s", "score"),
            ("rule", "top rule"),
            ("cat", "categories"),
            ("n", "findings"),
        ]
        th = "".join(
            f'<th data-k="{k}" scope="col"><button type="button">{label}</button></th>'
            for k, label in heads
        )
        self._out.write(
            f'<section id="index"><h2>Index: {n} pages, {self._verdicts["spam"]} spam,'
            f" {self._verdicts['clean']} clean"
            + (f", {self._verdicts['error']} errors" if self._verdicts["error"] else "")
            + f"</h2><p class='hint'>Click a column to sort, a page to jump to it.{note}</p>"
            '<div class="filters"><label>verdict <select id="fv"><option value="">all</option>'
            f"{verdict_opts}</select></label>"
            f'<label>rule <select id="fr"><option value="">all</option>{rule_opts}</select></label>'
            '<label>search <input id="fq" type="search" placeholder="name, id, category"></label>'
            f'<span>showing <b id="shown">{n}</b> of {n}</span></div>'
            f"<table><thead><tr>{th}</tr></thead><tbody>"
        )
        for k in range(0, n, 256):
            self._out.write("".join(self._rows[k : k + 256]))
        self._out.write("</tbody></table></section>\n")

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def write_report(
    pages: Iterable[Page],
    out: TextIO,
    *,
    title: str = "segtext report",
    max_pages: int | None = DEFAULT_MAX_PAGES,
) -> ReportSummary:
    """Write a report of ``pages`` to ``out``, streaming; see :class:`ReportWriter`."""
    with ReportWriter(out, title=title, max_pages=max_pages) as writer:
        for page in pages:
            writer.add(page)
    return writer.close()
