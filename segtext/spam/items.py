"""Title items: the stretches of a view between separators, with their
keyword hits, grouped into runs; the frozen records rule candidates are.

An item is a stretch of letters and digits between separators (``|`` ``_``
``-`` ``,`` ``、`` spaces, the `` I `` separator...); it gets the weight of its
best non-overlapping keyword hits (capped at ``ITEM_CAP``). Titles glued by
a letter or by nothing are cut apart by their keyword hits
(:func:`split_glued`). Runs of short items never cross a blank line, nor a
``。`` after or before a sentence.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import regex

from segtext.lexicon import Match
from segtext.normalize import HAN_RUN

# An item: letters, digits and marks, possibly joined by . ' & + @ # % : inside.
_ITEM = regex.compile(r"[\p{L}\p{N}\p{M}]+(?:[.'&+@#%:][\p{L}\p{N}\p{M}]+)*", regex.V1)
# Counted by runs with the standard `re` (one match per run, not per
# character): Han by the generated script table, letters and digits as
# str.isalnum has them (both checked equal over every code point).
_ALNUM_RUN = re.compile(r"[^\W_]+")
# Function characters of Chinese prose (rare in keyword titles).
FUNCTION_CHARS = frozenset("的了是在和有我他她们这就也都而但被把着过很说")
#: The share of function characters among Han characters at which a stretch
#: is prose (half of it is still a title's).
PROSE_SHARE = 0.12
#: Conjunctions that pad keyword titles into a mock phrase when they are all
#: that follows an item's keywords.
PADDING = frozenset("的 和 与 及 以及 还有 或 或者 跟 同 并 加上".split())

#: Function words of the space-separated languages spam is written in
#: (English, Indonesian, Vietnamese, Russian, Turkish, Spanish, Portuguese):
#: prose, not a list of titles (the line feature ``prose.stop_words`` and
#: ``cluster.keywords``' sentence test).
STOP_WORDS = frozenset(
    (
        "the a an and or of to in on for with is are was were be by as at from that this it"
        " which who not but have has had will can you your we our they their yang dan di ke"
        " dari untuk dengan ini itu pada adalah dalam tidak akan và của là có các những cho"
        " được trong không một người này với đã и в не на что с по как это из к за от для ve"
        " bir bu da de ile için çok olarak el la que y en los las por con para una o e said"
        " should must"
    ).split()
)
#: A word of a space-separated script, as the function words are counted.
SPACED_WORD = regex.compile(r"[\p{Latin}\p{Cyrillic}]+", regex.V1)


#: Words of a report on a crackdown or of a warning: spam never says 查处,
#: 违法 or 诱饵; reports on spam do (used by ``prose.enforcement``,
#: ``inline.splice``, ``title.injection``, ``page.keyword_density`` and the
#: line model's ``prose.crackdown``).
CRACKDOWN_WORDS = tuple(
    w.replace("_", " ")
    for w in (
        "查处 查获 取缔 打击 整治 违法 犯罪 案件 涉嫌 抓获 依法 严厉 扫黄打非 专项行动"
        " 警方 公安 治理 诱饵 诱骗 捣毁 破获 查封"
        # ... and the arrests and raids of news in the other languages of spam
        # (folded: lower case). Not the words adverts use or deny: illegal,
        # 단속 (단속 없는, no crackdown), emniyet (emniyetli, safe), задержан
        # (вывод не задержан, payouts not delayed); not police (a porn tag)
        # nor polisi (Malay "policy"), nor công an (thành công an toàn);
        # police in the phrases of news only.
        " arrested crackdown prosecutors police_said police_say police_warn police_raid"
        " police_seized 검거 逮捕 摘発 警察 полици"
        " gözaltı gözalti bắt_giữ triệt_phá kepolisian ตำรวจ จับกุม"
    ).split()
)
CRACKDOWN = re.compile("|".join(CRACKDOWN_WORDS))

_SENTENCE_END = re.compile(r"[。！？!?\n]")
SENTENCE_REACH = 200  # characters looked at around a phrase for its sentence


def sentence_around(view: str, a: int, b: int) -> tuple[int, int]:
    """The sentence around ``[a, b)``: from the last full stop or line break
    before it to the next one after it, at most SENTENCE_REACH characters
    each way (a page with no full stop must not cost a scan per phrase)."""
    lo = max(0, a - SENTENCE_REACH)
    start = max((m.end() for m in _SENTENCE_END.finditer(view, lo, a)), default=lo)
    hi = min(len(view), b + SENTENCE_REACH)
    m = _SENTENCE_END.search(view, b, hi)
    return start, (m.start() if m else hi)


#: Lexicon weights as the rules read them (tools/lexicon/README.md): a
#: keyword of ALONE_WEIGHT or more makes a title spam by itself, one of
#: STRONG_KEYWORD or more is a strong one.
ALONE_WEIGHT = 2.0
STRONG_KEYWORD = 1.5
#: Categories whose words are discussed where nobody sells them: SEO words
#: in every webmaster forum's titles and beside its links.
DISCUSSED = frozenset({"seo"})

MAX_ITEM = 40  # letters/digits; a longer item is prose, not a title
STRONG_ITEM = 1.0  # an item weighing this much is a spam title
WEAK_ITEM = 0.5  # ... this much, half of one
ITEM_CAP = 3.0  # the most one item's hits count for
SHORT_TITLE = 12  # letters: keyword items this short on both sides of a 。 are titles
GLUED_SIZE = 13  # letters: an item this long may be titles glued together
GLUED_HITS = 2  # ... if it has this many strong hits
GLUED_COVER = 0.5  # ... covering this share of its letters
GLUED_LEAD = 4  # letters before the first strong hit that stay with it


@dataclass(slots=True)
class Item:
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


_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n")


def paragraphs_with_hits(view: str, matches: list[Match]) -> list[tuple[int, int, list[Match]]]:
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


def _item(view: str, a: int, b: int) -> Item:
    s = view[a:b]
    if s.isascii():
        han = 0
        # (spaces and hyphens: the words of one keyword, join_spanned)
        size = len(s) - sum(s.count(c) for c in ".'&+@#%: -")
    else:
        han = sum(map(len, HAN_RUN.findall(s)))
        size = sum(map(len, _ALNUM_RUN.findall(s)))
    return Item(a, b, size, han)


def cut_items(view: str, start: int = 0, end: int | None = None) -> list[Item]:
    return [
        _item(view, m.start(), m.end())
        for m in _ITEM.finditer(view, start, len(view) if end is None else end)
    ]


#: What may lie between the words of one keyword (``cassino online``,
#: ``first-copy``): the items it spans are one item.
_WORD_GAP = re.compile(r"[ \-]+")


def join_spanned(view: str, items: list[Item], matches: list[Match]) -> list[Item]:
    """``items`` with the words of each keyword of several words joined into
    one item: ``cassino online | bônus de boas-vindas`` is a run of two
    titles, not of five words of which two carry a keyword's start."""
    starts = [it.start for it in items]
    reach: dict[int, int] = {}  # first item -> where the keywords starting in it end
    for mt in matches:
        idx = bisect.bisect_right(starts, mt.start) - 1
        if idx >= 0 and mt.end > items[idx].end:
            reach[idx] = max(reach.get(idx, 0), mt.end)
    if not reach:
        return items
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        end = reach.get(i)
        j = i
        if end is not None:
            while (
                j + 1 < len(items)
                and items[j + 1].start < end
                and _WORD_GAP.fullmatch(view, items[j].end, items[j + 1].start)
            ):
                j += 1
                end = max(end, reach.get(j, 0))
        if j > i:
            part = items[i : j + 1]
            it = Item(it.start, part[-1].end, sum(p.size for p in part), sum(p.han for p in part))
        out.append(it)
        i = j + 1
    return out


