"""``contact.disguised``: a contact marker beside a phone number or id
written so that filters do not read it (``薇87O9.55I8``, ``╋薇:781乄372乄524``,
``【徴⒈⒏⒏⒉⒊⒎⒍一⒍⒋⒏〇】``, ``微信130， 31 ，1 88``), reported as a phrase
(kind ``inline``): the rest of the line stays in ``clean``.

It needs no vocabulary: an advert that hides its number from filters says
what it is by hiding it, whatever it sells and whatever the text around it
(spam of this form splices the contact into copied news). A number is
*disguised* when it holds styled digits (``⒈`` ``①`` ``𝟏``), letters that
look like digits between digits (``O`` for 0, ``I`` or ``l`` for 1), Chinese
numerals mixed with digits, separators no one writes a number with (``乄``,
``╋``, ``，``, ``❤``...), or groups no phone number has (``130 31 1 88``);
a plain number beside a marker (``微信：13800138000``) is how a business
writes its contacts, and a date, a time, an IP address, a version or a sum
is no disguise. Each way a number is disguised adds ``DISGUISE`` to the
score and the marker ``MARKER``: one disguise and a marker reach 1.0.

The number is read in the text as the caller gave it (the matching view's
NFKC folding would turn ``⒈`` back into ``1.``); its markers are found on
the view, with every other contact marker (:mod:`segtext.spam.markers`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from segtext.report import Evidence, SpamFinding
from segtext.spam.rules.base import Rule

RULE = Rule("contact.disguised", "inline", "a contact marker beside a number written in disguise")

MARKER = 0.5  # what the marker contributes
DISGUISE = 0.75  # what each way of disguising the number contributes
MIN_DIGITS = 7  # digit-like characters of a number: a phone number or an id
MAX_DIGITS = 16  # ... and at most (a longer run is a code, a hash or a table)
BEFORE = 8  # characters between a marker and the number after it
AFTER = 3  # ... and between a number and a marker after it (【...媺】)
FRAME = 24  # characters to an enclosing bracket that frames the contact

_STYLED_DIGITS = (
    "\u2460-\u249b\u24ea\u24f5-\u24ff\u2776-\u2793\u3220-\u3229\u3280-\u3289\U0001d7ce-\U0001d7ff"
)
_HAN_DIGITS = "〇零一二三四五六七八九幺两"
_LOOKALIKES = "OoIl"
_DIGITISH = f"0-9０-９{_STYLED_DIGITS}{_HAN_DIGITS}{_LOOKALIKES}"
#: What may stand between the digits of a disguised number.
_SEPARATORS = " \u3000.·,，、…乄╋+*~～★☆♡❤♥✿▋█|丨/_-‐–—－"
#: ... of which these are how numbers are grouped (010-6509 2341, 010—6509).
_GROUPING = " \u3000.-‐–—－"
_SEP = "[" + re.escape(_SEPARATORS) + "]{0,3}"
#: A run of digit-like characters, separators allowed between them, looked
#: for only in the few characters beside a contact marker (a class at the
#: start of a pattern is tried at every position of what it searches).
_RUN = re.compile(f"[{_DIGITISH}](?:{_SEP}[{_DIGITISH}])+")
_REAL = re.compile(f"[0-9０-９{_STYLED_DIGITS}]")
_STYLED = re.compile(f"[{_STYLED_DIGITS}]")
_GROUP_SEPARATOR = re.compile("[" + re.escape(_GROUPING) + "]+")
_ODD_SEPARATOR = re.compile(
    "[" + re.escape("".join(sorted(set(_SEPARATORS) - set(_GROUPING)))) + "]"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?")
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_DATE = re.compile(r"(?:19|20)\d\d[ .\-/]\d{1,2}[ .\-/]\d{1,2}")
#: What a disguised number starts or ends with, for the test beside a marker.
_NUMBERISH = frozenset("0123456789０１２３４５６７８９") | frozenset(
    chr(c)
    for lo, hi in (
        (0x2460, 0x249B),
        (0x24EA, 0x24EA),
        (0x24F5, 0x24FF),
        (0x2776, 0x2793),
        (0x3220, 0x3229),
        (0x3280, 0x3289),
        (0x1D7CE, 0x1D7FF),
    )
    for c in range(lo, hi + 1)
)
_OPEN, _CLOSE = "【〖『「〔[(（", "】〗』」〕])）"
_WINDOW = 48  # characters looked at beside a marker for its number


@dataclass(frozen=True, slots=True)
class Disguised:
    """A number in disguise: its span in the caller's text, and how."""

    start: int
    end: int
    ways: tuple[str, ...]  # styled, look-alike, numerals, separators, groups


