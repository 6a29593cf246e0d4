"""Line features of the spam model: what each line of a page looks like.

One function, :func:`line_features`, turns a page's view into one feature
vector per line; the fitting command and the detector both call it, so the
fitted weights always meet the features they were fitted on. Every value is
scaled to about ``[-1, 1]`` (or ``[0, 1]``), so that a weight reads as the
most a feature can add to a line's score.

Only *candidate* lines get the full set: lines with positive vocabulary
evidence, a lexicon hit, a contact marker or a domain. Every other line is
clean by construction (a line with none of these cannot be spam to this
model), which keeps clean pages cheap.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from segtext.normalize import HAN_RUN
from segtext.report import ScriptRun
from segtext.scripts import script_runs
from segtext.spam import markers
from segtext.spam.items import (
    CRACKDOWN,
    FUNCTION_CHARS,
    SPACED_WORD,
    STOP_WORDS,
    RuleCandidate,
    glued_syllables,
    has_vietnamese,
)
from segtext.spam.model import Model
from segtext.spam.view import View

#: Lines of more items than this are prose: no item features (the repeated
#: substrings of fifty words say nothing and cost the most).
MAX_ITEMS = 30
#: Lexicon keywords of this weight or more count in ``lexicon.cover``, the
#: share of a line they cover: an advert line of strong keywords with no
#: separators between them (``Buy cheap viagra online without prescription,
#: cialis 20mg``) says so through it, where the summed weight saturates.
#: Measured over four fold seeds of bench/spam_eval.py (commit d996d1f):
#: at 2.0 neutral (spam pages 237.5 -> 237.2, other languages 88.0 -> 88.5,
#: clean pages 2.0 -> 2.2, line precision 0.911 -> 0.912, recall 0.709 ->
#: 0.708); at 1.0 (the weight of a title) clean pages 2.5, precision 0.907.
COVER_WEIGHT = 2.0
#: Lines after the first content line that still count as the title slot.
TITLE_SLOT_LINES = 2

#: Evidence for spam in the vocabulary (the sum of a line's entries' ratios
#: for spam) that makes a line a candidate on its own.
CANDIDATE_VOCAB = 2.0

#: The features, in the order their contributions are summed and listed.
FEATURES: tuple[str, ...] = (
    "vocab.sum",
    "vocab.mean",
    "vocab.top",
    "vocab.title",
    "vocab.items",
    "vocab.contact",
    "vocab.repeated",
    "context.neighbours",
    "context.page",
    "context.page_share",
    "context.page_top",
    "position.first",
    "position.last",
    "items.count",
    "items.short",
    "items.separator",
    "items.repeat",
    "items.enumerated",
    "items.dangling",
    "items.glued",
    "items.glued_syllables",
    "contact.markers",
    "contact.id",
    "contact.phone",
    "contact.evasion",
    "contact.disguised",
    "contact.bracketed",
    "link.domains",
    "link.referral",
    "symbols.emoji",
    "prose.function_words",
    "prose.sentences",
    "prose.stop_words",
    "prose.crackdown",
    "line.length",
    "script.foreign",
    "noise.code",
    "lexicon.weight",
    "lexicon.cover",
    "lexicon.rule",
    "topic.off_page",
)

_RUN = re.compile(r"[^\W_]+")
_HAN = regex.compile(r"\p{Han}")
_HAN_RUN = regex.compile(r"\p{Han}+")
_FUNCTION_CHAR = re.compile(f"[{''.join(sorted(FUNCTION_CHARS))}]")
_ASCII_LETTERS = re.compile("[a-z]+")
# Item separators: anything not a letter, mark or digit, and letters that
# spammers use as separators between CJK titles (丨 一 ㅣ l | I).
# (A set difference, not a lookbehind per character: the same items, 1.75x
# faster.)
_ITEM = regex.compile(r"[[\p{L}\p{M}\p{N}]--[丨ㅣ]]+", regex.V1)
PHONE = re.compile(r"(?:\d[\s.\-_,/]{0,2}){7,}")
# Emoji, arrows and stars (not box drawing, not the (c) and (R) of footers).
_EMOJI = regex.compile(
    r"[[\p{Extended_Pictographic}\u2190-\u21ff\u2605\u2606]--[\u00a9\u00ae\u2122]]", regex.V1
)
# A Latin token of six or more beside Chinese with five consonants in a row
# (zxcvbnm, kljdfnvcd): a random tag that makes each injected copy unique;
# English and pinyin words have at most four (lengths, zhongzhuang).
_CODE = re.compile(r"(?<![a-z0-9])(?!http|www)[a-z][a-z0-9]{5,}(?![a-z0-9])")
_CONSONANTS = re.compile("[bcdfghjklmnpqrstvwxz]{5}")
_SENTENCE_END = re.compile(r"[。！？!?]|\.(?:\s|$)")
#: What a title that ends on a separator ends on ("...正确引导策略|"): a
#: template whose site name was never filled in.
DANGLING = frozenset("|_｜丨")
# A link that pays its poster or hides where it goes: a query key that
# names a referral, an invitation, an affiliate or a promotion
# (register?invite_code=..., ?ref=..., ?aff=..., yqm/tjm: 邀请码/推荐码 in
# pinyin, code after register), a link shortener (t.cn/..., bit.ly/...), an
# app package to download (.apk). Not ids in general (?id=, ?uid=, ?ch=):
# every site has them.
_REFERRAL = re.compile(
    r"[?&#/](?:invite_?code|invitation_?code|invite|inviter|ref|referral|referrer|ref_?code"
    r"|aff|aff_?id|affiliate|promo|promo_?code|share_?code|yqm|tjm|register\?code)"
    r"=[a-z0-9_-]{4,}"
    r"|(?<![\w.])(?:t\.cn|url\.cn|bit\.ly|tinyurl\.com|goo\.gl|is\.gd|t\.co|dwz\.cn|suo\.im"
    r"|ow\.ly|rebrand\.ly|cutt\.ly|t\.ly|s\.id|shorturl\.at)/\w"
    r"|\.apk\b"
)


def _dangling(line: str) -> bool:
    """Whether ``line`` ends on a separator right after a letter or digit
    (not a spaced navigation bar, ``首页 | 新闻 |``)."""
    end = line.rstrip()
    return len(end) >= 2 and end[-1] in DANGLING and end[-2].isalnum()


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the page and its feature values (empty when not a candidate)."""

    index: int
    start: int  # view offsets
    end: int
    values: dict[str, float]
    grams: tuple[int, ...]  # vocabulary entries found in it (indices)


