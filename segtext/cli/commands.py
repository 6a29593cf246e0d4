"""The command table: one entry per ``segtext`` command, one handler per input kind.

To add a command, write its handlers and add one :class:`Command` to
:data:`COMMANDS`: the parser, ``--help`` and dispatch all read the table. A
command over documents gives three handlers (plain text, HTML, and an input
too large to hold, analysed in windows), each returning whether the input
was spam; :func:`run_documents` reads the inputs and calls them. A command
of another shape (a report over earlier JSONL output, say) gives its own
``run(ctx) -> exit status`` and the option groups it needs::

    COMMANDS["report"] = Command(
        help="summarise the JSONL records of earlier runs",
        options=(opt.inputs, opt.quiet),
        run=run_report,
    )

A new output format of a document command is one more choice in its
``opt.output_format(..., formats=(*opt.FORMATS, "html"))`` and a branch on
``ctx.args.format`` in its handlers.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from segtext.blocks import clean_text
from segtext.cli import parser as opt
from segtext.cli import render
from segtext.cli import report as report_command
from segtext.cli.parser import OptionGroup
from segtext.cli.settings import settings_for
from segtext.config import Config, SegmentConfig, SpamConfig
from segtext.decode import Decoded
from segtext.errors import SegtextError
from segtext.inputs import InputSpec, Source, StreamSource, read_sources
from segtext.lexicon import read_exclusions_file
from segtext.output import StreamedRecord, finding, html_record, text_record, to_json
from segtext.pipeline import WINDOW_CHARS, analyze, analyze_windows, iter_windows, shift
from segtext.report import Report, ScriptRun, SpamFinding

if TYPE_CHECKING:
    from segtext.html import HtmlReport

# segtext.html is imported where an HTML input is met, so that a plain-text
# check does not load it.

EXIT_CLEAN = 0
EXIT_SPAM = 1
EXIT_ERROR = 2


@dataclass(slots=True)
class Context:
    """One run of a command: its options, streams and configuration."""

    args: argparse.Namespace
    out: TextIO
    err: TextIO
    stdin: Any = None
    config: Config = field(default_factory=Config)

    @property
    def as_json(self) -> bool:
        """JSON records: asked for, or the default for JSONL input."""
        fmt = getattr(self.args, "format", None)
        return fmt in ("json", "jsonl") or (fmt is None and jsonl_input(self.args))

    @property
    def color(self) -> bool:
        return self.args.command == "check" and self.out.isatty() and not os.environ.get("NO_COLOR")

    def error(self, exc: SegtextError) -> None:
        if not self.args.quiet:
            self.err.write(f"segtext: error: {exc}\n")


TextHandler = Callable[[Context, Source], bool]
HtmlHandler = Callable[[Context, Source], bool]
StreamHandler = Callable[[Context, StreamSource], bool]


@dataclass(frozen=True, slots=True)
class Command:
    """One ``segtext`` command.

    ``help``: what it does, one line (``segtext --help`` lists it, and it
    heads ``segtext COMMAND --help``). ``options``: the option groups of
    :mod:`segtext.cli.parser` it offers. ``run`` returns the exit status;
    commands over documents leave it out and give ``text``, ``html`` and
    ``stream`` handlers (``batch``: whether directories and JSONL make a
    batch run).
    """

    help: str
    options: tuple[OptionGroup, ...]
    text: TextHandler | None = None
    html: HtmlHandler | None = None
    stream: StreamHandler | None = None
    batch: bool = False
    run: Callable[[Context], int] | None = None
    segments: bool = False  # analyze() with tokens: the one kind that loads jieba


def config_from(args: argparse.Namespace, command: Command) -> Config:
    """The :class:`Config` of one command: its options over the project configuration."""
    isolated = getattr(args, "isolated", False)
    found = settings_for(getattr(args, "config", None), isolated, Path.cwd())
    threshold = getattr(args, "threshold", None)
    exclusions_file = getattr(args, "exclusions", None) or found.exclusions
    exclusions = read_exclusions_file(exclusions_file) if exclusions_file else ()
    spam = SpamConfig(
        threshold=threshold if threshold is not None else found.threshold or SpamConfig().threshold,
        lexicons=tuple(getattr(args, "lexicon", ()) or found.lexicons),
        exclusions=exclusions,
        model=not getattr(args, "no_model", False),
        model_path=getattr(args, "model", None) or found.model,
        # --explain shows why a clean page is clean: its strongest candidates.
        near_misses=bool(getattr(args, "explain", False)),
    )
    seg = SegmentConfig(
        mode=getattr(args, "mode", "precise"),
        hmm=getattr(args, "hmm", "auto"),
        user_dicts=tuple(getattr(args, "user_dict", ()) or found.user_dicts),
    )
    return Config(segment=seg, spam=spam, tokens=command.segments)


# --- whole inputs ---------------------------------------------------------------


def _head(src: Source | StreamSource) -> dict[str, Any]:
    return {"input": src.name}


def _on_text(show: Callable[[Context, Source, Report], str]) -> TextHandler:
    """The handler of plain text: analyze, then the JSON record or ``show``'s report."""

    def handle(ctx: Context, src: Source) -> bool:
        text = src.decoded.text
        report = analyze(text, ctx.config)
        if ctx.as_json:
            meta = src.decoded.as_meta()
            ctx.out.write(to_json(text_record(_head(src), report, text, ctx.args.command, meta)))
            ctx.out.write("\n")
        else:
            ctx.out.write(show(ctx, src, report))
        return report.is_spam

    return handle


