"""The layout of a page's text: the tree of elements, and the lines of the document text.

:class:`_Layout` is the :class:`~segtext.html.tokenizer.TokenSink` that keeps
the open elements (with the implied end tags of the HTML standard), knows
which of them hide their text or are links, and lays the text out in lines
of :class:`_Piece` records; :meth:`_Layout.document` turns those into the
:class:`~segtext.html.records.HtmlDocument`. See :mod:`segtext.html` for the
layout it produces.
"""

from __future__ import annotations

import bisect
import html as _stdhtml
import re
from typing import NamedTuple

from segtext.html.css import declarations, hiding, style_rules
from segtext.html.records import (
    PATH_PARTS,
    Ancestors,
    HtmlDocument,
    HtmlPart,
    MapStep,
    PartKind,
    PartMap,
    lookup,
)
from segtext.html.script_strings import runs_as_javascript, script_strings
from segtext.html.tokenizer import CHARREF, COLLAPSE, NEEDS_COLLAPSE, close_tag, tokenize
from segtext.html.urls import host

#: Open elements kept: deeper ones are read as their parent (a page nested
#: thousands deep costs no more than one nested 256 deep).
MAX_DEPTH = 256
#: Ancestors remembered per element, enough to find the container common to
#: a finding's parts without keeping whole paths.
ANCESTORS = 6
#: Characters of an ``href`` kept (a data: URL can be megabytes), of an id and
#: of a class name in an element description, and the classes described.
_HREF_CHARS = 500
_ID_CHARS = 40
_CLASS_CHARS = 30
_CLASSES_DESCRIBED = 2

# --- the HTML standard's element categories, as far as text layout needs them --

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
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
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

# --- records of the layout -----------------------------------------------------------


class _Context(NamedTuple):
    """Where a piece of body text sits: what holds it, why it is hidden, which link.

    One per element (built when its first text arrives), shared by all its
    text. Two pieces with equal contexts in a row are one part. A tuple, not
    a frozen dataclass: it is compared for every piece of text, and tuple
    equality runs in C.
    """

    kind: PartKind
    element: str
    reason: str | None
    hidden_by: str | None
    hidden_id: int
    link_id: int
    href: str | None
    href_domain: str | None
    ancestors: Ancestors


class _Piece:
    """A piece of a line being laid out: its text and map grow as text arrives.

    ``context`` is None for a space or line break inserted between parts.
    Mutable (slotted) because the layout appends to the last piece of a line;
    :meth:`_Layout.document` freezes the pieces into parts.
    """

    __slots__ = ("context", "steps", "text")

    def __init__(self, context: _Context | None, text: str, steps: list[MapStep]) -> None:
        self.context = context
        self.text = text
        self.steps = steps


class _HeadText(NamedTuple):
    """A title or meta text: its kind, collapsed text, HTML offset, and whether it
    is the HTML's text exactly from that offset."""

    kind: PartKind
    text: str
    src: int
    exact: bool


#: The map of a piece that comes from nowhere in the HTML (an inserted space).
_INSERTED: MapStep = (0, -1, False)


