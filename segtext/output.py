"""Every JSON record segtext writes, built in one place, and the JSON encoder.

The command line (one record per input), batch runs (one per input record),
:func:`segtext.batch.analyze_columns` and the DataTrove filter all build
their records here, so a key is added, renamed or documented once:

- :func:`text_record`: a report of plain text (``check``, ``split``),
  its article (``clean``) or its tokens (``segment``);
- :func:`html_record`: the same for an HTML page;
- :func:`error_record`: an input that could not be read;
- :func:`summary`: the few flat values per document of the column and
  DataTrove outputs;
- :class:`StreamedRecord`: a record whose list of blocks or tokens (or
  whose text) is written while an input too large to hold is analysed.

A record starts with its *head*, the keys that say which input it is
(``input``; ``id`` and ``line`` in batch runs), given by the caller.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from segtext.blocks import clean_text
from segtext.report import ORJSON, Report, SpamFinding

if TYPE_CHECKING:
    from segtext.html import HtmlDocument, HtmlFinding, HtmlReport

__all__ = [
    "SCHEMA_VERSION",
    "SUMMARY_TYPES",
    "StreamedRecord",
    "arrow_type",
    "error_record",
    "finding",
    "html_end",
    "html_record",
    "kept_record",
    "line_col",
    "summary",
    "text_record",
    "to_json",
]


def to_json(record: Any) -> str:
    """One JSON line (no newline), non-ASCII kept, the same bytes with or without orjson.

    orjson (``pip install 'segtext[fast]'``, about ten times faster on a
    report) writes it when installed; the standard library writes the same
    compact form otherwise, and for what orjson refuses (a lone surrogate,
    an integer past 64 bits).
    """
    if ORJSON is not None:
        try:
            dumped: bytes = ORJSON.dumps(record)
            return dumped.decode("utf-8")
        except TypeError:
            pass
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


#: The version of the record shape; raised when a key changes meaning or
#: goes away (new keys may be added without it). The shape is described by
#: ``segtext/record.schema.json``.
SCHEMA_VERSION = 1


def _with_meta(rec: dict[str, Any], meta: Mapping[str, Any] | None) -> dict[str, Any]:
    if meta:
        rec.setdefault("meta", {}).update(meta)
    return rec


def _start(head: Mapping[str, Any]) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, **head}


def line_col(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of code point ``pos`` of ``text``."""
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


def _placed(d: dict[str, Any], start: tuple[int, int], end: tuple[int, int]) -> dict[str, Any]:
    """``d`` with ``line``, ``col``, ``end_line``, ``end_col`` just after ``start``/``end``."""
    out = {"start": d.pop("start"), "end": d.pop("end")}
    out.update(line=start[0], col=start[1], end_line=end[0], end_col=end[1])
    out.update(d)
    return out


def finding(f: SpamFinding, text: str, *, offset: int = 0, line0: int = 0) -> dict[str, Any]:
    """A finding's JSON with where it starts and ends as line and column of ``text``.

    ``end_line``/``end_col`` are the position just after its last character
    (an exclusive end, as ruff and editors give ranges), so a one-line
    finding has ``end_col - col == end - start``. For a window of a larger
    input, ``offset`` and ``line0`` (code points and lines before it) place
    the finding in the whole input.
    """
    d = f.as_dict()
    d["start"] += offset
    d["end"] += offset
    (l0, c0), (l1, c1) = line_col(text, f.start), line_col(text, f.end)
    return _placed(d, (line0 + l0, c0), (line0 + l1, c1))


def _report(report: Report, text: str, *, runs: bool) -> dict[str, Any]:
    return report.as_dict(runs=runs, tokens=False, finding=lambda f: finding(f, text))


