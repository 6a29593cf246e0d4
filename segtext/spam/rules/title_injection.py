"""``title.injection``: one spam title in the title slot, above a page that
never speaks of it.

Hacked pages often get a single title put above the article (真人百家乐网上
赌博平台 over a news story): one item, so no run for ``cluster.keywords``.
What gives it away is the topic: its keywords appear nowhere else on the
page, while a real headline's words come back in the article below it. A
line of the title slot (the first ``TITLE_LINES`` content lines) of at most
``MAX_TITLE`` letters, with ``MIN_STRONG`` distinct strong keywords, and no
crackdown word, scores ``W / TITLE_WEIGHT`` times the share of its strong
keywords that the rest of the page never uses (``W``: the weight of its
keywords' best non-overlapping cover). A page with less than ``MIN_BODY``
characters besides the title has no topic to be off.
"""

from __future__ import annotations

from segtext.lexicon import Match
from segtext.spam.items import CRACKDOWN, Clue, RuleCandidate, best_cover
from segtext.spam.rules.base import Rule

RULE = Rule("title.injection", "cluster", "a spam title in the title slot, off the page's topic")

TITLE_LINES = 2  # content lines that are the title slot (a site name may come first)
MAX_TITLE = 40  # letters and digits: a longer line is prose
MIN_STRONG = 2  # distinct keywords of weight STRONG or more
STRONG = 1.5
TITLE_WEIGHT = 3.0  # the keyword weight that scores 1.0 when wholly off-topic
MIN_BODY = 60  # characters of the page besides the title


def _title_lines(view: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(view)
    while pos <= n and len(out) < TITLE_LINES:
        end = view.find("\n", pos)
        end = n if end < 0 else end
        line = view[pos:end]
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos = end + 1
    return out


def candidates(view: str, matches: list[Match]) -> list[RuleCandidate]:
    """Off-topic spam titles in the title slot."""
    out: list[RuleCandidate] = []
    if not matches or matches[0].start > len(view) // 2:
        return out
    for a, b in _title_lines(view):
        hits = [m for m in matches if a <= m.start and m.end <= b]
        cover = best_cover(hits)
        strong = sorted({m.entry.keyword for m in cover if m.entry.weight >= STRONG})
        if len(strong) < MIN_STRONG or sum(c.isalnum() for c in view[a:b]) > MAX_TITLE:
            continue
        if CRACKDOWN.search(view, a, b):
            continue
        rest = view[:a] + "\n" + view[b:]
        if len(rest.strip()) < MIN_BODY:
            continue
        off = [k for k in strong if k not in rest]
        weight = sum(m.entry.weight for m in cover)
        score = weight / TITLE_WEIGHT * len(off) / len(strong)
        if not off:
            continue
        message = (
            f"a title of spam keywords ({'、'.join(strong)}) in the title slot; "
            f"{len(off)} of {len(strong)} appear nowhere else on the page"
        )
        clue = Clue(RULE.id, a, b, score, message)
        out.append(RuleCandidate(a, b, RULE.id, score, (), (clue,), tuple(cover)))
    return out
