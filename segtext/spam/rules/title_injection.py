"""``title.injection``: one spam title in the title slot, above a page that
never speaks of it.

Hacked pages often get a single title put above the article (真人百家乐网上
赌博平台 over a news story): one item, so no run for ``cluster.keywords``.
What gives it away is the topic: its keywords appear nowhere else on the
page, while a real headline's words come back in the article below it.

A line of the title slot (the first ``TITLE_LINES`` content lines) of at
most ``MAX_TITLE`` Han characters and words, with ``MIN_STRONG`` distinct
strong keywords (SEO words aside: webmaster forums title with them), no
crackdown word, no clause marks, question or quotes (a sentence about
spam) and no function words at prose density (``items.prose_chars``: a
sentence without punctuation), scores ``W / TITLE_WEIGHT`` times the share
of its strong keywords that the rest of the page never uses (``W``: the weight of its keywords'
best non-overlapping cover). A spam title put at the head or the tail of a
real headline (``吃瓜黑料_`` + the headline), or a line that is one such
title (``开云体育官方网站``: one strong keyword, so ``MIN_STRONG`` is not met),
is found as the end part that is mostly keywords. A page with less than
``MIN_BODY`` characters besides the title has no topic to be off.
"""

from __future__ import annotations

import bisect
import re

from segtext.lexicon import Match
from segtext.normalize import HAN_RUN
from segtext.spam.items import (
    ALONE_WEIGHT,
    CRACKDOWN,
    DISCUSSED,
    PROSE_SHARE,
    STRONG_KEYWORD,
    Clue,
    RuleCandidate,
    best_cover,
    prose_chars,
)
from segtext.spam.rules.base import Rule

RULE = Rule("title.injection", "cluster", "a spam title in the title slot, off the page's topic")

#: Content lines that are the title slot: a scraped news page puts a site
#: name, a channel crumb and a menu above its headline. At 3, headlines in
#: the fourth or fifth line were missed; at 5, the cross-validated figures of
#: bench/spam_eval.py (four fold seeds) and the clean pages were unchanged
#: (measured at commit e0f2d2a).
TITLE_LINES = 5
MAX_TITLE = 40  # Han characters and words: a longer line is prose
MIN_STRONG = 2  # distinct keywords of weight STRONG_KEYWORD or more
TITLE_WEIGHT = 3.0  # the keyword weight that scores 1.0 when wholly off-topic
MIN_BODY = 60  # characters of the page besides the title
MAX_LINE = 200  # characters: a longer line is no headline
# A sentence or a quote, not a title: clause marks, questions, quotation
# marks; and a Japanese warning (偽物に注意, "beware of fakes"), a headline
# here only: replica shops put it among their own titles too.
_NOT_TITLE = re.compile('[，,。？?“”"「」『』]|に注意')
_HAN_OR_WORD = re.compile(r"[\u3400-\u9fff]|[^\W\d_\u3400-\u9fff]+")


def _prose(view: str, a: int, b: int, hits: list[Match]) -> bool:
    """Whether ``view[a:b]`` holds function words at prose density: a
    sentence with no punctuation, not a title."""
    han = sum(map(len, HAN_RUN.findall(view, a, b)))
    return bool(han) and prose_chars(view, a, b, hits) >= PROSE_SHARE * han


def _size(line: str) -> int:
    """A title's length: Han characters and words of other scripts count one."""
    return len(_HAN_OR_WORD.findall(line))


ITEM_COVER = 0.5  # share of an end item's letters its keywords cover
# The parts of a headline between title separators (_ | - — :).
_PART = re.compile(r"[^_|｜\-—–:：\s][^_|｜\-—–:：]*[^_|｜\-—–:：\s]|[^_|｜\-—–:：\s]")


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


def _end_item(view: str, a: int, b: int, hits: list[Match]) -> list[RuleCandidate]:
    """A spam title put at the head or the tail of a headline, cut from it
    by a title separator (``吃瓜黑料_`` + the headline), or the whole line
    when it is one part: an end item that is mostly keywords (``ITEM_COVER``
    of its letters) weighing ``ALONE_WEIGHT`` or more, off the page's topic,
    scores its weight / ``ALONE_WEIGHT``."""
    parts = [m.span() for m in _PART.finditer(view, a, b)]
    if not parts:
        return []
    out: list[RuleCandidate] = []
    for x, y in {parts[0], parts[-1]}:
        inner = [m for m in hits if x <= m.start and m.end <= y]
        if _prose(view, x, y, inner):
            continue  # the part is a sentence, not a title
        cover = best_cover(inner)
        weight = sum(m.entry.weight for m in cover)
        covered = sum(m.end - m.start for m in cover)
        size = sum(c.isalnum() for c in view[x:y])
        if weight < ALONE_WEIGHT or covered < ITEM_COVER * size:
            continue
        rest = view[:x] + "\n" + view[y:]
        keys = sorted({m.entry.keyword for m in cover})
        if len(rest.strip()) < MIN_BODY or any(k in rest for k in keys):
            continue
        score = weight / ALONE_WEIGHT
        message = (
            f"a title of spam keywords ({'、'.join(keys)}) at an end of the headline,"
            " and nowhere else on the page"
        )
        out.append(
            RuleCandidate(
                x, y, RULE.id, score, (), (Clue(RULE.id, x, y, score, message),), tuple(cover)
            )
        )
    return out


def candidates(view: str, matches: list[Match]) -> list[RuleCandidate]:
    """Off-topic spam titles in the title slot."""
    out: list[RuleCandidate] = []
    if not matches or matches[0].start > len(view) // 2:
        return out
    match_starts = [m.start for m in matches]
    for a, b in _title_lines(view):
        # A headline is short, says nothing of a crackdown, asks nothing and
        # quotes nothing; a sentence is no title (one line of a page that
        # has no line breaks must not cost a cover of all its hits).
        if b - a > MAX_LINE or CRACKDOWN.search(view, a, b) or _NOT_TITLE.search(view, a, b):
            continue
        lo, hi = bisect.bisect_left(match_starts, a), bisect.bisect_left(match_starts, b)
        hits = [m for m in matches[lo:hi] if m.end <= b and m.entry.category not in DISCUSSED]
        cover = best_cover(hits)
        strong = sorted({m.entry.keyword for m in cover if m.entry.weight >= STRONG_KEYWORD})
        if len(strong) < MIN_STRONG or _size(view[a:b]) > MAX_TITLE:
            # A headline may be prose; the part at its end is judged alone.
            out.extend(_end_item(view, a, b, hits))
            continue
        if _prose(view, a, b, hits):
            continue  # a sentence with no punctuation: function words at prose density
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
