"""The ``segtext`` command: parse arguments, read inputs, call the library, print.

Exit status: 0 every input is clean, 1 spam was found in at least one input,
2 an error (bad option, unreadable or undecodable input, bad dictionary). An
error is one line on stderr that names the input; a run over several inputs
goes on after a failed one and exits 2.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from segtext._version import __version__
from segtext.batch import (
    JSONL_SUFFIXES,
    MAX_ERROR_LINES,
    InputSpec,
    Progress,
    iter_items,
    open_output,
    run_batch,
)
from segtext.blocks import clean_text
from segtext.config import Config, SegmentConfig, SpamConfig
from segtext.decode import Decoded, DecodedStream, decode_bytes, looks_like_html, read_bytes
from segtext.errors import SegtextError
from segtext.lexicon import read_exclusions_file
from segtext.pipeline import WINDOW_CHARS, analyze, analyze_windows, iter_windows, shift
from segtext.report import Report, ScriptRun, SpamFinding, to_json

if TYPE_CHECKING:
    from segtext.html import HtmlReport

# segtext.html is imported where an HTML input is met (`import segtext.html as
# html_stage` in the function), so a plain-text check does not load it.

EXIT_CLEAN = 0
EXIT_SPAM = 1
EXIT_ERROR = 2

_DESCRIPTION = """\
Split, segment and de-spam web pages that mix English and Chinese.

commands:
  check    is the page spam? where is the injected text? (exit 1 if spam)
  clean    print the article text without boilerplate, footer and spam
  segment  print each line's tokens (Chinese segmented by jieba), space-separated
  split    print the blocks (with roles) and script runs
  report   write one self-contained HTML report of the pages (exit 1 if spam)
