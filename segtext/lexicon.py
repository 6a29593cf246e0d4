"""The spam lexicon: where the dictionaries live, how they are read, and matching.

This is the only module that knows where the shipped dictionaries are
(``segtext.dicts`` package data of a wheel or an editable checkout).
Lexicons are built lazily, once per process and per set of user files;
:func:`reset_caches` drops them.

File format (the shipped ``spam_lexicon.tsv`` and user lexicons alike): one
entry per line, ``keyword<TAB>category<TAB>weight[<TAB>flags]``; ``#`` starts
a comment line; flags are ``-`` or a comma list of ``inline`` and
``marker``. Keywords are folded on load exactly as page text is folded
(:func:`segtext.normalize.fold`), so a user may write them in Traditional or
Simplified characters, full-width or not. An exclusions file has one phrase
per line: a keyword hit lying inside an exclusion is not counted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segtext.errors import SegtextError
from segtext.normalize import fold, non_ascii_windows

if TYPE_CHECKING:  # importing it loads importlib.resources (~5 ms at every start)
    from importlib.abc import Traversable

_SURROGATE = re.compile("[\ud800-\udfff]")
_PACKAGE = "segtext.dicts"
SPAM_LEXICON = "spam_lexicon.tsv"
SPAM_EXCLUSIONS = "spam_exclusions.txt"
_KNOWN_FLAGS = frozenset({"inline", "marker", "compound"})


@dataclass(frozen=True, slots=True)
class Entry:
    keyword: str
    category: str
    weight: float
    inline: bool = False
    marker: bool = False
    latin: bool = False  # an ASCII-letter keyword: on word boundaries, in its latin_forms too
    #: An ASCII-letter keyword matched inside longer words as well: the word
    #: brand names are glued from (``ahenkbahis``, ``slotgacor``, ``bestcasino``).
    compound: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """A hit in the folded text: ``[start, end)`` in folded coordinates."""

    start: int
    end: int
    entry: Entry


def _dicts_dir() -> Traversable:
    """The shipped dictionaries: package data, or ``dicts/`` of a source checkout.

    An installed wheel (or an editable install) has them as ``segtext.dicts``,
    a folder found through the import system; ``importlib.resources`` (which
    costs ~10 ms of imports at every start) is asked only when it is not a
    folder (a zipped install). Running from a source tree that shadows a
    regular install (tests run from the checkout) finds them beside the
    ``segtext`` folder instead.
    """
    try:
        spec = find_spec(_PACKAGE)
    except ModuleNotFoundError:
        spec = None
    if spec is None:
        return Path(__file__).resolve().parent.parent / "dicts"
    for location in spec.submodule_search_locations or ():
        folder = Path(location)
        if (folder / SPAM_LEXICON).is_file():
            return folder
    from importlib.resources import files  # noqa: PLC0415 - see above

    return files(_PACKAGE)


def read_resource(name: str) -> str:
    """The text of a shipped dictionary file."""
    try:
        return _dicts_dir().joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:  # pragma: no cover - broken install
        raise SegtextError(
            f"shipped dictionary {name!r} not found; reinstall segtext ({exc})"
        ) from exc


def _read_user_file(path: str, kind: str = "lexicon") -> str:
    p = Path(path)
    if p.is_dir():
        raise SegtextError(f"{path}: is a directory, expected a {kind} file")
    try:
        return p.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise SegtextError(f"{path}: no such {kind} file") from exc
    except UnicodeDecodeError as exc:
        raise SegtextError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise SegtextError(f"{path}: cannot read {kind} file ({exc.strerror})") from exc


def _fold_all(keys: list[str]) -> list[str]:
    """``fold(k).text`` of each key, folded in one call (a call costs about
    20 us whatever its length; lexicons are loaded at every start)."""
    if not keys or any("\n" in k for k in keys):
        return [fold(k).text for k in keys]
    folded = fold("\n".join(keys)).text.split("\n")
    if len(folded) != len(keys):  # pragma: no cover - fold made or ate a newline
        return [fold(k).text for k in keys]
    return folded


def parse_lexicon(text: str, source: str) -> list[Entry]:
    """Parse lexicon lines; a malformed line raises naming source and line."""
    rows: list[tuple[int, str, str, float, set[str]]] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in (3, 4):
            raise SegtextError(
                f"{source}:{lineno}: expected keyword<TAB>category<TAB>weight[<TAB>flags],"
                f" got {len(fields)} field(s)"
            )
        keyword, category, weight_s = (f.strip() for f in fields[:3])
        try:
            weight = float(weight_s)
        except ValueError:
            raise SegtextError(f"{source}:{lineno}: weight {weight_s!r} is not a number") from None
        if not 0 < weight <= 5:
            raise SegtextError(f"{source}:{lineno}: weight {weight:g} is outside (0, 5]")
        flags = {f.strip() for f in fields[3].split(",")} - {"-", ""} if len(fields) == 4 else set()
        if flags - _KNOWN_FLAGS:
            raise SegtextError(
                f"{source}:{lineno}: unknown flag(s) {sorted(flags - _KNOWN_FLAGS)};"
                " allowed: inline, marker, compound"
            )
        if "compound" in flags and not re.fullmatch("[a-z0-9]*[a-z][a-z0-9]*", keyword.lower()):
            raise SegtextError(
                f"{source}:{lineno}: flag compound is for one word of English letters,"
                f" not {keyword!r}"
            )
        rows.append((lineno, keyword, category, weight, flags))
    entries: list[Entry] = []
    for (lineno, _, category, weight, flags), key in zip(
        rows, _fold_all([r[1] for r in rows]), strict=True
    ):
        if not key or not category:
            raise SegtextError(f"{source}:{lineno}: empty keyword or category")
        entries.append(
            Entry(
                key,
                category,
                weight,
                inline="inline" in flags,
                marker="marker" in flags,
                latin=key.isascii() and any(c.isalpha() for c in key),
                compound="compound" in flags,
            )
        )
    return entries


def parse_exclusions(text: str) -> list[str]:
    return _fold_all(
        [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
    )


class Matcher:
    """Every occurrence of a set of strings in a text, overlaps included.

    An Aho-Corasick automaton from ahocorasick-rs (Rust): about 3x faster
    than pyahocorasick on the Chinese windows of the bench pages (34 -> 11 us
    a page), with the same matches. Offsets are code points.

    ``dfa=True`` builds a full DFA, for a small set of keys that scans whole
    pages: it scans 40% faster (lexicon's ASCII keywords, 118 keys: 21.6 ->
    12.4 us a bench page) and builds in under a millisecond; the same
    matches in the same order.
    """

    def __init__(self, keys: list[str], *, dfa: bool = False) -> None:
        import ahocorasick_rs  # noqa: PLC0415 - built on first match

        if not keys or not all(keys):
            raise ValueError("Matcher needs non-empty strings")
        if dfa:
            impl = ahocorasick_rs.Implementation.DFA
            self._auto = ahocorasick_rs.AhoCorasick(keys, implementation=impl)
        else:
            self._auto = ahocorasick_rs.AhoCorasick(keys)
        # A lone surrogate cannot be encoded to UTF-8, which the automaton
        # reads: it is swapped for a character no key holds (same length).
        self._stand_in = next(c for c in "\ufffd\uffff\U0010ffff" if all(c not in k for k in keys))

    def spans(self, text: str) -> list[tuple[int, int, int]]:
        """``(key index, start, end)`` of every occurrence."""
        try:
            found: list[tuple[int, int, int]] = self._auto.find_matches_as_indexes(
                text, overlapping=True
            )
        except UnicodeEncodeError:
            found = self._auto.find_matches_as_indexes(
                _SURROGATE.sub(self._stand_in, text), overlapping=True
            )
        return found


def latin_forms(key: str) -> list[str]:
    """The other spellings an English-letter keyword is matched in: words
    joined by hyphens (``first-copy``) as well as spaces, and the last word
    in the plural (``essay writing services``, ``casinos``). A keyword that
    already ends in ``s`` or a digit keeps its own ending."""
    stems = [key]
    if " " in key:
        stems.append(key.replace(" ", "-"))
    out = stems[1:]
    if key[-1].isalpha() and key[-1] != "s":
        if key.endswith(("x", "ch", "sh")):
            out.extend(s + "es" for s in stems)
        elif len(key) > 1 and key[-1] == "y" and key[-2] not in "aeiou":
            out.extend(s[:-1] + "ies" for s in stems)
        else:
            out.extend(s + "s" for s in stems)
    return out


class Lexicon:
    """Keyword entries compiled into one Aho-Corasick automaton.

    Picklable: the automaton is rebuilt from the entries on arrival.
    """

    def __init__(self, entries: Iterable[Entry], exclusions: Iterable[str] = ()) -> None:
        by_key: dict[str, Entry] = {}
        for e in entries:  # later files override earlier ones
            by_key[e.keyword] = e
        self.entries: dict[str, Entry] = by_key
        self.exclusions: tuple[str, ...] = tuple(sorted(set(exclusions)))
        self._auto: Matcher | None = None
        self._excl_auto: Matcher | None = None
        self._key_entries: list[Entry] = []
        self._ascii_keys: list[tuple[str, Entry]] = []
        self._ascii_auto: Matcher | None = None
        self._longest = 1

    def __getstate__(self) -> dict[str, Any]:
        return {"entries": self.entries, "exclusions": self.exclusions}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.entries = state["entries"]
        self.exclusions = state["exclusions"]
        self._auto = None
        self._excl_auto = None
        self._key_entries = []
        self._ascii_keys = []
        self._ascii_auto = None
        self._longest = 1

    def _automata(self) -> tuple[Matcher, Matcher | None, list[tuple[str, Entry]], int]:
        if self._auto is None:
            forms = dict(self.entries)
            for k, e in self.entries.items():
                # A compound keyword's own match inside its plural says it once.
                if e.latin and not e.compound:
                    for form in latin_forms(k):
                        forms.setdefault(form, e)
            keys = list(forms)
            auto = Matcher(keys)
            self._key_entries = [forms[k] for k in keys]
            phrases = [p for p in self.exclusions if p]
            excl = Matcher(phrases) if phrases else None
            ascii_keys = [(k, e) for k, e in forms.items() if k.isascii()]
            longest = max(len(k) for k in forms)
            if any(p.isascii() for p in self.exclusions):
                longest = max(longest, 10**9)  # an ASCII exclusion: search everywhere
            self._longest = longest
            self._auto, self._excl_auto, self._ascii_keys = auto, excl, ascii_keys
        return self._auto, self._excl_auto, self._ascii_keys, self._longest

    def _ascii_automaton(self) -> Matcher:
        if self._ascii_auto is None:
            self._ascii_auto = Matcher([k for k, _ in self._automata()[2]], dfa=True)
        return self._ascii_auto

    def windows(self, folded: str) -> list[tuple[int, int]]:
        """Where :meth:`find` runs the automaton (pass them back to share the work)."""
        return non_ascii_windows(folded, self._automata()[3] - 1)

    def exclusion_spans(self, folded: str, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Where the exclusion phrases lie in ``folded`` (sorted), inside ``windows``."""
        excl = self._automata()[1]
        if excl is None:
            return []
        return sorted(
            (wa + start, wa + end)
            for wa, wb in windows
            for _, start, end in excl.spans(folded[wa:wb])
        )

    def find(
        self,
        folded: str,
        windows: list[tuple[int, int]] | None = None,
        excluded: list[tuple[int, int]] | None = None,
    ) -> list[Match]:
        """Every keyword occurrence in ``folded`` (overlaps included), sorted.

        ``windows`` are those of :meth:`windows` for this text, and
        ``excluded`` those of :meth:`exclusion_spans` in these windows, if the
        caller already has them.
        """
        if not folded or not self.entries:
            return []
        auto, _, ascii_keys, longest = self._automata()
        if windows is None:
            windows = non_ascii_windows(folded, longest - 1)
        raw: list[tuple[int, int, Entry]] = []
        # The automaton gets each window as its own string (a slice costs its
        # length; matching the whole text would cost all of it per window).
        key_entries = self._key_entries
        for wa, wb in windows:
            for i, start, end in auto.spans(folded[wa:wb]):
                raw.append((wa + start, wa + end, key_entries[i]))
        # ASCII keywords outside the windows, in one pass of their own
        # automaton over the text (a str.find scan per keyword cost a pass
        # each); a hit inside a window was already found by the automaton.
        if ascii_keys:
            wstarts = [a for a, _ in windows]
            ascii_auto = self._ascii_automaton()
            for k, start, end in ascii_auto.spans(folded):
                i = bisect.bisect_right(wstarts, start) - 1
                if not (i >= 0 and end <= windows[i][1]):
                    raw.append((start, end, ascii_keys[k][1]))
        if not raw:
            return []
        covered = self.exclusion_spans(folded, windows) if excluded is None else excluded
        cover_starts = [a for a, _ in covered]
        widest = max((b - a for a, b in covered), default=0)
        out: list[Match] = []
        size = len(folded)
        for start, end, entry in raw:
            # An English letter at either end of a keyword is bounded there
            # (av在线 is no hit in java在线, pp电子 none in app电子书); a
            # compound keyword is matched inside words.
            if not entry.compound and (
                (
                    start > 0
                    and folded[start - 1].isascii()
                    and folded[start - 1].isalpha()
                    and (entry.latin or (folded[start].isascii() and folded[start].isalpha()))
                )
                or (
                    end < size
                    and folded[end].isascii()
                    and folded[end].isalpha()
                    and (entry.latin or (folded[end - 1].isascii() and folded[end - 1].isalpha()))
                )
            ):
                continue
            if covered:
                lo = bisect.bisect_left(cover_starts, start - widest)
                hi = bisect.bisect_right(cover_starts, start)
                if any(covered[i][1] >= end for i in range(lo, hi)):
                    continue
            out.append(Match(start, end, entry))
        out.sort(key=lambda m: (m.start, -m.end))
        return out


@lru_cache(maxsize=8)
def load_lexicon(
    user_files: tuple[str, ...] = (), exclusion_phrases: tuple[str, ...] = ()
) -> Lexicon:
    """The shipped lexicon plus user lexicons, cached per process.

    ``exclusion_phrases`` are literal phrases (a user may also pass a file of
    them with ``--exclusions FILE`` on the command line).
    """
    entries = parse_lexicon(read_resource(SPAM_LEXICON), SPAM_LEXICON)
    for path in user_files:
        entries.extend(parse_lexicon(_read_user_file(path), path))
    exclusions = parse_exclusions(read_resource(SPAM_EXCLUSIONS))
    exclusions.extend(fold(p).text for p in exclusion_phrases if p.strip())
    return Lexicon(entries, exclusions)


def read_exclusions_file(path: str) -> tuple[str, ...]:
    """Phrases from a user exclusions file, one per line."""
    return tuple(
        line.strip()
        for line in _read_user_file(path, "exclusions").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


def reset_caches() -> None:
    """Forget every loaded lexicon (after editing dictionary files)."""
    load_lexicon.cache_clear()
