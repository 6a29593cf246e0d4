"""The command line through main(argv), and once as a real process."""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from segtext import analyze, cli, inputs
from segtext.cli import commands, main

SAMPLE = Path(__file__).resolve().parent.parent / "segtext" / "samples" / "hacked-page.txt"


def run(argv: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err, stdin=io.BytesIO(stdin))
    return code, out.getvalue(), err.getvalue()


def test_check_sample_reports_spam_by_line() -> None:
    code, out, err = run(["check", str(SAMPLE)])
    assert code == 1 and err == ""
    assert "SPAM" in out
    text = SAMPLE.read_text(encoding="utf-8")
    spam_line = next(i for i, ln in enumerate(text.split("\n"), 1) if "蜘蛛池" in ln)
    assert f"line {spam_line}, col 1" in out
    assert "adult" in out and "gambling" in out


def test_check_json_schema(tmp_path: Path) -> None:
    clean_page = tmp_path / "clean.txt"
    clean_page.write_text("A short clean page about the weather today.\n", encoding="utf-8")
    code, out, _ = run(["check", "--format", "json", str(SAMPLE), str(clean_page)])
    assert code == 1
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["verdict"] == "spam" and second["verdict"] == "clean"
    text = SAMPLE.read_text(encoding="utf-8")
    (cluster,) = first["spam"]
    assert text[cluster["start"] : cluster["end"]].startswith("友情推荐主站蜘蛛池模板")
    assert cluster["end"] == len(text.rstrip("\n"))
    assert set(cluster) >= {"start", "end", "score", "categories"}
    assert {b["role"] for b in first["blocks"]} >= {"article", "boilerplate", "footer", "spam"}
    assert all(set(b) >= {"start", "end", "role", "script"} for b in first["blocks"])


def test_json_offsets_are_code_points_with_untranslated_newlines() -> None:
    data = "标题\r\n免费毛片在线观看|亚洲无码视频专区|国产成人精品网站\r\n".encode("utf-8-sig")
    code, out, _ = run(["check", "--format", "json", "-"], stdin=data)
    assert code == 1
    (cluster,) = json.loads(out)["spam"]
    assert (cluster["start"], cluster["end"]) == (4, 30)  # 4 + 3 titles of 8 + 2 bars


def test_clean_prints_the_article() -> None:
    code, out, _ = run(["clean", str(SAMPLE)])
    assert code == 0
    assert out.startswith("Riverside city opens its first night library\n\n")
    assert "volunteer programme" in out
    assert not any("\u4e00" <= c <= "\u9fff" for c in out)


def test_segment_one_line_per_input_line() -> None:
    code, out, _ = run(["segment", "-"], stdin="我用iPhone 15拍照\n\nhello world\n".encode())
    assert code == 0
    assert out.split("\n") == ["我 用 iPhone 15 拍照", "", "hello world", ""]


def test_split_lists_blocks_and_runs() -> None:
    code, out, _ = run(["split", "-"], stdin="Hello world. 你好世界\n".encode())
    assert code == 0
    assert "block 0-" in out and "run   0-13 Latin" in out and "Han" in out


def test_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    code, out, err = run(["check", str(tmp_path / "missing.txt")])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "missing.txt" in err and "Traceback" not in err
    code, _, err = run(["check", "--threshold", "0", str(SAMPLE)])
    assert code == 2 and "threshold" in err
    code, _, err = run(["frobnicate"])
    assert code == 2 and "invalid choice" in err


