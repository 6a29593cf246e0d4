"""``model.doorway``: a page of five lines or more that the fitted page model
scores as a doorway or advert page as a whole (kind ``page``).

The page model weighs what the page's scored lines say (their best scores,
the share leaning to spam, domains, contacts, emoji and prose per line); its
evidence is ``model.page_bias`` and each page feature's contribution.
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

#: The page model speaks only of pages of this many content lines or more
#: (shorter ones are the line model's to judge: at three, short clean pages
#: dense in one topic, a classified list, a company's contacts, police news,
#: were taken for doorways).
PAGE_MIN_LINES = 5
#: ... and only when the lexicon rules' findings leave this share of the
#: page's text uncovered (a page they already report is not reported twice).
UNCOVERED_SHARE = 0.5


def finding(
    v: View, model: Model, page: float, vals: dict[str, float], content: int
) -> SpamFinding:
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
