"""SEO-spam detection: keyword hits -> title items -> clusters -> findings.

Injected spam on Chinese pages takes a few forms: a run of porn, gambling
or piracy *titles* joined by separators (in the title slot, after a
``蜘蛛池`` marker in the footer, fused with the site's navigation), or a
lottery phrase spliced into a headline. The detector works on structure
first and words second, so that innocent pages that merely mention a risky
word (成人教育, 毛片 of a shuttlecock, 澳门 in the news) stay clean:

1. The text is folded (NFKC, lower case, invisible characters removed,
   Traditional made Simplified, other scripts' digits made ASCII) and
   *character spacing* is undone (``毛 片`` or ``毛.片`` -> ``毛片``), each step
   keeping an exact map back to the caller's text.
2. Lexicon keywords are found in the folded text (Aho-Corasick; Latin
   keywords only on word boundaries; hits inside an exclusion phrase drop).
3. The text is cut into *items*: stretches of letters and digits between
   separators (``|`` ``_`` ``-`` ``,`` ``、`` spaces, the `` I `` separator...).
   Each item gets the weight of its best non-overlapping hits (capped).
4. Rules, each with an id that findings carry:

   - ``cluster.keywords``: a stretch of short items of which most carry spam
     keywords (at least ``min_items`` do);
   - ``cluster.marker``: a spider-pool marker item (``主站蜘蛛池模板:``)
     followed by at least ``min_items`` short title items, whatever they say
     (a link farm of county names is spam by structure);
   - ``cluster.contact``: a line of advert contacts (QQ, WeChat, Telegram,
     account-opening, a domain) next to a cluster joins it;
   - ``inline.chain``: a chain of adjacent keywords with an ``inline``
     keyword (``澳门六开彩开奖结果历史查询``) inside ordinary prose.

   Prose evidence (Chinese function characters such as 的, 了, 是 at prose
   density) lowers a cluster's score.

Scores: a finding is reported when its score reaches the threshold (1.0 by
default). For a keyword cluster the score is ``k / min_items`` scaled by how
dense the keyword items are (full at a density of 0.6 or more) and by the
prose factor, where ``k`` counts spam items (half for weak ones); three
strong items in a row score 1.0. Spans are code-point offsets into the
caller's text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import regex

from segtext.config import SpamConfig
from segtext.lexicon import Lexicon, Match, load_lexicon
from segtext.normalize import HAN_RUN, Folded, compose, delete_spans, fold
from segtext.report import Evidence, SpamFinding

FindingKind = Literal["cluster", "inline", "page"]

# An item: letters, digits and marks, possibly joined by . ' & + @ # % : inside.
_ITEM = regex.compile(r"[\p{L}\p{N}\p{M}]+(?:[.'&+@#%:][\p{L}\p{N}\p{M}]+)*", regex.V1)
_CHUNK = regex.compile(r"[\p{L}\p{N}]+")
# A letter or digit standing alone (the standard `re` module's [^\W_] is
# letters and digits; it scans this about twice as fast as `regex`).
_SINGLE = re.compile(r"(?<![^\W_])[^\W_](?![^\W_])")
# Four characters separated by short gaps of spacer characters (spaces, dots,
# stars, bars, slashes, commas, dashes, bullets: what evasion puts between
# characters, after folding), the first not ASCII: the sign of spaced-out CJK
# keywords. A false start only costs the full check in despace().
_SPACED_CJK = re.compile(r"[^\W\x00-\x7f](?:[ ._*|/\\,·•\-]{1,3}[^\W_]){3}(?![^\W_])")
# What _SPACED_CJK needs (its middle chunk: one letter or digit between two
# separators), with a class first, which re scans for in C: 3.5 us on a bench
# page against 17 us for _SPACED_CJK.
_SPACED_GATE = re.compile(r"[ ._*|/\\,·•\-][^\W_][ ._*|/\\,·•\-]")
# Counted by runs with the standard `re` (one match per run, not per
# character): Han by the generated script table, letters and digits as
# str.isalnum has them (both checked equal over every code point).
_ALNUM_RUN = re.compile(r"[^\W_]+")
# Function characters of Chinese prose (rare in keyword titles).
_FUNCTION_CHARS = frozenset("的了是在和有我他她们这就也都而但被把着过很说")
_CONTACT = regex.compile(
    r"(?:\bq{1,2}\s*+(?:[:：]\s*+)?\d{5,}|微信|薇信|威信|薇[:：]|\bv[x信]|\bwx\b|飞机\s*+@"
    r"|telegram|\btg\s*+@|开户|客服"
    r"|(?<![a-z0-9-])[a-z0-9-]{2,}+\.(?:com|net|cc|vip|top|xyz|me|tv|app|co|bet)\b)"
)

# A capital I standing alone between Chinese titles is a separator
# ("日韩福利 I 亚洲精品"), like "|"; folded text has it lower-cased.
_I_SEPARATOR = regex.compile(r"i(?=\s{1,3}[\p{Han}\p{N}])(?<=[\p{Han}\p{N}]\s{1,3}i)")
# What _I_SEPARATOR needs, found by the faster stdlib engine first (re's \s
# takes in all of regex's \s): an "i" between spaces, and in ASCII text
# a digit on each side. The gate starts with a literal, which re scans for
# in C: 7 us on a bench page against 25 us for _I_SEPARATOR itself.
_I_GATE = re.compile(r"i(?<=\si)(?=\s)")
_I_SEPARATOR_ASCII = re.compile(r"[0-9]\s{1,3}i\s{1,3}[0-9]")

MAX_ITEM = 40  # letters/digits; a longer item is prose, not a title
MAX_GAP_ITEMS = 3  # non-spam items tolerated between spam items of one cluster
STRONG_ITEM = 1.0  # an item weighing this much is a spam title
WEAK_ITEM = 0.5  # ... this much, half of one
ITEM_CAP = 3.0


@dataclass(slots=True)
class _Item:
    start: int  # in the view (folded) text
    end: int
    size: int  # letters and digits
    han: int
    weight: float = 0.0
    hits: list[Match] = field(default_factory=list)
    marker: bool = False

    @property
    def spam(self) -> float:
        if self.weight >= STRONG_ITEM:
            return 1.0
        if self.weight >= WEAK_ITEM:
            return 0.5
        return 0.0


def despace(text: str, windows: list[tuple[int, int]] | None = None) -> Folded:
    """Undo character spacing (``毛 片 视 频`` -> ``毛片视频``) with a map.

    A stretch of at least four single-character chunks, separated by short
    gaps on one line, is character-spaced; the gap that occurs most often in
    it is the spacer and is removed (other gaps stay: they separate items).
    ``windows`` (spans around the non-ASCII text) limit where it is looked
    for; the undoing itself, once triggered, covers the whole text.
    Only spacing that starts at a non-ASCII character triggers the work:
    spacing is an evasion of CJK keywords, and English prose is full of lone
    "a" and "I".
    """
    spans = [(0, len(text))] if windows is None else windows
    if not any(
        _SPACED_GATE.search(text, a, b) and _SPACED_CJK.search(text, a, b) for a, b in spans
    ):
        # No four spaced characters in a row from a CJK one: nothing to undo.
        return Folded(text, len(text))
    chunks = [(m.start(), m.end()) for m in _SINGLE.finditer(text)]
    if len(chunks) < 4:
        return Folded(text, len(text))
    drops: list[tuple[int, int]] = []
    i = 0
    while i < len(chunks):
        j = i
        while j + 1 < len(chunks):
            a_end = chunks[j][1]
            b_start = chunks[j + 1][0]
            gap = text[a_end:b_start]
            if not 0 < len(gap) <= 3 or "\n" in gap or _CHUNK.search(gap):
                break
            j += 1
        if j - i + 1 >= 4:
            gaps = [(chunks[k][1], chunks[k + 1][0]) for k in range(i, j)]
            spacer, _ = Counter(text[a:b] for a, b in gaps).most_common(1)[0]
            drops.extend((a, b) for a, b in gaps if text[a:b] == spacer)
        i = j + 1
    return delete_spans(text, drops)


_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n")


def _paragraphs_with_hits(view: str, matches: list[Match]) -> list[tuple[int, int, list[Match]]]:
    """``(start, end, hits)`` of each blank-line-separated paragraph with hits."""
    bounds = [0]
    for m in _BLANK_LINE.finditer(view):
        bounds.append(m.end())
    bounds.append(len(view) + 1)
    out: list[tuple[int, int, list[Match]]] = []
    bi = 0
    for mt in matches:
        while bounds[bi + 1] <= mt.start:
            bi += 1
        if out and out[-1][0] == bounds[bi]:
            out[-1][2].append(mt)
        else:
            out.append((bounds[bi], min(bounds[bi + 1], len(view)), [mt]))
    return out


def _items(view: str, start: int = 0, end: int | None = None) -> list[_Item]:
    out = []
    for m in _ITEM.finditer(view, start, len(view) if end is None else end):
        s = m.group()
        if s.isascii():
            han = 0
            size = len(s) - sum(s.count(c) for c in ".'&+@#%:")
        else:
            han = sum(map(len, HAN_RUN.findall(s)))
            size = sum(map(len, _ALNUM_RUN.findall(s)))
        out.append(_Item(m.start(), m.end(), size, han))
    return out


def _assign_hits(items: list[_Item], matches: list[Match]) -> None:
    starts = [it.start for it in items]
    per_item: dict[int, list[Match]] = {}
    for mt in matches:
        idx = bisect.bisect_right(starts, mt.start) - 1
        if idx < 0 or mt.end > items[idx].end:
            continue  # a hit across items or in a separator does not count
        per_item.setdefault(idx, []).append(mt)
    for idx, hits in per_item.items():
        item = items[idx]
        # Best non-overlapping hits: heavier first, then longer.
        chosen: list[Match] = []
        taken: list[tuple[int, int]] = []
        for mt in sorted(hits, key=lambda h: (-h.entry.weight, -(h.end - h.start), h.start)):
            if any(mt.start < b and a < mt.end for a, b in taken):
                continue
            chosen.append(mt)
            taken.append((mt.start, mt.end))
        item.hits = sorted(chosen, key=lambda h: h.start)
        item.weight = min(ITEM_CAP, sum(h.entry.weight for h in chosen))
        item.marker = any(h.entry.marker for h in hits)


def _hard_break(view: str, a: int, b: int) -> bool:
    """Whether the gap ``view[a:b]`` between two items ends a run."""
    gap = view[a:b]
    return gap.count("\n") >= 2 or "。" in gap


def _tiling(windows: list[tuple[int, int]], n: int) -> Iterator[tuple[int, int]]:
    """Windows and the gaps between them: spans that cover ``[0, n)`` in order."""
    pos = 0
    for a, b in windows:
        if pos < a:
            yield pos, a
        yield a, b
        pos = b
    if pos < n:
        yield pos, n


def _runs(view: str, items: list[_Item]) -> list[list[int]]:
    """Indices of items grouped into runs of short items."""
    runs: list[list[int]] = []
    cur: list[int] = []
    prev_end = 0
    for idx, it in enumerate(items):
        if it.size > MAX_ITEM or (cur and _hard_break(view, prev_end, it.start)):
            if cur:
                runs.append(cur)
            cur = []
        if it.size <= MAX_ITEM:
            cur.append(idx)
        prev_end = it.end
    if cur:
        runs.append(cur)
    return runs


def _prose_factor(view: str, items: list[_Item], idxs: list[int]) -> tuple[float, float]:
    """1.0 for keyword titles, falling to 0 at the function-word density of prose.

    Function characters inside keyword hits do not count (在 of 在线 is no
    prose); the ratio is taken over all Han characters of the items.
    """
    han = 0
    func = 0
    for i in idxs:
        it = items[i]
        text = view[it.start : it.end]
        han += it.han
        inside = {p for h in it.hits for p in range(h.start - it.start, h.end - it.start)}
        func += sum(1 for p, c in enumerate(text) if c in _FUNCTION_CHARS and p not in inside)
    if han == 0:
        return 1.0, 0.0
    ratio = func / han
    return max(0.0, min(1.0, 1.0 - (ratio - 0.06) / 0.06)), ratio


def _separator_regularity(view: str, items: list[_Item], idxs: list[int]) -> tuple[str, float]:
    gaps = [view[items[a].end : items[b].start].strip() for a, b in itertools.pairwise(idxs)]
    if not gaps:
        return "", 0.0
    sep, n = Counter(gaps).most_common(1)[0]
    return sep, n / len(gaps)


_TRAILING_SEPARATOR = regex.compile(r"[^\S\n]*[|_,，、/\\;；:：-]+")


def _extend_trailing_separator(view: str, end: int) -> int:
    """Take in the separator right after a run's last item (the final ``|``)."""
    m = _TRAILING_SEPARATOR.match(view, end)
    return m.end() if m else end