def test_empty_file_is_clean(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, out, _ = run(["check", "--format", "json", str(empty)])
    assert code == 0
    rec = json.loads(out)
    assert rec["verdict"] == "clean" and rec["blocks"] == [] and rec["spam"] == []


def test_one_bad_input_does_not_stop_the_others(tmp_path: Path) -> None:
    code, out, err = run(["check", str(tmp_path / "nope.txt"), str(SAMPLE)])
    assert code == 2
    assert "SPAM" in out and "nope.txt" in err


def test_explain_marks_the_spam_in_context() -> None:
    code, out, _ = run(["check", "--explain", str(SAMPLE)])
    assert code == 1
    assert "[[友情推荐主站蜘蛛池模板" in out
    assert "[cluster.marker]" in out


def test_exit_zero_keeps_the_report() -> None:
    code, out, _ = run(["check", "--exit-zero", str(SAMPLE)])
    assert code == 0 and "SPAM" in out


def test_help_exits_zero() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    assert "check" in out and "segment" in out


def test_real_process_from_another_directory(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "segtext", "check", str(SAMPLE)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "SPAM" in proc.stdout
    assert proc.stderr == ""  # no jieba chatter, no warnings


@pytest.mark.parametrize("argv", [["segment", "-"], ["check", "-"]])
def test_no_chatter_on_stderr(argv: list[str]) -> None:
    code, _, err = run(argv, stdin="中文分词测试\n".encode())
    assert code == 0 and err == ""


# --- HTML inputs -----------------------------------------------------------------

HTML = Path(__file__).resolve().parent / "data" / "html"


def test_html_check_points_at_the_element_and_source_line() -> None:
    code, out, _ = run(["check", str(HTML / "title_slot.html")])
    assert code == 1
    assert "(HTML;" in out
    # The keyword run is the page's <title>, on line 5 of the file.
    # 24 characters of title text from col 8: it ends before col 32.
    assert "line 5, col 8 to line 5, col 32: cluster.keywords" in out and "[title title]" in out


def test_html_detected_by_content_on_stdin_and_forced_by_option() -> None:
    page = (HTML / "title_slot.html").read_bytes()
    code, out, _ = run(["check", "--format", "json", "-"], stdin=page)
    assert code == 1
    rec = json.loads(out)
    assert rec["meta"]["html"] is True
    assert rec["html"]["findings"][0]["part"] == "title"
    # Forced to text, the markup is just text: no HTML parts are reported.
    code, out, _ = run(["check", "--input-format", "text", "--format", "json", "-"], stdin=page)
    assert "html" not in json.loads(out)


def test_html_clean_gives_the_article() -> None:
    code, out, _ = run(["clean", str(HTML / "news_footer_clean.html")])
    assert code == 0
    assert out.strip()
    assert "<" not in out and "ICP" not in out


def test_jsonl_records_with_html(tmp_path: Path) -> None:
    page = (HTML / "title_slot.html").read_text(encoding="utf-8")
    clean_page = (HTML / "zh_news_clean.html").read_text(encoding="utf-8")
    src = tmp_path / "crawl.jsonl"
    src.write_text(
        json.dumps({"id": "a", "url": "http://example.com/a", "html": page})
        + "\n"
        + json.dumps({"id": "b", "html": clean_page})
        + "\n",
        encoding="utf-8",
    )
    code, out, _ = run(["check", "--jobs", "1", "--quiet", str(src)])
    assert code == 1
    first, second = (json.loads(line) for line in out.splitlines())
    assert (first["id"], first["verdict"]) == ("a", "spam")
    assert first["html"]["findings"][0]["part"] == "title" and first["spam"][0]["line"] == 5
    assert (second["id"], second["verdict"]) == ("b", "clean")


# --- inputs too large to hold ----------------------------------------------------


def _big_page() -> str:
    para = (
        "The council met on Monday to discuss the new bus routes, and residents asked"
        " for later services on weekends.\n\n"
    )
    spam = "免费毛片在线观看|亚洲无码视频专区|国产成人精品网站|日韩av高清播放\n\n"
    return (
        (para * 30 + spam) * 4 + para * 10 + "主站蜘蛛池模板: 东城区 | 西城区 | 朝阳区 | 海淀区 |"
    )


def test_large_input_is_streamed_with_exact_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "STREAM_BYTES", 2_000)
    monkeypatch.setattr(commands, "WINDOW_CHARS", 1_000)
    text = _big_page()
    code, out, err = run(["check", "--format", "json", "-"], stdin=text.encode("utf-8"))
    assert code == 1 and err == ""
    rec = json.loads(out)
    assert rec["meta"]["streamed"] is True and rec["length"] == len(text)
    blocks = rec["blocks"]
    assert blocks[0]["start"] == 0 and blocks[-1]["end"] == len(text)
    assert all(a["end"] == b["start"] for a, b in itertools.pairwise(blocks))
    # Windows end after blank lines, so the findings are those of the whole text.
    whole = [(f.start, f.end) for f in analyze(text).spam]
    assert [(f["start"], f["end"]) for f in rec["spam"]] == whole
    assert len(whole) == 5
    assert text[rec["spam"][-1]["start"] :].startswith("主站蜘蛛池模板")


def test_large_input_text_report_and_clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(inputs, "STREAM_BYTES", 2_000)
    monkeypatch.setattr(commands, "WINDOW_CHARS", 1_000)
    page = tmp_path / "big.txt"
    page.write_text(_big_page(), encoding="utf-8")
    code, out, _ = run(["check", str(page)])
    assert code == 1
    # The first run starts after 30 paragraphs of 2 lines each: line 61.
    # 4 titles of 8 characters and 3 bars: the finding ends before col 36.
    assert "line 61, col 1 to line 61, col 36: cluster.keywords" in out
    assert out.rstrip().splitlines()[-2].startswith(f"{page}: SPAM")
    code, out, _ = run(["clean", str(page)])
    assert code == 0
    assert out.count("The council met on Monday") == 130
    assert "毛片" not in out and "蜘蛛池" not in out


@pytest.mark.parametrize("name", ["page.txt", "page", "page.md", "saved.json"])
def test_html_is_sniffed_from_the_content_whatever_the_extension(tmp_path: Path, name: str) -> None:
    # Scraped pages are often saved as .txt or with no extension at all.
    page = tmp_path / name
    page.write_bytes((HTML / "title_slot.html").read_bytes())
    code, out, _ = run(["check", "--format", "json", str(page)])
    assert code == 1
    rec = json.loads(out)
    assert rec["meta"]["html"] is True and rec["html"]["findings"][0]["part"] == "title"
    # The same in a batch run over the folder.
    code, out, _ = run(["check", "--jobs", "1", "--quiet", "--format", "json", str(tmp_path)])
    (rec,) = (json.loads(line) for line in out.splitlines())
    assert rec["meta"]["html"] is True and rec["html"]["findings"][0]["part"] == "title"


def test_plain_text_with_angle_brackets_stays_text(tmp_path: Path) -> None:
    page = tmp_path / "notes.txt"
    page.write_text("1 < 2 and 3 > 2, said the <b teacher.\n", encoding="utf-8")
    code, out, _ = run(["check", "--format", "json", str(page)])
    assert code == 0 and "html" not in json.loads(out)["meta"]


# --- options: each command offers its own, and files given to options must exist ----


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["check", "--user-dict", "missing.txt"], "--user-dict"),  # check never segments
        (["segment", "--threshold", "2"], "--threshold"),  # segment reports no spam
        (["split", "--explain"], "--explain"),
        (["clean", "--exit-zero"], "--exit-zero"),
        (["segment", "-o", "out.jsonl"], "-o"),
    ],
)
def test_an_option_a_command_does_not_use_is_refused(argv: list[str], named: str) -> None:
    # `check --user-dict missing.txt` used to exit 1 in silence.
    code, out, err = run([*argv, str(SAMPLE)])
    assert (code, out) == (2, "")
    assert "unrecognized arguments" in err and named in err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--lexicon", "{}"],
        ["check", "--exclusions", "{}"],
        ["clean", "--lexicon", "{}"],
        ["split", "--exclusions", "{}"],
        ["segment", "--user-dict", "{}"],
    ],
)
def test_a_missing_file_given_to_an_option_is_exit_2_naming_it(
    argv: list[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "nope-lexicon.tsv")
    code, out, err = run([a.replace("{}", missing) for a in argv] + [str(SAMPLE)])
    assert (code, out) == (2, "")
    assert f"{missing}: no such file" in err and err.count("\n") == 1


def test_help_lists_each_command_once_and_every_option_has_help() -> None:
    _, out, _ = run(["--help"])
    for name in ("check", "clean", "segment", "split"):
        assert sum(line.split()[:1] == [name] for line in out.splitlines()) == 1, name
    for name in ("check", "clean", "segment", "split"):
        parser = cli.build_parser()._subparsers._group_actions[0].choices[name]  # type: ignore[union-attr]
        for action in parser._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"
        fmt = next(a for a in parser._actions if "--format" in a.option_strings)
        assert fmt.help and fmt.help.startswith("text: ")
    assert "text: the article text" in run(["clean", "--help"])[1]


# --- batch runs: files checked first, errors allowed, interrupts, progress --------------


def test_output_and_stats_paths_are_checked_before_the_run(tmp_path: Path) -> None:
    src = tmp_path / "pages.jsonl"
    src.write_text(json.dumps({"text": "A clean page."}) + "\n", encoding="utf-8")
    for option in ("-o", "--stats"):
        target = tmp_path / "no-such-dir" / "out.json"
        code, out, err = run(["check", option, str(target), str(src)])
        assert (code, out) == (2, "")
        assert f"{target}: no such directory" in err and "pages" not in err  # nothing ran


def test_max_errors_lets_a_few_bad_records_pass(tmp_path: Path) -> None:
    src = tmp_path / "pages.jsonl"
    src.write_text('{"text": "A clean page."}\n{bad\n{"text": "Another."}\n', encoding="utf-8")
    assert run(["check", "-q", str(src)])[0] == 2
    assert run(["check", "-q", "--max-errors", "1", str(src)])[0] == 0
    src.write_text("{bad\n{bad\n", encoding="utf-8")
    assert run(["check", "-q", "--max-errors", "1", str(src)])[0] == 2


class _Interrupted(io.BytesIO):
    """Standard input whose reader is interrupted (Ctrl-C) after ``n`` lines."""

    def __init__(self, lines: list[bytes], n: int) -> None:
        super().__init__(b"".join(lines))
        self._lines, self._n = lines, n

    def __iter__(self) -> Any:
        yield from self._lines[: self._n]
        raise KeyboardInterrupt


def test_an_interrupted_run_says_how_many_records_it_read() -> None:
    lines = [json.dumps({"id": i, "text": "A clean page."}).encode() + b"\n" for i in range(9)]
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["check", "-j", "1", "--input-format", "jsonl", "-"],
        stdout=out,
        stderr=err,
        stdin=_Interrupted(lines, 5),
    )
    assert code == 130
    assert "segtext: interrupted: 5 record(s) read, 0 written" in err.getvalue()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_share_and_time_left_when_the_size_is_known() -> None:
    from segtext.batch import BatchStats  # noqa: PLC0415
    from segtext.cli.batchrun import Progress  # noqa: PLC0415

    stats = BatchStats(pages=40, bytes=250, elapsed=10.0)
    line = Progress(_Tty(), total=1000).line(stats)
    # A quarter done in 10 s: 30 s to go at the same speed.
    assert "25%" in line and "ETA 0:30" in line and line.startswith("40 pages")
    assert "ETA" not in Progress(_Tty()).line(stats)