def assign_hits(items: list[Item], matches: list[Match]) -> None:
    starts = [it.start for it in items]
    per_item: dict[int, list[Match]] = {}
    for mt in matches:
        idx = bisect.bisect_right(starts, mt.start) - 1
        if idx < 0 or mt.end > items[idx].end:
            continue  # a hit across items or in a separator does not count
        per_item.setdefault(idx, []).append(mt)
    for idx, hits in per_item.items():
        item = items[idx]
        chosen = best_cover(hits)
        item.hits = sorted(chosen, key=lambda h: h.start)
        item.weight = min(ITEM_CAP, sum(h.entry.weight for h in chosen))
        item.marker = any(h.entry.marker for h in hits)


def split_glued(view: str, items: list[Item]) -> list[Item]:
    """Items that are titles glued together cut into one item per title.

    A run joined by a letter (``丨`` U+4E28, ``一``, ``ㅣ``, ``l``) or by
    nothing is one long item to :func:`cut_items`. An item longer than a
    title (``GLUED_SIZE`` letters or more) with ``GLUED_HITS`` strong keyword
    hits or more covering ``GLUED_COVER`` of its letters, and no clause
    punctuation beside it (advert prose), is cut at the start of each strong
    hit; the weak hits and the letters after a strong hit go
    with it (a lead of up to ``GLUED_LEAD`` letters with the first one).
    """
    out: list[Item] = []
    for it in items:
        strong = [h for h in it.hits if h.entry.weight >= STRONG_ITEM]
        covered = sum(h.end - h.start for h in it.hits)
        if (
            it.size < GLUED_SIZE
            or len(strong) < GLUED_HITS
            or covered < GLUED_COVER * it.size
            or _clause(view, it)
        ):
            out.append(it)
            continue
        cuts = [h.start for h in strong]
        if cuts[0] - it.start <= GLUED_LEAD:
            cuts[0] = it.start
        else:
            cuts.insert(0, it.start)
        hits = it.hits  # sorted by start
        k = 0
        for a, b in itertools.pairwise([*cuts, it.end]):
            piece = _item(view, a, b)
            while k < len(hits) and hits[k].start < a:
                k += 1
            j = k
            while j < len(hits) and hits[j].start < b:
                j += 1
            piece.hits = [h for h in hits[k:j] if h.end <= b]
            k = j
            piece.weight = min(ITEM_CAP, sum(h.entry.weight for h in piece.hits))
            piece.marker = any(h.entry.marker for h in piece.hits)
            out.append(piece)
    return out