def _show_check(ctx: Context, src: Source, report: Report) -> str:
    return render.render_check(src, report, explain=ctx.args.explain, color=ctx.color)


def _show_clean(ctx: Context, src: Source, report: Report) -> str:
    return clean_text(src.decoded.text, report.blocks)


def _show_segment(ctx: Context, src: Source, report: Report) -> str:
    return render.render_segment(report, src.decoded.text)


def _show_split(ctx: Context, src: Source, report: Report) -> str:
    return render.render_split(src, report)


def _analyze_html(ctx: Context, src: Source) -> HtmlReport:
    from segtext import html as html_stage  # noqa: PLC0415 - see the imports

    return html_stage.analyze_html(src.decoded.text, ctx.config)


def _html_meta(src: Source) -> dict[str, Any]:
    return {**src.decoded.as_meta(), "html": True}


def _check_html(ctx: Context, src: Source) -> bool:
    rep = _analyze_html(ctx, src)
    if ctx.as_json:
        ctx.out.write(to_json(html_record(_head(src), rep, "check", _html_meta(src))) + "\n")
    else:
        explain = ctx.args.explain
        ctx.out.write(render.render_html_check(src, rep, explain=explain, color=ctx.color))
    return rep.is_spam


def _clean_html(ctx: Context, src: Source) -> bool:
    rep = _analyze_html(ctx, src)
    if ctx.as_json:
        ctx.out.write(to_json(html_record(_head(src), rep, "clean", _html_meta(src))) + "\n")
    else:
        from segtext.html import article_text  # noqa: PLC0415 - see the imports

        ctx.out.write(article_text(rep))
    return rep.is_spam


def _as_extracted_text(handler: TextHandler) -> HtmlHandler:
    """An HTML handler that runs ``handler`` on the page's extracted text."""

    def on_html(ctx: Context, src: Source) -> bool:
        from segtext import html as html_stage  # noqa: PLC0415 - see the imports

        text = html_stage.extract(src.decoded.text).text
        return handler(ctx, Source(src.name, Decoded(text, src.decoded.encoding), False))

    return on_html


# --- inputs too large to hold: analysed in windows of about a megabyte -------------


class _Windows:
    """The windows of a streamed input with their reports, and totals as they go.

    Offsets of the records handed out are into the whole input. Once the
    iteration has ended, ``findings``, ``counts``, ``length`` and
    :meth:`tail` describe the whole input.
    """

    def __init__(self, ctx: Context, src: StreamSource) -> None:
        self._ctx = ctx
        self._src = src
        self.findings: list[SpamFinding] = []
        self.records: list[dict[str, Any]] = []  # the findings' JSON, placed in the input
        self.counts: dict[str, int] = {}
        self.length = 0
        self.line0 = 0  # lines before the current window

    def __iter__(self) -> Iterator[tuple[int, str, Report]]:
        lines = self._src.stream.lines(max_chars=WINDOW_CHARS)
        windows = iter_windows(lines, WINDOW_CHARS)
        for offset, window, report in analyze_windows(windows, self._ctx.config):
            self.findings.extend(shift(f, offset) for f in report.spam)
            self.records.extend(
                finding(f, window, offset=offset, line0=self.line0) for f in report.spam
            )
            yield offset, window, report
            render.role_counts(report.blocks, self.counts)
            self.line0 += window.count("\n")
            self.length += len(window)

    @property
    def score(self) -> float:
        return max((f.score for f in self.findings), default=0.0)

    def meta(self) -> dict[str, Any]:
        s = self._src.stream
        return {
            "encoding": s.encoding,
            "encoding_detected": s.detected,
            "bom": s.bom,
            "replaced": s.replaced,
            "streamed": True,
        }

    def tail(self, *, report: bool) -> dict[str, Any]:
        """The keys known at the end: the verdict (with ``report``, the findings), ``meta``."""
        tail: dict[str, Any] = {"verdict": "spam" if self.findings else "clean"}
        if report:
            tail.update(
                score=round(self.score, 3),
                threshold=self._ctx.config.spam.threshold,
                length=self.length,
                spam=self.records,
            )
        tail["meta"] = self.meta()
        return tail


