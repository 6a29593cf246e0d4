"""Many documents: streaming readers, an ordered process pool, statistics, progress.

Two ways in:

- Python callers hand :func:`iter_analyze` / :func:`analyze_many` any iterable
  of ``str`` and get :class:`~segtext.report.Report` objects back in input
  order; :func:`analyze_columns` gives plain column lists for
  ``datasets.map(batched=True)``, Ray ``map_batches`` and Spark
  ``mapInPandas``.
- The command line (``segtext check`` / ``clean`` over files, directories
  and JSONL) uses :func:`iter_items` to read inputs lazily and
  :func:`run_batch` to write one JSONL output record per input record.

Memory does not grow with the input: inputs are read one line (JSONL) or one
file (text) at a time, cut into small chunks, and at most a few chunks per
worker are in flight; results come back in input order. Each worker process
builds its dictionaries once, in the pool initializer, and ignores Ctrl-C so
that the parent alone decides to stop.

A record that cannot be read (invalid JSON, no text key, undecodable bytes
with ``strict``) becomes an *error record* in the output, naming its input
and line, and the run goes on.
"""

from __future__ import annotations

import collections
import functools
import io
import itertools
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, TypeVar, cast

from segtext.blocks import clean_text
from segtext.config import DEFAULT_CONFIG, Config
from segtext.decode import decode_bytes, looks_like_html
from segtext.errors import ConfigError, SegtextError
from segtext.pipeline import analyze
from segtext.report import ORJSON, Report, to_json

__all__ = [
    "BatchStats",
    "Document",
    "InputSpec",
    "Item",
    "Progress",
    "analyze_columns",
    "analyze_many",
    "default_jobs",
    "iter_analyze",
    "iter_items",
    "open_output",
    "run_batch",
    "to_document",
]

InputFormat = Literal["text", "html", "jsonl", "auto"]
Command = Literal["check", "clean"]

_T = TypeVar("_T")
_R = TypeVar("_R")

#: File names read as JSONL when the input format is ``auto``.
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
#: Records per chunk sent to a worker, and the byte size that also ends one.
CHUNK_RECORDS = 64
CHUNK_BYTES = 1 << 20
#: Chunks in flight per worker: enough to keep it busy, few enough to bound memory.
IN_FLIGHT_PER_JOB = 3
#: Error messages printed on stderr before the rest are only counted.
MAX_ERROR_LINES = 10


