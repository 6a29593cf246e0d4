"""Hostile input, end to end: whatever arrives, a result or one clear error.

Arbitrary ``str`` through :func:`segtext.analyze`, arbitrary bytes through
``main(["check", ...])``, and the edges the issue lists: directories, missing
and empty files, broken pipes, bad dictionaries and options, characters that
defeat naive tools, huge lines and many empty ones. Assertions are on
results, never on time.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segtext import Report, analyze
from segtext.errors import SegtextError
from tests.conftest import assert_report_sound, assert_tiles, run_cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "segtext" / "samples" / "hacked-page.txt"
PAGES = ROOT / "tests" / "data" / "encodings"
SPAM_LINE = "Hello world. 主站蜘蛛池模板: 免费毛片 | 成人网站 | 无码视频 | 澳门赌场 |"
# A spam line of our own, in Traditional characters, for the Big5 page.
HANT_SPAM = (
    "友情連結：免費觀看毛片視頻網站| 亞洲精品無碼在線觀看| 國產成人精品一區二區|"
    " 澳門新葡京娛樂城官網| 網上賭場註冊送彩金|\n"
)


def assert_json_sound(record: dict[str, Any]) -> None:
    assert {"encoding", "replaced"} <= set(record["meta"])
    # One shape for text and HTML (bytes that look like HTML are read as HTML):
    # for HTML, offsets index the extracted text, of `length` code points.
    html = bool(record["meta"].get("html"))
    if html:
        assert len(record["html"]["findings"]) == len(record["spam"])
    length = record["length"]
    assert_tiles([(b["start"], b["end"]) for b in record["blocks"]], length)
    for f in record["spam"]:
        assert 0 <= f["start"] <= f["end"] <= length
        assert html or f["start"] < f["end"]


# --- arbitrary str through the library ----------------------------------------

# Every code point, lone surrogates included (only the Python API can pass them).
ANY_CHAR = st.characters(codec=None, exclude_categories=())
HOSTILE = st.sampled_from(
    [
        "\x00",
        "\x07",
        "\x1b",
        "\x7f",
        "\x85",
        "\u0301",
        "\u200b",
        "\u200d",
        "\u202e",
        "\u2066",
        "\ufe0f",
        "\U000e0101",
        "\ufeff",
        "\ud800",
        "\udfff",
        "\U00020000",
        "\U0002a6d6",
        "👨\u200d👩\u200d👧",
        "🇨🇳",
        "👍🏽",
        "\r\n",
        "\r",
        "\u2028",
        "\n\n",
        "免费毛片",
        "澳门赌场",
        "|",
        "中文",
        "English",
        " ",
    ]
)
HOSTILE_TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=200),
    st.lists(st.one_of(HOSTILE, ANY_CHAR), max_size=120).map("".join),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT)
def test_analyze_any_str(text: str) -> None:
    assert_report_sound(analyze(text), text)


@pytest.mark.parametrize(
    "ins",
    ["\u200b", "\u200d", "\u202e", "\u2066", "\ufe0f", "\U000e0101", "\u0301", "\ufeff", "\x00"],
    ids=["zwsp", "zwj", "rlo", "lri", "vs16", "vs-astral", "combining", "bom", "nul"],
)
def test_spam_found_through_invisible_and_control_characters(ins: str) -> None:
    text = "".join(c + ins if "\u4e00" <= c <= "\u9fff" else c for c in SPAM_LINE)
    report = analyze(text)
    assert_report_sound(report, text)
    assert report.is_spam
    (f,) = report.spam
    assert text[f.start :].startswith("主")
    assert "澳" in text[f.start : f.end]


def test_lone_surrogates_through_the_api() -> None:
    text = "abc\ud800中文\udfff" + SPAM_LINE + "\udbff"
    report = analyze(text)
    assert_report_sound(report, text)
    assert report.is_spam
    assert text[report.spam[0].start :].startswith("主站")
    assert json.dumps(report.as_dict())  # the record serialises (escaped)


def test_astral_cjk_and_emoji_keep_offsets() -> None:
    text = "𠀀𠀁𪚥 👨\u200d👩\u200d👧 🇨🇳 " + SPAM_LINE + " 👍🏽𠮷"
    report = analyze(text)
    assert_report_sound(report, text)
    (f,) = report.spam
    assert text[f.start : f.start + 2] == "主站"


# --- arbitrary bytes through the command line ---------------------------------


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(ANY_CHAR.filter(lambda c: not "\ud800" <= c <= "\udfff"), max_size=100).flatmap(
            lambda t: st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]).map(t.encode)
        ),
    ),
    strict=st.booleans(),
)
def test_main_on_any_bytes(tmp_path: Path, data: bytes, strict: bool) -> None:
    page = tmp_path / "page.bin"
    page.write_bytes(data)
    flags = ["--strict"] if strict else []
    code, out, err = run_cli(["check", *flags, str(page)])
    assert code in (0, 1, 2)
    if code == 2:
        assert strict
        assert err.count("\n") == 1 and str(page) in err
    code_json, out, err = run_cli(["check", "--format", "json", *flags, str(page)])
    assert code_json == code
    if code != 2:
        record = json.loads(out)
        assert_json_sound(record)
    code_stdin, out, _ = run_cli(["check", "--format", "json", *flags, "-"], stdin=data)
    assert code_stdin == code


# --- the edges ------------------------------------------------------------------


def test_directory_where_a_file_is_expected(tmp_path: Path) -> None:
    code, _out, err = run_cli(["split", str(tmp_path)])
    assert code == 2
    assert str(tmp_path) in err and "directory" in err
    assert err.count("\n") == 1


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    code, _, err = run_cli(["check", str(missing)])
    assert code == 2
    assert "nope.html" in err and "no such file" in err


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "locked.txt"
    page.write_text("x", encoding="utf-8")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", deny)
    code, _, err = run_cli(["check", str(page)])
    assert code == 2
    assert "locked.txt" in err and "permission" in err


@pytest.mark.parametrize("command", ["check", "clean", "split", "segment"])
def test_empty_file_is_a_clean_empty_report(tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run_cli([command, "--format", "json", str(empty)])
    assert (code, err) == (0, "")
    record = json.loads(out)
    assert record["meta"]["encoding"] == "utf-8"
    if command in ("check", "split"):
        assert (record["length"], record["verdict"], record["spam"]) == (0, "clean", [])


def test_unknown_encoding_and_strict_errors(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    body = "这是一个中文页面，用来测试坏字节。".encode("gbk")
    page.write_bytes(body + b"\xff")
    code, _, err = run_cli(["check", "--encoding", "klingon", str(page)])
    assert code == 2 and "klingon" in err
    code, _, err = run_cli(["check", "--strict", "--encoding", "gbk", str(page)])
    assert code == 2 and f"byte offset {len(body)}" in err and "page.txt" in err
    code, out, _ = run_cli(["check", "--format", "json", str(page)])
    assert code == 0
    meta = json.loads(out)["meta"]
    assert (meta["encoding"], meta["replaced"]) == ("gb18030", 1)


def test_malformed_user_dictionary_names_file_and_line(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("蜘蛛池 5 n\n坏行\tnot-a-number\tn\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("蜘蛛池模板\n", encoding="utf-8")
    code, _, err = run_cli(["segment", "--user-dict", str(words), str(page)])
    assert code == 2
    assert "words.txt" in err and "line 2" in err


@pytest.mark.parametrize("value", ["-1", "0", "1e9", "nan", "inf"])
def test_invalid_threshold_is_named_with_its_range(tmp_path: Path, value: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text("hello\n", encoding="utf-8")
    code, _, err = run_cli(["check", "--threshold", value, str(page)])
    assert code == 2
    assert "threshold" in err
    assert err.count("\n") == 1


def test_invalid_config_value_through_the_api() -> None:
    from segtext.config import SpamConfig  # noqa: PLC0415

    with pytest.raises(SegtextError, match=r"min_items.*\[2, 50\]"):
        SpamConfig(min_items=1)


def test_broken_pipe_is_a_quiet_exit(tmp_path: Path) -> None:
    page = tmp_path / "long.txt"
    page.write_text("第一行 line one\n免费毛片 | 成人网站 |\n" * 20_000, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "segtext", "split", str(page)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()  # the reader goes away, as `| head` does
    err = proc.stderr.read()
    proc.wait(timeout=120)
    assert proc.returncode == 0
    assert b"Traceback" not in err and err == b""


# --- size ------------------------------------------------------------------------


def test_ten_megabytes_on_one_line(tmp_path: Path) -> None:
    # A minified page: 10 MB without a newline, the spam at its very end.
    # (Text that switches script every few characters costs about three times
    # as much per MB; bench/scale.py measures that shape.)
    unit = "<div class=x>lorem ipsum dolor</div>"
    line = unit * (10_000_000 // len(unit)) + SPAM_LINE
    page = tmp_path / "line.txt"
    page.write_text(line, encoding="utf-8")
    # --input-format text: the markup is text here (the content alone would make it HTML)
    code, out, err = run_cli(["check", "--input-format", "text", "--format", "json", str(page)])
    assert (code, err) == (1, "")
    record = json.loads(out)
    assert record["length"] == len(line)
    assert_json_sound(record)
    (f,) = record["spam"]
    assert line[f["start"] :].startswith("主站蜘蛛池模板")


def test_a_long_text_pauses_the_collector_only_in_a_one_thread_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from segtext import pipeline  # noqa: PLC0415

    switches: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: switches.append("off"))
    monkeypatch.setattr(gc, "enable", lambda: switches.append("on"))
    text = "word " * (pipeline._GC_PAUSE_CHARS // 5 + 1)  # just over the limit
    reports: list[Report] = []
    worker = threading.Thread(target=lambda: reports.append(analyze(text)))
    worker.start()
    worker.join()
    assert len(reports) == 1 and switches == []  # two threads: the pause would be shared
    monkeypatch.setattr(pipeline.threading, "active_count", lambda: 1)
    assert analyze(text) == reports[0]
    assert switches == ["off", "on"]
    analyze(text[: pipeline._GC_PAUSE_CHARS])
    assert switches == ["off", "on"]  # at the limit: no pause


def test_hundred_thousand_empty_lines(tmp_path: Path) -> None:
    text = "\n" * 100_000 + SPAM_LINE + "\n" + "\r\n" * 100_000
    page = tmp_path / "lines.txt"
    page.write_text(text, encoding="utf-8", newline="")
    code, out, _ = run_cli(["check", "--format", "json", str(page)])
    assert code == 1
    record = json.loads(out)
    assert record["length"] == len(text)
    assert_json_sound(record)
    (f,) = record["spam"]
    assert text[f["start"] :].startswith("主站蜘蛛池模板")


# --- spam in legacy encodings ------------------------------------------------------


def _big5_spam_page() -> str:
    lines = (PAGES / "zh_hant_news.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(lines[:12]) + HANT_SPAM + "".join(lines[12:])


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (SAMPLE.read_text(encoding="utf-8"), "gbk", "gb18030"),
        (_big5_spam_page(), "big5", "big5"),
        (SAMPLE.read_text(encoding="utf-8"), "utf-16", "utf-16"),
    ],
    ids=["gbk", "big5", "utf-16"],
)
def test_spam_in_legacy_encoded_page_at_the_right_offsets(
    tmp_path: Path, text: str, codec: str, expected: str
) -> None:
    page = tmp_path / "page.txt"  # a text page (a .html name would make it HTML)
    page.write_bytes(text.encode(codec))
    code, out, err = run_cli(["check", "--format", "json", str(page)])
    assert (code, err) == (1, "")
    record = json.loads(out)
    assert record["meta"]["encoding"] == expected
    assert record["meta"]["replaced"] == 0
    reference = analyze(text)
    assert [(f["start"], f["end"]) for f in record["spam"]] == [
        (f.start, f.end) for f in reference.spam
    ]
    (f,) = record["spam"]
    assert text[f["start"] : f["end"]].startswith("友情")


def test_bytes_that_look_like_html_give_a_sound_html_record() -> None:
    # A UTF-16 page that starts with a tag (found by the fuzzer once HTML
    # detection by content was wired into the command line).
    data = b"\xff\xfe<\x00d\x00i\x00v\x00>\x00!\x1c$\xbc"
    code, out, err = run_cli(["check", "--format", "json", "-"], stdin=data)
    assert (code, err) == (0, "")
    record = json.loads(out)
    assert record["meta"]["html"] is True and record["meta"]["encoding"] == "utf-16"
    assert_json_sound(record)