"""


@dataclass(frozen=True, slots=True)
class Source:
    """One input: its display name, decoded text, and whether it is HTML."""

    name: str
    decoded: Decoded
    html: bool = False


class UsageError(Exception):
    """A bad command line; main() prints it as one line and exits 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line instead of the usage dump."""

    def error(self, message: str) -> Any:
        raise UsageError(f"{message} (see 'segtext --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="segtext",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"segtext {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    common = _Parser(add_help=False)
    common.add_argument(
        "inputs", nargs="*", metavar="FILE", help="files to read; '-' or none reads stdin"
    )
    common.add_argument(
        "--format",
        choices=("text", "json", "html"),
        help="output format (default: text; batch runs always write JSONL; html: check only,"
        " the report of 'segtext report')",
    )
    common.add_argument("--encoding", help="force an input encoding (default: detect)")
    common.add_argument(
        "--strict", action="store_true", help="treat undecodable bytes as an error (exit 2)"
    )
    common.add_argument(
        "--threshold",
        type=float,
        default=SpamConfig().threshold,
        help="score a finding needs to count as spam (default: %(default)s)",
    )
    common.add_argument(
        "--lexicon", action="append", default=[], metavar="FILE", help="extra spam lexicon (TSV)"
    )
    common.add_argument(
        "--exclusions", metavar="FILE", help="phrases that never count as spam, one per line"
    )
    common.add_argument(
        "--user-dict", action="append", default=[], metavar="FILE", help="jieba user dictionary"
    )
    common.add_argument("-q", "--quiet", action="store_true", help="print nothing on stderr")

    p = sub.add_parser("check", parents=[common], help="report spam (exit 1 if found)")
    p.add_argument(
        "--explain", action="store_true", help="show each finding in context with its evidence"
    )
    p.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when spam is found (errors still exit 2)",
    )
    sub.add_parser("clean", parents=[common], help="print the article text")
    p = sub.add_parser("segment", parents=[common], help="print tokens, one input line per line")
    p.add_argument("--mode", choices=("precise", "search"), default="precise")
    p.add_argument("--hmm", choices=("auto", "on", "off"), default="auto")
    sub.add_parser("split", parents=[common], help="print blocks and script runs")
    for name in ("check", "clean"):
        _add_batch_options(sub.choices[name])
    _add_report_parser(sub, common)
    return parser


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(
            f"expected a number of processes (0: all cores), not {value!r}"
        )
    return n


def _add_batch_options(p: argparse.ArgumentParser, *, report: bool = False) -> None:
    """Options of batch runs: many inputs in, one JSONL record per input out.

    ``report``: the same input options for ``segtext report``, which writes
    one HTML file in this process (no --jobs, no --stats).
    """
    if report:
        g = p.add_argument_group(
            "inputs and output", "Inputs are read as batch runs read them, one page at a time."
        )
    else:
        g = p.add_argument_group(
            "batch runs",
            "Any of these options, a directory input or a *.jsonl input makes a batch run:"
            " inputs are streamed, analysed on every core and written as JSONL, one record"
            " per input record in input order (an unreadable record gives an 'error'"
            " record and the run goes on). A summary goes to stderr, with a progress line"
            " when stderr is a terminal. Exit 2 if any record failed, else 1 if spam was"
            " found (check), else 0.",
        )
    g.add_argument(
        "--input-format",
        choices=("text", "html", "jsonl", "auto"),
        default="auto",
        help="text: one page per file; html: one HTML page per file; jsonl: one record"
        " per line (a record with an 'html' key and no text key is HTML); auto"
        " (default): *.jsonl and *.ndjson (optionally .gz) are JSONL, *.html and"
        " files that look like HTML are HTML, anything else text",
    )
    g.add_argument("--text-key", default="text", help="JSONL key of the page text (default: text)")
    g.add_argument(
        "--id-key", default="id", help="JSONL key copied to the output as id (default: id)"
    )
    g.add_argument(
        "--glob", metavar="PATTERN", help="file names to read in directory inputs (default: *)"
    )
    if report:
        g.add_argument(
            "-o", "--output", metavar="FILE", help="write the report here (default: stdout)"
        )
        return
    g.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="worker processes (default: all cores; 1 runs in this process)",
    )
    g.add_argument(
        "-o", "--output", metavar="FILE", help="write JSONL here (gzip if it ends in .gz)"
    )
    g.add_argument(
        "--stats", metavar="FILE", help="write run statistics as JSON, counted per rule id"
    )


def _config(args: argparse.Namespace) -> Config:
    exclusions = read_exclusions_file(args.exclusions) if args.exclusions else ()
    spam = SpamConfig(threshold=args.threshold, lexicons=tuple(args.lexicon), exclusions=exclusions)
    seg = SegmentConfig(
        mode=getattr(args, "mode", "precise"),
        hmm=getattr(args, "hmm", "auto"),
        user_dicts=tuple(args.user_dict),
    )
    return Config(segment=seg, spam=spam, tokens=args.command == "segment")


#: Inputs larger than this (bytes) are analysed in windows, in bounded memory.
STREAM_BYTES = 16 << 20


@dataclass(slots=True)
class StreamSource:
    """A text input too large to hold: decoded and analysed piece by piece."""

    name: str
    stream: DecodedStream
    closer: Any = None

    def close(self) -> None:
        if self.closer is not None:
            self.closer.close()


class _Prefixed(io.RawIOBase):
    """A binary stream that first gives back bytes already read from it."""

    def __init__(self, head: bytes, rest: Any) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0 or size >= len(self._head):
                head, self._head = self._head, b""
                more: bytes = self._rest.read(-1 if size < 0 else size - len(head))
                return head + more
            head, self._head = self._head[:size], self._head[size:]
            return head
        data: bytes = self._rest.read(size)
        return data


def read_sources(
    names: Sequence[str],
    *,
    encoding: str | None,
    strict: bool,
    stdin: Any = None,
    input_format: str = "auto",
) -> Iterator[Source | StreamSource | SegtextError]:
    """Read and decode each input, one at a time; a failure is given in its place.

    An input is HTML with ``input_format="html"``, or with ``"auto"`` when
    its name or its first kilobyte says so; HTML is decoded by its BOM or
    ``<meta charset>`` first. A text input of more than ``STREAM_BYTES``
    (a file, or standard input of any size) comes as a :class:`StreamSource`.
    """
    for name in names or ["-"]:
        try:
            if name == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                data = stream.read(STREAM_BYTES + 1)
                label, hint = "<stdin>", None
                big = len(data) > STREAM_BYTES
            else:
                label, hint = name, name
                big = _size(name) > STREAM_BYTES
                stream = None
                data = b"" if big else read_bytes(name)
            if big and input_format != "html" and not (hint and looks_like_html(b"", hint)):
                if stream is None:
                    stream = _open(name)
                    yield StreamSource(
                        label, _decoded_stream(stream, encoding, strict, label), stream
                    )
                else:
                    raw = _Prefixed(data, stream)
                    yield StreamSource(label, _decoded_stream(raw, encoding, strict, label))
                continue
            if big:  # a huge HTML page: read whole
                data = data + stream.read() if stream is not None else read_bytes(name)
            is_html = input_format == "html" or (
                input_format == "auto" and looks_like_html(data, hint)
            )
            if is_html:
                from segtext import html as html_stage  # noqa: PLC0415 - see the imports

                decoded = html_stage.decode_html(
                    data, encoding=encoding, strict=strict, source=label
                )
            else:
                decoded = decode_bytes(data, encoding=encoding, strict=strict, source=label)
            yield Source(label, decoded, is_html)
        except SegtextError as exc:
            yield exc


def _size(name: str) -> int:
    try:
        return Path(name).stat().st_size
    except OSError:
        return 0  # read_bytes() will say what is wrong


def _open(name: str) -> Any:
    try:
        return Path(name).open("rb")  # closed by StreamSource.close()
    except OSError:
        read_bytes(name)  # raises the SegtextError that says what to do
        raise


def _decoded_stream(raw: Any, encoding: str | None, strict: bool, label: str) -> DecodedStream:
    return DecodedStream(raw, encoding=encoding, strict=strict, source=label)


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def _excerpt(s: str, limit: int = 70) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _encoding_lines(meta: Decoded) -> list[str]:
    """A line on the encoding when it is worth a look: guessed, legacy or repaired."""
    if not (meta.replaced or meta.detected or meta.encoding not in ("utf-8", "utf-8-sig")):
        return []
    return [
        f"  encoding: {meta.encoding}"
        + (" (detected)" if meta.detected else "")
        + (f", {meta.replaced} undecodable byte sequence(s) replaced" if meta.replaced else "")
    ]


def _finding_lines(text: str, f: SpamFinding, line0: int = 0) -> list[str]:
    """Where a finding is (lines counted after ``line0`` earlier ones), what, and an excerpt."""
    l0, c0 = _line_col(text, f.start)
    l1, _ = _line_col(text, max(f.start, f.end - 1))
    where = f"line {line0 + l0}" if l0 == l1 else f"lines {line0 + l0}-{line0 + l1}"
    cats = ", ".join(f.categories) or "no category"
    return [
        f"  {where}, col {c0}: {f.rule} score {f.score:.2f}: {f.items} item(s); {cats}",
        f"    {_excerpt(text[f.start : f.end])}",
    ]


def render_check(src: Source, report: Report, *, explain: bool, color: bool) -> str:
    text = src.decoded.text
    lines: list[str] = []
    verdict = "SPAM" if report.is_spam else "clean"
    lines.append(
        f"{src.name}: {verdict} (score {report.score:.2f}, threshold {report.threshold:g},"
        f" {len(report.spam)} finding{'s' if len(report.spam) != 1 else ''})"
    )
    for f in report.spam:
        lines.extend(_finding_lines(text, f))
        if explain:
            lines.extend(_explain(text, f.start, f.end, color))
            lines.extend(f"    [{e.rule}] {e.message} (weight {e.weight:.2f})" for e in f.evidence)
            if f.keywords:
                lines.append(
                    f"    keywords: {', '.join(f.keywords[:20])}"
                    + (" …" if len(f.keywords) > 20 else "")
                )
    counts: dict[str, int] = {}
    for b in report.blocks:
        if b.role != "blank":
            counts[b.role] = counts.get(b.role, 0) + 1
    if counts:
        lines.append("  blocks: " + ", ".join(f"{n} {role}" for role, n in sorted(counts.items())))
    lines.extend(_encoding_lines(src.decoded))
    return "\n".join(lines) + "\n"


def _explain(text: str, start: int, end: int, color: bool) -> list[str]:
    """The lines a finding touches, with the finding marked."""
    out: list[str] = []
    line_start = text.rfind("\n", 0, start) + 1
    pos = line_start
    lineno = text.count("\n", 0, line_start) + 1
    open_m, close_m = ("\x1b[1;31m", "\x1b[0m") if color else ("[[", "]]")
    while pos <= end and pos < len(text):
        nl = text.find("\n", pos)
        stop = len(text) if nl < 0 else nl
        a, b = max(start, pos), min(end, stop)
        line = text[pos:stop]
        if a < b:
            line = line[: a - pos] + open_m + line[a - pos : b - pos] + close_m + line[b - pos :]
        if len(line) > 400:
            line = line[:399] + "…"
        out.append(f"    {lineno:>5} | {line}")
        pos = stop + 1
        lineno += 1
        if len(out) >= 30:
            out.append("          | …")
            break
    return out


def render_split(src: Source, report: Report) -> str:
    text = src.decoded.text
    out = [f"{src.name}:"]
    for b in report.blocks:
        if b.role == "blank":
            continue
        out.append(
            f"  block {b.start}-{b.end} {b.role:<11} {b.script:<6} {b.rule:<22}"
            f" {_excerpt(text[b.start : b.end], 60)}"
        )
    for r in report.runs:
        out.append(f"  run   {r.start}-{r.end} {r.script:<6} {_excerpt(text[r.start : r.end], 60)}")
    return "\n".join(out) + "\n"


def render_segment(report: Report, text: str) -> str:
    """Tokens of each input line on one output line, separated by single spaces."""
    out: list[str] = []
    tokens = report.tokens
    ti = 0
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        words: list[str] = []
        while ti < len(tokens) and tokens[ti].start < end:
            words.append(tokens[ti].text)
            ti += 1
        out.append(" ".join(words))
        pos = end + 1
    if text.endswith("\n"):
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def _json_record(src: Source, report: Report, command: str) -> dict[str, Any]:
    rec: dict[str, Any] = {"input": src.name}
    if command == "clean":
        rec["verdict"] = report.verdict
        rec["text"] = clean_text(src.decoded.text, report.blocks)
    elif command == "segment":
        rec["tokens"] = [t.as_dict() for t in report.tokens]
        rec["han_runs"] = [h.as_dict() for h in report.han_runs]
    else:
        rec.update(report.as_dict(runs=command == "split", tokens=False))
    rec.setdefault("meta", {}).update(src.decoded.as_meta())
    return rec


def _wants_batch(args: argparse.Namespace) -> bool:
    """Whether a check/clean is a batch run (see the 'batch runs' option group)."""
    if args.command not in ("check", "clean"):
        return False
    if args.input_format == "jsonl" or args.jobs is not None or args.glob is not None:
        return True
    if args.output is not None or args.stats is not None:
        return True
    return any(
        (args.input_format == "auto" and name.lower().endswith(JSONL_SUFFIXES))
        or (name != "-" and Path(name).is_dir())
        for name in args.inputs
    )


def run_batch_command(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: Any = None) -> int:
    """A batch check or clean: stream the inputs through segtext.batch as JSONL."""
    if args.format == "text" or getattr(args, "explain", False):
        raise SegtextError("batch runs write JSONL reports; leave out --format text and --explain")
    for path, what in ((args.output, "output"), (args.stats, "statistics")):
        if path and Path(path).is_dir():  # say so before the run, not after it
            raise SegtextError(f"{path}: is a directory; give a file name for the {what}")
    config = _config(args)
    spec = _input_spec(args)
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
    if stats.errors:
        return EXIT_ERROR
    if stats.spam_pages and args.command == "check" and not getattr(args, "exit_zero", False):
        return EXIT_SPAM
    return EXIT_CLEAN


def render_html_check(src: Source, rep: HtmlReport, *, explain: bool, color: bool) -> str:
    """A check of an HTML page: each finding with its part, element and HTML line."""
    doc = rep.document
    lines = [
        f"{src.name}: {'SPAM' if rep.is_spam else 'clean'} (HTML; score {rep.score:.2f},"
        f" threshold {rep.threshold:g}, {len(rep.findings)} finding"
        f"{'s' if len(rep.findings) != 1 else ''})"
    ]
    for f in rep.findings:
        hidden = f", hidden: {f.reason}" if f.reason else ""
        lines.append(
            f"  line {f.line}, col {f.col}: {f.rule} score {f.score:.2f} [{f.part} {f.element}"
            f"{hidden}]"
        )
        lines.append(f"    {_excerpt(doc.text[f.start : f.end])}")
        if explain:
            lines.append(f"    {f.message}")
            lines.extend(f"    [{e.rule}] {e.message} (weight {e.weight:.2f})" for e in f.evidence)
    kinds: dict[str, int] = {}
    for part in doc.parts:
        kinds[part.kind] = kinds.get(part.kind, 0) + 1
    if kinds:
        lines.append("  parts: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    lines.extend(_encoding_lines(src.decoded))
    return "\n".join(lines) + "\n"


def _run_html(
    args: argparse.Namespace, item: Source, config: Config, out: TextIO, color: bool
) -> bool:
    """One HTML input; returns whether it is spam."""
    html = item.decoded.text
    if args.command in ("check", "clean"):
        from segtext import html as html_stage  # noqa: PLC0415 - see the imports

        rep = html_stage.analyze_html(html, config)
        if args.command == "clean":
            text = html_stage.article_text(rep)
            if args.format == "json":
                rec: dict[str, Any] = {"input": item.name, "verdict": rep.verdict, "text": text}
                rec["meta"] = {**item.decoded.as_meta(), "html": True}
                out.write(to_json(rec) + "\n")
            else:
                out.write(text)
            return rep.is_spam
        if args.format == "json":
            record: dict[str, Any] = {"input": item.name, **rep.as_dict(parts=False)}
            record.setdefault("meta", {}).update({**item.decoded.as_meta(), "html": True})
            out.write(to_json(record) + "\n")
        else:
            out.write(render_html_check(item, rep, explain=args.explain, color=color))
        return rep.is_spam
    # segment and split work on the page's extracted text.
    from segtext import html as html_stage  # noqa: PLC0415 - see the imports

    text = html_stage.extract(html).text
    as_text = Source(item.name, Decoded(text, item.decoded.encoding), False)
    report = analyze(text, config)
    if args.format == "json":
        out.write(to_json(_json_record(as_text, report, args.command)) + "\n")
    elif args.command == "segment":
        out.write(render_segment(report, text))
    else:
        out.write(render_split(as_text, report))
    return report.is_spam


def _run_stream(args: argparse.Namespace, src: StreamSource, config: Config, out: TextIO) -> bool:
    """One input too large to hold, analysed in windows of about a megabyte.

    The output is written as the windows are analysed: ``check`` prints each
    finding as it is found and the verdict last; JSON records stream their
    blocks (and ``clean`` its text) and end with the verdict and ``meta``.
    Offsets are into the whole input, as for any other input.
    """
    command, as_json = args.command, args.format == "json"
    windows = iter_windows(src.stream.lines(max_chars=WINDOW_CHARS), WINDOW_CHARS)
    findings: list[SpamFinding] = []
    counts: dict[str, int] = {}
    line0 = 0  # lines before the current window
    total = 0
    first = True
    pending_run: ScriptRun | None = None
    if as_json:
        key = {"check": "blocks", "split": "blocks", "clean": "text", "segment": "tokens"}[command]
        out.write(f'{{"input": {json.dumps(src.name, ensure_ascii=False)}, "{key}": ')
        out.write('"' if command == "clean" else "[")
    for offset, window, report in analyze_windows(windows, config):
        findings.extend(shift(f, offset) for f in report.spam)
        if command == "clean":
            piece = clean_text(window, report.blocks)
            if as_json:
                out.write(json.dumps(piece, ensure_ascii=False)[1:-1])
            else:
                out.write(piece)
        elif command == "segment":
            if as_json:
                for t in report.tokens:
                    out.write(
                        ("" if first else ", ")
                        + json.dumps(shift(t, offset).as_dict(), ensure_ascii=False)
                    )
                    first = False
            else:
                out.write(render_segment(report, window))
        elif as_json:
            for b in report.blocks:
                out.write(("" if first else ", ") + json.dumps(shift(b, offset).as_dict()))
                first = False
        elif command == "check":
            for f in report.spam:
                out.write("\n".join(_finding_lines(window, f, line0)) + "\n")
        else:  # split, text
            for b in report.blocks:
                if b.role != "blank":
                    out.write(
                        f"  block {b.start + offset}-{b.end + offset} {b.role:<11} {b.script:<6}"
                        f" {b.rule:<22} {_excerpt(window[b.start : b.end], 60)}\n"
                    )
            for run_here in report.runs:  # runs cut by a window boundary are joined
                r = shift(run_here, offset)
                if pending_run is not None and pending_run.script == r.script:
                    r = ScriptRun(pending_run.start, r.end, r.script)
                elif pending_run is not None:
                    out.write(
                        f"  run   {pending_run.start}-{pending_run.end} {pending_run.script}\n"
                    )
                pending_run = r
        for b in report.blocks:
            if b.role != "blank":
                counts[b.role] = counts.get(b.role, 0) + 1
        line0 += window.count("\n")
        total += len(window)
    if pending_run is not None:
        out.write(f"  run   {pending_run.start}-{pending_run.end} {pending_run.script}\n")
    score = max((f.score for f in findings), default=0.0)
    verdict = "spam" if findings else "clean"
    meta = {
        "encoding": src.stream.encoding,
        "encoding_detected": src.stream.detected,
        "bom": src.stream.bom,
        "replaced": src.stream.replaced,
        "streamed": True,
    }
    if as_json:
        out.write('"' if command == "clean" else "]")
        tail: dict[str, Any] = {"verdict": verdict}
        if command in ("check", "split"):
            tail.update(
                score=round(score, 3),
                threshold=config.spam.threshold,
                length=total,
                spam=[f.as_dict() for f in findings],
            )
        tail["meta"] = meta
        out.write(", " + json.dumps(tail, ensure_ascii=False)[1:] + "\n")
    elif command == "check":
        out.write(
            f"{src.name}: {'SPAM' if findings else 'clean'} (score {score:.2f}, threshold"
            f" {config.spam.threshold:g}, {len(findings)} finding(s);"
            f" {total} characters read in windows, findings above)\n"
        )
        if counts:
            out.write(
                "  blocks: " + ", ".join(f"{n} {r}" for r, n in sorted(counts.items())) + "\n"
            )
    return bool(findings)


# --- segtext report, and check --format html (issue 13) ---------------------------


def _add_report_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """The ``report`` command, and the HTML report's options on ``check`` too."""
    from segtext.visual import DEFAULT_MAX_PAGES  # noqa: PLC0415 - a constant, no heavy import

    p = sub.add_parser(
        "report",
        parents=[common],
        help="write one self-contained HTML report of the pages (exit 1 if spam)",
        description="Write one HTML file that shows each page with its blocks shaded by role"
        " and its spam marked, with the evidence, near misses, the cleaned text and, for"
        " HTML, the extracted parts; an index of all pages comes first. It needs no network"
        " and opens from disk. Inputs are read as 'segtext check' reads them (files,"
        " directories, JSONL) and streamed: memory does not grow with their number.",
    )
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when spam is found (errors exit 2)"
    )
    _add_batch_options(p, report=True)
    for q in (p, sub.choices["check"]):
        g = q.add_argument_group("HTML report (report, check --format html)")
        g.add_argument(
            "--max-pages",
            type=_jobs,
            default=DEFAULT_MAX_PAGES,
            metavar="N",
            help="pages shown in full; later ones are summarised in the index only"
            " (default: %(default)s)",
        )
        g.add_argument("--title", help="the report's title (default: the first input's name)")


