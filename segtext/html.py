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
import html as _stdhtml
import re
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

import regex

from segtext.config import DEFAULT_CONFIG, Config
from segtext.decode import Decoded, decode_bytes, looks_like_html, normalize_encoding
from segtext.errors import SegtextError
from segtext.lexicon import Lexicon, Match, load_lexicon
from segtext.normalize import fold
from segtext.pipeline import analyze
from segtext.report import Evidence, Report, SpamFinding
from segtext.spam import STRONG_ITEM, WEAK_ITEM

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

#: What a part of a page is. ``hidden`` wins over ``anchor``, which wins over
#: ``body``: a link inside a hidden block is a ``hidden`` part that still has
#: its ``href``.
PartKind = Literal[
    "title", "meta_keywords", "meta_description", "body", "hidden", "anchor", "script"
]

# --- rule constants ------------------------------------------------------------

#: Lexicon weight of the distinct keywords in one hidden element that makes it
#: spam on its own, when there are at least two and one is strong (weight 1 or
#: more): 赌场 and 六合彩 hidden in a paragraph are spam; 免费, 视频 and 下载 in
#: a hidden menu (0.5 + 0.3 + 0.3) are not.
HIDDEN_KEYWORD_WEIGHT = 2.0
HIDDEN_MIN_KEYWORDS = 2
#: Non-link text (non-space characters) allowed between two links of one run.
LINK_RUN_GAP = 30
#: Link runs: distinct foreign hosts from which the domain evidence counts, and
#: at which it is full (0.5); keyword links for full keyword evidence (1.0);
#: the weight of a run that is mostly hidden (with at least 5 links).
LINK_MIN_HOSTS = 5
LINK_FULL_HOSTS = 20
LINK_DOMAINS_WEIGHT = 0.5
LINK_FULL_KEYWORDS = 3.0
LINK_HIDDEN_WEIGHT = 0.5
LINK_MIN_HIDDEN = 5

_MAX_DEPTH = 256  # open elements kept; deeper ones are read as their parent
_ANCESTORS = 6  # ancestors remembered per element, for common containers
_PATH_PARTS = 3  # components of an element path

# --- records --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HtmlPart:
    """One piece of a page's text, with where it is in the document text and the HTML.

    ``start``/``end``: span in :attr:`HtmlDocument.text` (``text`` is that
    slice). ``line``/``col`` (1-based) and ``offset`` (0-based): where its first
    character is in the HTML. ``element``: a short CSS-like path of the
    element holding the text (``"div#footer.links > a"``). ``reason`` and
    ``hidden_by``: why and by which element a ``hidden`` part is hidden
    (``"display:none"``, ``"display:none (.hide)"`` for a style rule).
    ``href``/``href_domain``: the link a part is the text of (the domain is
    None for relative links). ``hidden_id`` and ``link_id`` number the hiding
    element and the link, so parts of one of them can be grouped (-1: none).
    """

    kind: PartKind
    text: str
    start: int
    end: int
    line: int
    col: int
    offset: int
    element: str
    reason: str | None = None
    hidden_by: str | None = None
    href: str | None = None
    href_domain: str | None = None
    hidden_id: int = -1
    link_id: int = -1

    def as_dict(self, *, text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "col": self.col,
            "element": self.element,
        }
        if text:
            out["text"] = self.text
        if self.reason is not None:
            out["reason"] = self.reason
            out["hidden_by"] = self.hidden_by
        if self.href is not None:
            out["href"] = self.href
            out["href_domain"] = self.href_domain
        return out