def _ways(run: str) -> tuple[str, ...]:
    """How a run of digit-like characters disguises a number (``()`` for a
    plain number, a date, a sum, or text that is no number at all)."""
    real = len(_REAL.findall(run))
    han = sum(run.count(c) for c in _HAN_DIGITS)
    look = sum(run.count(c) for c in _LOOKALIKES)
    digits = real + han + look
    if not MIN_DIGITS <= digits <= MAX_DIGITS or real < 3:
        return ()  # a number in Chinese numerals alone is how Taiwan's news writes one
    ways: list[str] = []
    if _STYLED.search(run):
        ways.append("styled digits")
    if look:
        ways.append("letters for digits")
    if han:
        ways.append("Chinese numerals among digits")
    if (_ODD_SEPARATOR.search(run) or ".." in run) and not _THOUSANDS.fullmatch(run):
        ways.append("odd separators")
    elif not ways and real == digits and not run.startswith("00"):
        # An area code may be short (02-2345-6789); a later group of one or
        # two digits is no phone number's, nor an id's (130 31 1 88).
        groups = [g for g in _GROUP_SEPARATOR.split(run) if g]
        if (
            len(groups) >= 3
            and any(len(g) <= 2 for g in groups[1:])
            and not _DATE.fullmatch(run)
            and not _IP.fullmatch(run)
        ):
            ways.append("groups no phone number has")
    return tuple(ways)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """The run without look-alike letters at its ends (``lo`` of a word)."""
    while a < b and text[a] in _LOOKALIKES + _HAN_DIGITS:
        a += 1
    while b > a and text[b - 1] in _LOOKALIKES + _HAN_DIGITS:
        b -= 1
    return a, b


def disguised_numbers(text: str, start: int = 0, end: int | None = None) -> list[Disguised]:
    """The numbers in disguise in ``text[start:end]``, in order."""
    out: list[Disguised] = []
    end = len(text) if end is None else end
    for m in _RUN.finditer(text, start, end):
        a, b = m.span()
        a2, b2 = _trim(text, a, b)
        # Letters that look like digits, inside a word, are the word's.
        if a2 > 0 and text[a2 - 1].isascii() and text[a2 - 1].isalpha():
            continue
        if b2 < len(text) and text[b2].isascii() and text[b2].isalpha():
            continue
        if a2 > 0 and text[a2 - 1] in "+＋":
            continue  # a country code: +86 10 6509 2341
        ways = _ways(text[a2:b2])
        if ways:
            out.append(Disguised(a2, b2, ways))
    return out


def _near_digits(text: str, a: int, b: int) -> bool:
    """Whether something like a digit stands close after the marker
    ``text[a:b]`` or just before it (most markers have none: no search)."""
    return any(c in _NUMBERISH for c in text[b : b + BEFORE + 1]) or any(
        c in _NUMBERISH for c in text[max(0, a - AFTER - 1) : a]
    )


def _frame(text: str, a: int, b: int) -> tuple[int, int]:
    """``[a, b)`` widened to the brackets that frame it (``【...】``), when
    they lie within ``FRAME`` characters on its line."""
    lo = max(0, a - FRAME)
    for i in range(a - 1, lo - 1, -1):
        c = text[i]
        if c == "\n" or c in _CLOSE:
            break
        if c in _OPEN:
            close = _CLOSE[_OPEN.index(c)]
            j = text.find(close, b, b + FRAME)
            if j >= 0 and "\n" not in text[b:j]:
                return i, j + 1
            break
    return a, b


def findings(text: str, marks: Sequence[tuple[int, int]]) -> list[SpamFinding]:
    """The disguised contacts of ``text``: one finding each, the marker and
    the number (and the brackets around them), in text order. ``marks`` are
    the spans of the text's contact markers (:func:`markers.scan` finds them
    on the matching view, in one pass with the other markers)."""
    # Each number with the marker nearest it: one before it (the nearest
    # end, the longest: 扣扣 over its second 扣), else one just after it.
    best: dict[tuple[int, int], tuple[tuple[int, int, int], tuple[int, int], Disguised]] = {}
    for ma, mb in set(marks):
        if not _near_digits(text, ma, mb):
            continue
        line_end = text.find("\n", mb, mb + _WINDOW)
        stop = line_end if line_end >= 0 else min(len(text), mb + _WINDOW)
        after = [d for d in disguised_numbers(text, mb, stop) if d.start - mb <= BEFORE]
        if after:
            d, rank = after[0], (0, after[0].start - mb, ma)
        else:
            lo = max(text.rfind("\n", 0, ma) + 1, ma - _WINDOW)
            before = [d for d in disguised_numbers(text, lo, ma) if ma - d.end <= AFTER]
            if not before:
                continue
            d, rank = before[-1], (1, ma - before[-1].end, ma)
        key = (d.start, d.end)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, (ma, mb), d)
    out: list[SpamFinding] = []
    for _, (ma, mb), d in sorted(best.values(), key=lambda x: x[2].start):
        a, b = _frame(text, min(ma, d.start), max(mb, d.end))
        if out and a < out[-1].end:
            continue  # the same contact (a marker on both sides of one number)
        evidence = [Evidence(RULE.id, ma, mb, MARKER, f"a contact marker {text[ma:mb]!r}")]
        evidence += [
            Evidence(RULE.id, d.start, d.end, DISGUISE, f"a number in disguise: {way}")
            for way in d.ways
        ]
        out.append(
            SpamFinding(
                start=a,
                end=b,
                kind="inline",
                rule=RULE.id,
                score=MARKER + DISGUISE * len(d.ways),
                categories=(),
                keywords=(),
                items=1,
                message=f"a contact in disguise: {text[a:b]!r} ({', '.join(d.ways)})",
                evidence=tuple(evidence),
            )
        )
    return out
