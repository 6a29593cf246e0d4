"""Many documents: an ordered process pool, the batch run, its statistics.

Two ways in:

- Python callers hand :func:`iter_analyze` / :func:`analyze_many` any iterable
  of ``str`` and get :class:`~segtext.report.Report` objects back in input
  order; :func:`analyze_columns` gives plain column lists for
  ``datasets.map(batched=True)``, Ray ``map_batches`` and Spark
  ``mapInPandas``.
- The command line (``segtext check`` / ``clean`` over files, directories
  and JSONL) reads inputs lazily with :func:`segtext.inputs.iter_items` and
  hands them to :func:`run_batch`, which writes one JSONL output record per
  input record (built by :mod:`segtext.output`).

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
import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, TextIO, TypeVar

from segtext.blocks import clean_text
from segtext.config import DEFAULT_CONFIG, Config
from segtext.errors import ConfigError, SegtextError
from segtext.inputs import Document, InputSpec, Item, RecordError, iter_items, to_document
from segtext.output import (
    SUMMARY_TYPES,
    arrow_type,
    error_record,
    html_record,
    kept_record,
    summary,
    text_record,
    to_json,
)
from segtext.pipeline import analyze
from segtext.report import Report

if TYPE_CHECKING:
    from segtext.html import HtmlReport

__all__ = [
    "BatchStats",
    "Document",
    "InputSpec",
    "Item",
    "ProgressSink",
    "analyze_columns",
    "analyze_many",
    "column_features",
    "default_jobs",
    "iter_analyze",
    "iter_items",
    "run_batch",
    "to_document",
]

Command = Literal["check", "clean"]
#: Writes one analysed document as text instead of a JSON record (the
#: command line's human report); called in the worker, so it must pickle.
Renderer = Callable[[Document, Any, str], str]

_T = TypeVar("_T")
_R = TypeVar("_R")

#: Records per chunk sent to a worker, and the byte size that also ends one.
CHUNK_RECORDS = 64
CHUNK_BYTES = 1 << 20
#: Chunks in flight per worker: enough to keep it busy, few enough to bound memory.
IN_FLIGHT_PER_JOB = 3


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

    The values are plain lists. An engine with typed columns infers each
    column's type from a batch, and a batch without spam has only empty
    lists, typed null by Arrow; give it :func:`column_features` (for
    ``datasets.map``) or :data:`segtext.output.SUMMARY_TYPES` so that every
    batch has the same types.
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
        for key, value in summary(report).items():
            cols[prefix + key].append(value)
        if clean:
            cols[f"{prefix}text"].append(clean_text(text, report.blocks))
    return cols


def column_features(features: Any = None, *, prefix: str = "segtext_", clean: bool = False) -> Any:
    """The ``datasets.Features`` of a dataset mapped with :func:`analyze_columns`.

    ``features`` (the dataset's own, ``ds.features``) are kept and the
    segtext columns added with their fixed types, so that a batch without
    spam gets the same column types as any other::

        ds.map(lambda b: analyze_columns(b["text"]), batched=True,
               features=column_features(ds.features))
    """
    import datasets  # noqa: PLC0415 - only datasets users call this
    import pyarrow as pa  # noqa: PLC0415

    names = [k for k in SUMMARY_TYPES if clean or k != "text"]
    schema = pa.schema([(prefix + k, arrow_type(SUMMARY_TYPES[k])) for k in names])
    ours = datasets.Features.from_arrow_schema(schema)
    return datasets.Features({**(features or {}), **ours})


# --------------------------------------------------------------------------
# The command-line batch run


@dataclass(frozen=True, slots=True)
class _Job:
    command: Command
    config: Config
    spec: InputSpec
    render: Renderer | None = None
    output_key: str = "clean_text"


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
    size = len(item.data) if item.data is not None else 0
    return _Outcome(to_json(error_record(_head(item, rid), message)), size, False, message, ())


def _process(job: _Job, item: Item) -> _Outcome:
    try:
        doc = to_document(item, job.spec)
    except RecordError as exc:
        return _error_outcome(item, str(exc), exc.id)
    except SegtextError as exc:
        return _error_outcome(item, str(exc))
    try:
        result: Report | HtmlReport
        if doc.meta.get("html"):
            from segtext import html as html_stage  # noqa: PLC0415 - only for HTML

            result = html_stage.analyze_html(doc.text, job.config, url=doc.meta.get("url"))
            rules = tuple(f.rule for f in result.findings)
        else:
            result = analyze(doc.text, job.config)
            rules = tuple(f.rule for f in result.spam)
        line = _output(job, item, doc, result)
    except Exception as exc:  # a bug must cost one record, not a run of millions
        where = f"{item.source}:{item.line}" if item.line else item.source
        msg = f"{where}: internal error, please report it: {type(exc).__name__}: {exc}"
        return _error_outcome(item, msg, doc.id)
    return _Outcome(line, doc.size, result.is_spam, None, rules)


def _output(job: _Job, item: Item, doc: Document, result: Report | HtmlReport) -> str:
    """The output of one document: a JSON record, or the renderer's text."""
    if job.render is not None:
        return job.render(doc, result, job.command).rstrip("\n")
    if isinstance(result, Report):
        rec = text_record(_head(item, doc.id), result, doc.text, job.command, doc.meta)
    else:
        rec = html_record(_head(item, doc.id), result, job.command, doc.meta)
    if job.command == "clean" and doc.record is not None:
        # Cleaning a JSONL corpus: the record as it came, plus the article.
        rec = kept_record(doc.record, {job.output_key: rec["text"], "verdict": rec["verdict"]})
    return to_json(rec)


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


class ProgressSink(Protocol):
    """What :func:`run_batch` reports progress to (the command line's display)."""

    def update(self, stats: BatchStats, *, force: bool = False) -> None: ...

    def clear(self) -> None: ...


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


def run_batch(
    items: Iterable[Item],
    out: TextIO,
    *,
    command: Command = "check",
    config: Config | None = None,
    spec: InputSpec | None = None,
    jobs: int = 0,
    chunk_size: int = CHUNK_RECORDS,
    progress: ProgressSink | None = None,
    on_error: Callable[[str], None] | None = None,
    render: Renderer | None = None,
    output_key: str = "clean_text",
    stats: BatchStats | None = None,
) -> BatchStats:
    """Analyze every item and write one JSONL record per item to ``out``.

    Records come out in input order: ``{"schema_version", "id", "input",
    "line"?, ...}`` followed by the report (``check``) or ``verdict`` and
    cleaned ``text`` (``clean``), or ``error`` for a record that could not be
    read. ``clean`` over JSONL writes each input record with all its fields,
    the article under ``output_key`` and the ``verdict``. ``render`` writes
    text instead of JSON. ``on_error`` is called with each error message
    (the command line prints the first few). ``jobs=0`` uses every core.
    ``stats`` (a fresh one if not given) is counted as the run goes, so a
    caller that is interrupted can still say how far it got.
    """
    cfg = config or DEFAULT_CONFIG
    job = _Job(command, cfg, spec or InputSpec(), render, output_key)
    n = _check_jobs(jobs)
    stats = stats if stats is not None else BatchStats()
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
