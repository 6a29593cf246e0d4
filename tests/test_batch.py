"""Batch runs: order, error records, gzip, directories, stats, progress, bounded memory."""

from __future__ import annotations

import dataclasses
import gzip
import io
import itertools
import json
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from segtext import analyze, inputs
from segtext import batch as batch_module
from segtext.batch import (
    IN_FLIGHT_PER_JOB,
    InputSpec,
    Item,
    analyze_columns,
    analyze_many,
    iter_analyze,
    iter_items,
    to_document,
)
from segtext.cli import main
from segtext.errors import SegtextError

from .conftest import assert_unloaded

SPAM = (
    "主站蜘蛛池模板: 免费观看毛片视频网站| 亚洲精品无码在线观看|"
    " 国产成人精品一区二区| 澳门新葡京娱乐城官网|"
)
CLEAN = "The library opened on Saturday and kept its reading room open until two in the morning."
ZH = "市图书馆昨天宣布，从下个月开始延长开放时间，周末将开放到晚上十点。"


def _texts(n: int) -> list[str]:
    return [(SPAM if i % 3 == 0 else CLEAN if i % 3 == 1 else ZH) + f" #{i}" for i in range(n)]


def _run(argv: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        argv, stdout=out, stderr=err, stdin=io.BytesIO(stdin) if stdin is not None else None
    )
    return code, out.getvalue(), err.getvalue()


def _jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


# -- Python API -------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_iter_analyze_keeps_input_order(jobs: int) -> None:
    texts = _texts(40)
    got = list(iter_analyze(texts, jobs=jobs, chunk_size=3))
    assert [r.length for r in got] == [len(t) for t in texts]
    assert got == [analyze(t) for t in texts]


def test_analyze_many_returns_a_list_in_order() -> None:
    texts = _texts(7)
    assert [r.verdict for r in analyze_many(texts)] == [analyze(t).verdict for t in texts]


def test_iter_analyze_reads_only_a_few_chunks_ahead_of_the_caller() -> None:
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield CLEAN + str(i)

    results = iter_analyze(endless(), jobs=2, chunk_size=2)
    first = list(itertools.islice(results, 10))
    results.close()  # terminates the pool
    assert len(first) == 10
    # Taken: 10 results = 5 chunks; in flight at most jobs * IN_FLIGHT_PER_JOB more.
    assert pulled <= 2 * (5 + 2 * IN_FLIGHT_PER_JOB + 1)


def test_analyze_columns_gives_plain_columns_for_dataframes() -> None:
    cols = analyze_columns([CLEAN, SPAM], clean=True)
    assert cols["segtext_verdict"] == ["clean", "spam"]
    assert cols["segtext_rules"] == [[], ["cluster.marker"]]
    (start, end), *_ = cols["segtext_spans"][1]
    assert SPAM[start:end].startswith("主站蜘蛛池模板")
    assert "蜘蛛池" not in cols["segtext_text"][1]
    assert set(analyze_columns([CLEAN], prefix="")) == {"verdict", "score", "rules", "spans"}


def test_analyze_columns_names_the_row_that_is_not_text() -> None:
    with pytest.raises(TypeError, match="row 1"):
        analyze_columns([CLEAN, None])  # type: ignore[list-item]


def test_jobs_must_be_a_count() -> None:
    with pytest.raises(SegtextError, match="jobs"):
        analyze_many([CLEAN], jobs=-1)


# -- readers ----------------------------------------------------------------


def test_jsonl_record_errors_name_the_line_and_what_to_do() -> None:
    spec = InputSpec(format="jsonl")
    cases = {
        b"not json\n": "invalid JSON",
        b"[1, 2]\n": "must be an object",
        b'{"id": 1}\n': "no 'text' key (keys: id); give the text's key with --text-key",
        b'{"text": 5}\n': "'text' is an int, not a string",
    }
    for raw, message in cases.items():
        with pytest.raises(SegtextError, match=r"in\.jsonl:7: ") as exc:
            to_document(Item("in.jsonl", 7, raw), spec)
        assert message in str(exc.value)


def test_invalid_utf8_in_a_record_is_replaced_and_counted_unless_strict() -> None:
    raw = b'{"text": "caf\xe9 ok"}\n'
    doc = to_document(Item("x.jsonl", 1, raw), InputSpec(format="jsonl"))
    assert doc.text == "caf\ufffd ok"
    assert doc.meta == {"replaced": 1}
    with pytest.raises(SegtextError, match="byte offset"):
        to_document(Item("x.jsonl", 1, raw), InputSpec(format="jsonl", strict=True))