def test_reading_stdin_on_a_terminal_says_so() -> None:
    class TtyIn(io.BytesIO):
        def isatty(self) -> bool:
            return True

    out, err = io.StringIO(), io.StringIO()
    code = main(["check"], stdout=out, stderr=err, stdin=TtyIn(b"A clean line.\n"))
    assert code == 0
    assert err.getvalue().startswith("segtext: reading standard input")
    assert run(["check"], stdin=b"A clean line.\n")[2] == ""  # a pipe: nothing said


@pytest.mark.parametrize("command", ["segment", "split"])
def test_segment_and_split_can_read_markup_as_text(command: str, tmp_path: Path) -> None:
    # Content sniffing makes this page HTML; --input-format text keeps its tags as text.
    page = tmp_path / "notes.txt"
    page.write_text("<div>中文 text</div>\n", encoding="utf-8")
    sniffed = json.loads(run([command, "--format", "json", str(page)])[1])
    as_text = json.loads(run([command, "--format", "json", "--input-format", "text", str(page)])[1])
    if command == "split":  # "中文 text" is 7 code points; the line with its tags 19
        assert (sniffed["length"], as_text["length"]) == (7, 19)
    else:
        assert "div" not in {t["text"] for t in sniffed["tokens"]}
        assert "div" in {t["text"] for t in as_text["tokens"]}