# A piece of a part's map from its text to the HTML: from ``pos`` (in the part)
# on, characters come from ``src`` onwards one to one (``linear``) or all
# from ``src`` (an entity, a collapsed run of whitespace).
_Map = tuple[tuple[int, int, bool], ...]
_Anc = tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class HtmlDocument:
    """The parts of a page and the document text they are laid out in.

    ``site`` is the page's own host (from the ``url`` given to :func:`extract`,
    else ``<link rel=canonical>``, ``og:url`` or ``<base href>``), used to
    tell foreign links from the site's own; None when unknown.
    """

    text: str
    parts: tuple[HtmlPart, ...]
    source_length: int
    site: str | None = None
    _maps: tuple[_Map, ...] = field(default=(), repr=False, compare=False)
    _anc: tuple[_Anc, ...] = field(default=(), repr=False, compare=False)
    _line_starts: tuple[int, ...] = field(default=(0,), repr=False, compare=False)
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def part_at(self, pos: int) -> int | None:
        """Index of the part holding document position ``pos``, or None (a gap)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.parts[i].end:
            return i
        return None

    def parts_in(self, start: int, end: int) -> list[int]:
        """Indices of the parts that share a non-space character with ``[start, end)``."""
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        out = []
        while i < len(self.parts) and self.parts[i].start < end:
            p = self.parts[i]
            a, b = max(start, p.start), min(end, p.end)
            if a < b and self.text[a:b].strip():
                out.append(i)
            i += 1
        return out

    def source_offset(self, pos: int) -> int:
        """The HTML offset of document position ``pos``.

        A position between parts (an inserted line break or space) maps to the
        next part's first character, or to the end of the HTML after the last.
        """
        i = self.part_at(pos)
        if i is None:
            j = bisect.bisect_right(self._starts, pos)
            if j >= len(self.parts):
                return self.source_length
            i, pos = j, self.parts[j].start
        return _lookup(self._maps[i], pos - self.parts[i].start, self.source_length)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an HTML offset."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def source_position(self, pos: int) -> tuple[int, int]:
        """1-based HTML line and column of document position ``pos``."""
        return self.line_col(self.source_offset(pos))

    def container(self, indices: list[int]) -> str:
        """Path of the innermost element that holds all the given parts."""
        if not indices:
            return ""
        first = self._anc[indices[0]]
        common = {i for i, _ in first}
        for k in indices[1:]:
            common &= {i for i, _ in self._anc[k]}
            if not common:
                break
        for j in range(len(first) - 1, -1, -1):
            if first[j][0] in common:
                return " > ".join(d for _, d in first[max(0, j - _PATH_PARTS + 1) : j + 1])
        return self.parts[indices[0]].element


@dataclass(frozen=True, slots=True)
class HtmlFinding:
    """A finding on a page: a text finding mapped to its part, or an HTML rule.

    ``rule`` is the inner finding's rule (``cluster.keywords``...) or
    ``html.hidden_spam`` / ``html.link_farm``. ``part`` is the kind of the
    first part it lies in, ``element`` the innermost element holding all of
    it, ``line``/``col`` where its first character is in the HTML.
    ``start``/``end`` index the document text; ``parts`` are part indices.
    """

    rule: str
    score: float
    part: PartKind
    element: str
    line: int
    col: int
    start: int
    end: int
    message: str
    parts: tuple[int, ...] = ()
    reason: str | None = None
    evidence: tuple[Evidence, ...] = ()
    finding: SpamFinding | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "score": round(self.score, 3),
            "part": self.part,
            "element": self.element,
            "line": self.line,
            "col": self.col,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "parts": list(self.parts),
            "evidence": [e.as_dict() for e in self.evidence],
        }
        if self.reason is not None:
            out["reason"] = self.reason
        if self.finding is not None:
            out["categories"] = list(self.finding.categories)
            out["keywords"] = list(self.finding.keywords)
        return out


@dataclass(frozen=True, slots=True)
class HtmlReport:
    """Everything :func:`analyze_html` found on a page.

    ``verdict`` is ``"spam"`` when a finding reaches the threshold; ``score``
    is the highest finding score. ``text_report`` is the report of
    :func:`segtext.analyze` on ``document.text``.
    """

    verdict: Literal["spam", "clean"]
    score: float
    threshold: float
    findings: tuple[HtmlFinding, ...]
    document: HtmlDocument
    text_report: Report

    @property
    def is_spam(self) -> bool:
        return self.verdict == "spam"

    def as_dict(self, *, parts: bool = True, text_report: bool = True) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for p in self.document.parts:
            counts[p.kind] = counts.get(p.kind, 0) + 1
        out: dict[str, Any] = {
            "verdict": self.verdict,
            "score": round(self.score, 3),
            "threshold": self.threshold,
            "findings": [f.as_dict() for f in self.findings],
            "parts_summary": {
                "counts": counts,
                "links": len({p.link_id for p in self.document.parts if p.link_id >= 0}),
                "site": self.document.site,
                "document_length": len(self.document.text),
                "html_length": self.document.source_length,
            },
        }
        if parts:
            out["parts"] = [p.as_dict() for p in self.document.parts]
        if text_report:
            out["text_report"] = self.text_report.as_dict(runs=False, tokens=False)
        return out


# --- sniffing and decoding ---------------------------------------------------------

_META_TAG = re.compile(rb"<meta\b([^>]*)>", re.IGNORECASE)
_BYTE_ATTR = re.compile(rb"""([A-Za-z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Declarations believed when the bytes decode under them without error: the
# multi-byte codecs, whose byte structure is evidence. A single-byte
# declaration never fails to decode, so decode_bytes weighs it instead.
_TRUSTED = frozenset(
    {"gb18030", "big5", "big5hkscs", "shift-jis", "cp932", "euc-jp", "euc-kr", "iso2022-jp"}
)


def declared_charset(data: bytes, limit: int = 4096) -> str | None:
    """The codec a page's ``<meta charset>`` or ``http-equiv`` declares, if known.

    Looks at the first ``limit`` bytes. As browsers do, a declared UTF-16 means
    UTF-8 (the page could not have been read to find it otherwise).
    """
    for m in _META_TAG.finditer(data[:limit]):
        attrs: dict[bytes, bytes] = {}
        for a in _BYTE_ATTR.finditer(m.group(1)):
            key = a.group(1).lower()
            if key not in attrs:
                attrs[key] = a.group(2) or a.group(3) or a.group(4) or b""
        name = attrs.get(b"charset")
        if name is None and attrs.get(b"http-equiv", b"").lower() == b"content-type":
            c = _CHARSET.search(attrs.get(b"content", b""))
            name = c.group(1) if c else None
        if not name:
            continue
        try:
            codec = normalize_encoding(name.decode("ascii").strip())
        except (SegtextError, UnicodeDecodeError):
            continue
        return "utf-8" if codec.startswith("utf-16") else codec
    return None


def decode_html(
    data: bytes, *, encoding: str | None = None, strict: bool = False, source: str = "<bytes>"
) -> Decoded:
    """Decode an HTML page: the caller's encoding, a BOM, UTF-8, the page's declaration, a guess.

    Like :func:`segtext.decode_bytes` (whose rules and errors apply), except
    that a ``<meta>`` declaration of a multi-byte encoding (GBK/GB18030,
    Big5, Shift_JIS, EUC) is followed whenever the bytes decode under it
    without error, as a browser follows it: the spam on a page is written for
    what the browser shows. Valid UTF-8 still wins over a declaration
    (templates copied between sites keep their old ``charset``).
    """
    if encoding is None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = declared_charset(data)
        if declared in _TRUSTED:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    data.decode(declared)
                except UnicodeDecodeError:
                    pass
                else:
                    return decode_bytes(data, encoding=declared, strict=strict, source=source)
    return decode_bytes(data, encoding=encoding, strict=strict, source=source)


# --- tokenizer and tree ----------------------------------------------------------------

_MARKUP = re.compile(r"<(?:(/?)([A-Za-z][^\t\n\f\r />]*+)|(!--)|([!?/]))")
# The rest of a start tag after its name: quotes matter only after '='.
_TAG_REST = re.compile(r"""((?:[^>"'=]++|=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>"']*+)|["'])*+)>""")
_END_REST = re.compile(r"[^>]*+>")
_ATTR = re.compile(r"""([^\s/=>"'][^\s/=>]*+)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>]++)))?""")
_COMMENT_END = re.compile(r"--!?>")
_CHARREF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_COLLAPSE = re.compile(r"[ \t\n\r\f]+")
_NEEDS_COLLAPSE = re.compile(r"[\t\n\r\f]| {2}")
_HAN = regex.compile(r"\p{Han}")

_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_RAW = frozenset(["script", "style", "xmp", "iframe", "noembed", "noframes"])
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "ul",
        "li",
        "dd",
        "dt",
    ]
)
# Blocks: what ends a paragraph, plus the table, form and document structure.
_BLOCK = _CLOSES_P | frozenset(
    [
        "body",
        "caption",
        "html",
        "legend",
        "optgroup",
        "option",
        "select",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "tr",
    ]
)
_SCOPE = frozenset(
    ["table", "td", "th", "caption", "html", "template", "object", "marquee", "applet", "button"]
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_P = frozenset({"p"})
_IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # start tag: (open elements it closes, elements that stop the search)
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"}) | _SCOPE),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"}) | _SCOPE),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"}) | _SCOPE),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "tbody": (frozenset({"tr", "td", "th", "tbody", "thead"}), frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist"})),
    "optgroup": (frozenset({"option", "optgroup"}), frozenset({"select"})),
    "a": (frozenset({"a"}), _SCOPE),
}
_HEAD_KINDS: tuple[PartKind, ...] = ("title", "meta_keywords", "meta_description")
_HEAD_ELEMENT = {
    "title": "title",
    "meta_keywords": 'meta[name="keywords"]',
    "meta_description": 'meta[name="description"]',
}
_JS_TYPES = frozenset(
    {
        "",
        "text/javascript",
        "application/javascript",
        "module",
        "text/ecmascript",
        "application/x-javascript",
        "text/jscript",
        "application/ecmascript",
    }
)