@dataclass(slots=True)
class _Candidate:
    a: int  # view offsets
    b: int
    rule: str
    score: float
    items: list[int]
    evidence: list[tuple[str, int, int, float, str]]
    hits: list[Match] = field(default_factory=list)


def _keyword_clusters(
    view: str, items: list[_Item], run: list[int], cfg: SpamConfig
) -> list[_Candidate]:
    out: list[_Candidate] = []
    counted = [i for i in run if items[i].size >= 2]
    spam_pos = [p for p, i in enumerate(counted) if items[i].spam > 0]
    if not spam_pos:
        return out
    groups: list[list[int]] = [[spam_pos[0]]]
    for p in spam_pos[1:]:
        if p - groups[-1][-1] - 1 <= MAX_GAP_ITEMS:
            groups[-1].append(p)
        else:
            groups.append([p])
    for g in groups:
        window = counted[g[0] : g[-1] + 1]
        k = sum(items[i].spam for i in window)
        strong = sum(1 for i in window if items[i].spam == 1.0)
        if strong < 1 or k < 2:
            continue
        density = k / len(window)
        a, b = items[window[0]].start, items[window[-1]].end
        prose, ratio = _prose_factor(view, items, window)
        sep, regular = _separator_regularity(view, items, window)
        score = (k / cfg.min_items) * min(1.0, density / 0.6) * prose
        if regular >= 0.7 and sep:
            score *= 1.2
        ev = [
            (
                "cluster.keywords",
                a,
                b,
                k,
                f"{k:g} of {len(window)} title items carry spam keywords",
            ),
        ]
        if sep and regular >= 0.7:
            ev.append(
                (
                    "structure.separator",
                    a,
                    b,
                    regular,
                    f"{regular:.0%} of the items are joined by {sep!r}",
                )
            )
        if prose < 1.0:
            ev.append(
                (
                    "prose.function_words",
                    a,
                    b,
                    prose,
                    f"function characters make {ratio:.0%} of the Han text, as in prose",
                )
            )
        out.append(_Candidate(a, b, "cluster.keywords", score, window, ev))
    return out