class _El:
    """An open element: what the layout needs to know of it and its ancestors."""

    __slots__ = (
        "anc",
        "block",
        "comps",
        "context",
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
        self.anc: Ancestors = ()
        self.block = False
        self.hidden: str | None = None
        self.hidden_by: str | None = None
        self.hidden_id = -1
        self.link = -1
        self.href: str | None = None
        self.domain: str | None = None
        self.pre = False
        self.svg = False
        self.context: _Context | None = None

    def text_context(self) -> _Context:
        """The context of this element's own text (built once)."""
        ctx = self.context
        if ctx is None:
            kind: PartKind = "hidden" if self.hidden else "anchor" if self.link >= 0 else "body"
            ctx = self.context = _Context(
                kind,
                self.path,
                self.hidden,
                self.hidden_by,
                self.hidden_id,
                self.link,
                self.href,
                self.domain,
                self.anc,
            )
        return ctx


def _desc(tag: str, attrs: dict[str, str]) -> str:
    d = tag
    ident = attrs.get("id", "").strip()
    if ident:
        d += "#" + ident.split()[0][:_ID_CHARS]
    cls = attrs.get("class", "").split()
    if cls:
        d += "".join("." + c[:_CLASS_CHARS] for c in cls[:_CLASSES_DESCRIBED])
    return d


# --- the layout ------------------------------------------------------------------------


class _Layout:
    """The tree builder and line layout of one page (a :class:`TokenSink`)."""

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
        self.head: list[_HeadText] = []
        self.lines: list[list[_Piece]] = []
        self.line: list[_Piece] = []
        self.space = True  # the line so far ends with a space (or is empty)
        self.site = host(url) if url else None
        self.site_hint: str | None = None

    # -- stack ------------------------------------------------------------------

    def _push(self, tag: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1]
        if len(self.stack) >= MAX_DEPTH:
            return
        el = _El()
        el.tag = tag
        self.ids += 1
        d = _desc(tag, attrs)
        el.comps = (*parent.comps[-(PATH_PARTS - 1) :], d)
        el.anc = (*parent.anc[-(ANCESTORS - 1) :], (self.ids, d))
        el.block = tag in _BLOCK
        el.pre = parent.pre or tag in ("pre", "textarea", "listing")
        el.svg = parent.svg or tag == "svg"
        el.link, el.href, el.domain = parent.link, parent.href, parent.domain
        if tag == "a" and "href" in attrs:
            self.links += 1
            el.link = self.links
            el.href = attrs["href"].strip()[:_HREF_CHARS]
            el.domain = host(el.href)
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
            r = hiding(declarations(style))
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

    def _break(self) -> None:
        if self.line:
            last = self.line[-1]
            if last.text.endswith(" "):
                last.text = last.text[:-1]
            self.lines.append([s for s in self.line if s.text])
            self.line = []
        self.space = True

    def _add(self, ctx: _Context, text: str, steps: list[MapStep]) -> None:
        if not text:
            return
        line = self.line
        if line:
            last = line[-1]
            before = last.context
            if (
                before is not None
                and before.link_id >= 0
                and ctx.link_id >= 0
                and before.link_id != ctx.link_id
                and not self.space
                and not text.startswith(" ")
            ):
                line.append(_Piece(None, " ", [_INSERTED]))
                last = line[-1]
            if last.context == ctx:
                n = len(last.text)
                last.text += text
                last.steps.extend((p + n, s, lin) for p, s, lin in steps)
                self.space = text.endswith(" ")
                return
        line.append(_Piece(ctx, text, list(steps)))
        self.space = text.endswith(" ")

    def text(self, a: int, b: int, decode: bool) -> None:
        """Body text ``html[a:b]`` (entities decoded unless raw)."""
        el = self.stack[-1]
        if el.svg and el.tag == "title":
            return
        raw = self.html[a:b]
        # Entity decoding: (text, src, linear) chunks.
        if decode and "&" in raw:
            chunks: list[tuple[str, int, bool]] = []
            last = 0
            for m in CHARREF.finditer(raw):
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
                        self._add(el.text_context(), piece, [(0, at, linear)])
                        self.space = False
                    at += len(piece) + 1 if linear else 0
            return
        ctx = el.context or el.text_context()  # built once per element
        out: list[str] = []
        steps: list[MapStep] = []
        pos = 0
        space = self.space
        for s, src, linear in chunks:
            if not s:
                continue
            if linear and not NEEDS_COLLAPSE.search(s) and not (space and s[0] == " "):
                out.append(s)
                steps.append((pos, src, True))
                pos += len(s)
                space = s[-1] == " "
                continue
            last = 0
            for m in COLLAPSE.finditer(s):
                if m.start() > last:
                    out.append(s[last : m.start()])
                    steps.append((pos, src + last if linear else src, linear))
                    pos += m.start() - last
                    space = False
                if not space:
                    out.append(" ")
                    steps.append((pos, src + m.start() if linear else src, False))
                    pos += 1
                    space = True
                last = m.end()
            if last < len(s):
                out.append(s[last:])
                steps.append((pos, src + last if linear else src, linear))
                pos += len(s) - last
                space = False
        self._add(ctx, "".join(out), steps)

    def _head_text(self, kind: PartKind, raw: str, src: int) -> None:
        text = _stdhtml.unescape(raw) if "&" in raw else raw
        linear = text == raw
        lead = len(text) - len(text.lstrip())
        collapsed = COLLAPSE.sub(" ", text).strip()
        if collapsed:
            exact = linear and collapsed == text[lead : lead + len(collapsed)]
            self.head.append(_HeadText(kind, collapsed, src + (lead if linear else 0), exact))

    # -- elements ------------------------------------------------------------------

    def start_tag(self, tag: str, attrs: dict[str, str], end: int) -> int:
        """Handle a start tag ending at ``end``; returns where to go on."""
        html = self.html
        if tag in ("html", "head", "body", "frameset"):
            return end
        if tag == "title" and not self.stack[-1].svg:
            close = close_tag(html, "title", end)
            self._head_text("title", html[end : close[0]], end)
            return close[1]
        if tag in ("link", "base"):
            rel = attrs.get("rel", "").lower()
            if tag == "base" or "canonical" in rel.split():
                h = host(attrs.get("href", ""))
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
        if tag in HEADINGS and self.stack[-1].tag in HEADINGS:
            self._pop_to(len(self.stack) - 1)
        if tag in _RAW or tag in {"textarea", "plaintext"}:
            # <plaintext>: the rest of the page is its text.
            close = (len(html), len(html)) if tag == "plaintext" else close_tag(html, tag, end)
            if tag == "script":
                self._script(attrs, end, close[0])
            elif tag == "textarea":
                self._push(tag, attrs)
                self._break()
                self.text(end, close[0], True)
                self._pop_to(len(self.stack) - 1)
            elif tag == "plaintext":
                self.text(end, close[0], False)
            return close[1]
        if tag in _VOID:
            if tag == "hr":
                self._break()
            return end
        self._push(tag, attrs)
        if self.stack[-1].tag == tag and self.stack[-1].block:
            self._break()
        return end

    def end_tag(self, tag: str) -> None:
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

    def meta(self, attrs: dict[str, str], where: dict[str, tuple[int, str]]) -> None:
        name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        if name == "og:url":
            h = host(attrs.get("content", ""))
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
        if not runs_as_javascript(attrs):
            return
        texts = script_strings(self.html[a:b], a)
        if not texts:
            return
        parent = self.stack[-1]
        ctx = _Context(
            "script",
            " > ".join((*parent.comps[-(PATH_PARTS - 1) :], "script")),
            None,
            None,
            -1,
            -1,
            None,
            None,
            (*parent.anc[-(ANCESTORS - 1) :], (-a - 1, "script")),
        )
        self._break()
        for k, (t, src) in enumerate(texts):
            if k:
                self.line.append(_Piece(None, " ", [_INSERTED]))
            exact = self.html.startswith(t, src)
            self.line.append(_Piece(ctx, t, [(0, src, exact)]))
        self.space = False
        self._break()

    # -- assembly -------------------------------------------------------------------

    def document(self) -> HtmlDocument:
        html = self.html
        out: list[str] = []
        parts: list[HtmlPart] = []
        maps: list[PartMap] = []
        ancs: list[Ancestors] = []
        line_starts = (0, *(m.end() for m in re.finditer("\n", html)))
        pos = 0

        def add(kind: PartKind, text: str, m: PartMap, element: str, ctx: _Context | None) -> None:
            lead = len(text) - len(text.lstrip())
            src = lookup(m, lead, len(html))
            ln = bisect.bisect_right(line_starts, src)
            col = src - line_starts[ln - 1] + 1
            if ctx is None:
                parts.append(HtmlPart(kind, text, pos, pos + len(text), ln, col, src, element))
                ancs.append(((-1 - len(parts), element),))
            else:
                _, path, reason, hidden_by, hidden_id, link_id, href, domain, anc = ctx
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
                        hidden_id,
                        link_id,
                    )
                )
                ancs.append(anc)
            maps.append(m)

        for kind in _HEAD_KINDS:
            for head in self.head:
                if head.kind == kind:
                    step = (0, head.src, head.exact)
                    add(kind, head.text, (step,), _HEAD_ELEMENT[kind], None)
                    out.append(head.text + "\n\n")
                    pos += len(head.text) + 2
        lines = [line for line in self.lines if line]
        if not lines and out:
            out[-1] = out[-1].rstrip("\n")
        for n, line in enumerate(lines):
            if n:
                out.append("\n")
                pos += 1
            for piece in line:
                ctx = piece.context
                if ctx is not None and piece.text.strip():
                    add(ctx.kind, piece.text, tuple(piece.steps), ctx.element, ctx)
                out.append(piece.text)
                pos += len(piece.text)
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


def lay_out(html: str, url: str | None) -> HtmlDocument:
    """The parts of ``html`` in one document text (see :func:`segtext.html.extract`)."""
    layout = _Layout(html, url)
    tokenize(html, layout)
    layout._break()
    return layout.document()