def test_a_documents_meta_is_read_only_and_pickles() -> None:
    given = {"html": True, "url": "http://example.com/"}
    doc = inputs.Document("x.jsonl", 1, 7, "<p>x</p>", 8, given)
    given["url"] = "changed after"
    assert doc.meta == {"html": True, "url": "http://example.com/"}
    with pytest.raises(TypeError):
        doc.meta["html"] = False  # type: ignore[index]
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert inputs.Document("a", 0, "a", "", 0).meta == {}


def test_directories_are_read_recursively_sorted_with_a_glob_and_no_hidden_files(
    tmp_path: Path,
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "1.txt").write_text(SPAM, encoding="utf-8")
    (tmp_path / "notes.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text(CLEAN, encoding="utf-8")
    items = list(iter_items([str(tmp_path)], InputSpec(glob="*.txt")))
    assert [Path(it.source).relative_to(tmp_path).as_posix() for it in items] == [
        "1.txt",
        "b/2.txt",
    ]


# -- the command line -------------------------------------------------------


def test_jsonl_output_keeps_input_order_on_two_processes(tmp_path: Path) -> None:
    texts = _texts(300)  # more than two chunks of 64 records
    src = tmp_path / "pages.jsonl"
    src.write_text(_jsonl([{"id": f"p{i}", "text": t} for i, t in enumerate(texts)]))
    code, out, err = _run(["check", "--jobs", "2", "--quiet", str(src)])
    recs = _records(out)
    assert [r["id"] for r in recs] == [f"p{i}" for i in range(300)]
    assert [r["line"] for r in recs] == list(range(1, 301))
    assert [r["verdict"] for r in recs] == [analyze(t).verdict for t in texts]
    assert code == 1
    assert err == ""


def test_a_malformed_record_gives_an_error_record_and_the_run_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "pages.jsonl"
    src.write_text(
        _jsonl([{"id": "a", "text": CLEAN}])
        + "{broken\n"
        + "\n"  # blank lines are skipped but counted
        + _jsonl([{"id": "c", "body": CLEAN}, {"id": "d", "text": CLEAN}])
    )
    code, out, err = _run(["check", "--jobs", "1", str(src)])
    recs = _records(out)
    # Record 4 was read (only its text key is missing), so its error keeps its id.
    assert [r.get("id") for r in recs] == ["a", None, "c", "d"]
    assert [r["line"] for r in recs] == [1, 2, 4, 5]
    assert "invalid JSON" in recs[1]["error"]
    assert "no 'text' key" in recs[2]["error"]
    assert recs[3]["verdict"] == "clean"
    assert code == 2
    assert f"segtext: error: {src}:2: invalid JSON" in err
    assert "segtext: 4 pages, 0 spam, 2 errors" in err


def test_exit_status_says_clean_spam_or_failed(tmp_path: Path) -> None:
    clean = tmp_path / "clean.jsonl"
    clean.write_text(_jsonl([{"text": CLEAN}, {"text": ZH}]))
    spam = tmp_path / "spam.jsonl"
    spam.write_text(_jsonl([{"text": CLEAN}, {"text": SPAM}]))
    assert _run(["check", "-q", str(clean)])[0] == 0
    assert _run(["check", "-q", str(spam)])[0] == 1
    assert _run(["clean", "-q", str(spam)])[0] == 0  # clean reports no spam status
    assert _run(["check", "-q", str(spam), str(tmp_path / "missing.jsonl")])[0] == 2


def test_gzip_in_and_out_by_extension_with_stats_per_rule(tmp_path: Path) -> None:
    src = tmp_path / "pages.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write(_jsonl([{"id": i, "text": t} for i, t in enumerate(_texts(6))]))
    dst = tmp_path / "out.jsonl.gz"
    stats = tmp_path / "stats.json"
    code, out, _ = _run(["clean", "-q", "-o", str(dst), "--stats", str(stats), str(src)])
    assert code == 0
    assert out == ""
    with gzip.open(dst, "rt", encoding="utf-8") as f:
        recs = _records(f.read())
    assert [r["id"] for r in recs] == list(range(6))
    # Each input record is kept whole, with the article beside its text.
    assert [r["text"] for r in recs] == _texts(6)
    assert all("蜘蛛池" not in r["clean_text"] for r in recs)
    assert [r["verdict"] for r in recs] == ["spam", "clean", "clean"] * 2
    data = json.loads(stats.read_text(encoding="utf-8"))
    assert data["command"] == "clean"
    assert (data["pages"], data["spam_pages"], data["errors"]) == (6, 2, 0)
    assert data["rules"] == {"cluster.marker": {"findings": 2, "pages": 2}}
    assert data["bytes"] > 0


def test_jsonl_on_stdin_with_other_keys() -> None:
    data = _jsonl([{"url": "u1", "body": SPAM}, {"url": "u2", "body": CLEAN}]).encode()
    code, out, _ = _run(
        ["check", "-q", "--input-format", "jsonl", "--text-key", "body", "--id-key", "url"],
        stdin=data,
    )
    assert [(r["id"], r["input"], r["verdict"]) for r in _records(out)] == [
        ("u1", "<stdin>", "spam"),
        ("u2", "<stdin>", "clean"),
    ]
    assert code == 1


def test_a_directory_of_text_pages_gives_one_record_per_file(tmp_path: Path) -> None:
    (tmp_path / "site" / "sub").mkdir(parents=True)
    (tmp_path / "site" / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "site" / "sub" / "b.txt").write_bytes(SPAM.encode("gb18030"))
    code, out, _ = _run(["check", "-q", "--format", "json", str(tmp_path / "site")])
    recs = _records(out)
    assert [Path(r["id"]).name for r in recs] == ["a.txt", "b.txt"]
    assert [r["verdict"] for r in recs] == ["clean", "spam"]
    assert recs[1]["meta"]["encoding"] == "gb18030"
    assert code == 1


def test_a_directory_gets_the_human_report_unless_json_is_asked_for(tmp_path: Path) -> None:
    # A person with a folder of suspect pages reads the text report; before,
    # a directory (or -o, --stats, -j) switched to JSONL and refused --explain.
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "site" / "b.txt").write_text(SPAM, encoding="utf-8")
    code, out, err = _run(["check", "--explain", "-j", "1", str(tmp_path / "site")])
    assert code == 1
    assert out.startswith(f"{tmp_path / 'site' / 'a.txt'}: clean (score 0.00")
    assert f"{tmp_path / 'site' / 'b.txt'}: SPAM" in out
    assert "[[主站蜘蛛池模板" in out  # --explain marks the finding in context
    assert "segtext: 2 pages, 1 spam, 0 errors" in err
    page = tmp_path / "site" / "a.txt"
    dst = tmp_path / "report.txt"
    code, out, _ = _run(
        ["check", "-q", "-o", str(dst), "--stats", str(tmp_path / "s.json"), str(page)]
    )
    assert (code, out) == (0, "") and dst.read_text(encoding="utf-8").startswith(f"{page}: clean")
    # JSONL input gives JSONL unless --format text is asked for.
    src = tmp_path / "pages.jsonl"
    src.write_text(_jsonl([{"text": CLEAN}]))
    assert _records(_run(["check", "-q", str(src)])[1])[0]["verdict"] == "clean"
    code, out, _ = _run(["check", "-q", "--format", "text", str(src)])
    assert out.startswith(f"{src}:1: clean")
    assert _run(["check", "--jobs", "-3", str(src)])[0] == 2


