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
import re
from collections import Counter
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

# Ids behind a marker: q647106319, 扣 8164..., vx: abc123, @handle.
# Ids behind a marker, one stdlib pattern each so that each starts with a
# literal that re scans for in C (one alternation of them tried every
# position: 140 us a page); possessive, so that a marker before a long run
# of spaces costs one pass, not n^2.
_CONTACT_IDS = (
    re.compile(r"q{1,2}+\s*+[:：]?+\s*+\d{5,}"),  # q647106319, qq: 12345
    re.compile(r"[扣叩寇蔻]\s*+[:：]?+\s*+\d{5,}"),  # 扣 8164...
    re.compile(r"@(?<![\w.]@)[a-z][a-z0-9_]{4,}"),  # @handle
)
# "vx: abc123", "微: abc123": found from the colon, rarer than v or w.
_COLON = re.compile("[:：]")
_BEFORE_COLON = re.compile(r"(?:vx|wx|v|微|薇|威|溦|媺)\s*+$")
_AFTER_COLON = re.compile(r"\s*+[a-z0-9_-]{5,}")
_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")

CONTACT_KIND, WORD_KIND, DOMAIN_KIND, URL_KIND, EVASION_KIND = range(5)


@lru_cache(maxsize=1)
def _automaton() -> tuple[Matcher, list[tuple[int, str]]]:
    keys: list[tuple[int, str]] = [(CONTACT_KIND, k) for k in CONTACT]
    keys += [(WORD_KIND, k) for k in CONTACT_WORDS]
    keys += [(DOMAIN_KIND, d + t) for t in TLDS for d in DOTS]
    keys += [(URL_KIND, k) for k in _URL_START]
    keys += [(EVASION_KIND, k) for k in EVASION]
    return Matcher([k for _, k in keys]), keys


def _alone(view: str, a: int, b: int) -> bool:
    return not (a > 0 and view[a - 1].isalnum()) and not (b < len(view) and view[b].isalnum())


def scan(view: str, starts: list[int]) -> tuple[Counter[int], Counter[int], Counter[int]]:
    """Contact markers, domains/URLs and address evasions, counted by line.

    ``starts`` are the offsets where the view's lines start.
    """
    auto, keys = _automaton()
    contacts: Counter[int] = Counter()
    domains: Counter[int] = Counter()
    evasions: Counter[int] = Counter()
    n = len(view)
    for i, a, b in auto.spans(view):
        kind = keys[i][0]
        if kind == CONTACT_KIND:
            contacts[bisect.bisect_right(starts, a) - 1] += 1
        elif kind == WORD_KIND:
            if _alone(view, a, b):
                contacts[bisect.bisect_right(starts, a) - 1] += 1
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
    for pattern in _CONTACT_IDS:
        for m in pattern.finditer(view):
            contacts[bisect.bisect_right(starts, m.start()) - 1] += 1
    pos = 0
    for m in _COLON.finditer(view):
        c = m.start()
        if c < pos:
            continue
        before = _BEFORE_COLON.search(view, max(0, c - 40), c)
        after = _AFTER_COLON.match(view, c + 1)
        if before and after:
            contacts[bisect.bisect_right(starts, before.start()) - 1] += 1
            pos = after.end()
    return contacts, domains, evasions


def reset_caches() -> None:
    """Forget the markers' automaton (it is rebuilt on the next scan)."""
    _automaton.cache_clear()