def _marker_clusters(
    view: str, items: list[_Item], run: list[int], cfg: SpamConfig
) -> list[_Candidate]:
    out: list[_Candidate] = []
    covered_to = -1  # run position up to which a marker cluster already reaches
    for pos, i in enumerate(run):
        it = items[i]
        if not it.marker or it.size > 15 or pos <= covered_to:
            continue
        # Decided on the next 200 items, so that many markers in one long run
        # cost linear time; an accepted cluster takes the rest of the run.
        ahead = [j for j in run[pos + 1 : pos + 201] if items[j].size >= 2]
        titles = [j for j in ahead if items[j].size <= 30]
        if len(titles) < cfg.min_items or len(titles) < 0.8 * len(ahead):
            continue
        follow = [j for j in run[pos + 1 :] if items[j].size >= 2]
        titles = [j for j in follow if items[j].size <= 30]
        a, b = it.start, items[follow[-1]].end
        prose, _ = _prose_factor(view, items, follow)
        if prose < 0.5:
            continue
        score = (1.0 + 0.02 * len(titles)) * prose
        marker_kw = (
            next(h.entry.keyword for h in it.hits if h.entry.marker) if it.hits else "marker"
        )
        ev = [
            (
                "cluster.marker",
                it.start,
                it.end,
                1.0,
                f"spider-pool marker {marker_kw!r} followed by {len(titles)} short title items",
            )
        ]
        out.append(_Candidate(a, b, "cluster.marker", score, [i, *follow], ev))
        covered_to = len(run)  # the cluster takes the rest of the run
    return out


