"""Cut a page into blocks (lines, and parts of lines around spam) with roles.

Blocks tile the text exactly. A line is a block with its newline; a spam
finding is a block of its own (lines it covers whole, or the part of a line
it covers, with the indentation and line break around it); whitespace-only
lines are ``blank`` blocks. Every other block gets a role from evidence in
its own text and its neighbours, never from a list of one site's phrases:

- ``footer`` (rule ``footer.licence``): licence and registration lines of
  Chinese sites: ICP filings, public-security filings, broadcasting
  permits, "all rights reserved" in Chinese;
- ``boilerplate``: ``boilerplate.copyright`` (©, "all rights reserved",
  reproduction notices), ``boilerplate.nav`` (short items joined by ``|``
  or similar), ``boilerplate.byline`` (date and time stamps, "Editor:",
  "By ..."), ``boilerplate.short`` (a short line without sentence
  punctuation that introduces no article text);
- ``article``: ``article.prose`` (English with enough words and sentence
  punctuation or stop words; Chinese with enough Han characters and
  Chinese punctuation), ``article.heading`` (a short line that the article
  follows within two blocks, bylines skipped).

The parts of a line around an inline spam phrase share the role of the
line read without the phrase (a headline with a phrase spliced into it is
still a headline).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import cast

from segtext import _scriptdata
from segtext._args import require_str
from segtext._fast import ascii_line_classifier, slot_constructor
from segtext.config import BlocksConfig
from segtext.normalize import HAN_RUN
from segtext.report import Block, Role, Script, ScriptRun, SpamFinding

# Line features use the standard `re` module with generated script tables
# (several times faster than `regex` on these simple classes). Han (normalize's
# HAN_RUN), kana and Hangul are counted by runs: one match per run, not one per
# character.
_LATIN_WORD = re.compile(f"[{_scriptdata.LATIN}0-9][{_scriptdata.LATIN}0-9'’-]*")
_KANA_HANGUL_RUN = re.compile(f"[{_scriptdata.KANA}{_scriptdata.HANGUL}]+")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]?(?:\s|$)")
_CJK_PUNCT = re.compile(r"[，。！？；：、,;:]")
_CJK_SENTENCE_END = re.compile(r"[。！？!?]")


def _gated(pattern: str) -> re.Pattern[str]:
    """An alternation of literal branches, behind a lookahead on the
    characters its branches start with.

    Without the gate `re` tries every branch at every position of the line;
    with it, one set test per position (2-4x faster on Chinese lines). Each
    branch must start with a literal character or a ``[...]`` class, and no
    class may hold a ``|``.
    """
    firsts: list[str] = []
    for alt in pattern.split("|"):
        if alt[0] == "[":
            firsts.append(alt[1 : alt.index("]")])
        else:
            assert alt[0] not in "\\()|.*+?{^$", alt
            firsts.append(alt[0])
    return re.compile(f"(?=[{''.join(firsts)}])(?:{pattern})")


# Chinese site furniture: previous/next links, "you are here", comment and
# share prompts, in Simplified and Traditional characters.
_CJK_NAV = _gated(
    r"上一[篇页頁]|下一[篇页頁]|返回[顶頂]部|返回首[页頁]|[当當]前位置|您的位置|[发發]表[评評][论論]"
    r"|最新[评評][论論]|相[关關][阅閱][读讀]|相[关關]文章|分享到|打印本[页頁]|[关關][闭閉]窗口|扫一扫|掃一掃"
)
_BYLINE = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\b\d{1,2}:\d{2}(?::\d{2})?\b|\beditor\s*:|^\s*by\s+[A-Z]"
    r"|updated\s*:|\bsource\s*:|[责責]任[编編][辑輯]|[编編][辑輯][:：]|[来來]源[:：]|[发發]布[时時][间間]"
    r"|作者[:：]",
    re.IGNORECASE,
)
# Registration and licence terms of Chinese sites (Simplified and Traditional);
# ICP numbers are looked for only in lines that contain "cp".
_LICENCE = _gated(
    r"公[网網]安[备備]|[网網]安[备備]|[许許]可[证證]|[备備]案[号號]"
    r"|[经經][营營][许許]可|增值[电電][信]|版[权權]所有|[网網][络絡]文化[经經][营營]"
    r"|[违違]法和不良信息[举舉][报報]|互[联聯][网網]新[闻聞]信息服[务務]"
)
_ICP = re.compile(r"icp[备備证證]|icp\s*+(?:[:：]\s*+)?\d", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# The commonest English stop words, counted between spaces.
_COMMON_STOP = (" the ", " of ", " and ", " to ", " a ", " in ", " for ", " with ", " is ", " was ")

# --- the numbers of the role rules ------------------------------------------------
# The ones a user may want to change are fields of BlocksConfig (config.py);
# these are the rest, each decided here.

_DEFAULT = BlocksConfig()
#: The defaults of BlocksConfig, under the names they had before it existed.
MIN_EN_WORDS = _DEFAULT.min_en_words
MIN_HAN_PROSE = _DEFAULT.min_han_prose

#: Chinese prose without Chinese punctuation needs this many times
#: ``min_han_prose`` characters (a long unpunctuated run is still text, a short
#: one is a title or a menu).
_UNPUNCTUATED_PROSE_FACTOR = 2
#: Stop words that make a line of enough words English prose without a full
#: stop (captions, headline-like sentences).
_PROSE_MIN_STOP = 2
#: A long line (this many words) is prose with this many stop words even when
#: most of it is not Latin (English with Chinese glosses).
_LONG_PROSE_WORDS = 20
_LONG_PROSE_MIN_STOP = 3
#: Separators that make a prose-like line a menu anyway, when it has no
#: sentence end: one more than a short line needs, as menu items can be long.
_NAV_SEPARATORS_IN_PROSE = 3
#: The longest line whose Chinese "previous/next", "you are here" or "share"
#: phrase makes it navigation (in a longer line it is part of a sentence).
_CJK_NAV_MAX_CHARS = 80
#: Headings: Chinese ones have 4 to 40 Han characters and no sentence end;
#: English ones 3 to 16 words and no closing full stop, colon or semicolon.
_HEADING_MIN_CJK = 4
_HEADING_MAX_CJK = 40
_HEADING_MIN_WORDS = 3
_HEADING_MAX_WORDS = 16
#: Blocks looked at after a candidate heading for the article prose it heads,
#: and other blocks (not bylines, not spam) allowed in between.
_HEADING_LOOKAHEAD = 4
_HEADING_MAX_BETWEEN = 1
#: Words counted on an ASCII line by one split in C: the rules compare the
#: count with numbers up to 40 (``min_en_words`` is at most 40).
_ASCII_WORDS_COUNTED = 40


class _Features:
    """Counts of one line that the role rules read (internal, mutable for speed:
    a frozen dataclass costs a setattr call per field).

    Han and kana/Hangul counts are taken at once; for a non-ASCII line the
    other counts are taken when a rule first reads them (a licence line is
    decided on its Han count and one search).
    """

    __slots__ = (
        "_cjk_punct",
        "_cjk_sentence_end",
        "_sentence_end",
        "_words",
        "han",
        "other_cjk",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        if text.isascii():
            # Words by whitespace, in C (up to 41: the rules need at most 40).
            self._words: int | None = len(text.split(None, _ASCII_WORDS_COUNTED))
            self.han = self.other_cjk = 0
            self._sentence_end: bool | None = _SENTENCE_END.search(text) is not None
            self._cjk_punct: int | None = text.count(",") + text.count(";") + text.count(":")
            self._cjk_sentence_end: bool | None = "!" in text or "?" in text
            return
        self.han = sum(map(len, HAN_RUN.findall(text)))
        self.other_cjk = sum(map(len, _KANA_HANGUL_RUN.findall(text)))
        self._words = self._sentence_end = self._cjk_punct = self._cjk_sentence_end = None

    @property
    def words(self) -> int:
        if self._words is None:
            self._words = len(_LATIN_WORD.findall(self.text))
        return self._words

    @property
    def sentence_end(self) -> bool:
        if self._sentence_end is None:
            self._sentence_end = _SENTENCE_END.search(self.text) is not None
        return self._sentence_end

    @property
    def cjk_punct(self) -> int:
        if self._cjk_punct is None:
            self._cjk_punct = len(_CJK_PUNCT.findall(self.text))
        return self._cjk_punct

    @property
    def cjk_sentence_end(self) -> bool:
        if self._cjk_sentence_end is None:
            self._cjk_sentence_end = _CJK_SENTENCE_END.search(self.text) is not None
        return self._cjk_sentence_end

    @property
    def stop(self) -> int:
        """Stop words; counted only when a rule needs them (most prose has a full stop)."""
        return _stop_words(self.text.lower())


def _stop_words(low: str) -> int:
    """The commonest English stop words in a lower-cased line, counted between
    spaces by C string methods."""
    padded = f" {low} "
    return sum(map(padded.count, _COMMON_STOP))


def _is_prose(f: _Features, cfg: BlocksConfig) -> bool:
    cjk = f.han + f.other_cjk
    min_han = cfg.min_han_prose
    if cjk >= min_han and (f.cjk_punct >= 1 or cjk >= _UNPUNCTUATED_PROSE_FACTOR * min_han):
        return True
    if f.words < cfg.min_en_words:
        return False
    if f.words > cjk / 2 and f.sentence_end:
        return True
    stop = f.stop  # counted once, and only here
    return (f.words > cjk / 2 and stop >= _PROSE_MIN_STOP) or (
        f.words >= _LONG_PROSE_WORDS and stop >= _LONG_PROSE_MIN_STOP
    )


def _is_heading_shape(text: str, f: _Features, cfg: BlocksConfig) -> bool:
    cjk = f.han + f.other_cjk
    stripped = text.strip()
    if not stripped or len(stripped) > cfg.max_heading_chars:
        return False
    if cjk >= _HEADING_MIN_CJK:
        return cjk <= _HEADING_MAX_CJK and not f.cjk_sentence_end
    return _HEADING_MIN_WORDS <= f.words <= _HEADING_MAX_WORDS and not stripped.endswith(
        (".", ":", ";")
    )


def _is_copyright(text: str) -> bool:
    """A copyright or legal notice (©, "all rights reserved", "privacy policy"...)."""
    return "©" in text or _is_copyright_lower(text.lower())


def _is_copyright_lower(low: str) -> bool:
    return (
        "copyright" in low
        or "(c)" in low
        or "all rights reserved" in low
        or "reproduction in whole" in low
        or "privacy policy" in low
        or "terms of use" in low
        or "terms of service" in low
    )


def _nav_separators(text: str) -> int:
    """Menu separators: bars and bullets anywhere, slashes and '>' between spaces."""
    return (
        text.count("|")
        + text.count("｜")
        + text.count("•")
        + text.count("·")
        + text.count("»")
        + text.count(" / ")
        + text.count(" > ")
    )


#: Lines up to this long are cached by their text: a crawl repeats its sites'
#: navigation, copyright and licence lines on every page, while prose lines
#: seldom repeat and would only push those out of the cache.
_CACHED_LINE_CHARS = 200
#: Distinct short lines whose roles are kept, per config (about 3 MB).
_LINE_CACHE_SIZE = 16384
#: Configs whose line classifiers are kept (each with its own cache).
_CONFIGS_KEPT = 4


def _classify_line(text: str, cfg: BlocksConfig) -> tuple[Role, str]:
    """Role of a line from its own text (the heading rule comes later)."""
    stripped = text.strip()
    if not stripped:
        return "blank", "blank"
    if stripped.isascii():
        return _classify_ascii(stripped, cfg)
    return _classify_by_rules(stripped, cfg)


def _classify_by_rules(stripped: str, cfg: BlocksConfig = _DEFAULT) -> tuple[Role, str]:
    """The role rules, for any stripped non-blank line: the reference."""
    f = _Features(stripped)
    if f.han or f.other_cjk:
        if _LICENCE.search(stripped):
            return "footer", "footer.licence"
        if "cp" in stripped.lower() and _ICP.search(stripped):
            return "footer", "footer.licence"
    if _is_copyright(stripped):
        return "boilerplate", "boilerplate.copyright"
    if f.han and len(stripped) <= _CJK_NAV_MAX_CHARS and _CJK_NAV.search(stripped):
        return "boilerplate", "boilerplate.nav"
    seps = _nav_separators(stripped)
    if _is_prose(f, cfg):
        if seps >= _NAV_SEPARATORS_IN_PROSE and not (f.sentence_end or f.cjk_sentence_end):
            return "boilerplate", "boilerplate.nav"
        return "article", "article.prose"
    if seps >= cfg.min_nav_separators:
        return "boilerplate", "boilerplate.nav"
    if _BYLINE.search(stripped):
        return "boilerplate", "boilerplate.byline"
    return "boilerplate", "boilerplate.short"


#: ``_classify_by_rules`` for a stripped ASCII line (most lines of most
#: pages), written out without what cannot apply: see segtext._fast, where
#: the shortcuts live; the reference is ``_classify_by_rules``.
_classify_ascii = cast(
    "Callable[[str, BlocksConfig], tuple[Role, str]]",
    ascii_line_classifier(
        default=_DEFAULT,
        is_copyright_lower=_is_copyright_lower,
        sentence_end=_SENTENCE_END,
        stop_words=_stop_words,
        byline=_BYLINE,
        prose_min_stop=_PROSE_MIN_STOP,
        nav_separators_in_prose=_NAV_SEPARATORS_IN_PROSE,
    ),
)


_Classify = Callable[[str], tuple[Role, str]]


@lru_cache(maxsize=_CONFIGS_KEPT)
def _classifier(cfg: BlocksConfig) -> _Classify:
    """The line classifier for a config, short lines cached by their text."""

    def classify_line(text: str) -> tuple[Role, str]:
        return _classify_line(text, cfg)

    cached = lru_cache(maxsize=_LINE_CACHE_SIZE)(classify_line)

    def classify(text: str) -> tuple[Role, str]:
        if len(text) <= _CACHED_LINE_CHARS:
            return cached(text)
        return classify_line(text)

    return classify


_classify = _classifier(_DEFAULT)


def reset_caches() -> None:
    """Forget every line role kept (tests; long-lived processes): the line
    caches live inside the classifiers, which go with them."""
    _classifier.cache_clear()
    global _classify  # noqa: PLW0603 - the default config's classifier, rebuilt
    _classify = _classifier(_DEFAULT)


def _pieces(text: str, findings: Sequence[SpamFinding]) -> list[tuple[int, int, bool, int]]:
    """``(start, end, is_spam, line)`` pieces tiling the text.

    Cuts fall at line ends and at finding edges; a finding is one piece even
    across lines, and whitespace left between it and its line's edges (the
    indentation, the line break) joins it.
    """
    n = len(text)
    merged: list[list[int]] = []
    for f in sorted(findings, key=lambda f: f.start):
        if f.end <= f.start:
            continue
        if merged and f.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], f.end)
        else:
            merged.append([f.start, f.end])
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    # Take in the indentation before a finding and the rest of its line after
    # it when they are blank. Each stretch of text is looked at once: the
    # search stops at the neighbouring finding on the same line.
    for k, span in enumerate(merged):
        li = bisect.bisect_right(line_starts, span[0]) - 1
        line_start = line_starts[li]
        prev_end = merged[k - 1][1] if k else -1
        if prev_end <= line_start and not text[line_start : span[0]].strip():
            span[0] = line_start
        lj = bisect.bisect_right(line_starts, max(span[1] - 1, span[0])) - 1
        line_end = line_starts[lj + 1] if lj + 1 < len(line_starts) else n
        next_start = merged[k + 1][0] if k + 1 < len(merged) else n + 1
        if next_start >= line_end and not text[span[1] : line_end].strip():
            span[1] = line_end
    cuts = set(line_starts) | {n}
    for a, b in merged:
        cuts.update((a, b))
    ordered = sorted(c for c in cuts if 0 <= c <= n)
    out: list[tuple[int, int, bool, int]] = []
    si = 0
    for a, b in itertools.pairwise(ordered):
        while si < len(merged) and merged[si][1] <= a:
            si += 1
        in_spam = si < len(merged) and merged[si][0] <= a
        if in_spam and out and out[-1][2] and out[-1][1] == a:
            prev = out[-1]
            out[-1] = (prev[0], b, True, prev[3])
            continue
        out.append((a, b, in_spam, bisect.bisect_right(line_starts, a) - 1))
    return out


def assign_blocks(
    text: str,
    runs: Sequence[ScriptRun],
    findings: Sequence[SpamFinding] = (),
    config: BlocksConfig | None = None,
) -> tuple[Block, ...]:
    """The blocks of ``text`` with roles; see the module docstring."""
    require_str(text, "assign_blocks")
    if not text:
        return ()
    cfg = _DEFAULT if config is None else config
    # an equal config gets the same classifier back from the cache
    classify = _classify if cfg is _DEFAULT else _classifier(cfg)
    if not findings:  # most pages: one block per line
        spans, roles = _lines(text, classify)
        _mark_headings(text, spans, roles, cfg)
        return _finish(spans, roles, runs)
    pieces = _pieces(text, findings)
    # Role of each line read without its spam parts.
    line_text: dict[int, list[str]] = {}
    for a, b, is_spam, lid in pieces:
        if not is_spam:
            line_text.setdefault(lid, []).append(text[a:b])
    by_line = {lid: classify("".join(parts)) for lid, parts in line_text.items()}
    roles = []
    for a, b, is_spam, lid in pieces:
        if is_spam:
            roles.append(("spam", "spam.finding"))
        elif not text[a:b].strip():
            roles.append(("blank", "blank"))
        else:
            roles.append(by_line[lid])
    spans = [(a, b) for a, b, _, _ in pieces]
    _mark_headings(text, spans, roles, cfg)
    # The pieces of one line around a spam finding share the line's role.
    line_role: dict[int, tuple[Role, str]] = {}
    for (_, _, is_spam, lid), rr in zip(pieces, roles, strict=True):
        if is_spam or rr[0] == "blank":
            continue
        if lid not in line_role or line_role[lid][1] != "article.heading":
            line_role[lid] = rr
    for k, ((_, _, is_spam, lid), own) in enumerate(zip(pieces, roles, strict=True)):
        if not is_spam and own[0] != "blank":
            roles[k] = line_role.get(lid, own)
    return _finish(spans, roles, runs)


def _lines(text: str, classify: _Classify) -> tuple[list[tuple[int, int]], list[tuple[Role, str]]]:
    """``[start, end)`` of each line with its newline (they tile the text), and
    each line's role, from one split of the text."""
    spans: list[tuple[int, int]] = []
    roles: list[tuple[Role, str]] = []
    n = len(text)
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line) + 1
        spans.append((pos, end if end <= n else n))
        # The role of a line does not depend on its newline.
        roles.append(classify(line) if line else ("blank", "blank"))
        pos = end
    if spans[-1][0] == n:  # the text ends with a newline
        spans.pop()
        roles.pop()
    return spans, roles


