"""Bytes of a page to text: :func:`segtext.decode_bytes`, plus the page's own declaration."""

from __future__ import annotations

import re

from segtext.decode import Decoded, decode_bytes, normalize_encoding
from segtext.errors import SegtextError

_META_TAG = re.compile(rb"<meta\b([^>]*)>", re.IGNORECASE)
_BYTE_ATTR = re.compile(rb"""([A-Za-z_:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Declarations believed when the bytes decode under them without error: the
# multi-byte codecs, whose byte structure is evidence. A single-byte
# declaration never fails to decode, so decode_bytes weighs it instead.
_TRUSTED = frozenset(
    {"gb18030", "big5", "big5hkscs", "shift-jis", "cp932", "euc-jp", "euc-kr", "iso2022-jp"}
)


def declared_charset(data: bytes, limit: int = 4096) -> str | None:
    """The codec a page's ``<meta charset>`` or ``http-equiv`` declares, if known.

    Looks at the first ``limit`` bytes. As browsers do, a declared UTF-16 means
    UTF-8 (the page could not have been read to find it otherwise).
    """
    for m in _META_TAG.finditer(data[:limit]):
        attrs: dict[bytes, bytes] = {}
        for a in _BYTE_ATTR.finditer(m.group(1)):
            key = a.group(1).lower()
            if key not in attrs:
                attrs[key] = a.group(2) or a.group(3) or a.group(4) or b""
        name = attrs.get(b"charset")
        if name is None and attrs.get(b"http-equiv", b"").lower() == b"content-type":
            c = _CHARSET.search(attrs.get(b"content", b""))
            name = c.group(1) if c else None
        if not name:
            continue
        try:
            codec = normalize_encoding(name.decode("ascii").strip())
        except (SegtextError, UnicodeDecodeError):
            continue
        return "utf-8" if codec.startswith("utf-16") else codec
    return None


def decode_html(
    data: bytes, *, encoding: str | None = None, strict: bool = False, source: str = "<bytes>"
) -> Decoded:
    """Decode an HTML page: the caller's encoding, a BOM, UTF-8, the page's declaration, a guess.

    Like :func:`segtext.decode_bytes` (whose rules and errors apply), except
    that a ``<meta>`` declaration of a multi-byte encoding (GBK/GB18030,
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