def text_record(
    head: Mapping[str, Any],
    report: Report,
    text: str,
    command: str,
    meta: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The record of one plain-text input for ``command``.

    ``check``: the report (``verdict``, ``score``, ``threshold``, ``length``,
    ``spam``, ``blocks``); ``split`` adds the script ``runs``; ``clean``
    gives ``verdict`` and the article ``text``; ``segment`` gives ``tokens``
    and ``han_runs``. ``meta`` (decoding details) goes under ``meta``.
    """
    rec = _start(head)
    if command == "clean":
        rec["verdict"] = report.verdict
        rec["text"] = clean_text(text, report.blocks)
    elif command == "segment":
        rec["tokens"] = [t.as_dict() for t in report.tokens]
        rec["han_runs"] = [h.as_dict() for h in report.han_runs]
    else:
        rec.update(_report(report, text, runs=command == "split"))
    return _with_meta(rec, meta)


def _html_finding(f: HtmlFinding, doc: HtmlDocument) -> tuple[dict[str, Any], dict[str, Any]]:
    """A page finding as a text finding (``line``/``col`` in the HTML), and its HTML details."""
    inner = f.finding
    common: dict[str, Any] = {
        "start": f.start,
        "end": f.end,
        "kind": inner.kind if inner is not None else "html",
        "rule": f.rule,
        "score": round(f.score, 3),
        "categories": list(inner.categories) if inner is not None else [],
        "keywords": list(inner.keywords) if inner is not None else [],
        "items": inner.items if inner is not None else 0,
        "message": f.message,
        "evidence": [e.as_dict() for e in f.evidence],
    }
    html: dict[str, Any] = {"part": f.part, "element": f.element, "parts": list(f.parts)}
    if f.reason is not None:
        html["reason"] = f.reason
    return _placed(common, (f.line, f.col), html_end(f, doc)), html


def html_end(f: HtmlFinding, doc: HtmlDocument) -> tuple[int, int]:
    """HTML line and column just after a page finding's last character."""
    last = doc.source_offset(f.end - 1) + 1 if f.end > f.start else doc.source_offset(f.start)
    return doc.line_col(last)


def html_record(
    head: Mapping[str, Any],
    rep: HtmlReport,
    command: str,
    meta: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The record of one HTML page for ``check`` or ``clean``: the text record's shape.

    The top-level keys are those of :func:`text_record`: ``spam`` holds the
    page's findings with ``start``/``end`` into the extracted text
    (``length`` long) and ``line``/``col``/``end_line``/``end_col`` in the
    HTML; ``blocks`` are the extracted text's. What only a page has is
    under ``html``: per finding (in the order of ``spam``) its ``part``,
    ``element``, ``parts`` and hiding ``reason``, and ``parts_summary``.
    ``clean`` gives ``verdict`` and the visible article ``text``.
    """
    rec = _start(head)
    if command == "clean":
        from segtext.html import article_text  # noqa: PLC0415 - HTML records only

        rec["verdict"] = rep.verdict
        rec["text"] = article_text(rep)
        return _with_meta(rec, meta)
    doc = rep.document
    pairs = [_html_finding(f, doc) for f in rep.findings]
    rec.update(
        verdict=rep.verdict,
        score=round(rep.score, 3),
        threshold=rep.threshold,
        length=len(doc.text),
        spam=[common for common, _ in pairs],
        blocks=[b.as_dict() for b in rep.text_report.blocks],
        html={
            "findings": [html for _, html in pairs],
            "parts_summary": rep.as_dict(parts=False, text_report=False)["parts_summary"],
        },
    )
    return _with_meta(rec, meta)


def error_record(head: Mapping[str, Any], message: str) -> dict[str, Any]:
    """The record of an input or JSONL line that could not be read."""
    rec = _start(head)
    rec["error"] = message
    return rec


def kept_record(record: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """An input JSONL record with every field kept and ``fields`` added (or replaced)."""
    return {**record, **fields}


def summary(report: Report) -> dict[str, Any]:
    """Flat per-document values: ``verdict``, ``score``, ``rules``, ``spans``.

    ``rules`` holds each finding's rule id and ``spans`` its ``[start, end]``
    code-point offsets, in text order.
    """
    return {
        "verdict": report.verdict,
        "score": round(report.score, 3),
        "rules": [f.rule for f in report.spam],
        "spans": [[f.start, f.end] for f in report.spam],
    }


#: The type of each :func:`summary` value (and of a cleaned ``text``), as
#: pyarrow names them: engines with typed columns need one type per column
#: whatever a batch holds, and an empty list has no type of its own.
SUMMARY_TYPES = {
    "verdict": "string",
    "score": "float64",
    "rules": "list<string>",
    "spans": "list<list<int64>>",
    "text": "string",
}


def arrow_type(name: str) -> Any:
    """The pyarrow type of a :data:`SUMMARY_TYPES` name (pyarrow imported here)."""
    import pyarrow as pa  # noqa: PLC0415 - only for typed-column engines

    if name.startswith("list<"):
        return pa.list_(arrow_type(name[5:-1]))
    return pa.type_for_alias(name)


class StreamedRecord:
    """One JSON object written in pieces: a head, one growing value, a tail.

    The growing value under ``key`` is a list (:meth:`add` one item at a
    time) or, with ``string=True``, a string (:meth:`add_text` one piece at
    a time). :meth:`close` writes the keys only known at the end (the
    verdict, the findings, ``meta``) and the newline. Every value is encoded
    by :func:`to_json`, so the pieces join into one valid JSON object.
    """

    def __init__(
        self, out: TextIO, head: Mapping[str, Any], key: str, *, string: bool = False
    ) -> None:
        self._out = out
        self._string = string
        self._first = True
        opened = to_json(_start(head))[:-1]  # without its closing brace
        out.write(opened + "," + to_json(key) + ":" + ('"' if string else "["))

    def add(self, value: Any) -> None:
        """One more item of the list."""
        self._out.write(("" if self._first else ",") + to_json(value))
        self._first = False

    def add_text(self, piece: str) -> None:
        """One more piece of the string."""
        self._out.write(to_json(piece)[1:-1])

    def close(self, tail: Mapping[str, Any]) -> None:
        """End the value, add the ``tail`` keys, end the object and the line."""
        self._out.write('"' if self._string else "]")
        rest = to_json(dict(tail))[1:]
        self._out.write(("," + rest if tail else "}") + "\n")