def _input_spec(args: argparse.Namespace) -> InputSpec:
    """How a batch run or a report reads its inputs, from the batch options."""
    return InputSpec(
        format=args.input_format,
        text_key=args.text_key,
        id_key=args.id_key,
        encoding=args.encoding,
        strict=args.strict,
        glob=args.glob or "*",
    )


def run_report(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: Any = None) -> int:
    """``segtext report`` and ``check --format html``: one HTML file, written as pages come.

    Inputs are read as batch runs read them (files, directories, JSONL,
    stdin) and analysed in this process; each page's section is written
    before the next is read. Exit 2 if an input failed, else 1 if spam was
    found (unless --exit-zero), else 0.
    """
    import dataclasses  # noqa: PLC0415 - kept with this handler

    from segtext import visual  # noqa: PLC0415 - only this command renders HTML
    from segtext.batch import to_document  # noqa: PLC0415 - kept with this handler

    if args.command not in ("check", "report"):
        raise SegtextError("--format html is for 'check' and 'report' only")
    if args.command == "report" and args.format not in (None, "html"):
        raise SegtextError("segtext report writes HTML; leave out --format")
    if getattr(args, "jobs", None) not in (None, 1) or getattr(args, "stats", None):
        raise SegtextError("the HTML report is made in one process; leave out --jobs and --stats")
    config = _config(args)
    if "near_misses" in {f.name for f in dataclasses.fields(SpamConfig)}:
        # A detector that lists its near misses itself is asked to (the
        # report shows them); visual.near_misses finds them otherwise.
        # As a mapping: mypy checks replace()'s keywords against the
        # SpamConfig of whichever detector this is.
        asked: dict[str, Any] = {"near_misses": True}
        spam = dataclasses.replace(config.spam, **asked)
        config = dataclasses.replace(config, spam=spam)
    spec = _input_spec(args)
    if args.output and Path(args.output).is_dir():
        raise SegtextError(f"{args.output}: is a directory; give a file name for the report")
    title = args.title or "segtext report: " + (", ".join(args.inputs[:3]) or "<stdin>") + (
        " …" if len(args.inputs) > 3 else ""
    )
    errors = 0
    sink, close = open_output(args.output, out)
    try:
        with visual.ReportWriter(sink, title=title, max_pages=args.max_pages) as writer:
            for item in iter_items(args.inputs, spec, stdin):
                name = f"{item.source}:{item.line}" if item.line else item.source
                try:
                    doc = to_document(item, spec)
                except SegtextError as exc:
                    errors += 1
                    writer.add_error(name, str(exc))
                    if not args.quiet and errors <= MAX_ERROR_LINES:
                        err.write(f"segtext: error: {exc}\n")
                    continue
                rep: Report | HtmlReport
                if doc.meta.get("html"):
                    from segtext import html as html_stage  # noqa: PLC0415 - see the imports

                    rep = html_stage.analyze_html(doc.text, config, url=doc.meta.get("url"))
                    near = visual.near_misses(rep.document.text, rep.text_report, config.spam)
                else:
                    rep = analyze(doc.text, config)
                    near = visual.near_misses(doc.text, rep, config.spam)
                rid = doc.id if item.line else None
                writer.add(visual.Page(name, doc.text, rep, doc.meta, rid, near))
        summary = writer.close()
    finally:
        if close:
            sink.close()
        else:
            sink.flush()
    if not args.quiet:
        where = args.output if args.output and args.output != "-" else "stdout"
        err.write(
            f"segtext: report written to {where}: {summary.pages} page(s), {summary.spam} spam,"
            f" {summary.errors} error(s), {summary.sections} shown in full\n"
        )
    if errors:
        return EXIT_ERROR
    if summary.spam and not args.exit_zero:
        return EXIT_SPAM
    return EXIT_CLEAN


