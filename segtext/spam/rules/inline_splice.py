"""``inline.splice``: a spam phrase spliced into ordinary text, held in place
by what an advert needs and prose does not: a domain, a URL or a contact id
beside the keywords, a link whose text they are (raw HTML, Markdown or
BBCode links in scraped text), a byline made of them, or a chain of strong keywords
of several kinds glued into one phrase. (Company names are not a form of their own: the
gaming companies of Macau and adult shops are real companies.)

A strong keyword in a sentence is often innocent (网络赌博 in a report on a
crackdown); a keyword *with an address to reach it* is an advert. The
phrase is reported alone, so ``clean`` keeps the sentence around it. A
sentence with a crackdown word (查处, 违法...) is left alone, as
``prose.enforcement`` leaves clusters.

Scores, one unit (1.0 reports): a phrase beside an address scores
``(W + ANCHOR_WEIGHT) / SPLICE_WEIGHT``, a byline
``(W + NAME_WEIGHT) / SPLICE_WEIGHT``, a bare chain ``W / CHAIN_WEIGHT``,
with ``W`` the weight of the keywords' best non-overlapping cover.
"""

from __future__ import annotations

import itertools
import re

from segtext.lexicon import Match
from segtext.spam import markers
from segtext.spam.items import (
    ALONE_WEIGHT,
    CRACKDOWN,
    DISCUSSED,
    STRONG_KEYWORD,
    Clue,
    RuleCandidate,
    best_cover,
    keyword_chains,
    sentence_around,
)
from segtext.spam.rules.base import Rule

RULE = Rule("inline.splice", "inline", "a spam phrase spliced into prose with an address or byline")

ANCHOR_WEIGHT = 2.0  # what a domain or contact id beside it adds
MIN_NAMED = 1.0  # ... a byline of keywords needs
NAME_WEIGHT = 3.0  # ... and what the byline adds
SPLICE_WEIGHT = 4.0  # the anchored weight that scores 1.0
CHAIN_WEIGHT = 6.0  # a bare chain of keywords scores 1.0 at this weight ...
CHAIN_STRONG = 2  # ... with this many distinct keywords of weight STRONG_KEYWORD or more
ANCHOR_GAP = 8  # characters between the keywords and their anchor
MAX_PHRASE = 60  # characters: a longer chain is a cluster's business

# A domain (abc.com, abc·cc), a URL, or an id after a contact marker: the
# top-level domains, dots and markers are segtext.spam.markers' own lists.
_DOT = "[" + re.escape("".join(markers.DOTS)) + "]"
_DOMAIN = re.compile(
    r"(?:https?://|www\.)[a-z0-9._~:/?#@!$&*+=%-]+"
    rf"|(?<![a-z0-9.-])[a-z0-9][a-z0-9-]{{1,62}}(?:{_DOT}[a-z0-9-]{{2,63}})*{_DOT}"
    rf"(?:{'|'.join(markers.TLDS)})(?![a-z0-9])"
)
_ID = r"(?:@?+[a-z0-9_-]{5,}|\+?\d[\d -]{6,}\d)"
_CONTACT = re.compile(
    rf"(?:{'|'.join(map(re.escape, markers.CONTACT))})\s*+[:：]?+\s*+{_ID}"
    # Latin markers stand alone and need a colon, an @ or digits after them.
    rf"|(?<![a-z0-9])(?:{'|'.join(map(re.escape, (*markers.CONTACT_WORDS, 'v')))})"
    r"\s*+(?:[:：]\s*+@?+[a-z0-9_-]{5,}|@[a-z0-9_]{5,}|\d{5,})"
    r"|(?<!\d)1[3-9]\d(?:[ -]?\d){8}(?!\d)"  # a mainland mobile number alone
)
# A link whose text the keywords are, in the three markups scraped text
# keeps: raw HTML (<a href="http://...">replica watches</a>), Markdown
# ([replica watches](http://...)) and BBCode ([url=http://...]replica
# watches[/url]). Group "text" is the link's text.
_LINK = re.compile(
    r"<a\s[^<>]{0,300}?href[^<>]*>(?P<text>(?:[^<\n]|<(?!/a)){0,200}?)</a>"
    r"|\[(?P<md>[^\[\]\n]{1,200})\]\((?:https?://|www\.)[^()\s]{1,300}\)"
    r"|\[url=[^\]\s]{1,300}\](?P<bb>[^\[\n]{1,200})\[/url\]"
)
LINK_REACH = 40  # characters of anchor text before (or after) the keywords
# How far a link may start before the keywords and end after them, as the
# pattern bounds its parts: the opening (300 characters of attributes or of
# a [url=...] address) before the text, the address of a Markdown link or a
# closing tag after it.
_LINK_BEFORE = 300 + LINK_REACH + 10
_LINK_AFTER = LINK_REACH + 310
LINK_COVER = 0.4  # share of the link text's letters the keywords make
# A byline or imprint field, right before the keywords.
_FIELD = re.compile(
    r"(?:作者|来源|编辑|责编|责任编辑|记者|出品|主办|主编|发布|发布者|发布人|供稿|投稿|撰稿|版权所有)"
    r"\s*+[:：]?\s*+$"
)


