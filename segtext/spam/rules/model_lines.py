"""``model.lines``: lines the fitted line model scores at the threshold or
above, consecutive lines (blank lines between them allowed) as one finding.

A candidate line next to a reported line joins its finding when it scores
within ``NEIGHBOUR_MARGIN`` of the threshold (hysteresis, as an edge detector
follows a strong edge through weaker pixels): a doorway's or an advert's
lines are found one by one, and the weaker ones sit beside the strong. A
line alone never reaches a finding this way, so no page is flagged by it.

The score is ``1 + logit - t`` (``t`` the model's fitted threshold); the
evidence lists ``model.bias`` (the bias less the threshold) and every
feature's contribution (``feature.<name>``), which add up to the score.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable

import regex

from segtext.report import Evidence, SpamFinding
from segtext.spam import markers
from segtext.spam.features import FEATURES, MESSAGES, PHONE, Line
from segtext.spam.items import STRONG_KEYWORD
from segtext.spam.model import Model
from segtext.spam.rules.base import Rule
from segtext.spam.view import View

RULE = Rule("model.lines", "lines", "lines the fitted line model scores as spam")
BIAS = Rule("model.bias", "evidence", "the line model's bias, less its threshold")

KEYWORDS_SHOWN = 8  # vocabulary entries named in a finding, the strongest first
EXCERPT = 60  # characters of the spam quoted in the message
#: A spliced phrase: at the head or tail of a line of at least SPLICE_LINE
#: characters, it holds SPLICE_SHARE of the line's spam vocabulary and at
#: most SPLICE_MAX_PART of its letters, and the rest holds next to none.
SPLICE_LINE = 16
SPLICE_SHARE = 0.8
SPLICE_MAX_PART = 0.5
#: A candidate line beside a reported one joins it at this far below the
#: threshold (bench/spam_eval.py --seeds 0,1,2,3: line recall 0.626 -> 0.643,
#: precision 0.908 -> 0.907, pages and clean pages unchanged; 0.5 gives
#: 0.635, 1.5 adds 0.002 more).
NEIGHBOUR_MARGIN = 1.0
#: What ends a spliced phrase: the separators of a hijacked headline.
_CUT = regex.compile(r"[_|丨｜\-–—:：,，、。!！?？\s]+")


def caller_span(v: View, ln: Line) -> tuple[int, int]:
    line = v.view[ln.start : ln.end]
    lead = len(line) - len(line.lstrip())
    trail = len(line.rstrip())
    return v.map.span(ln.start + lead, ln.start + max(trail, lead))


def evidence(v: View, model: Model, offset: float, ln: Line) -> list[Evidence]:
    """Line ``ln``'s contributions: the bias less the threshold, then each feature's."""
    a, b = caller_span(v, ln)
    ev = [Evidence(BIAS.id, a, b, model.bias + offset, "the model's bias, less its threshold")]
    for name in FEATURES:
        c = model.weights.get(name, 0.0) * ln.values.get(name, 0.0)
        if c:
            ev.append(Evidence(f"feature.{name}", a, b, c, MESSAGES.get(name, name)))
    return ev


def quote(text: str, a: int, b: int) -> str:
    """``text[a:b]`` as a finding's message quotes it: at most EXCERPT characters."""
    excerpt = text[a:b]
    return excerpt if len(excerpt) <= EXCERPT else excerpt[: EXCERPT - 3] + "..."


def categories(v: View, a: int, b: int) -> tuple[str, ...]:
    """The lexicon categories of the keywords in view span ``[a, b)``, the
    commonest first (a model finding has no category of its own)."""
    found = Counter(m.entry.category for m in v.matches if a <= m.start and m.end <= b)
    return tuple(c for c, _ in found.most_common())


def keywords(v: View, model: Model, lines: list[Line]) -> tuple[str, ...]:
    matcher = model.matcher()
    entries = {k for ln in lines for k in ln.grams if matcher.ratios[k] > 0}
    best = sorted(entries, key=lambda k: (-matcher.ratios[k], matcher.keys[k]))
    return tuple(matcher.keys[k] for k in best[:KEYWORDS_SHOWN])