def _stream_blocks(ctx: Context, src: StreamSource) -> bool:
    """``check``/``split --format json``: blocks as they come, the verdict last."""
    windows = _Windows(ctx, src)
    rec = StreamedRecord(ctx.out, _head(src), "blocks")
    for offset, _window, report in windows:
        for b in report.blocks:
            rec.add(shift(b, offset).as_dict())
    rec.close(windows.tail(report=True))
    return bool(windows.findings)


def _check_stream(ctx: Context, src: StreamSource) -> bool:
    """Each finding printed as it is found, the verdict last."""
    if ctx.as_json:
        return _stream_blocks(ctx, src)
    windows = _Windows(ctx, src)
    for _offset, window, report in windows:
        for f in report.spam:
            ctx.out.write("\n".join(render.finding_lines(window, f, windows.line0)) + "\n")
    n = len(windows.findings)
    ctx.out.write(
        f"{src.name}: {'SPAM' if n else 'clean'} (score {windows.score:.2f}, threshold"
        f" {ctx.config.spam.threshold:g}, {n} finding(s);"
        f" {windows.length} characters read in windows, findings above)\n"
    )
    ctx.out.write("".join(line + "\n" for line in render.blocks_line(windows.counts)))
    return bool(windows.findings)


def _split_stream(ctx: Context, src: StreamSource) -> bool:
    if ctx.as_json:
        return _stream_blocks(ctx, src)
    windows = _Windows(ctx, src)
    pending: ScriptRun | None = None
    for offset, window, report in windows:
        for b in report.blocks:
            if b.role != "blank":
                ctx.out.write(render.block_line(b, window, offset) + "\n")
        for run_here in report.runs:  # runs cut by a window boundary are joined
            r = shift(run_here, offset)
            if pending is not None and pending.script == r.script:
                r = ScriptRun(pending.start, r.end, r.script)
            elif pending is not None:
                ctx.out.write(f"  run   {pending.start}-{pending.end} {pending.script}\n")
            pending = r
    if pending is not None:
        ctx.out.write(f"  run   {pending.start}-{pending.end} {pending.script}\n")
    return bool(windows.findings)


def _clean_stream(ctx: Context, src: StreamSource) -> bool:
    windows = _Windows(ctx, src)
    rec = StreamedRecord(ctx.out, _head(src), "text", string=True) if ctx.as_json else None
    for _offset, window, report in windows:
        piece = clean_text(window, report.blocks)
        if rec is not None:
            rec.add_text(piece)
        else:
            ctx.out.write(piece)
    if rec is not None:
        rec.close(windows.tail(report=False))
    return bool(windows.findings)


def _segment_stream(ctx: Context, src: StreamSource) -> bool:
    windows = _Windows(ctx, src)
    rec = StreamedRecord(ctx.out, _head(src), "tokens") if ctx.as_json else None
    for offset, window, report in windows:
        if rec is not None:
            for t in report.tokens:
                rec.add(shift(t, offset).as_dict())
        else:
            ctx.out.write(render.render_segment(report, window))
    if rec is not None:
        rec.close(windows.tail(report=False))
    return bool(windows.findings)


# --- running a command over its inputs ----------------------------------------------


def jsonl_input(args: argparse.Namespace) -> bool:
    """Whether the inputs are JSONL records (by --input-format or by name)."""
    spec = InputSpec(format=getattr(args, "input_format", "auto"))
    return any(spec.is_jsonl(name) for name in args.inputs or ["-"])  # none: stdin


def wants_batch(args: argparse.Namespace) -> bool:
    """Whether a check/clean is a batch run (see the 'batch runs' option group).

    What the run prints is another matter: the text report unless JSON is
    asked for or the input is JSONL.
    """
    if jsonl_input(args) or args.jobs is not None or args.glob is not None:
        return True
    if args.output is not None or args.stats is not None:
        return True
    return any(name != "-" and Path(name).is_dir() for name in args.inputs)


def _announce_stdin(ctx: Context) -> None:
    """Say so when a command waits on a terminal for standard input, as other tools do."""
    if ctx.args.quiet or any(name != "-" for name in ctx.args.inputs):
        return
    stream = ctx.stdin if ctx.stdin is not None else sys.stdin
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        ctx.err.write(
            f"segtext: reading standard input (end it with Ctrl-D); give a file to read it"
            f" instead, or see 'segtext {ctx.args.command} --help'\n"
        )


