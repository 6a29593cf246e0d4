"""Bytes of a page to text: :func:`segtext.decode_bytes`, plus the page's own declaration."""

from __future__ import annotations

# decode's own reader of the declaration, so that a page's charset is read
# one way whether decode_bytes weighs it or decode_html trusts it.
from segtext.decode import Decoded, _declared, decode_bytes

# Declarations believed when the bytes decode under them without error: the
# multi-byte codecs, whose byte structure is evidence. A single-byte
# declaration never fails to decode, so decode_bytes weighs it instead.
_TRUSTED = frozenset(
    {"gb18030", "big5", "big5hkscs", "shift-jis", "cp932", "euc-jp", "euc-kr", "iso2022-jp"}
)


def declared_charset(data: bytes, limit: int = 2048) -> str | None:
    """The codec a page declares (``<meta charset>``, a content-type ``charset=``,
    an XML ``encoding=``), if known.

    The declaration :func:`segtext.decode_bytes` reads (its rule 5), from the
    first ``limit`` bytes (at most 2,048). As browsers do, a declared UTF-16
    means UTF-8 (the page could not have been read to find it otherwise).
    """
    codec = _declared(data[:limit])
    if codec is not None and codec.startswith("utf-16"):
        return "utf-8"
    return codec


def decode_html(
    data: bytes, *, encoding: str | None = None, strict: bool = False, source: str = "<bytes>"
) -> Decoded:
    """Decode an HTML page: the caller's encoding, a BOM, UTF-8, the page's declaration, a guess.

    Like :func:`segtext.decode_bytes` (whose rules and errors apply), except
    that a declaration of a multi-byte encoding (GBK/GB18030,
    Big5, Shift_JIS, EUC) is followed whenever the bytes decode under it
    without error, as a browser follows it: the spam on a page is written for
    what the browser shows. Valid UTF-8 still wins over a declaration
    (templates copied between sites keep their old ``charset``).
    """
    if encoding is None and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = declared_charset(data)
        if declared in _TRUSTED:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    data.decode(declared)
                except UnicodeDecodeError:
                    pass
                else:
                    return decode_bytes(data, encoding=declared, strict=strict, source=source)
    return decode_bytes(data, encoding=encoding, strict=strict, source=source)