# --- CSS -----------------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_CSS_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^([a-z][a-z0-9]*)?([.#])([A-Za-z0-9_-]+)$")
_LENGTH = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*([a-z%]*)")
_STYLE_OPEN = re.compile(r"<style\b[^>]*+>", re.IGNORECASE)
_STYLE_CLOSE = re.compile(r"</style[\t\n\f\r />]", re.IGNORECASE)


def _length(value: str) -> tuple[float, str] | None:
    m = _LENGTH.match(value)
    if m is None:
        return None
    try:
        return float(m.group(1)), m.group(2) or "px"
    except ValueError:  # pragma: no cover - the pattern only takes numbers
        return None


def _far_negative(value: str) -> bool:
    n = _length(value)
    if n is None:
        return False
    num, unit = n
    return num <= (-30 if unit in ("em", "rem") else -500 if unit == "px" else -100)


def _tiny(value: str) -> bool:
    n = _length(value)
    return n is not None and (n[0] <= 0 or (n[1] == "px" and n[0] <= 1))


def _declarations(style: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for decl in style.split(";"):
        key, sep, value = decl.partition(":")
        if sep:
            v = value.lower().replace("!important", "").strip()
            out[key.strip().lower()] = v
    return out


def _hiding(decls: dict[str, str]) -> str | None:
    """Why a set of CSS declarations hides an element's text, or None."""
    if decls.get("display", "").startswith("none"):
        return "display:none"
    if decls.get("visibility", "") in ("hidden", "collapse"):
        return "visibility:hidden"
    fs = decls.get("font-size")
    if fs is not None and _tiny(fs):
        return "font-size:0"
    op = decls.get("opacity")
    if op is not None:
        n = _length(op)
        if n is not None and n[0] <= 0.05:
            return "opacity:0"
    if decls.get("position", "") in ("absolute", "fixed") and any(
        _far_negative(decls.get(k, "")) for k in ("left", "top", "right")
    ):
        return "off-screen"
    if _far_negative(decls.get("text-indent", "")) or _far_negative(decls.get("margin-left", "")):
        return "off-screen"
    if decls.get("overflow", "").startswith("hidden") and any(
        _tiny(decls.get(k, "x")) for k in ("height", "max-height", "width")
    ):
        return "zero-size"
    return None


def _strip_at_rules(css: str) -> str:
    """The CSS outside ``@media``/``@supports``/... blocks (linear scan)."""
    out: list[str] = []
    i, n = 0, len(css)
    while i < n:
        at = css.find("@", i)
        if at < 0:
            out.append(css[i:])
            break
        out.append(css[i:at])
        brace = css.find("{", at)
        semi = css.find(";", at)
        if brace < 0 or (0 <= semi < brace):
            i = n if semi < 0 else semi + 1  # @import ...; / @charset ...;
            continue
        depth, j = 0, brace
        while j < n:
            c = css[j]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1
    return "".join(out)


def style_rules(html: str) -> dict[str, str]:
    """Hiding rules of a page's ``<style>`` elements: selector -> reason.

    Keys are ``".cls"``, ``"#id"``, ``"tag.cls"`` or ``"tag#id"``; see the
    module docstring for what counts.
    """
    rules: dict[str, str] = {}
    pos = 0
    while True:
        m = _STYLE_OPEN.search(html, pos)
        if m is None:
            break
        end = _STYLE_CLOSE.search(html, m.end())
        css = html[m.end() : end.start() if end else len(html)]
        pos = end.end() if end else len(html)
        if "none" not in css and "hidden" not in css and "-" not in css and "0" not in css:
            continue
        css = _strip_at_rules(_CSS_COMMENT.sub(" ", css))
        for rule in _CSS_RULE.finditer(css):
            reason = _hiding(_declarations(rule.group(2)))
            for sel in rule.group(1).split(","):
                s = sel.strip()
                sm = _SIMPLE_SELECTOR.match(s.lower() if s[:1].isalpha() else s)
                if sm is None:
                    continue
                key = f"{sm.group(1) or ''}{sm.group(2)}{sm.group(3)}"
                if reason is not None:
                    rules[key] = reason
                else:
                    rules.pop(key, None)  # a later rule shows it again
    return rules


# --- scripts -------------------------------------------------------------------------

_JS_STRING = re.compile(
    r"""'(?:[^'\\\n]++|\\.)*+'|"(?:[^"\\\n]++|\\.)*+"|`(?:[^`\\]++|\\.)*+`""", re.S
)
_JS_ESCAPE = re.compile(
    r"\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", re.S
)
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "", "v": "", "0": ""}
_PLUS = re.compile(r"\s*\+\s*")
_PCT_U = re.compile(r"%u([0-9a-fA-F]{4})")
_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
_TAGS = re.compile(r"<[^>]*>")


