"""Word segmentation of mixed English-Chinese text, with exact offsets.

:func:`segment` returns tokens with half-open code-point offsets into the
caller's string (see :mod:`segtext.report`). Whitespace is not a token;
tokens are in order, never overlap, and ``text[t.start:t.end] == t.text``.

How a text is cut
-----------------
1. The text is width-folded (NFKC per character: ``２０００年`` becomes
   ``2000年``, ``ｉｎｔｅｒｎｅｔ`` becomes ``internet``) and converted to
   Simplified with OpenCC t2s, each step keeping a map back to the original
   (:mod:`segtext.normalize`).
2. URLs, e-mail addresses, emoji sequences (modifiers, ZWJ families, flags,
   keycaps), numbers (``1,000.5``, ``12:30``, ``30%``) and words of other
   scripts (``iPhone``, ``COVID-19``, ``don't``) are kept whole; a run of
   one repeated punctuation mark (``……``, ``——``) is one token.
3. Han runs go to jieba (:mod:`segtext._jieba`), characters outside jieba's
   range (Extension A, B and later) one by one. With ``hmm="auto"`` jieba's
   new-word HMM is used in runs labelled traditional (where it helps: SIGHAN
   CityU and AS) and not in simplified ones (where it hurts: PKU, MSR); a run
   of shared characters follows the text as a whole.
4. A number directly followed by a one-character date or magnitude unit
   (年 月 日 时 分 秒 万 亿 千 百, Traditional forms too) is one token.
5. Spans on the folded text are mapped back; where folding expanded one
   character into several (``㍻``), tokens inside it are merged so that
   tokens never overlap.

Modes
-----
``precise`` is jieba's default mode. ``search`` cuts finer for indexing
while keeping tokens non-overlapping: a Han word of three or more characters
is replaced by its best split into dictionary words of at least two
characters when one exists (``中华人民共和国`` → ``中华 人民 共和国``), which
is what jieba's search mode adds, minus the overlaps.

User dictionaries
-----------------
UTF-8 text files (a BOM is allowed), one entry per line; blank lines and
lines starting with ``#`` are skipped. Two line formats:

- with a tab: ``word<TAB>frequency<TAB>tag``, frequency and tag optional;
  the word may contain spaces;
- without a tab, jieba's format ``word [frequency [tag]]``: a trailing
  integer is the frequency, an ASCII-letter field after it the tag, and
  whatever precedes them is the word, spaces included. A word that itself
  ends in a space and a number (``iPhone 15``) must use the tab format.

Frequencies are non-negative integers; 0 forces a word apart; a missing one
is chosen so that the word is kept whole (as jieba's ``suggest_freq``). A
malformed line raises :class:`~segtext.errors.SegtextError` naming the file
and line. Entries are folded like the text (width, case, Traditional to
Simplified), so a Traditional entry matches Simplified text and the reverse.
Entries of Han characters in jieba's range join jieba's dictionary; all
others (with spaces, Latin letters, digits, punctuation, rare Han) are
matched on the folded text before anything else, leftmost-longest, never
inside a Latin word or number (``ck`` does not split ``lock``), and become
single tokens; inner spaces match one space character.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import regex

from segtext import _jieba
from segtext.config import SegmentConfig
from segtext.errors import SegtextError
from segtext.normalize import Folded, compose, converter, fold_case_width, to_simplified
from segtext.report import HanRun, Token, TokenKind, Variant

__all__ = ["Segmenter", "han_runs", "reset_caches", "segment"]

_V1 = regex.V1
_EMOJI_TAIL = r"(?:\uFE0F|\p{Emoji_Modifier})*"
_TOKEN = regex.compile(
    r"(?P<url>(?i:https?://|ftp://|www\.)[!#-;=?-~]*[A-Za-z0-9/#=&_~%+\-])"
    r"|(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})"
    r"|(?P<emoji>[0-9#*]\uFE0F?\u20E3"
    r"|\p{Regional_Indicator}{1,2}"
    r"|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)" + _EMOJI_TAIL
    + r"(?:\u200D\p{Extended_Pictographic}" + _EMOJI_TAIL + r")*[\U000E0020-\U000E007F]*)"
    r"|(?P<word>\d*[\p{L}--\p{Han}][\p{L}\p{M}\d--\p{Han}]*(?:['’\-&][\p{L}\p{M}\d--\p{Han}]+)*)"
    r"|(?P<number>\d+(?:[.,:/]\d+)*%?)"
    r"|(?P<han>\p{Han}(?:\p{Default_Ignorable_Code_Point}*\p{Han})*)"
    r"|(?P<space>[\s\p{Default_Ignorable_Code_Point}]+)"
    r"|(?P<punct>(?P<pc>\p{P})(?P=pc)*)"
    r"|(?P<other>(?P<oc>\p{S})(?P=oc)*|.)",
    _V1 | regex.DOTALL,
)
_HAN_RUN = regex.compile(r"\p{Han}+")
_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
_WORD_CHAR = regex.compile(r"[\p{L}\p{N}--\p{Han}]", _V1)
# One-character units that form a word with the number before them: dates and
# times (PKU/MSR guidelines and common usage), and magnitudes. Simplified
# forms, since Han runs are cut after t2s.
_UNITS = frozenset("年月日时分秒万亿千百")

_USER_KINDS = {"user-han": "han", "user-word": "word"}

# Per-character variant evidence from OpenCC's tables: 1 Traditional-only,
# 2 Simplified-only, 0 shared or unknown.
_TRAD, _SIMP = 1, 2
_char_class: dict[str, int] = {}


def _classify(chars: set[str]) -> None:
    new = [c for c in chars if c not in _char_class]
    if not new:
        return
    t2s = converter("t2s")
    s2t = converter("s2t")
    for c in new:
        if t2s.convert(c) != c:
            _char_class[c] = _TRAD
        elif s2t.convert(c) != c:
            _char_class[c] = _SIMP
        else:
            _char_class[c] = 0


def _counts(run: str) -> tuple[int, int]:
    cls = _char_class
    trad = simp = 0
    for c in run:
        k = cls[c]
        if k == _TRAD:
            trad += 1
        elif k == _SIMP:
            simp += 1
    return trad, simp


def _variant(trad: int, simp: int) -> Variant:
    if trad and simp:
        return "mixed"
    if trad:
        return "traditional"
    if simp:
        return "simplified"
    return "ambiguous"


def han_runs(text: str) -> tuple[HanRun, ...]:
    """The maximal Han runs of ``text``, each labelled by OpenCC's tables.

    A run is ``traditional`` when it has characters that only Traditional
    Chinese uses (t2s changes them) and none that only Simplified uses (s2t
    changes them), ``simplified`` in the reverse case, ``mixed`` with both
    and ``ambiguous`` with neither (only shared characters, such as 中文).
    """
    runs = [(m.start(), m.end()) for m in _HAN_RUN.finditer(text)]
    if not runs:
        return ()
    _classify(set("".join(text[a:b] for a, b in runs)))
    return tuple(HanRun(a, b, _variant(*_counts(text[a:b]))) for a, b in runs)


# ---------------------------------------------------------------- user dicts


@dataclass(frozen=True, slots=True)
class _UserEntry:
    key: str  # folded form
    freq: int | None
    tag: str | None


_INT = regex.compile(r"\d+")
_TAG = regex.compile(r"[A-Za-z_]+")


def _parse_user_line(line: str, where: str) -> tuple[str, int | None, str | None]:
    if "\t" in line:
        fields = line.split("\t")
        if len(fields) > 3:
            raise SegtextError(f"{where}: expected 'word<TAB>frequency<TAB>tag', got {len(fields)} fields")
        word = fields[0].strip()
        freq_s = fields[1].strip() if len(fields) > 1 else ""
        tag_s = fields[2].strip() if len(fields) > 2 else ""
        if freq_s and not _INT.fullmatch(freq_s):
            raise SegtextError(f"{where}: frequency must be a non-negative integer, not {freq_s!r}")
        if tag_s and not _TAG.fullmatch(tag_s):
            raise SegtextError(f"{where}: tag must be ASCII letters, not {tag_s!r}")
    else:
        fields = line.split()
        tag_s = freq_s = ""
        if len(fields) >= 3 and _TAG.fullmatch(fields[-1]) and _INT.fullmatch(fields[-2]):
            freq_s, tag_s = fields[-2], fields[-1]
            fields = fields[:-2]
        elif len(fields) >= 2 and _INT.fullmatch(fields[-1]):
            freq_s = fields[-1]
            fields = fields[:-1]
        word = " ".join(fields)
    if not word:
        raise SegtextError(f"{where}: the entry has no word")
    return word, int(freq_s) if freq_s else None, tag_s or None


def _fold_key(word: str) -> str:
    folded = fold_case_width(word, case=False).text
    key = to_simplified(folded).text.lower()
    return " ".join(key.split())


def _read_user_dict(path: str) -> list[_UserEntry]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SegtextError(f"cannot read user dictionary {path}: {exc.strerror or exc}") from exc
    entries: list[_UserEntry] = []
    for lineno, raw in enumerate(data.split(b"\n"), 1):
        where = f"user dictionary {path}, line {lineno}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise SegtextError(f"{where}: not valid UTF-8") from None
        if lineno == 1:
            line = line.removeprefix("\ufeff")
        line = line.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        word, freq, tag = _parse_user_line(line, where)
        key = _fold_key(word)
        if not key:
            raise SegtextError(f"{where}: the word {word!r} is empty once folded")
        entries.append(_UserEntry(key, freq, tag))
    return entries


@dataclass(slots=True)
class _Resources:
    """Per-process state for one set of user dictionaries."""

    dictionary: _jieba.Dictionary
    forced: Any  # ahocorasick.Automaton | None
    user: dict[str, int]
    rjieba: Any = None


@lru_cache(maxsize=2)
def _base() -> tuple[int, dict[str, bytes]]:
    return _jieba.load_base()


@lru_cache(maxsize=16)
def _resources(user_dicts: tuple[tuple[str, int, int], ...]) -> _Resources:
    total, shards = _base()
    entries = [e for path, _, _ in user_dicts for e in _read_user_dict(path)]
    han: dict[str, int | None] = {}
    forced: dict[str, str] = {}
    for e in entries:
        if _jieba.JIEBA_HAN.fullmatch(e.key):
            han[e.key] = e.freq
        else:
            forced[e.key] = e.key
    base = _jieba.Dictionary(total, shards, {})
    user = {w: (f if f is not None else base.suggest_freq(w)) for w, f in han.items()}
    dictionary = _jieba.Dictionary(total, shards, user) if user else base
    automaton = None
    if forced:
        import ahocorasick  # noqa: PLC0415 - only with non-Han user entries

        automaton = ahocorasick.Automaton()
        for key in forced:
            automaton.add_word(key, key)
        automaton.make_automaton()
    return _Resources(dictionary, automaton, user)


def _stat(path: str) -> tuple[str, int, int]:
    try:
        st = Path(path).stat()
    except OSError as exc:
        raise SegtextError(f"cannot read user dictionary {path}: {exc.strerror or exc}") from exc
    return path, st.st_mtime_ns, st.st_size


def _rjieba_for(res: _Resources) -> Any:
    if res.rjieba is None:
        try:
            import rjieba  # noqa: PLC0415 - optional extra
        except ImportError:
            raise SegtextError("backend='rjieba' needs the rjieba package: pip install rjieba") from None
        rj = rjieba.Jieba()
        for word, freq in res.user.items():
            rj.add_word(word, freq, None)
        res.rjieba = rj
    return res.rjieba


def reset_caches() -> None:
    """Drop per-process dictionaries, automata and variant tables."""
    _base.cache_clear()
    _resources.cache_clear()
    _char_class.clear()


# ---------------------------------------------------------------- segmenting


def _forced_matches(res: _Resources, work: str) -> list[tuple[int, int]]:
    """Leftmost-longest user entries in ``work`` not inside a Latin word."""
    hay = work.lower()
    if len(hay) != len(work):
        hay = work
    hay = regex.sub(r"\s", " ", hay)
    found: list[tuple[int, int]] = []
    for end, key in res.forced.iter(hay):
        start = end + 1 - len(key)
        if _WORD_CHAR.match(key[0]) and start > 0 and _WORD_CHAR.match(hay[start - 1]):
            continue
        if _WORD_CHAR.match(key[-1]) and end + 1 < len(hay) and _WORD_CHAR.match(hay[end + 1]):
            continue
        found.append((start, end + 1))
    found.sort(key=lambda se: (se[0], -se[1]))
    chosen: list[tuple[int, int]] = []
    last = 0
    for a, b in found:
        if a >= last:
            chosen.append((a, b))
            last = b
    return chosen


def _search_split(d: _jieba.Dictionary, word: str) -> list[str]:
    """Best split of ``word`` into shorter dictionary words of 2+ characters."""
    if len(word) < 3:
        return [word]
    # Cut the word without its own entry: rebuild the route on its pieces.
    best: list[str] | None = None
    for k in range(2, len(word) - 1):
        left, right = word[:k], word[k:]
        if d.logp.get(left) is None:
            continue
        rest = [right] if d.logp.get(right) is not None else _search_split(d, right)
        if all(len(p) >= 2 and d.logp.get(p) is not None for p in rest):
            cand = [left, *rest]
            if best is None or _split_score(d, cand) > _split_score(d, best):
                best = cand
    return best if best is not None else [word]


def _split_score(d: _jieba.Dictionary, pieces: list[str]) -> float:
    return sum(d.logp.get(p) or -math.inf for p in pieces)


class Segmenter:
    """Segments texts with one :class:`SegmentConfig`; safe to pickle.

    Only the config is pickled: dictionaries, automata and converters are
    per-process caches built on first use, so a segmenter sent to a
    ``multiprocessing`` worker rebuilds them there.
    """

    __slots__ = ("config",)

    def __init__(self, config: SegmentConfig | None = None) -> None:
        self.config = config if config is not None else SegmentConfig()

    def __repr__(self) -> str:
        return f"Segmenter({self.config!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Segmenter) and other.config == self.config

    def __hash__(self) -> int:
        return hash(self.config)

    def __getstate__(self) -> dict[str, SegmentConfig]:
        return {"config": self.config}

    def __setstate__(self, state: dict[str, SegmentConfig]) -> None:
        self.config = state["config"]

    def segment(self, text: str) -> tuple[Token, ...]:
        """The tokens of ``text``; see :func:`segment`."""
        if not isinstance(text, str):
            raise SegtextError(f"segment() needs a str, not {type(text).__name__}")
        if not text:
            return ()
        cfg = self.config
        res = _resources(tuple(_stat(p) for p in cfg.user_dicts))
        work = _work_text(text)
        wt = work.text
        identity = work.is_identity_map

        # Spans in the work text: (start, end, kind); "han" pieces get cut.
        pieces: list[tuple[int, int, str]] = []
        forced = _forced_matches(res, wt) if res.forced is not None else []
        han_spans: list[tuple[int, int]] = []
        pos = 0
        for a, b in [*forced, (len(wt), len(wt))]:
            for m in _TOKEN.finditer(wt, pos, a):
                kind = m.lastgroup
                if kind == "space":
                    continue
                if kind == "han":
                    han_spans.append((len(pieces), m.start()))
                pieces.append((m.start(), m.end(), kind or "other"))
            if a < b:  # a user entry: one token, never cut
                pieces.append((a, b, "user-han" if _HAN_RUN.search(wt, a, b) else "user-word"))
            pos = b

        # Variant evidence, from the caller's characters.
        hmm_default = cfg.hmm == "on"
        run_hmm: dict[int, bool] = {}
        if han_spans and cfg.hmm == "auto":
            orig = [work.span(pieces[i][0], pieces[i][1]) if not identity else pieces[i][:2]
                    for i, _ in han_spans]
            _classify(set("".join(text[a:b] for a, b in orig)))
            counts = [_counts(text[a:b]) for a, b in orig]
            doc_trad = sum(t for t, _ in counts)
            doc_simp = sum(s for _, s in counts)
            doc_hmm = doc_trad > doc_simp
            for (i, _), (t, s) in zip(han_spans, counts, strict=True):
                run_hmm[i] = t > s if (t or s) else doc_hmm

        d = res.dictionary
        if han_spans:
            d.load(set("".join(wt[pieces[i][0]:pieces[i][1]] for i, _ in han_spans)))
        use_rjieba = cfg.backend == "rjieba"
        rj = _rjieba_for(res) if use_rjieba else None
        search = cfg.mode == "search"

        out: list[Token] = []
        append = out.append
        last_end = 0
        prev_number_end = -1  # work end of the previous token if a number
        for idx, (a, b, kind) in enumerate(pieces):
            if kind != "han":
                tk: TokenKind = _USER_KINDS.get(kind, kind)  # type: ignore[assignment]
                s, e = (a, b) if identity else work.span(a, b)
                if s < last_end and out:
                    prev = out.pop()
                    s, e, tk = prev.start, max(prev.end, e), prev.kind
                append(Token(s, e, text[s:e], tk))
                last_end = e
                prev_number_end = b if tk == "number" else -1
                continue
            hmm = run_hmm.get(idx, hmm_default)
            run = wt[a:b]
            for wa, wb in _cut_run(d, rj, run, a, hmm, search):
                if prev_number_end == wa and wb - wa == 1 and wt[wa] in _UNITS and out:
                    prev = out.pop()
                    end = wb if identity else work.span(wa, wb)[1]
                    append(Token(prev.start, end, text[prev.start:end], "number"))
                    last_end = end
                    prev_number_end = -1
                    continue
                prev_number_end = -1
                s, e = (wa, wb) if identity else work.span(wa, wb)
                if s < last_end and out:
                    prev = out.pop()
                    s = prev.start
                    e = max(prev.end, e)
                append(Token(s, e, text[s:e], "han"))
                last_end = e
        return tuple(out)


def _work_text(text: str) -> Folded:
    folded = fold_case_width(text, case=False, ignorables=False)
    return compose(folded, to_simplified(folded.text))


def _cut_run(
    d: _jieba.Dictionary, rj: Any, run: str, offset: int, hmm: bool, search: bool
) -> list[tuple[int, int]]:
    """Word spans (in work-text positions) of one Han run."""
    if _IGNORABLE.search(run):
        # Invisible characters inside a Han run (zero-width spaces used to
        # dodge filters) are cut around: words span over them.
        keep = array("i", (i for i, c in enumerate(run) if not _IGNORABLE.match(c)))
        inner = _cut_run(d, rj, "".join(run[i] for i in keep), 0, hmm, search)
        return [(offset + keep[a], offset + keep[b - 1] + 1) for a, b in inner]
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _jieba.JIEBA_HAN.finditer(run):
        a, b = m.span()
        spans.extend((offset + i, offset + i + 1) for i in range(pos, a))
        words = rj.cut(m.group(), hmm) if rj is not None else d.cut(m.group(), hmm)
        p = offset + a
        for w in words:
            if search and len(w) > 2:
                for piece in _search_split(d, w):
                    spans.append((p, p + len(piece)))
                    p += len(piece)
            else:
                spans.append((p, p + len(w)))
                p += len(w)
        pos = b
    spans.extend((offset + i, offset + i + 1) for i in range(pos, len(run)))
    return spans


@lru_cache(maxsize=8)
def _segmenter(config: SegmentConfig) -> Segmenter:
    return Segmenter(config)


def segment(text: str, config: SegmentConfig | None = None) -> tuple[Token, ...]:
    """Cut ``text`` into tokens with code-point offsets into ``text``.

    Han runs are cut by jieba (after width folding and Traditional to
    Simplified conversion); URLs, e-mail addresses, emoji, numbers and words
    of other scripts stay whole; whitespace is dropped. Tokens are in order,
    never overlap, and ``text[t.start:t.end] == t.text``. The first call in a
    process loads jieba's dictionary (from the user cache directory once it
    has been built). Raises :class:`SegtextError` for a non-``str`` text or
    an unreadable user dictionary.

    >>> [t.text for t in segment("我用iPhone 15拍照")]
    ['我', '用', 'iPhone', '15', '拍照']
    """
    return _segmenter(config if config is not None else SegmentConfig()).segment(text)
