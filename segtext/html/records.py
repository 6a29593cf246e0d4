"""The records of the HTML stage: parts, the document they are laid out in, findings.

Positions follow :mod:`segtext.html` (its module docstring): ``start``/``end``
index :attr:`HtmlDocument.text`; ``line``/``col``/``offset`` are places in the
HTML ``str`` that was passed in.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Literal

from segtext.report import Evidence, Report, SpamFinding

#: What a part of a page is. ``hidden`` wins over ``anchor``, which wins over
#: ``body``: a link inside a hidden block is a ``hidden`` part that still has
#: its ``href``.
PartKind = Literal[
    "title", "meta_keywords", "meta_description", "body", "hidden", "anchor", "script"
]


#: Components of an element path (``"div#footer.links > a"`` has two).
PATH_PARTS = 3


#: One step of a part's map from its text to the HTML, ``(pos, src, linear)``:
#: from ``pos`` (in the part's text) on, characters come from HTML offset
#: ``src`` onwards one to one (``linear``), or all from ``src`` (an entity, a
#: collapsed run of whitespace). A plain tuple, always unpacked whole: a
#: page has one or more per piece of text, and a NamedTuple's constructor
#: made the layout 5% slower; a map is searched with ``bisect`` in tuple order.
MapStep = tuple[int, int, bool]
#: A part's map: its steps in order of ``pos``, the first at 0.
PartMap = tuple[MapStep, ...]
#: An element's ancestors, outermost first: ``(element number, description)``.
Ancestors = tuple[tuple[int, str], ...]


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
    _maps: tuple[PartMap, ...] = field(default=(), repr=False, compare=False)
    _anc: tuple[Ancestors, ...] = field(default=(), repr=False, compare=False)
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
        return lookup(self._maps[i], pos - self.parts[i].start, self.source_length)

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
                return " > ".join(d for _, d in first[max(0, j - PATH_PARTS + 1) : j + 1])
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


def lookup(m: PartMap, local: int, limit: int) -> int:
    """HTML offset of character ``local`` of a part with map ``m``."""
    k = bisect.bisect_right(m, (local, limit + 1, True)) - 1
    at, src, linear = m[max(k, 0)]
    return src + (local - at) if linear else src