def _inline_chains(view: str, matches: list[Match]) -> list[_Candidate]:
    out: list[_Candidate] = []
    chain: list[Match] = []

    def flush() -> None:
        if not chain or not any(m.entry.inline for m in chain):
            return
        # Weight of the best non-overlapping cover of the chain.
        taken: list[tuple[int, int]] = []
        weight = 0.0
        for m in sorted(chain, key=lambda h: (-h.entry.weight, -(h.end - h.start))):
            if any(m.start < b and a < m.end for a, b in taken):
                continue
            taken.append((m.start, m.end))
            weight += m.entry.weight
        a = min(m.start for m in chain)
        b = max(m.end for m in chain)
        if weight < 4.0 or b - a < 4:
            return
        words = "、".join(
            dict.fromkeys(m.entry.keyword for m in sorted(chain, key=lambda h: h.start))
        )
        out.append(
            _Candidate(
                a,
                b,
                "inline.chain",
                weight / 4.0,
                [],
                [("inline.chain", a, b, weight, f"adjacent spam keywords {words} form one phrase")],
                list(chain),
            )
        )

    end = -10
    for m in matches:
        if chain and (m.start > end + 1 or "\n" in view[end : m.start]):
            flush()
            chain = []
            end = -10
        chain.append(m)
        end = max(end, m.end)
    flush()
    return out