#: Punctuation that ends a clause of prose (the full stop apart: titles are
#: joined by it too).
_CLAUSE_MARKS = frozenset("，,？?！!；;")


def _clause(view: str, it: Item, full_stop: bool = True) -> bool:
    """Whether an item is a clause of prose: clause punctuation next to it
    (a full stop counts unless ``full_stop`` is false)."""
    # Beside it on its own line: the full stop that ends the line above is
    # no clause of this one (a footer run under an article).
    before = view[max(0, it.start - 3) : it.start].rpartition("\n")[2].rstrip()
    after = view[it.end : it.end + 3].partition("\n")[0].lstrip()
    marks = (before[-1:], after[:1])
    return any(m in _CLAUSE_MARKS or (full_stop and m == "。") for m in marks if m)


def hard_break(view: str, a: int, b: int, short: bool = False) -> bool:
    """Whether the gap ``view[a:b]`` between two items ends a run: a blank
    line, or a ``。`` unless the items on both sides are ``short`` keyword
    titles (titles joined by full stops, not sentences)."""
    gap = view[a:b]
    return gap.count("\n") >= 2 or ("。" in gap and not short)


def runs(view: str, items: list[Item]) -> list[list[int]]:
    """Indices of items grouped into runs of short items."""
    runs: list[list[int]] = []
    cur: list[int] = []
    prev_end = 0
    prev_title = False
    for idx, it in enumerate(items):
        title = it.size <= SHORT_TITLE and it.spam > 0 and not _clause(view, it, False)
        short = prev_title and title
        if it.size > MAX_ITEM or (cur and hard_break(view, prev_end, it.start, short)):
            if cur:
                runs.append(cur)
            cur = []
        if it.size <= MAX_ITEM:
            cur.append(idx)
        prev_end = it.end
        prev_title = title
    if cur:
        runs.append(cur)
    return runs


