"""``detect_spam``: the lexicon rules and the learned line model, combined.

1. The page is folded into its matching view (:func:`make_view`) and the
   lexicon rules find keyword clusters, inline chains and advert prose
   (:mod:`segtext.spam.lexical`); their findings that reach the threshold are
   reported with their exact spans.
2. Every candidate line gets a score from the fitted line model
   (:mod:`segtext.spam.model`, :mod:`segtext.spam.features`): the lexicon
   rules' scores are among its features, beside learned vocabulary and rules
   that need none. Lines that reach the threshold and lie outside the rules'
   findings are reported, consecutive lines as one finding (``kind="lines"``);
   when they make up most of the page, as one page finding (``kind="page"``:
   a doorway or advert page).

One unit for both: a model finding's score is ``1 + logit - t`` where ``t`` is
the model's fitted threshold, so that ``threshold`` (default 1.0) means the
same for both kinds; its evidence lists the bias and every feature's
contribution, and they add up to the score.
"""

from __future__ import annotations

from dataclasses import dataclass

from segtext.config import SpamConfig
from segtext.lexicon import Lexicon, load_lexicon
from segtext.report import Evidence, SpamFinding
from segtext.spam.features import (
    FEATURES,
    PAGE_FEATURES,
    Line,
    line_features,
    page_features,
    page_score,
)
from segtext.spam.lexical import View, lexical_findings, make_view
from segtext.spam.model import Model, load_model

#: Lexicon rule candidates at or above this score feed the line model.
LEXICAL_FLOOR = 0.25
#: A page whose flagged lines make this share of its content lines (and at
#: least PAGE_MIN_LINES of them) is reported as one page finding; the page
#: model speaks only of pages of PAGE_MIN_LINES content lines or more (a line
#: or two is the line model's to judge).
PAGE_SHARE = 0.5
PAGE_MIN_LINES = 3
#: Near misses listed on request: candidates this close below the threshold.
NEAR_MISS_MARGIN = 3.0
NEAR_MISSES = 3
#: Vocabulary entries named in a finding's keywords, the strongest first.
KEYWORDS_SHOWN = 8


@dataclass(frozen=True, slots=True)
class Detection:
    """The findings of a page and, when asked for, its near misses."""

    findings: tuple[SpamFinding, ...]
    near_misses: tuple[SpamFinding, ...] = ()


def detect_spam(
    text: str, config: SpamConfig | None = None, *, lexicon: Lexicon | None = None
) -> tuple[SpamFinding, ...]:
    """The spam findings of ``text`` that reach the threshold, in text order.

    Spans are code-point offsets into ``text``.
    """
    return detect(text, config, lexicon=lexicon).findings


def detect(
    text: str, config: SpamConfig | None = None, *, lexicon: Lexicon | None = None
) -> Detection:
    """Findings and (with ``SpamConfig(near_misses=True)``) near misses."""
    cfg = config or SpamConfig()
    lex = lexicon or load_lexicon(cfg.lexicons, cfg.exclusions)
    if not text:
        return Detection(())
    v = make_view(text, lex)
    found, considered = lexical_findings(v, cfg)
    reported = list(found)
    if not cfg.model:
        return Detection(tuple(reported))
    model = load_model(cfg.model_path)
    lines = line_features(v, model, [c for c in considered if c[2] >= LEXICAL_FLOOR])
    offset = 1.0 - model.threshold
    scored = [(_score(model, ln) + offset, ln) for ln in lines]
    spans = [(f.start, f.end) for f in reported]

    def covered(ln: Line) -> bool:
        a, b = _caller_span(v, ln)
        return any(s < b and a < e for s, e in spans)

    flagged = [(s, ln) for s, ln in scored if s >= cfg.threshold and not covered(ln)]
    findings = list(reported)
    content = sum(1 for line in v.view.split("\n") if line.strip())
    n_flagged = len(flagged) + sum(1 for s, ln in scored if s >= cfg.threshold and covered(ln))
    page_vals = page_features(lines, [s - offset for s, _ in scored], content)
    page = page_score(model, page_vals) + 1.0 - model.page_threshold
    if (
        content >= PAGE_MIN_LINES
        and page >= cfg.threshold
        and _uncovered_share(text, spans) >= PAGE_SHARE
    ):
        findings.append(_doorway_finding(v, model, page, page_vals, content))
    elif flagged and n_flagged >= PAGE_MIN_LINES and n_flagged >= PAGE_SHARE * content:
        findings = [
            _page_finding(
                v,
                model=model,
                offset=offset,
                scored=scored,
                threshold=cfg.threshold,
                content=content,
            )
        ]
    else:
        for group in _groups(v, flagged):
            findings.append(_lines_finding(v, model, offset, group))
    findings.sort(key=lambda f: f.start)
    near: tuple[SpamFinding, ...] = ()
    if cfg.near_misses:
        below = sorted(
            (
                (s, ln)
                for s, ln in scored
                if cfg.threshold - NEAR_MISS_MARGIN <= s < cfg.threshold and not covered(ln)
            ),
            key=lambda x: -x[0],
        )[:NEAR_MISSES]
        near = tuple(
            _lines_finding(v, model, offset, [x]) for x in sorted(below, key=lambda x: x[1].start)
        )
    return Detection(tuple(findings), near)


