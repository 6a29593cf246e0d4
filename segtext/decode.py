"""Bytes to text: choose the encoding, count the bad bytes, stream large input.

Scraped pages arrive in whatever encoding their server used, often without
saying which, and sometimes with broken bytes in them. This module turns bytes
into the ``str`` that every other stage works on, and says how it did it:
which encoding, whether it was guessed, and how many bad byte sequences were
replaced by U+FFFD. Nothing is dropped in silence: a bad sequence becomes one
U+FFFD and is counted, or, with ``strict=True``, a :class:`SegtextError` that
names the input and the byte offset.

Newlines are not translated: ``"\\r\\n"`` stays two characters, so offsets in a
report are offsets into the text exactly as decoded. A byte-order mark is not
part of the text.

How the encoding is chosen (the first rule that applies wins):

1. ``encoding=`` given by the caller: that codec, no questions asked (a BOM of
   the same encoding is removed).
2. A byte-order mark: UTF-8, UTF-16 or UTF-32, little or big endian.
3. NUL bytes in every other position and (almost) none in between: UTF-16
   without a BOM, as Windows tools write it.
4. Bytes that are valid UTF-8 are UTF-8 (plain ASCII included): legacy CJK
   text is practically never valid UTF-8 by accident.
5. An encoding declared in the first 2 KB (``<meta charset=...>``, a
   content-type ``charset=``, an XML ``encoding=``) when the bytes decode
   under it without error and it scores no worse than the best guess below
   less a margin (declarations are usually right, but copied templates lie).
6. A guess: gb18030 (a superset of GBK and GB2312), big5, cp1252 and UTF-8
   with replacements each decode a sample (64 KB from the first non-ASCII
   byte) and the most plausible result wins. Plausibility adds, per non-ASCII
   character: common Han characters (GB2312 level 1 or Big5 level 1, the
   standards' own "frequently used" sets, read from Python's codecs) and CJK
   punctuation count for; rare Han, kana, Greek, Cyrillic and box drawing (the
   stuff of mojibake), private-use characters, C1 controls and above all
   decoding errors count against; Latin-1 letters count for when they stand
   alone or in twos or threes inside ASCII words and against in longer runs
   (CJK bytes read as cp1252 give long runs such as ``ÖÐ¹ú``). Ties go to
   UTF-8, then gb18030, big5, cp1252.

Rule 6 was picked by measurement against charset-normalizer on pages and
snippets written for the tests (``tests/data/encodings``): see the accuracy
test in ``tests/test_decode.py`` and the report in the project history.

``cp1252`` here is the WHATWG windows-1252 table that browsers use: the five
bytes Python's ``cp1252`` codec leaves undefined (0x81, 0x8D, 0x8F, 0x90,
0x9D) decode to the C1 control of the same number, so Latin text never fails
to decode. Encodings are reported by Python codec name (``utf-8``,
``utf-8-sig``, ``utf-16``, ``utf-16-le``, ``gb18030``, ``big5``, ``cp1252``);
``gbk`` and ``gb2312`` given by a caller or a page are read as ``gb18030``.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Protocol

from segtext.errors import SegtextError

__all__ = ["Decoded", "DecodedStream", "decode_bytes", "normalize_encoding", "read_path"]

#: What a decoding error becomes while decoding. A lone surrogate, because no
#: codec segtext accepts produces one from valid input, so counting them
#: counts exactly the errors; each is then replaced by U+FFFD.
_MARK = "\udcff"
_ERRORS = "segtext.mark"

_SAMPLE = 1 << 16  # bytes scored per candidate when guessing
_CONTEXT = 64  # ASCII bytes before the first non-ASCII one scored with it
_HEAD = 1 << 12  # bytes looked at for a BOM, UTF-16 and a declaration
_DECLARED_HEAD = 2048

# BOMs, longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)

# Codecs that are text encodings to Python but not character sets of pages:
# they can produce lone surrogates from valid input or are not stable.
_UNSUPPORTED = frozenset(
    {
        "unicode-escape",
        "raw-unicode-escape",
        "utf-7",
        "idna",
        "punycode",
        "undefined",
        "mbcs",
        "oem",
    }
)
# Names segtext reports instead of the codec's own (supersets, spelling).
_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "iso8859-1": "latin-1", "windows-1252": "cp1252"}

_CANDIDATES = ("utf-8", "gb18030", "big5", "cp1252")  # also the tie-break order
_DECLARED = re.compile(
    rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z][A-Za-z0-9_.:-]{0,39})""", re.IGNORECASE
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and how it was decoded.

    ``encoding`` is the codec used; ``replaced`` counts the bad byte sequences
    that decoding turned into U+FFFD (a U+FFFD that was validly encoded in
    the input is not counted); ``bom`` says a byte-order mark was found and
    removed; ``detected`` is True when the encoding was guessed rather than
    given by the caller, a BOM or a declaration in the page.
    """

    text: str
    encoding: str
    replaced: int = 0
    bom: bool = False
    detected: bool = False

    def as_meta(self) -> dict[str, object]:
        """The JSON ``meta`` fields the command line reports."""
        return {
            "encoding": self.encoding,
            "encoding_detected": self.detected,
            "bom": self.bom,
            "replaced": self.replaced,
        }


class _Decoder(Protocol):
    def decode(self, input: bytes, final: bool = False) -> str: ...


@lru_cache(maxsize=1)
def _register() -> str:
    """Register the error handler that marks each bad sequence (once)."""

    def mark(exc: UnicodeError) -> tuple[str, int]:
        if isinstance(exc, UnicodeDecodeError):
            return _MARK, exc.end
        raise exc

    codecs.register_error(_ERRORS, mark)
    return _ERRORS


@lru_cache(maxsize=1)
def _windows_1252() -> str:
    """The 256-character WHATWG windows-1252 decoding table."""
    table = []
    for b in range(256):
        try:
            table.append(bytes((b,)).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(b))
    return "".join(table)


class _Charmap:
    """Incremental decoder for a complete single-byte table (never fails)."""

    def __init__(self, table: str) -> None:
        self._table = table

    def decode(self, input: bytes, final: bool = False) -> str:
        return codecs.charmap_decode(input, "strict", self._table)[0]


def normalize_encoding(name: str) -> str:
    """The codec segtext uses for an encoding name, or a SegtextError.

    ``"GBK"`` and ``"gb2312"`` give ``"gb18030"`` (a superset), ``"latin1"``
    gives ``"latin-1"``, ``"windows-1252"`` gives ``"cp1252"``.
    """
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        info = None
    canon = info.name.replace("_", "-") if info is not None else ""
    if info is None or not getattr(info, "_is_text_encoding", True) or canon in _UNSUPPORTED:
        raise SegtextError(
            f"unknown or unsupported encoding {name!r}; give a character encoding such as "
            "utf-8, utf-16, gb18030, gbk, big5 or cp1252"
        )
    return _ALIASES.get(canon, canon)


def _incremental(codec: str, errors: str) -> _Decoder:
    if codec == "cp1252":
        return _Charmap(_windows_1252())
    decoder: _Decoder = codecs.getincrementaldecoder(codec)(errors)
    return decoder


def _decode_all(data: bytes, codec: str, errors: str) -> str:
    if codec == "cp1252":
        return codecs.charmap_decode(data, "strict", _windows_1252())[0]
    return data.decode(codec, errors)


def _finish(raw: str) -> tuple[str, int]:
    """Replace the error marks by U+FFFD and count them."""
    n = raw.count(_MARK)
    return (raw.replace(_MARK, "\ufffd"), n) if n else (raw, 0)


def _bom(data: bytes) -> tuple[int, str, str] | None:
    """``(length, reported codec, codec for the rest)`` of a leading BOM."""
    for bom, reported, codec in _BOMS:
        if data.startswith(bom):
            if codec.startswith("utf-32") and (len(data) - len(bom)) % 4:
                continue  # FF FE 00 00 followed by an odd tail: UTF-16 LE and a NUL
            return len(bom), reported, codec
    return None


def _forced(forced: str, bom: tuple[int, str, str] | None) -> tuple[int, str, str]:
    """``(bytes to skip, reported codec, codec)`` for a caller's encoding.

    A BOM of the forced encoding is removed; ``utf-16``/``utf-32`` take their
    byte order from it and are little endian without one.
    """
    family = forced.removesuffix("-sig")
    if bom is not None and bom[2].startswith(family):
        if forced in ("utf-16", "utf-32"):
            return bom[0], forced, bom[2]
        return bom[0], "utf-8-sig" if family == "utf-8" else forced, bom[2]
    if forced in ("utf-16", "utf-32"):
        return 0, forced, forced + "-le"
    return 0, forced, forced


def _sniff_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: NULs in one byte position of each pair only."""
    n = len(head) - len(head) % 2
    if n < 8:
        return None
    even = head[0:n:2].count(0)
    odd = head[1:n:2].count(0)
    pairs = n // 2
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _declared(head: bytes) -> str | None:
    m = _DECLARED.search(head[:_DECLARED_HEAD])
    if m is None:
        return None
    try:
        return normalize_encoding(m.group(1).decode("ascii"))
    except SegtextError:
        return None


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """Frequently used Han characters: GB2312 level 1 and Big5 level 1."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):  # GB2312 level 1: the 3,755 most used hanzi
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("gb2312"))
    for lead in range(0xA4, 0xC7):  # Big5 level 1 (A440-C67E): 5,401 frequent
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if lead == 0xC6 and trail > 0x7E:
                break
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("big5"))
    return frozenset(chars)


_NON_ASCII_TEXT = re.compile(r"[^\x00-\x7f]+")


def _is_latin(o: int) -> bool:
    # Latin-1 supplement and Latin Extended-A/B, and the punctuation that
    # cp1252 puts at 0x80-0x9F (quotes, dashes, bullet, ellipsis, euro, TM).
    # Not U+00A1 (0xA1, rare in English): it is the lead byte of the
    # full-width punctuation of GB2312 and Big5, so it is left neutral.
    return o != 0xA1 and (0xA0 <= o <= 0x24F or 0x2013 <= o <= 0x2122)


def _glue(text: str, i: int) -> bool:
    """Whether ``text[i]`` could be the ASCII trail byte of a GBK/Big5 pair."""
    return 0 <= i < len(text) and "@" <= text[i] <= "~"


def _plausibility(text: str) -> float:
    """How much ``text`` looks like a real page rather than mojibake."""
    common = _common_han()
    score = 0.0
    runs = [m.span() for m in _NON_ASCII_TEXT.finditer(text)]
    for k, (a, b) in enumerate(runs):
        latin = 0
        for ch in text[a:b]:
            o = ord(ch)
            if ch == _MARK:
                score -= 10
            elif ch in common:
                score += 2
            elif _is_latin(o):
                latin += 1
            elif 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E:
                score += 2  # CJK punctuation, full-width forms
            elif 0x80 <= o <= 0x9F:
                score -= 5  # C1 controls
            elif 0xE000 <= o <= 0xF8FF:
                score -= 3  # private use: user-defined areas of GBK and Big5
            elif (
                0x3400 <= o <= 0x9FFF  # rare Han
                or 0x20000 <= o <= 0x3FFFF
                or 0x3040 <= o <= 0x312F  # kana, bopomofo
                or 0x0370 <= o <= 0x04FF  # Greek, Cyrillic
                or 0x2500 <= o <= 0x257F  # box drawing
            ):
                score -= 1
        if latin:
            # Accented letters sit alone or in twos inside ASCII words
            # ("café", "Größe"). CJK bytes read as Latin make longer runs, or
            # short ones glued to the next by one ASCII byte in 0x40-0x7E
            # (the trail byte of a GBK or Big5 pair).
            glued = (k + 1 < len(runs) and runs[k + 1][0] == b + 1 and _glue(text, b)) or (
                k > 0 and runs[k - 1][1] == a - 1 and _glue(text, a - 1)
            )
            if glued or b - a > 3:
                score -= latin
            else:
                score += 3 if b - a == 1 else latin
    return score


def _sample(data: bytes) -> tuple[bytes, bool]:
    """The bytes to score: from the first non-ASCII byte, and whether final."""
    m = _NON_ASCII.search(data)
    start = m.start() if m else 0
    # Some ASCII before the first non-ASCII byte keeps runs in context; no
    # lead byte precedes it, so the sample starts on a character boundary.
    start = max(0, start - _CONTEXT)
    end = start + _SAMPLE
    return data[start:end], end >= len(data)


def _guess(sample: bytes, final: bool, declared: str | None) -> str:
    """The most plausible candidate codec for ``sample``."""
    errors = _register()
    scored: list[tuple[float, int, str]] = []
    for rank, codec in enumerate(_CANDIDATES):
        text = _incremental(codec, errors).decode(sample, final)
        scored.append((_plausibility(text), -rank, codec))
    best_score, _, best = max(scored)
    if declared is not None and declared != best:
        try:
            text = _incremental(declared, "strict").decode(sample, final)
        except UnicodeDecodeError:
            return best
        # A declaration is believed unless the guess is clearly better.
        if _plausibility(text) >= best_score - max(4.0, 0.1 * abs(best_score)):
            return declared
    return best


def _guessed(sample: bytes, final: bool, declared: str | None) -> tuple[str, bool]:
    """Rules 5 and 6 on a sample: the codec, and whether it was guessed."""
    codec = _guess(sample, final, declared)
    return codec, codec != declared


def _leading(buf: bytes, forced: str | None) -> tuple[int, str, str, bool] | None:
    """Rules 1-3 from the start of the input, or None when the content must decide.

    ``(bytes to skip, reported codec, codec, detected)``: the caller's
    encoding (a BOM of it skipped), a BOM, or UTF-16 sniffed from NULs.
    Whole and streamed input both decide here, on the bytes they hold.
    """
    bom = _bom(buf)
    if forced is not None:
        return (*_forced(forced, bom), False)
    if bom is not None:
        return (*bom, False)
    utf16 = _sniff_utf16(buf[:_HEAD])
    if utf16 is not None:
        return 0, utf16, utf16, True
    return None


def _strict_error(exc: UnicodeDecodeError, codec: str, offset: int, source: str) -> SegtextError:
    bad = exc.object[exc.start : exc.end]
    return SegtextError(
        f"{source}: invalid {codec} byte sequence {bad.hex(' ')} at byte offset "
        f"{offset}; give the right encoding with --encoding, or leave out --strict "
        "to replace bad bytes with U+FFFD and count them"
    )


def decode_bytes(
    data: bytes, *, encoding: str | None = None, strict: bool = False, source: str = "<bytes>"
) -> Decoded:
    """Decode ``data`` by the rules in the module docstring.

    ``encoding`` forces a codec (a :class:`SegtextError` names an unknown one).
    With ``strict=True`` the first bad byte sequence raises a
    :class:`SegtextError` naming ``source`` and its byte offset; otherwise bad
    sequences become U+FFFD and are counted in ``replaced``.

    >>> decode_bytes("中文 text".encode("gbk")).encoding
    'gb18030'
    >>> decode_bytes(b"caf\\xe9 ok")
    Decoded(text='café ok', encoding='cp1252', replaced=0, bom=False, detected=True)
    """
    errors = "strict" if strict else _register()
    forced = normalize_encoding(encoding) if encoding is not None else None
    if not data:
        return Decoded("", forced or "utf-8")
    lead = _leading(data, forced)
    if lead is not None:
        start, reported, codec, detected = lead
    else:
        try:
            return Decoded(data.decode("utf-8"), "utf-8")  # rule 4, on the whole input
        except UnicodeDecodeError:
            pass
        start = 0
        codec, detected = _guessed(*_sample(data), _declared(data))
        reported = codec
    body = data[start:] if start else data
    try:
        raw = _decode_all(body, codec, errors)
    except UnicodeDecodeError as exc:
        raise _strict_error(exc, codec, start + exc.start, source) from None
    text, replaced = _finish(raw)
    return Decoded(text, reported, replaced, start > 0, detected)


def _open_error(path: Path, exc: OSError) -> SegtextError:
    if isinstance(exc, FileNotFoundError):
        why = "no such file; check the path"
    elif isinstance(exc, IsADirectoryError) or path.is_dir():
        why = "is a directory; give a file (or '-' for standard input)"
    elif isinstance(exc, PermissionError):
        why = "permission denied; check the file's permissions"
    else:
        why = f"cannot be read ({exc.strerror or exc}); check the path"
    return SegtextError(f"{path}: {why}")


def read_bytes(path: str | Path) -> bytes:
    """The bytes of one file; a failure raises :class:`SegtextError` naming it.

    A missing file, a directory, a file without read permission or any other
    read failure gets a message that says what to do.
    """
    p = Path(path)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise _open_error(p, exc) from None


def read_path(path: str | Path, *, encoding: str | None = None, strict: bool = False) -> Decoded:
    """Read and decode one file; errors name the path and what to do.

    Read failures are those of :func:`read_bytes`. An empty file decodes to
    ``Decoded("", "utf-8")``.
    """
    data = read_bytes(path)
    return decode_bytes(data, encoding=encoding, strict=strict, source=str(Path(path)))


class DecodedStream:
    """Text of a binary stream of any size, decoded in bounded memory.

    The encoding is chosen from the start of the stream by the same rules as
    :func:`decode_bytes`: a BOM or UTF-16 from the first 4 KB; otherwise ASCII
    is passed through until the first non-ASCII byte and the encoding is
    guessed from the 64 KB that follow it (rule 4, valid UTF-8, then applies
    to that sample only: a stream that turns invalid later is still read as
    UTF-8, with the bad bytes replaced and counted). An incremental decoder
    then reads the stream in ``chunk_size`` pieces, so memory stays bounded
    by the chunk size, never by the stream.

    ``bom`` is known once the first piece has been read; ``encoding`` and
    ``detected`` once the encoding is decided (at the first piece when a BOM,
    the caller or UTF-16 decides it, else at the first non-ASCII byte, else at
    the end: a stream that is all ASCII, or empty, is ``utf-8``); ``replaced``
    once the iteration has ended. Reading one before it is known raises
    ``RuntimeError`` rather than give a value that may still change. With
    ``strict=True`` a bad byte raises :class:`SegtextError` with the byte
    offset in the stream, after the text before it has been yielded.
    """

    def __init__(
        self,
        raw: BinaryIO,
        *,
        encoding: str | None = None,
        strict: bool = False,
        source: str = "<stdin>",
        chunk_size: int = 1 << 20,
    ) -> None:
        if chunk_size < 1:
            raise SegtextError(f"chunk_size must be a positive integer, not {chunk_size!r}")
        self._raw = raw
        self._forced = normalize_encoding(encoding) if encoding is not None else None
        self._strict = strict
        self._source = source
        self._chunk = chunk_size
        # None until decided (see the class docstring); _replaced is final
        # once _ended is set.
        self._encoding: str | None = None
        self._detected = False
        self._bom: bool | None = None
        self._replaced = 0
        self._ended = False

    def _unknown(self, name: str, until: str) -> RuntimeError:
        return RuntimeError(
            f"DecodedStream.{name} is not known until {until}; iterate the stream first"
        )

    def _decided(self, name: str) -> tuple[str, bool]:
        if self._encoding is None:
            raise self._unknown(name, "the encoding is decided")
        return self._encoding, self._detected

    @property
    def encoding(self) -> str:
        """The codec reported for the stream (a BOM's codec with ``-sig``)."""
        return self._decided("encoding")[0]

    @property
    def detected(self) -> bool:
        """Whether the encoding was guessed from the content."""
        return self._decided("detected")[1]

    @property
    def bom(self) -> bool:
        """Whether a byte-order mark was found (and skipped)."""
        if self._bom is None:
            raise self._unknown("bom", "the first piece has been read")
        return self._bom

    @property
    def replaced(self) -> int:
        """Bad byte sequences replaced by U+FFFD in the whole stream."""
        if not self._ended:
            raise self._unknown("replaced", "the stream has been read to its end")
        return self._replaced

    def _read(self) -> bytes:
        block: bytes = self._raw.read(self._chunk)
        return block

    def _fill(self, pending: bytes, size: int, eof: bool) -> tuple[bytes, bool]:
        """Read until ``pending`` holds ``size`` bytes or the stream ends."""
        parts = [pending]
        have = len(pending)
        while have < size and not eof:
            block = self._read()
            eof = not block
            parts.append(block)
            have += len(block)
        return b"".join(parts), eof

    def __iter__(self) -> Iterator[str]:
        """Decoded text in pieces (each at most about ``chunk_size`` long)."""
        yield from self._pieces()
        # Read to its end: what was not decided by now is decided by that.
        if self._encoding is None:
            self._encoding = self._forced or "utf-8"
        self._ended = True

    def _pieces(self) -> Iterator[str]:
        errors = "strict" if self._strict else _register()
        pending = b""
        eof = False
        consumed = 0  # bytes of the stream before `pending`
        pending, eof = self._fill(b"", _HEAD, False)
        self._bom = False
        if not pending:
            return
        lead = _leading(pending, self._forced)
        if lead is not None:
            consumed, self._encoding, codec, self._detected = lead
            pending = pending[consumed:]
            self._bom = consumed > 0
        else:
            declared = _declared(pending)
            context = b""  # the ASCII just before the sample, as decode_bytes scores it
            while (m := _NON_ASCII.search(pending)) is None:
                if pending:
                    yield pending.decode("ascii")
                    consumed += len(pending)
                    context = (context + pending)[-_CONTEXT:]
                if eof:
                    return
                pending = self._read()
                eof = not pending
            if m.start():
                yield pending[: m.start()].decode("ascii")
                consumed += m.start()
                context = (context + pending[: m.start()])[-_CONTEXT:]
                pending = pending[m.start() :]
            pending, eof = self._fill(pending, _SAMPLE - len(context), eof)
            sample = context + pending[: _SAMPLE - len(context)]
            final = eof and len(context) + len(pending) <= _SAMPLE
            try:  # rule 4, on the sample: the rest of the stream is not read yet
                _incremental("utf-8", "strict").decode(sample, final)
                codec = "utf-8"
            except UnicodeDecodeError:
                codec, self._detected = _guessed(sample, final, declared)
            self._encoding = codec
        decoder = _incremental(codec, errors)
        while True:
            try:
                raw = decoder.decode(pending, eof)
            except UnicodeDecodeError as exc:
                # The decoder may have kept bytes of the previous piece.
                carried = len(exc.object) - len(pending)
                raise _strict_error(
                    exc, codec, consumed - carried + exc.start, self._source
                ) from None
            consumed += len(pending)
            text, n = _finish(raw)
            self._replaced += n
            if text:
                yield text
            if eof:
                return
            pending = self._read()
            eof = not pending

    def lines(self, max_chars: int | None = None) -> Iterator[str]:
        """The text split after each ``"\\n"`` (kept, as is any ``"\\r"``).

        Memory is bounded by the longest line; give ``max_chars`` to bound
        it outright: a longer line is then yielded in pieces of ``max_chars``
        characters, of which only the last ends with the newline.
        """
        if max_chars is not None and max_chars < 1:
            raise SegtextError(f"max_chars must be a positive integer, not {max_chars!r}")
        buf: list[str] = []
        size = 0
        for chunk in self:
            pos = 0
            while True:
                nl = chunk.find("\n", pos)
                end = len(chunk) if nl < 0 else nl + 1
                piece = chunk[pos:end]
                if max_chars is not None:
                    while size + len(piece) > max_chars:
                        take = max_chars - size
                        buf.append(piece[:take])
                        yield "".join(buf)
                        buf, size, piece = [], 0, piece[take:]
                if nl < 0:
                    if piece:
                        buf.append(piece)
                        size += len(piece)
                    break
                buf.append(piece)
                yield "".join(buf)
                buf, size = [], 0
                pos = end
        if buf:
            yield "".join(buf)
