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
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from segtext.blocks import clean_text
from segtext.report import ORJSON, Report

if TYPE_CHECKING:
    from segtext.html import HtmlReport

__all__ = [
    "SUMMARY_TYPES",
    "StreamedRecord",
    "arrow_type",
    "error_record",
    "html_record",
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


def _with_meta(rec: dict[str, Any], meta: Mapping[str, Any] | None) -> dict[str, Any]:
    if meta:
        rec.setdefault("meta", {}).update(meta)
    return rec


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
    rec = dict(head)
    if command == "clean":
        rec["verdict"] = report.verdict
        rec["text"] = clean_text(text, report.blocks)
    elif command == "segment":
        rec["tokens"] = [t.as_dict() for t in report.tokens]
        rec["han_runs"] = [h.as_dict() for h in report.han_runs]
    else:
        rec.update(report.as_dict(runs=command == "split", tokens=False))
    return _with_meta(rec, meta)


def html_record(
    head: Mapping[str, Any],
    rep: HtmlReport,
    command: str,
    meta: Mapping[str, Any] | None = None,
    *,
    text_report: bool = True,
) -> dict[str, Any]:
    """The record of one HTML page for ``check`` or ``clean``.

    ``check``: the page's findings by part and element and its parts
    summary, with ``text_report`` (the report of the extracted text) unless
    left out; ``clean``: ``verdict`` and the visible article ``text``.
    """
    rec = dict(head)
    if command == "clean":
        from segtext.html import article_text  # noqa: PLC0415 - HTML records only

        rec["verdict"] = rep.verdict
        rec["text"] = article_text(rep)
    else:
        rec.update(rep.as_dict(parts=False, text_report=text_report))
    return _with_meta(rec, meta)


def error_record(head: Mapping[str, Any], message: str) -> dict[str, Any]:
    """The record of an input or JSONL line that could not be read."""
    rec = dict(head)
    rec["error"] = message
    return rec


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


def _spaced(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class StreamedRecord:
    """One JSON object written in pieces: a head, one growing value, a tail.

    The growing value under ``key`` is a list (:meth:`add` one item at a
    time) or, with ``string=True``, a string (:meth:`add_text` one piece at
    a time). :meth:`close` writes the keys only known at the end (the
    verdict, the findings, ``meta``) and the newline. Every value is encoded
    by ``dump``, so the pieces join into one valid JSON object.
    """

    def __init__(
        self,
        out: TextIO,
        head: Mapping[str, Any],
        key: str,
        *,
        string: bool = False,
        dump: Callable[[Any], str] = _spaced,
    ) -> None:
        self._out = out
        self._dump = dump
        self._string = string
        self._first = True
        compact = dump({"a": [1, 2]}) == '{"a":[1,2]}'
        self._item_sep, self._key_sep = (",", ":") if compact else (", ", ": ")
        opened = dump(dict(head))[:-1]  # without its closing brace
        if head:
            opened += self._item_sep
        out.write(opened + dump(key) + self._key_sep + ('"' if string else "["))

    def add(self, value: Any) -> None:
        """One more item of the list."""
        self._out.write(("" if self._first else self._item_sep) + self._dump(value))
        self._first = False

    def add_text(self, piece: str) -> None:
        """One more piece of the string."""
        self._out.write(self._dump(piece)[1:-1])

    def close(self, tail: Mapping[str, Any]) -> None:
        """End the value, add the ``tail`` keys, end the object and the line."""
        self._out.write('"' if self._string else "]")
        rest = self._dump(dict(tail))[1:]
        self._out.write((self._item_sep + rest if tail else "}") + "\n")