def _uncovered_share(text: str, spans: list[tuple[int, int]]) -> float:
    """The share of the text's non-space characters outside ``spans``."""
    total = sum(map(len, text.split()))
    if not total or not spans:
        return 1.0
    inside = sum(sum(map(len, text[a:b].split())) for a, b in spans)
    return max(0.0, 1.0 - inside / total)


def _score(model: Model, ln: Line) -> float:
    total = model.bias
    for name in FEATURES:
        total += model.weights.get(name, 0.0) * ln.values.get(name, 0.0)
    return total


def _caller_span(v: View, ln: Line) -> tuple[int, int]:
    line = v.view[ln.start : ln.end]
    lead = len(line) - len(line.lstrip())
    trail = len(line.rstrip())
    return v.map.span(ln.start + lead, ln.start + max(trail, lead))


def _groups(v: View, flagged: list[tuple[float, Line]]) -> list[list[tuple[float, Line]]]:
    """Flagged lines joined into runs (only blank lines between them)."""
    groups: list[list[tuple[float, Line]]] = []
    for item in sorted(flagged, key=lambda x: x[1].start):
        if groups:
            prev = groups[-1][-1][1]
            if not v.view[prev.end : item[1].start].strip():
                groups[-1].append(item)
                continue
        groups.append([item])
    return groups


def _evidence(v: View, model: Model, offset: float, s: float, ln: Line) -> list[Evidence]:
    a, b = _caller_span(v, ln)
    ev = [Evidence("model.bias", a, b, model.bias + offset, "the model's bias, less its threshold")]
    for name in FEATURES:
        c = model.weights.get(name, 0.0) * ln.values.get(name, 0.0)
        if c:
            ev.append(Evidence(f"feature.{name}", a, b, c, _MESSAGES.get(name, name)))
    return ev


def _keywords(v: View, model: Model, lines: list[Line]) -> tuple[str, ...]:
    matcher = model.matcher()
    entries = {k for ln in lines for k in ln.grams if matcher.ratios[k] > 0}
    best = sorted(entries, key=lambda k: (-matcher.ratios[k], matcher.keys[k]))
    return tuple(matcher.keys[k] for k in best[:KEYWORDS_SHOWN])


def _lines_finding(
    v: View, model: Model, offset: float, group: list[tuple[float, Line]]
) -> SpamFinding:
    top_score, top = max(group, key=lambda x: x[0])
    start = _caller_span(v, group[0][1])[0]
    end = _caller_span(v, group[-1][1])[1]
    lines = [ln for _, ln in group]
    ev = _evidence(v, model, offset, top_score, top)
    keywords = _keywords(v, model, lines)
    excerpt = v.text[start:end]
    if len(excerpt) > 60:
        excerpt = excerpt[:57] + "..."
    n = len(group)
    return SpamFinding(
        start=start,
        end=end,
        kind="lines",
        rule="model.lines",
        score=top_score,
        categories=(),
        keywords=keywords,
        items=n,
        message=f"{n} line(s) the line model scores as spam: {excerpt!r}",
        evidence=tuple(ev),
    )


