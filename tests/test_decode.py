"""Decoding: golden pages per encoding, counted replacements, strict errors,
streaming, and properties over arbitrary bytes.

The pages in ``tests/data/encodings`` were written for these tests (UTF-8
sources); each test encodes them on the fly into the encoding under test.
"""

from __future__ import annotations

import codecs
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from segtext.decode import Decoded, DecodedStream, decode_bytes, normalize_encoding, read_path
from segtext.errors import SegtextError
from tests.conftest import assert_linear

DATA = Path(__file__).parent / "data" / "encodings"
PAGES = {p.stem: p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.txt"))}
HANS = [n for n in PAGES if n.startswith("zh_hans")]
HANT = [n for n in PAGES if n.startswith("zh_hant")]
LATIN = [n for n in PAGES if n.startswith("en_")]


def page(name: str) -> str:
    return PAGES[name]


# --- golden decoding ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PAGES))
def test_utf8_without_bom(name: str) -> None:
    d = decode_bytes(page(name).encode("utf-8"))
    assert d == Decoded(page(name), "utf-8", 0, False, False)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_utf8_with_bom(name: str) -> None:
    d = decode_bytes(codecs.BOM_UTF8 + page(name).encode("utf-8"))
    assert d == Decoded(page(name), "utf-8-sig", 0, True, False)


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize(
    ("bom", "codec", "reported"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    ],
)
def test_utf16_utf32_with_bom(name: str, bom: bytes, codec: str, reported: str) -> None:
    d = decode_bytes(bom + page(name).encode(codec))
    assert d == Decoded(page(name), reported, 0, True, False)


@pytest.mark.parametrize("name", HANS + HANT + ["en_mixed_zh"])
def test_gbk_pages_decode_as_gb18030(name: str) -> None:
    text = page(name)
    try:
        data = text.encode("gbk")
    except UnicodeEncodeError:
        pytest.skip("page has characters outside GBK")
    d = decode_bytes(data)
    assert (d.text, d.encoding, d.replaced, d.detected) == (text, "gb18030", 0, True)


def test_gb2312_and_gb18030_only_characters() -> None:
    text = page("zh_hans_forum")
    assert decode_bytes(text.encode("gb2312")).text == text
    # Characters GBK lacks: four-byte GB18030 sequences.
    rich = text + "\n版权 © 2024，字符 𠀀 与 € 都在 GB18030 里。\n"
    d = decode_bytes(rich.encode("gb18030"))
    assert (d.text, d.encoding, d.replaced) == (rich, "gb18030", 0)


@pytest.mark.parametrize("name", HANT)
def test_big5_pages(name: str) -> None:
    d = decode_bytes(page(name).encode("big5"))
    assert (d.text, d.encoding, d.replaced, d.detected) == (page(name), "big5", 0, True)


@pytest.mark.parametrize("name", LATIN)
def test_cp1252_and_latin1_pages(name: str) -> None:
    text = page(name)
    if text.isascii():
        pytest.skip("ASCII page")
    for codec in ("cp1252", "latin-1"):
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue
        d = decode_bytes(data)
        assert (d.text, d.encoding, d.replaced, d.detected) == (text, "cp1252", 0, True)


def test_cp1252_is_the_whatwg_table() -> None:
    # Bytes Python's cp1252 leaves undefined decode to C1 controls, not errors.
    d = decode_bytes(b"caf\xe9 \x81\x8d\x8f\x90\x9d", encoding="cp1252")
    assert d.text == "café \x81\x8d\x8f\x90\x9d"
    assert d.replaced == 0


def test_newlines_are_kept_exactly() -> None:
    text = "第一行\r\n第二行\rthird\n\n"
    for codec in ("utf-8", "gbk"):
        assert decode_bytes(text.encode(codec)).text == text


def test_empty_and_bom_only() -> None:
    assert decode_bytes(b"") == Decoded("", "utf-8", 0, False, False)
    assert decode_bytes(codecs.BOM_UTF8) == Decoded("", "utf-8-sig", 0, True, False)
    assert decode_bytes(codecs.BOM_UTF16_LE).text == ""


def test_utf16_without_bom_is_sniffed() -> None:
    text = "Plain notes saved by an old Windows editor.\r\n中文也行。\r\n"
    for codec in ("utf-16-le", "utf-16-be"):
        d = decode_bytes(text.encode(codec))
        assert (d.text, d.encoding, d.detected) == (text, codec, True)


def test_declared_charset_is_used() -> None:
    html = '<html><head><meta charset="big5"></head><body>{}</body></html>'
    body = "港灣日報：本地團隊推出翻譯耳機"
    d = decode_bytes(html.format(body).encode("big5"))
    assert (d.text, d.encoding, d.detected) == (html.format(body), "big5", False)
    xml = f'<?xml version="1.0" encoding="GB2312"?><p>{page("zh_hans_forum")}</p>'
    d = decode_bytes(xml.encode("gbk"))
    assert (d.text, d.encoding, d.detected) == (xml, "gb18030", False)


def test_declaration_that_lies_is_overruled() -> None:
    html = '<meta charset="iso-8859-1">' + page("zh_hans_news")
    d = decode_bytes(html.encode("gbk"))
    assert (d.text, d.encoding, d.detected) == (html, "gb18030", True)


# --- forcing an encoding --------------------------------------------------


def test_forced_encoding_overrides_the_guess() -> None:
    data = "Señor".encode("cp1252")
    assert decode_bytes(data, encoding="latin-1") == Decoded("Señor", "latin-1")
    assert decode_bytes(data, encoding="GBK").encoding == "gb18030"
    assert decode_bytes(data, encoding="GBK").replaced == 0  # ño is one GBK pair


def test_forced_utf8_removes_its_bom() -> None:
    d = decode_bytes(codecs.BOM_UTF8 + "中文".encode(), encoding="utf-8")
    assert d == Decoded("中文", "utf-8-sig", 0, True, False)


def test_forced_utf16_takes_byte_order_from_bom() -> None:
    d = decode_bytes(codecs.BOM_UTF16_BE + "中文".encode("utf-16-be"), encoding="utf-16")
    assert d == Decoded("中文", "utf-16", 0, True, False)


@pytest.mark.parametrize("name", ["klingon", "rot13", "base64", "unicode_escape", "", "x\x00"])
def test_unknown_encoding_is_named(name: str) -> None:
    with pytest.raises(SegtextError, match="encoding"):
        decode_bytes(b"abc", encoding=name)


def test_normalize_encoding() -> None:
    assert normalize_encoding("GB2312") == "gb18030"
    assert normalize_encoding("big5") == "big5"
    assert normalize_encoding("windows-1252") == "cp1252"
    assert normalize_encoding("latin1") == "latin-1"
    assert normalize_encoding("UTF8") == "utf-8"


# --- bad bytes --------------------------------------------------------------


def _corrupt(data: bytes, positions: list[int]) -> bytes:
    out = bytearray(data)
    for p in sorted(positions, reverse=True):
        out[p:p] = b"\xff"
    return bytes(out)


@pytest.mark.parametrize(("name", "codec"), [("zh_hans_news", "gbk"), ("zh_hant_news", "big5")])
def test_bad_bytes_are_replaced_and_counted(name: str, codec: str) -> None:
    text = page(name)
    data = text.encode(codec)
    # Insert 0xFF (invalid in both) at ASCII positions so no pair is split.
    ascii_at = [i for i, b in enumerate(data) if b == 0x0A][:3]
    d = decode_bytes(_corrupt(data, ascii_at))
    assert d.replaced == 3
    assert d.text.replace("\ufffd", "") == text


def test_valid_replacement_characters_are_not_counted() -> None:
    d = decode_bytes("已有的 \ufffd 不算".encode() + b"\xff")
    assert d.text == "已有的 \ufffd 不算\ufffd"
    assert d.replaced == 1


def test_truncated_utf8_page() -> None:
    data = page("zh_hans_news").encode("utf-8")[:-2]  # cut inside the last character
    d = decode_bytes(data[: data.rfind(b"\xe5") + 1])
    assert d.encoding == "utf-8"
    assert d.replaced == 1
    assert d.text.endswith("\ufffd")


def test_strict_names_source_and_offset() -> None:
    data = b"abc " + "中文".encode("gbk") + b"\xff tail"
    with pytest.raises(SegtextError) as info:
        decode_bytes(data, encoding="gbk", strict=True, source="page.html")
    message = str(info.value)
    assert "page.html" in message
    assert "byte offset 8" in message
    assert "--encoding" in message


def test_strict_with_bom_counts_the_bom_in_the_offset() -> None:
    with pytest.raises(SegtextError, match="byte offset 5"):
        decode_bytes(codecs.BOM_UTF8 + b"ab\xffc", strict=True)


def test_strict_accepts_clean_input() -> None:
    assert decode_bytes(page("zh_hant_news").encode("big5"), strict=True).text == page(
        "zh_hant_news"
    )


# --- files ------------------------------------------------------------------


def test_read_path(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_bytes(page("zh_hans_news").encode("gbk"))
    assert read_path(f).text == page("zh_hans_news")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert read_path(empty) == Decoded("", "utf-8")


def test_read_path_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(SegtextError, match=r"missing\.txt: no such file"):
        read_path(tmp_path / "missing.txt")
    with pytest.raises(SegtextError, match="is a directory"):
        read_path(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok \xff")
    with pytest.raises(SegtextError, match=r"bad\.txt: invalid"):
        read_path(bad, encoding="utf-8", strict=True)


def test_read_path_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "secret.txt"
    f.write_bytes(b"x")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)
    with pytest.raises(SegtextError, match=r"secret\.txt: permission denied"):
        read_path(f)


# --- streaming --------------------------------------------------------------


def _stream(data: bytes, chunk_size: int, **kw: object) -> tuple[str, DecodedStream]:
    s = DecodedStream(io.BytesIO(data), chunk_size=chunk_size, **kw)  # type: ignore[arg-type]
    return "".join(s), s


@pytest.mark.parametrize(
    ("name", "codec"),
    [
        ("zh_hans_news", "gbk"),
        ("zh_hant_news", "big5"),
        ("en_cp1252", "cp1252"),
        ("zh_hans_forum", "utf-8"),
        ("zh_hans_forum", "utf-8-sig"),
        ("zh_hant_blog", "utf-16"),
        ("en_mixed_zh", "utf-16-be"),
    ],
)
@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7, 64, 1 << 20])
def test_stream_matches_decode_bytes(name: str, codec: str, chunk_size: int) -> None:
    data = page(name).encode(codec)
    text, s = _stream(data, chunk_size)
    whole = decode_bytes(data)
    assert text == whole.text == page(name)
    assert (s.encoding, s.bom, s.detected, s.replaced) == (
        whole.encoding,
        whole.bom,
        whole.detected,
        whole.replaced,
    )


