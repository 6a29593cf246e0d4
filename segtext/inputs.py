"""Where documents come from: files, directories, JSONL records, stdin, huge inputs.

The one input layer of the command line and of batch runs. It knows

- which inputs there are: file names, ``-`` for standard input, directories
  read recursively (:func:`expand`);
- what an input is: JSONL by its name or ``--input-format``, HTML by its
  content (:func:`looks_like_html`) or by the option, else plain text;
- how to get its text: bytes to ``str`` by :mod:`segtext.decode` (HTML by
  :func:`segtext.html.decode_html`, which follows ``<meta charset>``), and
  for an input too large to hold, a :class:`~segtext.decode.DecodedStream`.

Two shapes come out. The single-document commands read :class:`Source` and
:class:`StreamSource` from :func:`read_sources`; batch runs read small
:class:`Item` records from :func:`iter_items` (cheap to send to a worker)
and turn each into a :class:`Document` with :func:`to_document` in the
worker. Failures are :class:`~segtext.errors.SegtextError` whose message
names the input (and line) and says what to do.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, BinaryIO, Literal, cast

from segtext.decode import Decoded, DecodedStream, decode_bytes, read_bytes
from segtext.errors import ConfigError, SegtextError
from segtext.report import ORJSON

__all__ = [
    "JSONL_SUFFIXES",
    "STREAM_BYTES",
    "Document",
    "InputFormat",
    "InputSpec",
    "Item",
    "RecordError",
    "Source",
    "StreamSource",
    "decode_input",
    "expand",
    "expanded_items",
    "iter_items",
    "json_kind",
    "looks_like_html",
    "read_sources",
    "record_text",
    "to_document",
]

InputFormat = Literal["text", "html", "jsonl", "auto"]

#: File names read as JSONL when the input format is ``auto``.
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
#: Inputs larger than this (bytes) are analysed in windows, in bounded memory.
STREAM_BYTES = 16 << 20


# --- what kind of text an input is ---------------------------------------------

_HTML_EXT = (".html", ".htm", ".xhtml", ".shtml", ".xht")
# Leading markup that makes a document HTML (the MIME sniffing standard's list).
_SNIFF = re.compile(
    r"\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body"
    r"|br|p|meta|!--)[\s>]",
    re.IGNORECASE,
)
_SNIFF_ANYWHERE = re.compile(r"<(?:html|head|body)[\s>]|<meta\s|<title>", re.IGNORECASE)
#: Bytes of an input that sniffing looks at (1,024 characters of UTF-16 and more).
SNIFF_BYTES = 2048


def looks_like_html(data: str | bytes, name: str | None = None) -> bool:
    """Whether an input is an HTML page, by its content (or an HTML file name).

    A name ending in ``.html``/``.htm``/``.xhtml``/``.shtml`` is HTML; any
    other input, whatever its name, is HTML when its first 1,024 characters
    look like it: markup such as ``<!DOCTYPE html``, ``<html``, ``<div`` or
    ``<p`` at the start (after whitespace), or ``<html``, ``<head``,
    ``<body``, ``<meta`` or ``<title>`` anywhere in them. Scraped pages are
    often saved as ``.txt`` or without an extension, so a name never says
    "not HTML".
    """
    if name and name.lower().split("?", 1)[0].endswith(_HTML_EXT):
        return True
    if isinstance(data, bytes):
        head_b = data[:SNIFF_BYTES]
        if head_b.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head_b.decode("utf-16", "replace")
        else:
            head = head_b.decode("latin-1").removeprefix("\xef\xbb\xbf")
    else:
        head = data[:1024].removeprefix("\ufeff")
    head = head[:1024]
    return bool(_SNIFF.match(head) or _SNIFF_ANYWHERE.search(head))


def _is_html(data: bytes, name: str | None, input_format: str) -> bool:
    return input_format == "html" or (input_format == "auto" and looks_like_html(data, name))


def decode_input(
    data: bytes,
    name: str | None,
    label: str,
    *,
    input_format: str,
    encoding: str | None,
    strict: bool,
) -> tuple[Decoded, bool]:
    """The decoded text of one whole input, and whether it is HTML.

    HTML is decoded by :func:`segtext.html.decode_html` (a page's ``<meta
    charset>`` is followed as a browser follows it), anything else by
    :func:`segtext.decode.decode_bytes`; errors name ``label``.
    """
    if _is_html(data, name, input_format):
        from segtext import html as html_stage  # noqa: PLC0415 - plain text never loads it

        return html_stage.decode_html(data, encoding=encoding, strict=strict, source=label), True
    return decode_bytes(data, encoding=encoding, strict=strict, source=label), False


# --- the single-document commands: one decoded input at a time --------------------


@dataclass(frozen=True, slots=True)
class Source:
    """One input: its display name, decoded text, and whether it is HTML."""

    name: str
    decoded: Decoded
    html: bool = False


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
    its first kilobyte looks like HTML or its name ends in ``.html``; HTML is decoded by its BOM or
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
            if big and not _is_html(data or _head(name), hint, input_format):
                if stream is None:
                    stream = _open(name)
                    yield StreamSource(label, _stream(stream, encoding, strict, label), stream)
                else:
                    raw = _Prefixed(data, stream)
                    yield StreamSource(label, _stream(raw, encoding, strict, label))
                continue
            if big:  # a huge HTML page: read whole
                data = data + stream.read() if stream is not None else read_bytes(name)
            decoded, is_html = decode_input(
                data, hint, label, input_format=input_format, encoding=encoding, strict=strict
            )
            yield Source(label, decoded, is_html)
        except SegtextError as exc:
            yield exc


def _head(name: str) -> bytes:
    """The first bytes of a file, for sniffing; empty when it cannot be read."""
    try:
        with Path(name).open("rb") as f:
            return f.read(SNIFF_BYTES)
    except OSError:
        return b""


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


def _stream(raw: Any, encoding: str | None, strict: bool, label: str) -> DecodedStream:
    return DecodedStream(raw, encoding=encoding, strict=strict, source=label)


# --- batch runs: many records, read lazily --------------------------------------


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
    """One decoded input record: its id, its text and where it came from.

    ``meta`` holds how the text was decoded (``Decoded.as_meta()``) and, for
    a JSONL record of a page's HTML, ``html`` and ``url``; it is a read-only
    copy of the mapping given, made once when the record is built. ``record``
    is the whole JSONL record the text was read from (None for a file), so
    that an output record can keep every field of it.
    """

    source: str
    line: int
    id: Any
    text: str
    size: int
    meta: Mapping[str, Any] = field(default_factory=lambda: _NO_META)
    record: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.meta, MappingProxyType):
            object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))

    def __reduce__(self) -> tuple[type[Document], tuple[Any, ...]]:
        # A mappingproxy does not pickle: the meta travels as a dict.
        meta = dict(self.meta)
        return Document, (self.source, self.line, self.id, self.text, self.size, meta, self.record)


_NO_META: Mapping[str, Any] = MappingProxyType({})


class RecordError(SegtextError):
    """A JSONL record that was read but cannot be analysed; ``id`` is its id if it has one."""

    def __init__(self, message: str, id: Any = None) -> None:
        super().__init__(message)
        self.id = id


# JSON's names for what a record holds, for messages a person reads.
_JSON_KINDS = {
    "str": "a string",
    "int": "an int",
    "float": "a float",
    "bool": "a boolean",
    "NoneType": "null",
    "list": "a list",
    "dict": "an object",
}


def json_kind(value: Any) -> str:
    """``"an int"``, ``"null"``, ``"a list"``: what a JSON value is, in English."""
    name = type(value).__name__
    return _JSON_KINDS.get(name, f"a {name}")


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


def expand(names: Sequence[str], glob: str) -> Iterator[str]:
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
    return expanded_items(expand(names, spec.glob), spec, stdin)


def expanded_items(
    files: Iterable[str], spec: InputSpec, stdin: BinaryIO | None = None
) -> Iterator[Item]:
    """:func:`iter_items` of names :func:`expand` has given already (no directories)."""
    for name in files:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
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
        raise SegtextError(f"{spec.text_key!r} is {json_kind(text)}, not a string")
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


def _file_document(item: Item, spec: InputSpec) -> Document:
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
    decoded, is_html = decode_input(
        data,
        item.source,
        item.source,
        input_format=spec.format,
        encoding=spec.encoding,
        strict=spec.strict,
    )
    meta: dict[str, Any] = decoded.as_meta()
    if is_html:
        meta["html"] = True
    return Document(item.source, 0, item.source, decoded.text, len(data), meta)


def to_document(item: Item, spec: InputSpec) -> Document:
    """Decode one item into a :class:`Document`; raises :class:`SegtextError`.

    Error messages name the input and, for JSONL, the line.
    """
    if item.error is not None:
        raise SegtextError(item.error)
    if item.line == 0:  # a whole file, or all of stdin
        return _file_document(item, spec)
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
        raise SegtextError(f"{where}: a JSONL record must be an object, not {json_kind(record)}")
    try:
        rid, text, extra = record_text(record, spec)
    except SegtextError as exc:
        rid = record.get(spec.id_key) if spec.id_key else None
        raise RecordError(f"{where}: {exc}", rid) from None
    meta.update(extra)
    return Document(item.source, item.line, rid, text, len(raw), meta, record)
