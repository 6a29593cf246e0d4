"""The HTML rules: hidden spam text (``html.hidden_spam``), link farms (``html.link_farm``).

Both read the parts of an :class:`~segtext.html.records.HtmlDocument` and the
lexicon hits in them, taken from the matching view the spam stage matched
(:class:`~segtext.spam.view.View`); :func:`finding` also places the text pipeline's
findings on the page.
"""

from __future__ import annotations

from segtext.config import HtmlConfig
from segtext.html.records import HtmlDocument, HtmlFinding
from segtext.html.urls import site_key
from segtext.lexicon import Match
from segtext.report import Evidence, Report, SpamFinding
from segtext.spam import STRONG_ITEM, WEAK_ITEM
from segtext.spam.items import best_cover
from segtext.spam.view import View

# --- rule constants ------------------------------------------------------------
# The thresholds are fields of HtmlConfig (config.py); these names are their
# defaults, importable from segtext.html as before the config existed.

_DEFAULT = HtmlConfig()
#: Lexicon weight of the distinct keywords in one hidden element that makes it
#: spam on its own, when there are at least two and one is strong (weight 1 or
#: more): 赌场 and 六合彩 hidden in a paragraph are spam; 免费, 视频 and 下载 in
#: a hidden menu (0.5 + 0.3 + 0.3) are not.
HIDDEN_KEYWORD_WEIGHT = _DEFAULT.hidden_keyword_weight
HIDDEN_MIN_KEYWORDS = _DEFAULT.hidden_min_keywords
#: Non-link text (non-space characters) allowed between two links of one run.
LINK_RUN_GAP = _DEFAULT.link_run_gap
#: Link runs: distinct foreign hosts from which the domain evidence counts, and
#: at which it is full; keyword links for full keyword evidence (1.0); the
#: fewest links of a run that counts as hidden when half of them are.
LINK_MIN_HOSTS = _DEFAULT.link_min_hosts
LINK_FULL_HOSTS = _DEFAULT.link_full_hosts
LINK_FULL_KEYWORDS = _DEFAULT.link_full_keywords
LINK_MIN_HIDDEN = _DEFAULT.link_min_hidden
#: Evidence weights, on the scale of the text findings' scores (a finding is
#: reported at 1.0): many foreign hosts alone, or a mostly hidden run alone,
#: is half of it; with keyword link texts (up to 1.0) either makes a finding.
LINK_DOMAINS_WEIGHT = 0.5
LINK_HIDDEN_WEIGHT = 0.5
#: Characters of a link text quoted in a link-farm message.
_LINK_TEXT_EXCERPT = 20


def keyword_hits(doc: HtmlDocument, view: View) -> dict[int, list[Match]]:
    """Lexicon hits per part (in document coordinates), from the spam stage's view.

    ``view`` is the matching view of ``doc.text`` (:func:`make_view`), the one
    the text pipeline matched on: the page is folded and matched once.
    """
    if not doc.parts:
        return {}
    out: dict[int, list[Match]] = {}
    for m in view.matches:
        a, b = view.map.span(m.start, m.end)
        i = doc.part_at(a)
        if i is None or b > doc.parts[i].end:
            continue
        out.setdefault(i, []).append(Match(a, b, m.entry))
    return out


def _cover(hits: list[Match]) -> list[Match]:
    """Best non-overlapping hits (the text rules' choice), in text order."""
    return sorted(best_cover(hits), key=lambda h: h.start)