def test_stream_long_ascii_prefix_then_gbk() -> None:
    text = "x" * 200_000 + "\n" + page("zh_hans_news")
    out, s = _stream(text.encode("gbk"), 4096)
    assert out == text
    assert s.encoding == "gb18030"


def test_stream_fields_are_given_once_known_and_refused_before() -> None:
    data = "中文".encode("utf-8-sig") + b"\n" + page("zh_hans_news").encode()
    s = DecodedStream(io.BytesIO(data), chunk_size=7)
    for name in ("encoding", "bom", "detected", "replaced"):
        with pytest.raises(RuntimeError, match=f"DecodedStream.{name} is not known"):
            getattr(s, name)
    pieces = iter(s)
    next(pieces)  # the BOM decided the encoding from the first piece
    assert (s.encoding, s.bom, s.detected) == ("utf-8-sig", True, False)
    with pytest.raises(RuntimeError, match="read to its end"):
        _ = s.replaced
    list(pieces)
    assert s.replaced == 0
    # An ASCII prefix leaves the encoding open until the first non-ASCII byte.
    s = DecodedStream(io.BytesIO(b"x" * 10_000 + "中文".encode("gbk")), chunk_size=10)
    pieces = iter(s)
    assert set(next(pieces)) == {"x"} and s.bom is False
    with pytest.raises(RuntimeError, match="until the encoding is decided"):
        _ = s.encoding
    assert "".join(pieces).endswith("中文") and s.encoding == "gb18030" and s.detected


