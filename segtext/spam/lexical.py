"""The lexicon rules: keyword hits -> title items -> clusters -> findings.

Injected spam on Chinese pages takes a few forms: a run of porn, gambling or
piracy *titles* joined by separators (in the title slot, after a ``蜘蛛池``
marker in the footer, fused with the site's navigation), or a lottery phrase
spliced into a headline. These rules work on structure first and words
second, so that innocent pages that merely mention a risky word (成人教育, 毛片
of a shuttlecock, 澳门 in the news) stay clean. The view they read is built
in :mod:`segtext.spam.view`, the items in :mod:`segtext.spam.items`; each rule
is a module of :mod:`segtext.spam.rules` (``cluster.marker``,
``cluster.keywords``, ``cluster.contact``, ``inline.chain``,
``page.keyword_density``). Their scores are in their own unit: a finding is
reported at the threshold (1.0 by default). Spans are code-point offsets into
the caller's text.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Literal

from segtext.config import SpamConfig
from segtext.normalize import Folded
from segtext.report import Evidence, SpamFinding
from segtext.spam.items import (
    Item,
    RuleCandidate,
    assign_hits,
    cut_items,
    extend_trailing_separator,
    join_spanned,
    paragraphs_with_hits,
    runs,
    split_glued,
)
from segtext.spam.rules import (
    cluster_contact,
    cluster_keywords,
    cluster_marker,
    inline_chain,
    inline_splice,
    page_keyword_density,
    title_injection,
)
from segtext.spam.view import _CHUNK, View

FindingKind = Literal["cluster", "inline", "page"]
RULE_MARKER = cluster_marker.RULE.id
#: A paragraph's keyword weight at which it is cut into items at all.
MIN_PARAGRAPH_WEIGHT = 1.5


def lexical_findings(
    v: View, cfg: SpamConfig
) -> tuple[tuple[SpamFinding, ...], list[RuleCandidate]]:
    """The lexicon rules' findings that reach the threshold, and every
    candidate the rules considered (for the line model's features)."""
    text, view_map, view, matches = v.text, v.map, v.view, v.matches
    if not matches:
        return (), []
    floor = cfg.threshold
    # Clusters never cross a blank line, so only paragraphs whose hits could
    # add up to one are cut into items (most of a clean page is skipped).
    items: list[Item] = []
    for a, b, hits in paragraphs_with_hits(view, matches):
        weight = sum(h.entry.weight for h in hits)
        if weight >= MIN_PARAGRAPH_WEIGHT or any(h.entry.marker for h in hits):
            para_items = join_spanned(view, cut_items(view, a, b), hits)
            assign_hits(para_items, hits)
            items.extend(split_glued(view, para_items))

    proposed: list[RuleCandidate] = []
    for run in runs(view, items):
        proposed.extend(cluster_marker.candidates(view, items, run, cfg))
        proposed.extend(cluster_keywords.candidates(view, items, run, cfg))
    considered = list(proposed)
    clusters = _merge(view, [cluster_contact.extend(view, c) for c in proposed if c.score >= floor])
    dense = page_keyword_density.candidates(view, matches, clusters)
    titles = title_injection.candidates(view, matches)
    chains = inline_chain.candidates(view, matches)
    splices = inline_splice.candidates(view, matches)
    considered.extend((*dense, *titles, *chains, *splices))
    # One finding per stretch, the broader form first: a cluster, advert
    # prose, an injected title, then a phrase (a chain that is also a splice
    # is one phrase).
    page = [c for c in dense if c.score >= floor]
    title = _outside([c for c in titles if c.score >= floor], [*clusters, *page])
    inline = _outside(
        _disjoint([c for c in (*chains, *splices) if c.score >= floor]),
        [*clusters, *page, *title],
    )
    clusters_and_titles = sorted([*clusters, *title], key=lambda c: c.a)
    findings = [_finding(text, view_map, items, c, "cluster") for c in clusters_and_titles]
    findings += [_finding(text, view_map, items, c, "inline") for c in inline]
    findings += [_finding(text, view_map, items, c, "page") for c in page]
    findings.sort(key=lambda f: f.start)
    return tuple(findings), considered


def _outside(cands: list[RuleCandidate], taken: list[RuleCandidate]) -> list[RuleCandidate]:
    """The candidates that overlap none of ``taken``."""
    return [c for c in cands if not any(c.a < t.b and t.a < c.b for t in taken)]


def _disjoint(cands: list[RuleCandidate]) -> list[RuleCandidate]:
    """The best of overlapping inline candidates (a chain that is also a
    splice is one phrase), in text order."""
    kept: list[RuleCandidate] = []
    for c in sorted(cands, key=lambda c: (-c.score, c.a)):
        if not any(c.a < k.b and k.a < c.b for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.a)


def _merge(view: str, cands: list[RuleCandidate]) -> list[RuleCandidate]:
    """Merge overlapping candidates and those separated by separators only.

    A merged candidate scores its best part's score; the other parts' clues
    stay as evidence of where it reaches, contributing nothing, so that the
    contributions still add up to the score.
    """
    out: list[RuleCandidate] = []
    for c in sorted(cands, key=lambda c: (c.a, -c.b)):
        if out:
            last = out[-1]
            gap = view[last.b : c.a] if c.a > last.b else ""
            if c.a <= last.b or (not _CHUNK.search(gap) and gap.count("\n") < 2):
                best, other = (c, last) if c.score > last.score else (last, c)
                # A marker part names the finding (the more telling rule); the
                # score is the best part's, whose clues carry it.
                rule = RULE_MARKER if RULE_MARKER in (c.rule, last.rule) else best.rule
                out[-1] = RuleCandidate(
                    min(last.a, c.a),
                    max(last.b, c.b),
                    rule,
                    best.score,
                    (*last.items, *c.items),
                    (
                        *best.evidence,
                        *(dataclasses.replace(e, contribution=0.0) for e in other.evidence),
                    ),
                    (*last.hits, *c.hits),
                )
                continue
        out.append(c)
    return [dataclasses.replace(c, items=tuple(sorted(set(c.items)))) for c in out]


def _finding(
    text: str, view_map: Folded, items: list[Item], c: RuleCandidate, kind: FindingKind
) -> SpamFinding:
    b_view = extend_trailing_separator(view_map.text, c.b) if kind == "cluster" else c.b
    start, end = view_map.span(c.a, b_view)
    hits = [h for i in c.items for h in items[i].hits] if c.items else c.hits
    cats = Counter(h.entry.category for h in hits)
    categories = tuple(cat for cat, _ in cats.most_common())
    keyword_list = tuple(dict.fromkeys(h.entry.keyword for h in hits))
    # Title items: the marker item (主站蜘蛛池模板) is no title of its own.
    n_items = (
        sum(1 for i in c.items if items[i].size >= 2 and not items[i].marker) if c.items else 1
    )
    evidence = tuple(
        Evidence(e.rule, *view_map.span(e.a, e.b), e.contribution, e.message) for e in c.evidence
    )
    excerpt = text[start:end]
    if len(excerpt) > 60:
        excerpt = excerpt[:57] + "..."
    if kind == "cluster":
        message = (
            f"{n_items} keyword titles ({', '.join(categories) or 'no category'}): {excerpt!r}"
        )
    elif kind == "inline":
        message = f"spam phrase spliced into the text: {excerpt!r}"
    else:
        message = f"advert prose ({', '.join(categories)}): {c.evidence[0].message}"
    return SpamFinding(
        start=start,
        end=end,
        kind=kind,
        rule=c.rule,
        score=c.score,
        categories=categories,
        keywords=keyword_list,
        items=n_items,
        message=message,
        evidence=evidence,
    )
