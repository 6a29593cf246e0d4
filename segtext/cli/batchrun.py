"""Batch runs from the command line: when a run is one, its progress line, its output."""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from segtext.batch import BatchStats, run_batch
from segtext.cli import render
from segtext.config import Config
from segtext.errors import SegtextError
from segtext.inputs import InputSpec, Item, expand, expanded_items, iter_items

#: Error messages printed on stderr before the rest are only counted.
MAX_ERROR_LINES = 10


def input_spec(args: argparse.Namespace) -> InputSpec:
    """How a batch run or the HTML report reads its inputs, from their options."""
    return InputSpec(
        format=args.input_format,
        text_key=args.text_key,
        id_key=args.id_key,
        encoding=args.encoding,
        strict=args.strict,
        glob=args.glob or "*",
    )


def check_writable(path: str, what: str) -> None:
    """Refuse, before a long run starts, a file the run could not write at its end."""
    p = Path(path)
    if p.is_dir():
        raise SegtextError(f"{path}: is a directory; give a file name for the {what}")
    folder = p.parent if str(p.parent) else Path()
    if not folder.is_dir():
        raise SegtextError(f"{path}: no such directory {str(folder)!r} for the {what}")
    if not os.access(folder, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise SegtextError(f"{path}: permission denied; cannot write the {what} there")


def input_size(files: list[str]) -> int | None:
    """Bytes of all inputs (as :func:`expand` gives them) when known before
    reading them (no stdin, no gzip)."""
    total = 0
    for name in files:
        if name == "-" or name.lower().endswith(".gz"):
            return None
        try:
            total += Path(name).stat().st_size
        except OSError:
            continue
    return total


def _clock(secs: float) -> str:
    m, sec = divmod(int(secs), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


class Progress:
    """A one-line progress display, redrawn at most every ``interval`` seconds.

    Meant for a terminal: the caller creates one only when stderr is a tty.
    With ``total`` (the input's bytes) it shows the share done and the time
    left, estimated from the speed so far.
    """

    def __init__(self, stream: TextIO, interval: float = 0.2, total: int | None = None) -> None:
        self._stream = stream
        self._interval = interval
        self._last = 0.0
        self._shown = False
        self._total = total

    def line(self, stats: BatchStats) -> str:
        secs = max(stats.elapsed, 1e-9)
        done = ""
        if self._total:
            share = min(stats.bytes / self._total, 1.0)
            left = stats.elapsed * (1 - share) / share if share > 0 else None
            eta = _clock(left) if left is not None else "?"
            done = f"  {share:4.0%}  ETA {eta}"
        return (
            f"{stats.pages:,} pages{done}  {stats.bytes / secs / 1e6:.2f} MB/s"
            f"  spam {stats.spam_pages:,}  errors {stats.errors:,}  {_clock(stats.elapsed)}"
        )

    def update(self, stats: BatchStats, *, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self._last < self._interval:
            return
        self._last = now
        self._stream.write(f"\r\x1b[K{self.line(stats)}")
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False


def open_output(name: str | None, stdout: TextIO) -> tuple[TextIO, bool]:
    """The stream to write JSONL to, gzip-compressed for a ``.gz`` name.

    Returns the stream and whether the caller must close it. ``None`` or
    ``-`` is ``stdout``.
    """
    if name is None or name == "-":
        return stdout, False
    path = Path(name)
    try:
        if path.name.lower().endswith(".gz"):
            import gzip  # noqa: PLC0415 - kept off the start-up path of a one-page check

            raw = gzip.open(path, "wb", compresslevel=6)  # noqa: SIM115 - the caller closes it
            return io.TextIOWrapper(raw, encoding="utf-8", newline="\n"), True
        return path.open("w", encoding="utf-8", newline="\n"), True
    except OSError as exc:
        raise SegtextError(f"{name}: cannot write output ({exc.strerror or exc})") from None


class _Counted:
    """The items of a run, counted as they are read (to say how far an interrupted run got)."""

    def __init__(self, items: Iterator[Item]) -> None:
        self._items = items
        self.read = 0

    def __iter__(self) -> Iterator[Item]:
        for item in self._items:
            self.read += 1
            yield item


@contextlib.contextmanager
def output_to(name: str | None, stdout: TextIO) -> Iterator[TextIO]:
    """:func:`open_output` as a context: the file is closed after, stdout flushed."""
    sink, close = open_output(name, stdout)
    try:
        yield sink
    finally:
        if close:
            sink.close()
        else:
            sink.flush()


def run_batch_command(
    args: argparse.Namespace,
    config: Config,
    out: TextIO,
    err: TextIO,
    stdin: Any = None,
    *,
    as_json: bool = True,
) -> BatchStats:
    """A batch check or clean: stream the inputs through segtext.batch.

    Writes JSONL records with ``as_json``, else the text report of each
    input. The output and statistics files are checked before the run, so
    that a long run does not fail at its end.
    """
    for path, what in ((args.output, "output"), (args.stats, "statistics")):
        if path and path != "-":
            check_writable(path, what)
    spec = input_spec(args)
    shown = 0

    def on_error(message: str) -> None:
        nonlocal shown
        if args.quiet:
            return
        shown += 1
        if shown <= MAX_ERROR_LINES:
            err.write(f"segtext: error: {message}\n")
        elif shown == MAX_ERROR_LINES + 1:
            err.write("segtext: further errors are only in the output records\n")

    progress = None
    if not args.quiet and err.isatty():
        # The progress line needs the total size first: the directories are
        # listed once, for it and for the run.
        files = list(expand(args.inputs, spec.glob))
        progress = Progress(err, total=input_size(files))
        items = _Counted(expanded_items(files, spec, stdin))
    else:
        items = _Counted(iter_items(args.inputs, spec, stdin))
    renderer = None
    if not as_json:
        renderer = functools.partial(render.batch_text, explain=getattr(args, "explain", False))
    stats = BatchStats()
    with output_to(args.output, out) as sink:
        try:
            run_batch(
                items,
                sink,
                command=args.command,
                config=config,
                spec=spec,
                jobs=0 if args.jobs is None else args.jobs,
                progress=progress,
                on_error=on_error,
                render=renderer,
                output_key=getattr(args, "output_key", "clean_text"),
                stats=stats,
            )
        except KeyboardInterrupt:
            if progress is not None:
                progress.clear()
            where = f" to {args.output}" if args.output else ""
            err.write(
                f"segtext: interrupted: {items.read:,} record(s) read,"
                f" {stats.pages:,} written{where}\n"
            )
            raise
    if not args.quiet:
        err.write(stats.summary() + "\n")
    if args.stats:
        try:
            Path(args.stats).write_text(
                json.dumps({"command": args.command, **stats.as_dict()}, indent=2) + "\n",
                encoding="utf-8",
            )
        except OSError as exc:
            raise SegtextError(f"{args.stats}: cannot write statistics ({exc.strerror})") from None
    return stats