def test_stream_empty_and_ascii() -> None:
    assert _stream(b"", 5)[0] == ""
    out, s = _stream(b"plain ascii\n" * 1000, 100)
    assert out == "plain ascii\n" * 1000
    assert s.encoding == "utf-8"


def test_stream_counts_replacements_and_strict_offset() -> None:
    gbk = page("zh_hans_news").encode("gbk")
    newline = gbk.index(b"\n")
    data = _corrupt(gbk, [0, newline, newline])  # not inside a pair
    out, s = _stream(data, 7)
    assert s.replaced == 3
    assert out.replace("\ufffd", "") == page("zh_hans_news")
    with pytest.raises(SegtextError, match="byte offset 0"):
        _stream(data, 7, encoding="gbk", strict=True)
    with pytest.raises(SegtextError, match="byte offset 40"):
        _stream(b"A" * 40 + b"\xff", 3, encoding="utf-8", strict=True)


def test_stream_lines_keep_newlines() -> None:
    text = "a\r\nb\n\n中文\nlast"
    lines = list(DecodedStream(io.BytesIO(text.encode("gbk")), chunk_size=2).lines())
    assert lines == ["a\r\n", "b\n", "\n", "中文\n", "last"]
    lines = list(DecodedStream(io.BytesIO(b"\n" * 100_000), chunk_size=4096).lines())
    assert len(lines) == 100_000


