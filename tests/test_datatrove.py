"""The DataTrove filter in a real LocalPipelineExecutor pipeline: kept, dropped, written."""

from __future__ import annotations

import gzip
import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove", reason="DataTrove is installed by the test extra")
pytest.importorskip("orjson", reason="DataTrove's JSONL reader and writer need orjson")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from segtext import SegtextError
from segtext.integrations.datatrove import REASON_EMPTY, REASON_SPAM, SegtextFilter

ARTICLE = (
    "Riverside city opens its first night library\n"
    "\n"
    "The riverside city of Lanxi opened its first night library on Saturday, keeping a"
    " reading room and a small study hall open until two in the morning for students and"
    " shift workers.\n"
    "More than 600 visitors came on the first night, and 40 of them signed up for a"
    " volunteer programme that will run weekly reading circles.\n"
)
FOOTER = "Copyright 2026 Lanxi Daily. All rights reserved.\n[浙ICP备00000000号-1]\n"
SPAM_RUN = (
    "主站蜘蛛池模板: 免费观看毛片视频网站| 亚洲精品无码在线观看|"
    " 国产成人精品一区二区| 澳门新葡京娱乐城官网|\n"
)
ZH_ARTICLE = (
    "市图书馆昨天宣布，从下个月开始延长开放时间，周末将开放到晚上十点。"
    "馆长表示，这一调整是根据读者的意见作出的，希望让更多上班族也能来借书和自习。\n"
)

PAGES = {
    "clean-en": ARTICLE + FOOTER,
    "spam-footer": ARTICLE + FOOTER + SPAM_RUN,
    "clean-zh": ZH_ARTICLE,
    "spam-only": SPAM_RUN,
}


def _write_input(folder: Path) -> None:
    folder.mkdir()
    with (folder / "pages.jsonl").open("w", encoding="utf-8") as f:
        for doc_id, text in PAGES.items():
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")


def _read_output(folder: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                out[rec["id"]] = rec
    return out


def _run(tmp_path: Path, step: SegtextFilter, name: str) -> LocalPipelineExecutor:
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            step,
            JsonlWriter(str(tmp_path / name / "kept")),
        ],
        tasks=1,
        workers=1,
        logging_dir=str(tmp_path / name / "logs"),
    )
    executor.run()
    return executor


@pytest.fixture
def pages_dir(tmp_path: Path) -> Path:
    _write_input(tmp_path / "in")
    return tmp_path


def test_drop_mode_keeps_clean_and_writes_spam_to_the_exclusion_writer(pages_dir: Path) -> None:
    step = SegtextFilter(
        mode="drop", exclusion_writer=JsonlWriter(str(pages_dir / "drop" / "removed"))
    )
    _run(pages_dir, step, "drop")
    kept = _read_output(pages_dir / "drop" / "kept")
    removed = _read_output(pages_dir / "drop" / "removed")
    assert set(kept) == {"clean-en", "clean-zh"}
    assert set(removed) == {"spam-footer", "spam-only"}
    # Kept documents are unchanged and annotated.
    assert kept["clean-en"]["text"] == PAGES["clean-en"]
    assert {k: v for k, v in kept["clean-en"]["metadata"].items() if "segtext" in k} == {
        "segtext_verdict": "clean",
        "segtext_score": 0.0,
        "segtext_rules": "",
        "segtext_spans": "[]",
        "segtext_removed_chars": 0,
    }
    # Dropped ones carry the reason and where the spam is.
    rec = removed["spam-footer"]
    assert rec["metadata"]["filter_reason"] == REASON_SPAM
    meta = rec["metadata"]
    assert meta["segtext_verdict"] == "spam"
    assert meta["segtext_rules"] == "cluster.marker"
    (start, end), *_ = json.loads(meta["segtext_spans"])
    assert PAGES["spam-footer"][start:end].startswith("主站蜘蛛池模板")
    # DataTrove counted the reason and the rule ids in the step's statistics.
    steps = json.loads((pages_dir / "drop" / "logs" / "stats.json").read_text(encoding="utf-8"))
    stats = next(s["stats"] for s in steps if "segtext" in s["name"])
    assert stats["dropped_segtext_spam"] == 2
    assert stats["segtext_rule_cluster.marker"] == 2
    assert stats["forwarded"] == 2


