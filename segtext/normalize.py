"""Normalised views of a text, each with an exact map back to the original.

Later stages match keywords and segment words on a *folded* copy of the text
(full-width letters made ASCII, case folded, invisible characters removed,
Traditional characters made Simplified) and report spans in the caller's
text. :class:`Folded` carries the copy and, for each of its characters, the
``[start, end)`` range of the original it came from; maps compose, so several
steps can be chained and still point back to the caller's string.

A step may change length: NFKC turns ``㈱`` into ``(株)`` (one character into
three, all three mapping back to the one), removing a zero-width space deletes
a character (nothing maps to it), and OpenCC can in rare cases convert a
phrase to one of another length (the run is then converted character by
character, so the map stays exact rather than guessed).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from segtext import _scriptdata
from segtext._args import require_str

# Characters whose NFKC form differs from themselves (full-width and
# half-width forms, compatibility ideographs, Kangxi radicals, circled and
# mathematical digits, ligatures...) and default-ignorable ones (zero-width
# spaces and joiners, bidi controls, soft hyphen, variation selectors, BOM),
# which NFKC_Casefold deletes, and decimal digits of other scripts (homoglyph
# digits: ٣, ३, ๓ become 3). Looked up on text that is already lower-cased.
_NEEDS_FOLD = regex.compile(
    r"[\p{NFKC_QC=N}\p{Default_Ignorable_Code_Point}[\p{Nd}--[0-9]]]", regex.V1
)
# Letters of other scripts that pass for Latin ones in spam ("亚洲αv", "a∨"):
# folded to the Latin letter they imitate. Only look-alikes of lower-case
# Latin letters that never occur inside Chinese or English words.
_CONFUSABLES = str.maketrans(
    {
        "α": "a",
        "а": "a",
        "ν": "v",
        "∨": "v",
        "ѵ": "v",
        "е": "e",
        "о": "o",
        "ο": "o",
        "р": "p",
        "ρ": "p",
        "с": "c",
        "х": "x",
        "χ": "x",
        "у": "y",
        "і": "i",
        "ι": "i",
        "ѕ": "s",
        "κ": "k",
        "к": "k",
        "м": "m",
        "т": "t",
        "н": "h",
        "в": "b",
        "ԁ": "d",
    }
)
_ANY_CONFUSABLE = re.compile("[" + "".join(chr(c) for c in _CONFUSABLES) + "]")
_LONE_CONFUSABLE = regex.compile(
    r"(?<![\p{Greek}\p{Cyrillic}])["
    + "".join(chr(c) for c in _CONFUSABLES)
    + r"](?![\p{Greek}\p{Cyrillic}])"
)
_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
# Full-width ASCII (U+FF01-FF5E) and the ideographic space, folded by one
# translate; upper-case full-width letters go straight to lower case.
_WIDTH_TABLE_NOCASE = {0x3000: " ", **{cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)}}
_WIDTH_TABLE = {cp: rep.lower() for cp, rep in _WIDTH_TABLE_NOCASE.items()}

_FULLWIDTH = re.compile("[\u3000\uff01-\uff5e]")


def _fold_width(text: str, table: dict[int, str], windows: Windows | None) -> str:
    """Translate full-width forms, only in the windows that have any.

    ``str.translate`` with a dict costs a lookup per character on text that
    is not Latin-1, so the rest of the page is copied as it is.
    """
    spans = [(0, len(text))] if windows is None else windows
    hits = [(a, b) for a, b in spans if _FULLWIDTH.search(text, a, b)]
    if not hits:
        return text
    out: list[str] = []
    last = 0
    for a, b in hits:
        out.append(text[last:a])
        out.append(_translate_few(text[a:b], table))
        last = b
    out.append(text[last:])
    return "".join(out)


def _translate_few(piece: str, table: dict[int, str]) -> str:
    """``piece.translate(table)`` for a table of full-width forms.

    Chinese text holds a handful of distinct full-width marks (，：（）！？),
    and one ``str.replace`` per distinct mark is about 7x faster than a
    translate, which looks every character up in the dict. Many distinct
    forms (full-width Latin text) go through translate.
    """
    present = set(_FULLWIDTH.findall(piece))
    if len(present) > 12:
        return piece.translate(table)
    for ch in present:
        piece = piece.replace(ch, table[ord(ch)])
    return piece


# Characters that NFKC_Casefold leaves alone whatever they are (checked
# against _NEEDS_FOLD for every code point of these ranges): ASCII, the CJK
# ideograph blocks, Hangul syllables, most kana and CJK punctuation. Stretches
# of anything else are where _NEEDS_FOLD is searched.
_MAYBE_FOLD = re.compile(
    "[^\x00-\x7f\u3001-\u3035\u3037\u303b-\u303f\u3041-\u309a\u309d\u309e"
    "\u30a0-\u30fe\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff5e\u3000]+"
)


def _NEEDS_FOLD_IN(text: str, windows: Windows | None = None) -> Iterator[Any]:
    """``_NEEDS_FOLD`` matches, searching only where a fold is possible.

    With ``windows`` (spans covering every non-ASCII character) only those
    are scanned.
    """
    for a, b in [(0, len(text))] if windows is None else windows:
        for stretch in _MAYBE_FOLD.finditer(text, a, b):
            yield from _NEEDS_FOLD.finditer(text, stretch.start(), stretch.end())


Windows = list[tuple[int, int]]


@lru_cache(maxsize=8)
def _non_ascii_groups(margin: int) -> re.Pattern[str]:
    """Non-ASCII characters with at most ``2 * margin`` ASCII ones between them."""
    gap = min(2 * margin, 200)
    # A run of non-ASCII characters per step, not one character (the same
    # groups: 11.2 -> 7.8 us a bench page at the lexicon's margin).
    return re.compile(f"[^\\x00-\\x7f]++(?:[\\x00-\\x7f]{{0,{gap}}}[^\\x00-\\x7f]++)*+")


def ascii_prefix_length(text: str) -> int:
    """The length of the text's leading ASCII part, found in C (the position
    an ASCII encode fails at): most pages open with English."""
    try:
        text.encode("ascii")
    except UnicodeEncodeError as exc:
        return exc.start
    return len(text)


def non_ascii_windows(text: str, margin: int) -> Windows:
    """Merged spans around the non-ASCII characters of ``text``, widened by ``margin``.

    Everything outside them is ASCII: NFKC, invisible characters, Traditional
    characters and CJK keywords cannot be there, so later steps look only
    inside (most of an English page is skipped).
    """
    n = len(text)
    out: Windows = []
    # The search starts at the first non-ASCII character.
    for m in _non_ascii_groups(margin).finditer(text, ascii_prefix_length(text)):
        a, b = max(0, m.start() - margin), min(n, m.end() + margin)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


#: Runs of Han characters (Unicode Script=Han, from the generated table; the
#: standard re engine, which scans such a class faster than regex). Shared by
#: the stages that count or find Han text.
HAN_RUN = re.compile(f"[{_scriptdata.HAN}]+")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Folded:
    """A normalised text and the map from its characters to the original.

    ``starts[i]``/``ends[i]`` give the original range of folded character
    ``i``. Both are ``None`` when the fold changed nothing positional (every
    character maps to itself), which is the common case and costs no memory.
    """

    text: str
    source_length: int
    starts: array[int] | None = None
    ends: array[int] | None = None

    @property
    def is_identity_map(self) -> bool:
        return self.starts is None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the folded text to one in the original."""
        if self.starts is None or self.ends is None:
            return start, end
        n = len(self.text)
        if start >= end:
            # An empty span maps to the position before the character at start.
            pos = self.starts[start] if start < n else self.source_length
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _identity(text: str) -> Folded:
    return Folded(text, len(text))


