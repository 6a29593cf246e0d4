"""``detect_spam``: the lexicon rules and the learned line model, combined.

1. The page is folded into its matching view (:func:`make_view`) and the
   lexicon rules find keyword clusters, inline chains and advert prose
   (:mod:`segtext.spam.lexical`); their findings that reach the threshold are
   reported with their exact spans; so are contacts in disguise
   (``contact.disguised``: a marker beside a number written to slip past
   filters), which need no vocabulary.
2. Every candidate line gets a score from the fitted line model
   (:mod:`segtext.spam.model`, :mod:`segtext.spam.features`): the lexicon
   rules' scores are among its features, beside learned vocabulary and rules
   that need none. Lines that reach the threshold and lie outside the rules'
   findings are reported, consecutive lines as one finding (``kind="lines"``,
   which takes in a disguised contact on its lines),
   unless the page model scores the page as a whole (a doorway or advert
   page: one finding of ``kind="page"``; a page already reported needs less,
   ``model_doorway.PAGE_SUPPORT``).

One unit for both: a model finding's score is ``1 + logit - t`` where ``t`` is
the model's fitted threshold, so that ``threshold`` (default 1.0) means the
same for both kinds; its evidence lists the bias and every feature's
contribution, and they add up to the score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from segtext._args import require_str
from segtext.config import SpamConfig
from segtext.lexicon import Lexicon, load_lexicon
from segtext.report import ScriptRun, SpamFinding
from segtext.spam import markers
from segtext.spam.features import (
    Line,
    line_features,
    page_features,
    page_score,
    score,
)
from segtext.spam.lexical import lexical_findings
from segtext.spam.model import load_model
from segtext.spam.rules import contact_disguised, model_doorway, model_lines, model_short_page
from segtext.spam.rules.model_doorway import PAGE_MIN_LINES, PAGE_SUPPORT, UNCOVERED_SHARE
from segtext.spam.view import View, make_view

#: Lexicon rule candidates at or above this score feed the line model.
LEXICAL_FLOOR = 0.25
#: Near misses listed on request: candidates this close below the threshold.
NEAR_MISS_MARGIN = 3.0
NEAR_MISSES = 3


@dataclass(frozen=True, slots=True)
class Detection:
    """The findings of a page and, when asked for, its near misses."""

    findings: tuple[SpamFinding, ...]
    near_misses: tuple[SpamFinding, ...] = ()


def detect_spam(
    text: str, config: SpamConfig | None = None, *, lexicon: Lexicon | None = None
) -> tuple[SpamFinding, ...]:
    """The spam findings of ``text`` that reach the threshold, in text order.

    Spans are code-point offsets into ``text``. Raises ``TypeError`` for a
    non-``str`` text.
    """
    require_str(text, "detect_spam")
    return detect(text, config, lexicon=lexicon).findings


def detect(
    text: str,
    config: SpamConfig | None = None,
    *,
    lexicon: Lexicon | None = None,
    runs: Sequence[ScriptRun] | None = None,
    view: View | None = None,
) -> Detection:
    """Findings and (with ``SpamConfig(near_misses=True)``) near misses.

    ``runs``, the text's script runs when the caller has them, save their
    computation; so does ``view``, the text's matching view
    (:func:`make_view` of ``text`` with this config's lexicon), for a caller
    that matches the page itself too. Raises ``TypeError`` for a non-``str``
    text.
    """
    require_str(text, "detect")
    cfg = config or SpamConfig()
    if view is None:  # the lexicon is loaded (its user files checked) even for ""
        view = make_view(text, lexicon or load_lexicon(cfg.lexicons, cfg.exclusions))
    if not text:
        return Detection(())
    v = view
    found, considered = lexical_findings(v, cfg)

    def disguised(marks: Sequence[tuple[int, int]]) -> list[SpamFinding]:
        spans = [v.map.span(a, b) for a, b in marks]
        return [
            f
            for f in contact_disguised.findings(text, spans)
            if f.score >= cfg.threshold and not _overlaps(f, found)
        ]

    if not cfg.model:
        contacts = disguised(markers.scan(v.view, [0]).marks)
        return Detection(tuple(sorted((*found, *contacts), key=lambda f: f.start)))
    model = load_model(cfg.model_path)
    table = line_features(v, model, [c for c in considered if c.score >= LEXICAL_FLOOR], runs)
    contacts = disguised(table.marks)
    lines, content = table.lines, table.content
    offset = 1.0 - model.threshold
    scored = [(score(model, ln.values) + offset, ln) for ln in lines]
    spans = [(f.start, f.end) for f in found]

    def covered(ln: Line) -> bool:
        return _touches(v, ln, spans)

    flagged = [(s, ln) for s, ln in scored if s >= cfg.threshold and not covered(ln)]
    flagged += model_lines.neighbours(v, scored, flagged, cfg.threshold, covered)
    findings = list(found)
    page_vals = page_features(lines, [s - offset for s, _ in scored], content)
    support = PAGE_SUPPORT if found or contacts or flagged else 0.0
    page = page_score(model, page_vals) + 1.0 - model.page_threshold + support
    if (
        content >= PAGE_MIN_LINES
        and page >= cfg.threshold
        and _uncovered_share(text, spans) >= UNCOVERED_SHARE
    ):
        findings.append(model_doorway.finding(v, model, page, page_vals, content, support=support))
        findings.extend(contacts)
    else:
        lined = [
            model_lines.finding(v, model, offset, group, cfg.threshold)
            for group in model_lines.groups(v, flagged)
        ]
        if not findings and not lined and not contacts and content < PAGE_MIN_LINES:
            # A short page has no page model: two lines leaning to spam are its evidence.
            leaning = model_short_page.leaning(scored, cfg.threshold, covered)
            lined = model_short_page.findings(v, model, offset, leaning, content)
        findings.extend(lined)
        # A contact on a line the model reports is part of that finding.
        findings.extend(c for c in contacts if not _overlaps(c, lined))
    findings.sort(key=lambda f: f.start)
    near: tuple[SpamFinding, ...] = ()
    if cfg.near_misses:
        # Nothing a finding reports is a miss (a neighbour that joined a
        # finding, the lines of a page reported whole, a contact).
        reported = [(f.start, f.end) for f in findings]
        below = sorted(
            (
                (s, ln)
                for s, ln in scored
                if cfg.threshold - NEAR_MISS_MARGIN <= s < cfg.threshold
                and not _touches(v, ln, reported)
            ),
            key=lambda x: -x[0],
        )[:NEAR_MISSES]
        near = tuple(
            model_lines.finding(v, model, offset, [x])
            for x in sorted(below, key=lambda x: x[1].start)
        )
    return Detection(tuple(findings), near)


def _touches(v: View, ln: Line, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether line ``ln``'s text overlaps one of ``spans`` (caller offsets)."""
    a, b = model_lines.caller_span(v, ln)
    return any(s < b and a < e for s, e in spans)


def _overlaps(f: SpamFinding, others: Sequence[SpamFinding]) -> bool:
    return any(f.start < g.end and g.start < f.end for g in others)


def _uncovered_share(text: str, spans: list[tuple[int, int]]) -> float:
    """The share of the text's non-space characters outside ``spans``."""
    total = sum(map(len, text.split()))
    if not total or not spans:
        return 1.0
    inside = sum(sum(map(len, text[a:b].split())) for a, b in spans)
    return max(0.0, 1.0 - inside / total)