def splice(v: View, model: Model, ln: Line) -> tuple[int, int] | None:
    """The view span of a spam phrase spliced onto the head or the tail of an
    ordinary line (``吃瓜黑料_`` before a real headline), or None.

    The line is cut at headline separators; the head (or tail) pieces that
    hold most of the line's spam vocabulary, and no more than half its
    letters, are the phrase, with the separator after (or before) them,
    unless the rest holds a strong lexicon keyword (a footer of keywords
    the vocabulary knows only the first of is spam as a whole) or a
    contact, domain or phone number (:func:`_plain`).
    """
    line = v.view[ln.start : ln.end]
    if len(line.strip()) < SPLICE_LINE:
        return None
    matcher = model.matcher()
    found = [(a, b, matcher.ratios[i]) for i, a, b in matcher.find(line)]
    total = sum(r for _, _, r in found)
    if total <= 0:
        return None
    cuts = [(m.start(), m.end()) for m in _CUT.finditer(line)]
    letters = len(line) - sum(b - a for a, b in cuts)
    # Strong lexicon keywords are spam evidence as much as the vocabulary:
    # the part of the line left out of a phrase may hold none.
    strong = [
        (m.start - ln.start, m.end - ln.start)
        for m in v.matches
        if ln.start <= m.start and m.end <= ln.end and m.entry.weight >= STRONG_KEYWORD
    ]
    for a, b in cuts:  # head: the pieces before a cut
        head = sum(r for x, _, r in found if x < a)
        if head >= SPLICE_SHARE * total and a - len(line) + len(line.lstrip()) > 0:
            if any(y > b for _, y in strong) or not _plain(line[b:]):
                break
            share = (a - sum(min(y, a) - x for x, y in cuts if x < a)) / max(letters, 1)
            if share <= SPLICE_MAX_PART:
                lead = len(line) - len(line.lstrip())
                return ln.start + lead, ln.start + b
            break
    for a, b in reversed(cuts):  # tail: the pieces after a cut
        tail = sum(r for x, _, r in found if x >= b)
        if tail >= SPLICE_SHARE * total and len(line.rstrip()) > b:
            if any(x < a for x, _ in strong) or not _plain(line[:a]):
                break
            share = (len(line) - b - sum(y - max(x, b) for x, y in cuts if y > b)) / max(letters, 1)
            if share <= SPLICE_MAX_PART:
                return ln.start + a, ln.start + len(line.rstrip())
            break
    return None


#: Digits a phone number has at least (a date has eight, 2024-06-03).
PHONE_DIGITS = 9


def _plain(rest: str) -> bool:
    """Whether the part of a line a splice would leave holds no messenger
    id, domain or phone number: an advert's own (``daftar sekarang hubungi
    WA 0812...``), not the ordinary line a phrase was spliced onto (a
    headline may say 飞机 or 电话, and hold a date)."""
    found = markers.scan(rest, [0])
    if found.ids or found.domains:
        return False
    return not any(
        sum(c.isdigit() for c in m.group()) >= PHONE_DIGITS for m in PHONE.finditer(rest)
    )


def adjacent(v: View, a: Line, b: Line) -> bool:
    """Whether only blank lines lie between lines ``a`` and ``b`` (either
    order), or lines with no letter or digit (a table's ``|`` and ``---|---``
    rows, a ``* * *`` rule): they part no two pieces of one block."""
    first, second = (a, b) if a.start < b.start else (b, a)
    return not any(map(str.isalnum, v.view[first.end : second.start]))


def groups(v: View, flagged: list[tuple[float, Line]]) -> list[list[tuple[float, Line]]]:
    """Flagged lines joined into runs (only blank lines between them), in text order."""
    out: list[list[tuple[float, Line]]] = []
    for item in sorted(flagged, key=lambda x: x[1].start):
        if out and adjacent(v, out[-1][-1][1], item[1]):
            out[-1].append(item)
        else:
            out.append([item])
    return out


def neighbours(
    v: View,
    scored: list[tuple[float, Line]],
    flagged: list[tuple[float, Line]],
    threshold: float,
    covered: Callable[[Line], bool],
) -> list[tuple[float, Line]]:
    """The scored lines that join ``flagged`` as neighbours: within
    ``NEIGHBOUR_MARGIN`` below ``threshold``, not ``covered`` by another
    finding, and :func:`adjacent` to a flagged or joined line, followed from
    line to line."""
    if not flagged:
        return []
    floor = threshold - NEIGHBOUR_MARGIN
    order = sorted(scored, key=lambda x: x[1].start)
    chosen = {ln.start for _, ln in flagged}
    joined: list[tuple[float, Line]] = []
    # A chain of weak lines reaches out from a flagged line to the right in
    # the forward sweep and to the left in the backward one: linear time.
    for seq in (order, order[::-1]):
        for (_, prev), (s, ln) in itertools.pairwise(seq):
            if (
                prev.start in chosen
                and ln.start not in chosen
                and s >= floor
                and not covered(ln)
                and adjacent(v, prev, ln)
            ):
                chosen.add(ln.start)
                joined.append((s, ln))
    return joined


def finding(
    v: View,
    model: Model,
    offset: float,
    group: list[tuple[float, Line]],
    threshold: float | None = None,
) -> SpamFinding:
    """One finding of ``group``, scored by its best line; with ``threshold``,
    its message counts the lines that joined as neighbours (below it)."""
    top_score, top = max(group, key=lambda x: x[0])
    start = caller_span(v, group[0][1])[0]
    end = caller_span(v, group[-1][1])[1]
    if len(group) == 1 and (cut := splice(v, model, top)) is not None:
        start, end = v.map.span(*cut)  # the phrase alone: clean() keeps the rest
    lines = [ln for _, ln in group]
    ev = evidence(v, model, offset, top)
    shown = keywords(v, model, lines)
    excerpt = quote(v.text, start, end)
    n = len(group)
    weak = sum(1 for s, _ in group if threshold is not None and s < threshold)
    joined = f", {weak} of them below the threshold beside a reported line" if weak else ""
    return SpamFinding(
        start=start,
        end=end,
        kind="lines",
        rule=RULE.id,
        score=top_score,
        categories=categories(v, lines[0].start, lines[-1].end),
        keywords=shown,
        items=n,
        message=f"{n} line(s) the line model scores as spam{joined}: {excerpt!r}",
        evidence=tuple(ev),
    )
