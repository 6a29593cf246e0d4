"""A DataTrove filter step: segtext's spam verdict inside a DataTrove pipeline.

DataTrove (the pipeline behind FineWeb) runs the same list of steps on its
Local, Slurm and Ray executors, so this one step is all segtext needs to run
at cluster scale. Installed with ``pip install segtext[datatrove]``.

>>> from datatrove.executor import LocalPipelineExecutor  # doctest: +SKIP
>>> from datatrove.pipeline.readers import JsonlReader  # doctest: +SKIP
>>> from datatrove.pipeline.writers import JsonlWriter  # doctest: +SKIP
>>> from segtext.integrations.datatrove import SegtextFilter  # doctest: +SKIP
>>> LocalPipelineExecutor(pipeline=[  # doctest: +SKIP
...     JsonlReader("pages/"),
...     SegtextFilter(mode="drop", exclusion_writer=JsonlWriter("removed/")),
...     JsonlWriter("kept/"),
... ], tasks=4).run()

Every document gets flat metadata keys of fixed types, as DataTrove's own
filters write them (the prefix ``segtext`` is ``metadata_key``), so that a
typed writer such as ``ParquetWriter``, whose schema comes from the first
document, takes every later one::

    {"segtext_verdict": "spam", "segtext_score": 3.2,
     "segtext_rules": "cluster.marker", "segtext_spans": "[[980,1074]]",
     "segtext_removed_chars": 0}

``segtext_rules`` is the findings' rule ids joined by commas (``""`` for a
clean page) and ``segtext_spans`` their ``[start, end)`` code-point offsets
into the text the step received (before any cleaning) as a JSON array: a
list would have no type in a first document without spam.
What happens next depends on ``mode``:

- ``"drop"`` (default): spam documents are dropped with the reason
  ``segtext_spam``, which DataTrove counts in the step's statistics
  (``dropped_segtext_spam``) and, with an ``exclusion_writer``, writes into
  the dropped document's ``metadata["filter_reason"]``; others pass
  unchanged.
- ``"clean"``: the text becomes the article alone (boilerplate, footer and
  spam removed, as :func:`segtext.clean`); a document with nothing left is
  dropped with the reason ``segtext_empty``. ``segtext_removed_chars`` says
  how many characters went (0 in the other modes).
- ``"annotate"``: nothing is dropped or changed; only the metadata is added.

The step also counts each finding's rule id (``segtext_rule_<rule>``), and
spam documents (``segtext_spam``), in DataTrove's statistics. Heavy state
(the lexicon automaton, the OpenCC converter) is built on first use in each
worker, never pickled, and jieba is never loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from segtext.blocks import clean_text
from segtext.config import DEFAULT_CONFIG, Config
from segtext.errors import ConfigError, SegtextError
from segtext.output import summary, to_json
from segtext.pipeline import analyze
from segtext.report import Report


class MissingExtraError(SegtextError, ImportError):
    """An optional step imported without its extra: an ImportError, as DataTrove's own."""


try:
    from datatrove.pipeline.filters.base_filter import BaseFilter
except ImportError as exc:
    raise MissingExtraError(
        "segtext.integrations.datatrove needs DataTrove; install it with"
        " `pip install segtext[datatrove]`"
    ) from exc

if TYPE_CHECKING:
    from datatrove.data import Document
    from datatrove.pipeline.writers.disk_base import DiskWriter

__all__ = ["REASON_EMPTY", "REASON_SPAM", "MissingExtraError", "SegtextFilter", "metadata_fields"]

Mode = Literal["drop", "clean", "annotate"]

#: Drop reasons, as DataTrove records them (``dropped_<reason>`` in stats).
REASON_SPAM = "segtext_spam"
REASON_EMPTY = "segtext_empty"


class SegtextFilter(BaseFilter):  # type: ignore[misc]  # DataTrove ships no type hints
    """Annotate documents with segtext's verdict; drop spam or keep the article.

    ``config`` is a :class:`segtext.Config` (it is pickled to the workers,
    so give lexicon files by paths every worker can read). ``metadata_key``
    is the prefix of the metadata keys (``segtext_verdict``...).
    ``report=True`` also stores the full report (findings with evidence,
    blocks) as a JSON string under ``<metadata_key>_report``.
    """

    name = "🈶 segtext"

    def __init__(
        self,
        mode: Mode = "drop",
        config: Config | None = None,
        *,
        metadata_key: str = "segtext",
        report: bool = False,
        exclusion_writer: DiskWriter | None = None,
    ) -> None:
        if mode not in ("drop", "clean", "annotate"):
            raise ConfigError(f"mode must be 'drop', 'clean' or 'annotate', not {mode!r}")
        if config is not None and not isinstance(config, Config):
            raise ConfigError(f"config must be a segtext.Config, not {type(config).__name__}")
        super().__init__(exclusion_writer)
        self.mode: Mode = mode
        self.config = config or DEFAULT_CONFIG
        self.metadata_key = metadata_key
        self.report = report

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Keep (``True``) or drop (``(False, reason)``) one document."""
        text = doc.text if isinstance(doc.text, str) else ""
        result = analyze(text, self.config)
        meta = metadata_fields(result, self.metadata_key)
        if self.report:
            meta[f"{self.metadata_key}_report"] = to_json(result.as_dict(runs=False, tokens=False))
        doc.metadata.update(meta)
        for f in result.spam:
            self.stat_update(f"segtext_rule_{f.rule}")
        if result.is_spam:
            self.stat_update(REASON_SPAM)
        if self.mode == "drop":
            return (False, REASON_SPAM) if result.is_spam else True
        if self.mode == "clean":
            article = clean_text(text, result.blocks)
            doc.metadata[f"{self.metadata_key}_removed_chars"] = len(text) - len(article)
            if not article.strip():
                return False, REASON_EMPTY
            doc.text = article
        return True


def metadata_fields(report: Report, prefix: str = "segtext") -> dict[str, Any]:
    """The flat, fixed-type metadata of one document (see the module docstring)."""
    values = summary(report)
    return {
        f"{prefix}_verdict": values["verdict"],
        f"{prefix}_score": float(values["score"]),
        f"{prefix}_rules": ",".join(values["rules"]),
        f"{prefix}_spans": to_json(values["spans"]),
        f"{prefix}_removed_chars": 0,
    }