def _excerpt(s: str, limit: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def finding(
    doc: HtmlDocument,
    rule: str,
    score: float,
    span: tuple[int, int],
    message: str,
    *,
    evidence: tuple[Evidence, ...] = (),
    finding: SpamFinding | None = None,
    element: str | None = None,
) -> HtmlFinding:
    start, end = span
    idx = doc.parts_in(start, end)
    first = start
    while first < end and doc.text[first].isspace():
        first += 1
    line, col = doc.source_position(first)
    part = doc.parts[idx[0]] if idx else None
    reasons = [doc.parts[i].reason for i in idx if doc.parts[i].reason]
    return HtmlFinding(
        rule=rule,
        score=score,
        part=part.kind if part else "body",
        element=element or doc.container(idx),
        line=line,
        col=col,
        start=start,
        end=end,
        message=message,
        parts=tuple(idx),
        reason=reasons[0] if reasons else None,
        evidence=evidence,
        finding=finding,
    )


def hidden_findings(
    doc: HtmlDocument,
    report: Report,
    hits: dict[int, list[Match]],
    threshold: float,
    cfg: HtmlConfig = _DEFAULT,
) -> tuple[list[HtmlFinding], list[SpamFinding]]:
    """``html.hidden_spam`` findings, and the text findings they take in.

    A text finding that starts in a hidden element is the same spam at the
    same place: it is reported once, as the element's ``html.hidden_spam``
    finding, which then covers it whole and carries it (``finding``, for its
    categories and keywords). The caller leaves those out of its own list.
    """
    taken: list[SpamFinding] = []
    groups: dict[int, list[int]] = {}
    for i, p in enumerate(doc.parts):
        if p.hidden_id >= 0:
            groups.setdefault(p.hidden_id, []).append(i)
    out = []
    for idxs in groups.values():
        first, last = doc.parts[idxs[0]], doc.parts[idxs[-1]]
        a, b = first.start, last.end
        words: dict[str, float] = {}
        for i in idxs:
            for h in _cover(hits.get(i, [])):
                words[h.entry.keyword] = h.entry.weight
        weight = sum(words.values())
        inner = [f for f in report.spam if f.start < b and a < f.end]
        strong = any(w >= STRONG_ITEM for w in words.values())
        kw_score = (
            weight / cfg.hidden_keyword_weight
            if len(words) >= cfg.hidden_min_keywords and strong
            else 0.0
        )
        score = max([kw_score, *(f.score for f in inner)])
        if score < threshold:
            continue
        ev = [
            Evidence(
                "hidden.keywords",
                a,
                b,
                weight,
                f"{len(words)} spam keyword(s) in hidden text: {'、'.join(list(words)[:8])}",
            )
        ]
        ev += [
            Evidence("hidden.finding", f.start, f.end, f.score, f"{f.rule} inside the hidden text")
            for f in inner
        ]
        same = [f for f in inner if _starts_in(doc, f, first.hidden_id)]
        taken += same
        out.append(
            finding(
                doc,
                "html.hidden_spam",
                score,
                (min([a, *(f.start for f in same)]), max([b, *(f.end for f in same)])),
                f"spam text hidden by {first.reason} on {first.hidden_by}",
                evidence=tuple(ev),
                finding=max(same, key=lambda f: f.score) if same else None,
                element=first.hidden_by,
            )
        )
    return out, taken


def _starts_in(doc: HtmlDocument, f: SpamFinding, hidden_id: int) -> bool:
    """Whether the first non-space character of ``f`` is text of hidden element ``hidden_id``."""
    pos = f.start
    while pos < f.end and doc.text[pos].isspace():
        pos += 1
    i = doc.part_at(pos)
    return i is not None and doc.parts[i].hidden_id == hidden_id


def _link_runs(doc: HtmlDocument, gap_limit: int) -> list[list[int]]:
    """Parts of links that follow each other with little other text between.

    A run ends at more than ``gap_limit`` characters of other text, at a
    title, meta or script part, where links go from hidden to shown (or to
    another hidden element), and at a line break after which links sit in a
    differently named container (the partner links of one ``div`` and the
    link farm in the next are two runs; the items of one list are one).
    """
    runs: list[list[int]] = []
    cur: list[int] = []
    gap = 0
    for i, p in enumerate(doc.parts):
        if p.link_id >= 0:
            if cur:
                q = doc.parts[cur[-1]]
                if q.hidden_id != p.hidden_id or (
                    q.element != p.element and "\n" in doc.text[q.end : p.start]
                ):
                    runs.append(cur)
                    cur = []
            cur.append(i)
            gap = 0
            continue
        if not cur:
            continue
        if p.kind in ("title", "meta_keywords", "meta_description", "script"):
            gap = gap_limit + 1
        else:  # part texts have their whitespace collapsed to single spaces
            gap += len(p.text) - p.text.count(" ")
        if gap > gap_limit:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def link_findings(
    doc: HtmlDocument,
    hits: dict[int, list[Match]],
    threshold: float,
    cfg: HtmlConfig = _DEFAULT,
) -> list[HtmlFinding]:
    out = []
    site = site_key(doc.site) if doc.site else None
    for run in _link_runs(doc, cfg.link_run_gap):
        links: dict[int, list[int]] = {}
        for i in run:
            links.setdefault(doc.parts[i].link_id, []).append(i)
        n = len(links)
        if n < cfg.link_min_links:
            continue
        hosts: set[str] = set()
        hidden = 0
        k = 0.0
        kw_texts: list[str] = []
        for idxs in links.values():
            p = doc.parts[idxs[0]]
            if p.href_domain and (site is None or site_key(p.href_domain) != site):
                hosts.add(p.href_domain)
            if any(doc.parts[i].hidden_id >= 0 for i in idxs):
                hidden += 1
            w = sum(h.entry.weight for i in idxs for h in _cover(hits.get(i, [])))
            if w >= STRONG_ITEM:
                k += 1.0
            elif w >= WEAK_ITEM:
                k += 0.5
            if w >= WEAK_ITEM:
                kw_texts.append(
                    _excerpt("".join(doc.parts[i].text for i in idxs), _LINK_TEXT_EXCERPT)
                )
        a, b = doc.parts[run[0]].start, doc.parts[run[-1]].end
        ev: list[Evidence] = []
        score = 0.0
        if len(hosts) >= cfg.link_min_hosts:
            w = LINK_DOMAINS_WEIGHT * min(1.0, len(hosts) / cfg.link_full_hosts)
            score += w
            ev.append(
                Evidence(
                    "link_farm.domains", a, b, w, f"{n} links go to {len(hosts)} foreign hosts"
                )
            )
        if k >= cfg.link_min_keyword_links:
            w = min(1.0, k / cfg.link_full_keywords)
            score += w
            ev.append(
                Evidence(
                    "link_farm.keywords",
                    a,
                    b,
                    w,
                    f"{k:g} link texts carry spam keywords: {', '.join(kw_texts[:5])}",
                )
            )
        if n >= cfg.link_min_hidden and hidden * 2 >= n:
            score += LINK_HIDDEN_WEIGHT
            ev.append(
                Evidence(
                    "link_farm.hidden",
                    a,
                    b,
                    LINK_HIDDEN_WEIGHT,
                    f"{hidden} of {n} links are hidden",
                )
            )
        if score < threshold:
            continue
        first = doc.parts[run[0]]
        all_hidden = len({doc.parts[i].hidden_id for i in run}) == 1 and first.hidden_id >= 0
        out.append(
            finding(
                doc,
                "html.link_farm",
                score,
                (a, b),
                f"a run of {n} links to {len(hosts)} foreign hosts, {k:g} with spam keyword texts"
                + (f", hidden by {first.reason}" if hidden * 2 >= n else ""),
                evidence=tuple(ev),
                element=first.hidden_by if all_hidden else doc.container(run),
            )
        )
    return out