def run(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: Any = None) -> int:
    if args.command == "report" or args.format == "html":
        return run_report(args, out, err, stdin)
    if _wants_batch(args):
        return run_batch_command(args, out, err, stdin)
    config = _config(args)
    color = args.command == "check" and out.isatty() and not os.environ.get("NO_COLOR")
    status = EXIT_CLEAN
    spam_found = False
    sources = read_sources(
        args.inputs,
        encoding=args.encoding,
        strict=args.strict,
        stdin=stdin,
        input_format=getattr(args, "input_format", "auto"),
    )
    for item in sources:
        if isinstance(item, SegtextError):
            if not args.quiet:
                err.write(f"segtext: error: {item}\n")
            status = EXIT_ERROR
            continue
        if isinstance(item, StreamSource):
            try:
                spam_found |= _run_stream(args, item, config, out)
            except SegtextError as exc:  # a bad byte under --strict, mid-stream
                if not args.quiet:
                    err.write(f"segtext: error: {exc}\n")
                status = EXIT_ERROR
            finally:
                item.close()
            continue
        if item.html:
            spam_found |= _run_html(args, item, config, out, color)
            continue
        text = item.decoded.text
        report = analyze(text, config)
        spam_found |= report.is_spam
        if args.format == "json":
            out.write(to_json(_json_record(item, report, args.command)) + "\n")
        elif args.command == "check":
            out.write(render_check(item, report, explain=args.explain, color=color))
        elif args.command == "clean":
            out.write(clean_text(text, report.blocks))
        elif args.command == "segment":
            out.write(render_segment(report, text))
        else:
            out.write(render_split(item, report))
    if status == EXIT_ERROR:
        return EXIT_ERROR
    if spam_found and args.command == "check" and not args.exit_zero:
        return EXIT_SPAM
    return EXIT_CLEAN


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: Any = None,
) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        with contextlib.redirect_stdout(out):
            args = parser.parse_args(list(argv) if argv is not None else None)
    except UsageError as exc:
        err.write(f"segtext: error: {exc}\n")
        return EXIT_ERROR
    except SystemExit as exc:  # --help and --version print, then exit 0
        return int(exc.code) if isinstance(exc.code, int) else EXIT_CLEAN
    if args.command is None:
        parser.print_help(out)
        return EXIT_ERROR
    if args.command == "segment":  # the only command that may import jieba
        import logging  # noqa: PLC0415 - kept off the start-up of the other commands

        logging.getLogger("jieba").setLevel(logging.ERROR)
    try:
        return run(args, out, err, stdin)
    except SegtextError as exc:
        err.write(f"segtext: error: {exc}\n")
        return EXIT_ERROR
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_CLEAN


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def console_main() -> None:
    """Entry point of the installed ``segtext`` script."""
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    console_main()
