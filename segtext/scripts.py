"""Split a text into runs of one Unicode script, losslessly.

Runs tile the text exactly (``runs[0].start == 0``, each run starts where the
previous one ends, the last ends at ``len(text)``). Characters of no script of
their own (Unicode ``Common`` and ``Inherited``: digits, punctuation, spaces,
symbols, combining marks) join a neighbouring run:

- between two runs of the same script they join that script
  (``Hello, world`` is one Latin run; ``中国，北京`` one Han run);
- between two scripts, closing and sentence punctuation and the spaces after
  them stay with the run on the left, and what follows the last space goes to
  the right (``我用iPhone 15拍照`` gives Han ``我用``, Latin ``iPhone ``, Han
  ``15拍照``);
- at the start or end of the text they join the only neighbour.

A text with no letters at all is one ``Common`` run.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from segtext._args import require_str
from segtext.normalize import ascii_prefix_length
from segtext.report import ScriptRun

_C = r"\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}"
_SCRIPTS = {
    "Han": r"\p{Script=Han}",
    "Latin": r"\p{Script=Latin}",
    "Kana": r"\p{Script=Hiragana}\p{Script=Katakana}",
    "Hangul": r"\p{Script=Hangul}",
    "Cyrillic": r"\p{Script=Cyrillic}",
}
_OTHER = "[^" + "".join(_SCRIPTS.values()) + _C + "]"
# A run of one script swallows the Common characters *between* its letters
# (one greedy class and a single step back to the last letter: no repeated
# group, so memory and time stay linear on long lines); Common stretches
# at a script boundary are matched alone and given away by the rules above.
_RUN = regex.compile(
    "|".join(
        f"(?P<{name}>[{cls}](?:[{cls}{_C}]*[{cls}])?)"
        for name, cls in [*_SCRIPTS.items(), ("Other", _OTHER[1:-1])]
    )
    + f"|(?P<Common>[{_C}]+)",
    regex.V1,
)

# Within a Common stretch between two scripts: the part that stays left is its
# leading closing/sentence punctuation, and everything up to its last space.
_LEFT_PART = regex.compile(r"[\p{Pe}\p{Pf}\p{Po}]*(?:.*\s)?", regex.DOTALL)


_ASCII_NON_LETTERS = "".join(chr(c) for c in range(128) if not chr(c).isalpha())


def _raw_runs(text: str) -> Iterator[tuple[int, int, str]]:
    """The matches of _RUN over the text, in order, as (start, end, script).

    Most pages open with a long ASCII part (an English article before a
    Chinese footer), where _RUN can only find a Common stretch before the
    first letter and one Latin run from there: the Latin run ends where a
    match started at the part's last letter ends (every character between
    is Common), and a part with no letter is one Common stretch that ends
    where a match started at its last character ends. So the scan starts
    there, not at 0 (the regex costs ~10 ns a character).
    """
    pos = 0
    head_len = ascii_prefix_length(text)
    if head_len > 1:
        head = text[:head_len]
        body = head.rstrip(_ASCII_NON_LETTERS)
        if not body:  # no letter: one Common stretch, maybe reaching past the part
            m = _RUN.match(text, head_len - 1)
            assert m is not None and m.lastgroup == "Common"
            yield 0, m.end(), "Common"
            pos = m.end()
        else:
            first = head_len - len(head.lstrip(_ASCII_NON_LETTERS))
            if first > 0:
                yield 0, first, "Common"
            m = _RUN.match(text, len(body) - 1)  # at the part's last letter
            assert m is not None and m.lastgroup == "Latin"
            yield first, m.end(), "Latin"
            pos = m.end()
    for m in _RUN.finditer(text, pos):
        kind = m.lastgroup
        assert kind is not None
        yield m.start(), m.end(), kind


def script_runs(text: str) -> tuple[ScriptRun, ...]:
    """The script runs of ``text``; see the module docstring for the rules."""
    require_str(text, "script_runs")
    if not text:
        return ()
    raw = list(_raw_runs(text))
    letters = [r for r in raw if r[2] != "Common"]
    if not letters:
        return (ScriptRun(0, len(text), "Common"),)

    # Each entry: [start, end, script]; Common stretches are given away.
    merged: list[list[int | str]] = []
    n = len(raw)
    pending_left: int | None = None  # start of a Common stretch at text start
    for idx, (raw_start, b, kind) in enumerate(raw):
        a = raw_start
        if kind != "Common":
            if pending_left is not None:
                a = pending_left
                pending_left = None
            if merged and merged[-1][2] == kind and merged[-1][1] == a:
                merged[-1][1] = b
            else:
                merged.append([a, b, kind])
            continue
        if not merged:
            pending_left = a
            continue
        nxt = raw[idx + 1][2] if idx + 1 < n else None
        prev = merged[-1][2]
        if nxt is None or nxt == prev:
            merged[-1][1] = b
            continue
        m = _LEFT_PART.match(text, a, b)
        cut = m.end() if m else a
        merged[-1][1] = cut
        if cut < b:
            # The rest leads into the next run: it becomes that run's start.
            pending_left = cut
    return tuple(ScriptRun(int(s), int(e), str(k)) for s, e, k in merged)  # type: ignore[arg-type]
