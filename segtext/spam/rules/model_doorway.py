"""``model.doorway``: a page of five lines or more that the fitted page model
scores as a doorway or advert page as a whole (kind ``page``).

The page model weighs what the page's scored lines say (their best scores,
the share leaning to spam, domains, contacts, emoji and prose per line); its
evidence is ``model.page_bias`` and each page feature's contribution, and
``model.page_support`` on a page that already holds a finding of its own.

The support: the page threshold is set for pages not yet known to be spam
(one clean page in a hundred may reach it). On a page that a line or a rule
already reports, the question left is only how much of the page is spam, and
a doorway whose lines the line model finds one by one is reported whole
when its page score comes within ``PAGE_SUPPORT`` of the threshold. It never
flags a page of its own. Measured when it came (commit 3feae06) over four
fold seeds of ``bench/spam_eval.py``, it raised line recall by 0.03 to 0.05
(0.57-0.62 to 0.59-0.67) for 0.00 to 0.013 of line precision, pages found
and clean pages flagged unchanged (at 2.0: recall up 0.04 to 0.07,
precision down up to 0.03).
"""

from __future__ import annotations

from segtext.report import Evidence, SpamFinding
from segtext.spam.features import MESSAGES, PAGE_FEATURES
from segtext.spam.model import Model
from segtext.spam.rules.base import Rule
from segtext.spam.rules.model_lines import categories
from segtext.spam.view import View

RULE = Rule("model.doorway", "page", "a page the page model scores as a doorway or advert")
BIAS = Rule("model.page_bias", "evidence", "the page model's bias, less its threshold")
SUPPORT = Rule(
    "model.page_support", "evidence", "a page already reported: the page model's bar is lower"
)

#: The page model speaks only of pages of this many content lines or more
#: (shorter ones are the line model's to judge: at three, short clean pages
#: dense in one topic, a classified list, a company's contacts, police news,
#: were taken for doorways).
PAGE_MIN_LINES = 5
#: ... and only when the lexicon rules' findings leave this share of the
#: page's text uncovered (a page they already report is not reported twice).
UNCOVERED_SHARE = 0.5
#: What a finding elsewhere on the page adds to the page model's score.
PAGE_SUPPORT = 1.0


def finding(
    v: View,
    model: Model,
    page: float,
    vals: dict[str, float],
    content: int,
    *,
    support: float = 0.0,
) -> SpamFinding:
    """The page finding; ``page`` is the page model's score (support included)."""
    view = v.view
    start, end = v.map.span(len(view) - len(view.lstrip()), len(view.rstrip()))
    ev = [
        Evidence(
            BIAS.id,
            start,
            end,
            model.page_bias + 1.0 - model.page_threshold,
            "the page model's bias, less its threshold",
        )
    ]
    for name in PAGE_FEATURES:
        c = model.page_weights.get(name, 0.0) * vals.get(name, 0.0)
        if c:
            ev.append(Evidence(f"feature.{name}", start, end, c, MESSAGES.get(name, name)))
    if support:
        ev.append(
            Evidence(SUPPORT.id, start, end, support, "the page already holds a finding of its own")
        )
    return SpamFinding(
        start=start,
        end=end,
        kind="page",
        rule=RULE.id,
        score=page,
        categories=categories(v, 0, len(view)),
        keywords=(),
        items=content,
        message=f"the page as a whole scores as a doorway or advert page ({content} lines)",
        evidence=tuple(ev),
    )
