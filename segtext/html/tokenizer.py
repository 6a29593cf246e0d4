"""The HTML tokenizer: markup, attributes and raw text, in linear time, never raising.

It follows the HTML standard where that matters for text (see the
"Parsing" section of :mod:`segtext.html`) and hands what it reads to a
:class:`TokenSink`, which builds the tree; the sink decides where reading
goes on after a start tag (past the content of a raw-text element, say).
"""

from __future__ import annotations

import html as _stdhtml
import re
from functools import lru_cache
from typing import Protocol

_MARKUP = re.compile(r"<(?:(/?)([A-Za-z][^\t\n\f\r />]*+)|(!--)|([!?/]))")
# The rest of a start tag after its name: quotes matter only after '='.
_TAG_REST = re.compile(r"""((?:[^>"'=]++|=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>"']*+)|["'])*+)>""")
_END_REST = re.compile(r"[^>]*+>")
_ATTR = re.compile(r"""([^\s/=>"'][^\s/=>]*+)(?:\s*+=\s*+(?:"([^"]*+)"|'([^']*+)'|([^\s>]++)))?""")
_COMMENT_END = re.compile(r"--!?>")
CHARREF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
COLLAPSE = re.compile(r"[ \t\n\r\f]+")
NEEDS_COLLAPSE = re.compile(r"[\t\n\r\f]| {2}")


class TokenSink(Protocol):
    """What the tokenizer tells: text between markup, start tags, end tags, ``<meta>``."""

    def text(self, a: int, b: int, decode: bool) -> None:
        """Text ``html[a:b]``; entities are to be decoded when ``decode`` is set."""

    def start_tag(self, tag: str, attrs: dict[str, str], end: int) -> int:
        """A start tag (lower-case name) ending at ``end``; returns where to read on."""
        ...

    def end_tag(self, tag: str) -> None:
        """An end tag (lower-case name)."""

    def meta(self, attrs: dict[str, str], where: dict[str, tuple[int, str]]) -> None:
        """A ``<meta>`` tag; ``where`` has each value's HTML offset and raw text."""


def tokenize(html: str, sink: TokenSink) -> None:
    """Read ``html`` from start to end, telling ``sink`` what is there."""
    n = len(html)
    pos = 0
    text_from = 0
    text, start_tag, end_tag, meta = sink.text, sink.start_tag, sink.end_tag, sink.meta
    while pos < n:
        lt = html.find("<", pos)
        if lt < 0:
            break
        m = _MARKUP.match(html, lt)
        if m is None:
            pos = lt + 1
            continue
        if lt > text_from:
            text(text_from, lt, True)
        slash, name, comment, other = m.groups()
        if name is not None:
            tag = name.lower()
            if slash:
                e = _END_REST.match(html, m.end())
                if e is None:
                    text_from = pos = n  # cut off by the end: dropped
                    break
                end_tag(tag)
                pos = e.end()
            else:
                r = _TAG_REST.match(html, m.end())
                if r is None:
                    text_from = pos = n
                    break
                where: dict[str, tuple[int, str]] | None = {} if tag == "meta" else None
                raw = r.group(1)
                attrs = attributes(raw, m.end(), where) if raw.strip() else {}
                if where is not None:
                    meta(attrs, where)
                    pos = r.end()
                else:
                    pos = start_tag(tag, attrs, r.end())
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
        text(text_from, n, True)


@lru_cache(maxsize=64)
def _close_pattern(tag: str) -> re.Pattern[str]:
    """The end tag of a raw-text or RCDATA element, whatever its case."""
    return re.compile(r"</" + re.escape(tag) + r"[\t\n\f\r />]", re.IGNORECASE)


def close_tag(html: str, tag: str, start: int) -> tuple[int, int]:
    """``(content end, resume position)`` of a raw-text or RCDATA element."""
    m = _close_pattern(tag).search(html, start)
    if m is None:
        return len(html), len(html)
    gt = html.find(">", m.end() - 1)
    return m.start(), (gt + 1 if gt >= 0 else len(html))


def attributes(
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