def _build(pieces: list[tuple[str, int, int]], source_length: int) -> Folded:
    """Join ``(replacement, src_start, src_end)`` pieces into a Folded.

    A piece whose replacement has the same length as its source is mapped
    character to character; otherwise every replacement character maps to the
    whole source range (an expansion or a contraction stays inside it).
    """
    out: list[str] = []
    starts = array("i")
    ends = array("i")
    for rep, a, b in pieces:
        out.append(rep)
        if len(rep) == b - a:
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
        else:
            starts.extend([a] * len(rep))
            ends.extend([b] * len(rep))
    return Folded("".join(out), source_length, starts, ends)


def compose(inner: Folded, outer: Folded) -> Folded:
    """Chain two folds: ``outer`` was computed on ``inner.text``."""
    if outer.starts is None or outer.ends is None:
        return Folded(outer.text, inner.source_length, inner.starts, inner.ends)
    if inner.starts is None or inner.ends is None:
        return Folded(outer.text, inner.source_length, outer.starts, outer.ends)
    istarts, iends = inner.starts, inner.ends
    starts = array("i", (istarts[i] for i in outer.starts))
    ends = array("i", (iends[j - 1] if j > 0 else 0 for j in outer.ends))
    return Folded(outer.text, inner.source_length, starts, ends)


