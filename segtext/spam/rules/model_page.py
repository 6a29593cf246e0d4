"""``model.page``: when the lines the line model flags make up most of a page
(``PAGE_SHARE`` of its content lines, ``PAGE_MIN_LINES`` at least), the page
is reported as one finding from its first to its last line.
"""

from __future__ import annotations

from segtext.report import Evidence, SpamFinding
from segtext.spam.features import Line
from segtext.spam.model import Model
from segtext.spam.rules.base import Rule
from segtext.spam.rules.model_lines import evidence, keywords
from segtext.spam.view import View

RULE = Rule("model.page", "page", "most of the page's lines score as spam")
SHARE = Rule("page.share", "evidence", "the share of the page's lines that score as spam")

#: A page whose flagged lines make this share of its content lines (and at
#: least PAGE_MIN_LINES of them) is one page finding; the page model speaks
#: only of pages of PAGE_MIN_LINES content lines or more (a line or two is
#: the line model's to judge).
PAGE_SHARE = 0.5
PAGE_MIN_LINES = 3


def finding(
    v: View,
    *,
    model: Model,
    offset: float,
    scored: list[tuple[float, Line]],
    threshold: float,
    content: int,
) -> SpamFinding:
    all_flagged = [x for x in scored if x[0] >= threshold]
    top_score, top = max(all_flagged, key=lambda x: x[0])
    view = v.view
    first = len(view) - len(view.lstrip())
    last = len(view.rstrip())
    start, end = v.map.span(first, last)
    ev = evidence(v, model, offset, top_score, top)
    ev.append(
        Evidence(
            SHARE.id,
            start,
            end,
            0.0,
            f"{len(all_flagged)} of {content} lines score as spam: a doorway or advert page",
        )
    )
    return SpamFinding(
        start=start,
        end=end,
        kind="page",
        rule=RULE.id,
        score=top_score,
        categories=(),
        keywords=keywords(v, model, [ln for _, ln in all_flagged]),
        items=len(all_flagged),
        message=f"{len(all_flagged)} of {content} lines score as spam: a doorway or advert page",
        evidence=tuple(ev),
    )