def prose_chars(view: str, a: int, b: int, hits: list[Match]) -> int:
    """Function characters of the item ``view[a:b]`` that speak of prose.

    Those inside keyword hits do not count (在 of 在线 is no prose), nor a
    conjunction that is all the item holds after its last hit (titles padded
    into a mock phrase: 真人百家乐的网上赌场和在线赌场以及...).
    """
    inside = {p for h in hits for p in range(max(a, h.start), min(b, h.end))}
    end = b
    if hits and view[(last := max(h.end for h in hits)) : b] in PADDING:
        end = last
    return sum(1 for p in range(a, end) if view[p] in FUNCTION_CHARS and p not in inside)


def prose_factor(view: str, items: list[Item], idxs: list[int]) -> tuple[float, float]:
    """1.0 for keyword titles, falling to 0 at the function-word density of
    prose (``PROSE_SHARE``), counted by :func:`prose_chars` over all Han
    characters of the items."""
    han = sum(items[i].han for i in idxs)
    if han == 0:
        return 1.0, 0.0
    func = sum(prose_chars(view, items[i].start, items[i].end, items[i].hits) for i in idxs)
    ratio = func / han
    return max(0.0, min(1.0, 1.0 - (ratio - PROSE_SHARE / 2) / (PROSE_SHARE / 2))), ratio


def separator_regularity(view: str, items: list[Item], idxs: list[int]) -> tuple[str, float]:
    gaps = [view[items[a].end : items[b].start].strip() for a, b in itertools.pairwise(idxs)]
    if not gaps:
        return "", 0.0
    sep, n = Counter(gaps).most_common(1)[0]
    return sep, n / len(gaps)


_TRAILING_SEPARATOR = regex.compile(r"[^\S\n]*[|_,，、/\\;；:：-]+")


def extend_trailing_separator(view: str, end: int) -> int:
    """Take in the separator right after a run's last item (the final ``|``)."""
    m = _TRAILING_SEPARATOR.match(view, end)
    return m.end() if m else end


def line_bounds(view: str, pos: int) -> tuple[int, int]:
    a = view.rfind("\n", 0, pos) + 1
    b = view.find("\n", pos)
    return a, (len(view) if b < 0 else b)


@dataclass(frozen=True, slots=True)
class Clue:
    """One piece of a candidate's evidence: a rule id, a view span, its
    contribution to the candidate's score, and a sentence a person can check."""

    rule: str
    a: int
    b: int
    contribution: float
    message: str


@dataclass(frozen=True, slots=True)
class RuleCandidate:
    """What a lexicon rule proposes: a view span, its score, the items it
    covers, its evidence (contributions that add up to ``score``) and the
    keyword hits behind it."""

    a: int  # view offsets
    b: int
    rule: str
    score: float
    items: tuple[int, ...] = ()
    evidence: tuple[Clue, ...] = ()
    hits: tuple[Match, ...] = ()


def keyword_chains(view: str, matches: list[Match]) -> list[list[Match]]:
    """Keyword hits (sorted by start) grouped into chains: each hit starts at
    most one character after the chain's end, on the same line."""
    chains: list[list[Match]] = []
    end = -10
    for m in matches:
        if chains and m.start <= end + 1 and "\n" not in view[end : m.start]:
            chains[-1].append(m)
        else:
            chains.append([m])
            end = -10
        end = max(end, m.end)
    return chains