def _js_unescape(s: str) -> str:
    def rep(m: re.Match[str]) -> str:
        if m.group(1) or m.group(2) or m.group(3):
            try:
                return chr(int(m.group(1) or m.group(2) or m.group(3), 16))
            except (ValueError, OverflowError):
                return ""
        c = m.group(4)
        return _JS_SIMPLE.get(c, c if c != "\n" else "")

    return _JS_ESCAPE.sub(rep, s) if "\\" in s else s


def _script_text(literal: str) -> str | None:
    """The text a string literal of a script would show, if it has Han characters."""
    s = _js_unescape(literal)
    if not _HAN.search(s) and "%" in s:
        # unescape('%u6fb3...') and decodeURIComponent('%E6%BE%B3...')
        s = _PCT_U.sub(lambda m: chr(int(m.group(1), 16)), s)
        if _PERCENT.search(s):
            s = unquote(s, errors="replace")
    if not _HAN.search(s):
        return None
    if "<" in s:
        s = _TAGS.sub(" ", s)
    if "&" in s:
        s = _stdhtml.unescape(s)
    s = _COLLAPSE.sub(" ", s).strip()
    return s or None


# --- URLs -----------------------------------------------------------------------------


def _host(url: str) -> str | None:
    u = url.strip()
    if not u.startswith(("http:", "https:", "//", "HTTP:", "HTTPS:", "Http")):
        return None
    try:
        host = urlsplit(u).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".")
    return host.removeprefix("www.") if host.count(".") >= 2 else host


def _site_key(host: str) -> str:
    """A host's registrable domain, roughly (``a.b.example.com.cn`` -> ``example.com.cn``)."""
    labels = host.split(".")
    if (
        len(labels) >= 3
        and len(labels[-1]) == 2
        and labels[-2]
        in (
            "com",
            "net",
            "org",
            "gov",
            "edu",
            "co",
            "ac",
            "or",
            "ne",
            "go",
        )
    ):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


# --- extraction -------------------------------------------------------------------------


class _El:
    __slots__ = (
        "anc",
        "block",
        "comps",
        "domain",
        "hidden",
        "hidden_by",
        "hidden_id",
        "href",
        "link",
        "path",
        "pre",
        "svg",
        "tag",
    )

    def __init__(self) -> None:
        self.tag = ""
        self.comps: tuple[str, ...] = ()
        self.path = ""
        self.anc: _Anc = ()
        self.block = False
        self.hidden: str | None = None
        self.hidden_by: str | None = None
        self.hidden_id = -1
        self.link = -1
        self.href: str | None = None
        self.domain: str | None = None
        self.pre = False
        self.svg = False


def _desc(tag: str, attrs: dict[str, str]) -> str:
    d = tag
    ident = attrs.get("id", "").strip()
    if ident:
        d += "#" + ident.split()[0][:40]
    cls = attrs.get("class", "").split()
    if cls:
        d += "".join("." + c[:30] for c in cls[:2])
    return d


# A piece of a line: (context or None for an inserted gap, text, map).
_Ctx = tuple[PartKind, str, str | None, str | None, int, int, str | None, str | None, _Anc]
_Seg = list[Any]