def default_jobs() -> int:
    """The cores this process may run on (all of them unless restricted)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _check_jobs(jobs: int) -> int:
    if not isinstance(jobs, int) or jobs < 0:
        raise ConfigError(f"jobs must be a positive integer (or 0 for all cores), not {jobs!r}")
    return jobs or default_jobs()


# --------------------------------------------------------------------------
# The ordered, bounded process map every batch entry point runs on


def _ignore_sigint() -> None:
    import signal  # noqa: PLC0415 - workers only

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _warm(config: Config) -> None:
    """Worker initializer: build the lexicon and converters once per process."""
    _ignore_sigint()
    analyze("warm-up 预热 繁體", config)


def _ordered_map(
    fn: Callable[[_T], _R],
    chunks: Iterable[_T],
    jobs: int,
    config: Config,
) -> Iterator[_R]:
    """``fn`` over ``chunks`` in input order, on ``jobs`` processes.

    Unlike ``Pool.imap``, whose feeder thread drains the input as fast as it
    can, this submits a new chunk only when an old one has been handed back,
    so at most ``jobs * IN_FLIGHT_PER_JOB`` chunks exist at once. A run of a
    single chunk (or ``jobs == 1``) stays in this process: no pool start-up
    for a small input. Closing the iterator early terminates the pool.
    """
    it = iter(chunks)
    head = list(itertools.islice(it, 2))
    if jobs <= 1 or len(head) < 2:
        for chunk in itertools.chain(head, it):
            yield fn(chunk)
        return
    import multiprocessing  # noqa: PLC0415 - only batch runs with workers pay for it

    limit = jobs * IN_FLIGHT_PER_JOB
    ctx = multiprocessing.get_context()
    if ctx.get_start_method() == "fork":
        analyze("warm-up 预热 繁體", config)  # forked workers inherit the built lexicon
    with ctx.Pool(jobs, _warm, (config,)) as pool:
        pending: collections.deque[Any] = collections.deque()
        for chunk in itertools.chain(head, it):
            pending.append(pool.apply_async(fn, (chunk,)))
            while len(pending) >= limit:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _chunked(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


# --------------------------------------------------------------------------
# Python batch API


def _analyze_chunk(config: Config, texts: list[str]) -> list[Report]:
    return [analyze(t, config) for t in texts]


def iter_analyze(
    texts: Iterable[str],
    config: Config | None = None,
    jobs: int = 1,
    *,
    chunk_size: int = CHUNK_RECORDS,
) -> Iterator[Report]:
    """Reports for ``texts``, lazily and in input order.

    ``texts`` may be any iterable, endless ones included: it is consumed a
    few chunks ahead of the results, never materialised. With ``jobs > 1``
    (``0`` means all cores) the work runs on that many processes, each of
    which loads the dictionaries once.

    >>> pages = ["Hello.", "主站蜘蛛池模板: 免费毛片 | 成人网站 | 无码视频 |"]
    >>> [r.verdict for r in iter_analyze(pages)]
    ['clean', 'spam']
    """
    cfg = config or DEFAULT_CONFIG
    n = _check_jobs(jobs)
    if chunk_size < 1:
        raise ConfigError(f"chunk_size must be a positive integer, not {chunk_size!r}")
    work = functools.partial(_analyze_chunk, cfg)
    for reports in _ordered_map(work, _chunked(texts, chunk_size), n, cfg):
        yield from reports


def analyze_many(texts: Iterable[str], config: Config | None = None, jobs: int = 1) -> list[Report]:
    """Reports for ``texts`` in input order (a list; see :func:`iter_analyze`)."""
    return list(iter_analyze(texts, config, jobs))


def analyze_columns(
    texts: Iterable[str],
    config: Config | None = None,
    *,
    clean: bool = False,
    prefix: str = "segtext_",
) -> dict[str, list[Any]]:
    """Column lists for a batch of texts, for dataframe and dataset engines.

    Columns (each named with ``prefix``): ``verdict`` (``"spam"`` or
    ``"clean"``), ``score``, ``rules`` (the rule id of each finding) and
    ``spans`` (``[start, end]`` of each finding, code-point offsets into the
    text); with ``clean=True`` also ``text``, the article without
    boilerplate, footer and spam. ``texts`` can be a list, a pandas Series
    or a pyarrow array converted with ``to_pylist()``.
    """
    cfg = config or DEFAULT_CONFIG
    cols: dict[str, list[Any]] = {
        f"{prefix}verdict": [],
        f"{prefix}score": [],
        f"{prefix}rules": [],
        f"{prefix}spans": [],
    }
    if clean:
        cols[f"{prefix}text"] = []
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"row {i}: expected a str, not {type(text).__name__}")
        report = analyze(text, cfg)
        cols[f"{prefix}verdict"].append(report.verdict)
        cols[f"{prefix}score"].append(round(report.score, 3))
        cols[f"{prefix}rules"].append([f.rule for f in report.spam])
        cols[f"{prefix}spans"].append([[f.start, f.end] for f in report.spam])
        if clean:
            cols[f"{prefix}text"].append(clean_text(text, report.blocks))
    return cols


# --------------------------------------------------------------------------
# Streaming readers


@dataclass(frozen=True, slots=True)
class InputSpec:
    """How inputs are read: format, JSONL keys, decoding, directory glob.

    ``format="auto"`` reads files named ``*.jsonl``/``*.ndjson`` (optionally
    ``.gz``) as JSONL, anything else (and standard input) as one text per
    file. Directories are read recursively; ``glob`` (default ``*``) selects
    the file names in them, and hidden files and folders are skipped.
    """

    format: InputFormat = "auto"
    text_key: str = "text"
    id_key: str = "id"
    encoding: str | None = None
    strict: bool = False
    glob: str = "*"

    def __post_init__(self) -> None:
        if self.format not in ("text", "html", "jsonl", "auto"):
            raise ConfigError(
                f"format must be 'text', 'html', 'jsonl' or 'auto', not {self.format!r}"
            )
        if not self.text_key:
            raise ConfigError("text_key must not be empty")

    def is_jsonl(self, name: str) -> bool:
        if self.format != "auto":
            return self.format == "jsonl"
        return name.lower().endswith(JSONL_SUFFIXES)


@dataclass(frozen=True, slots=True)
class Item:
    """One input record before decoding; small and cheap to send to a worker.

    ``line`` is the 1-based line of a JSONL record, 0 for a whole file.
    ``data`` holds the raw bytes, or is ``None`` when the worker should read
    ``path`` itself (text files, so that reading and decoding run in
    parallel too). ``error`` is set when the input failed before that.
    """

    source: str
    line: int = 0
    data: bytes | None = None
    path: str | None = None
    error: str | None = None

    def __reduce__(self) -> tuple[type[Item], tuple[Any, ...]]:
        # Pickled as constructor arguments: half the cost of the default
        # state of a slotted dataclass, for every record sent to a worker.
        return Item, (self.source, self.line, self.data, self.path, self.error)


@dataclass(frozen=True, slots=True)
class Document:
    """One decoded input record: its id, its text and where it came from."""

    source: str
    line: int
    id: Any
    text: str
    size: int
    meta: dict[str, Any] = field(default_factory=dict)


def _open_binary(path: Path) -> IO[bytes]:
    """A file for reading, decompressed when its name ends in ``.gz``."""
    if path.name.lower().endswith(".gz"):
        import gzip  # noqa: PLC0415 - kept off the start-up path of a one-page check

        return cast(IO[bytes], gzip.open(path, "rb"))
    # A 1 MB buffer: JSONL lines of a few KB each read 3x faster than with
    # the default 8 KB one.
    return path.open("rb", buffering=1 << 20)


def _read_error(name: str, exc: OSError | EOFError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{name}: no such file; check the path"
    if isinstance(exc, PermissionError):
        return f"{name}: permission denied; check the file's permissions"
    if isinstance(exc, EOFError) or type(exc).__name__ == "BadGzipFile":
        return f"{name}: not a valid gzip file ({exc}); rename it if it is not compressed"
    return f"{name}: cannot be read ({getattr(exc, 'strerror', None) or exc})"


def _expand(names: Sequence[str], glob: str) -> Iterator[str]:
    """Input names with directories replaced by their files, sorted."""
    for name in names or ["-"]:
        p = Path(name)
        if name != "-" and p.is_dir():
            found = (
                f
                for f in p.rglob(glob)
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            yield from (str(f) for f in sorted(found))
        else:
            yield name


def _jsonl_items(stream: IO[bytes], source: str) -> Iterator[Item]:
    for lineno, raw in enumerate(stream, 1):
        if raw.strip():
            yield Item(source, lineno, raw)


def iter_items(
    names: Sequence[str], spec: InputSpec, stdin: BinaryIO | None = None
) -> Iterator[Item]:
    """The records of every input, lazily: files, directories, ``-`` for stdin.

    A JSONL input gives one item per non-blank line; a text input one item
    per file. A file that cannot be opened gives one item with ``error``
    set; reading goes on with the next input.
    """
    for name in _expand(names, spec.glob):
        if name == "-":
            stream = stdin if stdin is not None else _stdin_buffer()
            if spec.format == "jsonl":
                yield from _jsonl_items(stream, "<stdin>")
            else:
                yield Item("<stdin>", 0, stream.read())
            continue
        if not spec.is_jsonl(name):
            yield Item(name, 0, None, name)
            continue
        try:
            with _open_binary(Path(name)) as f:
                yield from _jsonl_items(f, name)
        except (OSError, EOFError) as exc:
            yield Item(name, 0, error=_read_error(name, exc))


def _stdin_buffer() -> BinaryIO:
    import sys  # noqa: PLC0415 - only the command line reads stdin

    return sys.stdin.buffer


def record_text(record: Mapping[str, Any], spec: InputSpec) -> tuple[Any, str, dict[str, Any]]:
    """The id, text and extra metadata of one parsed JSONL record.

    This is the one place that knows what a record looks like: a text under
    ``spec.text_key``, or else HTML under ``html`` (with ``url`` if present).
    Raises :class:`SegtextError` saying which key is wrong.
    """
    rid = record.get(spec.id_key) if spec.id_key else None
    if spec.text_key not in record and isinstance(record.get("html"), str):
        # A crawl record with the page's HTML (and perhaps its URL).
        url = record.get("url")
        return rid, record["html"], {"html": True, "url": url if isinstance(url, str) else None}
    if spec.text_key not in record:
        keys = ", ".join(sorted(map(str, record))[:10]) or "none"
        raise SegtextError(
            f"no {spec.text_key!r} key (keys: {keys}); give the text's key with --text-key"
        )
    text = record[spec.text_key]
    if not isinstance(text, str):
        raise SegtextError(f"{spec.text_key!r} is a {type(text).__name__}, not a string")
    return rid, text, {}


def _fast_record(raw: bytes, spec: InputSpec) -> dict[str, Any] | None:
    """The JSONL record read by orjson (2x the stdlib's speed), or None.

    None sends the line down the exact path: orjson not installed, bytes that
    are not UTF-8, anything orjson refuses (NaN, lone surrogate escapes,
    deep nesting), a record that is not an object, and an id that orjson
    read as a float, since it reads integers past 64 bits as floats and the
    id is copied to the output.
    """
    if ORJSON is None:
        return None
    try:
        record = ORJSON.loads(raw)
    except ValueError:  # orjson.JSONDecodeError
        return None
    if not isinstance(record, dict) or isinstance(record.get(spec.id_key), float):
        return None
    return record


def to_document(item: Item, spec: InputSpec) -> Document:
    """Decode one item into a :class:`Document`; raises :class:`SegtextError`.

    Error messages name the input and, for JSONL, the line.
    """
    if item.error is not None:
        raise SegtextError(item.error)
    if item.line == 0:  # a whole file, or all of stdin
        data = item.data
        if data is None:
            path = Path(item.path or item.source)
            try:
                with _open_binary(path) as f:
                    data = f.read()
            except (OSError, EOFError) as exc:
                if path.is_dir():
                    raise SegtextError(f"{item.source}: is a directory") from None
                raise SegtextError(_read_error(item.source, exc)) from None
        if spec.format == "html" or (spec.format == "auto" and looks_like_html(data, item.source)):
            from segtext import html as html_stage  # noqa: PLC0415 - only for HTML

            decoded = html_stage.decode_html(
                data, encoding=spec.encoding, strict=spec.strict, source=item.source
            )
            html_meta = {**decoded.as_meta(), "html": True}
            return Document(item.source, 0, item.source, decoded.text, len(data), html_meta)
        decoded = decode_bytes(data, encoding=spec.encoding, strict=spec.strict, source=item.source)
        return Document(item.source, 0, item.source, decoded.text, len(data), decoded.as_meta())
    raw = item.data or b""
    where = f"{item.source}:{item.line}"
    meta: dict[str, Any] = {}
    record = _fast_record(raw, spec)
    if record is None:  # the exact path: bad bytes replaced, stdlib JSON
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            decoded = decode_bytes(raw, encoding="utf-8", strict=spec.strict, source=where)
            line = decoded.text
            meta["replaced"] = decoded.replaced
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SegtextError(f"{where}: invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        kind = type(record).__name__
        raise SegtextError(f"{where}: a JSONL record must be an object, not {kind}")
    try:
        rid, text, extra = record_text(record, spec)
    except SegtextError as exc:
        raise SegtextError(f"{where}: {exc}") from None
    meta.update(extra)
    return Document(item.source, item.line, rid, text, len(raw), meta)


# --------------------------------------------------------------------------
# The command-line batch run


@dataclass(frozen=True, slots=True)
class _Job:
    command: Command
    config: Config
    spec: InputSpec


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a worker hands back for one record: the output line and counts."""

    line: str
    size: int
    spam: bool
    error: str | None
    rules: tuple[str, ...]

    def __reduce__(self) -> tuple[type[_Outcome], tuple[Any, ...]]:
        # As Item.__reduce__: every record comes back through a pipe.
        return _Outcome, (self.line, self.size, self.spam, self.error, self.rules)


def _head(item: Item, rid: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": rid, "input": item.source}
    if item.line:
        rec["line"] = item.line
    return rec


def _error_outcome(item: Item, message: str, rid: Any = None) -> _Outcome:
    rec = _head(item, rid)
    rec["error"] = message
    size = len(item.data) if item.data is not None else 0
    return _Outcome(to_json(rec), size, False, message, ())


def _process(job: _Job, item: Item) -> _Outcome:
    try:
        doc = to_document(item, job.spec)
    except SegtextError as exc:
        return _error_outcome(item, str(exc))
    try:
        if doc.meta.get("html"):
            return _process_html(job, item, doc)
        report = analyze(doc.text, job.config)
    except Exception as exc:  # a bug must cost one record, not a run of millions
        where = f"{item.source}:{item.line}" if item.line else item.source
        msg = f"{where}: internal error, please report it: {type(exc).__name__}: {exc}"
        return _error_outcome(item, msg, doc.id)
    rec = _head(item, doc.id)
    if job.command == "clean":
        rec["verdict"] = report.verdict
        rec["text"] = clean_text(doc.text, report.blocks)
    else:
        rec.update(report.as_dict(runs=False, tokens=False))
    if doc.meta:
        rec.setdefault("meta", {}).update(doc.meta)
    rules = tuple(f.rule for f in report.spam)
    return _Outcome(to_json(rec), doc.size, report.is_spam, None, rules)


def _process_html(job: _Job, item: Item, doc: Document) -> _Outcome:
    """One HTML page: findings by part and element, or its article text."""
    url = doc.meta.get("url")
    from segtext import html as html_stage  # noqa: PLC0415 - only for HTML

    rep = html_stage.analyze_html(doc.text, job.config, url=url)
    rec = _head(item, doc.id)
    if job.command == "clean":
        rec["verdict"] = rep.verdict
        rec["text"] = html_stage.article_text(rep)
    else:
        rec.update(rep.as_dict(parts=False, text_report=False))
    rec.setdefault("meta", {}).update(doc.meta)
    rules = tuple(f.rule for f in rep.findings)
    return _Outcome(to_json(rec), doc.size, rep.is_spam, None, rules)


def _process_chunk(job: _Job, items: list[Item]) -> list[_Outcome]:
    return [_process(job, it) for it in items]


def _chunk_items(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Chunks of at most ``size`` items and about ``CHUNK_BYTES`` of data."""
    chunk: list[Item] = []
    nbytes = 0
    for it in items:
        chunk.append(it)
        nbytes += len(it.data) if it.data is not None else 0
        if len(chunk) >= size or nbytes >= CHUNK_BYTES:
            yield chunk
            chunk, nbytes = [], 0
    if chunk:
        yield chunk


@dataclass(slots=True)
class BatchStats:
    """Counts of a batch run; ``as_dict()`` is the ``--stats`` JSON."""

    pages: int = 0
    spam_pages: int = 0
    errors: int = 0
    bytes: int = 0
    started: float = field(default_factory=time.perf_counter)
    elapsed: float = 0.0
    findings_by_rule: collections.Counter[str] = field(default_factory=collections.Counter)
    pages_by_rule: collections.Counter[str] = field(default_factory=collections.Counter)

    def add(self, outcome: _Outcome) -> None:
        self.pages += 1
        self.bytes += outcome.size
        if outcome.error is not None:
            self.errors += 1
        if outcome.spam:
            self.spam_pages += 1
        if outcome.rules:
            self.findings_by_rule.update(outcome.rules)
            self.pages_by_rule.update(set(outcome.rules))
        self.elapsed = time.perf_counter() - self.started

    def as_dict(self) -> dict[str, Any]:
        secs = max(self.elapsed, 1e-9)
        return {
            "pages": self.pages,
            "spam_pages": self.spam_pages,
            "errors": self.errors,
            "bytes": self.bytes,
            "elapsed_s": round(self.elapsed, 3),
            "pages_per_s": round(self.pages / secs, 1),
            "mb_per_s": round(self.bytes / secs / 1e6, 3),
            "rules": {
                rule: {"findings": n, "pages": self.pages_by_rule[rule]}
                for rule, n in sorted(self.findings_by_rule.items())
            },
        }

    def summary(self) -> str:
        secs = max(self.elapsed, 1e-9)
        return (
            f"segtext: {self.pages} page{'s' if self.pages != 1 else ''},"
            f" {self.spam_pages} spam, {self.errors} error{'s' if self.errors != 1 else ''}"
            f" in {self.elapsed:.1f} s ({self.pages / secs:.0f} pages/s,"
            f" {self.bytes / secs / 1e6:.2f} MB/s)"
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


def run_batch(
    items: Iterable[Item],
    out: TextIO,
    *,
    command: Command = "check",
    config: Config | None = None,
    spec: InputSpec | None = None,
    jobs: int = 0,
    chunk_size: int = CHUNK_RECORDS,
    progress: Progress | None = None,
    on_error: Callable[[str], None] | None = None,
) -> BatchStats:
    """Analyze every item and write one JSONL record per item to ``out``.

    Records come out in input order: ``{"id", "input", "line"?, ...}``
    followed by the report (``check``) or ``verdict`` and cleaned ``text``
    (``clean``), or ``error`` for a record that could not be read.
    ``on_error`` is called with each error message (the command line prints
    the first few). ``jobs=0`` uses every core.
    """
    cfg = config or DEFAULT_CONFIG
    job = _Job(command, cfg, spec or InputSpec())
    n = _check_jobs(jobs)
    stats = BatchStats()
    work = functools.partial(_process_chunk, job)
    for outcomes in _ordered_map(work, _chunk_items(items, chunk_size), n, cfg):
        # One write per chunk: a TextIOWrapper write per record costs more
        # than the join.
        out.write("\n".join([o.line for o in outcomes]))
        out.write("\n")
        for o in outcomes:
            stats.add(o)
            if o.error is not None and on_error is not None:
                if progress is not None:
                    progress.clear()
                on_error(o.error)
        if progress is not None:
            progress.update(stats)
    stats.elapsed = time.perf_counter() - stats.started
    if progress is not None:
        progress.clear()
    return stats


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