def run_documents(ctx: Context, command: Command) -> int:
    """Read every input and hand it to the command's handler for its kind."""
    args = ctx.args
    _announce_stdin(ctx)
    if command.batch and wants_batch(args):
        # Imported here: the batch machinery is kept off a one-page check's start-up.
        from segtext.cli.batchrun import run_batch_command  # noqa: PLC0415

        stats = run_batch_command(
            args, ctx.config, ctx.out, ctx.err, ctx.stdin, as_json=ctx.as_json
        )
        if stats.errors > args.max_errors:
            return EXIT_ERROR
        if stats.spam_pages and args.command == "check" and not getattr(args, "exit_zero", False):
            return EXIT_SPAM
        return EXIT_CLEAN
    assert command.text and command.html and command.stream
    status = EXIT_CLEAN
    spam_found = False
    sources = read_sources(
        args.inputs,
        encoding=args.encoding,
        strict=args.strict,
        stdin=ctx.stdin,
        input_format=getattr(args, "input_format", "auto"),
    )
    for item in sources:
        if isinstance(item, SegtextError):
            ctx.error(item)
            status = EXIT_ERROR
        elif isinstance(item, StreamSource):
            try:
                spam_found |= command.stream(ctx, item)
            except SegtextError as exc:  # a bad byte under --strict, mid-stream
                ctx.error(exc)
                status = EXIT_ERROR
            finally:
                item.close()
        elif item.html:
            spam_found |= command.html(ctx, item)
        else:
            spam_found |= command.text(ctx, item)
    if status == EXIT_ERROR:
        return EXIT_ERROR
    if spam_found and args.command == "check" and not getattr(args, "exit_zero", False):
        return EXIT_SPAM
    return EXIT_CLEAN


def _common(prints: str, formats: tuple[str, ...] = opt.FORMATS) -> tuple[OptionGroup, ...]:
    """Inputs, output format (saying what ``prints``), decoding, configuration, --quiet."""
    return (
        opt.inputs,
        opt.output_format(prints, formats),
        opt.decoding,
        opt.project_config,
        opt.quiet,
    )


#: Every command, in the order ``segtext --help`` lists them.
COMMANDS: dict[str, Command] = {
    "check": Command(
        help="is the page spam? where is the injected text? (exit 1 if spam)",
        options=(
            *_common(
                "text: the verdict, each finding by line and column, and the blocks;"
                " html: the report of 'segtext report'",
                (*opt.FORMATS, "html"),
            ),
            opt.spam,
            opt.explain,
            opt.exit_zero,
            opt.batch,
            report_command.html_report,
        ),
        text=_on_text(_show_check),
        html=_check_html,
        stream=_check_stream,
        batch=True,
    ),
    "clean": Command(
        help="print the article text without boilerplate, footer and spam",
        options=(
            *_common("text: the article text"),
            opt.spam,
            opt.batch,
            opt.clean_output_key,
        ),
        text=_on_text(_show_clean),
        html=_clean_html,
        stream=_clean_stream,
        batch=True,
    ),
    "segment": Command(
        help="print each line's tokens (Chinese segmented by jieba), space-separated",
        options=(
            *_common("text: each input line's tokens, separated by single spaces"),
            opt.input_kind,
            opt.user_dict,
            opt.segmentation,
        ),
        text=_on_text(_show_segment),
        html=_as_extracted_text(_on_text(_show_segment)),
        stream=_segment_stream,
        segments=True,
    ),
    "split": Command(
        help="print the blocks (with roles) and script runs",
        options=(
            *_common("text: the blocks with their roles, and the script runs"),
            opt.input_kind,
            opt.spam,
        ),
        text=_on_text(_show_split),
        html=_as_extracted_text(_on_text(_show_split)),
        stream=_split_stream,
    ),
    "report": Command(
        help="write one self-contained HTML report of the pages (exit 1 if spam)",
        options=(
            opt.inputs,
            opt.decoding,
            opt.project_config,
            opt.quiet,
            opt.spam,
            opt.exit_zero,
            report_command.report_inputs,
            report_command.html_report,
        ),
        run=report_command.run_report,
    ),
}


def run(ctx: Context) -> int:
    """Run the command named in ``ctx.args`` (its handler, or over its documents)."""
    command = COMMANDS[ctx.args.command]
    ctx.config = config_from(ctx.args, command)
    if command.run is not None:
        return command.run(ctx)
    if getattr(ctx.args, "format", None) == "html":  # check --format html
        return report_command.run_report(ctx)
    return run_documents(ctx, command)
