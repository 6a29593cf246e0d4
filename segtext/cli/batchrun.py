"""Batch runs from the command line: when a run is one, its progress line, its output."""

from __future__ import annotations

import argparse
import io
import json
import time
from pathlib import Path
from typing import Any, TextIO

from segtext.batch import BatchStats, run_batch
from segtext.config import Config
from segtext.errors import SegtextError
from segtext.inputs import JSONL_SUFFIXES, InputSpec, iter_items

#: Error messages printed on stderr before the rest are only counted.
MAX_ERROR_LINES = 10


def wants_batch(args: argparse.Namespace) -> bool:
    """Whether a check/clean is a batch run (see the 'batch runs' option group)."""
    if args.input_format == "jsonl" or args.jobs is not None or args.glob is not None:
        return True
    if args.output is not None or args.stats is not None:
        return True
    return any(
        (args.input_format == "auto" and name.lower().endswith(JSONL_SUFFIXES))
        or (name != "-" and Path(name).is_dir())
        for name in args.inputs
    )


class Progress:
    """A one-line progress display, redrawn at most every ``interval`` seconds.

    Meant for a terminal: the caller creates one only when stderr is a tty.
    """

    def __init__(self, stream: TextIO, interval: float = 0.2) -> None:
        self._stream = stream
        self._interval = interval
        self._last = 0.0
        self._shown = False

    def update(self, stats: BatchStats, *, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self._last < self._interval:
            return
        self._last = now
        secs = max(stats.elapsed, 1e-9)
        self._stream.write(
            f"\r\x1b[K{stats.pages:,} pages  {stats.bytes / secs / 1e6:.2f} MB/s"
            f"  spam {stats.spam_pages:,}  errors {stats.errors:,}  {stats.elapsed:.0f} s"
        )
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


def run_batch_command(
    args: argparse.Namespace, config: Config, out: TextIO, err: TextIO, stdin: Any = None
) -> BatchStats:
    """A batch check or clean: stream the inputs through segtext.batch as JSONL."""
    if args.format == "text" or getattr(args, "explain", False):
        raise SegtextError("batch runs write JSONL reports; leave out --format text and --explain")
    for path, what in ((args.output, "output"), (args.stats, "statistics")):
        if path and Path(path).is_dir():  # say so before the run, not after it
            raise SegtextError(f"{path}: is a directory; give a file name for the {what}")
    spec = InputSpec(
        format=args.input_format,
        text_key=args.text_key,
        id_key=args.id_key,
        encoding=args.encoding,
        strict=args.strict,
        glob=args.glob or "*",
    )
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

    progress = Progress(err) if not args.quiet and err.isatty() else None
    sink, close = open_output(args.output, out)
    try:
        stats = run_batch(
            iter_items(args.inputs, spec, stdin),
            sink,
            command=args.command,
            config=config,
            spec=spec,
            jobs=0 if args.jobs is None else args.jobs,
            progress=progress,
            on_error=on_error,
        )
    finally:
        if close:
            sink.close()
        else:
            sink.flush()
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