# Advert prose: strong commercial-spam keywords (gambling, lottery, drugs,
# fake documents, SEO) at a density no article reaches. Adult words are left
# out: health and sex-education articles use them densely (measured on the
# SIGHAN AS texts: 8 hits in 2,000 characters).
DENSE_MIN_HITS = 6
DENSE_MIN_KINDS = 3
DENSE_PER_1000 = 10.0
_DENSE_CATEGORIES = frozenset({"gambling", "lottery", "drugs", "documents", "seo"})


def _dense_pages(view: str, matches: list[Match], clusters: list[_Candidate]) -> list[_Candidate]:
    spans = sorted((c.a, c.b) for c in clusters)
    starts = [a for a, _ in spans]

    def in_cluster(m: Match) -> bool:
        i = bisect.bisect_right(starts, m.start) - 1
        return i >= 0 and m.end <= spans[i][1]

    strong = [
        m
        for m in matches
        if m.entry.weight >= 1.5 and m.entry.category in _DENSE_CATEGORIES and not in_cluster(m)
    ]
    if len(strong) < DENSE_MIN_HITS or len({m.entry.keyword for m in strong}) < DENSE_MIN_KINDS:
        return []
    size = sum(1 for c in view if not c.isspace())
    density = 1000.0 * len(strong) / max(size, 1)
    if density < DENSE_PER_1000:
        return []
    a, _ = _line_bounds(view, strong[0].start)
    _, b = _line_bounds(view, strong[-1].start)
    words = "、".join(dict.fromkeys(m.entry.keyword for m in strong))
    return [
        _Candidate(
            a,
            b,
            "page.keyword_density",
            density / DENSE_PER_1000,
            [],
            [
                (
                    "page.keyword_density",
                    a,
                    b,
                    density,
                    f"{len(strong)} strong spam keywords ({words}) at {density:.0f} per"
                    " 1,000 characters, a density of adverts, not articles",
                )
            ],
            strong,
        )
    ]


def _line_bounds(view: str, pos: int) -> tuple[int, int]:
    a = view.rfind("\n", 0, pos) + 1
    b = view.find("\n", pos)
    return a, (len(view) if b < 0 else b)


MAX_CONTACT_LINE = 300  # an advert's contact line is short; longer text is not one


def _has_contacts(text: str) -> bool:
    """Two or more contact signals (stops at the second)."""
    return next(itertools.islice(_CONTACT.finditer(text), 1, None), None) is not None