def _lower(text: str, windows: Windows | None = None) -> str:
    """``text.lower()``, with a page's leading ASCII part lowered on its own.

    str.lower takes a fast path on an all-ASCII string and a per-character
    one otherwise, so an English article before a Chinese footer is cheaper
    lowered apart (21 -> 15 us per bench page). The capital sigma is the one
    character whose lower case depends on what precedes it (final ς): a
    remainder that holds one is lowered with the whole.
    """
    # Everything before the first window is ASCII (the windows cover every
    # other character), so the windows, when given, already say where it ends.
    head = ascii_prefix_length(text) if windows is None else (windows or [(len(text), 0)])[0][0]
    if head < 256 or head == len(text):
        return text.lower()
    rest = text[head:]
    if "\u03a3" in rest:
        return text.lower()
    return text[:head].lower() + rest.lower()


def fold_case_width(
    text: str, *, case: bool = True, ignorables: bool = True, windows: Windows | None = None
) -> Folded:
    """NFKC per character, optional lower-casing, invisible characters removed.

    This is NFKC_Casefold applied code point by code point, so nothing
    composes across characters and every output character maps back to the
    one it came from.
    """
    base = text
    if case:
        lowered = _lower(text, windows)
        if len(lowered) == len(text):
            base = lowered
        else:  # 'İ' lower-cases to two characters: map per character.
            return compose(
                _build([(c.lower(), i, i + 1) for i, c in enumerate(text)], len(text)),
                fold_case_width(
                    "".join(c.lower() for c in text), case=False, ignorables=ignorables
                ),
            )
    # Full-width ASCII and the ideographic space (all the punctuation of
    # Chinese text) fold one to one: one C-speed translate, no map needed.
    base = _fold_width(base, _WIDTH_TABLE if case else _WIDTH_TABLE_NOCASE, windows)
    pieces: list[tuple[str, int, int]] = []
    last = 0
    changed = False
    # ASCII never changes under NFKC and has no invisible characters, so only
    # the non-ASCII stretches are searched (most of an English page is skipped).
    for m in _NEEDS_FOLD_IN(base, windows):
        i = m.start()
        ch = m.group()
        if _IGNORABLE.match(ch):
            if not ignorables:
                continue
            rep = ""
        else:
            rep = unicodedata.normalize("NFKC", ch)
            if rep == ch and ch.isdecimal():  # other scripts' digits: ٣ -> 3
                rep = str(unicodedata.decimal(ch))
            if case:
                rep = rep.lower()
        if rep == ch:
            continue
        changed = True
        if last < i:
            pieces.append((base[last:i], last, i))
        pieces.append((rep, i, i + 1))
        last = i + 1
    if not changed:
        return Folded(base, len(text))
    if last < len(base):
        pieces.append((base[last:], last, len(base)))
    if all(len(rep) == b - a for rep, a, b in pieces):
        return Folded("".join(p[0] for p in pieces), len(text))
    return _build(pieces, len(text))


class _Converter:
    """One OpenCC converter per process, rebuilt after unpickling."""

    def __init__(self, config: str) -> None:
        self.config = config
        self._conv: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.config = state["config"]
        self._conv = None

    def convert(self, text: str) -> str:
        if self._conv is None:
            import opencc  # noqa: PLC0415 - heavy; loaded on first use

            try:
                self._conv = opencc.OpenCC(self.config)
            except Exception:  # the other 'opencc' package wants 'x.json'
                self._conv = opencc.OpenCC(self.config + ".json")
        try:
            result: str = self._conv.convert(text)
        except UnicodeEncodeError:
            # Lone surrogates (possible in a Python str) cannot reach OpenCC;
            # U+FFFD keeps the length, so offsets stay exact.
            result = self._conv.convert(_SURROGATE.sub("\ufffd", text))
        return result


@lru_cache(maxsize=4)
def converter(config: str = "t2s") -> _Converter:
    """The per-process OpenCC converter for ``config`` (built on first use)."""
    return _Converter(config)


