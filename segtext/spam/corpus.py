"""Labelled pages for fitting and evaluating the spam model.

A corpus is a folder with a ``labels.json`` that maps a file name (relative
to the folder) to its labels: ``label`` (``spam``, ``clean`` or
``borderline``) and, for spam, ``lines`` (1-based numbers of the spam lines)
and/or ``text`` (an exact spam substring, for phrases spliced into a line);
a spam page with neither is spam as a whole (every non-blank line);
``kind``, ``form``, ``lang`` and ``trap`` are kept for the evaluation's
tables. A ``MANIFEST.md`` beside it, when present, names each file's source
in a Markdown table (``| file | source | ...``): pages of one site (one
registered domain, one GitHub owner) form one *group*, so that folds never
put the same site on both sides. This is the format of the project's
development corpus and the format in which a user labels pages of their own.

Only the fitting command and the evaluations read corpora; the detector never
does.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from segtext.errors import SegtextError

_ROW = re.compile(r"^\|\s*([^|\s]+\.(?:txt|html?))\s*\|\s*([^|]*)\|")
_URL = re.compile(r"https?://[^\s|)]+")
# Second-level labels under which registrations are made (example.com.cn).
_SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "co", "ac", "or", "ne", "go"})


@dataclass(frozen=True, slots=True)
class Page:
    """One labelled page: its text and the 0-based indices of its spam lines."""

    name: str  # corpus-folder/file
    text: str
    label: str  # spam, clean
    spam_lines: frozenset[int]
    spans: tuple[tuple[int, int], ...]  # exact spam substrings (inline labels)
    group: str  # the site: pages of one group stay on one side of a fold
    kind: str  # cluster, contact, inline, doorway, prose, link-farm, non-zh, ... or ""
    lang: str
    trap: bool

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def site_of(source: str) -> str:
    """The group key of a source: registered domain, or ``github.com/owner``."""
    m = _URL.search(source)
    if not m:
        return ""
    parts = urlsplit(m.group())
    host = (parts.hostname or "").lower()
    if host in ("github.com", "gitee.com", "gist.github.com"):
        owner = parts.path.strip("/").split("/")[0].lower()
        return f"{host}/{owner}"
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _sources(folder: Path) -> dict[str, str]:
    manifest = folder / "MANIFEST.md"
    if not manifest.is_file():
        return {}
    out: dict[str, str] = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if m and m.group(1) not in out:
            out[m.group(1)] = site_of(m.group(2))
    return out


def _spam_lines(
    text: str, labels: dict[str, object]
) -> tuple[frozenset[int], list[tuple[int, int]]]:
    lines = labels.get("lines") or []
    n_lines = text.count("\n") + 1
    if not isinstance(lines, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= n_lines for n in lines
    ):
        raise SegtextError(
            f"'lines' must be a list of line numbers from 1 to {n_lines}, not {lines!r}"
        )
    idx = {n - 1 for n in lines}
    spans: list[tuple[int, int]] = []
    snippet = labels.get("text")
    if snippet is not None and not isinstance(snippet, str):
        raise SegtextError(f"'text' must be the spam text as a string, not {snippet!r}")
    if snippet:
        pos = text.find(snippet)
        if pos < 0:
            raise SegtextError(f"the labelled spam text {snippet[:40]!r} is not on the page")
        while pos >= 0:
            spans.append((pos, pos + len(snippet)))
            first = text.count("\n", 0, pos)
            idx.update(range(first, first + snippet.rstrip("\n").count("\n") + 1))
            pos = text.find(snippet, pos + len(snippet))
    if not lines and not snippet:  # labelled spam, nothing named: spam as a whole
        idx = {i for i, line in enumerate(text.split("\n")) if line.strip()}
    return frozenset(idx), spans


def load_folder(folder: Path) -> list[Page]:
    """The labelled pages of one corpus folder (borderline pages left out)."""
    labels_path = folder / "labels.json"
    try:
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SegtextError(f"{folder}: no labels.json (see segtext.spam.corpus)") from exc
    sources = _sources(folder)
    pages = []
    for name, lab in sorted(labels.items()):
        label = lab.get("label")
        if label not in ("spam", "clean"):
            continue
        text = (folder / name).read_text(encoding="utf-8")
        try:
            spam_lines, spans = _spam_lines(text, lab) if label == "spam" else (frozenset(), [])
        except SegtextError as exc:
            raise SegtextError(f"{labels_path}: {name}: {exc}") from exc
        group = sources.get(name) or f"{folder.name}/{name}"
        pages.append(
            Page(
                name=f"{folder.name}/{name}",
                text=text,
                label=label,
                spam_lines=spam_lines,
                spans=tuple(spans),
                group=group,
                kind=str(lab.get("kind") or ""),
                lang=str(lab.get("lang") or "zh"),
                trap=bool(lab.get("trap")),
            )
        )
    return pages


def load_corpus(folders: Iterable[Path]) -> list[Page]:
    """Pages of several folders; a text met twice is kept once (the first)."""
    seen: set[str] = set()
    out = []
    for folder in folders:
        for page in load_folder(folder):
            digest = hashlib.sha1(page.text.encode("utf-8", "surrogatepass")).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            out.append(page)
    return out


def folds(pages: list[Page], k: int, seed: int = 0) -> Iterator[tuple[list[Page], list[Page]]]:
    """``k`` (fit, validation) splits with every site on one side only.

    Groups are dealt to folds in a fixed order (by a hash of the group name,
    not by Python's salted ``hash``), so the folds are the same on every run
    and machine.
    """

    def bucket(group: str) -> int:
        digest = hashlib.sha1(f"{seed}:{group}".encode()).hexdigest()
        return int(digest[:8], 16) % k

    for i in range(k):
        fit = [p for p in pages if bucket(p.group) != i]
        val = [p for p in pages if bucket(p.group) == i]
        yield fit, val