def best_cover(hits: list[Match]) -> list[Match]:
    """The heaviest non-overlapping hits (heavier first, then longer).

    The hits taken so far are kept as sorted, disjoint intervals, so each
    new hit is checked against its two neighbours only: a glued run of
    thousands of keywords costs n log n, not n^2.
    """
    if len(hits) < 2:  # most chains: one hit, which covers itself
        return list(hits)
    chosen: list[Match] = []
    starts: list[int] = []
    ends: list[int] = []
    for mt in sorted(hits, key=lambda h: (-h.entry.weight, -(h.end - h.start), h.start)):
        i = bisect.bisect_left(starts, mt.start)
        if (i > 0 and ends[i - 1] > mt.start) or (i < len(starts) and starts[i] < mt.end):
            continue
        chosen.append(mt)
        starts.insert(i, mt.start)
        ends.insert(i, mt.end)
    return chosen


def _vietnamese_only() -> str:
    """The letters only Vietnamese writes among the Latin scripts: the horned
    vowels (ơ ư) and the hook above; a vowel with two of Vietnamese's marks
    (ắ ầ ệ); a dot below on a or y (ạ ỵ). Not đ (Croatian and Serbian write
    it), ă alone (Romanian), nor ẹ ị ọ ụ (Yoruba, Igbo); French, Portuguese
    and pinyin write one mark a vowel, or a diaeresis (ǘ)."""
    horn_hook = {"\u031b", "\u0309"}
    # grave, acute, circumflex, tilde, breve, hook above, horn, dot below
    vietnamese = {"\u0300", "\u0301", "\u0302", "\u0303", "\u0306", "\u0309", "\u031b", "\u0323"}
    out = []
    for cp in range(0x00C0, 0x1F00):
        c = chr(cp)
        d = unicodedata.normalize("NFD", c)
        if len(d) < 2 or d[0] not in "aeiouyAEIOUY":
            continue
        marks = set(d[1:])
        if marks - vietnamese:
            continue
        if marks & horn_hook or len(marks) > 1 or ("\u0323" in marks and d[0] in "aAyY"):
            out.append(c)
    return "".join(out)


_VI_ONLY = re.compile(f"[{_vietnamese_only()}]")
_VI_TOKEN = re.compile(r"[^\W\d_]+")
_VOWELS = re.compile("[aeiouy]+")
_ONSET_GLIDE = re.compile("(?:^|(?<=[^aeiouy]))(?:qu|gi)(?=[aeiouy])")
#: Words of a line in Vietnamese letters its glued syllables need: a
#: French or Portuguese line has none (hôtel, fenêtre are no glue).
GLUED_VI_WORDS = 2


def has_vietnamese(text: str) -> bool:
    """Whether ``text`` holds a letter only Vietnamese writes."""
    return _VI_ONLY.search(text) is not None


def glued_syllables(line: str) -> int:
    """How many words of a Vietnamese line are syllables glued together.

    Vietnamese writes one syllable per word, each with one vowel group
    (``qu`` and ``gi`` onsets aside); a keyword run whose separators were
    stripped glues them (``tàiquay``, ``nhựalãi``, ``lôtôgame``). Counted
    only on a line with ``GLUED_VI_WORDS`` words or more in letters only
    Vietnamese uses. No vocabulary: the form alone.
    """
    if not _VI_ONLY.search(line):
        return 0
    words = _VI_TOKEN.findall(line)
    if sum(1 for w in words if _VI_ONLY.search(w)) < GLUED_VI_WORDS:
        return 0
    glued = 0
    for w in words:
        if len(w) < 4 or w.isascii():
            continue
        plain = "".join(
            c for c in unicodedata.normalize("NFD", w.lower()) if not unicodedata.combining(c)
        ).replace("đ", "d")
        if len(_VOWELS.findall(_ONSET_GLIDE.sub("q", plain))) >= 2:
            glued += 1
    return glued