def test_single_text_files_keep_the_old_text_output(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(CLEAN, encoding="utf-8")
    code, out, err = _run(["check", str(page)])
    assert code == 0
    assert out.startswith(f"{page}: clean")
    assert err == ""


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_quiet_silences_everything(tmp_path: Path) -> None:
    src = tmp_path / "pages.jsonl"
    src.write_text(_jsonl([{"text": t} for t in _texts(5)]))
    err = _Tty()
    main(["check", "-j", "1", "-o", str(tmp_path / "o.jsonl"), str(src)], stderr=err)
    shown = err.getvalue()
    assert "\r\x1b[K5 pages" in shown  # the progress line, redrawn in place
    _, summary = shown.rsplit("\r\x1b[K", 1)  # cleared before the summary
    assert summary.startswith("segtext: 5 pages, 2 spam, 0 errors in ")
    assert summary.endswith(" MB/s)\n")
    quiet = _Tty()
    main(["check", "-q", "-o", str(tmp_path / "o.jsonl"), str(src)], stderr=quiet)
    assert quiet.getvalue() == ""


def test_progress_lists_the_directories_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for i, t in enumerate(_texts(3)):
        (pages / f"p{i}.txt").write_text(t, encoding="utf-8")
    listed: list[str] = []
    real = Path.rglob

    def rglob(self: Path, pattern: str) -> Iterator[Path]:
        listed.append(str(self))
        return real(self, pattern)

    monkeypatch.setattr(Path, "rglob", rglob)
    err = _Tty()
    main(["check", "-j", "1", "-o", str(tmp_path / "o.jsonl"), str(pages)], stderr=err)
    assert listed == [str(pages)]
    assert "segtext: 3 pages" in err.getvalue()


def test_a_check_never_loads_jieba(tmp_path: Path) -> None:
    src = tmp_path / "pages.jsonl"
    src.write_text(_jsonl([{"text": t} for t in _texts(200)]))
    calls = (
        "from segtext.cli import main\n"
        f"main(['check', '-q', '-j', '2', '-o', {str(tmp_path / 'o.jsonl')!r}, {str(src)!r}])\n"
        f"main(['clean', '-q', '-j', '1', '-o', {str(tmp_path / 'c.jsonl')!r}, {str(src)!r}])\n"
        "from segtext.batch import analyze_many\n"
        f"analyze_many({_texts(3)!r})\n"
    )
    assert_unloaded(calls, {"jieba"})


def test_a_plain_text_check_loads_neither_the_html_stage_nor_segmentation(tmp_path: Path) -> None:
    # Start-up time is paid per process: a check of text pages must not import
    # modules it does not use (the HTML tokenizer, the jieba wrapper).
    page = tmp_path / "page.txt"
    page.write_text(CLEAN, encoding="utf-8")
    src = tmp_path / "pages.jsonl"
    src.write_text(_jsonl([{"text": t} for t in _texts(20)]))
    calls = (
        "from segtext.cli import main\n"
        f"main(['check', '-q', {str(page)!r}])\n"
        f"main(['check', '-q', '-j', '1', '-o', {str(tmp_path / 'o.jsonl')!r}, {str(src)!r}])\n"
    )
    assert_unloaded(calls, {"segtext.html", "segtext.segment", "segtext._jieba"})


def test_a_file_that_is_not_gzip_despite_its_name_gives_one_error_record(tmp_path: Path) -> None:
    bad = tmp_path / "pages.jsonl.gz"
    bad.write_text(_jsonl([{"text": CLEAN}]))
    good = tmp_path / "more.jsonl"
    good.write_text(_jsonl([{"id": "ok", "text": CLEAN}]))
    code, out, err = _run(["check", str(bad), str(good)])
    recs = _records(out)
    assert "not a valid gzip file" in recs[0]["error"]
    assert recs[1]["id"] == "ok"
    assert code == 2
    assert "1 error" in err


@pytest.mark.parametrize("cls", [batch_module.Item, batch_module._Outcome])
def test_records_sent_to_workers_survive_pickling_whole(cls: Any) -> None:
    # Item and _Outcome pickle through __reduce__ for speed; a field added to
    # either and left out there would be lost on the way to a worker and back.
    # One value of each field's own type (the first of an "X | None"), none of
    # them a default, so a field left out on the way is seen.
    samples = {"str": "x", "int": 7, "bool": True, "bytes": b"raw", "tuple": ("rule.a",)}
    values = {
        f.name: samples[str(f.type).split(" | ")[0].split("[")[0]] for f in dataclasses.fields(cls)
    }
    record = cls(**values)
    back = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == record
    assert dataclasses.asdict(back) == values


@pytest.mark.parametrize(
    "raw",
    [
        b'{"id": 123456789012345678901234567890, "text": "big id"}',
        b'{"id": 1.5, "text": "float id"}',
        b'{"id": "a", "text": "\\ud800 lone surrogate escape"}',
        b'{"id": NaN, "text": "not JSON for orjson"}',
        b'{"id": 7, "text": "\xff\xfe bad bytes"}',
        b'{"id": 7, "text": "\xe4\xb8\xad\xe6\x96\x87 ok", "id": 8}',
        b'["not", "an", "object"]',
        b'{"id": 1, "text": 5}',
        b'{"id": 1, "text": "unterminated',
    ],
)
def test_a_jsonl_record_reads_the_same_with_or_without_orjson(
    raw: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # orjson reads records when installed; where it would differ from the
    # stdlib (huge integers, NaN, surrogates, bad bytes) the exact path runs.
    item = Item("in.jsonl", 3, raw + b"\n")

    def read() -> Any:
        try:
            return to_document(item, InputSpec())
        except SegtextError as exc:
            return str(exc)

    fast = read()
    monkeypatch.setattr(inputs, "ORJSON", None)
    assert fast == read()