def test_stream_lines_max_chars() -> None:
    text = "x" * 25 + "\n" + "y" * 5
    lines = list(DecodedStream(io.BytesIO(text.encode()), chunk_size=3).lines(max_chars=10))
    assert lines == ["x" * 10, "x" * 10, "x" * 5 + "\n", "y" * 5]
    with pytest.raises(SegtextError):
        list(DecodedStream(io.BytesIO(b"x")).lines(max_chars=0))


# --- accuracy floor on short snippets ---------------------------------------


def _snippets(text: str) -> list[str]:
    out = [text, *[line for line in text.splitlines() if line.strip()]]
    for size in (4, 8, 16, 32, 64, 128):
        out.extend(text[i : i + size] for i in range(0, len(text), size))
    return [s for s in out if not s.isascii()]


def test_guessing_accuracy_on_snippets() -> None:
    # Measured when the strategy was chosen: 99.6% on these pages and 99.5% on
    # three pages written afterwards and not tuned on (charset-normalizer 3.5:
    # 65%). The floor leaves room for small changes, not for regressions.
    total = right = 0
    for text in PAGES.values():
        for codec in ("gbk", "big5", "cp1252"):
            try:
                text.encode(codec)
            except UnicodeEncodeError:
                continue
            for snip in _snippets(text):
                total += 1
                right += decode_bytes(snip.encode(codec)).text == snip
    assert total > 1000
    assert right / total >= 0.98


# --- properties ---------------------------------------------------------------

_ENCODINGS = st.sampled_from([None, "utf-8", "gbk", "big5", "cp1252", "utf-16", "latin-1"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600), encoding=_ENCODINGS, strict=st.booleans())
def test_arbitrary_bytes_give_text_or_segtext_error(
    data: bytes, encoding: str | None, strict: bool
) -> None:
    try:
        d = decode_bytes(data, encoding=encoding, strict=strict)
    except SegtextError as exc:
        assert strict
        assert "byte offset" in str(exc)
        return
    assert isinstance(d.text, str)
    assert not any("\ud800" <= c <= "\udfff" for c in d.text)
    assert d.replaced >= 0
    assert not (strict and d.replaced)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_valid_utf8_round_trips(text: str) -> None:
    data = text.encode("utf-8")
    # Documented exceptions: a leading U+FEFF is a BOM, and NULs in every
    # other byte read as UTF-16.
    assume(not text.startswith("\ufeff"))
    d = decode_bytes(data)
    if d.encoding == "utf-8":
        assert d.text == text
        assert d.replaced == 0
    else:
        assert d.encoding.startswith("utf-16")


@settings(max_examples=200, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=200).map(lambda t: t.encode("gb18030")),
        st.text(alphabet="港灣日報科技創業，。「」 abc\n", max_size=200).map(
            lambda t: t.encode("big5")
        ),
    ),
    chunk_size=st.integers(1, 50),
)
def test_stream_equals_whole_decoding(data: bytes, chunk_size: int) -> None:
    whole = decode_bytes(data)
    text, s = _stream(data, chunk_size)
    assert text == whole.text
    assert (s.encoding, s.replaced, s.bom) == (whole.encoding, whole.replaced, whole.bom)


def test_random_bytes_are_decoded_in_linear_time() -> None:
    data = os.urandom(1 << 20)
    d = decode_bytes(data)
    assert len(d.text) > 0
    assert d.text.count("\ufffd") >= d.replaced
    assert_linear(lambda n: decode_bytes(data[:n]), len(data))