class _Extractor:
    def __init__(self, html: str, url: str | None) -> None:
        self.html = html
        self.rules = style_rules(html)
        root = _El()
        root.tag = "body"
        root.comps = ("body",)
        root.path = "body"
        root.anc = ((0, "body"),)
        root.block = True
        self.stack: list[_El] = [root]
        self.open: dict[str, int] = {}
        self.ids = 0
        self.hidden_ids = 0
        self.links = 0
        self.head: list[tuple[PartKind, str, int, bool]] = []  # kind, text, src, linear
        self.lines: list[list[_Seg]] = []
        self.line: list[_Seg] = []
        self.space = True  # the line so far ends with a space (or is empty)
        self.site = _host(url) if url else None
        self.site_hint: str | None = None

    # -- stack ------------------------------------------------------------------

    def _push(self, tag: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1]
        if len(self.stack) >= _MAX_DEPTH:
            return
        el = _El()
        el.tag = tag
        self.ids += 1
        d = _desc(tag, attrs)
        el.comps = (*parent.comps[-(_PATH_PARTS - 1) :], d)
        el.anc = (*parent.anc[-(_ANCESTORS - 1) :], (self.ids, d))
        el.block = tag in _BLOCK
        el.pre = parent.pre or tag in ("pre", "textarea", "listing")
        el.svg = parent.svg or tag == "svg"
        el.link, el.href, el.domain = parent.link, parent.href, parent.domain
        if tag == "a" and "href" in attrs:
            self.links += 1
            el.link = self.links
            el.href = attrs["href"].strip()[:500]
            el.domain = _host(el.href)
        el.hidden, el.hidden_by, el.hidden_id = parent.hidden, parent.hidden_by, parent.hidden_id
        if el.hidden is None:
            reason = self._hidden_reason(tag, attrs)
            if reason is not None:
                self.hidden_ids += 1
                el.hidden, el.hidden_by, el.hidden_id = (
                    reason,
                    " > ".join(el.comps),
                    self.hidden_ids,
                )
        if el.block or tag == "a" or (el.hidden_id != parent.hidden_id):
            el.path = " > ".join(el.comps)
        else:
            el.path = parent.path
            el.anc = parent.anc
        self.stack.append(el)
        self.open[tag] = self.open.get(tag, 0) + 1

    def _hidden_reason(self, tag: str, attrs: dict[str, str]) -> str | None:
        if "hidden" in attrs:
            return "hidden attribute"
        if tag in ("template", "noscript"):
            return tag
        style = attrs.get("style")
        if style:
            r = _hiding(_declarations(style))
            if r is not None:
                return r
        if self.rules:
            keys = []
            ident = attrs.get("id", "").strip()
            if ident:
                keys += [f"#{ident}", f"{tag}#{ident}"]
            for c in attrs.get("class", "").split():
                keys += [f".{c}", f"{tag}.{c}"]
            for k in keys:
                r = self.rules.get(k)
                if r is not None:
                    return f"{r} ({k})"
        return None

    def _pop_to(self, index: int) -> None:
        while len(self.stack) > index:
            el = self.stack.pop()
            self.open[el.tag] -= 1
            if el.block:
                self._break()

    def _close_open(self, tags: frozenset[str], stops: frozenset[str]) -> None:
        if not any(self.open.get(t) for t in tags):
            return
        for i in range(len(self.stack) - 1, 0, -1):
            t = self.stack[i].tag
            if t in tags:
                self._pop_to(i)
                return
            if t in stops:
                return

    # -- text -------------------------------------------------------------------

    def _ctx(self) -> _Ctx:
        el = self.stack[-1]
        kind: PartKind = "hidden" if el.hidden else "anchor" if el.link >= 0 else "body"
        return (
            kind,
            el.path,
            el.hidden,
            el.hidden_by,
            el.hidden_id,
            el.link,
            el.href,
            el.domain,
            el.anc,
        )

    def _break(self) -> None:
        if self.line:
            last = self.line[-1]
            if last[1].endswith(" "):
                last[1] = last[1][:-1]
            self.lines.append([s for s in self.line if s[1]])
            self.line = []
        self.space = True

    def _add(self, ctx: _Ctx, text: str, pieces: list[tuple[int, int, bool]]) -> None:
        if not text:
            return
        line = self.line
        if line:
            last = line[-1]
            if (
                last[0] is not None
                and last[0][5] >= 0
                and ctx[5] >= 0
                and last[0][5] != ctx[5]
                and not self.space
                and not text.startswith(" ")
            ):
                line.append([None, " ", [(0, -1, False)]])
                last = line[-1]
            if last[0] == ctx:
                n = len(last[1])
                last[1] += text
                last[2].extend((p + n, s, lin) for p, s, lin in pieces)
                self.space = text.endswith(" ")
                return
        line.append([ctx, text, list(pieces)])
        self.space = text.endswith(" ")

    def _text(self, a: int, b: int, decode: bool) -> None:
        """Body text ``html[a:b]`` (entities decoded unless raw)."""
        el = self.stack[-1]
        if el.svg and el.tag == "title":
            return
        raw = self.html[a:b]
        # Entity decoding: (text, src, linear) pieces.
        if decode and "&" in raw:
            chunks: list[tuple[str, int, bool]] = []
            last = 0
            for m in _CHARREF.finditer(raw):
                if m.start() > last:
                    chunks.append((raw[last : m.start()], a + last, True))
                rep = _stdhtml.unescape(m.group())
                chunks.append((rep, a + m.start(), False))
                last = m.end()
            if last < len(raw):
                chunks.append((raw[last:], a + last, True))
        else:
            chunks = [(raw, a, True)]
        if el.pre:
            for s, src, linear in chunks:
                at = src
                for k, piece in enumerate(s.split("\n")):
                    if k:
                        self._break()
                    if piece:
                        self._add(self._ctx(), piece, [(0, at, linear)])
                        self.space = False
                    at += len(piece) + 1 if linear else 0
            return
        ctx = self._ctx()
        out: list[str] = []
        pieces: list[tuple[int, int, bool]] = []
        pos = 0
        space = self.space
        for s, src, linear in chunks:
            if not s:
                continue
            if linear and not _NEEDS_COLLAPSE.search(s) and not (space and s[0] == " "):
                out.append(s)
                pieces.append((pos, src, True))
                pos += len(s)
                space = s[-1] == " "
                continue
            last = 0
            for m in _COLLAPSE.finditer(s):
                if m.start() > last:
                    out.append(s[last : m.start()])
                    pieces.append((pos, src + last if linear else src, linear))
                    pos += m.start() - last
                    space = False
                if not space:
                    out.append(" ")
                    pieces.append((pos, src + m.start() if linear else src, False))
                    pos += 1
                    space = True
                last = m.end()
            if last < len(s):
                out.append(s[last:])
                pieces.append((pos, src + last if linear else src, linear))
                pos += len(s) - last
                space = False
        self._add(ctx, "".join(out), pieces)

    def _head_text(self, kind: PartKind, raw: str, src: int) -> None:
        text = _stdhtml.unescape(raw) if "&" in raw else raw
        linear = text == raw
        lead = len(text) - len(text.lstrip())
        collapsed = _COLLAPSE.sub(" ", text).strip()
        if collapsed:
            exact = linear and collapsed == text[lead : lead + len(collapsed)]
            self.head.append((kind, collapsed, src + (lead if linear else 0), exact))

    # -- elements ------------------------------------------------------------------

    def _start(self, tag: str, attrs: dict[str, str], end: int) -> int:
        """Handle a start tag ending at ``end``; returns where to go on."""
        html = self.html
        if tag in ("html", "head", "body", "frameset"):
            return end
        if tag == "title" and not self.stack[-1].svg:
            close = _close_tag(html, "title", end)
            self._head_text("title", html[end : close[0]], end)
            return close[1]
        if tag in ("link", "base"):
            rel = attrs.get("rel", "").lower()
            if tag == "base" or "canonical" in rel.split():
                h = _host(attrs.get("href", ""))
                if h and self.site_hint is None:
                    self.site_hint = h
            return end
        if tag == "br":
            self._break()
            return end
        if tag in _CLOSES_P and self.open.get("p"):
            self._close_open(_P, _SCOPE)
        if tag in _IMPLIED:
            tags, stops = _IMPLIED[tag]
            self._close_open(tags, stops)
        if tag in _HEADINGS and self.stack[-1].tag in _HEADINGS:
            self._pop_to(len(self.stack) - 1)
        if tag in _RAW or tag in {"textarea", "plaintext"}:
            # <plaintext>: the rest of the page is its text.
            close = (len(html), len(html)) if tag == "plaintext" else _close_tag(html, tag, end)
            if tag == "script":
                self._script(attrs, end, close[0])
            elif tag == "textarea":
                self._push(tag, attrs)
                self._break()
                self._text(end, close[0], True)
                self._pop_to(len(self.stack) - 1)
            elif tag == "plaintext":
                self._text(end, close[0], False)
            return close[1]
        if tag in _VOID:
            if tag == "hr":
                self._break()
            return end
        self._push(tag, attrs)
        if self.stack[-1].tag == tag and self.stack[-1].block:
            self._break()
        return end

    def _end(self, tag: str) -> None:
        if tag == "br":
            self._break()
            return
        if not self.open.get(tag):
            if tag == "p":
                self._break()
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._pop_to(i)
                return

    def _meta(self, attrs: dict[str, str], where: dict[str, tuple[int, str]]) -> None:
        name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        if name == "og:url":
            h = _host(attrs.get("content", ""))
            if h and self.site_hint is None:
                self.site_hint = h
            return
        kind: PartKind
        if name == "keywords":
            kind = "meta_keywords"
        elif name == "description":
            kind = "meta_description"
        else:
            return
        if "content" not in attrs:
            return
        src, raw = where.get("content", (0, attrs["content"]))
        self._head_text(kind, raw, src)

    def _script(self, attrs: dict[str, str], a: int, b: int) -> None:
        if "src" in attrs or attrs.get("type", "").strip().lower() not in _JS_TYPES:
            return
        body = self.html[a:b]
        if not _HAN.search(body) and "\\u" not in body and "%" not in body:
            return
        ctx: _Ctx = (
            "script",
            " > ".join((*self.stack[-1].comps[-(_PATH_PARTS - 1) :], "script")),
            None,
            None,
            -1,
            -1,
            None,
            None,
            (*self.stack[-1].anc[-(_ANCESTORS - 1) :], (-a - 1, "script")),
        )
        strings: list[tuple[str, int]] = []
        prev_end = -1
        for m in _JS_STRING.finditer(body):
            lit = m.group()[1:-1]
            if strings and prev_end >= 0 and _PLUS.fullmatch(body, prev_end, m.start()):
                strings[-1] = (strings[-1][0] + lit, strings[-1][1])
            else:
                strings.append((lit, a + m.start() + 1))
            prev_end = m.end()
        texts = [(t, src) for lit, src in strings if (t := _script_text(lit)) is not None]
        if not texts:
            return
        self._break()
        for k, (t, src) in enumerate(texts):
            if k:
                self.line.append([None, " ", [(0, -1, False)]])
            exact = self.html.startswith(t, src)
            self.line.append([ctx, t, [(0, src, exact)]])
        self.space = False
        self._break()

    # -- run ------------------------------------------------------------------------

    def run(self) -> None:
        html = self.html
        n = len(html)
        pos = 0
        text_from = 0
        while pos < n:
            lt = html.find("<", pos)
            if lt < 0:
                break
            m = _MARKUP.match(html, lt)
            if m is None:
                pos = lt + 1
                continue
            if lt > text_from:
                self._text(text_from, lt, True)
            slash, name, comment, other = m.groups()
            if name is not None:
                tag = name.lower()
                if slash:
                    e = _END_REST.match(html, m.end())
                    if e is None:
                        text_from = pos = n  # cut off by the end: dropped
                        break
                    self._end(tag)
                    pos = e.end()
                else:
                    r = _TAG_REST.match(html, m.end())
                    if r is None:
                        text_from = pos = n
                        break
                    where: dict[str, tuple[int, str]] | None = {} if tag == "meta" else None
                    raw = r.group(1)
                    attrs = _attributes(raw, m.end(), where) if raw.strip() else {}
                    if where is not None:
                        self._meta(attrs, where)
                        pos = r.end()
                    else:
                        pos = self._start(tag, attrs, r.end())
            elif comment:
                if html.startswith(">", m.end()) or html.startswith("->", m.end()):
                    pos = html.find(">", m.end()) + 1
                else:
                    c = _COMMENT_END.search(html, m.end())
                    pos = c.end() if c else n
            elif other == "/" and html.startswith(">", m.end()):
                pos = m.end() + 1  # </> is nothing
            else:  # <!doctype>, <![CDATA[...]]>, <?...>, </ x>: bogus comments
                gt = html.find(">", m.end())
                pos = gt + 1 if gt >= 0 else n
            text_from = pos
        if text_from < n:
            self._text(text_from, n, True)
        self._break()

    # -- assembly -------------------------------------------------------------------

    def document(self) -> HtmlDocument:
        html = self.html
        out: list[str] = []
        parts: list[HtmlPart] = []
        maps: list[_Map] = []
        ancs: list[_Anc] = []
        line_starts = (0, *(m.end() for m in re.finditer("\n", html)))
        pos = 0

        def add(kind: PartKind, text: str, m: _Map, element: str, ctx: _Ctx | None) -> None:
            lead = len(text) - len(text.lstrip())
            src = _lookup(m, lead, len(html))
            ln = bisect.bisect_right(line_starts, src)
            col = src - line_starts[ln - 1] + 1
            if ctx is None:
                parts.append(HtmlPart(kind, text, pos, pos + len(text), ln, col, src, element))
                ancs.append(((-1 - len(parts), element),))
            else:
                _, path, reason, hidden_by, hid, link, href, domain, anc = ctx
                parts.append(
                    HtmlPart(
                        kind,
                        text,
                        pos,
                        pos + len(text),
                        ln,
                        col,
                        src,
                        path,
                        reason,
                        hidden_by,
                        href,
                        domain,
                        hid,
                        link,
                    )
                )
                ancs.append(anc)
            maps.append(m)

        for kind in _HEAD_KINDS:
            for k, text, src, exact in self.head:
                if k == kind:
                    add(kind, text, ((0, src, exact),), _HEAD_ELEMENT[kind], None)
                    out.append(text + "\n\n")
                    pos += len(text) + 2
        lines = [line for line in self.lines if line]
        if not lines and out:
            out[-1] = out[-1].rstrip("\n")
        for n, line in enumerate(lines):
            if n:
                out.append("\n")
                pos += 1
            for ctx, text, pieces in line:
                if ctx is not None and text.strip():
                    add(ctx[0], text, tuple(pieces), ctx[1], ctx)
                out.append(text)
                pos += len(text)
        return HtmlDocument(
            text="".join(out),
            parts=tuple(parts),
            source_length=len(html),
            site=self.site or self.site_hint,
            _maps=tuple(maps),
            _anc=tuple(ancs),
            _line_starts=line_starts,
            _starts=tuple(p.start for p in parts),
        )


