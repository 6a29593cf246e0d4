"""``analyze``: every stage on one text, composed; and the same over windows
of an input too large to hold, with offsets into the whole input."""

from __future__ import annotations

import dataclasses
import gc
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

from segtext._args import require_str
from segtext.blocks import assign_blocks, clean_text
from segtext.config import DEFAULT_CONFIG, Config
from segtext.report import Block, HanRun, Report, ScriptRun, SpamFinding, Token
from segtext.scripts import script_runs
from segtext.spam import detect
from segtext.spam.view import View

#: Texts longer than this are analysed with the cyclic garbage collector
#: paused, when the caller's thread is the process's only one.
_GC_PAUSE_CHARS = 1 << 20

_Spanned = TypeVar("_Spanned", ScriptRun, Block, Token, SpamFinding, HanRun)


def analyze(text: str, config: Config | None = None) -> Report:
    """Split, classify and check one page; spans index into ``text``.

    Chinese tokens are included only with ``Config(tokens=True)``, so that a
    spam check never loads jieba. Raises :class:`segtext.SegtextError` only
    for an invalid config or unreadable user dictionary, never for the text.
    For a text over a million characters in a process with one thread, the
    cyclic garbage collector is paused during the call (and enabled again
    after it); with more threads it is left alone, as they would share the
    pause.
    """
    require_str(text, "analyze")
    return _paused(text, config, None)


def analyze_view(view: View, config: Config | None = None) -> Report:
    """``analyze(view.text, config)`` for a caller that has built the text's matching view.

    ``view`` must be :func:`segtext.spam.view.make_view` of the text with the
    lexicon of ``config.spam``; the spam stage then matches on it instead of
    folding and matching the text again (the HTML stage matches the same
    view for its own rules).
    """
    return _paused(view.text, config, view)


def _paused(text: str, config: Config | None, view: View | None) -> Report:
    if len(text) > _GC_PAUSE_CHARS and threading.active_count() == 1 and gc.isenabled():
        # A long text makes millions of short-lived objects and no cycles;
        # the cyclic collector's passes over the growing heap cost 12-18% on
        # one 4 MB line (bench/scale.py --cases line: 5.8-6.3 s, 4.9-5.7 s
        # paused). The switch is process-wide, so only a process with no
        # other thread to see it pauses: the command line and batch workers.
        gc.disable()
        try:
            return _analyze(text, config, view)
        finally:
            gc.enable()
    return _analyze(text, config, view)


def _analyze(text: str, config: Config | None, view: View | None) -> Report:
    cfg = config or DEFAULT_CONFIG
    runs = script_runs(text)
    detection = detect(text, cfg.spam, runs=runs, view=view)
    findings = detection.findings
    blocks = assign_blocks(text, runs, findings, cfg.blocks)
    score = max((f.score for f in findings), default=0.0)
    tokens: tuple[Token, ...] = ()
    han: tuple[HanRun, ...] = ()
    if cfg.tokens:
        from segtext.segment import han_runs, segment  # noqa: PLC0415 - loads jieba

        tokens = segment(text, cfg.segment)
        han = han_runs(text)
    return Report(
        length=len(text),
        verdict="spam" if findings else "clean",
        score=score,
        threshold=cfg.spam.threshold,
        runs=runs,
        blocks=blocks,
        spam=findings,
        tokens=tokens,
        han_runs=han,
        near_misses=detection.near_misses,
    )


def clean(text: str, config: Config | None = None) -> str:
    """The article text of a page: boilerplate, footer and spam removed."""
    require_str(text, "clean")
    report = analyze(text, config)
    return clean_text(text, report.blocks)


#: Characters per window when a large input is analysed piece by piece.
WINDOW_CHARS = 1 << 20


def iter_windows(lines: Iterable[str], size: int = WINDOW_CHARS) -> Iterator[str]:
    """Join lines into windows of about ``size`` characters, for large inputs.

    A window ends after a blank line once it has ``size`` characters, since no
    finding crosses a blank line; without one it ends at twice the size (a
    line longer than that arrives in pieces, as ``DecodedStream.lines``
    gives it). The windows, joined, are the input exactly.
    """
    buf: list[str] = []
    n = 0
    for line in lines:
        buf.append(line)
        n += len(line)
        if n >= size and (not line.strip() or n >= 2 * size):
            yield "".join(buf)
            buf, n = [], 0
    if buf:
        yield "".join(buf)


def analyze_windows(
    windows: Iterable[str], config: Config | None = None
) -> Iterator[tuple[int, str, Report]]:
    """``(offset, window, report)`` for each window; add ``offset`` to its spans.

    Memory is bounded by one window, whatever the input's size; see
    :func:`shift` for records with offsets into the whole input.
    """
    offset = 0
    for window in windows:
        yield offset, window, analyze(window, config)
        offset += len(window)


def shift(record: _Spanned, offset: int) -> _Spanned:
    """A copy of a record (run, block, token, finding) moved by ``offset``."""
    if not offset:
        return record
    changes: dict[str, object] = {"start": record.start + offset, "end": record.end + offset}
    if isinstance(record, SpamFinding):
        changes["evidence"] = tuple(
            dataclasses.replace(e, start=e.start + offset, end=e.end + offset)
            for e in record.evidence
        )
    return dataclasses.replace(record, **changes)  # type: ignore[arg-type]