def _extend_contacts(view: str, cand: _Candidate) -> None:
    """Take in advert contacts: the rest of the cluster's last line and the
    lines right after it, while each is short and carries two or more contact
    signals (QQ or WeChat ids, Telegram handles, account-opening offers,
    domains)."""
    # Every search here is bounded by MAX_CONTACT_LINE, so that many clusters
    # on one huge line cost linear time.
    n = len(view)
    line_end = view.find("\n", cand.b, cand.b + MAX_CONTACT_LINE + 1)
    if line_end < 0:
        if cand.b + MAX_CONTACT_LINE + 1 < n:
            return  # the line goes on: its rest is no contact line
        line_end = n
    back = max(0, cand.b - MAX_CONTACT_LINE)
    line_start = view.rfind("\n", back, cand.b) + 1 or back
    tail = view[cand.b : line_end]
    line = view[line_start:line_end]
    if tail.strip() and _has_contacts(line):
        tail_end = cand.b + len(tail.rstrip())
        cand.evidence.append(
            ("cluster.contact", cand.b, tail_end, 0.5, "advert contacts follow the cluster")
        )
        cand.b = tail_end
    pos = line_end
    while pos < len(view) and view[pos] == "\n":
        a = pos + 1
        b = view.find("\n", a, a + MAX_CONTACT_LINE + 1)
        if b < 0:
            b = min(len(view), a + MAX_CONTACT_LINE + 1)
            if b < len(view):
                break  # a longer line: not a contact line
        line = view[a:b]
        if not line.strip() or not _has_contacts(line):
            break
        cand.b = a + len(line.rstrip())
        cand.evidence.append(
            ("cluster.contact", a, cand.b, 0.5, "advert contacts next to the cluster")
        )
        pos = b


@dataclass(frozen=True, slots=True)
class View:
    """The matching view of a page: folded, separators marked, spacing undone.

    ``map`` takes view offsets back to the caller's text; ``matches`` are the
    lexicon's hits in the view. Built once per page and shared by the rules
    and the line model.
    """

    text: str  # the caller's text
    map: Folded
    windows: list[tuple[int, int]]
    matches: list[Match]
    excluded: list[tuple[int, int]] = field(default_factory=list)  # exclusion phrases

    @property
    def view(self) -> str:
        return self.map.text


def make_view(text: str, lex: Lexicon) -> View:
    """Fold ``text`` for matching and find the lexicon's keywords in it."""
    if not text:
        return View(text, Folded(text, 0), [], [])
    # Windows around non-ASCII text: where folding, CJK keywords, spacing and
    # the " I " separator can be; most of an English page lies outside them.
    windows = lex.windows(text)
    folded = fold(text, windows=windows)
    if len(folded.text) != len(text):  # a fold changed lengths: positions moved
        windows = lex.windows(folded.text)
    if windows and _I_GATE.search(folded.text):
        base = folded.text
        pieces = [base[a:b] for a, b in _tiling(windows, len(base))]
        marked = False
        for k, piece in enumerate(pieces):
            # Between windows the text is ASCII, where the separator needs a
            # digit on each side.
            if (_I_SEPARATOR_ASCII if piece.isascii() else _I_GATE).search(piece):
                pieces[k] = _I_SEPARATOR.sub("|", piece)
                marked = True
        if marked:  # same length: the map is unchanged
            folded = Folded("".join(pieces), folded.source_length, folded.starts, folded.ends)
    spaced = despace(folded.text, windows)
    if spaced.is_identity_map:
        view_map = folded
    else:
        view_map = compose(folded, spaced)
        windows = lex.windows(view_map.text)
    view = view_map.text
    return View(
        text, view_map, windows, lex.find(view, windows), lex.exclusion_spans(view, windows)
    )


def detect_spam(
    text: str, config: SpamConfig | None = None, *, lexicon: Lexicon | None = None
) -> tuple[SpamFinding, ...]:
    """The spam findings of ``text`` that reach the threshold, in text order."""
    cfg = config or SpamConfig()
    lex = lexicon or load_lexicon(cfg.lexicons, cfg.exclusions)
    if not text:
        return ()
    return lexical_findings(make_view(text, lex), cfg)[0]