def _lookup(m: _Map, local: int, limit: int) -> int:
    """HTML offset of character ``local`` of a part with map ``m``."""
    k = bisect.bisect_right(m, (local, limit + 1, True)) - 1
    at, src, linear = m[max(k, 0)]
    return src + (local - at) if linear else src


def _close_tag(html: str, tag: str, start: int) -> tuple[int, int]:
    """``(content end, resume position)`` of a raw-text or RCDATA element."""
    pat = re.compile(r"</" + re.escape(tag) + r"[\t\n\f\r />]", re.IGNORECASE)
    m = pat.search(html, start)
    if m is None:
        return len(html), len(html)
    gt = html.find(">", m.end() - 1)
    return m.start(), (gt + 1 if gt >= 0 else len(html))


def _attributes(
    raw: str, base: int, where: dict[str, tuple[int, str]] | None = None
) -> dict[str, str]:
    """Attributes of a start tag (first of a name wins); values unescaped.

    ``raw`` starts at HTML offset ``base``. With ``where``, the HTML offset and
    raw text of each value are stored in it too, so meta text can point at
    its source.
    """
    attrs: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        key = m.group(1).lower()
        if key in attrs:
            continue
        value = m.group(2)
        g = 2
        if value is None:
            value, g = m.group(3), 3
        if value is None:
            value, g = m.group(4), 4
        if value is None:
            value = ""
        if where is not None and m.start(g) >= 0:
            where[key] = (base + m.start(g), value)
        attrs[key] = _stdhtml.unescape(value) if "&" in value else value
    return attrs


