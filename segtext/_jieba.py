"""jieba's dictionary and word cutting, loaded fast and quietly (private).

segtext keeps jieba as its engine: the word list and frequencies are jieba's
``dict.txt``, new words are guessed by jieba's own HMM (``jieba.finalseg``),
and a Han run is cut by the same maximum-probability route over the same
word graph, with the same tie-breaking, so the words are jieba's (a test
compares them with ``jieba.Tokenizer`` on real text). What differs is how the
dictionary is held:

- it is parsed once and cached in the user's cache directory
  (:func:`cache_dir`, never ``/tmp``), keyed by the dictionary file's hash and
  size, jieba's version and Python's ``marshal`` version, written atomically
  and rebuilt if unreadable;
- the cache is sharded by first character and a shard is unpacked only when a
  text contains that character, so a first call on a short text touches a
  small part of the 500,000 entries jieba loads up front;
- log-probabilities are computed once per entry instead of once per lookup;
- nothing is logged and no ``jieba.Tokenizer`` (which holds a lock and cannot
  be pickled) is built; ``jieba.finalseg`` is imported only when HMM is used.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from importlib.util import find_spec
from pathlib import Path

from segtext.errors import SegtextError

# Bump when the cache layout changes.
_CACHE_FORMAT = 1

# jieba's own Han range: characters outside it never reach its word graph
# (it emits them one by one), so the same holds here.
JIEBA_HAN = re.compile("[\u4e00-\u9fd5]+")

# Marks "not in the dictionary at all" apart from None, "a prefix only".
_MISSING: float = math.nan


def cache_dir() -> Path:
    """Where segtext may write: ``$SEGTEXT_CACHE_DIR``, else the user cache dir.

    The user cache dir is ``$XDG_CACHE_HOME/segtext`` (``~/.cache/segtext``
    when unset) on POSIX and ``%LOCALAPPDATA%\\segtext\\Cache`` on Windows.
    """
    env = os.environ.get("SEGTEXT_CACHE_DIR")
    if env:
        return Path(env)
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "segtext" / "Cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "segtext"


def _jieba_dir() -> Path:
    spec = find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise SegtextError("segmentation needs jieba: pip install jieba")
    return Path(next(iter(spec.submodule_search_locations)))


def _jieba_version(package_dir: Path) -> str:
    # Read rather than import: importing jieba costs ~0.1 s we may not need.
    try:
        source = (package_dir / "__init__.py").read_text(encoding="utf-8")
    except OSError:
        return "unknown"
    m = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)", source, re.M)
    return m.group(1) if m else "unknown"


def parse_jieba_dict(data: bytes, name: str) -> tuple[dict[str, dict[str, int]], int]:
    """Parse jieba's ``word freq [tag]`` file into per-first-character groups.

    Returns ``({first character: {word: frequency}}, total)``. Like jieba,
    every prefix of a word is entered with frequency 0 (so the word graph
    knows when to stop extending) unless it is a word itself, and a later
    line for the same word wins.
    """
    groups: dict[str, dict[str, int]] = {}
    total = 0
    for lineno, raw in enumerate(data.decode("utf-8-sig").splitlines(), 1):
        parts = raw.strip().split(" ")
        word = parts[0]
        if not word:
            continue
        try:
            n = int(parts[1])
        except (IndexError, ValueError):
            raise SegtextError(f"{name}, line {lineno}: expected 'word frequency [tag]'") from None
        group = groups.get(word[0])
        if group is None:
            group = groups[word[0]] = {}
        group[word] = n
        total += n
        for i in range(1, len(word)):
            if word[:i] not in group:
                group[word[:i]] = 0
    return groups, total


def _write_atomically(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def default_dictionary() -> tuple[Path, bytes, str]:
    """jieba's default ``dict.txt``: its path, its bytes and jieba's version."""
    package_dir = _jieba_dir()
    dict_path = package_dir / "dict.txt"
    try:
        data = dict_path.read_bytes()
    except OSError as exc:
        raise SegtextError(f"cannot read jieba's dictionary {dict_path}: {exc}") from exc
    return dict_path, data, _jieba_version(package_dir)


def load_base() -> tuple[int, dict[str, bytes]]:
    """jieba's default dictionary as ``(total, shards)``, from cache if possible.

    A missing, stale or corrupt cache is rebuilt from ``dict.txt``; an
    unwritable cache directory only costs the rebuild in every process.
    """
    dict_path, data, version = default_dictionary()
    digest = hashlib.blake2b(data, digest_size=12).hexdigest()
    key = f"jieba-{version}-{digest}-{len(data)}-m{marshal.version}"
    cache = cache_dir() / f"{key}.v{_CACHE_FORMAT}.marshal"
    try:
        loaded = marshal.loads(cache.read_bytes())
        if (
            isinstance(loaded, tuple)
            and len(loaded) == 3
            and loaded[0] == _CACHE_FORMAT
            and isinstance(loaded[1], int)
            and isinstance(loaded[2], dict)
        ):
            return loaded[1], loaded[2]
    except (OSError, EOFError, ValueError, TypeError):
        pass
    groups, total = parse_jieba_dict(data, str(dict_path))
    shards = {first: marshal.dumps(group) for first, group in groups.items()}
    with contextlib.suppress(OSError):  # unwritable: rebuild in every process
        _write_atomically(cache, marshal.dumps((_CACHE_FORMAT, total, shards)))
    return total, shards


class Dictionary:
    """jieba's word graph with optional user words; shards load on demand.

    ``user`` maps Simplified user words to their frequencies. As in jieba's
    ``add_word``, each adds its frequency to the total and its prefixes as
    frequency-0 entries; a frequency of 0 forces the word apart.
    """

    def __init__(self, total: int, shards: dict[str, bytes], user: dict[str, int]) -> None:
        self.total = total + sum(user.values())
        self._neg_logtotal = -math.log(self.total)
        self._shards = shards
        self._user: dict[str, dict[str, int]] = {}
        for word, n in user.items():
            group = self._user.setdefault(word[0], {})
            for i in range(1, len(word)):
                group.setdefault(word[:i], 0)
            group[word] = n
        self.force_split = frozenset(w for w, n in user.items() if n == 0)
        # word -> log probability; None marks a prefix that is not a word.
        self.logp: dict[str, float | None] = {}
        self._loaded: set[str] = set()
        self._finalseg: Callable[[str], Iterator[str]] | None = None

    def load(self, chars: Iterable[str]) -> None:
        """Unpack the shards of the first characters in ``chars``."""
        new = set(chars) - self._loaded
        if not new:
            return
        logtotal = -self._neg_logtotal
        log = math.log
        for c in new:
            blob = self._shards.get(c)
            raw: dict[str, int] = marshal.loads(blob) if blob is not None else {}
            extra = self._user.get(c)
            if extra:
                for w, n in extra.items():
                    if n or w not in raw:
                        raw[w] = n
            # Same expression as jieba's route score, so sums are bit-identical.
            self.logp.update({w: (log(n) - logtotal if n else None) for w, n in raw.items()})
            # Marked only once its words are in: another thread that sees the
            # mark may cut at once (loading twice is harmless).
            self._loaded.add(c)

    def _freq(self, word: str) -> int:
        lp = self.logp.get(word)
        return round(math.exp(lp - self._neg_logtotal)) if lp is not None else 0

    def suggest_freq(self, word: str) -> int:
        """The frequency that keeps ``word`` whole (jieba's ``suggest_freq``).

        The product of the probabilities of the pieces ``word`` would be cut
        into, as a frequency, plus one; at least its current frequency.
        """
        self.load(word)
        p = 1.0
        for piece in self.cut(word, hmm=False):
            p *= (self._freq(piece) or 1) / self.total
        return max(int(p * self.total) + 1, self._freq(word) or 1)

    def cut(self, s: str, hmm: bool) -> list[str]:
        """Cut a Han string (characters in jieba's range) into words.

        Shards for ``s`` must be loaded (:meth:`load`).
        """
        n = len(s)
        if n == 1:
            return [s]
        get = self.logp.get
        neg = self._neg_logtotal
        missing = _MISSING
        score = [0.0] * (n + 1)
        nxt = list(range(1, n + 2))
        for i in range(n - 1, -1, -1):
            v = get(s[i], missing)
            if v is missing:  # not even a prefix: a lone character
                score[i] = neg + score[i + 1]
                continue
            best = -math.inf
            end = 0
            j = i + 1
            while True:
                if v is not None:
                    sc = v + score[j]
                    if sc >= best:  # ties go to the longer word, as in jieba
                        best = sc
                        end = j
                if j >= n:
                    break
                j += 1
                v = get(s[i:j], missing)
                if v is missing:
                    break
            if end:
                score[i] = best
                nxt[i] = end
            else:
                score[i] = neg + score[i + 1]
        words: list[str] = []
        i = 0
        if not hmm:
            while i < n:
                j = nxt[i]
                words.append(s[i:j])
                i = j
            return words
        buf_start = -1
        while i < n:
            j = nxt[i]
            if j - i == 1:
                if buf_start < 0:
                    buf_start = i
            else:
                if buf_start >= 0:
                    self._flush(s[buf_start:i], words)
                    buf_start = -1
                words.append(s[i:j])
            i = j
        if buf_start >= 0:
            self._flush(s[buf_start:], words)
        return words

    def _flush(self, buf: str, words: list[str]) -> None:
        # Single characters in a row: a known word stays split, anything else
        # goes to jieba's HMM to guess new words (jieba's rule).
        if len(buf) == 1 or self.logp.get(buf) is not None:
            words.extend(buf)
            return
        if self._finalseg is None:
            from jieba import finalseg  # noqa: PLC0415 - only needed with HMM on

            self._finalseg = finalseg.cut
        for w in self._finalseg(buf):
            if w in self.force_split:
                words.extend(w)
            else:
                words.append(w)
