"""The matching view of a page: folded, separators marked, spacing undone.

The text is folded (NFKC, lower case, invisible characters removed,
Traditional made Simplified, other scripts' digits made ASCII), a capital
``I`` standing alone between Chinese titles becomes ``|``, and *character
spacing* is undone (``毛 片`` or ``毛.片`` -> ``毛片``), each step keeping an
exact map back to the caller's text. The lexicon's keywords are found in it
once, for every rule and the line model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from segtext.lexicon import Lexicon, Match
from segtext.normalize import Folded, compose, delete_spans, fold

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
# A capital I standing alone between Chinese titles is a separator
# ("日韩福利 I 亚洲精品"), like "|"; folded text has it lower-cased.
_I_SEPARATOR = regex.compile(r"i(?=\s{1,3}[\p{Han}\p{N}])(?<=[\p{Han}\p{N}]\s{1,3}i)")
# What _I_SEPARATOR needs, found by the faster stdlib engine first (re's \s
# takes in all of regex's \s): an "i" between spaces, and in ASCII text
# a digit on each side. The gate starts with a literal, which re scans for
# in C: 7 us on a bench page against 25 us for _I_SEPARATOR itself.
_I_GATE = re.compile(r"i(?<=\si)(?=\s)")
_I_SEPARATOR_ASCII = re.compile(r"[0-9]\s{1,3}i\s{1,3}[0-9]")


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
    excluded = lex.exclusion_spans(view, windows)  # once: for the lexicon and the model
    return View(text, view_map, windows, lex.find(view, windows, excluded), excluded)