def _clip(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if x < lo else hi if x > hi else x


def _items(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in _ITEM.finditer(line)]


def _shared_items(line: str, items: list[tuple[int, int]]) -> int:
    """How many items share a character bigram with another item."""
    # Bigrams met in an earlier item, and those met in two items or more:
    # set operations in C (a Counter of every item's bigrams cost 40% more).
    seen: set[str] = set()
    multi: set[str] = set()
    item_grams = []
    for x, y in items:
        w = line[x:y]
        gs = set(map(operator.add, w, w[1:]))
        item_grams.append(gs)
        multi |= seen & gs
        seen |= gs
    return sum(1 for gs in item_grams if not multi.isdisjoint(gs))


#: A number in an item, in digits or Chinese numerals.
_NUMBER = re.compile("[0-9零〇一二三四五六七八九十百千两]+")


def _enumerated(line: str, items: list[tuple[int, int]]) -> int:
    """How many items are one word counted through (一区 二区 三区, 第1章
    第2章): the most common item once its number is taken out, when it
    holds a number and a word (not a date or a phone number, all numbers)."""
    if not _NUMBER.search(line):  # most lines: no number, no list counted through
        return 0
    forms = _tally([_NUMBER.sub("#", line[x:y]) for x, y in items])
    best = max((c for form, c in forms.items() if "#" in form and form.strip("#")), default=0)
    return best if best >= 3 else 0


def _tally(strings: list[str]) -> dict[str, int]:
    """How often each string occurs, in order of first occurrence (a Counter
    of a line's few items costs more to build than the counting)."""
    counts: dict[str, int] = {}
    for x in strings:
        counts[x] = counts.get(x, 0) + 1
    return counts


def _dominant_script(s: str, size: int) -> str:
    """``s``'s main script; ``size`` is the length of its ``_RUN`` matches,
    which the caller has counted already."""
    # stdlib patterns: the page-wide count is taken for every page.
    han = sum(map(len, HAN_RUN.findall(s)))
    latin = sum(map(len, _ASCII_LETTERS.findall(s)))
    return _pick_script(han, latin, size - han - latin)


def _page_script(text: str | None, runs: Sequence[ScriptRun] | None) -> str:
    """The page's main script (han, latin or other) by the length of its runs."""
    if runs is None:
        runs = script_runs(text or "")
    size = {"han": 0, "latin": 0, "other": 0}
    for r in runs:
        if r.script != "Common":
            size[_SCRIPT_GROUP.get(r.script, "other")] += r.end - r.start
    return _pick_script(size["han"], size["latin"], size["other"])


_SCRIPT_GROUP = {"Han": "han", "Latin": "latin"}


def _han_pairs(s: str) -> Counter[str]:
    """Every pair of adjacent Han characters in ``s``, counted."""
    runs = HAN_RUN.findall(s)
    return Counter(itertools.chain.from_iterable(map(operator.add, r, r[1:]) for r in runs))


def _pick_script(han: int, latin: int, other: int) -> str:
    best = max((han, "han"), (latin, "latin"), (other, "other"))
    return best[1] if best[0] else ""


@dataclass(frozen=True, slots=True)
class LineTable:
    """The candidate lines of a page with their features, and how many
    content (non-blank) lines the page has."""

    lines: tuple[Line, ...]
    content: int
    marks: tuple[tuple[int, int], ...] = ()  # view spans of contact markers (markers.scan)


def line_features(
    v: View,
    model: Model,
    lexical: Sequence[RuleCandidate] = (),
    runs: Sequence[ScriptRun] | None = None,
) -> LineTable:
    """Feature vectors of the candidate lines of the view (``\\n``-separated).

    ``runs`` are the caller's text's script runs, when the caller has them
    (they give the page's main script; computed here otherwise).
    """
    view = v.view
    view_lines = view.split("\n")
    # Where each line starts: after the lines before it and their breaks.
    starts = list(itertools.accumulate((len(ln) + 1 for ln in view_lines[:-1]), initial=0))
    n_lines = len(starts)
    ends = [s - 1 for s in starts[1:]] + [len(view)]

    matcher = model.matcher()
    ratios = matcher.ratios
    per_line: dict[int, set[int]] = {}
    occurrences: dict[int, int] = {}  # how often each entry occurs on the page
    excluded = v.excluded
    ex_starts = [x for x, _ in excluded]
    bisect_right = bisect.bisect_right

    def take(found: list[tuple[int, int, int]]) -> None:
        # Every hit of the page passes here: no Counter (its __missing__ is
        # a Python call per new entry), no setdefault (a new set per hit).
        for key, a, b in found:
            if excluded:  # an entry inside an exclusion phrase (成人教育) does not count
                k = bisect_right(ex_starts, a) - 1
                if any(excluded[j][1] >= b for j in range(max(0, k - 3), k + 1)):
                    continue
            li = bisect_right(starts, a) - 1
            keys = per_line.get(li)
            if keys is None:
                per_line[li] = {key}
            else:
                keys.add(key)
            occurrences[key] = occurrences.get(key, 0) + 1

    take(matcher.find(view))
    lex_weight: dict[int, float] = {}
    # What keywords of COVER_WEIGHT or more (decisive alone) cover of each
    # line, in characters, overlaps counted once (matches come sorted by start).
    lex_cover: dict[int, int] = {}
    cover_end: dict[int, int] = {}
    for m in v.matches:
        li = bisect.bisect_right(starts, m.start) - 1
        lex_weight[li] = lex_weight.get(li, 0.0) + m.entry.weight
        if m.entry.weight >= COVER_WEIGHT:
            reach = cover_end.get(li, m.start)
            if m.end > reach:
                lex_cover[li] = lex_cover.get(li, 0) + m.end - max(m.start, reach)
                cover_end[li] = m.end
    # The lexicon rules' best candidate score on each line.
    rule_score: dict[int, float] = {}
    for c in lexical:
        first = bisect.bisect_right(starts, c.a) - 1
        last = bisect.bisect_right(starts, max(c.a, c.b - 1)) - 1
        for li in range(max(first, 0), last + 1):
            rule_score[li] = max(rule_score.get(li, 0.0), c.score)

    # Blank lines (whitespace only), by splitting: a MULTILINE regex for them
    # cost four times as much (isspace() copies nothing, strip() copies the line).
    blank = {i for i, line in enumerate(view_lines) if not line or line.isspace()}
    n_content = n_lines - len(blank)
    if not n_content:
        return LineTable((), 0)
    first_line = bisect.bisect_right(starts, len(view) - len(view.lstrip())) - 1
    last_line = bisect.bisect_right(starts, len(view.rstrip()) - 1) - 1
    # Candidates: lines with enough evidence for spam in the vocabulary, a
    # lexicon hit or rule candidate, a contact, domain or address evasion, and
    # the first and last lines (title slot, footer).
    positive = {li: sum(ratios[k] for k in keys) for li, keys in per_line.items()}
    by_vocab = {li for li, total in positive.items() if total >= CANDIDATE_VOCAB}
    candidates = set(lex_weight) | set(rule_score)
    for li in (first_line, last_line):  # the title slot and the footer, with any sign
        if li in per_line or _EMOJI.search(view, starts[li], ends[li]):
            candidates.add(li)
    found = markers.scan(view, starts)
    contacts, domains, evasions = found.contacts, found.domains, found.evasions
    candidates.update(contacts)
    candidates.update(domains)
    candidates.update(evasions)
    glued: dict[int, int] = {}
    # One scan of the page first (most pages have none), in the windows
    # only: the letters are not ASCII, and every non-ASCII character of the
    # view lies in one.
    if any(has_vietnamese(view[a:b]) for a, b in v.windows):
        glued = {
            li: n for li in range(n_lines) if (n := glued_syllables(view[starts[li] : ends[li]]))
        }
    candidates.update(glued)
    candidates -= blank
    # The entries against spam are looked for on candidate lines only; a line
    # that is one by its vocabulary alone stays one only if its evidence for
    # spam still reaches the bar with the evidence against it (the few spam
    # words of an English article's paragraph do not).
    asked = sorted(candidates | by_vocab)
    take(matcher.find_against(view, [(starts[li], ends[li]) for li in asked]))
    candidates |= {li for li in by_vocab if sum(ratios[k] for k in per_line[li]) >= CANDIDATE_VOCAB}
    sums = {li: sum(ratios[k] for k in per_line.get(li, ())) for li in candidates}
    means = {li: s / (len(per_line.get(li, ())) + 2) for li, s in sums.items()}
    page_mean = sum(means.values()) / n_content
    top_means = sorted(means.values(), reverse=True)[:3]
    page_top = sum(top_means) / 3.0
    tops = {li: max(ratios[k] for k in keys) for li, keys in per_line.items()}
    page_share = sum(1 for x in sums.values() if x > 2.0) / n_content
    page_script = _page_script(v.text if runs is None else None, runs) if n_content > 1 else ""

    def neighbour(li: int, step: int) -> float:
        j = li + step
        while 0 <= j < n_lines and j in blank:
            j += step
        return means.get(j, 0.0) if 0 <= j < n_lines else 0.0

    page_pairs: Counter[str] | None = None
    out: list[Line] = []
    for li in sorted(candidates):
        a, b = starts[li], ends[li]
        line = view[a:b]
        vals: dict[str, float] = {}
        s = sums.get(li, 0.0)
        vals["vocab.sum"] = math.copysign(math.log1p(abs(s)), s) / 4.0
        vals["vocab.mean"] = _clip(means.get(li, 0.0) / 3.0, -1.0, 1.0)
        vals["context.neighbours"] = _clip(
            max(neighbour(li, -1), neighbour(li, 1)) / 3.0, -1.0, 1.0
        )
        vals["context.page"] = _clip(page_mean / 3.0, -1.0, 1.0)
        vals["context.page_share"] = page_share
        vals["context.page_top"] = _clip(page_top / 3.0, -1.0, 1.0)
        vals["vocab.top"] = _clip(tops.get(li, 0.0) / 5.0, -1.0, 1.0)
        vals["position.first"] = 1.0 if li == first_line else 0.0
        vals["position.last"] = 1.0 if li == last_line and li != first_line else 0.0

        items = _items(line)
        size = sum(map(len, _RUN.findall(line)))
        n_items = len(items)
        vals["items.count"] = _clip(math.log1p(n_items) / 4.0)
        if 3 <= n_items <= MAX_ITEMS:
            vals["items.short"] = sum(1 for x, y in items if 2 <= y - x <= 12) / n_items
            gaps = _tally([line[b:a].strip() for (_, b), (a, _) in itertools.pairwise(items)])
            # The most common gap, the first of equals (as Counter.most_common(1)).
            sep, count = max(gaps.items(), key=operator.itemgetter(1))
            vals["items.separator"] = count / (n_items - 1) if sep else 0.0
            vals["items.repeat"] = _shared_items(line, items) / n_items
            vals["items.enumerated"] = _enumerated(line, items) / n_items
        else:
            vals["items.short"] = vals["items.separator"] = vals["items.repeat"] = 0.0
            vals["items.enumerated"] = 0.0
        han_runs = _HAN_RUN.findall(line)
        han = sum(map(len, han_runs))
        func = len(_FUNCTION_CHAR.findall(line))
        longest = max(map(len, han_runs), default=0)
        vals["items.glued"] = _clip((longest - 15) / 35.0) if func <= longest / 25 else 0.0
        vals["items.dangling"] = 1.0 if _dangling(line) else 0.0
        vals["items.glued_syllables"] = _clip(glued.get(li, 0) / 2.0)
        # .get: a Counter's missing key is a Python call (__missing__).
        vals["contact.markers"] = _clip(contacts.get(li, 0) / 3.0)
        vals["contact.id"] = _clip(found.ids.get(li, 0) / 2.0)
        vals["contact.phone"] = 1.0 if PHONE.search(line) else 0.0
        vals["contact.evasion"] = 1.0 if evasions.get(li) else 0.0
        ta, tb = v.map.span(a, b)
        original = v.text[ta:tb]
        vals["contact.disguised"] = _clip(markers.disguised(original) / 2.0)
        vals["contact.bracketed"] = _clip(markers.bracketed(original) / 2.0)
        rep = max((occurrences[k] for k in per_line.get(li, ()) if ratios[k] >= 1.0), default=0)
        vals["vocab.repeated"] = _clip(math.log1p(max(rep - 1, 0)) / 3.0)
        n_domains = domains.get(li, 0)
        vals["link.domains"] = _clip(n_domains / 3.0)
        vals["link.referral"] = 1.0 if n_domains and _REFERRAL.search(line) else 0.0
        vals["symbols.emoji"] = _clip(len(_EMOJI.findall(line)) / 3.0)
        vals["prose.function_words"] = _clip(func / han / 0.15) if han >= 10 else 0.0
        vals["prose.sentences"] = _clip(len(_SENTENCE_END.findall(line)) / 3.0)
        words = SPACED_WORD.findall(line)
        vals["prose.stop_words"] = (
            _clip(sum(1 for w in words if w in STOP_WORDS) / len(words) / 0.4)
            if len(words) >= 5
            else 0.0
        )
        vals["prose.crackdown"] = 1.0 if CRACKDOWN.search(line) else 0.0
        vals["line.length"] = _clip(math.log1p(size) / 7.0)
        script = _dominant_script(line, size)
        vals["script.foreign"] = (
            1.0 if page_script and script and script != page_script and size >= 4 else 0.0
        )
        vals["noise.code"] = (
            _clip(sum(1 for t in _CODE.findall(line) if _CONSONANTS.search(t)) / 2.0)
            if han >= 4
            else 0.0
        )
        vals["lexicon.weight"] = _clip(lex_weight.get(li, 0.0) / 6.0)
        chars = len(line.strip())
        vals["lexicon.cover"] = _clip(lex_cover.get(li, 0) / chars) if chars else 0.0
        vals["lexicon.rule"] = _clip(rule_score.get(li, 0.0) / 3.0)
        off = 0.0
        # Off-topic: asked of the title slot only (the first lines), where a
        # single injected title sits above an article.
        if s > 0 and han >= 6 and n_content > 2 and li <= first_line + TITLE_SLOT_LINES:
            pairs = _han_pairs(line)
            if len(pairs) >= 4:
                if page_pairs is None:
                    page_pairs = _han_pairs(view)
                shared = sum(1 for g, c in pairs.items() if page_pairs[g] > c)
                off = 1.0 - shared / len(pairs)
        vals["topic.off_page"] = off
        vm = max(vals["vocab.mean"], 0.0)
        vals["vocab.title"] = vm * vals["position.first"]
        vals["vocab.items"] = vm * vals["items.short"]
        vals["vocab.contact"] = vm * max(vals["contact.markers"], vals["link.domains"])
        out.append(Line(li, a, b, vals, tuple(sorted(per_line.get(li, ())))))
    return LineTable(tuple(out), n_content, tuple(found.marks))


#: Page features of the page model, in order: how the page's lines score.
PAGE_FEATURES: tuple[str, ...] = (
    "page.max_line",
    "page.top_lines",
    "page.flagged_share",
    "page.candidate_share",
    "page.vocab",
    "page.vocab_share",
    "page.domains",
    "page.contacts",
    "page.emoji",
    "page.prose",
    "page.lines",
)


def page_features(lines: Sequence[Line], scores: Sequence[float], content: int) -> dict[str, float]:
    """What a page's scored lines say about the page as a whole."""
    vals = dict.fromkeys(PAGE_FEATURES, 0.0)
    if not lines or not content:
        return vals
    top = sorted(scores, reverse=True)
    vals["page.max_line"] = _clip(top[0] / 5.0, -2.0, 2.0)
    vals["page.top_lines"] = _clip(sum(top[:3]) / 3.0 / 5.0, -2.0, 2.0)
    vals["page.flagged_share"] = sum(1 for x in scores if x >= 0.0) / content
    vals["page.candidate_share"] = len(lines) / content
    first = lines[0].values
    vals["page.vocab"] = first.get("context.page", 0.0)
    vals["page.vocab_share"] = first.get("context.page_share", 0.0)
    n = float(content)
    vals["page.domains"] = _clip(sum(ln.values.get("link.domains", 0.0) for ln in lines) / n * 3)
    vals["page.contacts"] = _clip(
        sum(ln.values.get("contact.markers", 0.0) for ln in lines) / n * 3
    )
    vals["page.emoji"] = _clip(sum(ln.values.get("symbols.emoji", 0.0) for ln in lines) / n * 3)
    vals["page.prose"] = _clip(
        sum(
            max(ln.values.get("prose.function_words", 0.0), ln.values.get("prose.stop_words", 0.0))
            for ln in lines
        )
        / len(lines)
    )
    vals["page.lines"] = _clip(math.log1p(content) / 5.0)
    return vals


def score(model: Model, values: dict[str, float]) -> float:
    """A line's score: the bias plus every feature's contribution, in order."""
    total = model.bias
    for name in FEATURES:
        total += model.weights.get(name, 0.0) * values.get(name, 0.0)
    return total


def page_score(model: Model, values: dict[str, float]) -> float:
    """A page's score in the page model: its bias plus every contribution."""
    total = model.page_bias
    for name in PAGE_FEATURES:
        total += model.page_weights.get(name, 0.0) * values.get(name, 0.0)
    return total


#: What each feature means, in the words ``check --explain`` shows.
MESSAGES: dict[str, str] = {
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
    "items.enumerated": "items of one word counted through (一区 二区 三区, 第1章 第2章)",
    "items.dangling": "a title that ends on a separator (a template's empty site name)",
    "items.glued": "a long run of Han characters with no separator or function word",
    "items.glued_syllables": "Vietnamese syllables glued into one word (tàiquay)",
    "contact.markers": "contact markers (QQ, WeChat, Telegram, LINE, KakaoTalk...)",
    "contact.id": "a messenger id (wx: abc123, telegram: @name, q647106319)",
    "contact.phone": "a phone-like run of digits",
    "contact.evasion": "how to reach a site without a link (网址 written 网纸, type it by hand...)",
    "contact.disguised": "a number or id in disguise (styled digits, 8O9 for 809, W S M 2 6)",
    "contact.bracketed": "an id, number or contact framed in brackets (【...】)",
    "vocab.repeated": "a spam entry repeated over the page (keyword stuffing)",
    "link.domains": "domains and URLs",
    "link.referral": "a link with a referral code, a link shortener or an app package (.apk)",
    "symbols.emoji": "emoji and arrows",
    "prose.function_words": "Chinese function words at prose density",
    "prose.sentences": "sentence ends, as in prose",
    "prose.stop_words": "function words of space-separated languages",
    "line.length": "the line's length",
    "script.foreign": "a script other than the page's own",
    "noise.code": "random Latin tags beside Chinese (zxcvbnm), which make each copy unique",
    "prose.crackdown": "a word of police news or a warning (查处, 警方, arrested)",
    "lexicon.weight": "lexicon keywords in the line",
    "lexicon.cover": "share of the line that lexicon keywords of weight 2 or more cover",
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