def to_simplified(text: str, windows: Windows | None = None) -> Folded:
    """OpenCC t2s with an exact map; Han runs only, other text untouched."""
    conv = converter("t2s")
    spans = [(0, len(text))] if windows is None else windows
    if not any(HAN_RUN.search(text, a, b) for a, b in spans):
        return _identity(text)
    converted = conv.convert(text)
    if len(converted) == len(text):
        return Folded(converted, len(text))
    # Rare: a phrase changed length. Convert each Han run alone, and a run
    # whose length still changes character by character, so the map is exact.
    pieces: list[tuple[str, int, int]] = []
    last = 0
    for m in HAN_RUN.finditer(text):
        a, b = m.span()
        if last < a:
            pieces.append((text[last:a], last, a))
        run = conv.convert(m.group())
        if len(run) == b - a:
            pieces.append((run, a, b))
        else:
            pieces.extend((conv.convert(text[i]), i, i + 1) for i in range(a, b))
        last = b
    if last < len(text):
        pieces.append((text[last:], last, len(text)))
    return _build(pieces, len(text))


# Control characters (but tab and line ends) and combining marks: noise that
# evasion puts between CJK characters (毛\x00片, 毛\u0301片). Removed from the
# matching view only; segmentation keeps marks with their letters.
_NOISE = regex.compile(r"[\p{Mn}\p{Me}[\p{Cc}--[\t\n\r]]]+", regex.V1)


def strip_noise(text: str, windows: Windows | None = None) -> Folded:
    """Remove control characters and combining marks, with the map back."""
    spans = [(0, len(text))] if windows is None else windows
    return delete_spans(text, [m.span() for a, b in spans for m in _NOISE.finditer(text, a, b)])


def delete_spans(text: str, spans: list[tuple[int, int]]) -> Folded:
    """``text`` without the given sorted, disjoint spans, with the map back."""
    if not spans:
        return _identity(text)
    pieces: list[tuple[str, int, int]] = []
    last = 0
    for a, b in spans:
        if last < a:
            pieces.append((text[last:a], last, a))
        pieces.append(("", a, b))
        last = b
    if last < len(text):
        pieces.append((text[last:], last, len(text)))
    return _build(pieces, len(text))


def unconfuse(text: str, windows: Windows | None = None) -> str:
    """Replace lone Greek/Cyrillic look-alikes of Latin letters (same length).

    A look-alike inside a Greek or Cyrillic word is left alone, so Russian
    or Greek text is not garbled; one alone among Latin or Han characters is
    an evasion (``亚洲αv``) and becomes the Latin letter.
    """
    spans = [(0, len(text))] if windows is None else windows
    if not any(_ANY_CONFUSABLE.search(text, a, b) for a, b in spans):
        return text
    result: str = _LONE_CONFUSABLE.sub(lambda m: m.group().translate(_CONFUSABLES), text)
    return result


def fold(
    text: str,
    *,
    case: bool = True,
    t2s: bool = True,
    ignorables: bool = True,
    windows: Windows | None = None,
) -> Folded:
    """The matching form of ``text``: NFKC, lower case, no invisibles, t2s.

    Control characters and combining marks are removed too
    (:func:`strip_noise`), lone Greek/Cyrillic look-alikes of Latin letters
    are made Latin (:func:`unconfuse`); every step keeps the exact map to
    ``text``.
    """
    require_str(text, "fold")
    if windows is None:
        windows = non_ascii_windows(text, 1)
    if not windows:  # pure ASCII: lower case is all there is to do
        return Folded(text.lower() if case else text, len(text))
    folded = fold_case_width(text, case=case, ignorables=ignorables, windows=windows)
    # The windows still hold where nothing changed length; else look everywhere.
    where = windows if len(folded.text) == len(text) else None
    if ignorables:
        noise = strip_noise(folded.text, where)
        if not noise.is_identity_map:
            folded = compose(folded, noise)
            where = None
    plain = unconfuse(folded.text, where)
    if plain is not folded.text:
        folded = Folded(plain, folded.source_length, folded.starts, folded.ends)
    if t2s:
        folded = compose(folded, to_simplified(folded.text, where))
    return folded


def reset_caches() -> None:
    """Drop the per-process converters (tests; long-lived processes)."""
    converter.cache_clear()