def _doorway_finding(
    v: View, model: Model, page: float, vals: dict[str, float], content: int
) -> SpamFinding:
    view = v.view
    start, end = v.map.span(len(view) - len(view.lstrip()), len(view.rstrip()))
    ev = [
        Evidence(
            "model.page_bias",
            start,
            end,
            model.page_bias + 1.0 - model.page_threshold,
            "the page model's bias, less its threshold",
        )
    ]
    for name in PAGE_FEATURES:
        c = model.page_weights.get(name, 0.0) * vals.get(name, 0.0)
        if c:
            ev.append(Evidence(f"feature.{name}", start, end, c, _MESSAGES.get(name, name)))
    return SpamFinding(
        start=start,
        end=end,
        kind="page",
        rule="model.doorway",
        score=page,
        categories=(),
        keywords=(),
        items=content,
        message=f"the page as a whole scores as a doorway or advert page ({content} lines)",
        evidence=tuple(ev),
    )


def _page_finding(
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
    ev = _evidence(v, model, offset, top_score, top)
    ev.append(
        Evidence(
            "page.share",
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
        rule="model.page",
        score=top_score,
        categories=(),
        keywords=_keywords(v, model, [ln for _, ln in all_flagged]),
        items=len(all_flagged),
        message=f"{len(all_flagged)} of {content} lines score as spam: a doorway or advert page",
        evidence=tuple(ev),
    )


_MESSAGES = {
    "vocab.sum": "learned spam vocabulary in the line (sum of its entries' log-count ratios)",
    "vocab.mean": "learned spam vocabulary per entry found",
    "vocab.top": "the line's strongest learned spam entry",
    "vocab.title": "spam vocabulary in the title slot (first line)",
    "vocab.items": "spam vocabulary in short items",
    "vocab.contact": "spam vocabulary beside contacts or domains",
    "context.neighbours": "spam vocabulary in the lines next to it",
    "context.page": "spam vocabulary over the whole page",
    "context.page_share": "share of the page's lines with spam vocabulary",
    "context.page_top": "the page's three most spam-like lines",
    "position.first": "first line of the page (the title slot)",
    "position.last": "last line of the page (the footer)",
    "items.count": "how many items the line is cut into",
    "items.short": "share of short, title-like items",
    "items.separator": "items joined by one repeated separator",
    "items.repeat": "items repeating the same substrings",
    "items.glued": "a long run of Han characters with no separator or function word",
    "contact.markers": "contact markers (QQ, WeChat, Telegram, LINE, KakaoTalk...)",
    "contact.phone": "a phone-like run of digits",
    "contact.evasion": "how to reach a site without a link (网址 written 网纸, type it by hand...)",
    "vocab.repeated": "a spam entry repeated over the page (keyword stuffing)",
    "link.domains": "domains and URLs",
    "symbols.emoji": "emoji and arrows",
    "prose.function_words": "Chinese function words at prose density",
    "prose.sentences": "sentence ends, as in prose",
    "prose.stop_words": "function words of space-separated languages",
    "line.length": "the line's length",
    "script.foreign": "a script other than the page's own",
    "lexicon.weight": "lexicon keywords in the line",
    "lexicon.rule": "a lexicon rule's candidate (below its own threshold) on the line",
    "topic.off_page": "Han text that shares little with the rest of the page",
    "page.max_line": "the page's most spam-like line",
    "page.top_lines": "the page's three most spam-like lines",
    "page.flagged_share": "share of the page's lines the line model leans to spam on",
    "page.candidate_share": "share of the page's lines with any spam signal",
    "page.vocab": "learned spam vocabulary over the page",
    "page.vocab_share": "share of lines with learned spam vocabulary",
    "page.domains": "domains and URLs per line",
    "page.contacts": "contact markers per line",
    "page.emoji": "emoji per line",
    "page.prose": "function words of prose on the page's candidate lines",
    "page.lines": "how many lines the page has",
}