def _anchor(view: str, a: int, b: int, cover: list[Match]) -> tuple[int, int, str] | None:
    """The link whose text ``[a, b)`` is (when the keywords make
    LINK_COVER of that text: a news link that names a casino is no planted
    link), else a domain or contact id within ANCHOR_GAP characters."""
    covered = sum(h.end - h.start for h in cover)
    for m in _LINK.finditer(view, max(0, a - _LINK_BEFORE), min(len(view), b + _LINK_AFTER)):
        group = next(g for g in ("text", "md", "bb") if m.group(g) is not None)
        x, y = m.span(group)
        if x <= a and b <= y and a - x <= LINK_REACH and y - b <= LINK_REACH:
            letters = sum(c.isalnum() for c in view[x:y])
            if covered >= LINK_COVER * letters:
                return m.start(), m.end(), "link"
        if m.start() > b:
            break
    lo, hi = max(0, a - ANCHOR_GAP - 40), min(len(view), b + ANCHOR_GAP + 40)
    best: tuple[int, int, str] | None = None
    for pattern, what in ((_DOMAIN, "address"), (_CONTACT, "contact")):
        for m in pattern.finditer(view, lo, hi):
            x, y = m.span()
            near = (0 <= a - y <= ANCHOR_GAP) or (0 <= x - b <= ANCHOR_GAP) or (x < b and a < y)
            if (
                near
                and "\n" not in view[min(y, a) : max(x, b)]
                and (best is None or abs(x - a) < abs(best[0] - a))
            ):
                best = (x, y, what)
    return best


def candidates(view: str, matches: list[Match]) -> list[RuleCandidate]:
    """Spliced phrases: keyword chains with an anchor, or strong chains."""
    out: list[RuleCandidate] = []
    for chain in keyword_chains(view, matches):
        splice = _splice(view, chain)
        if splice is not None:
            out.append(splice)
    return out


def _splice(view: str, chain: list[Match]) -> RuleCandidate | None:
    """The candidate a chain of keywords makes, if any."""
    cover = best_cover(chain)
    weight = sum(m.entry.weight for m in cover)
    a = min(m.start for m in chain)
    b = max(m.end for m in chain)
    if weight < MIN_NAMED or b - a > MAX_PHRASE:
        return None
    s, e = sentence_around(view, a, b)
    if CRACKDOWN.search(view, s, e):
        return None
    ordered = sorted(cover, key=lambda h: h.start)
    words = "、".join(dict.fromkeys(m.entry.keyword for m in ordered))
    # An address makes an advert of words that are spam alone (ALONE_WEIGHT),
    # SEO words aside: forums and tutorials discuss them beside links.
    anchored = sum(m.entry.weight for m in cover if m.entry.category not in DISCUSSED)
    found = _anchor(view, a, b, cover) if anchored >= ALONE_WEIGHT else None
    why = ""
    score = 0.0
    if found:
        x, y, what = found
        a, b = min(a, x), max(b, y)
        why = f"spam keywords {words} beside a {what}, {view[x:y]!r}"
        score = (weight + ANCHOR_WEIGHT) / SPLICE_WEIGHT
    elif _FIELD.search(view, max(s, a - 12), a):
        why = f"spam keywords {words} in a byline"
        score = (weight + NAME_WEIGHT) / SPLICE_WEIGHT
    if not why:
        strong = {m.entry.keyword for m in cover if m.entry.weight >= STRONG_KEYWORD}
        glued = all(y.start <= x.end for x, y in itertools.pairwise(ordered))
        if len(strong) < CHAIN_STRONG or not glued:
            return None  # keywords joined by separators are a cluster's to judge
        score = weight / CHAIN_WEIGHT
        why = f"a chain of strong spam keywords, {words}, in one phrase"
    return RuleCandidate(a, b, RULE.id, score, (), (Clue(RULE.id, a, b, score, why),), tuple(chain))
