"""``model.short_page``: a page of fewer than five lines on which two lines
or more lean to spam, none of them far enough to be reported alone.

The page model speaks only of pages of ``PAGE_MIN_LINES`` lines or more
(``model.doorway``), so a doorway of two to four lines, or a two-line
contact post, was judged line by line, and two lines each just below the
threshold added up to nothing. Here the second-best line is the page's
evidence: when ``MIN_LINES`` lines score within ``MARGIN`` of the
threshold on a short page with no other finding, the page is spam, and the
lines that lean so far are reported (consecutive ones as one finding).

The score is the ``MIN_LINES``-th best line's score plus ``MARGIN``; the
evidence is that line's (``model.bias`` and each feature's contribution)
and ``model.short_page_lift``, the margin, so that they add up to it.

Measured when it came over four fold seeds of ``bench/spam_eval.py``: a
margin of 0.8 found 2.8 spam pages more (215.2 -> 218.0 of 284: contact
54 -> 55, doorway 29.8 -> 31.2), clean pages flagged unchanged (1.8 of
229), no everyday page; at 1.0, 2.5 clean pages and one everyday page.
"""

from __future__ import annotations

from collections.abc import Callable

from segtext.report import Evidence, SpamFinding
from segtext.spam.features import Line
from segtext.spam.model import Model
from segtext.spam.rules import model_lines
from segtext.spam.rules.base import Rule
from segtext.spam.view import View

RULE = Rule("model.short_page", "lines", "a short page on which two lines or more lean to spam")
LIFT = Rule(
    "model.short_page_lift",
    "evidence",
    "what the second line leaning to spam on a short page adds",
)

#: Lines that must lean to spam ...
MIN_LINES = 2
#: ... each scoring at most this far below the threshold.
MARGIN = 0.8


def leaning(
    scored: list[tuple[float, Line]], threshold: float, covered: Callable[[Line], bool]
) -> list[tuple[float, Line]]:
    """The scored lines within ``MARGIN`` of ``threshold`` (and not
    ``covered`` by another finding), when there are ``MIN_LINES`` of them;
    else none."""
    floor = threshold - MARGIN
    lines = [(s, ln) for s, ln in scored if s >= floor and not covered(ln)]
    return lines if len(lines) >= MIN_LINES else []


def findings(
    v: View, model: Model, offset: float, lines: list[tuple[float, Line]], content: int
) -> list[SpamFinding]:
    """The findings of a short page's ``lines`` (from :func:`leaning`)."""
    if len(lines) < MIN_LINES:
        return []
    ranked = sorted(lines, key=lambda x: -x[0])
    s, witness = ranked[MIN_LINES - 1]  # the weakest of the lines that make the page
    page_score = s + MARGIN
    ev = model_lines.evidence(v, model, offset, witness)
    spans = [model_lines.caller_span(v, ln) for _, ln in lines]
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    ev.append(
        Evidence(
            LIFT.id,
            lo,
            hi,
            MARGIN,
            f"{len(lines)} of the page's {content} lines lean to spam"
            f" (the {MIN_LINES} best score {s:.2f} or more)",
        )
    )
    out = []
    for group in model_lines.groups(v, lines):
        glines = [ln for _, ln in group]
        a = model_lines.caller_span(v, glines[0])[0]
        b = model_lines.caller_span(v, glines[-1])[1]
        out.append(
            SpamFinding(
                start=a,
                end=b,
                kind="lines",
                rule=RULE.id,
                score=page_score,
                categories=model_lines.categories(v, glines[0].start, glines[-1].end),
                keywords=model_lines.keywords(v, model, glines),
                items=len(group),
                message=(
                    f"{len(group)} line(s) of a short page ({content} lines) on which"
                    f" {len(lines)} lines lean to spam: {model_lines.quote(v.text, a, b)!r}"
                ),
                evidence=tuple(ev),
            )
        )
    return out