#: A rule candidate's ``(start, end, score)`` in view offsets, before merging.
Candidate = tuple[int, int, float]


def lexical_findings(v: View, cfg: SpamConfig) -> tuple[tuple[SpamFinding, ...], list[Candidate]]:
    """The lexicon rules' findings that reach the threshold, and every
    candidate the rules considered (for the line model's features)."""
    text, view_map, view, matches = v.text, v.map, v.view, v.matches
    if not matches:
        return (), []
    floor = cfg.threshold
    # Clusters never cross a blank line, so only paragraphs whose hits could
    # add up to one are cut into items (most of a clean page is skipped).
    items: list[_Item] = []
    for a, b, hits in _paragraphs_with_hits(view, matches):
        weight = sum(h.entry.weight for h in hits)
        if weight >= 1.5 or any(h.entry.marker for h in hits):
            para_items = _items(view, a, b)
            _assign_hits(para_items, hits)
            items.extend(para_items)

    candidates: list[_Candidate] = []
    for run in _runs(view, items):
        candidates.extend(_marker_clusters(view, items, run, cfg))
        candidates.extend(_keyword_clusters(view, items, run, cfg))
    considered: list[Candidate] = [(c.a, c.b, c.score) for c in candidates]
    candidates = [c for c in candidates if c.score >= floor]
    for c in candidates:
        _extend_contacts(view, c)
    clusters = _merge(view, candidates)
    cluster_starts = [k.a for k in clusters]  # sorted and disjoint after _merge

    def in_cluster(c: _Candidate) -> bool:
        i = bisect.bisect_right(cluster_starts, c.a) - 1
        return i >= 0 and c.b <= clusters[i].b

    chains = _inline_chains(view, matches)
    considered.extend((c.a, c.b, c.score) for c in chains)
    inline = [c for c in chains if c.score >= floor and not in_cluster(c)]
    dense = _dense_pages(view, matches, clusters)
    considered.extend((c.a, c.b, c.score) for c in dense)
    page = [c for c in dense if c.score >= floor]
    findings = [_finding(text, view_map, items, c, "cluster") for c in clusters]
    findings += [_finding(text, view_map, items, c, "inline") for c in inline]
    findings += [_finding(text, view_map, items, c, "page") for c in page]
    findings.sort(key=lambda f: f.start)
    return tuple(findings), considered


def _merge(view: str, cands: list[_Candidate]) -> list[_Candidate]:
    """Merge overlapping candidates and those separated by separators only."""
    cands = sorted(cands, key=lambda c: (c.a, -c.b))
    out: list[_Candidate] = []
    for c in cands:
        if out:
            last = out[-1]
            gap = view[last.b : c.a] if c.a > last.b else ""
            if c.a <= last.b or (not _CHUNK.search(gap) and gap.count("\n") < 2):
                if c.rule == "cluster.marker" and last.rule != "cluster.marker":
                    last.rule = c.rule
                last.b = max(last.b, c.b)
                last.a = min(last.a, c.a)
                last.score = max(last.score, c.score)
                last.items.extend(c.items)
                last.evidence.extend(c.evidence)
                continue
        out.append(c)
    for c in out:
        c.items = sorted(set(c.items))
    return out


def _finding(
    text: str, view_map: Folded, items: list[_Item], c: _Candidate, kind: FindingKind
) -> SpamFinding:
    b_view = _extend_trailing_separator(view_map.text, c.b) if kind == "cluster" else c.b
    start, end = view_map.span(c.a, b_view)
    hits = [h for i in c.items for h in items[i].hits] if kind == "cluster" else c.hits
    cats = Counter(h.entry.category for h in hits)
    categories = tuple(cat for cat, _ in cats.most_common())
    keyword_list = tuple(dict.fromkeys(h.entry.keyword for h in hits))
    n_items = sum(1 for i in c.items if items[i].size >= 2) if kind == "cluster" else 1
    evidence = tuple(
        Evidence(rule, *view_map.span(a, b), weight, msg) for rule, a, b, weight, msg in c.evidence
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
        message = f"advert prose ({', '.join(categories)}): {c.evidence[0][4]}"
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