def _mark_headings(
    text: str, spans: list[tuple[int, int]], roles: list[tuple[Role, str]], cfg: BlocksConfig
) -> None:
    """Headings: a short line followed by article prose, with at most one
    other block (bylines and spam not counted) in between."""
    content = [i for i, (r, _) in enumerate(roles) if r != "blank"]
    for pos, i in enumerate(content):
        if roles[i][1] != "boilerplate.short":
            continue
        a, b = spans[i]
        if not _is_heading_shape(text[a:b], _Features(text[a:b].strip()), cfg):
            continue
        others = 0
        for j in content[pos + 1 : pos + 1 + _HEADING_LOOKAHEAD]:
            r2, rule2 = roles[j]
            if rule2 == "article.prose":
                roles[i] = ("article", "article.heading")
                break
            if rule2 == "boilerplate.byline" or r2 == "spam":
                continue
            others += 1
            if others > _HEADING_MAX_BETWEEN:
                break


#: ``Block(start, end, role, script, rule)`` without the frozen dataclass's
#: ``__init__``: half the cost of a Block, for _finish (see segtext._fast).
_new_block: Callable[[int, int, Role, Script, str], Block] = slot_constructor(Block)


def _finish(
    spans: list[tuple[int, int]], roles: list[tuple[Role, str]], runs: Sequence[ScriptRun]
) -> tuple[Block, ...]:
    """Blocks from spans and roles: blank neighbours merged, each with the
    script covering most of it (one sweep over the runs)."""
    merged: list[tuple[int, int, Role, str]] = []
    last_blank = False
    for (a, b), (role, rule) in zip(spans, roles, strict=True):
        if role == "blank":
            if last_blank:
                merged[-1] = (merged[-1][0], b, "blank", "blank")
                continue
            last_blank = True
        else:
            last_blank = False
        merged.append((a, b, role, rule))
    out: list[Block] = []
    new_block = _new_block
    ri = 0
    n = len(runs)
    run_end = runs[0].end if n else 0
    for a, b, role, rule in merged:
        if a >= run_end:
            while ri < n and runs[ri].end <= a:
                ri += 1
            run_end = runs[ri].end if ri < n else 0
        if ri < n and b <= run_end and runs[ri].start <= a:
            # Inside one run (most lines of a page): that run's script.
            out.append(new_block(a, b, role, runs[ri].script, rule))
            continue
        counts: dict[Script, int] = {}
        j = ri
        while j < n and runs[j].start < b:
            r = runs[j]
            counts[r.script] = counts.get(r.script, 0) + min(r.end, b) - max(r.start, a)
            j += 1
        script: Script = max(counts.items(), key=lambda kv: kv[1])[0] if counts else "Common"
        out.append(new_block(a, b, role, script, rule))
    return tuple(out)


def clean_text(text: str, blocks: Sequence[Block]) -> str:
    """The article blocks' text, with their line structure.

    Parts of one line (around a removed inline phrase) are joined directly;
    blocks on different lines are joined by a newline, or by a blank line
    where one separated them in the original. Leading and trailing spaces of
    each block are dropped; nothing inside a block is.
    """
    require_str(text, "clean_text")
    out: list[str] = []
    prev_end: int | None = None
    for blk in blocks:
        if blk.role != "article":
            continue
        piece = text[blk.start : blk.end]
        core_start = blk.start + len(piece) - len(piece.lstrip())
        core = piece.strip()
        if not core:
            continue
        if prev_end is not None:
            between = text[prev_end:core_start]
            if "\n" not in between:
                out.append("")
            elif _BLANK_LINE.search(between):
                out.append("\n\n")
            else:
                out.append("\n")
        out.append(core)
        prev_end = core_start + len(core)
    result = "".join(out)
    return result + "\n" if result else ""