def extract(html: str, *, url: str | None = None) -> HtmlDocument:
    """The parts of an HTML page, laid out in one document text.

    ``url`` is where the page came from, if known (it tells the site's own
    links from foreign ones). Never raises for a ``str``; see the module
    docstring for the layout, positions and what counts as hidden.
    """
    if not isinstance(html, str):
        raise TypeError(f"extract() takes a str, not {type(html).__name__}")
    ex = _Extractor(html, url)
    ex.run()
    return ex.document()


# --- analysis ----------------------------------------------------------------------


def _keyword_hits(doc: HtmlDocument, lex: Lexicon) -> dict[int, list[Match]]:
    """Lexicon hits per part (in document coordinates), on the folded text."""
    if not doc.parts:
        return {}
    folded = fold(doc.text)
    out: dict[int, list[Match]] = {}
    for m in lex.find(folded.text):
        a, b = folded.span(m.start, m.end)
        i = doc.part_at(a)
        if i is None or b > doc.parts[i].end:
            continue
        out.setdefault(i, []).append(Match(a, b, m.entry))
    return out


def _cover(hits: list[Match]) -> list[Match]:
    """Best non-overlapping hits: heavier first, then longer."""
    chosen: list[Match] = []
    for h in sorted(hits, key=lambda h: (-h.entry.weight, -(h.end - h.start), h.start)):
        if not any(h.start < c.end and c.start < h.end for c in chosen):
            chosen.append(h)
    return sorted(chosen, key=lambda h: h.start)


def _excerpt(s: str, limit: int = 40) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _make(
    doc: HtmlDocument,
    rule: str,
    score: float,
    span: tuple[int, int],
    message: str,
    *,
    evidence: tuple[Evidence, ...] = (),
    finding: SpamFinding | None = None,
    element: str | None = None,
) -> HtmlFinding:
    start, end = span
    idx = doc.parts_in(start, end)
    first = start
    while first < end and doc.text[first].isspace():
        first += 1
    line, col = doc.source_position(first)
    part = doc.parts[idx[0]] if idx else None
    reasons = [doc.parts[i].reason for i in idx if doc.parts[i].reason]
    return HtmlFinding(
        rule=rule,
        score=score,
        part=part.kind if part else "body",
        element=element or doc.container(idx),
        line=line,
        col=col,
        start=start,
        end=end,
        message=message,
        parts=tuple(idx),
        reason=reasons[0] if reasons else None,
        evidence=evidence,
        finding=finding,
    )


def _hidden_findings(
    doc: HtmlDocument, report: Report, hits: dict[int, list[Match]], threshold: float
) -> list[HtmlFinding]:
    groups: dict[int, list[int]] = {}
    for i, p in enumerate(doc.parts):
        if p.hidden_id >= 0:
            groups.setdefault(p.hidden_id, []).append(i)
    out = []
    for idxs in groups.values():
        first, last = doc.parts[idxs[0]], doc.parts[idxs[-1]]
        a, b = first.start, last.end
        words: dict[str, float] = {}
        for i in idxs:
            for h in _cover(hits.get(i, [])):
                words[h.entry.keyword] = h.entry.weight
        weight = sum(words.values())
        inner = [f for f in report.spam if f.start < b and a < f.end]
        strong = any(w >= STRONG_ITEM for w in words.values())
        kw_score = (
            weight / HIDDEN_KEYWORD_WEIGHT if len(words) >= HIDDEN_MIN_KEYWORDS and strong else 0.0
        )
        score = max([kw_score, *(f.score for f in inner)])
        if score < threshold:
            continue
        ev = [
            Evidence(
                "hidden.keywords",
                a,
                b,
                weight,
                f"{len(words)} spam keyword(s) in hidden text: {'、'.join(list(words)[:8])}",
            )
        ]
        ev += [
            Evidence("hidden.finding", f.start, f.end, f.score, f"{f.rule} inside the hidden text")
            for f in inner
        ]
        out.append(
            _make(
                doc,
                "html.hidden_spam",
                score,
                (a, b),
                f"spam text hidden by {first.reason} on {first.hidden_by}",
                evidence=tuple(ev),
                element=first.hidden_by,
            )
        )
    return out