def test_clean_mode_keeps_the_article_and_drops_what_is_left_empty(pages_dir: Path) -> None:
    step = SegtextFilter(
        mode="clean", exclusion_writer=JsonlWriter(str(pages_dir / "clean" / "removed"))
    )
    _run(pages_dir, step, "clean")
    kept = _read_output(pages_dir / "clean" / "kept")
    removed = _read_output(pages_dir / "clean" / "removed")
    assert set(kept) == {"clean-en", "spam-footer", "clean-zh"}
    assert set(removed) == {"spam-only"}
    assert removed["spam-only"]["metadata"]["filter_reason"] == REASON_EMPTY
    text = kept["spam-footer"]["text"]
    assert "night library on Saturday" in text
    assert "蜘蛛池" not in text
    assert "ICP" not in text
    assert "All rights reserved" not in text
    meta = kept["spam-footer"]["metadata"]
    assert meta["segtext_verdict"] == "spam"
    assert meta["segtext_removed_chars"] == len(PAGES["spam-footer"]) - len(text)
    assert "市图书馆" in kept["clean-zh"]["text"]


def test_annotate_mode_drops_nothing_and_can_store_the_full_report() -> None:
    step = SegtextFilter(mode="annotate", metadata_key="seg", report=True)
    doc = Document(text=PAGES["spam-only"], id="x")
    assert step.filter(doc) is True
    assert doc.text == PAGES["spam-only"]
    assert json.loads(doc.metadata["seg_report"])["spam"][0]["rule"] == "cluster.marker"
    assert doc.metadata["seg_verdict"] == "spam"


def test_the_filter_survives_pickling_as_executors_ship_it() -> None:
    step = pickle.loads(pickle.dumps(SegtextFilter(mode="drop")))
    assert step.filter(Document(text=PAGES["spam-only"], id="y")) == (False, REASON_SPAM)


def test_bad_mode_is_refused_with_the_allowed_values() -> None:
    with pytest.raises(SegtextError, match="'drop', 'clean' or 'annotate'"):
        SegtextFilter(mode="delete")  # type: ignore[arg-type]


def test_parquet_writer_takes_every_document_when_the_first_is_clean(tmp_path: Path) -> None:
    # ParquetWriter takes its schema from the first document; nested metadata
    # with an empty rule list there ("null" type) broke on the first spam page.
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow is installed by the test extra")
    from datatrove.pipeline.writers import ParquetWriter  # noqa: PLC0415

    order = ["clean-en", "clean-zh", "spam-footer", "spam-only"]
    docs = [Document(text=PAGES[k], id=k) for k in order]
    LocalPipelineExecutor(
        pipeline=[docs, SegtextFilter(mode="annotate"), ParquetWriter(str(tmp_path / "pq"))],
        tasks=1,
        workers=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    (path,) = (tmp_path / "pq").glob("*.parquet")
    rows = pq.read_table(path).to_pylist()
    assert [r["id"] for r in rows] == order
    spam = rows[2]["metadata"]
    assert (spam["segtext_verdict"], spam["segtext_rules"]) == ("spam", "cluster.marker")
    (start, end), *_ = json.loads(spam["segtext_spans"])
    assert PAGES["spam-footer"][start:end].startswith("主站蜘蛛池模板")
    assert rows[0]["metadata"]["segtext_rules"] == ""


def test_without_datatrove_the_import_error_is_an_import_error() -> None:
    code = (
        "import sys\n"
        "sys.modules['datatrove.pipeline.filters.base_filter'] = None\n"
        "try:\n"
        "    import segtext.integrations.datatrove\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, 'pip install' in str(exc))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.stdout.strip() == "MissingExtraError True", proc.stderr
