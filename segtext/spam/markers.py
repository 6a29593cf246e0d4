"""Where a page tells its reader how to reach someone: contact markers,
domains and URLs, and the evasions of 网址.

Found in one pass of an Aho-Corasick automaton over the page (a regex
alternation of these markers cost 250-380 us a page, most of a page's
budget), each hit then checked where it stands: a Latin marker must stand
alone (``tg``, ``line``), a domain's dot must follow a label of two letters
or digits and end on a word bound. A few forms with a variable part (an id
after ``q``, ``扣``, ``vx:``; an ``@handle``) are found by stdlib patterns that
start with a literal, which ``re`` scans for in C.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from segtext.lexicon import Matcher

#: Contact markers that may stand anywhere.
CONTACT = (
    *(
        "qq 扣扣 微信 薇信 威信 徽信 微: 微： 薇 飞机 telegram kakao 카톡 카카오 텔레그램 라인"
        " whatsapp wechat 联系 客服 开户 加群 电话 手机 ライン お問い合わせ ติดต่อ ไลน์ zalo t.me/"
    ).split(),
    "liên hệ",
)
#: Latin contact markers that must stand alone (not the q of "quite").
CONTACT_WORDS = ("q", "vx", "v信", "wx", "tg", "line")
#: Top-level domains of the sites spam points to (and everyday ones).
TLDS = (
    "com net org cc vip top xyz me tv app co bet info cn io site club live win shop online pro"
    " biz in id vn th kr jp ru asia link fun life games casino bio ly to gg la pw ws"
).split()
#: What stands for the dot before a domain's last label ("abc·com", "abc。cc").
DOTS = (".", "·", "。", ",", "，")
#: How to reach a site the page may not link to: the evasions of 网址 (网纸
#: 网祉 网芷 网止 辋址), "type it by hand", "latest or permanent address",
#: "copy and open in the browser". Not 网址 itself, nor 回家的路: words of
#: everyday pages.
EVASION = (
    "网纸 网祉 网芷 网止 网扯 网趾 辋 手动输入 手工输入 复制打开 复制到浏览器 浏览器打开"
    " 防屏蔽 永久地址 最新地址 发布页 备用网址"
).split()
_URL_START = ("http://", "https://", "www.")
#: Characters that stand for a contact marker where an id hides beside them
#: (``薇87O9``, ``徴⒈⒏⒏``, ``+微/电 158``): marks for ``contact.disguised``
#: only, since alone they are everyday characters (电 of 电视, 手 of 手工).
MARK_CHARS = tuple("微媺溦徴威徽扣企电手热联飞☎📞✆☏")

# Ids behind a marker: q647106319, 扣 8164..., vx: abc123, @handle.
# Ids behind a marker, one stdlib pattern each so that each starts with a
# literal that re scans for in C (one alternation of them tried every
# position: 140 us a page); possessive, so that a marker before a long run
# of spaces costs one pass, not n^2.
# (q{1,2}+ has no literal prefix for re to scan for: 10x slower than qq?+.)
# The view is NFKC-folded, so a full-width colon is ":" by now.
_HANDLE = re.compile(r"@(?<![\w.]@)[a-z][a-z0-9_]{4,}")  # @handle
_CONTACT_IDS = (
    re.compile(r"qq?+\s*+:?+\s*+\d{5,}"),  # q647106319, qq: 12345
    _HANDLE,
)
# 扣 8164...: looked for only on pages with one of these characters (a
# class at the start is tried at every position).
_KOU_CHARS = "扣叩寇蔻"
_KOU_ID = re.compile(r"[扣叩寇蔻]\s*+:?+\s*+\d{5,}")
_BEFORE_COLON = re.compile(r"(?:vx|wx|v|微|薇|威|溦|媺)\s*+$")
_AFTER_COLON = re.compile(r"\s*+[a-z0-9_-]{5,}")
_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
#: Markers of a messenger, whose id may follow them (``wx: doposn``,
#: ``telegram: @magollan``, ``tg💡 yuantou2048``); not 电话 or 客服, which
#: stand before a company's phone number as often as a spammer's.
MESSENGERS = frozenset(
    "qq 扣扣 微信 薇信 威信 徽信 飞机 telegram kakao 카톡 카카오 텔레그램 라인 whatsapp wechat"
    " ライン ไลน์ zalo vx v信 wx tg line t.me/".split()
)
#: ... of which these name their ids with an @ (``telegram: @name``); after
#: the others an @ is a forum mention (``qq @someone``).
AT_MESSENGERS = frozenset(
    "飞机 telegram 텔레그램 tg line ライン ไลน์ 라인 kakao 카톡 카카오".split()
)
# What follows a messenger marker: a few symbols, then the id. An id is one
# after a colon, a link (t.me/) or an @, or one holding a digit: "telegram
# channel" and "the line between" are no ids.
_AFTER_MESSENGER = re.compile(r"([^\w\n]{0,4})(@?)([a-z0-9_][a-z0-9_.-]{4,})")

CONTACT_KIND, WORD_KIND, DOMAIN_KIND, URL_KIND, EVASION_KIND, MARK_KIND = range(6)


@lru_cache(maxsize=1)
def _automaton() -> tuple[Matcher, list[tuple[int, str]]]:
    keys: list[tuple[int, str]] = [(CONTACT_KIND, k) for k in CONTACT]
    keys += [(WORD_KIND, k) for k in CONTACT_WORDS]
    keys += [(DOMAIN_KIND, d + t) for t in TLDS for d in DOTS]
    keys += [(URL_KIND, k) for k in _URL_START]
    keys += [(EVASION_KIND, k) for k in EVASION]
    taken = {k for _, k in keys}
    keys += [(MARK_KIND, k) for k in MARK_CHARS if k not in taken]
    return Matcher([k for _, k in keys], dfa=True), keys  # scans every page whole


def _alone(view: str, a: int, b: int) -> bool:
    return not (a > 0 and view[a - 1].isalnum()) and not (b < len(view) and view[b].isalnum())


@dataclass(frozen=True, slots=True)
class Scan:
    """What :func:`scan` finds, counted by line (index into ``starts``)."""

    contacts: Counter[int]  # contact markers and ids
    ids: Counter[int]  # ids after a messenger marker or in a contact pattern (q647106319)
    domains: Counter[int]  # domains and URLs
    evasions: Counter[int]  # evasions of 网址 and "type it by hand"
    marks: list[tuple[int, int]]  # view spans of every contact marker and mark


def scan(view: str, starts: list[int]) -> Scan:
    """Contact markers, domains/URLs and address evasions, counted by line,
    and the spans of every contact marker and mark (:data:`MARK_CHARS`).

    ``starts`` are the offsets where the view's lines start.
    """
    auto, keys = _automaton()
    contacts: Counter[int] = Counter()
    domains: Counter[int] = Counter()
    evasions: Counter[int] = Counter()
    marks: list[tuple[int, int]] = []
    n = len(view)
    id_ends: dict[int, int] = {}  # where each id ends: its line (one count per id)
    for i, a, b in auto.spans(view):
        kind, key = keys[i]
        if kind == CONTACT_KIND or (kind == WORD_KIND and _alone(view, a, b)):
            li = bisect.bisect_right(starts, a) - 1
            contacts[li] += 1
            marks.append((a, b))
            if key in MESSENGERS and (m := _AFTER_MESSENGER.match(view, b)):
                gap, at, handle = m.groups()
                if at:
                    named = key in AT_MESSENGERS
                else:
                    named = ":" in gap or key[-1] == "/" or any(c.isdigit() for c in handle)
                if named:
                    id_ends[m.end()] = li
        elif kind == WORD_KIND:
            continue  # a Latin marker inside a word (the q of "quite")
        elif kind == MARK_KIND:
            marks.append((a, b))
        elif kind == DOMAIN_KIND:
            # A label of two letters, digits or dashes before the dot, and
            # the last label ends on a word bound.
            if (
                a >= 2
                and view[a - 1] in _LABEL_CHARS
                and view[a - 2] in _LABEL_CHARS
                and not (b < n and (view[b].isalnum() or view[b] == "_"))
            ):
                domains[bisect.bisect_right(starts, a) - 1] += 1
        elif kind == URL_KIND:
            domains[bisect.bisect_right(starts, a) - 1] += 1
        else:
            evasions[bisect.bisect_right(starts, a) - 1] += 1
    patterns = list(_CONTACT_IDS)
    if any(c in view for c in _KOU_CHARS):
        patterns.append(_KOU_ID)
    for pattern in patterns:
        for m in pattern.finditer(view):
            li = bisect.bisect_right(starts, m.start()) - 1
            contacts[li] += 1
            if pattern is not _HANDLE:  # an @handle alone may be a forum mention
                id_ends[m.end()] = li
    # "vx: abc123", "微: abc123": found from the colon, rarer than v or w.
    pos = 0
    c = view.find(":")
    while c >= 0:
        if c >= pos:
            before = _BEFORE_COLON.search(view, max(0, c - 40), c)
            after = _AFTER_COLON.match(view, c + 1)
            if before and after:
                li = bisect.bisect_right(starts, before.start()) - 1
                contacts[li] += 1
                id_ends[after.end()] = li
                pos = after.end()
        c = view.find(":", c + 1)
    return Scan(contacts, Counter(id_ends.values()), domains, evasions, marks)


# -- Disguised ids and numbers, read on the caller's text (before folding,
# which would turn the styled forms back into plain ones).

#: Letters and digits in styled forms: enclosed (①, ⒈, ⑴, Ⓐ), dingbat (❶),
#: mathematical (𝐆, 𝟏), enclosed supplement (🄰, not the flags after it) and
#: enclosed ideographic numbers (㈠, ㊀). Rare in prose; used to write an id
#: that filters do not read.
_STYLED = re.compile(
    "[\u2460-\u24ff\u2776-\u2793\u3220-\u3229\u3280-\u3289"
    "\U0001d400-\U0001d7ff\U0001f100-\U0001f1e5]"
)
#: A digit beside a look-alike standing for one (87O9, 55I8, 137一加一4, 136乀702).
_LOOKALIKE = re.compile(r"\d[^\S\n]*+[OoIl〇一乀加]++[^\S\n]*+\d")
#: A number written in Chinese numerals, seven or more (幺三八 九九九 零零零零):
#: an id that filters for digits miss; dates (二〇二四年) are shorter.
_HAN_DIGITS = re.compile("(?:[零〇一二三四五六七八九幺两][ ·.-]?){7,}")
#: A number cut by ellipses (158...1717...2008).
_ELLIPSIS_DIGITS = re.compile(r"(?<!\d)\d{2,}+(?:\.{2,}+|…++)\d{2}")
#: Five or more single letters or digits apart (W  S  M  2  6  1), not a
#: page list.
_SPACED_DIGITS = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-Za-z](?:[ ·…—―_\-]{1,4}[0-9A-Za-z](?![0-9A-Za-z])){4,}"
)
#: A short bracketed part: where a contact or an id is framed (【...】).
_BRACKETED = re.compile(r"[【〖『「〔\[(（]([^】〗』」〕\]()（）\n]{1,40})[】〗』」〕\])）]")
_DIGIT = re.compile(r"\d")
_DATE_OR_TIME = re.compile(r"[年月日号時时分]|\d:\d\d|\d{4}[-./]\d{1,2}[-./]\d{1,2}")
_BRACKET_MARKER = re.compile(r"(?i)[微薇徴溦威媺扣誷网網]|qq|wx|vx|tg\b|telegram|@")
#: A code of capitals alone with five consonants in a row (ZXCVBNM): a tag
#: that makes each copy unique, not an acronym (UNESCO, TPHCM).
_CAPS = re.compile("[A-Z]{6,}")
_CAPS_CONSONANTS = re.compile("[B-DF-HJ-NP-TV-XZ]{5}")
_LINK = re.compile(r"://|www\.")


def disguised(segment: str) -> int:
    """How many ways ``segment`` disguises a number or an id: styled letters
    or digits, look-alikes between digits, ellipses cutting a number, seven
    Chinese numerals or more, single
    letters or digits spaced out (digits that count up, 1 2 3 4 5, are a
    page list)."""
    n = 0
    if _STYLED.search(segment):
        n += 1
    if _LOOKALIKE.search(segment):
        n += 1
    # The pattern opens with a lookbehind, which re tries at every position:
    # its ellipsis is looked for first (disguised(): 13.4 -> 10.0 us a bench page).
    if (".." in segment or "…" in segment) and _ELLIPSIS_DIGITS.search(segment):
        n += 1
    if _HAN_DIGITS.search(segment):
        n += 1
    for m in _SPACED_DIGITS.finditer(segment):
        chars = [c for c in m.group() if c.isalnum()]
        if not all(c.isdigit() for c in chars) or any(
            int(b) != int(a) + 1 for a, b in itertools.pairwise(chars)
        ):
            n += 1
            break
    return n


def bracketed(segment: str) -> int:
    """Short bracketed parts of ``segment`` that frame an id: five digits or
    more (not a date, a time or a link's address), a contact marker, or a
    code of capitals."""
    n = 0
    for m in _BRACKETED.finditer(segment):
        inner = m.group(1)
        if _LINK.search(inner):
            continue
        code = inner.strip()
        if _CAPS.fullmatch(code) and _CAPS_CONSONANTS.search(code):
            n += 1  # a tag of capitals
        elif len(_DIGIT.findall(inner)) >= 5:
            n += not _DATE_OR_TIME.search(inner)  # a number, not a date
        elif _BRACKET_MARKER.search(inner) and (_DIGIT.search(inner) or _STYLED.search(inner)):
            n += 1  # a contact
    return n


def reset_caches() -> None:
    """Forget the markers' automaton (it is rebuilt on the next scan)."""
    _automaton.cache_clear()