def _link_runs(doc: HtmlDocument) -> list[list[int]]:
    """Parts of links that follow each other with little other text between.

    A run ends at more than ``LINK_RUN_GAP`` characters of other text, at a
    title, meta or script part, where links go from hidden to shown (or to
    another hidden element), and at a line break after which links sit in a
    differently named container (the partner links of one ``div`` and the
    link farm in the next are two runs; the items of one list are one).
    """
    runs: list[list[int]] = []
    cur: list[int] = []
    gap = 0
    for i, p in enumerate(doc.parts):
        if p.link_id >= 0:
            if cur:
                q = doc.parts[cur[-1]]
                if q.hidden_id != p.hidden_id or (
                    q.element != p.element and "\n" in doc.text[q.end : p.start]
                ):
                    runs.append(cur)
                    cur = []
            cur.append(i)
            gap = 0
            continue
        if not cur:
            continue
        if p.kind in ("title", "meta_keywords", "meta_description", "script"):
            gap = LINK_RUN_GAP + 1
        else:  # part texts have their whitespace collapsed to single spaces
            gap += len(p.text) - p.text.count(" ")
        if gap > LINK_RUN_GAP:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def _link_findings(
    doc: HtmlDocument, hits: dict[int, list[Match]], threshold: float
) -> list[HtmlFinding]:
    out = []
    site = _site_key(doc.site) if doc.site else None
    for run in _link_runs(doc):
        links: dict[int, list[int]] = {}
        for i in run:
            links.setdefault(doc.parts[i].link_id, []).append(i)
        n = len(links)
        if n < 3:
            continue
        hosts: set[str] = set()
        hidden = 0
        k = 0.0
        kw_texts: list[str] = []
        for idxs in links.values():
            p = doc.parts[idxs[0]]
            if p.href_domain and (site is None or _site_key(p.href_domain) != site):
                hosts.add(p.href_domain)
            if any(doc.parts[i].hidden_id >= 0 for i in idxs):
                hidden += 1
            w = sum(h.entry.weight for i in idxs for h in _cover(hits.get(i, [])))
            if w >= STRONG_ITEM:
                k += 1.0
            elif w >= WEAK_ITEM:
                k += 0.5
            if w >= WEAK_ITEM:
                kw_texts.append(_excerpt("".join(doc.parts[i].text for i in idxs), 20))
        a, b = doc.parts[run[0]].start, doc.parts[run[-1]].end
        ev: list[Evidence] = []
        score = 0.0
        if len(hosts) >= LINK_MIN_HOSTS:
            w = LINK_DOMAINS_WEIGHT * min(1.0, len(hosts) / LINK_FULL_HOSTS)
            score += w
            ev.append(
                Evidence(
                    "link_farm.domains", a, b, w, f"{n} links go to {len(hosts)} foreign hosts"
                )
            )
        if k >= 2:
            w = min(1.0, k / LINK_FULL_KEYWORDS)
            score += w
            ev.append(
                Evidence(
                    "link_farm.keywords",
                    a,
                    b,
                    w,
                    f"{k:g} link texts carry spam keywords: {', '.join(kw_texts[:5])}",
                )
            )
        if n >= LINK_MIN_HIDDEN and hidden * 2 >= n:
            score += LINK_HIDDEN_WEIGHT
            ev.append(
                Evidence(
                    "link_farm.hidden",
                    a,
                    b,
                    LINK_HIDDEN_WEIGHT,
                    f"{hidden} of {n} links are hidden",
                )
            )
        if score < threshold:
            continue
        first = doc.parts[run[0]]
        all_hidden = len({doc.parts[i].hidden_id for i in run}) == 1 and first.hidden_id >= 0
        out.append(
            _make(
                doc,
                "html.link_farm",
                score,
                (a, b),
                f"a run of {n} links to {len(hosts)} foreign hosts, {k:g} with spam keyword texts"
                + (f", hidden by {first.reason}" if hidden * 2 >= n else ""),
                evidence=tuple(ev),
                element=first.hidden_by if all_hidden else doc.container(run),
            )
        )
    return out


def analyze_html(html: str, config: Config | None = None, *, url: str | None = None) -> HtmlReport:
    """Check an HTML page: the text pipeline on its parts plus the HTML rules.

    Every finding of :func:`segtext.analyze` on the document text is mapped to
    the part it is in; ``html.hidden_spam`` and ``html.link_farm`` findings
    are added (see the module constants for their thresholds). Never raises
    for a ``str`` (only for an invalid config, as :func:`segtext.analyze`).
    """
    cfg = config or DEFAULT_CONFIG
    doc = extract(html, url=url)
    report = analyze(doc.text, cfg)
    threshold = cfg.spam.threshold
    findings = [
        _make(doc, f.rule, f.score, (f.start, f.end), f.message, evidence=f.evidence, finding=f)
        for f in report.spam
    ]
    if any(p.hidden_id >= 0 or p.link_id >= 0 for p in doc.parts):
        hits = _keyword_hits(doc, load_lexicon(cfg.spam.lexicons, cfg.spam.exclusions))
        findings += _hidden_findings(doc, report, hits, threshold)
        findings += _link_findings(doc, hits, threshold)
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
            if p.link_id >= 0 and _link_only_line(doc, i) and not _in_heading(doc, i):
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


def _tag(desc: str) -> str:
    return desc.split("#", 1)[0].split(".", 1)[0]


def _in_heading(doc: HtmlDocument, i: int) -> bool:
    return any(_tag(d) in _HEADINGS for _, d in doc._anc[i])


def _link_only_line(doc: HtmlDocument, i: int) -> bool:
    """Whether the line of part ``i`` has no visible text outside links."""
    text = doc.text
    a = text.rfind("\n", 0, doc.parts[i].start) + 1
    b = text.find("\n", doc.parts[i].end)
    b = len(text) if b < 0 else b
    for j in doc.parts_in(a, b):
        p = doc.parts[j]
        if p.kind == "body" and p.text.strip(" |·•-/,、"):
            return False
    return True
